#pragma once

// Which failed attempts the feed client retries, and how long it waits first.
//
// Retried, as Vespa's feed client does: 429 (too many requests), 500, 502, 503 (unavailable),
// 504 (gateway timeout), and transport errors (no response: connect, write or read failed).
// Never retried: 400, 404, 412, 413, 507 and every other status: sending the same request again
// would get the same answer.
//
// Back-off: before retry k (1-based) wait a random time in [d/2, d], d = min(max, base * 2^(k-1))
// ("equal jitter": clients that failed together do not retry together).
//
// Free functions; thread-safe given a per-thread random engine.

#include <cstdint>
#include <random>

#include "services/base/clock.h"

namespace grove::feed {

// True for a status worth retrying (see above). 0 stands for a transport error.
bool is_retryable_status(int status);

// True for a status that says the server is overloaded (429, 503, 504): the throttle backs off.
bool is_congestion_status(int status);

// The wait before retry `retry` (1-based), in [d/2, d] as above.
Duration retry_delay(int retry, Duration base, Duration max, std::mt19937_64& random);

}  // namespace grove::feed
