// Distributor::execute_batch: many operations in one call (docs/distributor.md, "Batches").

#include "content/distributor/distributor.h"
#include "content/distributor/feed_decisions.h"

namespace grove::content {

// One batch from arrival to its answers. Confined to the calling (Thrift worker) thread.
//
// The operations are prepared (routed, parsed) first, then every stripe they touch is locked,
// then each is decided in order and its write planned with a new timestamp. The planned writes
// go out together (one write_batch per replica node) at the end, or earlier when an operation
// must read a document that an earlier operation of the batch has planned to write: then the
// plan is flushed first, so that the read sees it (two operations on one document keep their
// order and each sees the other's effect).
class Distributor::Batch {
 public:
  Batch(Distributor& d, std::vector<FeedBatchOp>& ops, const Deadline& deadline)
      : d_(d), deadline_(deadline), results_(ops.size()) {
    prepared_.reserve(ops.size());
    for (size_t i = 0; i < ops.size(); ++i) prepare(i, ops[i]);
  }

  std::vector<Result<FeedResult>> run() {
    std::vector<size_t> stripes;
    stripes.reserve(prepared_.size());
    for (const Item& item : prepared_) stripes.push_back(DocumentLocks::stripe(item.p.r.id.gid()));
    auto held = d_.locks_.lock_all(std::move(stripes));
    for (Item& item : prepared_) execute(item);
    flush();
    std::vector<Result<FeedResult>> out;
    out.reserve(results_.size());
    for (auto& r : results_)
      out.push_back(r ? std::move(*r) : Result<FeedResult>(Status::Internal("no answer")));
    return out;
  }

 private:
  struct Item {
    size_t index = 0;
    Prepared p;
  };

  void prepare(size_t i, FeedBatchOp& op) {
    Result<Prepared> p = d_.prepare(op);
    if (!p.ok()) {
      results_[i].emplace(p.status());
    } else if (p->r.wrong) {
      results_[i].emplace(std::move(*p->r.wrong));
    } else {
      prepared_.push_back(Item{i, std::move(p).value()});
    }
  }

  void execute(Item& item) {
    Prepared& p = item.p;
    if (p.deadline.expired(SystemClock::instance())) {
      results_[item.index].emplace(
          Status::DeadlineExceeded("the operation's deadline passed before its turn in the batch"));
      return;
    }
    if (p.needs_read() && planned_to_write(p.r.id.gid())) flush();
    Result<FeedResult> refused = decide_and_plan(item);
    if (!refused.ok() || refused->outcome != FeedOutcome::kOk)
      results_[item.index].emplace(std::move(refused));
  }

  // kOk when the write is planned (its answer comes with the flush); otherwise the answer.
  Result<FeedResult> decide_and_plan(Item& item) {
    Prepared& p = item.p;
    GROVE_ASSIGN_OR_RETURN(auto current, d_.read_current(p, deadline_));
    GROVE_ASSIGN_OR_RETURN(Decision decision, d_.decide(p, std::move(current)));
    if (decision.refused) return std::move(*decision.refused);
    ReplicaWrite write;
    write.document_id = p.r.id.str();
    write.timestamp = d_.clock_.next();
    write.remove = decision.remove;
    write.document = std::move(decision.document);
    GROVE_ASSIGN_OR_RETURN(PlannedWrite w, d_.plan_write(p, std::move(write), deadline_));
    planned_.push_back(std::move(w));
    planned_items_.push_back(item.index);
    planned_gids_.push_back(p.r.id.gid());
    return FeedResult{};
  }

  bool planned_to_write(const distribution::Gid& gid) const {
    for (const distribution::Gid& g : planned_gids_) {
      if (g.bytes == gid.bytes) return true;
    }
    return false;
  }

  void flush() {
    if (planned_.empty()) return;
    std::vector<Status> statuses = d_.batch_writer_.write(planned_, deadline_);
    for (const PlannedWrite& w : planned_) d_.record_written(w);
    for (size_t k = 0; k < planned_.size(); ++k) {
      results_[planned_items_[k]].emplace(
          written(std::move(statuses[k]), planned_[k].write.timestamp));
    }
    planned_.clear();
    planned_items_.clear();
    planned_gids_.clear();
  }

  Distributor& d_;
  const Deadline deadline_;
  std::vector<Item> prepared_;  // the operations that still need deciding, in order
  // Invariant: results_[i] is set once operation i is answered; all are set after run().
  std::vector<std::optional<Result<FeedResult>>> results_;
  // Invariant: planned_, planned_items_ and planned_gids_ are parallel: the writes decided since
  // the last flush, the operation each answers, and its document.
  std::vector<PlannedWrite> planned_;
  std::vector<size_t> planned_items_;
  std::vector<distribution::Gid> planned_gids_;
};

std::vector<Result<FeedResult>> Distributor::run_batch(std::vector<FeedBatchOp>& ops,
                                                       const Deadline& deadline) {
  Batch batch(*this, ops, deadline);
  return batch.run();
}

}  // namespace grove::content
