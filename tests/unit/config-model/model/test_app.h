#pragma once

// Helpers for the application model tests: paths of the checked-in packages, a temporary
// package written by a test, and lookups over a load's diagnostics.

#include <fmt/format.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "config-model/model/application_model.h"

namespace grove::config::test {

inline std::string source_path(const std::string& relative) {
  return std::string(GROVE_SOURCE_DIR) + "/" + relative;
}

// A content cluster wrapped in services.xml with a container that searches and feeds.
inline std::string services_with(const std::string& content) {
  return "<services version=\"1.0\">\n"
         "  <container id=\"default\" version=\"1.0\"><search/><document-api/></container>\n" +
         content + "</services>\n";
}

// An application package in a fresh temporary directory, removed when the object goes away.
// It gets services.xml, the music schema and, when given, hosts.xml.
class TempApp {
 public:
  explicit TempApp(const std::string& services, const std::string& hosts = "") {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("grove-model-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_ / "schemas");
    std::filesystem::copy_file(source_path("schemas/music-flat/schemas/music.sd"),
                               dir_ / "schemas" / "music.sd");
    write("services.xml", services);
    if (!hosts.empty()) write("hosts.xml", hosts);
  }
  ~TempApp() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempApp(const TempApp&) = delete;
  TempApp& operator=(const TempApp&) = delete;

  std::string dir() const { return dir_.string(); }
  void write(const std::string& relative, const std::string& text) const {
    std::ofstream(dir_ / relative) << text;
  }
  ApplicationModel::LoadOutput load() const { return ApplicationModel::load(dir()); }

 private:
  std::filesystem::path dir_;
};

// Every diagnostic, one per line, for failure messages.
inline std::string all_text(const ApplicationModel::LoadOutput& out) {
  std::string text;
  for (const Diagnostic& d : out.diagnostics) text += d.to_string() + "\n";
  return text;
}

// The first error whose rendered text contains `needle`, or nullptr.
inline const Diagnostic* find_error(const ApplicationModel::LoadOutput& out,
                                    const std::string& needle) {
  for (const Diagnostic& d : out.diagnostics) {
    if (d.is_error() && d.to_string().find(needle) != std::string::npos) return &d;
  }
  return nullptr;
}

inline const Diagnostic* find_warning(const ApplicationModel::LoadOutput& out,
                                      const std::string& needle) {
  for (const Diagnostic& d : out.diagnostics) {
    if (!d.is_error() && d.to_string().find(needle) != std::string::npos) return &d;
  }
  return nullptr;
}

inline size_t error_count(const ApplicationModel::LoadOutput& out) {
  size_t n = 0;
  for (const Diagnostic& d : out.diagnostics) n += d.is_error() ? 1 : 0;
  return n;
}

// Test helpers that check; they must be called from a Boost.Test case.

inline ApplicationModel::LoadOutput load_bad(const std::string& package) {
  ApplicationModel::LoadOutput out =
      ApplicationModel::load(source_path("tests/data/apps/" + package));
  BOOST_TEST(out.readable);
  BOOST_TEST(!out.ok());
  BOOST_TEST(!out.model.has_value());
  return out;
}

// The content cluster `body` with redundancy, documents and the given tree.
inline ApplicationModel::LoadOutput load_content(const std::string& body) {
  TempApp app(
      test::services_with("  <content id=\"music\" version=\"1.0\">\n" + body + "  </content>\n"));
  return app.load();
}

inline void expect_error(const ApplicationModel::LoadOutput& out, const std::string& needle,
                         int line) {
  const Diagnostic* d = find_error(out, needle);
  BOOST_TEST_REQUIRE(d != nullptr, "no error containing '" << needle << "' in\n" << all_text(out));
  BOOST_TEST(d->line == line, d->to_string());
}

// Four leaf groups of one node each, with or without the top group's partitions.
inline std::string four_groups_of_one(bool with_partitions = true) {
  std::string tree = "    <group>\n";
  if (with_partitions) tree += "      <distribution partitions=\"1|1|1|*\"/>\n";
  for (int g = 0; g < 4; ++g) {
    tree += fmt::format(
        "      <group name=\"g{0}\" distribution-key=\"{0}\">"
        "<node hostalias=\"node{0}\" distribution-key=\"{0}\"/></group>\n",
        g);
  }
  return tree + "    </group>\n";
}

inline constexpr const char* kDocuments =
    "    <documents><document type=\"music\" mode=\"index\"/></documents>\n";

}  // namespace grove::config::test
