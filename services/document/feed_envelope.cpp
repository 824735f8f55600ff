#include "services/document/feed_envelope.h"

#include <fmt/format.h>

#include "services/document/field_value_json.h"

namespace grove::document {

namespace dom = simdjson::dom;

namespace {

Status bad_key_type(std::string_view key, std::string_view wanted, dom::element json) {
  return Status::InvalidArgument(
      fmt::format("'{}' must be {} but got {}", key, wanted, describe_json(json)));
}

Status read_id_key(FeedEnvelope& envelope, std::string_view key, FeedEnvelope::Kind kind,
                   dom::element value) {
  if (!envelope.id_key.empty()) {
    return Status::InvalidArgument(
        fmt::format("feed operation has both '{}' and '{}'", envelope.id_key, key));
  }
  if (value.get_string().get(envelope.id)) return bad_key_type(key, "a document id string", value);
  envelope.id_key = key;
  envelope.kind = kind;
  return Status::Ok();
}

Status read_key(FeedEnvelope& envelope, std::string_view key, dom::element value) {
  if (key == "put" || key == "id") return read_id_key(envelope, key, FeedEnvelope::kPut, value);
  if (key == "update") return read_id_key(envelope, key, FeedEnvelope::kUpdate, value);
  if (key == "remove") return read_id_key(envelope, key, FeedEnvelope::kRemove, value);
  if (key == "fields") {
    if (!value.is_object()) return bad_key_type(key, "an object", value);
    envelope.fields = value;
  } else if (key == "condition") {
    std::string_view condition;
    if (value.get_string().get(condition)) return bad_key_type(key, "a string", value);
    envelope.condition = condition;
  } else if (key == "create") {
    bool create = false;
    if (value.get_bool().get(create)) return bad_key_type(key, "true or false", value);
    envelope.create = create;
  } else {
    return Status::InvalidArgument(fmt::format(
        "unknown key '{}' in feed operation (expected put, update, remove, id, fields, condition, "
        "create)",
        key));
  }
  return Status::Ok();
}

// The rules every reader of the format shares, once all keys are read.
Status check_whole(const FeedEnvelope& envelope) {
  if (envelope.id_key.empty()) {
    return Status::InvalidArgument(
        "feed operation has no document id ('put', 'update', 'remove' or 'id')");
  }
  if (envelope.kind == FeedEnvelope::kRemove && envelope.fields) {
    return Status::InvalidArgument("a remove takes no 'fields'");
  }
  if (envelope.kind == FeedEnvelope::kRemove && envelope.create) {
    return Status::InvalidArgument("a remove takes no 'create'");
  }
  return Status::Ok();
}

}  // namespace

std::string_view feed_kind_name(FeedEnvelope::Kind kind) {
  switch (kind) {
    case FeedEnvelope::kPut:
      return "put";
    case FeedEnvelope::kUpdate:
      return "update";
    case FeedEnvelope::kRemove:
      return "remove";
  }
  return "?";
}

Result<FeedEnvelope> read_feed_envelope(dom::element json) {
  dom::object object;
  if (json.get_object().get(object)) {
    return Status::InvalidArgument(
        fmt::format("a feed operation must be an object but got {}", describe_json(json)));
  }
  FeedEnvelope envelope;
  for (dom::key_value_pair kv : object) {
    GROVE_RETURN_IF_ERROR(read_key(envelope, kv.key, kv.value));
  }
  GROVE_RETURN_IF_ERROR(check_whole(envelope));
  return envelope;
}

}  // namespace grove::document
