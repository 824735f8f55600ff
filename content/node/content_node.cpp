#include "content/node/content_node.h"

#include <fmt/format.h>

#include <chrono>

#include "config-model/model/document_types.h"
#include "content/store/lmdb_document_store.h"
#include "services/base/json_writer.h"
#include "services/base/logging.h"
#include "services/document/document_json.h"
#include "services/document/document_serializer.h"
#include "services/document/field_value_json.h"
#include "services/base/thread_name.h"

namespace grove::content {

using distribution::BucketId;
using distribution::DocumentId;
using distribution::Gid;

struct ContentNode::Metrics {
  explicit Metrics(MetricRegistry& r)
      : puts(r.counter("content_puts", "Documents stored")),
        removes(r.counter("content_removes", "Documents removed")),
        write_errors(r.counter("content_write_errors", "Writes that failed")),
        searches(r.counter("content_searches", "Queries evaluated")),
        search_errors(r.counter("content_search_errors", "Queries that failed")),
        docsums(r.counter("content_docsums", "Summaries returned")),
        write_latency(r.histogram("content_write_latency_ms", "Put/remove latency until durable and searchable")),
        search_latency(r.histogram("content_search_latency_ms", "Query latency on this node")),
        matched(r.counter("content_documents_matched", "Documents matched by queries")),
        active(r.gauge("content_active_documents", "Documents searched by queries")),
        indexed(r.gauge("content_indexed_documents", "Documents indexed: active, or ready replicas not searched")),
        total(r.gauge("content_total_documents", "Documents stored")),
        buckets(r.gauge("content_buckets", "Buckets stored")),
        sqc(r.gauge("content_query_static_cost_ms", "Estimated fixed cost per query (SQC)")),
        dqc(r.gauge("content_query_document_cost_ms", "Estimated cost per matched document (DQC)")) {}
  Counter &puts, &removes, &write_errors, &searches, &search_errors, &docsums;
  Histogram &write_latency, &search_latency;
  Counter& matched;
  Gauge &active, &indexed, &total, &buckets, &sqc, &dqc;
};

namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Result<uint64_t> layout_of(const config::ContentCluster& cluster) {
  GROVE_ASSIGN_OR_RETURN(distribution::Distribution d, distribution::Distribution::create(cluster.distribution_config()));
  return d.layout_id();
}

}  // namespace

ContentNode::ContentNode(NodeOptions options, MetricRegistry& metrics)
    : options_(std::move(options)), metrics_(std::make_unique<Metrics>(metrics)) {}

ContentNode::~ContentNode() { close(); }

Result<std::unique_ptr<ContentNode>> ContentNode::open(NodeOptions options,
                                                       MetricRegistry& metrics) {
  auto loaded = config::ApplicationModel::load(options.application);
  if (!loaded.ok()) {
    std::string first = loaded.first_error();
    return Status::InvalidArgument(fmt::format("application package {} is not valid: {}",
                                               options.application, first));
  }
  std::unique_ptr<ContentNode> node(new ContentNode(std::move(options), metrics));
  node->model_ = std::make_unique<config::ApplicationModel>(std::move(*loaded.model));
  GROVE_RETURN_IF_ERROR(node->load(*node->model_));
  store::LmdbStoreOptions store_options;
  store_options.path = node->options_.data_dir + "/store";
  store_options.map_size_bytes = node->options_.store_map_size_bytes;
  store_options.commit_window = node->options_.commit_window;
  store_options.tombstone_retention_us = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(node->options_.tombstone_retention).count());
  GROVE_ASSIGN_OR_RETURN(node->store_, store::LmdbDocumentStore::open(store_options));
  GROVE_RETURN_IF_ERROR(node->store_->set_config_generation(node->options_.config_generation));
  node->config_generation_.store(node->options_.config_generation);
  GROVE_RETURN_IF_ERROR(node->rebuild_indexes());
  ContentNode* self = node.get();
  node->writer_ = std::make_unique<WriterThread>([self] { self->commit_indexes(); });
  node->maintenance_ = std::thread([self] {
    set_thread_name("grove-maint");
    self->maintenance_loop();
  });
  return node;
}

void ContentNode::maintenance_loop() {
  std::unique_lock lock(maintenance_mutex_);
  auto next_purge = std::chrono::steady_clock::now() + options_.maintenance_interval;
  while (!maintenance_wake_.wait_for(lock, std::chrono::seconds(1), [this] { return closing_; })) {
    lock.unlock();
    maybe_end_previous_layout();
    if (std::chrono::steady_clock::now() < next_purge) {
      lock.lock();
      continue;
    }
    next_purge = std::chrono::steady_clock::now() + options_.maintenance_interval;
    auto purged = store_->purge_tombstones(static_cast<uint64_t>(SystemClock::instance().wall_us()));
    if (!purged.ok()) {
      GROVE_LOG_WARN("tombstone purge failed: {}", purged.status().to_string());
    } else if (*purged > 0) {
      GROVE_LOG_INFO("purged {} expired tombstones", *purged);
    }
    lock.lock();
  }
}

Result<uint32_t> ContentNode::set_cluster_state(distribution::ClusterState state) {
  std::lock_guard lock(state_mutex_);
  std::shared_ptr<const distribution::PlacementTable> current = placement_.load();
  const uint32_t have = current ? current->state().version() : 0;
  if (state.version() <= have) return have;
  if (state.distribution_bits() != options_.distribution_bits) {
    return Status::InvalidArgument(fmt::format(
        "cluster state version {} has {} distribution bits, the node {}: changing the bits (bucket "
        "split or join) is not supported",
        state.version(), state.distribution_bits(), options_.distribution_bits));
  }
  const uint32_t version = state.version();
  GROVE_ASSIGN_OR_RETURN(auto table, placement_for_state(*cluster_config_, std::move(state)));
  GROVE_LOG_INFO("cluster state version {} (was {}): {}", version, have, table->state().to_string());
  placement_.store(std::move(table));
  return version;
}

Status ContentNode::reconfigure(std::shared_ptr<const config::ApplicationModel> model, uint64_t generation) {
  std::lock_guard lock(state_mutex_);
  const config::ContentCluster* cluster = model->find_content_cluster(cluster_id_);
  if (cluster == nullptr) {
    return Status::InvalidArgument(fmt::format("the new generation has no content cluster '{}'", cluster_id_));
  }
  std::vector<std::pair<DocumentDb*, const schema::Schema*>> changes;
  for (const config::DocumentRef& ref : cluster->documents) {
    auto db = dbs_.find(ref.type);
    const schema::Schema* schema = model->find_schema(ref.type);
    if (db == dbs_.end() || schema == nullptr) {
      return Status::InvalidArgument(fmt::format(
          "document type '{}' is new in cluster '{}': the content node must restart to serve it", ref.type,
          cluster_id_));
    }
    GROVE_RETURN_IF_ERROR(db->second->can_reconfigure(*schema));
    changes.emplace_back(db->second.get(), schema);
  }
  if (changes.size() != dbs_.size()) {
    return Status::InvalidArgument(fmt::format(
        "a document type left cluster '{}': the content node must restart to drop it", cluster_id_));
  }
  std::shared_ptr<const distribution::PlacementTable> placement = placement_.load();
  if (placement) {
    GROVE_ASSIGN_OR_RETURN(placement, placement_for_state(*cluster, placement->state()));
  }
  GROVE_ASSIGN_OR_RETURN(const uint64_t layout, layout_of(*cluster));
  for (auto& [db, schema] : changes) GROVE_RETURN_IF_ERROR(db->reconfigure(*schema, model));
  if (layout != layout_id_.load()) {
    GROVE_LOG_INFO("cluster '{}' has a new layout (which nodes share a leaf group): queries of the old "
                   "one search the activation the node had until none come for {} s",
                   cluster_id_, options_.previous_layout_linger.count());
    begin_previous_layout(layout_id_.load());
    layout_id_.store(layout);
  }
  cluster_config_ = cluster;
  max_merges_per_node_.store(cluster->max_merges_per_node.value_or(options_.maintenance.max_merges_per_node));
  reconfigured_ = std::move(model);
  if (placement) placement_.store(std::move(placement));
  if (generation != 0) config_generation_.store(generation);
  GROVE_LOG_INFO("adopted a new config generation of cluster '{}' ({} nodes)", cluster_id_,
                 cluster->all_nodes().size());
  return Status::Ok();
}

uint32_t ContentNode::cluster_state_version() const {
  std::shared_ptr<const distribution::PlacementTable> table = placement_.load();
  return table ? table->state().version() : 0;
}

Status ContentNode::load(const config::ApplicationModel& model) {
  const config::ContentCluster* cluster = model.content_cluster_or_only(options_.cluster);
  if (cluster == nullptr) {
    return Status::InvalidArgument(fmt::format(
        "content cluster '{}' is not in {} (give --cluster when the package has several)",
        options_.cluster, options_.application));
  }
  cluster_id_ = cluster->id;
  cluster_config_ = cluster;
  GROVE_ASSIGN_OR_RETURN(const uint64_t layout, layout_of(*cluster));
  layout_id_.store(layout);
  max_merges_per_node_.store(cluster->max_merges_per_node.value_or(options_.maintenance.max_merges_per_node));
  GROVE_ASSIGN_OR_RETURN(auto placement, make_node_placement(*cluster, options_));
  placement_.store(std::move(placement));
  GROVE_ASSIGN_OR_RETURN(document::DocumentTypeRepo repo, config::make_document_type_repo(model));
  types_ = std::make_unique<document::DocumentTypeRepo>(std::move(repo));
  for (const config::DocumentRef& ref : cluster->documents) {
    const schema::Schema* schema = model.find_schema(ref.type);
    const document::DocumentType* type = types_->find(ref.type);
    if (schema == nullptr || type == nullptr) {
      return Status::InvalidArgument(fmt::format("document type '{}' has no schema", ref.type));
    }
    GROVE_ASSIGN_OR_RETURN(auto db, DocumentDb::create(*schema, *type));
    dbs_.emplace(ref.type, std::move(db));
  }
  return Status::Ok();
}

void ContentNode::commit_indexes() {
  for (auto& [name, db] : dbs_) db->commit();
}

// Rebuilds the in-memory indexes from every stored document, before the node takes calls.
Status ContentNode::rebuild_indexes() {
  class Loader : public store::DocumentVisitor {
   public:
    explicit Loader(ContentNode& node) : node_(node) {}
    bool active_ = true;  // the role of the bucket being visited
    Status visit(const store::DocumentView& view) override {
      auto id = document::peek_document_id(view.payload);
      if (!id.ok()) return id.status();
      auto parsed = DocumentId::parse(*id);
      DocumentDb* db = parsed.ok() ? node_.db_for_id(*parsed) : nullptr;
      if (db == nullptr) {
        ++skipped_;
        return Status::Ok();
      }
      GROVE_ASSIGN_OR_RETURN(document::Document doc, document::deserialize(db->type(), view.payload));
      GROVE_RETURN_IF_ERROR(db->put(doc, active_));
      ++loaded_;
      return Status::Ok();
    }
    uint64_t loaded_ = 0, skipped_ = 0;

   private:
    ContentNode& node_;
  };
  auto start = std::chrono::steady_clock::now();
  Loader loader(*this);
  GROVE_ASSIGN_OR_RETURN(auto buckets, store_->list_buckets());
  GROVE_RETURN_IF_ERROR(adopt_legacy_roles(buckets));
  uint64_t not_ready = 0;
  constexpr uint64_t kStartupCommitDocs = 4096;
  uint64_t committed = 0;
  for (const auto& b : buckets) {
    const ReplicaRole role = role_from_flags(b.info.ready, b.info.active);
    if (!role.ready) {
      not_ready += b.info.doc_count;  // stored, not indexed
      continue;
    }
    loader.active_ = role.active;
    GROVE_RETURN_IF_ERROR(store_->visit_bucket(b.bucket, loader));
    // Commit every few thousand documents, as a feed would: buffers a growing posting list or
    // dictionary outgrew are freed at a commit, and freed early they are reused, instead of
    // all being freed at the end, scattered between live ones (where the allocator cannot give
    // the pages back). This keeps the resident size after a start-up that of a fed node.
    if (loader.loaded_ - committed >= kStartupCommitDocs) {
      commit_indexes();
      committed = loader.loaded_;
    }
  }
  commit_indexes();
  double seconds = ms_since(start) / 1000.0;
  GROVE_LOG_INFO("index start-up: {} documents in {} buckets indexed in {:.2f} s ({:.0f} docs/s){}{}",
                 loader.loaded_, buckets.size(), seconds,
                 seconds > 0 ? loader.loaded_ / seconds : 0.0,
                 loader.skipped_ ? fmt::format("; {} of other types skipped", loader.skipped_) : "",
                 not_ready ? fmt::format("; {} in buckets not ready here stored only", not_ready) : "");
  return Status::Ok();
}

Status ContentNode::adopt_legacy_roles(std::vector<store::BucketSummary>& buckets) {
  if (buckets.empty()) return Status::Ok();
  for (const auto& b : buckets) {
    if (b.info.ready || b.info.active) return Status::Ok();
  }
  std::vector<store::BucketStateChange> changes;
  changes.reserve(buckets.size());
  for (auto& b : buckets) {
    const ReplicaRole role = ideal_role(b.bucket);
    b.info.ready = role.ready;
    b.info.active = role.active;
    changes.push_back(store::BucketStateChange{b.bucket, role.ready, role.active});
  }
  GROVE_LOG_INFO("the store holds {} buckets without roles (written before buckets had them): each "
                 "gets its ideal role", buckets.size());
  return store_->set_bucket_states(changes);
}

void ContentNode::close() {
  {
    std::lock_guard lock(maintenance_mutex_);
    closing_ = true;
  }
  maintenance_wake_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
  if (writer_) writer_->stop();
  if (store_) store_->close();
}

NodeCounts ContentNode::counts() const {
  NodeCounts c;
  for (const auto& [name, db] : dbs_) {
    c.active_documents += db->active_documents();
    if (previous_layout_id_.load() != 0) c.previous_layout_documents += db->previous_layout_documents();
    c.indexed_documents += db->indexed_documents();
  }
  c.total_documents = store_->document_count();
  c.buckets = store_->bucket_count();
  metrics_->active.set(static_cast<double>(c.active_documents));
  metrics_->indexed.set(static_cast<double>(c.indexed_documents));
  metrics_->total.set(static_cast<double>(c.total_documents));
  metrics_->buckets.set(static_cast<double>(c.buckets));
  return c;
}

BucketId ContentNode::bucket_of(const Gid& gid) const {
  uint64_t location = uint64_t{gid.bytes[0]} | uint64_t{gid.bytes[1]} << 8 |
                      uint64_t{gid.bytes[2]} << 16 | uint64_t{gid.bytes[3]} << 24;
  return BucketId::from_bits(options_.distribution_bits, location);
}

DocumentDb* ContentNode::db_for_id(const DocumentId& id) const {
  auto it = dbs_.find(id.doc_type());
  return it == dbs_.end() ? nullptr : it->second.get();
}

Result<DocumentDb*> ContentNode::db_named(std::string_view document_type) const {
  auto it = dbs_.find(document_type);
  if (it != dbs_.end()) return it->second.get();
  std::string known;
  for (const auto& [name, db] : dbs_) known += (known.empty() ? "" : ", ") + name;
  return Status::InvalidArgument(fmt::format(
      "document type '{}' is not in content cluster '{}' (it has: {})", document_type, cluster_id_,
      known));
}

void ContentNode::record_write(bool put, bool ok, double ms) {
  (ok ? (put ? metrics_->puts : metrics_->removes) : metrics_->write_errors).add();
  metrics_->write_latency.record(ms);
}

Result<document::Document> ContentNode::parse_document(const DocumentId& id, const DocumentDb& db,
                                                       const std::string& bytes) const {
  if (bytes.size() > options_.max_document_bytes) {
    return Status::InvalidArgument(fmt::format("document {} is {} bytes, over the limit of {}",
                                               id.str(), bytes.size(), options_.max_document_bytes));
  }
  auto parsed = document::deserialize(db.type(), bytes);
  if (!parsed.ok()) {
    return Status::InvalidArgument(fmt::format("document {}: {}", id.str(), parsed.status().message()));
  }
  if (document::serialized_size(*parsed) != bytes.size()) {
    return Status::InvalidArgument(fmt::format(
        "document {} has fields that document type '{}' does not have, or of another type",
        id.str(), db.type().name()));
  }
  if (parsed->id().str() != id.str()) {
    return Status::InvalidArgument(fmt::format("document {} carries the id {}", id.str(), parsed->id().str()));
  }
  return parsed;
}

// A single put or remove is a batch of one: the same checks, store write and indexing, as from
// a distributor that knows no other replica of the bucket.
Result<bool> ContentNode::put(std::string_view id_text, uint64_t timestamp, std::string document,
                              const Deadline& deadline) {
  std::vector<ReplicaWrite> one;
  one.push_back(ReplicaWrite{std::string(id_text), timestamp, false, std::move(document), true});
  return std::move(write_batch(std::move(one), deadline).front());
}

Result<bool> ContentNode::remove(std::string_view id_text, uint64_t timestamp,
                                 const Deadline& deadline) {
  std::vector<ReplicaWrite> one;
  one.push_back(ReplicaWrite{std::string(id_text), timestamp, true, {}, true});
  return std::move(write_batch(std::move(one), deadline).front());
}

Result<NodeDocument> ContentNode::get(std::string_view id_text) const {
  GROVE_ASSIGN_OR_RETURN(DocumentId id, DocumentId::parse(id_text));
  GROVE_ASSIGN_OR_RETURN(DocumentDb * db, db_named(id.doc_type()));
  NodeDocument out;
  auto entry = store_->get(bucket_of(id.gid()), id.gid());
  if (!entry.ok()) {
    if (entry.status().code() == StatusCode::kNotFound) return out;
    return entry.status();
  }
  out.found = true;
  out.timestamp = entry->timestamp;
  out.removed = entry->tombstone;
  if (out.removed) return out;
  GROVE_ASSIGN_OR_RETURN(document::Document doc, document::deserialize(db->type(), entry->payload));
  JsonWriter w;
  document::write_fields(doc, w);
  out.fields_json = std::move(w).take();
  return out;
}

Result<std::optional<ContentNode::StoredDocument>> ContentNode::get_document(
    const DocumentId& id) const {
  GROVE_ASSIGN_OR_RETURN(DocumentDb * db, db_named(id.doc_type()));
  auto entry = store_->get(bucket_of(id.gid()), id.gid());
  using Found = std::optional<StoredDocument>;
  if (!entry.ok() && entry.status().code() == StatusCode::kNotFound) return Found();
  if (!entry.ok()) return entry.status();
  if (entry->tombstone) return Found();
  GROVE_ASSIGN_OR_RETURN(document::Document doc, document::deserialize(db->type(), entry->payload));
  return Found(StoredDocument{std::move(doc), entry->timestamp});
}

Result<NodeSearchResult> ContentNode::search(std::string_view document_type,
                                             search::SearchRequest request, uint64_t layout) const {
  const bool previous = layout != 0 && layout == previous_layout_id_.load();
  const auto start = std::chrono::steady_clock::now();
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(start.time_since_epoch()).count();
  if (previous) last_previous_query_ms_.store(now_ms, std::memory_order_relaxed);
  last_query_ms_.store(now_ms, std::memory_order_relaxed);
  auto db = db_named(document_type);
  if (!db.ok()) {
    metrics_->search_errors.add();
    return db.status();
  }
  auto result = (*db)->search(std::move(request), previous);
  if (!result.ok()) {
    metrics_->search_errors.add();
    return result.status();
  }
  NodeSearchResult out;
  out.gids.reserve(result->hits.size());
  for (const auto& hit : result->hits) out.gids.push_back((*db)->gid_of(hit.lid));
  out.result = std::move(result).value();
  double ms = ms_since(start);
  metrics_->searches.add();
  metrics_->matched.add(out.result.metrics.documents_matched);
  metrics_->search_latency.record(ms);
  cost_model_.record(static_cast<double>(out.result.metrics.documents_matched), ms);
  auto estimate = cost_model_.estimate();
  metrics_->sqc.set(estimate.sqc_ms);
  metrics_->dqc.set(estimate.dqc_ms);
  return out;
}

Result<search::CorpusStats> ContentNode::term_stats(std::string_view document_type,
                                                    const search::QueryTree& query) const {
  GROVE_ASSIGN_OR_RETURN(DocumentDb * db, db_named(document_type));
  return db->local_stats(query);
}

Result<std::vector<NodeDocsum>> ContentNode::docsums(std::string_view document_type,
                                                     std::string_view summary_class,
                                                     const std::vector<Gid>& gids) const {
  GROVE_ASSIGN_OR_RETURN(DocumentDb * db, db_named(document_type));
  std::shared_ptr<const DocumentDb::Serving> serving = db->serving();
  const schema::SummaryClass* summary = serving->schema.find_summary_class(std::string(summary_class));
  if (summary == nullptr) {
    std::string known;
    for (const auto& c : serving->schema.summary_classes()) known += (known.empty() ? "" : ", ") + c.name;
    return Status::InvalidArgument(fmt::format("unknown summary class '{}' for '{}' (known: {})",
                                               summary_class, document_type, known));
  }
  std::vector<NodeDocsum> out;
  out.reserve(gids.size());
  for (const Gid& gid : gids) {
    NodeDocsum sum;
    sum.gid = gid;
    auto entry = store_->get(bucket_of(gid), gid);
    if (entry.ok() && !entry->tombstone) {
      GROVE_ASSIGN_OR_RETURN(document::Document doc, document::deserialize(db->type(), entry->payload));
      JsonWriter w;
      w.begin_object();
      w.key("documentid").string(doc.id().str());  // as in Vespa's summaries
      for (const schema::SummaryField& f : summary->fields) {
        const std::string& source = f.source.empty() ? f.name : f.source;
        if (const document::FieldValue* v = doc.get(source)) {
          w.key(f.name);
          document::write_value_json(*v, w);
        }
      }
      w.end_object();
      sum.found = true;
      sum.fields_json = std::move(w).take();
    } else if (!entry.ok() && entry.status().code() != StatusCode::kNotFound) {
      return entry.status();
    }
    out.push_back(std::move(sum));
  }
  metrics_->docsums.add(out.size());
  return out;
}

Status ContentNode::index_as(DocumentDb& db, const document::Document& doc, ReplicaRole role,
                             const document::Document* replaced, bool previous_active) {
  if (role.ready || previous_active) return db.put(doc, role.active, replaced, previous_active);
  db.remove(doc.id().gid(), replaced);  // not ready here: stored only
  return Status::Ok();
}

std::optional<document::Document> ContentNode::previous_version(
    const DocumentDb& db, const std::optional<std::string>& payload) {
  if (!payload) return std::nullopt;
  auto doc = document::deserialize(db.type(), *payload);
  if (!doc.ok()) return std::nullopt;  // then only the document frequencies stay approximate
  return std::move(doc).value();
}

void ContentNode::sync_index(DocumentDb& db, BucketId bucket, const Gid& gid, ReplicaRole role) {
  auto entry = store_->get(bucket, gid);
  if (!entry.ok() || entry->tombstone) {
    db.remove(gid);
    return;
  }
  auto doc = document::deserialize(db.type(), entry->payload);
  if (!doc.ok() || !index_as(db, *doc, role, nullptr, previous_layout_active(bucket)).ok()) {
    GROVE_LOG_WARN("bucket {}: stored document could not be indexed", bucket.to_hex());
  }
}

Result<std::vector<store::BucketSummary>> ContentNode::bucket_infos(std::span<const BucketId> buckets) const {
  std::vector<store::BucketSummary> out;
  out.reserve(buckets.size());
  for (BucketId b : buckets) {
    auto info = store_->bucket_info(b);
    if (info.ok()) {
      out.push_back(store::BucketSummary{b, *info});
    } else if (info.status().code() != StatusCode::kNotFound) {
      return info.status();
    }
  }
  return out;
}

Result<size_t> ContentNode::apply_bucket_entries(BucketId bucket,
                                                 std::vector<store::DocumentEntry> entries) {
  std::vector<std::pair<DocumentDb*, Gid>> touched;
  for (const auto& e : entries) {
    if (e.tombstone) {
      for (auto& [name, db] : dbs_) touched.emplace_back(db.get(), e.gid);
      continue;
    }
    auto id = document::peek_document_id(e.payload);
    auto parsed = id.ok() ? DocumentId::parse(*id) : Result<DocumentId>(id.status());
    if (!parsed.ok()) {
      return Status::InvalidArgument(fmt::format("bucket {}: entry with a damaged document: {}",
                                                 bucket.to_hex(), parsed.status().message()));
    }
    if (parsed->gid() != e.gid) {
      return Status::InvalidArgument(fmt::format("bucket {}: entry {} holds document {} of another gid",
                                                 bucket.to_hex(), e.gid.to_hex(), parsed->str()));
    }
    GROVE_ASSIGN_OR_RETURN(DocumentDb * db, db_named(parsed->doc_type()));
    touched.emplace_back(db, e.gid);
  }
  // A bucket this creates is ready when this node is one of its searchable ideal replicas, and
  // not active until the distributor activates it.
  const ReplicaRole created{ideal_role(bucket).ready, false};
  store::WriteBatch batch;
  batch.reserve(entries.size());
  for (store::DocumentEntry& entry : entries) {
    batch.add_entry(bucket, std::move(entry));
    batch.set_create_role(created.ready, created.active);
  }
  GROVE_ASSIGN_OR_RETURN(std::vector<bool> applied, store_->write_sync(std::move(batch)));
  size_t count = 0;
  for (bool a : applied) count += a ? 1 : 0;
  if (count == 0) return count;
  writer_->run_sync([&] {
    auto info = store_->bucket_info(bucket);
    const ReplicaRole role = info.ok() ? role_from_flags(info->ready, info->active) : created;
    for (size_t i = 0; i < touched.size(); ++i) sync_index(*touched[i].first, bucket, touched[i].second, role);
  });
  return count;
}

Result<uint64_t> ContentNode::delete_bucket(BucketId bucket) {
  auto info = store_->bucket_info(bucket);
  if (!info.ok() && info.status().code() == StatusCode::kNotFound) return uint64_t{0};
  if (!info.ok()) return info.status();
  GROVE_ASSIGN_OR_RETURN(auto entries, store_->list_entries(bucket));
  GROVE_RETURN_IF_ERROR(store_->delete_bucket(bucket));
  writer_->run_sync([&] {
    for (const auto& e : entries) {
      for (auto& [name, db] : dbs_) db->remove(e.gid);
    }
  });
  {
    std::lock_guard lock(previous_mutex_);
    previous_active_.erase(bucket.raw());
  }
  return info->doc_count;
}

Status ContentNode::reindex_bucket(BucketId bucket, ReplicaRole role) {
  class Indexer : public store::DocumentVisitor {
   public:
    Indexer(ContentNode& node, ReplicaRole role, bool previous) : node_(node), role_(role), previous_(previous) {}
    Status visit(const store::DocumentView& view) override {
      auto id = document::peek_document_id(view.payload);
      if (!id.ok()) return id.status();
      auto parsed = DocumentId::parse(*id);
      DocumentDb* db = parsed.ok() ? node_.db_for_id(*parsed) : nullptr;
      if (db == nullptr) return Status::Ok();  // a type this cluster no longer has
      GROVE_ASSIGN_OR_RETURN(document::Document doc, document::deserialize(db->type(), view.payload));
      // The stored version is the one indexed, if any: it replaces itself, so that its terms
      // are counted once whatever the row's activity was.
      return index_as(*db, doc, role_, &doc, previous_);
    }

   private:
    ContentNode& node_;
    ReplicaRole role_;
    bool previous_;
  };
  Indexer indexer(*this, role, previous_layout_active(bucket));
  return store_->visit_bucket(bucket, indexer);
}

Status ContentNode::set_bucket_states(const std::vector<BucketRoleChange>& changes) {
  std::vector<BucketId> ids;
  ids.reserve(changes.size());
  for (const BucketRoleChange& c : changes) ids.push_back(c.bucket);
  GROVE_ASSIGN_OR_RETURN(std::vector<store::BucketSummary> before, bucket_infos(ids));
  std::map<uint64_t, ReplicaRole> had;
  for (const auto& b : before) had[b.bucket.raw()] = role_from_flags(b.info.ready, b.info.active);
  std::vector<store::BucketStateChange> stored;
  std::vector<std::pair<BucketId, ReplicaRole>> reindex;
  stored.reserve(changes.size());
  for (const BucketRoleChange& c : changes) {
    const ReplicaRole role = role_from_flags(c.role.ready, c.role.active);
    stored.push_back(store::BucketStateChange{c.bucket, c.role.ready, c.role.active});
    auto it = had.find(c.bucket.raw());
    if (it == had.end()) continue;  // created empty: nothing to index
    if (it->second.ready != role.ready || it->second.active != role.active) reindex.emplace_back(c.bucket, role);
  }
  GROVE_RETURN_IF_ERROR(store_->set_bucket_states(stored));
  if (reindex.empty()) return Status::Ok();
  Status status;
  writer_->run_sync([&] {
    for (const auto& [bucket, role] : reindex) {
      Status s = reindex_bucket(bucket, role);
      if (!s.ok() && status.ok()) status = s;
    }
  });
  return status;
}

bool ContentNode::previous_layout_active(BucketId bucket) const {
  if (previous_layout_id_.load() == 0) return false;
  std::lock_guard lock(previous_mutex_);
  return previous_active_.contains(bucket.raw());
}

bool ContentNode::keeps_active() const {
  if (!retired_.load()) return false;
  const auto linger = std::chrono::duration_cast<std::chrono::milliseconds>(options_.previous_layout_linger).count();
  return steady_ms() - last_query_ms_.load(std::memory_order_relaxed) < linger;
}

void ContentNode::begin_previous_layout(uint64_t previous) {
  // On the writer thread, so that no write is indexed between the copy and the set it copies
  // (a bucket's flags change only on it or before a task it runs).
  writer_->run_sync([&] {
    std::unordered_set<uint64_t> active;
    auto buckets = store_->list_buckets();
    if (buckets.ok()) {
      for (const auto& b : *buckets) {
        if (b.info.active) active.insert(b.bucket.raw());
      }
    }
    {
      std::lock_guard lock(previous_mutex_);
      previous_active_ = std::move(active);
      previous_since_ = std::chrono::steady_clock::now();
    }
    for (auto& [name, db] : dbs_) db->begin_previous_layout();
    previous_layout_id_.store(previous);
  });
  last_previous_query_ms_.store(steady_ms());
}

void ContentNode::maybe_end_previous_layout() {
  if (previous_layout_id_.load() == 0) return;
  const auto linger = std::chrono::duration_cast<std::chrono::milliseconds>(options_.previous_layout_linger).count();
  if (steady_ms() - last_previous_query_ms_.load() < linger) return;
  writer_->run_sync([&] {
    previous_layout_id_.store(0);
    for (auto& [name, db] : dbs_) db->end_previous_layout();
    std::lock_guard lock(previous_mutex_);
    previous_active_.clear();
  });
  GROVE_LOG_INFO("no query of the previous layout for {} s: its activation is dropped",
                 options_.previous_layout_linger.count());
}

}  // namespace grove::content
