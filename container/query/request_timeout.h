#pragma once

// parse_timeout(): Vespa's `timeout` request parameter, shared by the search API and the
// document API.
//
// Pure function; thread-safe.

#include <string_view>

#include "services/base/clock.h"
#include "services/base/result.h"

namespace grove::query {

// "500ms", "2s", "1.5" (seconds), "1m", "250 ms", at most one hour. InvalidArgument naming the
// parameter and the value on junk or a negative value.
Result<Duration> parse_timeout(std::string_view text);

}  // namespace grove::query
