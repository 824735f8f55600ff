#pragma once

// DocumentDb: everything a content node keeps in memory for one document type: its index, its
// compiled rank profiles and searcher, the query preparer, and the mapping between GIDs and the
// index's local document ids.
//
// Writes come from the node's single writer thread: put() and remove() stage changes, commit()
// publishes them to queries. Queries (search, local_stats, gid_of) run on any thread at any
// time and never wait for the writer.
//
// Usage:
//   auto db = DocumentDb::create(schema, type);        // per config generation
//   (*db)->put(doc); (*db)->commit();                  // writer thread
//   auto result = (*db)->search(request);              // any thread
//
// A new config generation that changes only rank profiles or summary classes is adopted with
// reconfigure() while queries run: each query uses the profiles it started with.
//
// Owned by the ContentNode; borrows the schema and document type, which must outlive it (and a
// schema given to reconfigure() is kept alive by the owner handed with it).

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "config-model/schema/schema.h"
#include "content/index/index.h"
#include "content/node/document_indexer.h"
#include "content/node/lid_table.h"
#include "content/node/query_preparer.h"
#include "content/ranking/rank_setup.h"
#include "content/search/searcher.h"
#include "services/document/document.h"

namespace grove::content {

struct GidHash {
  // Bytes 4..11 are MD5 bits of the id, already uniform; bytes 0..3 are the location, which
  // many documents can share.
  size_t operator()(const distribution::Gid& gid) const {
    uint64_t h = 0;
    for (int i = 4; i < 12; ++i) h = (h << 8) | gid.bytes[i];
    return static_cast<size_t>(h);
  }
};

class DocumentDb {
 public:
  static Result<std::unique_ptr<DocumentDb>> create(const schema::Schema& schema,
                                                    const document::DocumentType& type);

  // The schema, rank profiles and searcher queries use now: a snapshot that stays valid while
  // held, also across reconfigure().
  struct Serving {
    Serving(const schema::Schema& schema, ranking::RankProfiles profiles, std::shared_ptr<const void> owner)
        : schema(schema), profiles(std::move(profiles)), searcher(this->profiles), owner(std::move(owner)) {}
    const schema::Schema& schema;
    ranking::RankProfiles profiles;  // borrowed by searcher
    search::Searcher searcher;
    std::shared_ptr<const void> owner;  // keeps `schema` alive
  };
  std::shared_ptr<const Serving> serving() const { return serving_.load(); }
  // The schema the index was built for (its fields; the rank profiles may be newer: serving()).
  const schema::Schema& schema() const { return schema_; }
  // OK when reconfigure(schema) can adopt `schema` (same fields, indexing and fieldsets).
  Status can_reconfigure(const schema::Schema& schema) const;
  // Any thread. Adopts `schema`'s rank profiles and summary classes for every query that starts
  // after it; `owner` keeps the schema alive. InvalidArgument naming the change when the
  // schema differs in what is stored or indexed (schema::indexing_difference): that needs a
  // restart, which re-indexes; InvalidArgument too when a rank profile does not compile.
  Status reconfigure(const schema::Schema& schema, std::shared_ptr<const void> owner);
  const document::DocumentType& type() const { return type_; }

  // Writer. Indexes `doc`, replacing an earlier version of the same document. An inactive
  // document (a ready replica that is not the active one) is indexed but not searched and not
  // in the corpus statistics (index::Index::add). `replaced` is the stored version this one
  // replaces, when known: its terms then leave the document frequencies at once.
  // `previous_active`: the document's activation in the previous layout's set, while there is
  // one (begin_previous_layout).
  Status put(const document::Document& doc, bool active = true,
             const document::Document* replaced = nullptr, bool previous_active = false);
  // Writer. Starts (a copy of the activation now) or ends the previous layout's active set,
  // which queries of a layout the node is leaving search (index::Index::begin_alternate).
  void begin_previous_layout() { index_->begin_alternate(); }
  void end_previous_layout() { index_->end_alternate(); }
  // Writer. Drops the document from the index; a document it does not hold is ignored.
  // `removed` is the stored version being removed, as for put().
  void remove(const distribution::Gid& gid, const document::Document* removed = nullptr);
  // Writer. Makes the staged changes searchable.
  void commit() { index_->commit(); }
  // Writer. Documents held (including uncommitted changes).
  size_t document_count() const { return lids_.size(); }
  // Writer. Index memory, for metrics.
  index::IndexMemoryUsage memory_usage() const { return index_->memory_usage(); }

  // Any thread. Prepares the query's terms with the fields' linguistics, then searches the
  // latest committed state.
  // `previous_layout`: with the previous layout's active set.
  Result<search::SearchResult> search(search::SearchRequest request, bool previous_layout = false) const;
  // Any thread. This node's term statistics for the query's (prepared) terms.
  Result<search::CorpusStats> local_stats(const search::QueryTree& raw) const;
  // Any thread. The GID of a hit.
  const distribution::Gid& gid_of(index::LocalDocId lid) const { return gid_table_.get(lid); }
  // Any thread. Active (searched) documents in the latest committed state.
  uint64_t active_documents() const { return index_->snapshot().active_docs(); }
  // Any thread. Active documents of the previous layout's set (0 without one).
  uint64_t previous_layout_documents() const { return index_->snapshot().alternate().active_docs(); }
  // Any thread. Indexed documents (active or only ready) in the latest committed state.
  uint64_t indexed_documents() const { return index_->snapshot().indexed_docs(); }

 private:
  DocumentDb(const schema::Schema& schema, const document::DocumentType& type)
      : schema_(schema), type_(type), indexer_(schema), preparer_(schema) {}

  const schema::Schema& schema_;
  const document::DocumentType& type_;
  std::unique_ptr<index::IndexConfig> index_config_;  // borrowed by the rank profiles
  std::unique_ptr<index::Index> index_;
  std::atomic<std::shared_ptr<const Serving>> serving_;
  std::mutex reconfigure_mutex_;  // serializes reconfigure()
  DocumentIndexer indexer_;                            // writer only
  index::IndexInput input_;                            // writer only; reused per document
  index::IndexInput previous_input_;                   // writer only; the replaced version
  QueryPreparer preparer_;
  // Writer only. Invariant: lids_[gid] is the local id of every document held.
  std::unordered_map<distribution::Gid, index::LocalDocId, GidHash> lids_;
  // Local ids are not reused, so a query's snapshot never sees a hit change owner.
  index::LocalDocId next_lid_ = 0;
  LidTable gid_table_;
};

}  // namespace grove::content
