#pragma once

// Where an operation goes in Vespa's /document/v1 API.
//
//   id:<ns>:<type>::<user>        ->  /document/v1/<ns>/<type>/docid/<user>
//   id:<ns>:<type>:n=<n>:<user>   ->  /document/v1/<ns>/<type>/number/<n>/<user>
//   id:<ns>:<type>:g=<g>:<user>   ->  /document/v1/<ns>/<type>/group/<g>/<user>
//
// Every path segment taken from the id is percent-encoded (every byte outside
// [A-Za-z0-9-._~]), so a user part with '/', '?', ':' or non-ASCII text stays one segment.
// The query carries `condition` (encoded), `create=true` and `timeout=<ms>ms` when they apply.
//
// Free functions without state; thread-safe.

#include <chrono>
#include <string>
#include <string_view>

#include "container/feed/operation.h"
#include "services/distribution/document_id.h"

namespace grove::feed {

// Percent-encodes every byte outside [A-Za-z0-9-._~] as %XX (upper-case hex).
std::string url_encode(std::string_view text);

// The /document/v1 path of a document id (see above).
std::string document_path(const distribution::DocumentId& id);

// The request target of one attempt: the path plus its query. `timeout` is what is left of the
// operation's time; zero or less leaves it out.
std::string request_target(const Operation& op, std::chrono::milliseconds timeout);

}  // namespace grove::feed
