#pragma once

// FakeConfigServer: the part of grove-configserver's HTTP API that subscribers use, played in a
// test: `GET /config/v1/watch?generation=G&timeout=S[&states=c:v,...]` as a real long-poll
// (answered at once when the active generation is above G or a listed cluster's state version
// passed, else after S seconds), and `GET <package>` with the deployed bytes. The test deploys
// generations, changes cluster states, and stops and restarts the server on the same port.
// Shared by the subscriber's unit tests and grove-node's system test.
//
// Usage:
//   FakeConfigServer server;
//   BOOST_REQUIRE(server.start().ok());
//   server.deploy(1, package_bytes, "application/x-gzip", plan.to_json());
//
// Thread-safe.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "services/http/http_server.h"

namespace grove::testing {

class FakeConfigServer {
 public:
  FakeConfigServer() = default;
  ~FakeConfigServer();

  // Listens on 127.0.0.1 (on the port of an earlier start(), else any free port).
  Status start();
  // Closes the server and answers no more polls (they see the connection close).
  void stop();
  uint16_t port() const { return port_; }

  // Makes `generation` the active one (waking the polls that wait for it).
  void deploy(uint64_t generation, std::string package, std::string content_type, std::string plan_json);
  void set_cluster_state(const std::string& cluster, uint64_t version, const std::string& state);

  uint64_t watch_requests() const { return watches_.load(); }
  uint64_t package_requests() const { return packages_.load(); }
  // The targets of every watch request, in order.
  std::vector<std::string> watch_targets() const;

 private:
  struct Generation {
    std::string package, content_type, plan_json;
  };
  struct Waiter {
    uint64_t generation;
    std::map<std::string, uint64_t> states;
    std::chrono::steady_clock::time_point expires;
    http::HttpResponder respond;
  };

  void handle(const http::HttpRequest& req, const http::HttpResponder& respond);
  void handle_watch(const http::HttpRequest& req, const http::HttpResponder& respond);
  // True when `w` should be answered now. Requires mutex_.
  bool due(const Waiter& w, std::chrono::steady_clock::time_point now) const;
  std::string watch_body() const;  // requires mutex_
  void answer_due();
  void tick_loop();

  std::unique_ptr<http::HttpServer> server_;
  uint16_t port_ = 0;
  std::atomic<uint64_t> watches_{0}, packages_{0};

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  uint64_t active_ = 0;                            // guarded by mutex_
  std::map<uint64_t, Generation> generations_;     // guarded by mutex_
  std::map<std::string, std::pair<uint64_t, std::string>> states_;  // guarded by mutex_
  std::vector<Waiter> waiters_;                    // guarded by mutex_
  std::vector<std::string> targets_;               // guarded by mutex_
  bool running_ = false;                           // guarded by mutex_
  std::thread ticker_;
};

}  // namespace grove::testing
