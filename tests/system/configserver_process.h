#pragma once

// What the system tests of grove-configserver share (configserver_test.cpp, status_page_test.cpp):
// ConfigServerProcess, a grove-configserver started on free 127.0.0.1 ports and stopped by its
// pid (ChildProcess), with deploy and GET helpers; packing a copy of a sample package; Json, a
// parsed reply with path accessors; and the published cluster state read from the long-poll,
// polled until a predicate holds (bounded).
//
// Header-only, for Boost.Test executables only (the helpers fail the running test case with
// BOOST_REQUIRE). The target must define GROVE_BIN_DIR and GROVE_SOURCE_DIR.
//
// Usage (in a Boost.Test case):
//   ConfigServerProcess cs(dir + "/cs");
//   auto ok = cs.deploy(pack(copy_package("music-flat", dir + "/music")));
//   std::string state = wait_for_state(cs, "music", [](const std::string& s) { return !s.empty(); }, 20s);
//
// Not thread-safe: one test thread.

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "config-model/deploy/package_archive.h"
#include "services/http/http_client.h"
#include "tests/system/system_test_support.h"

#if !defined(GROVE_BIN_DIR) || !defined(GROVE_SOURCE_DIR)
#error "configserver_process.h needs GROVE_BIN_DIR and GROVE_SOURCE_DIR"
#endif

namespace grove::testing {

inline const std::string kBin = std::string(GROVE_BIN_DIR);
inline const std::string kSchemas = std::string(GROVE_SOURCE_DIR) + "/schemas";
inline constexpr const char* kDeployPath = "/application/v2/tenant/default/prepareandactivate";

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A copy of a sample package (schemas/NAME) in `dir`, which a test may edit; `dir`.
inline std::string copy_package(const std::string& name, const std::string& dir) {
  std::filesystem::copy(kSchemas + "/" + name, dir, std::filesystem::copy_options::recursive);
  return dir;
}

inline void replace_in(const std::string& path, const std::string& from, const std::string& to) {
  std::string text = read_file(path);
  size_t at = text.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, path + " has no '" + from + "'");
  std::ofstream(path, std::ios::trunc) << text.replace(at, from.size(), to);
}

// The package in `dir` as a gzip'ed tar.
inline std::string pack(const std::string& dir) {
  auto bytes = deploy::pack_package(dir, deploy::PackageLimits{});
  BOOST_REQUIRE_MESSAGE(bytes.ok(), bytes.status().to_string());
  return *bytes;
}

// grove-configserver with its data in `data_dir` (its log in data_dir + ".log"), a fast ping
// (200 ms, 150 ms timeout) and a 2 s start-up grace; started by the constructor and again by
// start(), which returns once /state/v1/health answers (10 s at most). The process is killed
// when this object goes.
struct ConfigServerProcess {
  explicit ConfigServerProcess(std::string data) : data_dir(std::move(data)) { start(); }
  void start() {
    using namespace std::chrono_literals;
    process.reset();
    auto started = ChildProcess::start(
        {kBin + "/grove-configserver", "--data-dir", data_dir, "--http-port", std::to_string(port), "--base-port",
         std::to_string(base_port), "--ping-interval-ms", "200", "--ping-timeout-ms", "150", "--startup-grace-ms",
         "2000"},
        {.output_path = data_dir + ".log"});
    BOOST_REQUIRE_MESSAGE(started.ok(), started.status().to_string());
    process.emplace(std::move(*started));
    for (int i = 0; i < 200; ++i) {
      if (http::http_get("127.0.0.1", port, "/state/v1/health", 500ms).status == 200) return;
      std::this_thread::sleep_for(50ms);
    }
    BOOST_FAIL("grove-configserver did not answer its health check within 10 s; log: " + read_file(data_dir + ".log"));
  }
  http::HttpReply deploy(const std::string& bytes, const std::string& content_type = "application/x-gzip") {
    auto reply = http::http_request("127.0.0.1", port, "POST", kDeployPath, bytes, content_type,
                                    std::chrono::seconds(30));
    BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
    return *reply;
  }
  http::HttpReply get(const std::string& target, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto reply = http::http_request("127.0.0.1", port, "GET", target, {}, "application/json", timeout);
    BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
    return *reply;
  }
  std::string data_dir;
  uint16_t port = free_port();
  // Eight ports: the process plan gives each content node two from here (up to four nodes).
  uint16_t base_port = free_port_block(8);
  std::optional<ChildProcess> process;
};

// A JSON reply, parsed; the accessors fail the test on a missing member or another type.
struct Json {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  explicit Json(const std::string& text) {
    auto parsed = parser.parse(text);
    BOOST_REQUIRE_MESSAGE(!parsed.error(), "not JSON: " + text.substr(0, 400));
    root = parsed.value();
  }
  uint64_t u(std::initializer_list<const char*> path) {
    simdjson::dom::element e = root;
    for (const char* p : path) e = e[p].value();
    return e.get_uint64().value();
  }
  std::string s(std::initializer_list<const char*> path) {
    simdjson::dom::element e = root;
    for (const char* p : path) e = e[p].value();
    return std::string(e.get_string().value());
  }
};

// The published state of cluster `cluster` from the long-poll (at once: any version is newer);
// empty before the first is published.
inline std::string published_state(ConfigServerProcess& cs, const std::string& cluster) {
  auto reply = cs.get(fmt::format("/config/v1/watch?generation=0&timeout=1&states={}:0", cluster));
  Json j(reply.body);
  simdjson::dom::element state;
  if (j.root["cluster-states"][cluster]["state"].get(state)) return "";
  return std::string(state.get_string().value());
}

// Polls until `pred(state)` or `limit` passes; the last state seen.
template <typename Pred>
std::string wait_for_state(ConfigServerProcess& cs, const std::string& cluster, Pred pred,
                           std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  std::string state;
  do {
    state = published_state(cs, cluster);
    if (pred(state)) return state;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < until);
  return state;
}

}  // namespace grove::testing
