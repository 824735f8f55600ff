#pragma once

// Helpers for the feed client tests: a FILE* that captures text, a generated feed that is never
// held in memory, and a call of feed() over a string.

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "container/feed/feeder.h"

namespace grove::feed::testing {

// A FILE* whose text can be read back. Confined to one thread at a time.
class CapturedFile {
 public:
  CapturedFile() : file_(open_memstream(&data_, &size_)) {}
  ~CapturedFile() {
    std::fclose(file_);
    std::free(data_);
  }
  CapturedFile(const CapturedFile&) = delete;
  CapturedFile& operator=(const CapturedFile&) = delete;

  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(data_, size_);
  }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

// JSONL puts "id:ns:t::doc<i>" with {"i": i}, for i < count, produced as they are read.
class GeneratedFeed final : public FeedInput {
 public:
  explicit GeneratedFeed(uint64_t count) : count_(count) {}
  Result<size_t> read(char* buffer, size_t capacity) override {
    size_t n = 0;
    while (n < capacity) {
      if (position_ == line_.size()) {
        if (next_ == count_) break;
        line_ = fmt::format("{{\"put\":\"id:ns:t::doc{}\",\"fields\":{{\"i\":{}}}}}\n", next_, next_);
        ++next_;
        position_ = 0;
      }
      size_t k = std::min(capacity - n, line_.size() - position_);
      std::memcpy(buffer + n, line_.data() + position_, k);
      n += k;
      position_ += k;
    }
    return n;
  }
  const std::string& name() const override { return name_; }

 private:
  uint64_t count_;
  uint64_t next_ = 0;
  std::string line_;
  size_t position_ = 0;
  std::string name_ = "generated";
};

inline FeedOptions fast_options(const std::string& endpoint) {
  FeedOptions options;
  options.endpoint = endpoint;
  options.connections = 4;
  options.max_pending = 32;
  options.timeout = std::chrono::seconds(10);
  options.retry_base_delay = std::chrono::milliseconds(1);
  options.retry_max_delay = std::chrono::milliseconds(20);
  return options;
}

inline FeedSummary feed_text(const FeedOptions& options, const std::string& text,
                             CapturedFile& errors, const std::string& name = "feed.jsonl") {
  std::vector<std::unique_ptr<FeedInput>> inputs;
  inputs.push_back(string_feed_input(name, text));
  FeedReader reader(std::move(inputs));
  Result<FeedSummary> summary = feed(options, reader, errors.file(), errors.file());
  BOOST_REQUIRE_MESSAGE(summary.ok(), summary.status().to_string());
  BOOST_REQUIRE(reader.status().ok());
  return std::move(summary).value();
}

}  // namespace grove::feed::testing
