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
  db->profiles_ = std::make_unique<ranking::RankProfiles>(std::move(profiles));
  db->searcher_ = std::make_unique<search::Searcher>(*db->profiles_);
  return db;
}

Status DocumentDb::put(const document::Document& doc, bool active, const document::Document* replaced) {
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
  Status status = index_->add(it->second, input_, active, previous);
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

Result<search::SearchResult> DocumentDb::search(search::SearchRequest request) const {
  GROVE_ASSIGN_OR_RETURN(request.query, preparer_.prepare(request.query));
  index::IndexSnapshot snapshot = index_->snapshot();
  return searcher_->search(snapshot, request);
}

Result<search::CorpusStats> DocumentDb::local_stats(const search::QueryTree& raw) const {
  GROVE_ASSIGN_OR_RETURN(search::QueryTree prepared, preparer_.prepare(raw));
  index::IndexSnapshot snapshot = index_->snapshot();
  return searcher_->local_stats(snapshot, prepared);
}

}  // namespace grove::content
