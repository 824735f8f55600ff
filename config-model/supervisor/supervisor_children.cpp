// Supervisor: starting, reaping, restarting and stopping the children; what is published.

#include <signal.h>

#include <cstdlib>

#include <fmt/format.h>

#include "config-model/supervisor/process_records.h"
#include "config-model/supervisor/supervisor.h"
#include "config-model/supervisor/supervisor_child.h"
#include "services/base/json_writer.h"
#include "services/base/logging.h"
#include "services/http/http_client.h"
#include "services/metrics/prometheus_text.h"

namespace grove::supervisor {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

}  // namespace

std::string_view child_state_name(ChildState state) {
  switch (state) {
    case ChildState::kRunning: return "running";
    case ChildState::kBackoff: return "backoff";
    case ChildState::kStopped: return "stopped";
  }
  return "?";
}

std::vector<std::string> Supervisor::argv_of(const deploy::PlannedProcess& p) const {
  std::vector<std::string> argv = {fmt::format("{}/{}", options_.bin_dir, p.binary())};
  for (std::string& arg : plan_->arguments(p, app_dir_, options_.data_dir + "/data")) argv.push_back(std::move(arg));
  if (options_.append_configserver) {
    argv.push_back("--configserver");
    argv.push_back(options_.configserver);
  }
  return argv;
}

void Supervisor::start_child(Child& child) {
  child.argv = argv_of(child.process);
  child.started_at = Clock::now();
  Result<ChildProcess> started = ChildProcess::start(child.argv, {.output_path = child.log_path, .detach = true});
  records_dirty_ = true;
  if (!started.ok()) {
    std::chrono::milliseconds delay = child.backoff.on_exit(std::chrono::milliseconds(0));
    GROVE_LOG_ERROR("{}: cannot start: {}; trying again in {} ms", child.name, started.status().message(),
                    delay.count());
    child.next_start = Clock::now() + delay;
    child.enter(ChildState::kBackoff);
    return;
  }
  if (child.starts++ > 0) restarts_counter_.add();
  child.proc.emplace(std::move(started).value());
  child.pid = child.proc->pid();
  child.enter(ChildState::kRunning);
  GROVE_LOG_INFO("{}: started, pid {} ({} generation {}; log {})", child.name, child.proc->pid(),
                 child.starts == 1 ? "first start," : "restart,", plan_->generation, child.log_path);
}

void Supervisor::on_exit(Child& child) {
  child.last_exit = child.proc->exit_code();
  pid_t pid = child.pid;
  child.proc.reset();
  records_dirty_ = true;
  std::chrono::milliseconds ran_for = since(child.started_at);
  int status = child.last_exit.value_or(-1);
  if (child.retained) {
    GROVE_LOG_WARN("{} (pid {}) exited with status {} after {} ms; it was removed from the plan, so it is "
                   "not started again", child.name, pid, status, ran_for.count());
    child.enter(ChildState::kStopped);
    return;
  }
  std::chrono::milliseconds delay = child.backoff.on_exit(ran_for);
  GROVE_LOG_WARN("{} (pid {}) exited with status {} after {} ms; starting it again in {} ms", child.name,
                 pid, status, ran_for.count(), delay.count());
  child.next_start = Clock::now() + delay;
  child.enter(ChildState::kBackoff);
}

void Supervisor::check_children() {
  std::vector<Child*> drained;
  for (auto& [name, child] : children_) {
    if (child->state == ChildState::kRunning && !child->proc->running()) on_exit(*child);
    if (child->state == ChildState::kBackoff && Clock::now() >= child->next_start) start_child(*child);
    if (child->retained && child->state == ChildState::kRunning && is_drained(*child)) drained.push_back(child.get());
  }
  if (drained.empty()) return;
  stop_children(drained);
  for (Child* child : drained) {
    GROVE_LOG_INFO("{}: holds no documents any more (drained to the nodes that keep them); stopped", child->name);
    children_.erase(child->name);
  }
  records_dirty_ = true;
}

bool Supervisor::is_drained(Child& child) {
  if (child.process.kind != deploy::ProcessKind::kContent) return false;
  const auto now = Clock::now();
  if (now < child.next_drain_poll) return false;
  child.next_drain_poll = now + options_.drain_poll;
  auto reply = http::http_get("127.0.0.1", child.process.http_port, "/prometheus/v1/values",
                              std::chrono::milliseconds(1000));
  std::optional<double> documents;
  if (reply.status == 200) documents = prometheus_sample(reply.body, "grove_content_total_documents");
  child.empty_polls = documents && *documents == 0 ? child.empty_polls + 1 : 0;
  return child.empty_polls >= 2;
}

void Supervisor::stop_children(const std::vector<Child*>& children) {
  std::vector<Child*> running;
  for (Child* child : children) {
    if (child->state == ChildState::kRunning) {
      child->proc->signal(SIGTERM);
      running.push_back(child);
    }
  }
  Clock::time_point deadline = Clock::now() + options_.stop_grace;
  for (Child* child : running) {
    pid_t pid = child->pid;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (!child->proc->wait_exit(std::max(left, std::chrono::milliseconds(0)))) {
      GROVE_LOG_WARN("{} (pid {}) still runs {} ms after SIGTERM; killing it", child->name, pid,
                     options_.stop_grace.count());
      child->proc->stop(std::chrono::milliseconds(0));
    }
    GROVE_LOG_INFO("{} (pid {}) stopped, status {}", child->name, pid,
                   child->proc->exit_code().value_or(-1));
    child->last_exit = child->proc->exit_code();
    child->proc.reset();
  }
  for (Child* child : children) child->enter(ChildState::kStopped);
  records_dirty_ = true;
}

void Supervisor::write_records() {
  std::vector<ProcessRecord> records;
  for (auto& [name, child] : children_) {
    if (child->state == ChildState::kRunning) records.push_back({name, child->pid, child->argv});
  }
  Status status = write_process_records(records_path(), records);
  if (!status.ok()) GROVE_LOG_ERROR("{}", status.message());
  records_dirty_ = !status.ok();
}

void Supervisor::publish() {
  std::vector<ChildInfo> infos;
  int running = 0;
  for (auto& [name, child] : children_) {
    bool up = child->state == ChildState::kRunning;
    running += up ? 1 : 0;
    infos.push_back({name, child->process, up ? child->pid : -1, child->state,
                     child->starts > 0 ? child->starts - 1 : 0, child->last_exit, child->since,
                     child->retained, child->log_path});
  }
  running_gauge_.set(running);
  std::lock_guard lock(mutex_);
  published_ = std::move(infos);
  published_generation_ = plan_ ? plan_->generation : 0;
}

std::vector<ChildInfo> Supervisor::children() const {
  std::lock_guard lock(mutex_);
  return published_;
}

uint64_t Supervisor::generation() const {
  std::lock_guard lock(mutex_);
  return published_generation_;
}

std::string Supervisor::processes_json() const {
  std::vector<ChildInfo> infos = children();
  JsonWriter w;
  w.begin_object().key("generation").number(generation()).key("processes").begin_array();
  for (const ChildInfo& c : infos) {
    w.begin_object().key("name").string(c.name);
    w.key("kind").string(deploy::process_kind_name(c.process.kind)).key("cluster").string(c.process.cluster);
    w.key("key").number(static_cast<int64_t>(c.process.key));
    w.key("pid").number(static_cast<int64_t>(c.pid));
    w.key("ports").begin_object();
    if (c.process.thrift_port != 0) w.key("thrift").number(static_cast<int64_t>(c.process.thrift_port));
    w.key("http").number(static_cast<int64_t>(c.process.http_port)).end_object();
    w.key("state").string(child_state_name(c.state)).key("restarts").number(static_cast<int64_t>(c.restarts));
    w.key("last-exit-status");
    if (c.last_exit) w.number(static_cast<int64_t>(*c.last_exit)); else w.null();
    w.key("since").number(static_cast<int64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(c.since.time_since_epoch()).count()));
    w.key("retained").boolean(c.retained).key("log").string(c.log_path).end_object();
  }
  w.end_array().end_object();
  return std::move(w).take();
}

}  // namespace grove::supervisor
