#include "container/feed/feed_reader.h"

#include <algorithm>

namespace grove::feed {

FeedReader::FeedReader(std::vector<std::unique_ptr<FeedInput>> inputs)
    : inputs_(std::move(inputs)) {}

std::optional<FeedItem> FeedReader::next() {
  while (status_.ok() && current_ < inputs_.size()) {
    if (!splitter_) splitter_ = std::make_unique<OperationSplitter>(*inputs_[current_]);
    Result<const RawOperation*> raw = splitter_->next();
    if (!raw.ok()) {
      status_ = raw.status();
      break;
    }
    if (*raw != nullptr) return to_item(**raw);
    splitter_.reset();
    ++current_;
  }
  return std::nullopt;
}

FeedItem FeedReader::to_item(const RawOperation& raw) {
  const std::string* source = &inputs_[current_]->name();
  if (!raw.error.empty()) return FeedItem{source, raw.line, Status::InvalidArgument(raw.error)};
  Result<Operation> op = parser_.parse(raw.text);
  uint64_t line = raw.line;
  if (auto offset = parser_.error_offset()) {
    size_t end = std::min(*offset, raw.text.size());
    line += static_cast<uint64_t>(std::count(raw.text.begin(), raw.text.begin() + end, '\n'));
  }
  return FeedItem{source, line, std::move(op)};
}

}  // namespace grove::feed
