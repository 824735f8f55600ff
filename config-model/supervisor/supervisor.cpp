// Supervisor: lifecycle and new generations (docs/supervisor.md).

#include "config-model/supervisor/supervisor.h"

#include <fmt/format.h>

#include <filesystem>

#include "config-model/supervisor/plan_diff.h"
#include "config-model/supervisor/process_records.h"
#include "config-model/supervisor/supervisor_child.h"
#include "services/base/logging.h"
#include "services/base/thread_name.h"

namespace grove::supervisor {

Supervisor::Supervisor(SupervisorOptions options, MetricRegistry& metrics)
    : options_(std::move(options)),
      running_gauge_(metrics.gauge("supervisor_children_running", "Child processes running")),
      restarts_counter_(metrics.counter("supervisor_restarts", "Child processes started again after they died")),
      generation_gauge_(metrics.gauge("supervisor_generation", "The config generation whose plan runs")) {}

Supervisor::~Supervisor() { stop(); }

Status Supervisor::start() {
  if (options_.data_dir.empty() || options_.bin_dir.empty()) {
    return Status::InvalidArgument("supervisor: data_dir and bin_dir are required");
  }
  if (options_.append_configserver && options_.configserver.empty()) {
    return Status::InvalidArgument("supervisor: configserver is required to append --configserver");
  }
  for (const char* sub : {"logs", "data"}) {
    std::error_code ec;
    std::string dir = fmt::format("{}/{}", options_.data_dir, sub);
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IoError(fmt::format("cannot create {}: {}", dir, ec.message()));
  }
  size_t stopped = stop_recorded_processes(records_path(), options_.stop_grace);
  if (stopped > 0) GROVE_LOG_INFO("stopped {} processes left by an earlier run", stopped);
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return Status::InvalidArgument("supervisor: already started");
  thread_ = std::thread([this] { run(); });
  return Status::Ok();
}

void Supervisor::apply(subscription::ConfigSnapshot snapshot) {
  {
    std::lock_guard lock(mutex_);
    pending_ = std::move(snapshot);
  }
  wake_.notify_all();
}

void Supervisor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Supervisor::run() {
  set_thread_name("grove-supervise");
  while (true) {
    std::optional<subscription::ConfigSnapshot> next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.tick, [this] { return stopping_ || pending_.has_value(); });
      if (stopping_) break;
      next.swap(pending_);
    }
    if (next) apply_plan(*next);
    check_children();
    if (records_dirty_) write_records();
    publish();
  }
  std::vector<Child*> all;
  for (auto& [name, child] : children_) all.push_back(child.get());
  stop_children(all);
  write_records();
  publish();
}

void Supervisor::apply_plan(const subscription::ConfigSnapshot& snapshot) {
  if (plan_ && snapshot.generation <= plan_->generation) return;
  std::vector<PlanStep> steps = diff_plans(plan_ ? &*plan_ : nullptr, snapshot.plan);
  plan_ = snapshot.plan;
  plan_->generation = snapshot.generation;
  app_dir_ = snapshot.app_dir;
  GROVE_LOG_INFO("generation {}: {} processes planned", snapshot.generation, snapshot.plan.processes.size());
  std::vector<Child*> to_stop;
  for (const PlanStep& step : steps) {
    std::string name = process_name(step.process);
    auto it = children_.find(name);
    Child* child = it == children_.end() ? nullptr : it->second.get();
    if (step.action == PlanAction::kStop) {
      if (child) to_stop.push_back(child);
      GROVE_LOG_INFO("{}: removed by generation {}; stopping it", name, snapshot.generation);
      continue;
    }
    if (step.action == PlanAction::kRetain) {
      if (child && !child->retained) {
        GROVE_LOG_INFO("{}: removed by generation {}; kept running until bucket maintenance has moved "
                       "its documents to the nodes that keep them", name, snapshot.generation);
        child->retained = true;
        // One waiting to be started again is not: its arguments came from a plan that is gone.
        if (child->state == ChildState::kBackoff) child->enter(ChildState::kStopped);
      }
      continue;
    }
    // Keep, restart or start. A process a plan brings back while it still runs (retained)
    // counts as kept when its placement is unchanged.
    bool same = child && child->process.thrift_port == step.process.thrift_port &&
                child->process.http_port == step.process.http_port &&
                child->process.data_dir == step.process.data_dir;
    if (child && same) {
      GROVE_LOG_INFO("{}: same ports and data dir in generation {}; keeps running", name, snapshot.generation);
      child->process = step.process;
      child->retained = false;
      continue;
    }
    if (child) {
      GROVE_LOG_INFO("{}: ports or data dir changed in generation {}; restarting it", name, snapshot.generation);
      stop_children({child});
    } else {
      auto owned = std::make_unique<Child>(step.process, name, fmt::format("{}/logs/{}.log", options_.data_dir, name),
                                           options_.restart);
      child = owned.get();
      children_.emplace(name, std::move(owned));
    }
    child->process = step.process;
    child->retained = false;
    start_child(*child);
  }
  stop_children(to_stop);
  for (Child* child : to_stop) children_.erase(child->name);
  records_dirty_ = true;
  generation_gauge_.set(static_cast<double>(snapshot.generation));
}

}  // namespace grove::supervisor
