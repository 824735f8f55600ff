#pragma once

// Vespa JSON for documents and updates: the "fields" object of a put or an update, and the
// rendering of a document back to JSON.
//
//   put:     "fields": {"title": "Yellow", "year": 2000, "tags": {"rock": 10}}
//   update:  "fields": {"year": {"increment": 1}, "tags": {"add": {"pop": 5}},
//                       "title": {"assign": "Clocks"}, "album": {"assign": null}}
//
// Update operations: assign (null clears the field), add (array: elements to append; weighted
// set: {"key": weight}), remove (array: elements to remove; weighted set: {"key": 0} or
// ["key", ...]), increment, decrement, multiply, divide (numeric fields). See DocumentUpdate.
//
// Errors are InvalidArgument and say exactly what is wrong:
//   unknown field 'foo' in document type 'music' (fields: title, artist, year)
//   field 'year' is int but got string "abc"
//   document id "id:ns:books::1" has document type 'books' but the operation is for 'music'
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(Document doc, parse_fields(type, std::move(id), element["fields"]));
//   JsonWriter w;
//   write_document(doc, w);  // {"id":"id:...","fields":{...}}
//
// Free functions without state; thread-safe. They take simdjson elements so the HTTP and feed
// layers parse each body once, with a parser they reuse (see DocumentJsonParser).

#include <simdjson.h>

#include <span>
#include <string>

#include "services/base/json_writer.h"
#include "services/base/result.h"
#include "services/document/document.h"
#include "services/document/document_update.h"

namespace grove::document {

// A document of `type` with id `id` and the fields of the JSON object `fields`. A field whose
// value is null is left absent.
Result<Document> parse_fields(const DocumentType& type, distribution::DocumentId id,
                              simdjson::dom::element fields);

// An update of the document `id` of `type` from the JSON object `fields` (field -> operations).
Result<DocumentUpdate> parse_update(const DocumentType& type, distribution::DocumentId id,
                                    simdjson::dom::element fields);

// InvalidArgument unless the id names `type` (the document type part of the id).
Status check_id_type(const DocumentType& type, const distribution::DocumentId& id);

// Writes the fields of `doc` as a JSON object, in declaration order.
void write_fields(const Document& doc, JsonWriter& writer);
// Writes only the fields in `subset` that `doc` has, in the order of `subset`.
void write_fields(const Document& doc, std::span<const FieldDef* const> subset, JsonWriter& writer);
// Writes {"id": "<document id>", "fields": {...}}, the form of document/v1 GET.
void write_document(const Document& doc, JsonWriter& writer);
std::string to_json(const Document& doc);

}  // namespace grove::document
