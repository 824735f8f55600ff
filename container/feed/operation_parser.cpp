#include "container/feed/operation_parser.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "container/feed/document_path.h"
#include "services/document/feed_envelope.h"
#include "services/document/json_syntax.h"

namespace grove::feed {

static_assert(simdjson::SIMDJSON_PADDING <= 64, "operation_splitter.cpp reserves 64 bytes of padding");

namespace {

using simdjson::dom::element;

Status bad(std::string message) { return Status::InvalidArgument(std::move(message)); }

Operation::Kind kind_of(document::FeedEnvelope::Kind kind) {
  switch (kind) {
    case document::FeedEnvelope::kPut: return Operation::Kind::kPut;
    case document::FeedEnvelope::kUpdate: return Operation::Kind::kUpdate;
    case document::FeedEnvelope::kRemove: return Operation::Kind::kRemove;
  }
  return Operation::Kind::kPut;
}

// The envelope as the feed sends it: the fields as compact JSON in `body`, checked against no
// schema (the container does that). The feed's own rule: an update needs "fields".
Result<Operation> to_operation(const document::FeedEnvelope& envelope) {
  Operation op;
  op.kind = kind_of(envelope.kind);
  if (op.kind == Operation::Kind::kUpdate && !envelope.fields) return bad("an update needs 'fields'");
  if (envelope.fields) {
    op.body = "{\"fields\":" + simdjson::minify(*envelope.fields) + "}";
  } else if (op.kind == Operation::Kind::kPut) {
    op.body = R"({"fields":{}})";
  }
  op.id = std::string(envelope.id);
  op.condition = std::string(envelope.condition.value_or(""));
  op.create = envelope.create.value_or(false);
  GROVE_ASSIGN_OR_RETURN(distribution::DocumentId id, distribution::DocumentId::parse(op.id));
  op.gid = id.gid();
  op.path = document_path(id);
  return op;
}

}  // namespace

OperationParser::OperationParser() : parser_(std::make_unique<simdjson::dom::parser>()) {}

OperationParser::~OperationParser() = default;

Result<Operation> OperationParser::parse(const std::string& text) {
  error_offset_.reset();
  element root;
  if (auto error = parser_->parse(text).get(root)) {
    if (auto syntax = document::find_json_syntax_error(text)) {
      error_offset_ = syntax->offset;
      return bad(fmt::format("malformed JSON at byte {} of the operation: {}", syntax->offset,
                             syntax->what));
    }
    return bad(fmt::format("malformed JSON: {}", simdjson::error_message(error)));
  }
  GROVE_ASSIGN_OR_RETURN(document::FeedEnvelope envelope, document::read_feed_envelope(root));
  return to_operation(envelope);
}

}  // namespace grove::feed
