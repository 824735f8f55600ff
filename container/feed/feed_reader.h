#pragma once

// FeedReader: the operations of one or more feed inputs, in order, parsed.
//
// Each input is split (OperationSplitter: JSON array or JSONL, detected per input) and each piece
// parsed (OperationParser). A piece that is not a valid operation comes back as an item whose
// `operation` holds the InvalidArgument explaining why, with its input and line, and reading
// goes on. An input that cannot be read stops the reader: status() is its IoError.
//
// Usage:
//   FeedReader reader(std::move(inputs));
//   while (std::optional<FeedItem> item = reader.next()) { ... }
//   if (!reader.status().ok()) ...
//
// Confined to one thread (the feed's reader thread). Owns its inputs.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "container/feed/feed_input.h"
#include "container/feed/operation.h"
#include "container/feed/operation_parser.h"
#include "container/feed/operation_splitter.h"
#include "services/base/result.h"

namespace grove::feed {

struct FeedItem {
  const std::string* source = nullptr;  // the input's name; lives as long as the FeedReader
  uint64_t line = 0;                    // 1-based line of the operation (or of its error)
  Result<Operation> operation;
};

class FeedReader {
 public:
  explicit FeedReader(std::vector<std::unique_ptr<FeedInput>> inputs);

  // The next item, or nullopt after the last input (or after an input failed to read).
  std::optional<FeedItem> next();
  // OK, or the IoError of the input that could not be read.
  const Status& status() const { return status_; }

 private:
  FeedItem to_item(const RawOperation& raw);

  std::vector<std::unique_ptr<FeedInput>> inputs_;
  size_t current_ = 0;  // Invariant: inputs_[current_] is being read, when < inputs_.size()
  std::unique_ptr<OperationSplitter> splitter_;
  OperationParser parser_;
  Status status_;
};

}  // namespace grove::feed
