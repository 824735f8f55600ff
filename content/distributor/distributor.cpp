#include "content/distributor/distributor.h"

#include <fmt/format.h>

#include <algorithm>

#include "content/distributor/async_replica_peers.h"
#include "content/distributor/feed_decisions.h"
#include "services/document/document_json.h"
#include "services/document/document_json_parser.h"
#include "services/document/document_serializer.h"

namespace grove::content {

using distribution::BucketPlacement;
using distribution::DocumentId;

std::string_view feed_outcome_name(FeedOutcome outcome) {
  switch (outcome) {
    case FeedOutcome::kOk: return "ok";
    case FeedOutcome::kConditionNotMet: return "condition_not_met";
    case FeedOutcome::kNotFound: return "not_found";
    case FeedOutcome::kWrongDistribution: return "wrong_distribution";
    case FeedOutcome::kFeedBlocked: return "feed_blocked";
  }
  return "unknown";
}

namespace {

constexpr const char* kKindNames[] = {"put", "update", "remove"};

}  // namespace

struct Distributor::Metrics {
  explicit Metrics(MetricRegistry& r)
      : in_flight(r.gauge("distributor_operations_in_flight", "Distributor operations in flight")),
        batches(r.counter("distributor_batches", "Batches of operations executed (feed_batch)")),
        batch_size(r.histogram("distributor_batch_size", "Operations per executed batch")) {
    for (int k = 0; k < kKinds; ++k) {
      MetricLabels op{{"operation", kKindNames[k]}};
      latency[k] = &r.histogram("distributor_latency_ms",
                                "Distributor operation latency, from arrival to reply", op);
      for (int o = 0; o < kFeedOutcomes; ++o) {
        MetricLabels labels = op;
        labels["outcome"] = std::string(feed_outcome_name(static_cast<FeedOutcome>(o)));
        outcomes[k][o] = &r.counter("distributor_operations",
                                    "Distributor operations answered, by outcome", labels);
      }
    }
  }
  Gauge& in_flight;
  Counter& batches;
  Histogram& batch_size;
  Histogram* latency[kKinds];
  Counter* outcomes[kKinds][kFeedOutcomes];
};

// Counts a call and its operations in flight for its lifetime; admitted() is false above
// either limit. A batch is admitted whole when nothing else is in flight, however large.
class Distributor::Admission {
 public:
  Admission(Distributor& d, size_t ops) : d_(d), ops_(ops) {
    const size_t calls = d.calls_in_flight_.fetch_add(1);
    const size_t before = d.in_flight_.fetch_add(ops);
    admitted_ = calls < d.call_limit_ && (before == 0 || before + ops <= d.operation_limit_);
  }
  ~Admission() {
    d_.in_flight_.fetch_sub(ops_);
    d_.calls_in_flight_.fetch_sub(1);
  }
  bool admitted() const { return admitted_; }

 private:
  Distributor& d_;
  const size_t ops_;
  bool admitted_ = false;
};

Distributor::Distributor(ContentNode& node, std::unique_ptr<ReplicaPeers> peers,
                         MetricRegistry& metrics, const Clock& clock)
    : node_(node),
      peers_(std::move(peers)),
      reader_(node, peers_.get()),
      batch_writer_(node, peers_.get()),
      steady_clock_(clock),
      clock_(clock),
      registry_(metrics),
      metrics_(std::make_unique<Metrics>(metrics)),
      operation_limit_(std::max<size_t>(1, node.options().max_feed_operations)),
      call_limit_(std::max<size_t>(1, std::min(node.options().max_feed_operations,
                                               node.options().rpc_threads / 2))) {}

std::unique_ptr<Distributor> Distributor::for_node(ContentNode& node, MetricRegistry& metrics) {
  std::unique_ptr<ReplicaPeers> peers;
  if (!node.options().nodes.empty()) {
    peers = std::make_unique<AsyncReplicaPeers>(node.options().nodes, node.options().distribution_key);
  }
  return std::make_unique<Distributor>(node, std::move(peers), metrics);
}

Distributor::~Distributor() { stop(); }

void Distributor::stop() {
  if (peers_) peers_->stop();
}

Status Distributor::add_peers(const std::map<uint16_t, NodeEndpoint>& nodes) {
  if (!peers_) return Status::InvalidArgument("this node was started without --nodes: it has no replica peers");
  return peers_->add_peers(nodes, node_.options().distribution_key);
}

std::shared_ptr<const distribution::ClusterState> Distributor::cluster_state() const {
  std::shared_ptr<const distribution::PlacementTable> table = node_.placement();
  if (table == nullptr) return nullptr;
  const distribution::ClusterState* state = &table->state();
  return std::shared_ptr<const distribution::ClusterState>(std::move(table), state);  // aliasing
}

Status Distributor::overloaded() const {
  return Status::ResourceExhausted(fmt::format(
      "the distributor on node {} is overloaded: {} operations in {} calls in flight, at most {} "
      "operations (max_feed_operations) in {} calls (half of rpc_threads); retry",
      node_.options().distribution_key, in_flight(), calls_in_flight_.load(), operation_limit_,
      call_limit_));
}

void Distributor::record(Kind kind, const Result<FeedResult>& result, double ms) {
  metrics_->latency[kind]->record(ms);
  if (result.ok()) {
    metrics_->outcomes[kind][static_cast<int>(result->outcome)]->add();
    return;
  }
  registry_.counter("distributor_errors", "Distributor operations that failed, by status code",
                    {{"operation", kKindNames[kind]},
                     {"code", std::string(status_code_name(result.status().code()))}}).add();
}

template <typename Run>
Result<FeedResult> Distributor::measured(Kind kind, Run run) {
  const SteadyTime start = steady_clock_.now();
  Result<FeedResult> result = [&]() -> Result<FeedResult> {
    Admission admission(*this, 1);
    metrics_->in_flight.set(static_cast<double>(in_flight()));
    if (!admission.admitted()) return overloaded();
    return run();
  }();
  record(kind, result, std::chrono::duration<double, std::milli>(steady_clock_.now() - start).count());
  return result;
}

Result<FeedResult> Distributor::put(FeedPut op, const Deadline& deadline) {
  return measured(kPut, [&] { return run(prepare(std::move(op)), deadline); });
}

Result<FeedResult> Distributor::update(const FeedUpdate& op, const Deadline& deadline) {
  return measured(kUpdate, [&] { return run(prepare(op), deadline); });
}

Result<FeedResult> Distributor::remove(const FeedRemove& op, const Deadline& deadline) {
  return measured(kRemove, [&] { return run(prepare(op), deadline); });
}

Result<Distributor::Routed> Distributor::route(const std::string& document_id, const char* op) const {
  std::shared_ptr<const distribution::PlacementTable> table = node_.placement();
  if (table == nullptr) return no_placement_error(node_, op);
  Routed r;
  GROVE_ASSIGN_OR_RETURN(r.id, DocumentId::parse(document_id));
  r.type = node_.types().find(r.id.doc_type());
  if (r.type == nullptr) {
    return Status::InvalidArgument(fmt::format("{}: document type '{}' is not in content cluster '{}' (it has: {})",
                                               op, r.id.doc_type(), node_.cluster(), node_.types().type_list()));
  }
  const distribution::BucketId bucket = table->storage_bucket(r.id.gid());
  r.placement = &table->at(bucket);
  if (r.placement->owner != node_.options().distribution_key) {
    r.wrong = wrong_distribution(*table, bucket, r.placement->owner, node_.options().distribution_key);
  }
  r.table = std::move(table);
  return r;
}

Result<std::optional<document::DocumentSelection>> Distributor::parse_condition(
    const std::optional<std::string>& condition) const {
  using Parsed = std::optional<document::DocumentSelection>;
  if (!condition || condition->empty()) return Parsed();
  GROVE_ASSIGN_OR_RETURN(document::DocumentSelection selection,
                         document::DocumentSelection::parse(*condition));
  GROVE_RETURN_IF_ERROR(selection.validate(node_.types()));
  return Parsed(std::move(selection));
}

// What every write's preparation starts with: its route (a wrong-distribution answer stops
// there) and its parsed condition.
Result<Distributor::Prepared> Distributor::prepare_common(Kind kind, const std::string& document_id,
                                                          const std::optional<std::string>& condition,
                                                          const char* call) const {
  Prepared p;
  p.kind = kind;
  GROVE_ASSIGN_OR_RETURN(p.r, route(document_id, call));
  if (p.r.wrong) return p;
  GROVE_ASSIGN_OR_RETURN(p.condition, parse_condition(condition));
  return p;
}

Result<Distributor::Prepared> Distributor::prepare(FeedPut op) const {
  GROVE_ASSIGN_OR_RETURN(Prepared p, prepare_common(kPut, op.document_id, op.condition, "feed_put"));
  if (!p.r.wrong) p.document = std::move(op.document);
  return p;
}

Result<Distributor::Prepared> Distributor::prepare(const FeedRemove& op) const {
  return prepare_common(kRemove, op.document_id, op.condition, "feed_remove");
}

Result<Distributor::Prepared> Distributor::prepare(const FeedUpdate& op) const {
  GROVE_ASSIGN_OR_RETURN(Prepared p,
                         prepare_common(kUpdate, op.document_id, op.condition, "feed_update"));
  if (p.r.wrong) return p;
  GROVE_ASSIGN_OR_RETURN(document::DocumentUpdate update, parse_update_json(*p.r.type, p.r.id, op.update_json));
  p.update.emplace(std::move(update));
  p.create = op.create;
  return p;
}

Result<Distributor::Prepared> Distributor::prepare(FeedBatchOp& op) const {
  Result<Prepared> p = std::visit(
      [this](auto& o) -> Result<Prepared> {
        if constexpr (std::is_same_v<std::decay_t<decltype(o)>, FeedPut>) return prepare(std::move(o));
        else return prepare(o);
      },
      op.op);
  if (p.ok()) p->deadline = op.deadline;
  return p;
}

Result<std::optional<document::Document>> Distributor::read_current(const Prepared& p,
                                                                     const Deadline& deadline) {
  if (!p.needs_read()) return std::optional<document::Document>();
  return reader_.read(*p.r.placement, p.r.id, *p.r.type, deadline);
}

Result<Distributor::Decision> Distributor::decide(Prepared& p,
                                                  std::optional<document::Document> current) const {
  Decision d;
  // A condition on a missing document is not met, unless an update creates it (as in Vespa).
  if (p.condition && (current || p.kind != kUpdate || !p.create)) {
    d.refused = check_condition(*p.condition, current);
    if (d.refused) return d;
  }
  if (p.kind == kRemove) {
    d.remove = true;
    return d;
  }
  if (p.kind == kPut) {
    d.document = std::move(p.document);
    return d;
  }
  if (!current && !p.create) {
    d.refused = FeedResult{FeedOutcome::kNotFound, 0,
                           fmt::format("document {} is not found; an update without create changes nothing", p.r.id.str())};
    return d;
  }
  document::Document doc = current ? std::move(*current) : document::Document(*p.r.type, p.r.id);
  GROVE_RETURN_IF_ERROR(p.update->apply(doc));
  document::serialize(doc, d.document);
  return d;
}

Result<FeedResult> Distributor::run(Result<Prepared> prepared, const Deadline& deadline) {
  GROVE_RETURN_IF_ERROR(prepared.status());
  Prepared& p = *prepared;
  if (p.r.wrong) return std::move(*p.r.wrong);
  std::unique_lock lock = locks_.lock(p.r.id.gid());
  GROVE_ASSIGN_OR_RETURN(auto current, read_current(p, deadline));
  GROVE_ASSIGN_OR_RETURN(Decision d, decide(p, std::move(current)));
  if (d.refused) return std::move(*d.refused);
  std::vector<PlannedWrite> one;
  GROVE_ASSIGN_OR_RETURN(PlannedWrite planned,
                         plan_write(p, ReplicaWrite{p.r.id.str(), clock_.next(), d.remove, std::move(d.document)},
                                    deadline));
  one.push_back(std::move(planned));
  const uint64_t timestamp = one[0].write.timestamp;
  Status status = std::move(batch_writer_.write(one, deadline).front());
  record_written(one[0]);
  return written(std::move(status), timestamp);
}

Result<PlannedWrite> Distributor::plan_write(const Prepared& p, ReplicaWrite write, const Deadline& deadline) {
  PlannedWrite w;
  w.placement = p.r.placement;
  w.bucket = p.r.table->storage_bucket(p.r.id.gid());
  w.write = std::move(write);
  if (maintainer_ == nullptr) {
    w.write.new_bucket = true;
    return w;
  }
  GROVE_ASSIGN_OR_RETURN(BucketMaintainer::WriteTargets targets,
                         maintainer_->write_targets(w.bucket, *p.r.placement, p.r.table->state().version(), deadline));
  w.extra = std::move(targets.extra);
  w.write.new_bucket = targets.new_bucket;
  return w;
}

void Distributor::record_written(const PlannedWrite& w) {
  // Only a new bucket changes what writes need from the database (the nodes that hold it
  // outside the ideal state, and that it is new); the scans see the rest.
  if (maintainer_ == nullptr || !w.write.new_bucket) return;
  std::vector<uint16_t> nodes = w.extra;
  for (const distribution::IdealReplica& r : w.placement->replicas) nodes.push_back(r.node);
  maintainer_->record_write(w.bucket, nodes);
}

Result<std::vector<Result<FeedResult>>> Distributor::execute_batch(std::vector<FeedBatchOp> ops,
                                                                   const Deadline& deadline) {
  const SteadyTime start = steady_clock_.now();
  std::vector<Kind> kinds;
  kinds.reserve(ops.size());
  for (const FeedBatchOp& op : ops) kinds.push_back(static_cast<Kind>(op.op.index()));  // variant order
  Admission admission(*this, ops.size());
  metrics_->in_flight.set(static_cast<double>(in_flight()));
  if (!admission.admitted()) return overloaded();
  std::vector<Result<FeedResult>> results = run_batch(ops, deadline);
  const double ms = std::chrono::duration<double, std::milli>(steady_clock_.now() - start).count();
  for (size_t i = 0; i < results.size(); ++i) record(kinds[i], results[i], ms);
  metrics_->batches.add();
  metrics_->batch_size.record(static_cast<double>(results.size()));
  return results;
}

}  // namespace grove::content
