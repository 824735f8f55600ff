#pragma once

// BucketMaintainer: the maintenance half of a node's distributor role (DESIGN §6,
// docs/maintenance.md). For the buckets this node owns under its cluster state it keeps a
// bucket database (per replica: documents, checksum, bytes, ready, active), filled by asking
// every node that is not down for its buckets (list_buckets), at start, at every new cluster
// state or config, and every scan interval; and it brings each bucket to its ideal state
// (bucket_plan.h): merges (entries compared, the documents a replica lacks fetched from one
// that has them and applied, in batches of many buckets), ready and active changes
// (activations before deactivations), and deletes of replicas that are no longer ideal.
//
// The write path asks it for a bucket's current replicas (Distributor: a write goes to every
// ideal replica and every node that still holds the bucket, DESIGN §5) and whether the bucket
// is new; until the database is built for the cluster state the node routes by, writes wait
// (at most `handover_wait`), then get Unavailable and are retried by the container.
//
// Every call goes through protocol::ContentService (a Thrift client per peer; this node's own
// in-process service), so the same code runs against an in-process cluster in tests.
//
// Lifecycle: start() runs the maintenance thread; stop() ends it (a merge in progress ends with
// its current call). Thread-safe.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <thread>
#include <unordered_map>
#include <vector>

#include "content/distributor/bucket_plan.h"
#include "content/node/content_node.h"
#include "services/base/deadline.h"
#include "services/metrics/metrics.h"
#include "services/protocol/content_service.h"

namespace grove::content {

// What the database holds and maintenance found in its last comparison (metrics, ping, status):
// the protocol's report, which the node's ping carries as it is.
using MaintenanceStats = protocol::MaintenanceReport;

class BucketMaintainer {
 public:
  // The service of node `key`, or nullptr when the node cannot be reached (no endpoint). Called
  // from the maintenance thread; the service must outlive the maintainer.
  using Connect = std::function<protocol::ContentService*(uint16_t key)>;
  // Every node that may hold data: the cluster's and any the node still knows from earlier
  // generations (they drain).
  using KnownNodes = std::function<std::vector<uint16_t>()>;

  BucketMaintainer(ContentNode& node, Connect connect, KnownNodes known, MetricRegistry& metrics,
                   MaintenanceOptions options = {});
  ~BucketMaintainer();
  BucketMaintainer(const BucketMaintainer&) = delete;
  BucketMaintainer& operator=(const BucketMaintainer&) = delete;

  void start();
  void stop();
  // Runs a cycle now (tests, and after a write failed on some replica).
  void trigger();
  // A node that a deploy removed from its cluster maintains nothing: it only serves what it
  // holds while the others drain it (its config is the old one, so its plans would undo
  // theirs). Cycles stop while retired; set back to false when a later deploy brings it back.
  void set_retired(bool retired);
  // Runs one whole cycle on the calling thread (tests; not while started). Returns whether any
  // work was left or done.
  Result<bool> run_cycle();

  // For a write to `bucket` under the cluster state `version`: the nodes that hold it and are not
  // ideal replicas (they get the write too), and whether no node holds it. Waits for the
  // database of `version` (handover_wait at most, and the deadline); Unavailable after that.
  struct WriteTargets {
    std::vector<uint16_t> extra;
    bool new_bucket = false;
  };
  Result<WriteTargets> write_targets(distribution::BucketId bucket,
                                     const distribution::BucketPlacement& placement,
                                     uint32_t version, const Deadline& deadline);
  // A write went to `nodes` for `bucket`: they hold it now.
  void record_write(distribution::BucketId bucket, std::span<const uint16_t> nodes);

  MaintenanceStats stats() const;

 private:
  struct Metrics;
  using Replicas = std::vector<ReplicaState>;
  using Database = std::unordered_map<uint64_t, Replicas>;

  void loop();
  Result<bool> cycle(const std::shared_ptr<const distribution::PlacementTable>& table);
  // list_buckets on every node not down: the owned buckets' replicas; `listed[k]` for the nodes
  // that answered.
  // `unsettled`: the nodes of the table's config that answered with another layout (they have
  // not adopted this config yet, or this node has not adopted theirs).
  Result<Database> scan(const distribution::PlacementTable& table, std::vector<bool>& listed,
                        std::set<uint16_t>& unsettled);
  void install(Database db, uint32_t version);
  Status execute_roles(const std::map<uint16_t, std::vector<protocol::BucketState>>& changes);
  Status execute_deletes(const std::map<uint16_t, std::vector<uint64_t>>& deletes);
  void execute_merges(const distribution::PlacementTable& table,
                      std::vector<std::pair<std::vector<uint16_t>, std::vector<uint64_t>>> merges);
  Status merge(const std::vector<uint16_t>& nodes, const std::vector<uint64_t>& buckets);
  Deadline call_deadline() const;

  ContentNode& node_;
  Connect connect_;
  KnownNodes known_;
  MaintenanceOptions options_;
  std::unique_ptr<Metrics> metrics_;

  mutable std::mutex db_mutex_;
  std::condition_variable db_changed_;
  Database db_;                // guarded by db_mutex_
  uint32_t db_version_ = 0;    // guarded by db_mutex_
  bool scanning_ = false;      // guarded by db_mutex_
  // Writes recorded while a scan runs, applied to the scan's result; guarded by db_mutex_.
  std::vector<std::pair<uint64_t, uint16_t>> written_during_scan_;
  MaintenanceStats stats_;     // guarded by db_mutex_

  std::mutex loop_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by loop_mutex_
  bool triggered_ = false; // guarded by loop_mutex_
  bool retired_ = false;   // guarded by loop_mutex_
  std::thread thread_;
  std::atomic<int64_t> documents_moved_{0};
  std::atomic<int64_t> bytes_moved_{0};
};

}  // namespace grove::content
