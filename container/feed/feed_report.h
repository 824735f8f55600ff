#pragma once

// FeedStats and the text the feed client prints from it: the summary JSON (the format of
// vespa-feed-client), the live progress line, and one line per failed operation.
//
// Summary (one line of JSON on stdout):
//   {"feeder.operation.count":N,"feeder.seconds":S,"feeder.ok.count":N,"feeder.ok.rate":R,
//    "feeder.error.count":N,"feeder.inflight.count":N,"http.request.count":N,
//    "http.request.bytes":B,"http.exception.count":N,"http.response.count":N,
//    "http.response.bytes":B,"http.response.error.count":N,
//    "http.response.latency.millis.min":N,"http.response.latency.millis.avg":N,
//    "http.response.latency.millis.max":N,"http.response.code.counts":{"200":N,...}}
//
// FeedStats is a plain value, confined to the feed client's io thread; the functions are pure.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "services/base/clock.h"

namespace grove::feed {

struct FeedStats {
  uint64_t operations = 0;       // taken from the input, malformed ones included
  uint64_t ok = 0;               // operations that succeeded
  uint64_t errors = 0;           // operations that failed for good (malformed ones included)
  uint64_t retries = 0;          // requests sent again after a retryable failure
  uint64_t requests = 0;         // attempts that got as far as a request
  uint64_t request_bytes = 0;
  uint64_t exceptions = 0;       // attempts without a response (connect/write/read/timeout)
  uint64_t responses = 0;
  uint64_t response_bytes = 0;
  uint64_t response_errors = 0;  // responses with a status other than 2xx
  int64_t latency_min_us = 0;    // over responses; meaningful when responses > 0
  int64_t latency_max_us = 0;
  int64_t latency_sum_us = 0;
  std::map<int, uint64_t> status_counts;  // HTTP status -> responses

  // Counts one response.
  void record_response(int status, size_t bytes, Duration latency);
};

// The summary JSON (above), without a trailing newline.
std::string summary_json(const FeedStats& stats, size_t in_flight, double seconds);

// "12.0 s  8123 ops/s  ok 97000  errors 3  in flight 256  retries 12"
std::string progress_line(const FeedStats& stats, size_t in_flight, double seconds);

// One failed operation, for stderr or --errors-file:
//   "<source>:<line>: <id>: HTTP <status>: <message>"   (status 0 leaves out "HTTP <status>: ")
//   "<source>:<line>: malformed operation: <message>"  (id empty)
std::string failure_line(std::string_view source, uint64_t line, std::string_view id, int status,
                         std::string_view message);

// The "message" of a /document/v1 error body, or the body itself (shortened) when it has none.
std::string response_message(const std::string& body);

}  // namespace grove::feed
