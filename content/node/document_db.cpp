#include "content/node/document_db.h"

#include <fmt/format.h>

namespace grove::content {

Result<std::unique_ptr<DocumentDb>> DocumentDb::create(const schema::Schema& schema,
                                                       const document::DocumentType& type) {
  std::unique_ptr<DocumentDb> db(new DocumentDb(schema, type));
  GROVE_ASSIGN_OR_RETURN(index::IndexConfig config, index::IndexConfig::from_schema(schema));
  db->index_config_ = std::make_unique<index::IndexConfig>(std::move(config));
  GROVE_ASSIGN_OR_RETURN(db->index_, index::Index::create(*db->index_config_));
  GROVE_ASSIGN_OR_RETURN(ranking::RankProfiles profiles,
                         ranking::RankProfiles::compile(schema, *db->index_config_));
  db->serving_.store(std::make_shared<const Serving>(schema, std::move(profiles), nullptr));
  return db;
}

Status DocumentDb::can_reconfigure(const schema::Schema& schema) const {
  if (auto difference = schema::indexing_difference(schema_, schema)) {
    return Status::InvalidArgument(
        fmt::format("{}: the content node must restart to re-index its documents", *difference));
  }
  return Status::Ok();
}

Status DocumentDb::reconfigure(const schema::Schema& schema, std::shared_ptr<const void> owner) {
  std::lock_guard lock(reconfigure_mutex_);
  GROVE_RETURN_IF_ERROR(can_reconfigure(schema));
  GROVE_ASSIGN_OR_RETURN(ranking::RankProfiles profiles, ranking::RankProfiles::compile(schema, *index_config_));
  serving_.store(std::make_shared<const Serving>(schema, std::move(profiles), std::move(owner)));
  return Status::Ok();
}

Status DocumentDb::put(const document::Document& doc, bool active, const document::Document* replaced,
                       bool previous_active) {
  const distribution::Gid& gid = doc.id().gid();
  auto [it, inserted] = lids_.try_emplace(gid, next_lid_);
  if (inserted) {
    if (next_lid_ >= index::kMaxRows) {
      lids_.erase(it);
      return Status::ResourceExhausted(
          fmt::format("document type '{}' has used all {} local ids", type_.name(), index::kMaxRows));
    }
    gid_table_.set(next_lid_++, gid);
  }
  indexer_.build(doc, input_);
  const index::IndexInput* previous = nullptr;
  if (replaced != nullptr && !inserted) {
    indexer_.build(*replaced, previous_input_);
    previous = &previous_input_;
  }
  Status status = index_->add(it->second, input_, active, previous, previous_active);
  if (!status.ok() && inserted) lids_.erase(it);
  return status;
}

void DocumentDb::remove(const distribution::Gid& gid, const document::Document* removed) {
  auto it = lids_.find(gid);
  if (it == lids_.end()) return;
  const index::IndexInput* previous = nullptr;
  if (removed != nullptr) {
    indexer_.build(*removed, previous_input_);
    previous = &previous_input_;
  }
  (void)index_->remove(it->second, previous);  // NotFound only if never added; nothing to undo
  lids_.erase(it);
}

Result<search::SearchResult> DocumentDb::search(search::SearchRequest request, bool previous_layout) const {
  GROVE_ASSIGN_OR_RETURN(request.query, preparer_.prepare(request.query));
  index::IndexSnapshot snapshot =
      previous_layout ? index_->snapshot().alternate() : index_->snapshot();
  return serving_.load()->searcher.search(snapshot, request);
}

Result<search::CorpusStats> DocumentDb::local_stats(const search::QueryTree& raw) const {
  GROVE_ASSIGN_OR_RETURN(search::QueryTree prepared, preparer_.prepare(raw));
  index::IndexSnapshot snapshot = index_->snapshot();
  return serving_.load()->searcher.local_stats(snapshot, prepared);
}

}  // namespace grove::content
