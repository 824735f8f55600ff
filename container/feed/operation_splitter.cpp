#include "container/feed/operation_splitter.h"

#include <fmt/format.h>

namespace grove::feed {

namespace {

constexpr size_t kChunkBytes = 64 * 1024;
// simdjson reads up to this many bytes past the end of a document (SIMDJSON_PADDING; checked
// where the parser is used).
constexpr size_t kParsePadding = 64;

bool is_blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string describe(int c) {
  if (c >= 0x21 && c < 0x7f) return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("byte 0x{:02x}", c);
}

}  // namespace

OperationSplitter::OperationSplitter(FeedInput& input, size_t max_operation_bytes)
    : input_(input), max_operation_bytes_(max_operation_bytes), chunk_(kChunkBytes) {}

bool OperationSplitter::refill() {
  if (input_done_) return false;
  Result<size_t> n = input_.read(chunk_.data(), chunk_.size());
  if (!n.ok()) io_status_ = n.status();
  if (!n.ok() || *n == 0) {
    input_done_ = true;
    return false;
  }
  position_ = 0;
  end_ = *n;
  return true;
}

int OperationSplitter::peek() {
  if (position_ == end_ && !refill()) return -1;
  return static_cast<unsigned char>(chunk_[position_]);
}

int OperationSplitter::get() {
  if (position_ == end_ && !refill()) return -1;
  char c = chunk_[position_++];
  ++offset_;
  if (c == '\n') ++line_;
  return static_cast<unsigned char>(c);
}

void OperationSplitter::skip_blanks() {
  while (is_blank(peek())) get();
}

void OperationSplitter::begin(uint64_t line, uint64_t offset) {
  current_.text.clear();
  current_.error.clear();
  current_.line = line;
  current_.offset = offset;
  oversized_ = false;
}

void OperationSplitter::append(char c) {
  if (current_.text.size() >= max_operation_bytes_) {
    oversized_ = true;
    return;
  }
  current_.text.push_back(c);
}

const RawOperation* OperationSplitter::fail(std::string message) {
  current_.error = std::move(message);
  return &current_;
}

Result<const RawOperation*> OperationSplitter::next() {
  if (state_ == State::kStart) {
    if (peek() == 0xEF && end_ - position_ >= 3 && chunk_[position_ + 1] == '\xBB' &&
        chunk_[position_ + 2] == '\xBF') {
      for (int i = 0; i < 3; ++i) get();  // UTF-8 byte order mark
    }
    skip_blanks();
    format_ = peek() == '[' ? Format::kArray : Format::kLines;
    if (format_ == Format::kArray) get();
    state_ = State::kExpectValue;
  }
  const RawOperation* op =
      format_ == Format::kArray ? next_array_item() : next_line();
  if (!io_status_.ok()) return io_status_;
  if (op != nullptr && op->error.empty() && oversized_) {
    current_.error = fmt::format("operation is larger than the limit of {} bytes",
                                 max_operation_bytes_);
  }
  if (op != nullptr) current_.text.reserve(current_.text.size() + kParsePadding);
  return op;
}

const RawOperation* OperationSplitter::next_line() {
  if (state_ == State::kEnd) return nullptr;
  skip_blanks();
  if (peek() < 0) {
    state_ = State::kEnd;
    return nullptr;
  }
  begin(line_, offset_);
  int c;
  while ((c = get()) >= 0 && c != '\n') append(static_cast<char>(c));
  while (!current_.text.empty() && is_blank(current_.text.back())) current_.text.pop_back();
  return &current_;
}

const RawOperation* OperationSplitter::next_array_item() {
  while (true) {
    if (state_ == State::kEnd) return nullptr;
    skip_blanks();
    int c = peek();
    begin(line_, offset_);
    if (state_ == State::kDone) {
      state_ = State::kEnd;
      if (c < 0) return nullptr;
      while (get() >= 0) {
      }
      return fail("unexpected data after the closing ']' of the feed array");
    }
    if (c < 0) {
      state_ = State::kEnd;
      return fail("unterminated feed array: the input ends without its closing ']'");
    }
    if (c == '{') {
      state_ = State::kAfterValue;
      return read_object();
    }
    get();
    if (c == ']') {
      state_ = State::kDone;
      continue;
    }
    if (c == ',' && state_ == State::kAfterValue) {
      state_ = State::kExpectValue;
      continue;
    }
    if (c != ',') skip_junk();
    state_ = State::kAfterValue;
    return fail(fmt::format("expected an operation object, got {}", describe(c)));
  }
}

const RawOperation* OperationSplitter::read_object() {
  int depth = 0;
  bool in_string = false;
  bool escape = false;
  int c;
  while ((c = get()) >= 0) {
    append(static_cast<char>(c));
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return &current_;
    }
  }
  state_ = State::kEnd;
  return fail("unterminated operation object: the input ends inside it");
}

void OperationSplitter::skip_junk() {
  bool in_string = false;
  bool escape = false;
  for (int c = peek(); c >= 0; c = peek()) {
    if (!in_string && (c == ',' || c == ']' || c == '{')) return;
    get();
    if (escape) {
      escape = false;
    } else if (in_string && c == '\\') {
      escape = true;
    } else if (c == '"') {
      in_string = !in_string;
    }
  }
}

}  // namespace grove::feed
