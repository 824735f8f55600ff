#include "services/document/feed_operation.h"

#include <fmt/format.h>

#include "services/document/document_json.h"

namespace grove::document {

namespace dom = simdjson::dom;

namespace {

// The rule parse_operation adds to the envelope's: "create" only on updates.
Status check_create(const FeedEnvelope& envelope) {
  if (!envelope.create || envelope.kind == FeedEnvelope::kUpdate) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("'create' applies only to updates, not to a {}", feed_kind_name(envelope.kind)));
}

Result<const DocumentType*> find_type(const DocumentTypeRepo& repo,
                                      const distribution::DocumentId& id) {
  const DocumentType* type = repo.find(id.doc_type());
  if (type == nullptr) {
    return Status::InvalidArgument(
        fmt::format("unknown document type '{}' in document id \"{}\" (known types: {})",
                    id.doc_type(), id.str(), repo.type_list()));
  }
  return type;
}

Status fill_body(FeedOperation& op, const FeedEnvelope& envelope) {
  switch (op.kind) {
    case FeedOperation::kPut: {
      if (!envelope.fields) {
        op.document.emplace(*op.type, op.id);
        return Status::Ok();
      }
      GROVE_ASSIGN_OR_RETURN(op.document, parse_fields(*op.type, op.id, *envelope.fields));
      return Status::Ok();
    }
    case FeedOperation::kUpdate: {
      if (!envelope.fields) {
        op.update.emplace(*op.type, op.id);
        return Status::Ok();
      }
      GROVE_ASSIGN_OR_RETURN(op.update, parse_update(*op.type, op.id, *envelope.fields));
      return Status::Ok();
    }
    case FeedOperation::kRemove:
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

Result<FeedOperation> parse_operation(const DocumentTypeRepo& repo, dom::element json) {
  GROVE_ASSIGN_OR_RETURN(FeedEnvelope envelope, read_feed_envelope(json));
  GROVE_RETURN_IF_ERROR(check_create(envelope));
  FeedOperation op;
  op.kind = envelope.kind;
  GROVE_ASSIGN_OR_RETURN(op.id, distribution::DocumentId::parse(envelope.id));
  GROVE_ASSIGN_OR_RETURN(op.type, find_type(repo, op.id));
  op.condition = std::string(envelope.condition.value_or(""));
  op.create = envelope.create.value_or(false);
  GROVE_RETURN_IF_ERROR(fill_body(op, envelope));
  return op;
}

}  // namespace grove::document
