// deserialize(), declared in document_serializer.h. The format is in docs/serialization.md.

#include <fmt/format.h>

#include <type_traits>

#include "services/document/byte_io.h"
#include "services/document/document_serializer.h"
#include "services/document/kind_dispatch.h"

namespace grove::document {

namespace {

Status corrupt(const ByteReader& in, size_t base, std::string_view what) {
  return Status::Corruption(
      fmt::format("serialized document is corrupt at byte {}: {}", base + in.position(), what));
}

// Reads one payload. `base` is the payload's offset in the whole document, for messages.
class PayloadReader {
 public:
  PayloadReader(std::string_view payload, size_t base) : in_(payload), base_(base) {}

  Result<FieldValue> read(ValueType type) {
    Result<FieldValue> value = read_value(type);
    if (value.ok() && !in_.at_end()) return corrupt(in_, base_, "bytes left over in a field");
    return value;
  }

 private:
  Result<FieldValue> read_value(ValueType type) {
    if (type.collection == ValueType::kWeightedSet) return read_weighted_set();
    return detail::with_kind(type.element, [&](auto tag) -> Result<FieldValue> {
      using T = typename decltype(tag)::type;
      if (type.collection == ValueType::kArray) return read_array<T>();
      if constexpr (std::is_same_v<T, std::string>) {
        std::string_view all;
        (void)in_.bytes(in_.remaining(), all);
        return FieldValue::of_string(std::string(all));
      } else {
        T v{};
        GROVE_RETURN_IF_ERROR(read_scalar(v));
        return FieldValue(FieldValue::Storage(v));
      }
    });
  }

  Status read_scalar(std::string& v) {
    uint64_t size;
    std::string_view bytes;
    if (!in_.varint(size) || size > in_.remaining() || !in_.bytes(size, bytes)) {
      return corrupt(in_, base_, "truncated string");
    }
    v.assign(bytes);
    return Status::Ok();
  }

  Status read_scalar(bool& v) {
    uint8_t b;
    if (!in_.fixed(b)) return corrupt(in_, base_, "truncated bool");
    if (b > 1) return corrupt(in_, base_, "bool is neither 0 nor 1");
    v = b == 1;
    return Status::Ok();
  }

  template <typename T>
  Status read_scalar(T& v) {
    if (!in_.fixed(v)) return corrupt(in_, base_, "truncated number");
    return Status::Ok();
  }

  Result<uint64_t> read_count() {
    uint64_t count;
    // Every element takes at least one byte, which bounds the allocation below.
    if (!in_.varint(count) || count > in_.remaining())
      return corrupt(in_, base_, "bad element count");
    return count;
  }

  template <typename T>
  Result<FieldValue> read_array() {
    GROVE_ASSIGN_OR_RETURN(uint64_t count, read_count());
    std::vector<T> out;
    out.reserve(count);
    for (uint64_t i = 0; i < count; ++i) {
      T v{};
      GROVE_RETURN_IF_ERROR(read_scalar(v));
      out.push_back(std::move(v));
    }
    return FieldValue(FieldValue::Storage(std::move(out)));
  }

  Result<FieldValue> read_weighted_set() {
    GROVE_ASSIGN_OR_RETURN(uint64_t count, read_count());
    WeightedSet out;
    out.reserve(count);
    for (uint64_t i = 0; i < count; ++i) {
      WeightedSetEntry e;
      GROVE_RETURN_IF_ERROR(read_scalar(e.key));
      GROVE_RETURN_IF_ERROR(read_scalar(e.weight));
      if (!out.empty() && !(out.back().key < e.key)) {
        return corrupt(in_, base_, "weighted set keys out of order");
      }
      out.push_back(std::move(e));
    }
    return FieldValue::of_weighted_set(std::move(out));
  }

  ByteReader in_;
  size_t base_;
};

struct FieldHeader {
  uint64_t id;
  ValueType type;
  std::string_view payload;
  size_t payload_offset;
};

Result<FieldHeader> read_field_header(ByteReader& in) {
  FieldHeader h{};
  uint8_t tag;
  uint64_t size;
  if (!in.varint(h.id) || h.id > UINT16_MAX) return corrupt(in, 0, "bad field id");
  if (!in.fixed(tag)) return corrupt(in, 0, "truncated field");
  unsigned element = tag & 0x0F, collection = tag >> 4;
  if (element >= ValueType::kKindCount || collection > ValueType::kWeightedSet) {
    return corrupt(in, 0, fmt::format("bad type tag 0x{:02x}", tag));
  }
  h.type = {static_cast<ValueType::Kind>(element), static_cast<ValueType::Collection>(collection)};
  if (!in.varint(size) || size > in.remaining()) return corrupt(in, 0, "bad field length");
  h.payload_offset = in.position();
  (void)in.bytes(size, h.payload);
  return h;
}

Result<distribution::DocumentId> read_id(const DocumentType& type, ByteReader& in) {
  uint8_t version;
  if (!in.fixed(version)) return corrupt(in, 0, "empty");
  if (version != kSerializationVersion) {
    return Status::Corruption(
        fmt::format("serialized document has unknown format version {}", version));
  }
  uint64_t size;
  std::string_view text;
  if (!in.varint(size) || size > in.remaining() || !in.bytes(size, text)) {
    return corrupt(in, 0, "truncated document id");
  }
  Result<distribution::DocumentId> id = distribution::DocumentId::parse(text);
  if (!id.ok()) return corrupt(in, 0, id.status().message());
  if (id->doc_type() != type.name()) {
    return corrupt(in, 0,
                   fmt::format("document type '{}' is not '{}'", id->doc_type(), type.name()));
  }
  return id;
}

Status read_field(ByteReader& in, Document& doc) {
  GROVE_ASSIGN_OR_RETURN(FieldHeader h, read_field_header(in));
  const FieldDef* field = doc.type().find_by_id(static_cast<uint16_t>(h.id));
  if (field == nullptr || field->type != h.type) return Status::Ok();  // the schema changed
  if (doc.get(*field) != nullptr) return corrupt(in, 0, fmt::format("field id {} twice", h.id));
  GROVE_ASSIGN_OR_RETURN(FieldValue value, PayloadReader(h.payload, h.payload_offset).read(h.type));
  doc.set(*field, std::move(value));
  return Status::Ok();
}

}  // namespace

Result<Document> deserialize(const DocumentType& type, std::string_view bytes) {
  ByteReader in(bytes);
  GROVE_ASSIGN_OR_RETURN(distribution::DocumentId id, read_id(type, in));
  uint64_t count;
  // A field takes at least three bytes (id, tag, length).
  if (!in.varint(count) || count > in.remaining() / 3) return corrupt(in, 0, "bad field count");
  Document doc(type, std::move(id));
  for (uint64_t i = 0; i < count; ++i) GROVE_RETURN_IF_ERROR(read_field(in, doc));
  if (!in.at_end()) return corrupt(in, 0, "bytes after the last field");
  return doc;
}

Result<std::string_view> peek_document_id(std::string_view bytes) {
  ByteReader reader(bytes);
  uint8_t version = 0;
  uint64_t length = 0;
  std::string_view id;
  if (!reader.fixed(version) || version != kSerializationVersion || !reader.varint(length) ||
      !reader.bytes(length, id)) {
    return Status::Corruption("serialized document: damaged header (version or id)");
  }
  return id;
}

}  // namespace grove::document
