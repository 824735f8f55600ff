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
//      parallel (ReplicaBatchWriter, a batch of one); replies OK only when every replica made
//      it durable.
// Failures that are not outcomes are errors: InvalidArgument (bad id, JSON or condition),
// Unavailable (no placement, or a replica unreachable, named), DeadlineExceeded, and
// ResourceExhausted when too many operations or calls are in flight ("overloaded; retry"). A
// replica that is out of space (ResourceExhausted from its store) gives FEED_BLOCKED.
//
// execute_batch() runs many operations as one call (feed_batch): it locks all their documents
// (in stripe order, so batches never deadlock), decides each in order, and writes them with one
// write_batch per replica node (ReplicaBatchWriter); each operation keeps its own answer.
// Formats, outcomes and metrics: docs/distributor.md.
//
// Usage:
//   auto distributor = Distributor::for_node(node, metrics);   // peers from --nodes
//   Result<FeedResult> r = distributor->update({id, R"({"fields":{"n":{"increment":1}}})"}, deadline);
//   auto replies = distributor->execute_batch(std::move(ops), deadline);  // one Result per op
//
// Owned by main() (next to the ContentNode it borrows, which must outlive it). Thread-safe:
// each operation runs on its caller's thread (a Thrift worker) and blocks it until the reply.
// stop() before the node closes: it ends calls to peers still outstanding.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "content/distributor/bucket_maintainer.h"
#include "content/distributor/document_locks.h"
#include "content/distributor/hybrid_clock.h"
#include "content/distributor/replica_batch_writer.h"
#include "content/distributor/replica_peers.h"
#include "content/distributor/replica_reader.h"
#include "content/node/content_node.h"
#include "services/base/clock.h"
#include "services/document/document_update.h"
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

// One operation of a batch, with its own deadline (an operation whose deadline has passed when
// its turn comes is answered DeadlineExceeded and not executed).
struct FeedBatchOp {
  std::variant<FeedPut, FeedUpdate, FeedRemove> op;
  Deadline deadline = Deadline::never();
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
  // Runs `ops` in order as one call, blocking until every answer is known: one Result per
  // operation, as the single calls above would give it (two operations on one document see
  // each other, in order). A Status only when the whole batch is refused (overloaded).
  // `deadline` bounds the replica writes of the whole batch.
  Result<std::vector<Result<FeedResult>>> execute_batch(std::vector<FeedBatchOp> ops,
                                                        const Deadline& deadline);

  // The cluster state the node routes by, as a snapshot; nullptr without a placement.
  std::shared_ptr<const distribution::ClusterState> cluster_state() const;
  // Operations in flight (a batch counts all of its operations).
  size_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  // The most operations admitted at once (max_feed_operations).
  size_t limit() const { return operation_limit_; }
  const HybridClock& clock() const { return clock_; }
  // How this node reaches its peers; nullptr when it knows none.
  ReplicaPeers* peers() const { return peers_.get(); }

  // Bucket maintenance of this node (borrowed; nullptr: none, then every write takes its
  // bucket as new on the nodes that lack it). With it, a write also goes to the nodes that
  // still hold its bucket outside the ideal state, and waits for the bucket database of a new
  // cluster state (ownership handover). Set before the first write.
  void set_maintainer(BucketMaintainer* maintainer) { maintainer_ = maintainer; }
  BucketMaintainer* maintainer() const { return maintainer_; }

  // Learns the endpoints of the nodes a new config generation added to the cluster (`nodes`:
  // all of them), so that writes can reach them. InvalidArgument for a node without peers.
  Status add_peers(const std::map<uint16_t, NodeEndpoint>& nodes);
  // Ends the calls to peers still outstanding (with Unavailable). Idempotent.
  void stop();

 private:
  // In the order of FeedBatchOp::op's alternatives (execute_batch relies on it).
  enum Kind { kPut, kUpdate, kRemove, kKinds };
  struct Metrics;
  class Admission;
  // Where an operation goes.
  struct Routed {
    distribution::DocumentId id;
    const document::DocumentType* type = nullptr;
    std::shared_ptr<const distribution::PlacementTable> table;  // keeps `placement` alive
    const distribution::BucketPlacement* placement = nullptr;
    std::optional<FeedResult> wrong;  // set when this node does not own the bucket
  };
  // An operation after routing and parsing, ready to be decided under its document's lock.
  struct Prepared {
    Kind kind = kPut;
    Routed r;
    std::optional<document::DocumentSelection> condition;
    std::optional<document::DocumentUpdate> update;  // kUpdate
    bool create = false;                             // kUpdate
    std::string document;                            // kPut
    Deadline deadline = Deadline::never();           // the operation's own (batches)

    bool needs_read() const { return condition.has_value() || kind == kUpdate; }
  };
  // What an operation does once decided: nothing (refused), or a put or a remove.
  struct Decision {
    std::optional<FeedResult> refused;
    bool remove = false;
    std::string document;  // a put's binary form
  };
  class Batch;

  Result<Routed> route(const std::string& document_id, const char* op) const;
  Result<std::optional<document::DocumentSelection>> parse_condition(
      const std::optional<std::string>& condition) const;
  // Routing and parsing, before any lock: the operation ready to decide, or its error.
  Result<Prepared> prepare_common(Kind kind, const std::string& document_id,
                                  const std::optional<std::string>& condition,
                                  const char* call) const;
  Result<Prepared> prepare(FeedPut op) const;
  Result<Prepared> prepare(const FeedUpdate& op) const;
  Result<Prepared> prepare(const FeedRemove& op) const;
  Result<Prepared> prepare(FeedBatchOp& op) const;
  // Under the document's lock, given its current version (read when p needs one): a refusal
  // (condition not met, not found) or what to write.
  Result<Decision> decide(Prepared& p, std::optional<document::Document> current) const;
  Result<std::optional<document::Document>> read_current(const Prepared& p, const Deadline& deadline);
  // One operation: lock, read, decide, write to every replica with a new timestamp.
  Result<FeedResult> run(Result<Prepared> prepared, const Deadline& deadline);
  // The write of `p`, with the nodes it goes to besides the ideal ones and whether its bucket is
  // new (bucket maintenance's database); Unavailable while the database is rebuilt.
  Result<PlannedWrite> plan_write(const Prepared& p, ReplicaWrite write, const Deadline& deadline);
  // After a write was sent: its nodes hold the bucket now.
  void record_written(const PlannedWrite& w);
  // A whole batch, once admitted (distributor_batch.cpp).
  std::vector<Result<FeedResult>> run_batch(std::vector<FeedBatchOp>& ops, const Deadline& deadline);
  // Admits the operation, runs it and records its metrics.
  template <typename Run>
  Result<FeedResult> measured(Kind kind, Run run);
  void record(Kind kind, const Result<FeedResult>& result, double ms);
  Status overloaded() const;

  ContentNode& node_;
  BucketMaintainer* maintainer_ = nullptr;
  std::unique_ptr<ReplicaPeers> peers_;
  ReplicaReader reader_;
  ReplicaBatchWriter batch_writer_;
  const Clock& steady_clock_;
  HybridClock clock_;
  DocumentLocks locks_;
  MetricRegistry& registry_;
  std::unique_ptr<Metrics> metrics_;
  // Operations admitted at once: max_feed_operations (a batch counts all of its operations).
  const size_t operation_limit_;
  // Calls (single operations or batches) admitted at once: half the Thrift workers, since each
  // holds its worker until the replicas answer, so that replica writes from other distributors
  // always find a free worker (two nodes whose workers all waited for each other's replica
  // writes would stall until their deadlines).
  const size_t call_limit_;
  // Invariant: operations between admission and reply, refused ones included while refused.
  std::atomic<size_t> in_flight_{0};
  // Invariant: calls between admission and reply, refused ones included while refused.
  std::atomic<size_t> calls_in_flight_{0};
};

}  // namespace grove::content
