#include "perf/peers/sqlite_handle.h"

#include <fmt/format.h>

namespace grove::perf {

Status sqlite_error(sqlite3* db, StatusCode code, const std::string& context) {
  return Status(code, fmt::format("sqlite: {}: {}", context, db ? sqlite3_errmsg(db) : "no db"));
}

Result<SqliteDb> sqlite_open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteDb db(raw);  // closes even a half-opened handle
  if (rc != SQLITE_OK) return sqlite_error(raw, StatusCode::kIoError, "open " + path);
  return db;
}

Status sqlite_exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return Status::Ok();
  std::string text = message ? message : "unknown error";
  sqlite3_free(message);
  return Status::IoError(fmt::format("sqlite: {}: {}", sql, text));
}

Result<SqliteStatement> sqlite_prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) !=
      SQLITE_OK) {
    return sqlite_error(db, StatusCode::kInvalidArgument, sql);
  }
  return SqliteStatement(raw);
}

}  // namespace grove::perf
