#include "services/base/child_process.h"

#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace grove {

namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// A fresh directory under the system temp dir, removed with the fixture.
struct TempDir {
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "grove-child-XXXXXX").string();
    path = mkdtemp(pattern.data()) == nullptr ? std::string() : pattern;
    BOOST_REQUIRE(!path.empty());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string read(const std::string& name) const {
    std::ifstream in(path + "/" + name);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string path;
};

ChildProcess start_or_fail(const std::vector<std::string>& argv, const SpawnOptions& options = {}) {
  Result<ChildProcess> child = ChildProcess::start(argv, options);
  BOOST_REQUIRE_MESSAGE(child.ok(), child.status().to_string());
  return std::move(child).value();
}

// Starts a shell that ignores SIGTERM (and so does the sleep it becomes) and waits, up to 10 s,
// until it has said so.
ChildProcess start_ignoring_sigterm(const TempDir& dir) {
  const std::string ready = dir.path + "/ready";
  ChildProcess child = start_or_fail(
      {"/bin/sh", "-c", "trap '' TERM; echo > " + ready + "; exec /bin/sleep 30"});
  for (int i = 0; i < 1000 && !std::filesystem::exists(ready); ++i) {
    std::this_thread::sleep_for(10ms);
  }
  BOOST_REQUIRE(std::filesystem::exists(ready));
  return child;
}

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(child_process)

BOOST_AUTO_TEST_CASE(exit_code_of_a_shell_is_reported) {
  ChildProcess child = start_or_fail({"/bin/sh", "-c", "exit 3"});
  BOOST_TEST(child.pid() > 0);
  std::optional<int> code = child.wait_exit(10s);
  BOOST_REQUIRE(code.has_value());
  BOOST_TEST(*code == 3);
  BOOST_TEST(!child.running());
  BOOST_TEST(child.pid() == -1);
  BOOST_TEST(child.wait_exit(0ms).value_or(-1) == 3);  // the same code again
}

BOOST_AUTO_TEST_CASE(a_sleeping_child_is_stopped_with_sigterm_within_the_grace) {
  ChildProcess child = start_or_fail({"/bin/sleep", "30"});
  BOOST_TEST(child.running());
  BOOST_TEST(!child.wait_exit(50ms).has_value());
  auto started = SteadyClock::now();
  BOOST_TEST(child.stop(10s) == 128 + SIGTERM);
  BOOST_TEST(seconds_since(started) < 10.0);
  BOOST_TEST(!child.running());
}

BOOST_AUTO_TEST_CASE(a_child_that_ignores_sigterm_is_killed_after_the_grace) {
  TempDir dir;
  ChildProcess child = start_ignoring_sigterm(dir);
  auto started = SteadyClock::now();
  BOOST_TEST(child.stop(300ms) == 128 + SIGKILL);
  BOOST_TEST(seconds_since(started) < 10.0);
}

BOOST_AUTO_TEST_CASE(a_released_child_is_stopped_by_pid) {
  pid_t pid = start_or_fail({"/bin/sleep", "30"}).release();
  BOOST_REQUIRE(pid > 0);
  BOOST_TEST(process_running(pid));  // the ChildProcess is gone, the process is not
  auto started = SteadyClock::now();
  stop_processes({pid}, 10s);
  BOOST_TEST(seconds_since(started) < 10.0);
  BOOST_TEST(!process_running(pid));
}

BOOST_AUTO_TEST_CASE(stop_by_pid_leaves_a_pid_alone_that_is_no_longer_the_same) {
  TempDir dir;
  pid_t pid = start_ignoring_sigterm(dir).release();
  stop_processes({pid}, 100ms, [](pid_t) { return false; });
  BOOST_TEST(process_running(pid));  // it ignored SIGTERM, and was not "the same" for SIGKILL
  stop_processes({pid}, 100ms);
  BOOST_TEST(!process_running(pid));
}

BOOST_AUTO_TEST_CASE(a_missing_program_is_a_clear_error) {
  Result<ChildProcess> child = ChildProcess::start({"/no/such/grove-program", "--flag"});
  BOOST_REQUIRE(!child.ok());
  BOOST_TEST((child.status().code() == StatusCode::kNotFound));
  BOOST_TEST(child.status().message() ==
             "cannot run /no/such/grove-program: No such file or directory");
  BOOST_TEST((ChildProcess::start({}).status().code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_CASE(output_is_appended_to_the_file_and_env_is_added) {
  TempDir dir;
  const std::string log = dir.path + "/out.log";
  std::ofstream(log) << "before\n";
  ChildProcess child = start_or_fail({"/bin/sh", "-c", "echo \"out $GROVE_TEST_WORD\"; echo err >&2"},
                                     {.output_path = log, .env = {"GROVE_TEST_WORD=hello"}});
  BOOST_TEST(child.wait_exit(10s).value_or(-1) == 0);
  BOOST_TEST(dir.read("out.log") == "before\nout hello\nerr\n");
}

BOOST_AUTO_TEST_CASE(an_output_file_that_cannot_be_opened_is_an_error) {
  Result<ChildProcess> child =
      ChildProcess::start({"/bin/true"}, {.output_path = "/no/such/dir/out.log"});
  BOOST_REQUIRE(!child.ok());
  BOOST_TEST((child.status().code() == StatusCode::kIoError));
  BOOST_TEST(child.status().message().find("/no/such/dir/out.log") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_detached_child_has_its_own_session) {
  TempDir dir;
  ChildProcess child = start_or_fail({"/bin/sh", "-c", "cut -d ' ' -f 6 /proc/$$/stat"},
                                     {.output_path = dir.path + "/sid", .detach = true});
  pid_t pid = child.pid();
  BOOST_TEST(child.wait_exit(10s).value_or(-1) == 0);
  BOOST_TEST(dir.read("sid") == std::to_string(pid) + "\n");
}

BOOST_AUTO_TEST_CASE(the_destructor_kills_a_running_child) {
  pid_t pid = -1;
  {
    ChildProcess child = start_or_fail({"/bin/sleep", "30"});
    pid = child.pid();
  }
  BOOST_TEST(!process_running(pid));  // killed and reaped, not a zombie
}

BOOST_AUTO_TEST_CASE(a_suspended_child_resumes) {
  ChildProcess child = start_or_fail({"/bin/sleep", "30"});
  BOOST_TEST(child.suspend(5s));
  child.resume();
  BOOST_TEST(child.running());
  BOOST_TEST(child.stop(10s) == 128 + SIGTERM);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove
