#include "perf/node/feeder.h"

#include <atomic>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "services/idl/content_rpc_client.h"

namespace grove::perf {

namespace {

using Clock = std::chrono::steady_clock;
using rpc::ContentRpcClient;

bool worth_retrying(const Status& s) {
  return s.code() == StatusCode::kUnavailable || s.code() == StatusCode::kResourceExhausted ||
         s.code() == StatusCode::kDeadlineExceeded;
}

// What the feeding threads share. Each thread writes only its own slots of `latencies_ns`.
struct SharedFeed {
  const FeedCorpus& corpus;
  const FeedOptions& options;
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::atomic<uint64_t> applied{0};
  std::atomic<uint64_t> retries{0};
  std::vector<int64_t> latencies_ns;  // Invariant: one slot per document
};

// Puts document `k`, retrying and reconnecting as needed.
Status put_one(SharedFeed& feed, std::unique_ptr<ContentRpcClient>& client, size_t k) {
  const FeedDoc& doc = feed.corpus.docs[k];
  const int64_t timestamp = feed.options.first_timestamp + static_cast<int64_t>(k);
  Status last = Status::Ok();
  for (int attempt = 0; attempt < feed.options.max_attempts; ++attempt) {
    if (attempt > 0) {
      feed.retries.fetch_add(1, std::memory_order_relaxed);
      std::this_thread::sleep_for(std::chrono::milliseconds(10 << std::min(attempt, 6)));
    }
    if (client == nullptr || client->broken()) {
      auto fresh = ContentRpcClient::connect(feed.options.host, feed.options.port);
      if (!fresh.ok()) {
        last = fresh.status();
        continue;
      }
      client = std::move(fresh).value();
    }
    Result<bool> applied = client->put(doc.id, timestamp, doc.bytes, feed.options.timeout);
    if (applied.ok()) {
      if (*applied) feed.applied.fetch_add(1, std::memory_order_relaxed);
      return Status::Ok();
    }
    last = applied.status();
    if (!worth_retrying(last)) break;
  }
  return Status(last.code(), fmt::format("put {}: {}", doc.id, last.message()));
}

// One feeding thread: takes documents until none are left or another thread failed.
Status feed_loop(SharedFeed& feed, std::unique_ptr<ContentRpcClient> client) {
  while (!feed.failed.load(std::memory_order_relaxed)) {
    size_t k = feed.next.fetch_add(1, std::memory_order_relaxed);
    if (k >= feed.corpus.docs.size()) return Status::Ok();
    auto start = Clock::now();
    Status s = put_one(feed, client, k);
    if (!s.ok()) {
      feed.failed = true;
      return s;
    }
    feed.latencies_ns[k] =
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
  }
  return Status::Ok();
}

}  // namespace

Result<FeedStats> feed_documents(const FeedCorpus& corpus, const FeedOptions& options) {
  if (options.threads < 1) return Status::InvalidArgument("feed: threads must be >= 1");
  std::vector<std::unique_ptr<ContentRpcClient>> clients;
  for (int t = 0; t < options.threads; ++t) {
    GROVE_ASSIGN_OR_RETURN(auto client, ContentRpcClient::connect(options.host, options.port));
    clients.push_back(std::move(client));
  }
  SharedFeed feed{.corpus = corpus, .options = options, .latencies_ns = {}};
  feed.latencies_ns.assign(corpus.docs.size(), 0);
  std::vector<Status> statuses(clients.size());
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (size_t t = 0; t < clients.size(); ++t) {
    threads.emplace_back([&, t] { statuses[t] = feed_loop(feed, std::move(clients[t])); });
  }
  for (std::thread& thread : threads) thread.join();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  for (const Status& s : statuses) GROVE_RETURN_IF_ERROR(s);
  FeedStats stats{.docs = corpus.docs.size(),
                  .applied = feed.applied.load(),
                  .retries = feed.retries.load(),
                  .wall_seconds = wall,
                  .latency = summarize(std::move(feed.latencies_ns), wall)};
  return stats;
}

}  // namespace grove::perf
