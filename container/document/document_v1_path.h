#pragma once

// DocumentV1Path: what a /document/v1 request path names (docs/document-api.md):
//
//   /document/v1/<ns>/<type>/docid/<id>          one document   id:<ns>:<type>::<id>
//   /document/v1/<ns>/<type>/number/<n>/<id>     one document   id:<ns>:<type>:n=<n>:<id>
//   /document/v1/<ns>/<type>/group/<g>/<id>      one document   id:<ns>:<type>:g=<g>:<id>
//   /document/v1/<ns>/<type>/docid[/]            visit the type
//   /document/v1/<ns>/<type>/number/<n>[/]       visit one number location
//   /document/v1/<ns>/<type>/group/<g>[/]        visit one group
//   /document/v1[/]                              visit a whole cluster (?cluster= required)
//
// Segments are percent-decoded one by one from the raw path, so an id part may hold an encoded
// '/' ("%2F") or ':' and stay whole; <id> is everything after its prefix, so an unencoded '/'
// is kept as part of the id too (as in Vespa).
//
// Errors: NotFound for a path that is none of the forms above (Vespa answers 404 and lists the
// forms); InvalidArgument for a form with a bad part: a malformed %-escape, an empty part, ':'
// in the namespace, type or group, a number that is not an unsigned 64-bit integer, or an id
// DocumentId::parse refuses. Each message names the part.
//
// Usage:
//   Result<DocumentV1Path> p = parse_document_v1_path("/document/v1/music/music/docid/a%2Fb");
//   p->document_id->str();   // "id:music:music::a/b"
//
// Plain value type and a pure function; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "services/base/result.h"
#include "services/distribution/document_id.h"

namespace grove::container {

struct DocumentV1Path {
  std::string raw;            // the path as sent: Vespa's "pathId"
  std::string name_space;     // empty for the root form
  std::string document_type;  // empty for the root form
  std::optional<uint64_t> number;
  std::optional<std::string> group;
  // Set for the one-document forms; absent for visits.
  std::optional<distribution::DocumentId> document_id;

  bool is_visit() const { return !document_id.has_value(); }
};

// Parses the path part of a request target (no query); see above.
Result<DocumentV1Path> parse_document_v1_path(std::string_view raw_path);

// True when `raw_path` is /document/v1 or below, i.e. the document API should answer it.
bool is_document_v1_path(std::string_view raw_path);

// Percent-decodes `text` strictly ('+' stays '+'); InvalidArgument naming `what` on a '%' that
// is not followed by two hex digits.
Result<std::string> percent_decode(std::string_view text, std::string_view what);

}  // namespace grove::container
