#pragma once

// Helpers for the deploy library tests: a temporary directory removed at the end, and
// Result/Status checks.

#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "services/base/result.h"

namespace grove::deploy::test {

inline std::string source_path(const std::string& relative) {
  return std::string(GROVE_SOURCE_DIR) + "/" + relative;
}

template <typename T>
T must(Result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return std::move(r).value();
}

inline void must(const Status& s) { BOOST_REQUIRE_MESSAGE(s.ok(), s.to_string()); }

// The error of `r`, which must be one.
template <typename T>
Status failure(const Result<T>& r) {
  BOOST_REQUIRE_MESSAGE(!r.ok(), "expected an error, got a value");
  return r.status();
}

inline bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("grove-deploy-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string str() const { return path_.string(); }
  std::string sub(const std::string& relative) const { return (path_ / relative).string(); }
  void write(const std::string& relative, const std::string& text) const {
    std::filesystem::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative, std::ios::binary) << text;
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline constexpr const char* kMinimalServices =
    "<services version=\"1.0\"><container id=\"default\" version=\"1.0\"><search/></container>"
    "</services>\n";

}  // namespace grove::deploy::test
