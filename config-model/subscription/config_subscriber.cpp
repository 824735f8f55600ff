// ConfigSubscriber: the poll loop (docs/subscription.md).

#include "config-model/subscription/config_subscriber.h"

#include "services/base/strings.h"

#include <fmt/format.h>

#include "config-model/subscription/generation_dirs.h"
#include "services/base/logging.h"
#include "services/base/thread_name.h"
#include "services/http/http_client.h"

namespace grove::subscription {

Result<SubscriberOptions> SubscriberOptions::for_configserver(std::string_view host_port, std::string work_dir) {
  GROVE_ASSIGN_OR_RETURN(HostPort endpoint, parse_host_port(host_port, "--configserver"));
  SubscriberOptions options;
  options.host = std::move(endpoint.host);
  options.port = endpoint.port;
  options.work_dir = std::move(work_dir);
  return options;
}


namespace {

Status check_options(const SubscriberOptions& o) {
  if (o.work_dir.empty()) return Status::InvalidArgument("subscriber: work_dir is required");
  if (o.port == 0) return Status::InvalidArgument("subscriber: port must be 1..65535");
  if (o.poll_timeout.count() < 1 || o.poll_timeout.count() > 60) {
    return Status::InvalidArgument("subscriber: poll_timeout must be 1..60 s");
  }
  if (o.request_margin.count() < 0 || o.download_timeout.count() <= 0) {
    return Status::InvalidArgument("subscriber: request_margin must be >= 0 and download_timeout > 0");
  }
  if (o.backoff.initial.count() <= 0 || o.backoff.max < o.backoff.initial) {
    return Status::InvalidArgument("subscriber: backoff needs 0 < initial <= max");
  }
  if (o.keep_generations < 1) return Status::InvalidArgument("subscriber: keep_generations must be >= 1");
  return Status::Ok();
}

}  // namespace

ConfigSubscriber::ConfigSubscriber(SubscriberOptions options, Callback callback)
    : options_(std::move(options)), callback_(std::move(callback)), backoff_(options_.backoff) {}

ConfigSubscriber::~ConfigSubscriber() { stop(); }

Status ConfigSubscriber::start() {
  GROVE_RETURN_IF_ERROR(check_options(options_));
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return Status::InvalidArgument("subscriber: already started");
  thread_ = std::thread([this] { run(); });
  return Status::Ok();
}

Result<ConfigSnapshot> ConfigSubscriber::fetch_first(Deadline deadline) {
  std::unique_lock lock(mutex_);
  if (!thread_.joinable()) return Status::Unavailable("subscriber: not started");
  changed_.wait_until(lock, deadline.at(), [this] { return stopping_ || current_.generation > 0; });
  if (current_.generation > 0) return current_;
  if (stopping_) return Status::Unavailable("subscriber: stopped before the first generation");
  return Status::DeadlineExceeded(fmt::format(
      "no generation from the config server at {}:{} in time{}", options_.host, options_.port,
      stats_.last_error.empty() ? std::string(" (it answered: nothing deployed yet)")
                                : fmt::format(" (last error: {})", stats_.last_error)));
}

ConfigSnapshot ConfigSubscriber::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

SubscriberStats ConfigSubscriber::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void ConfigSubscriber::request_stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  std::lock_guard wait_for_callback(callback_mutex_);
}

void ConfigSubscriber::stop() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

bool ConfigSubscriber::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void ConfigSubscriber::run() {
  set_thread_name("grove-config-sub");
  while (!stopping()) {
    if (poll_once()) continue;
    std::chrono::milliseconds delay = backoff_.next();
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, delay, [this] { return stopping_; });
  }
}

bool ConfigSubscriber::poll_once() {
  ConfigSnapshot known = current();
  ClusterStates asked = options_.watch_cluster_states ? known.cluster_states : ClusterStates{};
  if (options_.watch_cluster_states) {
    // A cluster with no state seen yet is asked for as version 0, so that its first published
    // state wakes the poll too.
    for (const deploy::PlannedProcess& p : known.plan.processes) {
      if (p.kind == deploy::ProcessKind::kContent && !asked.contains(p.cluster)) asked[p.cluster] = ClusterStateInfo{};
    }
  }
  uint64_t after = std::max(known.generation, refused_generation_);
  auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(options_.poll_timeout) + options_.request_margin;
  Result<http::HttpReply> reply = http::http_request(
      options_.host, options_.port, "GET",
      watch_target(after, static_cast<uint32_t>(options_.poll_timeout.count()), asked), {}, {}, timeout);
  if (stopping()) return true;  // a poll that ended because of the stop is no outage
  if (reply.ok() && reply->status != 200) {
    reply = Status::Unavailable(fmt::format("config watch answered {}: {}", reply->status, reply->body.substr(0, 200)));
  }
  if (!reply.ok()) {
    note_failure(reply.status());
    return false;
  }
  Result<WatchReply> watch = WatchReply::parse(reply->body);
  if (!watch.ok()) {
    note_failure(watch.status());
    return false;
  }
  if (watch->generation > after) {
    Status applied = apply_generation(*watch);
    if (!applied.ok() && applied.code() != StatusCode::kInvalidArgument) {
      note_failure(applied);  // the download failed: an outage, retried
      return false;
    }
    note_success();
    return true;
  }
  note_success();
  if (options_.watch_cluster_states && watch->cluster_states != known.cluster_states) {
    ConfigSnapshot snapshot;
    {
      std::lock_guard lock(mutex_);
      current_.cluster_states = watch->cluster_states;
      snapshot = current_;
    }
    notify(snapshot, ConfigChange::kClusterStates);
  }
  return true;
}

// InvalidArgument for a generation that cannot be used (it is logged and skipped); any other
// error is the download's and is retried.
Status ConfigSubscriber::apply_generation(const WatchReply& reply) {
  Result<http::HttpReply> package = http::http_request(options_.host, options_.port, "GET", reply.package,
                                                       {}, {}, options_.download_timeout);
  if (package.ok() && package->status != 200) {
    package = Status::Unavailable(fmt::format("GET {} answered {}", reply.package, package->status));
  }
  if (!package.ok()) return package.status();
  std::string content_type = package->content_type.empty() ? reply.content_type : package->content_type;
  Result<deploy::ProcessPlan> plan = deploy::ProcessPlan::parse_json(reply.plan_json);
  Result<std::string> app_dir = plan.ok() ? unpack_generation(options_.work_dir, reply.generation, package->body,
                                                              content_type, options_.package_limits)
                                          : Result<std::string>(plan.status());
  if (!app_dir.ok()) {
    std::string error = fmt::format("generation {} refused, keeping generation {}: {}", reply.generation,
                                    current().generation, app_dir.status().message());
    GROVE_LOG_ERROR("config: {}", error);
    refused_generation_ = reply.generation;
    std::lock_guard lock(mutex_);
    ++stats_.bad_generations;
    stats_.last_error = error;
    return Status::InvalidArgument(error);
  }
  ConfigSnapshot snapshot{reply.generation, *app_dir, std::move(plan).value(), reply.cluster_states};
  {
    std::lock_guard lock(mutex_);
    current_ = snapshot;
    ++stats_.generations_applied;
  }
  changed_.notify_all();
  prune_generations(options_.work_dir, options_.keep_generations, reply.generation);
  GROVE_LOG_INFO("config: generation {} ({} processes) unpacked in {}", snapshot.generation,
                 snapshot.plan.processes.size(), snapshot.app_dir);
  notify(snapshot, ConfigChange::kGeneration);
  return Status::Ok();
}

void ConfigSubscriber::notify(const ConfigSnapshot& snapshot, ConfigChange change) {
  std::lock_guard lock(callback_mutex_);
  if (stopping() || !callback_) return;
  callback_(snapshot, change);
}

void ConfigSubscriber::note_failure(const Status& status) {
  bool starts = !in_outage_;
  if (starts) {
    in_outage_ = true;
    outage_start_ = std::chrono::steady_clock::now();
    GROVE_LOG_WARN("config: the config server at {}:{} does not answer ({}); retrying every {} ms at most, "
                   "keeping generation {}", options_.host, options_.port, status.message(),
                   options_.backoff.max.count(), current().generation);
  }
  std::lock_guard lock(mutex_);
  ++stats_.failed_attempts;
  if (starts) ++stats_.outages;
  stats_.connected = false;
  stats_.last_error = status.message();
}

void ConfigSubscriber::note_success() {
  if (in_outage_) {
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - outage_start_).count();
    GROVE_LOG_INFO("config: the config server at {}:{} answers again (after {} failed attempts, {:.1f} s)",
                   options_.host, options_.port, backoff_.failures(), seconds);
    in_outage_ = false;
  }
  backoff_.reset();
  std::lock_guard lock(mutex_);
  ++stats_.polls;
  stats_.connected = true;
}

}  // namespace grove::subscription
