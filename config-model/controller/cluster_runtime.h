#pragma once

// The per-cluster and per-node state of ClusterController (cluster_controller.h). Private to
// the controller's .cpp files; everything here is guarded by the controller's mutex.

#include <deque>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "config-model/controller/cluster_controller.h"

namespace grove::controller {

struct ClusterController::NodeRuntime {
  config::ContentNode config;
  std::unique_ptr<protocol::ContentService> service;
  uint64_t incarnation = 0;  // unique per connected node: a reply for a replaced node is dropped

  ReportedState reported = ReportedState::kUnknown;
  SteadyTime reported_since{};  // controller clock
  int64_t reported_since_us = 0;
  std::string reported_reason;
  WantedNodeState wanted;

  bool ping_in_flight = false;
  uint64_t ping_seq = 0;      // the ping a reply must match; raised when one expires
  SteadyTime ping_expires{};  // controller clock
  SteadyTime next_ping{};     // controller clock
  std::chrono::steady_clock::time_point ping_sent{};  // real time, for the latency
  double latency_ms = -1;
  protocol::PingReply last_reply;

  bool state_in_flight = false;
  uint32_t acknowledged = 0;
  std::string publish_error;
};

struct ClusterController::WaiterEntry {
  uint32_t version = 0;
  Waiter done;
};

struct ClusterController::ClusterRuntime {
  explicit ClusterRuntime(size_t history_size) : history(history_size) {}

  config::ContentCluster config;
  std::map<uint16_t, std::unique_ptr<NodeRuntime>> nodes;
  ControllerHistory history;
  SteadyTime heard_deadline{};  // after it, nodes not heard from are generated down

  bool published = false;
  distribution::ClusterState state;  // the published state
  std::string published_content;     // its string form without the version
  uint32_t version_floor = 0;        // the highest version any node reported
  std::string blocked_content;       // the last generated state check_publishable refused
  std::string blocked_reason;
  std::map<uint16_t, std::string> reasons;  // from the last generation

  std::map<uint64_t, WaiterEntry> waiters;

  // Maintenance progress samples (at most one a second, the last 10 s), for the rates.
  struct ProgressSample {
    SteadyTime at;
    int64_t pending = 0, documents = 0, bytes = 0;
  };
  std::deque<ProgressSample> progress;

  Gauge* nodes_up = nullptr;
  Gauge* nodes_down = nullptr;
  Gauge* version_gauge = nullptr;
  Counter* publishes = nullptr;
};

}  // namespace grove::controller
