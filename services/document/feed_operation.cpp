#include "services/document/feed_operation.h"

#include <fmt/format.h>

#include "services/document/document_json.h"
#include "services/document/field_value_json.h"

namespace grove::document {

namespace dom = simdjson::dom;

namespace {

// The keys of an operation object before interpretation.
struct RawOperation {
  std::optional<FeedOperation::Kind> kind;
  std::string_view id_key;
  std::string_view id;
  std::optional<dom::element> fields;
  std::optional<std::string_view> condition;
  std::optional<bool> create;
};

Status bad_key_type(std::string_view key, std::string_view wanted, dom::element json) {
  return Status::InvalidArgument(
      fmt::format("'{}' must be {} but got {}", key, wanted, describe_json(json)));
}

Status read_id_key(RawOperation& raw, std::string_view key, std::optional<FeedOperation::Kind> kind,
                   dom::element value) {
  if (!raw.id_key.empty()) {
    return Status::InvalidArgument(
        fmt::format("feed operation has both '{}' and '{}'", raw.id_key, key));
  }
  if (!value.is_string()) return bad_key_type(key, "a document id string", value);
  raw.id_key = key;
  raw.kind = kind;
  raw.id = value.get_string().value();
  return Status::Ok();
}

Status read_key(RawOperation& raw, std::string_view key, dom::element value) {
  if (key == "put") return read_id_key(raw, key, FeedOperation::kPut, value);
  if (key == "update") return read_id_key(raw, key, FeedOperation::kUpdate, value);
  if (key == "remove") return read_id_key(raw, key, FeedOperation::kRemove, value);
  if (key == "id") return read_id_key(raw, key, std::nullopt, value);
  if (key == "fields") {
    raw.fields = value;
  } else if (key == "condition") {
    if (!value.is_string()) return bad_key_type(key, "a string", value);
    raw.condition = value.get_string().value();
  } else if (key == "create") {
    if (!value.is_bool()) return bad_key_type(key, "true or false", value);
    raw.create = value.get_bool().value();
  } else {
    return Status::InvalidArgument(fmt::format(
        "unknown key '{}' in feed operation (expected put, update, remove, id, fields, condition, "
        "create)",
        key));
  }
  return Status::Ok();
}

Result<RawOperation> read_raw(dom::element json) {
  if (!json.is_object()) {
    return Status::InvalidArgument(
        fmt::format("a feed operation must be an object but got {}", describe_json(json)));
  }
  RawOperation raw;
  dom::object object = json.get_object().value();  // a copy: value() of a temporary dangles
  for (dom::key_value_pair kv : object) {
    GROVE_RETURN_IF_ERROR(read_key(raw, kv.key, kv.value));
  }
  if (raw.id_key.empty()) {
    return Status::InvalidArgument(
        "feed operation has no document id ('put', 'update', 'remove' or 'id')");
  }
  if (!raw.kind) raw.kind = FeedOperation::kPut;  // the "id" form is a put
  if (raw.create && *raw.kind != FeedOperation::kUpdate) {
    return Status::InvalidArgument(
        fmt::format("'create' applies only to updates, not to a {}", feed_kind_name(*raw.kind)));
  }
  if (raw.fields && *raw.kind == FeedOperation::kRemove) {
    return Status::InvalidArgument("a remove takes no 'fields'");
  }
  return raw;
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

Status fill_body(FeedOperation& op, const RawOperation& raw) {
  switch (op.kind) {
    case FeedOperation::kPut: {
      if (!raw.fields) {
        op.document.emplace(*op.type, op.id);
        return Status::Ok();
      }
      GROVE_ASSIGN_OR_RETURN(op.document, parse_fields(*op.type, op.id, *raw.fields));
      return Status::Ok();
    }
    case FeedOperation::kUpdate: {
      if (!raw.fields) {
        op.update.emplace(*op.type, op.id);
        return Status::Ok();
      }
      GROVE_ASSIGN_OR_RETURN(op.update, parse_update(*op.type, op.id, *raw.fields));
      return Status::Ok();
    }
    case FeedOperation::kRemove:
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

std::string_view feed_kind_name(FeedOperation::Kind kind) {
  switch (kind) {
    case FeedOperation::kPut:
      return "put";
    case FeedOperation::kUpdate:
      return "update";
    case FeedOperation::kRemove:
      return "remove";
  }
  return "?";
}

Result<FeedOperation> parse_operation(const DocumentTypeRepo& repo, dom::element json) {
  GROVE_ASSIGN_OR_RETURN(RawOperation raw, read_raw(json));
  FeedOperation op;
  op.kind = *raw.kind;
  GROVE_ASSIGN_OR_RETURN(op.id, distribution::DocumentId::parse(raw.id));
  GROVE_ASSIGN_OR_RETURN(op.type, find_type(repo, op.id));
  op.condition = std::string(raw.condition.value_or(""));
  op.create = raw.create.value_or(false);
  GROVE_RETURN_IF_ERROR(fill_body(op, raw));
  return op;
}

}  // namespace grove::document
