#include "perf/peers/bench_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <numeric>
#include <thread>

namespace grove::perf {

namespace {

using Clock = std::chrono::steady_clock;

// One thread's loop: take the next position, run it, record it. Stops at the end of the list or
// at the first error (which it returns).
Status drain(PeerSearcher& searcher, const std::vector<uint32_t>& indices,
             std::atomic<size_t>& next, std::atomic<bool>& failed, RunResult& out) {
  while (!failed.load(std::memory_order_relaxed)) {
    size_t k = next.fetch_add(1, std::memory_order_relaxed);
    if (k >= indices.size()) return Status::Ok();
    auto start = Clock::now();
    Result<uint32_t> hits = searcher.search(indices[k]);
    auto end = Clock::now();
    if (!hits.ok()) {
      failed = true;
      return hits.status();
    }
    out.latencies_ns[k] = std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count();
    out.hits[k] = *hits;
  }
  return Status::Ok();
}

}  // namespace

double RunResult::avg_hits() const {
  if (hits.empty()) return 0;
  return std::accumulate(hits.begin(), hits.end(), 0.0) / static_cast<double>(hits.size());
}

uint64_t RunResult::zero_hit() const {
  return static_cast<uint64_t>(std::count(hits.begin(), hits.end(), 0u));
}

BenchRunner::BenchRunner(std::vector<std::unique_ptr<PeerSearcher>> searchers)
    : searchers_(std::move(searchers)) {
  GROVE_ASSERT(!searchers_.empty());
}

Result<RunResult> BenchRunner::run(const std::vector<uint32_t>& indices) {
  RunResult out;
  out.latencies_ns.assign(indices.size(), 0);
  out.hits.assign(indices.size(), 0);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<Status> statuses(searchers_.size());
  auto start = Clock::now();
  if (searchers_.size() == 1) {
    statuses[0] = drain(*searchers_[0], indices, next, failed, out);
  } else {
    std::vector<std::thread> threads;
    for (size_t t = 0; t < searchers_.size(); ++t) {
      threads.emplace_back(
          [&, t] { statuses[t] = drain(*searchers_[t], indices, next, failed, out); });
    }
    for (std::thread& thread : threads) thread.join();
  }
  out.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const Status& s : statuses) GROVE_RETURN_IF_ERROR(s);
  return out;
}

}  // namespace grove::perf
