#pragma once

// Distributor: the distributor role of a content node (DESIGN §5) for the buckets it owns in
// its cluster's PlacementTable. Containers send every put, update and remove to the owner of the
// document's bucket; the owner
//   1. refuses a document it does not own (WRONG_DISTRIBUTION, with the state it routes by);
//   2. takes the document's lock (DocumentLocks), held until the reply, so that concurrent
//      updates of one document never lose a change;
//   3. reads the current version when it needs one (a condition, an update) and checks the
//      condition (a services/document DocumentSelection; false: CONDITION_NOT_MET);
//   4. applies an update to it (missing without create: NOT_FOUND);
//   5. assigns a timestamp from its HybridClock and writes the result to every ideal replica in
//      parallel (ReplicaWriter); replies OK only when every replica made it durable.
// Failures that are not outcomes are errors: InvalidArgument (bad id, JSON or condition),
// Unavailable (no placement, or a replica unreachable, named), DeadlineExceeded, and
// ResourceExhausted when more than limit() operations are in flight ("overloaded; retry"). A replica that is out of space (ResourceExhausted from its store) gives FEED_BLOCKED.
// Formats, outcomes and metrics: docs/distributor.md.
//
// Usage:
//   auto distributor = Distributor::for_node(node, metrics);   // peers from --nodes
//   Result<FeedResult> r = distributor->update({id, R"({"fields":{"n":{"increment":1}}})"}, deadline);
//
// Owned by main() (next to the ContentNode it borrows, which must outlive it). Thread-safe:
// each operation runs on its caller's thread (a Thrift worker) and blocks it until the reply.
// stop() before the node closes: it ends calls to peers still outstanding.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "content/distributor/document_locks.h"
#include "content/distributor/hybrid_clock.h"
#include "content/distributor/replica_peers.h"
#include "content/distributor/replica_writer.h"
#include "content/node/content_node.h"
#include "services/base/clock.h"
#include "services/document/selection.h"
#include "services/metrics/metrics.h"

namespace grove::content {

enum class FeedOutcome { kOk, kConditionNotMet, kNotFound, kWrongDistribution, kFeedBlocked };
inline constexpr int kFeedOutcomes = 5;
// "ok", "condition_not_met", "not_found", "wrong_distribution", "feed_blocked".
std::string_view feed_outcome_name(FeedOutcome outcome);

struct FeedResult {
  FeedOutcome outcome = FeedOutcome::kOk;
  uint64_t timestamp = 0;  // the timestamp written; 0 when nothing was
  std::string message;     // for anything but kOk
};

struct FeedPut {
  std::string document_id;
  std::string document;  // services/document binary form
  std::optional<std::string> condition;
};

struct FeedUpdate {
  std::string document_id;
  std::string update_json;  // {"fields": {"year": {"increment": 1}}}
  std::optional<std::string> condition;
  bool create = false;
};

struct FeedRemove {
  std::string document_id;
  std::optional<std::string> condition;
};

class Distributor {
 public:
  // `peers`: how to reach the other nodes; nullptr when the node knows none (no --nodes).
  Distributor(ContentNode& node, std::unique_ptr<ReplicaPeers> peers, MetricRegistry& metrics,
              const Clock& clock = SystemClock::instance());
  // With AsyncReplicaPeers for node.options().nodes (none when it is empty).
  static std::unique_ptr<Distributor> for_node(ContentNode& node, MetricRegistry& metrics);
  ~Distributor();
  Distributor(const Distributor&) = delete;
  Distributor& operator=(const Distributor&) = delete;

  // Each blocks its caller until the reply: a FeedResult for every outcome (kOk with the
  // timestamp written, kConditionNotMet, kNotFound, kWrongDistribution, kFeedBlocked), or one
  // of the errors listed above.
  Result<FeedResult> put(FeedPut op, const Deadline& deadline);
  Result<FeedResult> update(const FeedUpdate& op, const Deadline& deadline);
  Result<FeedResult> remove(const FeedRemove& op, const Deadline& deadline);

  // The cluster state it routes by; nullptr without a placement.
  const distribution::ClusterState* cluster_state() const;
  size_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  // The most operations admitted at once (see limit_).
  size_t limit() const { return limit_; }
  const HybridClock& clock() const { return clock_; }

  // Ends the calls to peers still outstanding (with Unavailable). Idempotent.
  void stop();

 private:
  enum Kind { kPut, kUpdate, kRemove, kKinds };
  struct Metrics;
  struct Routed;
  class Admission;

  Result<Routed> route(const std::string& document_id, const char* op) const;
  Result<std::optional<document::DocumentSelection>> parse_condition(
      const std::optional<std::string>& condition) const;
  Result<FeedResult> run_put(FeedPut op, const Deadline& deadline);
  Result<FeedResult> run_update(const FeedUpdate& op, const Deadline& deadline);
  Result<FeedResult> run_remove(const FeedRemove& op, const Deadline& deadline);
  // Writes to every replica with a new timestamp; the reply for the outcome.
  Result<FeedResult> write_put(const Routed& r, std::string document, const Deadline& deadline);
  Result<FeedResult> write_remove(const Routed& r, const Deadline& deadline);
  // Admits the operation, runs it and records its metrics.
  template <typename Run>
  Result<FeedResult> measured(Kind kind, Run run);

  ContentNode& node_;
  std::unique_ptr<ReplicaPeers> peers_;
  ReplicaWriter writer_;
  const Clock& steady_clock_;
  HybridClock clock_;
  DocumentLocks locks_;
  MetricRegistry& registry_;
  std::unique_ptr<Metrics> metrics_;
  // Operations admitted at once: max_feed_operations, but at most half the Thrift workers, so
  // that replica writes from other distributors always find a free worker (two nodes whose
  // workers all waited for each other's replica writes would stall until their deadlines).
  const size_t limit_;
  // Invariant: operations between admission and reply; at most limit_ + the callers that are
  // being refused.
  std::atomic<size_t> in_flight_{0};
};

}  // namespace grove::content
