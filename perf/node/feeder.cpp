#include "perf/node/feeder.h"

#include <atomic>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "services/rpc/blocking_content_client.h"

namespace grove::perf {

namespace {

using Clock = std::chrono::steady_clock;
using rpc::BlockingContentClient;

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

// A client that is connected, or the Status of the attempt to connect one.
Status ensure_connected(const FeedOptions& options, std::unique_ptr<BlockingContentClient>& client) {
  if (client != nullptr && client->healthy()) return Status::Ok();
  GROVE_ASSIGN_OR_RETURN(client, BlockingContentClient::connect(options.host, options.port));
  return Status::Ok();
}

// Writes documents [first, first + count) in write_batch calls, retrying the writes that fail
// with a status worth retrying (the others fail the feed), reconnecting when the connection
// broke. A document gets timestamp first_timestamp + its position in the corpus.
Status write_range(SharedFeed& feed, std::unique_ptr<BlockingContentClient>& client, size_t first,
                   size_t count) {
  std::vector<size_t> pending(count);
  for (size_t i = 0; i < count; ++i) pending[i] = first + i;
  Status last = Status::Ok();
  for (int attempt = 0; attempt < feed.options.max_attempts && !pending.empty(); ++attempt) {
    if (attempt > 0) {
      feed.retries.fetch_add(pending.size(), std::memory_order_relaxed);
      std::this_thread::sleep_for(std::chrono::milliseconds(10 << std::min(attempt, 6)));
    }
    last = ensure_connected(feed.options, client);
    if (!last.ok()) continue;
    protocol::WriteBatchRequest writes;
    writes.writes.resize(pending.size());
    for (size_t i = 0; i < pending.size(); ++i) {
      const FeedDoc& doc = feed.corpus.docs[pending[i]];
      writes.writes[i].document_id = doc.id;
      writes.writes[i].timestamp = feed.options.first_timestamp + static_cast<int64_t>(pending[i]);
      writes.writes[i].document = doc.bytes;
    }
    auto reply = client->write_batch(std::move(writes), feed.options.timeout);
    auto results = reply.ok() ? Result<std::vector<protocol::ReplicaWriteResult>>(std::move(reply->results))
                              : Result<std::vector<protocol::ReplicaWriteResult>>(reply.status());
    if (!results.ok()) {
      last = results.status();
      if (!worth_retrying(last)) break;
      continue;
    }
    if (results->size() != pending.size()) {
      return Status::Internal(fmt::format("write_batch answered {} results for {} writes",
                                          results->size(), pending.size()));
    }
    std::vector<size_t> again;
    for (size_t i = 0; i < pending.size(); ++i) {
      const protocol::ReplicaWriteResult& r = (*results)[i];
      if (!r.error) {
        if (r.applied) feed.applied.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      last = Status(*r.error, r.message);
      if (!worth_retrying(last)) {
        return Status(last.code(), fmt::format("put {}: {}", feed.corpus.docs[pending[i]].id,
                                               last.message()));
      }
      again.push_back(pending[i]);
    }
    pending = std::move(again);
  }
  if (pending.empty()) return Status::Ok();
  return Status(last.code(), fmt::format("put {} (and {} more of its batch): {}",
                                         feed.corpus.docs[pending[0]].id, pending.size() - 1,
                                         last.message()));
}

// One feeding thread: takes the next `batch` documents until none are left or another thread
// failed. Every document of a call gets the call's latency.
Status feed_loop(SharedFeed& feed, std::unique_ptr<BlockingContentClient> client) {
  const size_t batch = static_cast<size_t>(feed.options.batch);
  const size_t total = feed.corpus.docs.size();
  while (!feed.failed.load(std::memory_order_relaxed)) {
    size_t first = feed.next.fetch_add(batch, std::memory_order_relaxed);
    if (first >= total) return Status::Ok();
    const size_t count = std::min(batch, total - first);
    auto start = Clock::now();
    Status s = write_range(feed, client, first, count);
    if (!s.ok()) {
      feed.failed = true;
      return s;
    }
    const int64_t ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
    for (size_t k = first; k < first + count; ++k) feed.latencies_ns[k] = ns;
  }
  return Status::Ok();
}

}  // namespace

Result<FeedStats> feed_documents(const FeedCorpus& corpus, const FeedOptions& options) {
  if (options.threads < 1) return Status::InvalidArgument("feed: threads must be >= 1");
  if (options.batch < 1) return Status::InvalidArgument("feed: batch must be >= 1");
  std::vector<std::unique_ptr<BlockingContentClient>> clients;
  for (int t = 0; t < options.threads; ++t) {
    GROVE_ASSIGN_OR_RETURN(auto client, BlockingContentClient::connect(options.host, options.port));
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
