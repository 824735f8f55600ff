#include "content/store/lmdb_document_store.h"

#include <fmt/format.h>

#include <future>
#include <utility>

#include "services/base/logging.h"

namespace grove::store {

namespace {

Status closed_status() { return Status::Unavailable("the document store is closed"); }

}  // namespace

Result<std::unique_ptr<LmdbDocumentStore>> LmdbDocumentStore::open(
    const LmdbStoreOptions& options) {
  StoreEnvOptions env_options{options.path, options.map_size_bytes, options.max_readers};
  GROVE_ASSIGN_OR_RETURN(std::unique_ptr<StoreEnv> env, StoreEnv::open(env_options));
  std::unique_ptr<LmdbDocumentStore> store(new LmdbDocumentStore(options, std::move(env)));
  GROVE_RETURN_IF_ERROR(store->load_totals());
  GROVE_LOG_INFO("opened document store at {}: {} documents in {} buckets", options.path,
                 store->document_count(), store->bucket_count());
  return store;
}

LmdbDocumentStore::LmdbDocumentStore(const LmdbStoreOptions& options,
                                     std::unique_ptr<StoreEnv> env)
    : options_(options),
      env_(std::move(env)),
      reader_(*env_),
      writer_(*env_, options.zstd_level, options.min_compress_bytes) {
  GroupCommitOptions commit_options{options.commit_window, options.max_group_ops,
                                    options.max_group_bytes, options.max_queued_ops};
  committer_ = std::make_unique<GroupCommitter>(
      commit_options, [this](std::span<CommitItem> group) { commit_group(group); });
}

LmdbDocumentStore::~LmdbDocumentStore() { close(); }

Status LmdbDocumentStore::load_totals() {
  GROVE_ASSIGN_OR_RETURN(std::vector<BucketSummary> buckets, reader_.list_buckets());
  uint64_t docs = 0;
  for (const BucketSummary& b : buckets) docs += b.info.doc_count;
  doc_count_.store(docs);
  bucket_count_.store(buckets.size());
  return Status::Ok();
}

void LmdbDocumentStore::close() {
  std::lock_guard lock(close_mu_);
  if (committer_ == nullptr) return;  // the object is being torn down after a failed open
  committer_->stop();                 // refuses new writes, commits the queue
  gate_.close();                      // refuses new reads, waits for those in flight
  if (env_ != nullptr) {
    env_.reset();
    GROVE_LOG_INFO("closed document store at {}", options_.path);
  }
}

// --- Writes -------------------------------------------------------------------------------------

void LmdbDocumentStore::write(WriteBatch batch, WriteCallback done) {
  Status valid = batch.validate();
  CommitItem item{std::move(batch), {}, std::move(done), {}, {}};
  if (!valid.ok()) {
    if (item.done) item.done(valid, item.batch);
    return;
  }
  committer_->submit(std::move(item));
}

void LmdbDocumentStore::commit_group(std::span<CommitItem> group) {
  Status s = try_commit(group);
  if (s.ok() || group.size() == 1) {
    for (CommitItem& item : group) item.status = s;
    return;
  }
  // One item may have made the whole group fail (a batch too large for the map): commit the
  // items one by one, so that only the ones that fail on their own are refused.
  GROVE_LOG_WARN("group commit of {} items at {} failed ({}); retrying them one by one",
                 group.size(), options_.path, s.to_string());
  for (CommitItem& item : group) item.status = try_commit({&item, 1});
}

Status LmdbDocumentStore::try_commit(std::span<CommitItem> items) {
  Status s = writer_.begin();
  size_t ops = 0;
  for (size_t i = 0; s.ok() && i < items.size(); ++i) {
    CommitItem& item = items[i];
    s = item.job ? item.job(writer_) : writer_.apply(item.batch);
    ops += item.op_count();
  }
  if (s.ok()) s = writer_.commit();
  if (!s.ok()) {
    writer_.abort();
    failed_commits_.fetch_add(1);
    for (CommitItem& item : items)
      for (WriteOp& op : item.batch.mutable_ops()) op.applied = false;
    return s;
  }
  doc_count_.fetch_add(static_cast<uint64_t>(writer_.doc_delta()));  // wraps for a negative delta
  bucket_count_.fetch_add(static_cast<uint64_t>(writer_.bucket_delta()));
  commits_.fetch_add(1);
  committed_ops_.fetch_add(ops);
  return Status::Ok();
}

Status LmdbDocumentStore::run_job(CommitJob job) {
  std::promise<Status> promise;
  auto future = promise.get_future();
  CommitItem item{{}, std::move(job), [&promise](const Status& s, const WriteBatch&) {
                    promise.set_value(s);
                  }, {}, {}};
  committer_->submit(std::move(item));
  return future.get();
}

Status LmdbDocumentStore::delete_bucket(BucketId bucket) {
  return run_job([bucket](LmdbWriter& w) { return w.delete_bucket(bucket); });
}

Status LmdbDocumentStore::set_bucket_ready(BucketId bucket, bool ready) {
  return run_job([=](LmdbWriter& w) { return w.set_bucket_flag(bucket, BucketFlag::kReady, ready); });
}

Status LmdbDocumentStore::set_bucket_active(BucketId bucket, bool active) {
  return run_job(
      [=](LmdbWriter& w) { return w.set_bucket_flag(bucket, BucketFlag::kActive, active); });
}

Status LmdbDocumentStore::set_bucket_states(std::span<const BucketStateChange> changes) {
  std::vector<BucketStateChange> copy(changes.begin(), changes.end());
  return run_job([copy = std::move(copy)](LmdbWriter& w) -> Status {
    for (const BucketStateChange& c : copy) GROVE_RETURN_IF_ERROR(w.set_bucket_state(c.bucket, c.ready, c.active));
    return Status::Ok();
  });
}

Result<uint64_t> LmdbDocumentStore::purge_tombstones(uint64_t now_us) {
  if (now_us < options_.tombstone_retention_us) return uint64_t{0};
  const uint64_t horizon = now_us - options_.tombstone_retention_us;
  uint64_t purged = 0;
  GROVE_RETURN_IF_ERROR(run_job([horizon, &purged](LmdbWriter& w) -> Status {
    GROVE_ASSIGN_OR_RETURN(purged, w.purge_tombstones(horizon));
    return Status::Ok();
  }));
  return purged;
}

Status LmdbDocumentStore::set_config_generation(uint64_t generation) {
  return run_job([generation](LmdbWriter& w) { return w.set_config_generation(generation); });
}

// --- Reads --------------------------------------------------------------------------------------

template <typename Fn>
auto LmdbDocumentStore::gated(Fn&& fn) const -> decltype(fn()) {
  auto pass = gate_.enter();
  if (!pass.has_value()) return closed_status();
  return fn();
}

Result<DocumentEntry> LmdbDocumentStore::get(BucketId bucket, const Gid& gid) const {
  return gated([&] { return reader_.get(bucket, gid); });
}

Result<BucketInfo> LmdbDocumentStore::bucket_info(BucketId bucket) const {
  return gated([&] { return reader_.bucket_info(bucket); });
}

Result<std::vector<BucketSummary>> LmdbDocumentStore::list_buckets() const {
  return gated([&] { return reader_.list_buckets(); });
}

Result<std::vector<EntryMeta>> LmdbDocumentStore::list_entries(BucketId bucket) const {
  return gated([&] { return reader_.list_entries(bucket); });
}

Result<std::vector<DocumentEntry>> LmdbDocumentStore::fetch(BucketId bucket,
                                                            std::span<const Gid> gids) const {
  return gated([&] { return reader_.fetch(bucket, gids); });
}

Status LmdbDocumentStore::visit_bucket(BucketId bucket, DocumentVisitor& visitor) const {
  return gated([&] { return reader_.visit_bucket(bucket, visitor); });
}

Status LmdbDocumentStore::visit_ready_documents(DocumentVisitor& visitor) const {
  return gated([&] { return reader_.visit_ready_documents(visitor); });
}

Result<uint64_t> LmdbDocumentStore::config_generation() const {
  return gated([&] { return reader_.config_generation(); });
}

StoreStats LmdbDocumentStore::stats() const {
  return StoreStats{commits_.load(), committed_ops_.load(), failed_commits_.load()};
}

}  // namespace grove::store
