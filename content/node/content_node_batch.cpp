// ContentNode::write_batch: many replica writes in one store batch (one group commit) and one
// writer task (one index commit), for a distributor's write_batch call (DESIGN §5).

#include <fmt/format.h>

#include <chrono>

#include "content/node/content_node.h"
#include "services/document/document_serializer.h"

namespace grove::content {

using distribution::BucketId;
using distribution::DocumentId;
using distribution::Gid;

// One write of a batch that passed its checks: what the writer thread indexes.
struct ContentNode::CheckedWrite {
  size_t index = 0;  // into the batch
  DocumentDb* db = nullptr;
  Gid gid;
  // Before the store answers: the role the write gives a bucket it creates; after: the
  // bucket's role, which says how to index the write.
  ReplicaRole role;
  std::optional<document::Document> document;  // a put's parsed document; nullopt: a remove
  bool previous_active = false;  // in the previous layout's active set (writer thread)
  // Set from the store's answer (committer thread), then by the writer thread.
  bool applied = false;
  std::optional<std::string> previous;  // the stored version it replaced
  Status indexed;
};

// Shared by the waiting caller, the store's callback and the writer task, which may outlive a
// caller that gave up at its deadline. The callbacks finish with `done`; the caller reads
// `writes` only after `done`.
struct ContentNode::BatchState {
  std::vector<CheckedWrite> writes;
  std::promise<Status> done;
};

Result<ContentNode::CheckedWrite> ContentNode::check_write(const ReplicaWrite& w) const {
  GROVE_ASSIGN_OR_RETURN(DocumentId id, DocumentId::parse(w.document_id));
  CheckedWrite checked;
  GROVE_ASSIGN_OR_RETURN(checked.db, db_named(id.doc_type()));
  if (w.timestamp == 0)
    return Status::InvalidArgument(fmt::format("{}: timestamp 0 is not allowed", id.str()));
  checked.gid = id.gid();
  // The role the bucket gets if this write creates it here; an existing bucket keeps its own
  // (the store reports it with the write).
  const ReplicaRole ideal = ideal_role(bucket_of(checked.gid));
  checked.role = ReplicaRole{ideal.ready, ideal.active && w.new_bucket};
  if (!w.remove) {
    GROVE_ASSIGN_OR_RETURN(document::Document doc, parse_document(id, *checked.db, w.document));
    checked.document.emplace(std::move(doc));
  }
  return checked;
}

// In the writer thread: indexes every applied write, in order.
void ContentNode::index_batch(BatchState& state) {
  for (CheckedWrite& w : state.writes) {
    if (!w.applied) continue;
    w.previous_active = previous_layout_active(bucket_of(w.gid));
    auto replaced = previous_version(*w.db, w.previous);
    if (w.document) {
      w.indexed = index_as(*w.db, *w.document, w.role, replaced ? &*replaced : nullptr,
                           w.previous_active);
    } else {
      w.db->remove(w.gid, replaced ? &*replaced : nullptr);
    }
  }
}

std::vector<Result<bool>> ContentNode::write_batch(std::vector<ReplicaWrite> writes,
                                                   const Deadline& deadline) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<Result<bool>> results(writes.size(), Result<bool>(false));
  auto state = std::make_shared<BatchState>();
  store::WriteBatch batch;
  batch.reserve(writes.size());
  for (size_t i = 0; i < writes.size(); ++i) {
    Result<CheckedWrite> checked = check_write(writes[i]);
    if (!checked.ok()) {
      results[i] = checked.status();
      continue;
    }
    checked->index = i;
    const BucketId bucket = bucket_of(checked->gid);
    if (writes[i].remove) {
      batch.remove(bucket, checked->gid, writes[i].timestamp);
    } else {
      batch.put(bucket, checked->gid, writes[i].timestamp, std::move(writes[i].document));
    }
    batch.want_previous();
    batch.set_create_role(checked->role.ready, checked->role.active);
    state->writes.push_back(std::move(checked).value());
  }
  if (state->writes.empty()) return results;
  std::future<Status> done = state->done.get_future();
  store_->write(std::move(batch), [this, state](const Status& s, const store::WriteBatch& b) {
    if (!s.ok()) return state->done.set_value(s);
    for (size_t k = 0; k < state->writes.size(); ++k) {
      const store::WriteOp& op = b.ops()[k];
      state->writes[k].applied = op.applied;
      state->writes[k].previous = op.previous;
      state->writes[k].role = ReplicaRole{op.bucket_ready || op.bucket_active, op.bucket_active};
    }
    bool queued = writer_->post([this, state] {
      index_batch(*state);
      writer_->after_commit([state] { state->done.set_value(Status::Ok()); });
    });
    if (!queued) state->done.set_value(Status::Unavailable("the node is shutting down"));
  });
  Status status =
      done.wait_until(deadline.at()) == std::future_status::ready
          ? done.get()
          : Status::DeadlineExceeded(
                "the write was not confirmed before the deadline; it may still be applied");
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  for (const CheckedWrite& w : state->writes) {  // complete only after `done`; else unread
    Result<bool>& r = results[w.index];
    r = !status.ok()      ? Result<bool>(status)
        : !w.indexed.ok() ? Result<bool>(w.indexed)
                          : Result<bool>(w.applied);
    record_write(w.document.has_value(), r.ok(), ms);
  }
  return results;
}

}  // namespace grove::content
