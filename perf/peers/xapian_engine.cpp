#include "perf/peers/xapian_engine.h"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <map>

namespace grove::perf {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Sets `out` (a buffer reused across documents) to `text` with every ASCII character that is
// neither a letter nor a digit replaced by a space.
void split_punctuation(std::string_view text, std::string& out) {
  out.assign(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x80 && !std::isalnum(static_cast<unsigned char>(c))) {
      c = ' ';
    }
  }
}

// Indexes every document of `corpus` into `db`; returns how many. Throws Xapian::Error.
Result<uint64_t> add_documents(Xapian::WritableDatabase& db, CorpusReader& corpus, bool split) {
  Xapian::TermGenerator generator;
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  std::string indexed;
  uint64_t docs = 0;
  while (true) {
    GROVE_ASSIGN_OR_RETURN(const CorpusDoc* doc, corpus.next());
    if (doc == nullptr) return docs;
    std::string_view text = doc->texts[0];
    if (split) {
      split_punctuation(text, indexed);
      text = indexed;
    }
    Xapian::Document xdoc;
    generator.set_document(xdoc);
    generator.index_text(Xapian::Utf8Iterator(text.data(), text.size()));
    xdoc.set_data(std::string(doc->texts[0]));
    for (size_t slot = 0; slot < doc->numbers.size(); ++slot) {
      double value = static_cast<double>(doc->numbers[slot]);
      xdoc.add_value(static_cast<Xapian::valueno>(slot), Xapian::sortable_serialise(value));
    }
    db.add_document(xdoc);
    ++docs;
  }
}

// Per thread: its own Database and Enquire; Xapian objects are not thread-safe.
class XapianSearcher : public PeerSearcher {
 public:
  XapianSearcher(const std::string& path, const std::vector<Query>& queries)
      : db_(path), enquire_(db_), queries_(queries) {
    enquire_.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
  }

  // Resolves the filter slots and sort key makers of every query. InvalidArgument when a field
  // was not stored.
  Status prepare(const std::vector<std::string>& numeric_fields) {
    slots_.resize(queries_.size());
    ranges_.resize(queries_.size());
    sorters_.resize(queries_.size(), nullptr);
    for (size_t i = 0; i < queries_.size(); ++i) {
      const Query& q = queries_[i];
      if (q.filter) {
        GROVE_ASSIGN_OR_RETURN(slots_[i], slot_of(numeric_fields, q.filter->field));
        ranges_[i] = {Xapian::sortable_serialise(static_cast<double>(q.filter->lo)),
                      Xapian::sortable_serialise(static_cast<double>(q.filter->hi))};
      }
      if (!q.sort.empty()) {
        GROVE_ASSIGN_OR_RETURN(sorters_[i], sorter_for(numeric_fields, q));
      }
    }
    return Status::Ok();
  }

  Result<uint32_t> search(size_t i) override {
    try {
      Xapian::MSet mset = run(i);
      uint32_t hits = 0;
      for (auto it = mset.begin(); it != mset.end(); ++it) hits += *it != 0;
      return hits;
    } catch (const Xapian::Error& e) {
      return Status::Internal(fmt::format("xapian: {}", e.get_description()));
    }
  }

  Result<std::vector<uint64_t>> hits(size_t i) override {
    try {
      Xapian::MSet mset = run(i);
      std::vector<uint64_t> out;
      for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it - 1);
      return out;
    } catch (const Xapian::Error& e) {
      return Status::Internal(fmt::format("xapian: {}", e.get_description()));
    }
  }

 private:
  // Throws Xapian::Error.
  Xapian::MSet run(size_t i) {
    enquire_.set_query(build(i));
    if (sorters_[i] != nullptr) {
      enquire_.set_sort_by_key(sorters_[i], false);
    } else {
      enquire_.set_sort_by_relevance();
    }
    return enquire_.get_mset(0, kTopK);
  }

  Xapian::Query build(size_t i) const {
    const Query& q = queries_[i];
    Xapian::Query query;
    if (q.op == QueryOp::kPhrase) {
      query = Xapian::Query(Xapian::Query::OP_PHRASE, q.terms.begin(), q.terms.end(),
                            static_cast<Xapian::termcount>(q.terms.size()));
    } else {
      auto op = q.op == QueryOp::kAnd ? Xapian::Query::OP_AND : Xapian::Query::OP_OR;
      query = Xapian::Query(op, q.terms.begin(), q.terms.end());
    }
    if (!q.filter) return query;
    const auto& [lo, hi] = ranges_[i];
    return Xapian::Query(Xapian::Query::OP_FILTER, query,
                         Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slots_[i], lo, hi));
  }

  static Result<Xapian::valueno> slot_of(const std::vector<std::string>& fields,
                                         const std::string& field) {
    auto it = std::find(fields.begin(), fields.end(), field);
    if (it == fields.end()) {
      return Status::InvalidArgument(fmt::format("field '{}' was not loaded", field));
    }
    return static_cast<Xapian::valueno>(it - fields.begin());
  }

  Result<Xapian::KeyMaker*> sorter_for(const std::vector<std::string>& fields, const Query& q) {
    std::string key;
    for (const SortKey& k : q.sort) key += fmt::format("{}{},", k.descending ? "-" : "", k.field);
    auto& sorter = sorters_by_spec_[key];
    if (sorter == nullptr) {
      sorter = std::make_unique<Xapian::MultiValueKeyMaker>();
      for (const SortKey& k : q.sort) {
        GROVE_ASSIGN_OR_RETURN(Xapian::valueno slot, slot_of(fields, k.field));
        sorter->add_value(slot, k.descending);
      }
    }
    return static_cast<Xapian::KeyMaker*>(sorter.get());
  }

  Xapian::Database db_;
  Xapian::Enquire enquire_;
  const std::vector<Query>& queries_;
  // By query, prepared once: the filter's slot and serialised bounds (meaningful when the
  // query filters), and the sort key maker (null: rank by BM25).
  std::vector<Xapian::valueno> slots_;
  std::vector<std::pair<std::string, std::string>> ranges_;
  std::vector<Xapian::KeyMaker*> sorters_;
  std::map<std::string, std::unique_ptr<Xapian::MultiValueKeyMaker>> sorters_by_spec_;
};

}  // namespace

XapianEngine::XapianEngine(EngineSetup setup)
    : setup_(std::move(setup)), path_(setup_.workdir + "/xapian") {}

Result<LoadStats> XapianEngine::load(CorpusReader& corpus) {
  const std::string build_path = path_ + ".build";
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
  std::filesystem::remove_all(build_path, ec);
  LoadStats stats;
  try {
    auto start = Clock::now();
    Xapian::WritableDatabase db(build_path, Xapian::DB_CREATE_OR_OVERWRITE);
    GROVE_ASSIGN_OR_RETURN(stats.docs, add_documents(db, corpus, setup_.xapian_split_punctuation));
    db.commit();
    stats.load_seconds = seconds_since(start);
    start = Clock::now();
    db.compact(path_);
    db.close();
    stats.optimize_seconds = seconds_since(start);
  } catch (const Xapian::Error& e) {
    return Status::IoError(fmt::format("xapian: {}", e.get_description()));
  }
  std::filesystem::remove_all(build_path, ec);
  stats.index_bytes = disk_usage(path_);
  return stats;
}

Result<std::unique_ptr<PeerSearcher>> XapianEngine::open_searcher(
    const std::vector<Query>& queries) {
  try {
    auto searcher = std::make_unique<XapianSearcher>(path_, queries);
    GROVE_RETURN_IF_ERROR(searcher->prepare(setup_.numeric_fields));
    return std::unique_ptr<PeerSearcher>(std::move(searcher));
  } catch (const Xapian::Error& e) {
    return Status::IoError(fmt::format("xapian: {}", e.get_description()));
  }
}

}  // namespace grove::perf
