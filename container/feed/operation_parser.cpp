#include "container/feed/operation_parser.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "container/feed/document_path.h"
#include "services/document/json_syntax.h"

namespace grove::feed {

static_assert(simdjson::SIMDJSON_PADDING <= 64, "operation_splitter.cpp reserves 64 bytes of padding");

namespace {

using simdjson::dom::element;

Status bad(std::string message) { return Status::InvalidArgument(std::move(message)); }

// The operation being assembled, and which keys were seen.
struct Draft {
  Operation op;
  bool has_kind = false;
  bool has_fields = false;
  bool has_create = false;
};

Status read_kind(Draft& draft, Operation::Kind kind, std::string_view key, element value) {
  if (draft.has_kind) {
    return bad(fmt::format("more than one of 'put', 'update', 'remove' and 'id' (at '{}')", key));
  }
  std::string_view id;
  if (value.get_string().get(id)) return bad(fmt::format("'{}' must be a document id string", key));
  draft.has_kind = true;
  draft.op.kind = kind;
  draft.op.id = std::string(id);
  return Status::Ok();
}

Status read_key(Draft& draft, std::string_view key, element value) {
  if (key == "put" || key == "id") return read_kind(draft, Operation::Kind::kPut, key, value);
  if (key == "update") return read_kind(draft, Operation::Kind::kUpdate, key, value);
  if (key == "remove") return read_kind(draft, Operation::Kind::kRemove, key, value);
  if (key == "fields") {
    if (!value.is_object()) return bad("'fields' must be an object");
    draft.has_fields = true;
    draft.op.body = "{\"fields\":" + simdjson::minify(value) + "}";
    return Status::Ok();
  }
  if (key == "condition") {
    std::string_view condition;
    if (value.get_string().get(condition)) return bad("'condition' must be a string");
    draft.op.condition = std::string(condition);
    return Status::Ok();
  }
  if (key == "create") {
    if (value.get_bool().get(draft.op.create)) return bad("'create' must be true or false");
    draft.has_create = true;
    return Status::Ok();
  }
  return bad(fmt::format("unknown key '{}' (expected put, update, remove, id, fields, "
                         "condition or create)", key));
}

Status finish(Draft& draft) {
  Operation& op = draft.op;
  if (!draft.has_kind) return bad("missing 'put', 'update' or 'remove' with the document id");
  if (op.kind == Operation::Kind::kRemove && draft.has_fields) {
    return bad("a remove takes no 'fields'");
  }
  if (op.kind == Operation::Kind::kRemove && draft.has_create) {
    return bad("a remove takes no 'create'");
  }
  if (op.kind == Operation::Kind::kUpdate && !draft.has_fields) {
    return bad("an update needs 'fields'");
  }
  if (op.kind == Operation::Kind::kPut && !draft.has_fields) op.body = R"({"fields":{}})";
  GROVE_ASSIGN_OR_RETURN(distribution::DocumentId id, distribution::DocumentId::parse(op.id));
  op.gid = id.gid();
  op.path = document_path(id);
  return Status::Ok();
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
  simdjson::dom::object object;
  if (root.get_object().get(object)) return bad("an operation must be a JSON object");
  Draft draft;
  for (auto field : object) GROVE_RETURN_IF_ERROR(read_key(draft, field.key, field.value));
  GROVE_RETURN_IF_ERROR(finish(draft));
  return std::move(draft.op);
}

}  // namespace grove::feed
