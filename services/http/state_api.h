#pragma once

// StateApi: the health and metrics endpoints every Grove server exposes over HTTP:
//
//   GET /state/v1/health      {"status":{"code":"up"|"initializing"|"down","message":...}}
//   GET /state/v1/metrics     the registry as JSON (see MetricRegistry::render_json)
//   GET /prometheus/v1/values the registry in Prometheus text format
//
// Usage (inside an HttpHandler):
//   if (state_api.handle(req, respond)) return;   // answered
//
// Thread-safe; borrows the registry, which must outlive it.

#include <functional>
#include <string>

#include "services/http/http_server.h"
#include "services/metrics/metrics.h"

namespace grove::http {

struct Health {
  std::string code = "up";  // "up", "initializing" or "down"
  std::string message;
};

class StateApi {
 public:
  StateApi(const MetricRegistry& registry, std::function<Health()> health)
      : registry_(registry), health_(std::move(health)) {}

  // Answers the state paths and returns true; returns false for any other path.
  bool handle(const HttpRequest& req, const HttpResponder& respond) const;

 private:
  const MetricRegistry& registry_;
  std::function<Health()> health_;
};

}  // namespace grove::http
