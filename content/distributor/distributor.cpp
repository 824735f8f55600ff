#include "content/distributor/distributor.h"

#include <fmt/format.h>

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
      : in_flight(r.gauge("distributor_operations_in_flight", "Distributor operations in flight")) {
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
  Histogram* latency[kKinds];
  Counter* outcomes[kKinds][kFeedOutcomes];
};

struct Distributor::Routed {
  DocumentId id;
  const document::DocumentType* type = nullptr;
  const BucketPlacement* placement = nullptr;
  std::optional<FeedResult> wrong;  // set when this node does not own the bucket
};

// Counts an operation in flight for its lifetime; admitted() is false above the limit.
class Distributor::Admission {
 public:
  explicit Admission(Distributor& d)
      : d_(d), admitted_(d.in_flight_.fetch_add(1) < d.limit_) {}
  ~Admission() { d_.in_flight_.fetch_sub(1); }
  bool admitted() const { return admitted_; }

 private:
  Distributor& d_;
  const bool admitted_;
};

Distributor::Distributor(ContentNode& node, std::unique_ptr<ReplicaPeers> peers,
                         MetricRegistry& metrics, const Clock& clock)
    : node_(node),
      peers_(std::move(peers)),
      writer_(node, peers_.get()),
      steady_clock_(clock),
      clock_(clock),
      registry_(metrics),
      metrics_(std::make_unique<Metrics>(metrics)),
      limit_(std::min(node.options().max_feed_operations,
                      std::max<size_t>(1, node.options().rpc_threads / 2))) {}

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

const distribution::ClusterState* Distributor::cluster_state() const {
  return node_.placement() ? &node_.placement()->state() : nullptr;
}

template <typename Run>
Result<FeedResult> Distributor::measured(Kind kind, Run run) {
  const SteadyTime start = steady_clock_.now();
  Result<FeedResult> result = [&]() -> Result<FeedResult> {
    Admission admission(*this);
    metrics_->in_flight.set(static_cast<double>(in_flight()));
    if (!admission.admitted()) {
      return Status::ResourceExhausted(fmt::format(
          "the distributor on node {} is overloaded: {} operations in flight, at most {} "
          "(max_feed_operations, and half of rpc_threads); retry",
          node_.options().distribution_key, in_flight(), limit_));
    }
    return run();
  }();
  metrics_->latency[kind]->record(std::chrono::duration<double, std::milli>(steady_clock_.now() - start).count());
  if (result.ok()) {
    metrics_->outcomes[kind][static_cast<int>(result->outcome)]->add();
  } else {
    registry_.counter("distributor_errors", "Distributor operations that failed, by status code",
                      {{"operation", kKindNames[kind]},
                       {"code", std::string(status_code_name(result.status().code()))}}).add();
  }
  return result;
}

Result<FeedResult> Distributor::put(FeedPut op, const Deadline& deadline) {
  return measured(kPut, [&] { return run_put(std::move(op), deadline); });
}

Result<FeedResult> Distributor::update(const FeedUpdate& op, const Deadline& deadline) {
  return measured(kUpdate, [&] { return run_update(op, deadline); });
}

Result<FeedResult> Distributor::remove(const FeedRemove& op, const Deadline& deadline) {
  return measured(kRemove, [&] { return run_remove(op, deadline); });
}

Result<Distributor::Routed> Distributor::route(const std::string& document_id, const char* op) const {
  const auto& table = node_.placement();
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

Result<FeedResult> Distributor::write_put(const Routed& r, std::string document, const Deadline& deadline) {
  const uint64_t timestamp = clock_.next();
  return written(writer_.put(*r.placement, r.id, timestamp, std::move(document), deadline), timestamp);
}

Result<FeedResult> Distributor::write_remove(const Routed& r, const Deadline& deadline) {
  const uint64_t timestamp = clock_.next();
  return written(writer_.remove(*r.placement, r.id, timestamp, deadline), timestamp);
}

Result<FeedResult> Distributor::run_put(FeedPut op, const Deadline& deadline) {
  GROVE_ASSIGN_OR_RETURN(Routed r, route(op.document_id, "feed_put"));
  if (r.wrong) return std::move(*r.wrong);
  GROVE_ASSIGN_OR_RETURN(auto condition, parse_condition(op.condition));
  std::unique_lock lock = locks_.lock(r.id.gid());
  if (condition) {
    GROVE_ASSIGN_OR_RETURN(auto current, writer_.read(*r.placement, r.id, *r.type, deadline));
    if (auto refused = check_condition(*condition, current)) return std::move(*refused);
  }
  return write_put(r, std::move(op.document), deadline);
}

Result<FeedResult> Distributor::run_remove(const FeedRemove& op, const Deadline& deadline) {
  GROVE_ASSIGN_OR_RETURN(Routed r, route(op.document_id, "feed_remove"));
  if (r.wrong) return std::move(*r.wrong);
  GROVE_ASSIGN_OR_RETURN(auto condition, parse_condition(op.condition));
  std::unique_lock lock = locks_.lock(r.id.gid());
  if (condition) {
    GROVE_ASSIGN_OR_RETURN(auto current, writer_.read(*r.placement, r.id, *r.type, deadline));
    if (auto refused = check_condition(*condition, current)) return std::move(*refused);
  }
  return write_remove(r, deadline);
}

Result<FeedResult> Distributor::run_update(const FeedUpdate& op, const Deadline& deadline) {
  GROVE_ASSIGN_OR_RETURN(Routed r, route(op.document_id, "feed_update"));
  if (r.wrong) return std::move(*r.wrong);
  GROVE_ASSIGN_OR_RETURN(auto condition, parse_condition(op.condition));
  GROVE_ASSIGN_OR_RETURN(document::DocumentUpdate update, parse_update_json(*r.type, r.id, op.update_json));
  std::unique_lock lock = locks_.lock(r.id.gid());
  GROVE_ASSIGN_OR_RETURN(auto current, writer_.read(*r.placement, r.id, *r.type, deadline));
  // A condition on a missing document is not met, unless the update creates it (as in Vespa).
  if (condition && (current || !op.create)) {
    if (auto refused = check_condition(*condition, current)) return std::move(*refused);
  }
  if (!current && !op.create) {
    return FeedResult{FeedOutcome::kNotFound, 0,
                      fmt::format("document {} is not found; an update without create changes nothing", r.id.str())};
  }
  document::Document doc = current ? std::move(*current) : document::Document(*r.type, r.id);
  GROVE_RETURN_IF_ERROR(update.apply(doc));
  std::string bytes;
  document::serialize(doc, bytes);
  return write_put(r, std::move(bytes), deadline);
}

}  // namespace grove::content
