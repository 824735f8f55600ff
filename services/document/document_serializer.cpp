#include "services/document/document_serializer.h"

#include <fmt/format.h>

#include <type_traits>

#include "services/document/byte_io.h"
#include "services/document/kind_dispatch.h"

namespace grove::document {

namespace {

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

size_t varint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

uint8_t type_tag(ValueType t) {
  return static_cast<uint8_t>(static_cast<unsigned>(t.collection) << 4 |
                              static_cast<unsigned>(t.element));
}

size_t element_size(const std::string& s) {
  return varint_size(s.size()) + s.size();
}
size_t element_size(const WeightedSetEntry& e) {
  return varint_size(e.key.size()) + e.key.size() + 4;
}
template <typename T>
size_t element_size(T) {
  return sizeof(T);
}

void put_element(std::string& out, const std::string& s) {
  put_varint(out, s.size());
  out += s;
}
void put_element(std::string& out, const WeightedSetEntry& e) {
  put_element(out, e.key);
  put_fixed<int32_t>(out, e.weight);
}
template <typename T>
void put_element(std::string& out, T v) {
  put_fixed<T>(out, v);
}

size_t payload_size(const FieldValue& value) {
  return std::visit(
      [](const auto& v) -> size_t {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>) {
          return v.size();
        } else if constexpr (IsVector<V>::value) {
          size_t n = varint_size(v.size());
          for (const auto& e : v) n += element_size(e);
          return n;
        } else {
          return sizeof(V);
        }
      },
      value.storage());
}

void put_payload(std::string& out, const FieldValue& value) {
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>) {
          out += v;
        } else if constexpr (IsVector<V>::value) {
          put_varint(out, v.size());
          for (const auto& e : v) put_element(out, e);
        } else {
          put_fixed<V>(out, v);
        }
      },
      value.storage());
}

}  // namespace

size_t serialized_size(const Document& doc) {
  size_t n = 1 + varint_size(doc.id().str().size()) + doc.id().str().size() +
             varint_size(doc.fields().size());
  for (const Document::Entry& e : doc.fields()) {
    size_t payload = payload_size(e.value);
    n += varint_size(e.field->id) + 1 + varint_size(payload) + payload;
  }
  return n;
}

void serialize(const Document& doc, std::string& out) {
  out.reserve(out.size() + serialized_size(doc));
  out += static_cast<char>(kSerializationVersion);
  put_element(out, doc.id().str());
  put_varint(out, doc.fields().size());
  for (const Document::Entry& e : doc.fields()) {
    put_varint(out, e.field->id);
    out += static_cast<char>(type_tag(e.field->type));
    size_t payload = payload_size(e.value);
    put_varint(out, payload);
    size_t start = out.size();
    put_payload(out, e.value);
    GROVE_ASSERT(out.size() - start == payload);
  }
}

}  // namespace grove::document
