#pragma once

// ScriptedServer: a /document/v1 stand-in for feed client tests. The project's HttpServer on
// 127.0.0.1 (any free port) records every request and answers as a script says: per request, a
// response and an optional delay (answered from one helper thread, joined on exit).
// It also checks that no two requests for the same path are ever in progress at once.
//
// Thread-safe; the script runs on the server's threads.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "services/http/http_server.h"

namespace grove::feed::testing {

struct Recorded {
  std::string method;
  std::string target;
  std::string path;
  std::string body;
  std::vector<std::pair<std::string, std::string>> query;
  int attempt = 0;  // 1-based: how many times this method+path has been seen, this one included
  std::chrono::steady_clock::time_point at;  // when it arrived

  const std::string* param(const std::string& name) const {
    for (const auto& [k, v] : query) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

struct Reply {
  Reply(int status_code = 200, std::string body_text = {},
        std::chrono::milliseconds delay_time = std::chrono::milliseconds(0))
      : status(status_code), body(std::move(body_text)), delay(delay_time) {}

  int status = 200;
  std::string body;  // empty: {"pathId":...,"id":"ok"}
  std::chrono::milliseconds delay{0};
};

class ScriptedServer {
 public:
  using Script = std::function<Reply(const Recorded&)>;

  explicit ScriptedServer(Script script = [](const Recorded&) { return Reply{}; },
                          size_t threads = 2)
      : script_(std::move(script)),
        server_(http::HttpServerOptions{"127.0.0.1", 0, threads},
                [this](http::HttpRequest req, http::HttpResponder respond) {
                  handle(std::move(req), std::move(respond));
                }) {
    BOOST_REQUIRE(server_.start().ok());
  }
  ~ScriptedServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    delayer_.join();
    server_.stop();
  }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  std::vector<Recorded> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  size_t request_count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }
  // Requests that arrived while another one for the same path was still unanswered.
  size_t overlaps() const {
    std::lock_guard lock(mutex_);
    return overlaps_;
  }
  size_t peak_concurrent() const {
    std::lock_guard lock(mutex_);
    return peak_concurrent_;
  }

 private:
  void handle(http::HttpRequest req, http::HttpResponder respond) {
    Recorded r{req.method, req.target, req.path, req.body, req.query, 0,
               std::chrono::steady_clock::now()};
    {
      std::lock_guard lock(mutex_);
      r.attempt = ++attempts_[r.method + " " + r.path];
      if (!in_progress_.insert(r.path).second) ++overlaps_;
      peak_concurrent_ = std::max(peak_concurrent_, in_progress_.size());
      requests_.push_back(r);
    }
    Reply reply = script_(r);
    if (reply.body.empty()) {
      reply.body = reply.status == 200
                       ? R"({"pathId":")" + r.path + R"(","id":"ok"})"
                       : R"({"pathId":")" + r.path + R"(","message":"scripted )" +
                             std::to_string(reply.status) + R"("})";
    }
    auto answer = [this, path = r.path, respond, reply] {
      {
        std::lock_guard lock(mutex_);
        in_progress_.erase(path);
      }
      respond(http::HttpResponse::json(reply.status, reply.body));
    };
    if (reply.delay.count() == 0) return answer();
    {
      std::lock_guard lock(mutex_);
      delayed_.emplace(std::chrono::steady_clock::now() + reply.delay, answer);
    }
    wake_.notify_all();
  }

  // Answers delayed requests when they are due; at exit answers what is left at once.
  void run_delayer() {
    std::unique_lock lock(mutex_);
    while (true) {
      if (delayed_.empty()) {
        if (stopping_) return;
        wake_.wait(lock);
        continue;
      }
      auto due = delayed_.begin()->first;
      if (!stopping_ && std::chrono::steady_clock::now() < due) {
        wake_.wait_until(lock, due);
        continue;
      }
      auto answer = std::move(delayed_.begin()->second);
      delayed_.erase(delayed_.begin());
      lock.unlock();
      answer();
      lock.lock();
    }
  }

  Script script_;
  mutable std::mutex mutex_;
  std::vector<Recorded> requests_;
  std::map<std::string, int> attempts_;
  std::set<std::string> in_progress_;
  size_t overlaps_ = 0;
  size_t peak_concurrent_ = 0;
  std::multimap<std::chrono::steady_clock::time_point, std::function<void()>> delayed_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread delayer_{[this] { run_delayer(); }};
  http::HttpServer server_;  // last: stopped before the members its handler uses go away
};

}  // namespace grove::feed::testing
