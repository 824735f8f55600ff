#include "container/feed/feed_command.h"

#include <boost/test/unit_test.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/unit/container/feed/feed_test_support.h"
#include "tests/unit/container/feed/scripted_server.h"

namespace grove::feed {

using testing::CapturedFile;
using testing::Recorded;
using testing::Reply;
using testing::ScriptedServer;

namespace {

// A temporary directory for one test, removed with it.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("grove-feed-test-{}-{}", ::getpid(), counter++);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::string file = (path_ / name).string();
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int code;
  std::string out;
  std::string err;
};

CommandResult run(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  CapturedFile out, err;
  int code = run_feed(static_cast<int>(argv.size()), argv.data(), out.file(), err.file());
  return {code, out.text(), err.text()};
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(feed_command)

BOOST_AUTO_TEST_CASE(exits_0_and_prints_the_summary_when_every_operation_succeeds) {
  ScriptedServer server;
  TempDir dir;
  std::string a = dir.write("a.jsonl", "{\"put\":\"id:ns:t::1\"}\n{\"put\":\"id:ns:t::2\"}\n");
  std::string b = dir.write("b.json", "[{\"remove\":\"id:ns:t::1\"}]");
  CommandResult r = run({"--endpoint", server.endpoint(), "--connections", "2", a, b});
  BOOST_TEST(r.code == 0);
  BOOST_TEST(r.out.starts_with("{\"feeder.operation.count\":3,\"feeder.seconds\":"));
  BOOST_TEST(contains(r.out, "\"feeder.ok.count\":3,"));
  BOOST_TEST(contains(r.out, "\"http.response.code.counts\":{\"200\":3}}\n"));
  BOOST_TEST(r.err.empty());
  BOOST_TEST(server.request_count() == 3u);
}

BOOST_AUTO_TEST_CASE(exits_1_when_an_operation_fails_and_writes_it_to_the_errors_file) {
  ScriptedServer server([](const Recorded& r) {
    return Reply{r.path.ends_with("/2") ? 412 : 200};
  });
  TempDir dir;
  std::string feed = dir.write("f.jsonl", "{\"put\":\"id:ns:t::1\"}\n{\"put\":\"id:ns:t::2\"}\n");
  std::string errors = dir.path("errors.txt");
  CommandResult r = run({"--endpoint", server.endpoint(), "--errors-file", errors, feed});
  BOOST_TEST(r.code == 1);
  BOOST_TEST(contains(r.out, "\"feeder.error.count\":1,"));
  std::ifstream in(errors);
  std::string line;
  BOOST_REQUIRE(std::getline(in, line));
  BOOST_TEST(line == feed + ":2: id:ns:t::2: HTTP 412: scripted 412");
  BOOST_TEST(!std::getline(in, line));
}

BOOST_AUTO_TEST_CASE(exits_2_for_bad_usage_or_an_unreadable_file) {
  CommandResult unknown = run({"--frobnicate", "1"});
  BOOST_TEST(unknown.code == 2);
  BOOST_TEST(contains(unknown.err, "unknown option --frobnicate"));
  BOOST_TEST(run({"--connections", "0", "x"}).code == 2);
  BOOST_TEST(run({"--timeout", "soon", "x"}).code == 2);
  BOOST_TEST(run({"--retries"}).code == 2);

  CommandResult missing = run({"/nonexistent/grove-feed-input.jsonl"});
  BOOST_TEST(missing.code == 2);
  BOOST_TEST(contains(missing.err, "cannot open /nonexistent/grove-feed-input.jsonl"));

  TempDir dir;
  std::string feed = dir.write("f.jsonl", "{\"put\":\"id:ns:t::1\"}\n");
  CommandResult https = run({"--endpoint", "https://127.0.0.1:1", feed});
  BOOST_TEST(https.code == 2);
  BOOST_TEST(contains(https.err, "https is not supported"));
}

BOOST_AUTO_TEST_CASE(help_prints_the_usage) {
  CommandResult r = run({"--help"});
  BOOST_TEST(r.code == 0);
  BOOST_TEST(contains(r.out, "usage: grove feed"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::feed
