// DIR/processes.json: its form, and that only processes that still run with the recorded
// command line are stopped.

#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "config-model/supervisor/process_records.h"
#include "services/base/child_process.h"

namespace grove::supervisor {

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string temp_file(const std::string& name) {
  return (fs::temp_directory_path() / ("grove-" + name + "-" + std::to_string(::getpid()) + ".json")).string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(process_records)

BOOST_AUTO_TEST_CASE(records_round_trip_and_bad_files_are_refused_naming_the_entry) {
  std::vector<ProcessRecord> records = {{"content-music-0", 123, {"/bin/grove-content", "--port", "19100"}},
                                        {"container-default-0", 456, {"/bin/grove-container"}}};
  auto parsed = parse_process_records(render_process_records(records));
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST((*parsed == records));
  auto bad = parse_process_records(R"({"processes":[{"name":"a","pid":1,"argv":["x"]},{"name":"b","argv":[]}]})");
  BOOST_TEST(bad.status().message().find("processes[1].pid") != std::string::npos, bad.status().to_string());
  BOOST_TEST(!parse_process_records("[]").ok());
}

BOOST_AUTO_TEST_CASE(only_processes_with_the_recorded_command_line_are_stopped) {
  std::string path = temp_file("records");
  auto ours = ChildProcess::start({"/bin/sleep", "30"});
  auto other = ChildProcess::start({"/bin/sleep", "31"});
  BOOST_REQUIRE(ours.ok());
  BOOST_REQUIRE(other.ok());
  pid_t ours_pid = ours->release();
  pid_t other_pid = other->pid();
  // `other` is recorded with a different command line: a pid reused by another program.
  BOOST_REQUIRE(write_process_records(path, {{"a", ours_pid, {"/bin/sleep", "30"}},
                                             {"b", other_pid, {"/bin/sleep", "30"}}}).ok());
  BOOST_TEST(is_recorded_process({"a", ours_pid, {"/bin/sleep", "30"}}));
  BOOST_TEST(!is_recorded_process({"b", other_pid, {"/bin/sleep", "30"}}));
  BOOST_TEST(stop_recorded_processes(path, 5s) == 1u);
  BOOST_TEST(!process_running(ours_pid));
  BOOST_TEST(other->running());
  BOOST_TEST(!fs::exists(path));
  BOOST_TEST(stop_recorded_processes(path, 5s) == 0u);  // no file: nothing to do
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::supervisor
