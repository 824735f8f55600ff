#include "perf/peers/fts5_engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "perf/peers/sqlite_handle.h"

namespace grove::perf {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kConnectionPragmas = "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824";

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string sql_quoted(std::string_view name) {
  return fmt::format("\"{}\"", name);
}

// The FTS5 MATCH string of a query: every term quoted, so no term reads as an operator.
std::string match_string(const Query& q) {
  if (q.op == QueryOp::kPhrase) return fmt::format("\"{}\"", fmt::join(q.terms, " "));
  std::string out;
  for (const std::string& term : q.terms) {
    if (!out.empty()) out += q.op == QueryOp::kAnd ? " AND " : " OR ";
    out += sql_quoted(term);
  }
  return out;
}

// The SELECT for queries of one shape (filter field, sort keys).
std::string select_for(const Query& q) {
  const bool join = q.filter.has_value() || !q.sort.empty();
  std::string sql = "SELECT docs.rowid FROM docs";
  if (join) sql += " CROSS JOIN attrs ON attrs.id = docs.rowid";
  sql += " WHERE docs MATCH ?1";
  if (q.filter) sql += fmt::format(" AND attrs.{} BETWEEN ?2 AND ?3", sql_quoted(q.filter->field));
  sql += " ORDER BY ";
  if (q.sort.empty()) sql += "bm25(docs)";
  for (size_t i = 0; i < q.sort.size(); ++i) {
    sql += fmt::format("{}attrs.{}{}", i ? ", " : "", sql_quoted(q.sort[i].field),
                       q.sort[i].descending ? " DESC" : "");
  }
  return sql + fmt::format(" LIMIT {}", kTopK);
}

// Inserts every document of `corpus`; returns how many.
Result<uint64_t> insert_documents(sqlite3* db, CorpusReader& corpus, size_t numeric_fields) {
  GROVE_ASSIGN_OR_RETURN(SqliteStatement text,
                         sqlite_prepare(db, "INSERT INTO docs(rowid, text) VALUES(?1, ?2)"));
  SqliteStatement attrs;
  if (numeric_fields > 0) {
    std::string values = "?1";
    for (size_t i = 0; i < numeric_fields; ++i) values += fmt::format(", ?{}", i + 2);
    GROVE_ASSIGN_OR_RETURN(attrs,
                           sqlite_prepare(db, fmt::format("INSERT INTO attrs VALUES({})", values)));
  }
  uint64_t docs = 0;
  while (true) {
    GROVE_ASSIGN_OR_RETURN(const CorpusDoc* doc, corpus.next());
    if (doc == nullptr) return docs;
    const auto rowid = static_cast<sqlite3_int64>(doc->ordinal + 1);
    sqlite3_bind_int64(text.get(), 1, rowid);
    sqlite3_bind_text(text.get(), 2, doc->texts[0].data(), static_cast<int>(doc->texts[0].size()),
                      SQLITE_STATIC);
    if (sqlite3_step(text.get()) != SQLITE_DONE) {
      return sqlite_error(db, StatusCode::kIoError, "insert");
    }
    sqlite3_reset(text.get());
    if (attrs) {
      sqlite3_bind_int64(attrs.get(), 1, rowid);
      for (size_t i = 0; i < numeric_fields; ++i) {
        sqlite3_bind_int64(attrs.get(), static_cast<int>(i + 2), doc->numbers[i]);
      }
      if (sqlite3_step(attrs.get()) != SQLITE_DONE) {
        return sqlite_error(db, StatusCode::kIoError, "insert attrs");
      }
      sqlite3_reset(attrs.get());
    }
    ++docs;
  }
}

// Per thread: its own connection and statements.
class Fts5Searcher : public PeerSearcher {
 public:
  Fts5Searcher(SqliteDb db, const std::vector<Query>& queries)
      : db_(std::move(db)), queries_(queries) {}

  // Builds the MATCH strings and one statement per query shape. InvalidArgument when a query
  // filters or sorts on a field that was not stored.
  Status prepare(const std::vector<std::string>& numeric_fields) {
    std::map<std::string, size_t> shapes;
    for (const Query& q : queries_) {
      GROVE_RETURN_IF_ERROR(check_fields(q, numeric_fields));
      matches_.push_back(match_string(q));
      std::string sql = select_for(q);
      auto [it, added] = shapes.emplace(sql, statements_.size());
      if (added) {
        GROVE_ASSIGN_OR_RETURN(SqliteStatement stmt, sqlite_prepare(db_.get(), sql));
        statements_.push_back(std::move(stmt));
      }
      statement_of_.push_back(it->second);
    }
    return Status::Ok();
  }

  Result<uint32_t> search(size_t i) override {
    uint32_t hits = 0;
    GROVE_RETURN_IF_ERROR(run(i, [&](sqlite3_int64 rowid) { hits += rowid != 0; }));
    return hits;
  }

  Result<std::vector<uint64_t>> hits(size_t i) override {
    std::vector<uint64_t> out;
    GROVE_RETURN_IF_ERROR(
        run(i, [&](sqlite3_int64 rowid) { out.push_back(static_cast<uint64_t>(rowid - 1)); }));
    return out;
  }

 private:
  // Runs query i, calling on_row(rowid) for each hit in order.
  template <typename OnRow>
  Status run(size_t i, OnRow&& on_row) {
    sqlite3_stmt* stmt = statements_[statement_of_[i]].get();
    const std::string& match = matches_[i];
    sqlite3_bind_text(stmt, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
    if (const auto& filter = queries_[i].filter) {
      sqlite3_bind_int64(stmt, 2, filter->lo);
      sqlite3_bind_int64(stmt, 3, filter->hi);
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) on_row(sqlite3_column_int64(stmt, 0));
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return sqlite_error(db_.get(), StatusCode::kInternal, match);
    return Status::Ok();
  }

  static Status check_fields(const Query& q, const std::vector<std::string>& fields) {
    auto stored = [&](const std::string& f) {
      return std::find(fields.begin(), fields.end(), f) != fields.end();
    };
    if (q.filter && !stored(q.filter->field)) {
      return Status::InvalidArgument(fmt::format("field '{}' was not loaded", q.filter->field));
    }
    for (const SortKey& key : q.sort) {
      if (!stored(key.field)) {
        return Status::InvalidArgument(fmt::format("field '{}' was not loaded", key.field));
      }
    }
    return Status::Ok();
  }

  SqliteDb db_;
  const std::vector<Query>& queries_;
  std::vector<SqliteStatement> statements_;  // one per query shape
  // By query, prepared once: Invariant: both have queries_.size() entries after prepare().
  std::vector<std::string> matches_;
  std::vector<size_t> statement_of_;
};

}  // namespace

Fts5Engine::Fts5Engine(EngineSetup setup)
    : setup_(std::move(setup)), path_(setup_.workdir + "/fts5.db") {}

Result<LoadStats> Fts5Engine::load(CorpusReader& corpus) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    std::error_code ec;
    std::filesystem::remove(path_ + suffix, ec);
  }
  GROVE_ASSIGN_OR_RETURN(SqliteDb db,
                         sqlite_open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  GROVE_RETURN_IF_ERROR(sqlite_exec(db.get(), kConnectionPragmas));
  GROVE_RETURN_IF_ERROR(
      sqlite_exec(db.get(), "CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='unicode61')"));
  std::string columns = "id INTEGER PRIMARY KEY";
  for (const std::string& f : setup_.numeric_fields) columns += ", " + sql_quoted(f) + " INTEGER";
  GROVE_RETURN_IF_ERROR(sqlite_exec(db.get(), fmt::format("CREATE TABLE attrs({})", columns)));
  LoadStats stats;
  auto start = Clock::now();
  GROVE_RETURN_IF_ERROR(sqlite_exec(db.get(), "BEGIN"));
  GROVE_ASSIGN_OR_RETURN(stats.docs,
                         insert_documents(db.get(), corpus, setup_.numeric_fields.size()));
  GROVE_RETURN_IF_ERROR(sqlite_exec(db.get(), "COMMIT"));
  stats.load_seconds = seconds_since(start);
  start = Clock::now();
  GROVE_RETURN_IF_ERROR(sqlite_exec(db.get(), "INSERT INTO docs(docs) VALUES('optimize')"));
  GROVE_RETURN_IF_ERROR(sqlite_exec(db.get(), "VACUUM"));
  stats.optimize_seconds = seconds_since(start);
  db.reset();
  stats.index_bytes = disk_usage(path_);
  return stats;
}

Result<std::unique_ptr<PeerSearcher>> Fts5Engine::open_searcher(const std::vector<Query>& queries) {
  GROVE_ASSIGN_OR_RETURN(SqliteDb db,
                         sqlite_open(path_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX));
  GROVE_RETURN_IF_ERROR(sqlite_exec(db.get(), kConnectionPragmas));
  auto searcher = std::make_unique<Fts5Searcher>(std::move(db), queries);
  GROVE_RETURN_IF_ERROR(searcher->prepare(setup_.numeric_fields));
  return std::unique_ptr<PeerSearcher>(std::move(searcher));
}

}  // namespace grove::perf
