#pragma once

// XapianEngine: the Xapian peer. The index is a glass database in workdir/xapian, built with a
// TermGenerator without stemming (positions indexed, so phrases work), the text stored as
// document data (Grove and FTS5 keep the text too), ASCII punctuation replaced by spaces in the
// indexed copy unless EngineSetup::xapian_split_punctuation is off, and each numeric field as a
// value slot (sortable_serialise) for OP_VALUE_RANGE filters and MultiValueKeyMaker sorting. After
// the commit the database is compacted, as `xapian-compact` would. Queries are ranked with
// Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5): k1 1.2, b 0.75, no query-frequency term (k3 1).
//
// Ownership and threads: see PeerEngine.

#include <memory>
#include <string>

#include "perf/peers/peer_engine.h"

namespace grove::perf {

class XapianEngine : public PeerEngine {
 public:
  explicit XapianEngine(EngineSetup setup);

  std::string_view name() const override { return "xapian"; }
  Result<LoadStats> load(CorpusReader& corpus) override;
  Result<std::unique_ptr<PeerSearcher>> open_searcher(const std::vector<Query>& queries) override;

 private:
  EngineSetup setup_;
  std::string path_;  // workdir/xapian
};

}  // namespace grove::perf
