#pragma once

// Operation: one feed operation, parsed and ready to send to /document/v1.
//
//   {"put": "id:ns:type::a", "fields": {...}, "condition": "...", "create": true}
//   {"id": "id:ns:type::a", "fields": {...}}                      (also a put)
//   {"update": "id:ns:type::a", "fields": {"f": {"assign": 1}}, "create": true, "condition": "..."}
//   {"remove": "id:ns:type::a", "condition": "..."}
//
// The fields are not checked against a schema (the container does that); they are forwarded as
// compact JSON in `body`. A value type.

#include <string>
#include <string_view>

#include "services/distribution/document_id.h"

namespace grove::feed {

struct Operation {
  enum class Kind { kPut, kUpdate, kRemove };

  Kind kind = Kind::kPut;
  std::string id;            // the document id as written
  distribution::Gid gid;     // operations with equal gids are sent one at a time, in order
  std::string path;          // "/document/v1/<ns>/<type>/docid/<user>" (percent-encoded)
  std::string body;          // `{"fields":{...}}`; empty for a remove
  std::string condition;     // test-and-set selection; empty when unconditional
  bool create = false;       // create the document when it is missing
};

// "POST" (put), "PUT" (update) or "DELETE" (remove).
std::string_view http_method(Operation::Kind kind);

}  // namespace grove::feed
