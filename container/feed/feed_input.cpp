#include "container/feed/feed_input.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace grove::feed {

namespace {

// A stdio file; owns it unless it is stdin.
class FileFeedInput final : public FeedInput {
 public:
  FileFeedInput(std::string name, std::FILE* file, bool owned)
      : name_(std::move(name)), file_(file), owned_(owned) {}
  ~FileFeedInput() override {
    if (owned_) std::fclose(file_);
  }
  FileFeedInput(const FileFeedInput&) = delete;
  FileFeedInput& operator=(const FileFeedInput&) = delete;

  Result<size_t> read(char* buffer, size_t capacity) override {
    size_t n = std::fread(buffer, 1, capacity, file_);
    if (n == 0 && std::ferror(file_)) {
      return Status::IoError(fmt::format("cannot read {}: {}", name_, std::strerror(errno)));
    }
    return n;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  std::FILE* file_;
  bool owned_;
};

class StringFeedInput final : public FeedInput {
 public:
  StringFeedInput(std::string name, std::string text)
      : name_(std::move(name)), text_(std::move(text)) {}

  Result<size_t> read(char* buffer, size_t capacity) override {
    size_t n = std::min(capacity, text_.size() - position_);
    std::memcpy(buffer, text_.data() + position_, n);
    position_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  std::string text_;
  size_t position_ = 0;  // Invariant: position_ <= text_.size()
};

}  // namespace

Result<std::unique_ptr<FeedInput>> open_feed_file(const std::string& path) {
  if (path == "-") {
    return std::unique_ptr<FeedInput>(std::make_unique<FileFeedInput>("<stdin>", stdin, false));
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Status::IoError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(::fileno(file), &info) == 0 && S_ISDIR(info.st_mode)) {
    std::fclose(file);
    return Status::IoError(fmt::format("cannot open {}: it is a directory", path));
  }
  return std::unique_ptr<FeedInput>(std::make_unique<FileFeedInput>(path, file, true));
}

std::unique_ptr<FeedInput> string_feed_input(std::string name, std::string text) {
  return std::make_unique<StringFeedInput>(std::move(name), std::move(text));
}

}  // namespace grove::feed
