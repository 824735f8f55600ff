#pragma once

// Owning handles for SQLite connections and statements, and the few calls the FTS5 peer makes
// with errors turned into Status.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(SqliteDb db, sqlite_open(path, SQLITE_OPEN_READONLY));
//   GROVE_RETURN_IF_ERROR(sqlite_exec(db.get(), "PRAGMA cache_size=-65536"));
//   GROVE_ASSIGN_OR_RETURN(SqliteStatement stmt, sqlite_prepare(db.get(), sql));
//
// A connection opened with SQLITE_OPEN_NOMUTEX must be used by one thread at a time.

#include <sqlite3.h>

#include <memory>
#include <string>

#include "services/base/result.h"

namespace grove::perf {

struct SqliteDbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct SqliteStatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteDbCloser>;
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteStatementFinalizer>;

// IoError when the database cannot be opened.
Result<SqliteDb> sqlite_open(const std::string& path, int flags);

// Runs one or more statements that return no rows. IoError with SQLite's message on failure.
Status sqlite_exec(sqlite3* db, const std::string& sql);

// InvalidArgument with SQLite's message when the statement does not compile.
Result<SqliteStatement> sqlite_prepare(sqlite3* db, const std::string& sql);

// The last error of `db` as a Status with `code`.
Status sqlite_error(sqlite3* db, StatusCode code, const std::string& context);

}  // namespace grove::perf
