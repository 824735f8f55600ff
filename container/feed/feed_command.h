#pragma once

// `grove feed`: sends a Vespa JSON feed (array or JSONL) to a /document/v1 endpoint.
//
//   grove feed [--endpoint http://127.0.0.1:8080] [--connections N] [--max-pending N]
//              [--timeout S] [--retries N] [--errors-file F] [--verbose] [FILE...]
//
// Reads stdin when there is no FILE, or for "-". Prints the summary JSON (feed_report.h) on
// `out`; failed operations, one per line, on `err` (or --errors-file); a live progress line on
// `err` when it is a terminal.
//
// Exit codes: 0 every operation succeeded; 1 some failed; 2 bad usage, an unreadable input, or
// an endpoint that does not resolve.

#include <cstdio>

namespace grove::feed {

int run_feed(int argc, char** argv, std::FILE* out, std::FILE* err);

}  // namespace grove::feed
