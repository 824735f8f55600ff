#include "perf/cluster/load_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "perf/cluster/search_reply.h"

namespace grove::perf {

namespace {

using SteadyClock = std::chrono::steady_clock;

// What the client threads of one pass share.
struct Pass {
  Pass(const std::vector<std::string>& all, size_t count, bool keep)
      : targets(all), end(count), record(keep) {}

  const std::vector<std::string>& targets;
  const size_t end;     // requests [0, end) of the targets
  const bool record;    // false for the warm-up
  std::atomic<size_t> next{0};
  std::mutex error_mutex;
  std::string first_error;        // Invariant: guarded by error_mutex; set once.

  void note_error(const std::string& what) {
    std::lock_guard lock(error_mutex);
    if (first_error.empty()) first_error = what;
  }
};

// Sends one request and classifies its answer.
Sample send_one(SearchConnection& connection, SearchReplyReader& reader, Pass& pass,
                uint32_t request) {
  Sample s{.request = request};
  auto start = SteadyClock::now();
  Result<HttpAnswer> answer = connection.get(pass.targets[request]);
  s.latency_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - start)
                     .count();
  if (!answer.ok()) {
    s.outcome = Outcome::kTransport;
    pass.note_error(answer.status().to_string());
    return s;
  }
  if (answer->status != 200) {
    s.outcome = Outcome::kHttpError;
    pass.note_error(fmt::format("HTTP {}: {}", answer->status, answer->body.substr(0, 300)));
    return s;
  }
  Result<SearchFacts> facts = reader.read(answer->body);
  if (!facts.ok()) {
    s.outcome = Outcome::kBadBody;
    pass.note_error(facts.status().to_string());
    return s;
  }
  s.hits = facts->hits;
  if (!facts->coverage_full || facts->errors > 0) {
    s.outcome = Outcome::kPartial;
    pass.note_error(fmt::format("coverage not full or errors: {}", answer->body.substr(0, 300)));
  }
  const ContainerTiming& t = facts->timing;
  s.trace_ms = {static_cast<float>(facts->max_node_search_ms), static_cast<float>(t.stats_ms),
                static_cast<float>(t.search_ms), static_cast<float>(t.fill_ms),
                static_cast<float>(t.total_ms)};
  if (facts->max_node_search_ms >= 0) {
    s.overhead_ns = s.latency_ns - static_cast<int64_t>(facts->max_node_search_ms * 1e6);
    s.traced = true;
  }
  return s;
}

std::vector<Sample> client_loop(SearchConnection& connection, Pass& pass) {
  SearchReplyReader reader;
  std::vector<Sample> samples;
  if (pass.record) samples.reserve(pass.end / 4 + 16);
  for (size_t i = pass.next.fetch_add(1); i < pass.end; i = pass.next.fetch_add(1)) {
    Sample s = send_one(connection, reader, pass, static_cast<uint32_t>(i));
    if (pass.record) samples.push_back(s);
  }
  return samples;
}

// Runs one pass over [0, end) of the targets on every connection; the samples of all clients.
std::vector<Sample> run_pass(std::vector<SearchConnection>& connections, Pass& pass) {
  std::vector<std::vector<Sample>> per_client(connections.size());
  std::vector<std::thread> threads;
  for (size_t c = 0; c < connections.size(); ++c) {
    threads.emplace_back([&, c] { per_client[c] = client_loop(connections[c], pass); });
  }
  for (std::thread& t : threads) t.join();
  std::vector<Sample> all;
  for (std::vector<Sample>& part : per_client) all.insert(all.end(), part.begin(), part.end());
  return all;
}

// What the cluster spends with no queries at all, for `length` of wall time.
Status sample_idle(const ClusterPids& pids, std::chrono::milliseconds length, LoadRun& run) {
  if (length.count() <= 0) return Status::Ok();
  GROVE_ASSIGN_OR_RETURN(CpuSnapshot before, take_cpu_snapshot(pids));
  auto start = SteadyClock::now();
  std::this_thread::sleep_for(length);
  GROVE_ASSIGN_OR_RETURN(CpuSnapshot after, take_cpu_snapshot(pids));
  run.idle_seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  run.idle_cpu = after - before;
  return Status::Ok();
}

}  // namespace

Result<LoadRun> run_load(const std::vector<std::string>& targets, const LoadOptions& options,
                         const ClusterPids& pids) {
  std::vector<SearchConnection> connections;
  for (int c = 0; c < options.clients; ++c) {
    connections.emplace_back(options.endpoint, options.timeout);
    GROVE_RETURN_IF_ERROR(connections.back().connect());
  }
  Pass warmup(targets, std::min(options.warmup, targets.size()), /*keep=*/false);
  run_pass(connections, warmup);

  LoadRun run;
  std::optional<CpuSnapshot> before;
  if (!pids.empty()) {
    GROVE_RETURN_IF_ERROR(sample_idle(pids, options.idle_sample, run));
    GROVE_ASSIGN_OR_RETURN(before, take_cpu_snapshot(pids));
  }
  Pass timed(targets, targets.size(), /*keep=*/true);
  auto start = SteadyClock::now();
  run.samples = run_pass(connections, timed);
  run.wall_seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  if (before.has_value()) {
    GROVE_ASSIGN_OR_RETURN(CpuSnapshot after, take_cpu_snapshot(pids));
    run.cpu = after - *before;
  }
  run.first_error = timed.first_error;
  return run;
}

}  // namespace grove::perf
