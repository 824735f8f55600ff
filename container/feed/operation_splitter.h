#pragma once

// OperationSplitter: cuts a streaming feed into the text of one operation at a time, without
// ever holding more than one chunk of input and one operation in memory.
//
// Two formats, told apart by the first non-blank byte:
//   '['   a JSON array of operation objects. The splitter tracks strings, escapes and nesting
//         to find each top-level object; it does not validate the object (the parser does).
//         Commas between objects are optional; a trailing comma is accepted.
//   else  JSONL: one operation per line; blank lines are skipped.
//
// Text that cannot be an operation (junk between objects, an unterminated object or array, an
// operation over the size limit) comes back as a RawOperation with `error` set, so that it is
// reported with its line and feeding goes on.
//
// Usage:
//   OperationSplitter splitter(input);
//   while (true) {
//     GROVE_ASSIGN_OR_RETURN(const RawOperation* op, splitter.next());
//     if (op == nullptr) break;  // end of input
//     use(op->text, op->line);
//   }
//
// Confined to one thread. Borrows the input, which must outlive it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "container/feed/feed_input.h"
#include "services/base/result.h"

namespace grove::feed {

struct RawOperation {
  // One JSON object (or one JSONL line). Its capacity always leaves simdjson's padding free, so
  // it can be parsed in place.
  std::string text;
  uint64_t line = 0;    // 1-based line of the first byte
  uint64_t offset = 0;  // 0-based byte offset of the first byte in the input
  std::string error;    // non-empty: not an operation; `text` may be partial
};

class OperationSplitter {
 public:
  enum class Format { kUnknown, kArray, kLines };

  static constexpr size_t kDefaultMaxOperationBytes = 64 << 20;

  explicit OperationSplitter(FeedInput& input,
                             size_t max_operation_bytes = kDefaultMaxOperationBytes);

  // The next operation (valid until the next call), nullptr at the end of the input, or the
  // input's IoError.
  Result<const RawOperation*> next();

  // The format seen so far (kUnknown before the first non-blank byte).
  Format format() const { return format_; }

 private:
  enum class State { kStart, kExpectValue, kAfterValue, kDone, kEnd };

  bool refill();
  int peek();
  int get();
  void skip_blanks();
  void begin(uint64_t line, uint64_t offset);
  const RawOperation* fail(std::string message);
  const RawOperation* next_array_item();
  const RawOperation* next_line();
  const RawOperation* read_object();
  void skip_junk();
  void append(char c);

  FeedInput& input_;
  size_t max_operation_bytes_;
  std::vector<char> chunk_;
  size_t position_ = 0;  // Invariant: position_ <= end_ <= chunk_.size()
  size_t end_ = 0;
  bool input_done_ = false;
  Status io_status_;
  uint64_t line_ = 1;    // of the next unread byte
  uint64_t offset_ = 0;  // of the next unread byte
  Format format_ = Format::kUnknown;
  State state_ = State::kStart;
  RawOperation current_;
  bool oversized_ = false;  // the current operation went past max_operation_bytes_
};

}  // namespace grove::feed
