#include "content/distributor/bucket_maintainer.h"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <set>
#include <thread>

#include "services/base/logging.h"
#include "services/base/thread_name.h"

namespace grove::content {

using distribution::BucketId;
using distribution::PlacementTable;

namespace {

// A merge that a node's throttle refused is retried this many times, after attempt × backoff.
constexpr int kThrottleRetries = 5;
constexpr std::chrono::milliseconds kThrottleBackoff{20};

// Starts one asynchronous ContentService call; its reply comes through the future. The
// contract of every call is that `done` runs exactly once, by the deadline, so a wait on the
// future is bounded.
template <typename Reply, typename Issue>
std::future<Result<Reply>> start_call(Issue&& issue) {
  auto promise = std::make_shared<std::promise<Result<Reply>>>();
  std::future<Result<Reply>> reply = promise->get_future();
  issue([promise](Result<Reply> r) { promise->set_value(std::move(r)); });
  return reply;
}

// One call, waited for.
template <typename Reply, typename Issue>
Result<Reply> call(Issue&& issue) {
  return start_call<Reply>(std::forward<Issue>(issue)).get();
}

// The [begin, end) ranges of `size` items in chunks of at most `chunk`.
template <typename Each>
void for_each_chunk(size_t size, size_t chunk, Each&& each) {
  for (size_t at = 0; at < size; at += chunk) each(at, std::min(size, at + chunk));
}

ReplicaState replica_of(uint16_t node, const protocol::BucketInfo& info) {
  return ReplicaState{node, info.document_count, info.checksum, info.ready,
                      info.active, info.total_bytes, info.previous_active};
}

// A node that is down in the cluster state is not asked; one past the state's count is down.
bool storage_listable(const distribution::ClusterState& state, uint16_t node) {
  return !state.node_state(distribution::NodeType::kStorage, node).is_one_of("d");
}

}  // namespace

struct BucketMaintainer::Metrics {
  explicit Metrics(MetricRegistry& r)
      : buckets(r.gauge("distributor_buckets", "Buckets this distributor owns that some node holds")),
        pending_merge(r.gauge("distributor_buckets_pending_merge", "Owned buckets whose replicas need a merge")),
        too_few(r.gauge("distributor_buckets_too_few_copies", "Owned buckets that an ideal node lacks")),
        too_many(r.gauge("distributor_buckets_too_many_copies", "Owned buckets held by a node that is not ideal")),
        out_of_sync(r.gauge("distributor_buckets_out_of_sync", "Owned buckets whose replicas disagree")),
        without_active(r.gauge("distributor_buckets_without_active", "Owned buckets with a leaf group that has no active replica")),
        pending(r.gauge("distributor_buckets_pending", "Owned buckets with maintenance work left")),
        documents_moved(r.counter("distributor_documents_moved", "Entries (documents and tombstones) applied by merges")),
        bytes_moved(r.counter("distributor_bytes_moved", "Document bytes applied by merges")),
        merges(r.counter("distributor_merges", "Merge calls completed (each many buckets)")),
        state_changes(r.counter("distributor_bucket_state_changes", "Replicas set ready, active or back")),
        deletes(r.counter("distributor_bucket_deletes", "Replicas deleted")),
        errors(r.counter("distributor_maintenance_errors", "Maintenance calls that failed (retried next cycle)")),
        throttled(r.counter("distributor_merges_throttled",
                            "Merges refused by a node's merge throttle (max_merges_per_node) and retried")),
        cycle_ms(r.histogram("distributor_maintenance_cycle_ms", "Time of one maintenance cycle")) {}
  Gauge &buckets, &pending_merge, &too_few, &too_many, &out_of_sync, &without_active, &pending;
  Counter &documents_moved, &bytes_moved, &merges, &state_changes, &deletes, &errors, &throttled;
  Histogram& cycle_ms;
};

BucketMaintainer::BucketMaintainer(ContentNode& node, Connect connect, KnownNodes known,
                                   MetricRegistry& metrics, MaintenanceOptions options)
    : node_(node),
      connect_(std::move(connect)),
      known_(std::move(known)),
      options_(options),
      metrics_(std::make_unique<Metrics>(metrics)) {}

BucketMaintainer::~BucketMaintainer() { stop(); }

void BucketMaintainer::start() {
  thread_ = std::thread([this] {
    set_thread_name("grove-maintain");
    loop();
  });
}

void BucketMaintainer::stop() {
  {
    std::lock_guard lock(loop_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(db_mutex_);
  db_changed_.notify_all();
}

void BucketMaintainer::set_retired(bool retired) {
  {
    std::lock_guard lock(loop_mutex_);
    retired_ = retired;
    triggered_ = true;
  }
  wake_.notify_all();
}

void BucketMaintainer::trigger() {
  {
    std::lock_guard lock(loop_mutex_);
    triggered_ = true;
  }
  wake_.notify_all();
}

Deadline BucketMaintainer::call_deadline() const {
  return Deadline::after(SystemClock::instance(), options_.call_timeout);
}

void BucketMaintainer::loop() {
  std::shared_ptr<const PlacementTable> last;
  auto next_scan = std::chrono::steady_clock::now();
  constexpr auto kPoll = std::chrono::milliseconds(100);
  std::unique_lock lock(loop_mutex_);
  while (!stopping_) {
    std::shared_ptr<const PlacementTable> table = node_.placement();
    const auto now = std::chrono::steady_clock::now();
    if (table && !retired_ && (table != last || triggered_ || now >= next_scan)) {
      triggered_ = false;
      lock.unlock();
      const auto start = std::chrono::steady_clock::now();
      Result<bool> busy = cycle(table);
      metrics_->cycle_ms.record(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      if (!busy.ok()) {
        metrics_->errors.add();
        GROVE_LOG_WARN("bucket maintenance: {}", busy.status().to_string());
      }
      last = table;
      next_scan = std::chrono::steady_clock::now() +
                  (busy.ok() && !*busy ? options_.scan_interval : options_.busy_interval);
      lock.lock();
      continue;
    }
    // Nothing to run (no placement yet, or retired): a trigger is dropped, and the loop looks
    // again every kPoll instead of spinning on a past next_scan or a set trigger.
    std::chrono::steady_clock::duration wait = kPoll;
    if (table && !retired_) {
      wait = std::clamp<std::chrono::steady_clock::duration>(next_scan - now, std::chrono::milliseconds(1), kPoll);
    } else {
      triggered_ = false;
    }
    wake_.wait_for(lock, wait, [this] { return stopping_ || triggered_; });
  }
}

Result<bool> BucketMaintainer::run_cycle() {
  std::shared_ptr<const PlacementTable> table = node_.placement();
  if (!table) return Status::Unavailable("the node has no placement: nothing to maintain");
  return cycle(table);
}

Result<BucketMaintainer::Database> BucketMaintainer::scan(const PlacementTable& table,
                                                          std::vector<bool>& listed,
                                                          std::set<uint16_t>& unsettled) {
  std::set<uint16_t> nodes;      // every node to ask
  std::set<uint16_t> in_config;  // those the cluster state speaks for
  for (const distribution::Group* g : table.distribution().leaf_groups()) {
    for (uint16_t n : g->nodes()) {
      nodes.insert(n);
      in_config.insert(n);
    }
  }
  // A node a new config removed is outside the cluster state but still holds data, which
  // drains from it to the ideal nodes: it is asked while it answers.
  if (known_) {
    for (uint16_t k : known_()) nodes.insert(k);
  }
  struct Pending {
    uint16_t node;
    std::future<Result<protocol::ListBucketsReply>> reply;
    std::future<Result<protocol::PingReply>> ping;  // nodes of the config: which layout they have
  };
  std::vector<Pending> pending;
  const Deadline deadline = Deadline::after(SystemClock::instance(), options_.list_timeout);
  for (uint16_t k : nodes) {
    if (in_config.contains(k) && !storage_listable(table.state(), k)) continue;
    protocol::ContentService* service = connect_(k);
    if (service == nullptr) continue;
    Pending p{k, start_call<protocol::ListBucketsReply>(
                     [&](auto done) { service->list_buckets({}, deadline, std::move(done)); }), {}};
    if (in_config.contains(k)) {
      p.ping = start_call<protocol::PingReply>([&](auto done) { service->ping({}, deadline, std::move(done)); });
    }
    pending.push_back(std::move(p));
  }
  const uint64_t layout = table.distribution().layout_id();
  const uint16_t self = node_.options().distribution_key;
  const uint32_t bits = table.distribution_bits();
  Database db;
  listed.assign(nodes.empty() ? 0 : *nodes.rbegin() + 1, false);
  unsettled.clear();
  for (Pending& p : pending) {
    if (p.ping.valid()) {
      Result<protocol::PingReply> ping = p.ping.get();
      // A node of this config on another layout is between generations: its buckets' roles
      // must not change under this layout yet (its previous layout's activation is copied
      // when it adopts the config). 0: a node that reports none.
      if (ping.ok() && ping->layout_id != 0 && ping->layout_id != layout) unsettled.insert(p.node);
    }
    Result<protocol::ListBucketsReply> reply = p.reply.get();
    if (!reply.ok()) {
      metrics_->errors.add();
      GROVE_LOG_DEBUG("bucket maintenance: node {} did not list its buckets: {}", p.node,
                      reply.status().to_string());
      continue;
    }
    listed[p.node] = true;
    for (const protocol::BucketInfo& info : reply->buckets) {
      const BucketId bucket(info.bucket);
      if (bucket.used_bits() != bits) continue;  // buckets keep the bits they have
      if (table.at(bucket).owner != self) continue;
      db[info.bucket].push_back(replica_of(p.node, info));
    }
  }
  return db;
}

void BucketMaintainer::install(Database db, uint32_t version) {
  std::lock_guard lock(db_mutex_);
  for (const auto& [bucket, node] : written_during_scan_) {
    Replicas& replicas = db[bucket];
    if (std::none_of(replicas.begin(), replicas.end(), [&](const ReplicaState& r) { return r.node == node; })) {
      replicas.push_back(ReplicaState{node});
    }
  }
  written_during_scan_.clear();
  scanning_ = false;
  db_ = std::move(db);
  db_version_ = version;
  db_changed_.notify_all();
}

Result<bool> BucketMaintainer::cycle(const std::shared_ptr<const PlacementTable>& table) {
  {
    std::lock_guard lock(db_mutex_);
    scanning_ = true;
    written_during_scan_.clear();
  }
  std::vector<bool> listed;
  std::set<uint16_t> unsettled;
  Result<Database> scanned = scan(*table, listed, unsettled);
  if (!scanned.ok()) {
    std::lock_guard lock(db_mutex_);
    scanning_ = false;
    return scanned.status();
  }
  Database db = std::move(scanned).value();

  MaintenanceStats found;
  found.state_version = table->state().version();
  found.layout = table->distribution().layout_id();
  found.buckets = static_cast<int64_t>(db.size());
  std::map<uint16_t, std::vector<protocol::BucketState>> raise, lower;
  std::map<uint16_t, std::vector<uint64_t>> deletes;
  std::map<std::vector<uint16_t>, std::vector<uint64_t>> merges;
  // Buckets whose deactivations wait for their activations.
  std::map<uint64_t, std::vector<RoleChange>> lowered;
  for (const auto& [raw, replicas] : db) {
    const BucketPlan plan = plan_bucket(table->distribution(), table->at(BucketId(raw)), replicas, listed);
    found.too_few_copies += plan.too_few_copies;
    found.too_many_copies += plan.too_many_copies;
    found.out_of_sync += plan.out_of_sync;
    found.without_active += plan.group_without_active;
    found.roles_pending += !plan.raise.empty() || !plan.lower.empty();
    found.pending_merge += !plan.merge.empty();
    found.pending += !plan.idle() || plan.too_many_copies;
    if (!plan.merge.empty()) merges[plan.merge].push_back(raw);
    for (const RoleChange& c : plan.raise) raise[c.node].push_back({raw, c.role.ready, c.role.active});
    if (!plan.lower.empty()) lowered[raw] = plan.lower;
    for (uint16_t n : plan.remove) deletes[n].push_back(raw);
  }
  install(std::move(db), table->state().version());
  {
    std::lock_guard lock(db_mutex_);
    found.documents_moved = documents_moved_.load();
    found.bytes_moved = bytes_moved_.load();
    found.cycles = stats_.cycles + 1;
    stats_ = found;
  }
  metrics_->buckets.set(static_cast<double>(found.buckets));
  metrics_->pending_merge.set(static_cast<double>(found.pending_merge));
  metrics_->too_few.set(static_cast<double>(found.too_few_copies));
  metrics_->too_many.set(static_cast<double>(found.too_many_copies));
  metrics_->out_of_sync.set(static_cast<double>(found.out_of_sync));
  metrics_->without_active.set(static_cast<double>(found.without_active));
  metrics_->pending.set(static_cast<double>(found.pending));

  if (!unsettled.empty()) {
    // Nodes are adopting a config: only data moves until they all have this layout.
    GROVE_LOG_DEBUG("bucket maintenance: {} nodes on another layout; roles and deletes wait", unsettled.size());
    std::vector<std::pair<std::vector<uint16_t>, std::vector<uint64_t>>> merge_list(merges.begin(), merges.end());
    execute_merges(*table, std::move(merge_list));
    return true;
  }
  // Activations first; a bucket's deactivations only once its activations are all done.
  Status raised = execute_roles(raise);
  if (raised.ok()) {
    for (const auto& [raw, changes] : lowered) {
      for (const RoleChange& c : changes) lower[c.node].push_back({raw, c.role.ready, c.role.active});
    }
    GROVE_RETURN_IF_ERROR(execute_roles(lower));
  }
  GROVE_RETURN_IF_ERROR(execute_deletes(deletes));
  std::vector<std::pair<std::vector<uint16_t>, std::vector<uint64_t>>> merge_list(merges.begin(), merges.end());
  execute_merges(*table, std::move(merge_list));
  GROVE_RETURN_IF_ERROR(raised);
  return found.pending > 0;
}

Status BucketMaintainer::execute_roles(const std::map<uint16_t, std::vector<protocol::BucketState>>& changes) {
  Status first;
  for (const auto& [node, states] : changes) {
    protocol::ContentService* service = connect_(node);
    if (service == nullptr) continue;
    bool failed = false;
    for_each_chunk(states.size(), options_.buckets_per_call, [&](size_t at, size_t end) {
      if (failed) return;
      protocol::SetBucketStatesRequest request;
      request.states.assign(states.begin() + static_cast<ptrdiff_t>(at), states.begin() + static_cast<ptrdiff_t>(end));
      const Deadline deadline = call_deadline();
      auto reply = call<protocol::SetBucketStatesReply>(
          [&](auto done) { service->set_bucket_states(request, deadline, std::move(done)); });
      if (!reply.ok()) {
        metrics_->errors.add();
        failed = true;
        if (first.ok()) {
          first = Status(reply.status().code(), fmt::format("setting bucket states on node {}: {}", node,
                                                            reply.status().message()));
        }
        return;
      }
      metrics_->state_changes.add(request.states.size());
    });
  }
  return first;
}

Status BucketMaintainer::execute_deletes(const std::map<uint16_t, std::vector<uint64_t>>& deletes) {
  for (const auto& [node, buckets] : deletes) {
    protocol::ContentService* service = connect_(node);
    if (service == nullptr) continue;
    Status failed;
    for_each_chunk(buckets.size(), options_.buckets_per_call, [&](size_t at, size_t end) {
      if (!failed.ok()) return;
      protocol::DeleteBucketsRequest request;
      request.buckets.assign(buckets.begin() + static_cast<ptrdiff_t>(at), buckets.begin() + static_cast<ptrdiff_t>(end));
      const Deadline deadline = call_deadline();
      auto reply = call<protocol::DeleteBucketsReply>(
          [&](auto done) { service->delete_buckets(request, deadline, std::move(done)); });
      if (!reply.ok()) {
        metrics_->errors.add();
        failed = Status(reply.status().code(),
                        fmt::format("deleting buckets on node {}: {}", node, reply.status().message()));
        return;
      }
      metrics_->deletes.add(request.buckets.size());
    });
    GROVE_RETURN_IF_ERROR(failed);
  }
  return Status::Ok();
}

void BucketMaintainer::execute_merges(const PlacementTable& table,
                                      std::vector<std::pair<std::vector<uint16_t>, std::vector<uint64_t>>> merges) {
  // Chunks of buckets_per_call buckets over one node set, taken by merge_threads workers.
  std::vector<std::pair<const std::vector<uint16_t>*, std::vector<uint64_t>>> chunks;
  for (auto& [nodes, buckets] : merges) {
    for_each_chunk(buckets.size(), options_.buckets_per_call, [&](size_t at, size_t end) {
      chunks.emplace_back(&nodes, std::vector<uint64_t>(buckets.begin() + static_cast<ptrdiff_t>(at),
                                                        buckets.begin() + static_cast<ptrdiff_t>(end)));
    });
  }
  if (chunks.empty()) return;
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < chunks.size(); i = next.fetch_add(1)) {
      {
        std::lock_guard lock(loop_mutex_);
        if (stopping_) return;
      }
      // A new cluster state or config: the database is rebuilt first, then merges go on.
      if (node_.placement().get() != &table) return;
      Status s = merge(*chunks[i].first, chunks[i].second);
      // A node's merge throttle (max_merges_per_node) refused: back off briefly and resume (a
      // merge keeps what it applied); past the last attempt it waits for the next cycle.
      for (int attempt = 1; s.code() == StatusCode::kResourceExhausted && attempt <= kThrottleRetries; ++attempt) {
        metrics_->throttled.add();
        std::this_thread::sleep_for(kThrottleBackoff * attempt);
        s = merge(*chunks[i].first, chunks[i].second);
      }
      if (!s.ok()) {
        metrics_->errors.add();
        GROVE_LOG_DEBUG("bucket maintenance: {}", s.to_string());
      } else {
        metrics_->merges.add();
      }
    }
  };
  const size_t threads = std::max<size_t>(1, std::min(options_.merge_threads, chunks.size()));
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (std::thread& t : workers) t.join();
}

// One merge over `nodes` for `buckets` (DESIGN §6): every node's entries are compared; for each
// entry the newest version (last writer wins, tombstones included) is fetched from one node
// that has it and applied to every node that lacks it. Resumable: whatever was applied stays,
// and the next cycle compares again.
Status BucketMaintainer::merge(const std::vector<uint16_t>& nodes, const std::vector<uint64_t>& buckets) {
  std::vector<protocol::ContentService*> services;
  for (uint16_t n : nodes) {
    protocol::ContentService* s = connect_(n);
    if (s == nullptr) return Status::Unavailable(fmt::format("merge: node {} cannot be reached", n));
    services.push_back(s);
  }
  const Deadline deadline = call_deadline();
  // entries[node][bucket]
  std::vector<std::future<Result<protocol::BucketEntriesReply>>> replies;
  protocol::BucketEntriesRequest request;
  request.buckets = buckets;
  for (protocol::ContentService* s : services) {
    replies.push_back(start_call<protocol::BucketEntriesReply>(
        [&](auto done) { s->bucket_entries(request, deadline, std::move(done)); }));
  }
  std::vector<protocol::BucketEntriesReply> entries;
  for (size_t i = 0; i < replies.size(); ++i) {
    Result<protocol::BucketEntriesReply> r = replies[i].get();
    if (!r.ok()) {
      return Status(r.status().code(), fmt::format("merge: entries of node {}: {}", nodes[i], r.status().message()));
    }
    if (r->buckets.size() != buckets.size()) {
      return Status::Internal(fmt::format("merge: node {} answered {} buckets of {}", nodes[i], r->buckets.size(),
                                          buckets.size()));
    }
    entries.push_back(std::move(r).value());
  }
  // Per bucket: the newest version of each gid, the node to fetch it from, and who lacks it.
  struct Need {
    std::string gid;
    size_t source = 0;               // index into nodes
    std::vector<size_t> targets;     // indexes into nodes
  };
  // fetch plan per source node: bucket -> needs
  std::vector<std::map<uint64_t, std::vector<Need>>> by_source(nodes.size());
  for (size_t b = 0; b < buckets.size(); ++b) {
    struct Newest {
      int64_t timestamp = 0;
      size_t source = 0;
    };
    std::map<std::string, Newest> newest;
    for (size_t n = 0; n < nodes.size(); ++n) {
      for (const protocol::BucketEntryMeta& e : entries[n].buckets[b].entries) {
        auto [it, inserted] = newest.try_emplace(e.gid, Newest{e.timestamp, n});
        if (!inserted && e.timestamp > it->second.timestamp) it->second = Newest{e.timestamp, n};
      }
    }
    std::vector<std::map<std::string, int64_t>> have(nodes.size());
    for (size_t n = 0; n < nodes.size(); ++n) {
      for (const protocol::BucketEntryMeta& e : entries[n].buckets[b].entries) have[n][e.gid] = e.timestamp;
    }
    for (const auto& [gid, best] : newest) {
      Need need{gid, best.source, {}};
      for (size_t n = 0; n < nodes.size(); ++n) {
        auto it = have[n].find(gid);
        if (it == have[n].end() || it->second < best.timestamp) need.targets.push_back(n);
      }
      if (!need.targets.empty()) by_source[best.source][buckets[b]].push_back(std::move(need));
    }
  }
  // Fetch from each source in batches of entries_per_call and apply to the targets.
  for (size_t src = 0; src < nodes.size(); ++src) {
    auto& plan = by_source[src];
    auto bucket_it = plan.begin();
    size_t need_at = 0;
    while (bucket_it != plan.end()) {
      protocol::FetchEntriesRequest fetch;
      std::vector<std::vector<const Need*>> fetched_needs;  // parallel to fetch.buckets
      size_t count = 0;
      while (bucket_it != plan.end() && count < options_.entries_per_call) {
        protocol::BucketGids gids;
        gids.bucket = bucket_it->first;
        std::vector<const Need*> needs;
        while (need_at < bucket_it->second.size() && count < options_.entries_per_call) {
          gids.gids.push_back(bucket_it->second[need_at].gid);
          needs.push_back(&bucket_it->second[need_at]);
          ++need_at;
          ++count;
        }
        fetch.buckets.push_back(std::move(gids));
        fetched_needs.push_back(std::move(needs));
        if (need_at == bucket_it->second.size()) {
          ++bucket_it;
          need_at = 0;
        }
      }
      auto got = call<protocol::FetchEntriesReply>(
          [&](auto done) { services[src]->fetch_entries(fetch, deadline, std::move(done)); });
      if (!got.ok()) {
        return Status(got.status().code(),
                      fmt::format("merge: fetching from node {}: {}", nodes[src], got.status().message()));
      }
      // Per target node, the entries it lacks.
      std::map<size_t, protocol::ApplyEntriesRequest> applies;
      for (size_t fb = 0; fb < got->buckets.size() && fb < fetched_needs.size(); ++fb) {
        const protocol::BucketEntries& fetched = got->buckets[fb];
        std::map<std::string, const protocol::BucketEntry*> by_gid;
        for (const protocol::BucketEntry& e : fetched.entries) by_gid[e.gid] = &e;
        for (const Need* need : fetched_needs[fb]) {
          auto e = by_gid.find(need->gid);
          if (e == by_gid.end()) continue;  // gone since the listing (deleted): the next cycle sees
          for (size_t t : need->targets) {
            auto& request = applies[t];
            if (request.buckets.empty() || request.buckets.back().bucket != fetched.bucket) {
              request.buckets.push_back(protocol::BucketEntries{fetched.bucket, {}});
            }
            request.buckets.back().entries.push_back(*e->second);
          }
        }
      }
      for (auto& [target, request] : applies) {
        int64_t bytes = 0;
        for (const auto& b : request.buckets) {
          for (const auto& e : b.entries) bytes += static_cast<int64_t>(e.document.size());
        }
        auto applied = call<protocol::ApplyEntriesReply>([&](auto done) {
          services[target]->apply_entries(std::move(request), deadline, std::move(done));
        });
        if (!applied.ok()) {
          return Status(applied.status().code(), fmt::format("merge: applying on node {}: {}", nodes[target],
                                                             applied.status().message()));
        }
        documents_moved_.fetch_add(applied->applied);
        bytes_moved_.fetch_add(bytes);
        metrics_->documents_moved.add(static_cast<uint64_t>(applied->applied));
        metrics_->bytes_moved.add(static_cast<uint64_t>(bytes));
      }
    }
  }
  return Status::Ok();
}

Result<BucketMaintainer::WriteTargets> BucketMaintainer::write_targets(
    BucketId bucket, const distribution::BucketPlacement& placement, uint32_t version,
    const Deadline& deadline) {
  std::unique_lock lock(db_mutex_);
  const auto until = std::min(std::chrono::steady_clock::now() + options_.handover_wait,
                              deadline.at());
  if (!db_changed_.wait_until(lock, until, [&] { return db_version_ >= version; })) {
    return Status::Unavailable(fmt::format(
        "node {} is building its bucket database for cluster state {} (it has {}); retry",
        node_.options().distribution_key, version, db_version_));
  }
  WriteTargets targets;
  auto it = db_.find(bucket.raw());
  if (it == db_.end() || it->second.empty()) {
    targets.new_bucket = true;
    return targets;
  }
  for (const ReplicaState& r : it->second) {
    const bool ideal = std::any_of(placement.replicas.begin(), placement.replicas.end(),
                                   [&](const distribution::IdealReplica& i) { return i.node == r.node; });
    if (!ideal) targets.extra.push_back(r.node);
  }
  return targets;
}

void BucketMaintainer::record_write(BucketId bucket, std::span<const uint16_t> nodes) {
  std::lock_guard lock(db_mutex_);
  Replicas& replicas = db_[bucket.raw()];
  for (uint16_t node : nodes) {
    if (std::none_of(replicas.begin(), replicas.end(), [&](const ReplicaState& r) { return r.node == node; })) {
      replicas.push_back(ReplicaState{node});
    }
    if (scanning_) written_during_scan_.emplace_back(bucket.raw(), node);
  }
}

MaintenanceStats BucketMaintainer::stats() const {
  std::lock_guard lock(db_mutex_);
  MaintenanceStats s = stats_;
  s.documents_moved = documents_moved_.load();
  s.bytes_moved = bytes_moved_.load();
  return s;
}

}  // namespace grove::content
