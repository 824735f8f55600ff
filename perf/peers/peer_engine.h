#pragma once

// PeerEngine: a search library Grove is compared with (Xapian, SQLite FTS5), behind one
// interface so that the benchmark runs exactly the same steps against each:
//   1. load(): index a corpus into files under the work directory (replacing earlier ones);
//   2. open_searcher(): one searcher per benchmark thread, each with its own database handle;
//   3. PeerSearcher::search(i): run query i of the set, top kTopK by BM25 (k1 1.2, b 0.75) or by
//      the query's sort keys, and return how many hits came back.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(auto engine, make_peer_engine("xapian", setup));
//   GROVE_ASSIGN_OR_RETURN(LoadStats stats, engine->load(*corpus));
//   GROVE_ASSIGN_OR_RETURN(auto searcher, engine->open_searcher(queries));
//   GROVE_ASSIGN_OR_RETURN(uint32_t hits, searcher->search(0));
//
// An engine is owned by the benchmark and used from one thread. A searcher is owned by the
// benchmark and used by one thread at a time; searchers of one engine may run concurrently
// once load() has returned.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "perf/common/corpus_reader.h"
#include "perf/common/query.h"
#include "services/base/result.h"

namespace grove::perf {

inline constexpr uint32_t kTopK = 10;

struct EngineSetup {
  std::string workdir;  // the engine keeps its files under workdir/<engine name>
  // The integer attributes to store for filters and sorting; the corpus reader given to load()
  // must read exactly these, in this order, and one text field.
  std::vector<std::string> numeric_fields;
  // Xapian only: index the text with ASCII punctuation replaced by spaces, so that words split
  // where FTS5's unicode61 and Grove's tokenizer split them (TermGenerator alone keeps
  // "workmen's", "U.S." and "1.5" as single terms, and the KJV is full of possessives). The
  // stored text is the original either way.
  bool xapian_split_punctuation = true;
};

struct LoadStats {
  uint64_t docs = 0;
  double load_seconds = 0;      // indexing and the final commit
  double optimize_seconds = 0;  // merging into the read-optimized form (Xapian compact,
                                // FTS5 'optimize' + VACUUM)
  uint64_t index_bytes = 0;     // on disk after optimizing, stored text included
};

class PeerSearcher {
 public:
  virtual ~PeerSearcher() = default;
  // Runs query `i` of the set given to open_searcher(). Returns the hits (<= kTopK); Internal
  // when the engine fails.
  virtual Result<uint32_t> search(size_t i) = 0;
  // The same query, returning the corpus ordinals of the hits in rank order. Slower (it
  // allocates); for tests and for checking that engines agree, never timed.
  virtual Result<std::vector<uint64_t>> hits(size_t i) = 0;
};

class PeerEngine {
 public:
  virtual ~PeerEngine() = default;
  virtual std::string_view name() const = 0;
  // Indexes every document of `corpus` (read from its current position to the end). IoError
  // when the engine cannot write its files.
  virtual Result<LoadStats> load(CorpusReader& corpus) = 0;
  // A searcher over the loaded index for `queries`, which must outlive it. InvalidArgument when
  // a query filters or sorts on a field that was not stored.
  virtual Result<std::unique_ptr<PeerSearcher>> open_searcher(
      const std::vector<Query>& queries) = 0;
};

// "xapian" or "fts5"; InvalidArgument for any other name.
Result<std::unique_ptr<PeerEngine>> make_peer_engine(std::string_view name, EngineSetup setup);

// Bytes of the regular files under `path` (or of `path` itself).
uint64_t disk_usage(const std::string& path);

}  // namespace grove::perf
