#pragma once

// FeedInput: where the bytes of a feed come from: a file, stdin, or (in tests) a string or a
// generator. The splitter pulls bounded chunks from it, so a feed is never held in memory whole.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(std::unique_ptr<FeedInput> in, open_feed_file("docs.jsonl"));
//   char buf[65536];
//   GROVE_ASSIGN_OR_RETURN(size_t n, in->read(buf, sizeof buf));  // 0 at the end
//
// An input is confined to one thread (the feed's reader thread).

#include <cstddef>
#include <memory>
#include <string>

#include "services/base/result.h"

namespace grove::feed {

class FeedInput {
 public:
  virtual ~FeedInput() = default;
  // Reads up to `capacity` bytes into `buffer`: the count read, 0 at the end of the input, or
  // IoError naming the input.
  virtual Result<size_t> read(char* buffer, size_t capacity) = 0;
  // The name used in error messages: the path, or "<stdin>".
  virtual const std::string& name() const = 0;
};

// Opens `path` for reading; "-" is stdin. IoError naming the path when it cannot be opened.
Result<std::unique_ptr<FeedInput>> open_feed_file(const std::string& path);

// An input over `text`, for tests and small callers.
std::unique_ptr<FeedInput> string_feed_input(std::string name, std::string text);

}  // namespace grove::feed
