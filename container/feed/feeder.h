#pragma once

// feed(): sends every operation of a feed to a /document/v1 endpoint and reports how it went.
// This is the library behind `grove feed` (feed_command.h).
//
//  - Streams: a reader thread parses at most `read_ahead` operations ahead; the io thread keeps
//    at most the throttle's window (<= max_pending) in flight and at most max_pending parked
//    behind an earlier operation on the same document. Memory does not grow with the feed.
//  - Ordering: operations on one document id are sent one at a time, in input order.
//  - HTTP/1.1 over `connections` persistent connections (keep-alive, TCP_NODELAY), one
//    request at a time on each; an AIMD throttle on the window (aimd_throttle.h).
//  - Retries 429/500/502/503/504 and transport errors with jittered exponential back-off, at
//    most `retries` times and within the operation's `timeout` (retry_policy.h).
//  - Each failed operation is one line on `errors` (feed_report.h); a live progress line goes
//    to `progress` every `progress_interval` when `progress_enabled`.
//
// Usage:
//   FeedReader reader(std::move(inputs));
//   Result<FeedSummary> summary = feed(options, reader, stderr, stderr);
//
// Blocks the calling thread until the feed is done; uses one io thread (the caller's) and one
// reader thread. Thread-safe in the sense that separate calls share nothing.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

#include "container/feed/feed_reader.h"
#include "container/feed/feed_report.h"
#include "services/base/clock.h"
#include "services/base/result.h"

namespace grove::feed {

struct FeedOptions {
  std::string endpoint = "http://127.0.0.1:8080";
  // One request at a time per connection, so this is the concurrency on the wire: the
  // container batches what arrives for one owner while its previous batch is in flight, and
  // larger batches cost the content nodes less per document (docs/feed.md, "Connections").
  size_t connections = 256;
  size_t max_pending = 1024;  // the throttle's maximum window of operations in flight
  Duration timeout = std::chrono::seconds(180);  // per operation, from when it may be sent
  int retries = 10;                              // retries per operation (attempts = 1 + retries)
  Duration retry_base_delay = std::chrono::milliseconds(100);
  Duration retry_max_delay = std::chrono::seconds(10);
  bool progress_enabled = false;
  Duration progress_interval = std::chrono::seconds(1);
  bool verbose = false;     // also print a line per retry on `errors`
  size_t read_ahead = 512;  // operations parsed ahead of the window
};

struct FeedSummary {
  FeedStats stats;
  double seconds = 0;
  size_t in_flight = 0;       // operations still in flight at the end (0 unless aborted)
  size_t peak_in_flight = 0;  // the most operations in flight at once
  size_t peak_parked = 0;     // the most operations parked behind another on the same id
  size_t ops_allocated = 0;   // operation slots ever allocated (the peak outstanding)
  size_t final_window = 0;    // the throttle's window at the end
};

// Feeds everything `reader` yields. InvalidArgument for bad options or a bad endpoint;
// Unavailable when the endpoint's host does not resolve. Otherwise a summary: individual
// operations may have failed (stats.errors), and reader.status() says whether every input
// could be read.
Result<FeedSummary> feed(const FeedOptions& options, FeedReader& reader, std::FILE* errors,
                         std::FILE* progress);

}  // namespace grove::feed
