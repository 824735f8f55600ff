#pragma once

// Fts5Engine: the SQLite FTS5 peer. The index is the file workdir/fts5.db holding
//   CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='unicode61');
//   CREATE TABLE attrs(id INTEGER PRIMARY KEY, <numeric field> INTEGER, ...);
// filled in one transaction (rowid = corpus ordinal + 1 in both), then merged with FTS5's
// 'optimize' command and VACUUMed. The numeric fields live in a plain table rather than as
// UNINDEXED fts5 columns so that a filter or sort reads a narrow row, not the stored text.
//
// Queries: `SELECT docs.rowid FROM docs [CROSS JOIN attrs ON attrs.id = docs.rowid]
// WHERE docs MATCH ?1 [AND attrs.F BETWEEN ?2 AND ?3] ORDER BY bm25(docs) | attrs.F, ...
// LIMIT 10`, with MATCH strings `"a" AND "b"`, `"a" OR "b"` and `"a b"` (phrase). FTS5's bm25()
// uses k1 1.2 and b 0.75. CROSS JOIN keeps the full-text index as the outer loop. Each searcher
// opens its own read-only connection with a 64 MiB page cache and 1 GiB mmap; the load
// connection uses the same cache size.
//
// Ownership and threads: see PeerEngine.

#include <string>

#include "perf/peers/peer_engine.h"

namespace grove::perf {

class Fts5Engine : public PeerEngine {
 public:
  explicit Fts5Engine(EngineSetup setup);

  std::string_view name() const override { return "fts5"; }
  Result<LoadStats> load(CorpusReader& corpus) override;
  Result<std::unique_ptr<PeerSearcher>> open_searcher(const std::vector<Query>& queries) override;

 private:
  EngineSetup setup_;
  std::string path_;  // workdir/fts5.db
};

}  // namespace grove::perf
