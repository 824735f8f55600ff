#pragma once

// The compact binary form of a document, stored (zstd-compressed) in the document store.
// The grammar is in docs/serialization.md: a version byte, the document id, then per field its
// id, a type tag and a length-prefixed payload, with varint lengths and little-endian numbers.
//
// Usage:
//   std::string bytes;
//   serialize(doc, bytes);
//   GROVE_ASSIGN_OR_RETURN(Document copy, deserialize(type, bytes));
//
// A stored field whose id the type no longer has, or whose stored type differs from the
// declared one (the schema changed), is skipped: the document reads as if the field were absent.
//
// Free functions without state; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "services/base/result.h"
#include "services/document/document.h"

namespace grove::document {

inline constexpr uint8_t kSerializationVersion = 1;

// Appends the binary form of `doc` to `out`.
void serialize(const Document& doc, std::string& out);

// The size serialize() would append.
size_t serialized_size(const Document& doc);

// Reads a document of `type` from `bytes`. Corruption (with the byte offset) when the bytes are
// truncated, have trailing garbage, an unknown version, an invalid id or an impossible value;
// never reads outside `bytes`.
Result<Document> deserialize(const DocumentType& type, std::string_view bytes);

// The document id string at the start of `bytes`, without reading the fields: for finding the
// document type before deserializing. Corruption when the header is damaged.
Result<std::string_view> peek_document_id(std::string_view bytes);

}  // namespace grove::document
