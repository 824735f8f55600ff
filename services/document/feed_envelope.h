#pragma once

// FeedEnvelope: the envelope of one operation of Vespa's JSON feed format, read but not
// interpreted: which operation it is, its document id as written, and its optional fields,
// condition and create flag.
//
//   {"put": ID, "fields": {...}, "condition": "...", "create": true}
//   {"id": ID, "fields": {...}}                         (a put, in document/v1 GET form)
//   {"update": ID, "fields": {...}, "create": true, "condition": "..."}
//   {"remove": ID, "condition": "..."}
//
// This is the one reader of the envelope. parse_operation() (feed_operation.h) turns it into a
// typed Document or DocumentUpdate against a DocumentTypeRepo, and the feed tool
// (container/feed) forwards the fields as JSON without a schema; each adds its own rules on top
// (parse_operation: "create" only on updates; the feed tool: an update needs "fields").
//
// Errors are InvalidArgument, meant for the person who wrote the feed: not an object, an unknown
// key, a value of the wrong type, no id key or more than one, a remove with "fields" or
// "create". The document id is not parsed here.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(FeedEnvelope envelope, read_feed_envelope(element));
//   if (envelope.fields) forward(simdjson::minify(*envelope.fields));
//
// A value type of views: `id`, `condition` and `fields` point into the parsed JSON document and
// are valid until its simdjson parser parses again. Reading allocates nothing, so the feed
// tool's per-operation path pays only for what it copies.

#include <simdjson.h>

#include <optional>
#include <string_view>

#include "services/base/result.h"

namespace grove::document {

struct FeedEnvelope {
  enum Kind { kPut, kUpdate, kRemove };

  Kind kind = kPut;
  std::string_view id_key;  // the key that named the id: "put", "update", "remove" or "id"
  std::string_view id;      // the document id as written
  std::optional<simdjson::dom::element> fields;  // an object, when present
  std::optional<std::string_view> condition;     // test-and-set selection, when present
  std::optional<bool> create;                    // when present; never on a remove
};

// The JSON key of a kind: "put", "update", "remove".
std::string_view feed_kind_name(FeedEnvelope::Kind kind);

// Reads one operation object (see above).
Result<FeedEnvelope> read_feed_envelope(simdjson::dom::element json);

}  // namespace grove::document
