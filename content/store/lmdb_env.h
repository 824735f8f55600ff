#pragma once

// LmdbEnv: one LMDB environment (a directory holding data.mdb and lock.mdb) with the three
// named databases of the document store (docs, buckets, meta; docs/format.md), and small RAII
// helpers for transactions and cursors. Every LMDB return code becomes a Status through
// lmdb_status(), with mdb_strerror's text and what was being done.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(std::unique_ptr<LmdbEnv> env, LmdbEnv::open(options));
//   GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(*env));
//   Result<std::optional<LmdbBytes>> v = txn.get(env->docs(), key);
//
// The environment is opened with MDB_NOTLS, so a read transaction is not tied to the thread
// that began it (thread pools), and with LMDB's default syncing: a commit is durable when
// mdb_txn_commit returns. LmdbEnv is thread-safe (LMDB's rules); an LmdbTxn is used by one
// thread at a time, and a write transaction only by the thread that began it.

#include <lmdb.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "services/base/result.h"
#include "services/base/status.h"

namespace grove::store {

using LmdbBytes = std::span<const uint8_t>;

// OK for rc == 0; otherwise the matching code (MAP_FULL, TXN_FULL, READERS_FULL, ENOMEM:
// ResourceExhausted; CORRUPTED, INVALID, PAGE_NOTFOUND, VERSION_MISMATCH: Corruption;
// NOTFOUND: NotFound; anything else: IoError) with "<what>: <mdb_strerror> (<rc>)".
Status lmdb_status(int rc, std::string_view what);

inline MDB_val to_val(LmdbBytes bytes) {
  return MDB_val{bytes.size(), const_cast<uint8_t*>(bytes.data())};
}
inline LmdbBytes to_bytes(const MDB_val& v) {
  return {static_cast<const uint8_t*>(v.mv_data), v.mv_size};
}

struct LmdbEnvOptions {
  std::string path;        // a directory; created when missing
  uint64_t map_size = 0;   // bytes of address space (the file grows sparsely up to it)
  unsigned max_readers = 0;
};

class LmdbEnv {
 public:
  // Opens or creates the environment and its databases, and checks the format version in meta
  // (writing it into a new store). Corruption naming the path when the files are damaged;
  // InvalidArgument naming both versions when the store has a newer format than this build, or
  // when this process has the environment open already (LMDB forbids that: its locks would
  // silently stop working).
  static Result<std::unique_ptr<LmdbEnv>> open(const LmdbEnvOptions& options);
  ~LmdbEnv();
  LmdbEnv(const LmdbEnv&) = delete;
  LmdbEnv& operator=(const LmdbEnv&) = delete;

  MDB_env* env() const { return env_; }
  MDB_dbi docs() const { return docs_; }
  MDB_dbi buckets() const { return buckets_; }
  MDB_dbi meta() const { return meta_; }
  const std::string& path() const { return path_; }

 private:
  explicit LmdbEnv(std::string path) : path_(std::move(path)) {}
  Status register_path();
  Status open_env(const LmdbEnvOptions& options);
  Status open_databases();
  Status check_format_version();

  std::string path_;
  std::string canonical_path_;  // registered as open in this process; empty when not
  MDB_env* env_ = nullptr;  // Invariant: open for the whole life of the object once open() returns
  MDB_dbi docs_ = 0, buckets_ = 0, meta_ = 0;
};

// A read or write transaction; aborted on destruction unless committed.
class LmdbTxn {
 public:
  static Result<LmdbTxn> begin_read(const LmdbEnv& env);
  static Result<LmdbTxn> begin_write(const LmdbEnv& env);
  LmdbTxn(LmdbTxn&& other) noexcept : txn_(other.txn_) { other.txn_ = nullptr; }
  LmdbTxn& operator=(LmdbTxn&&) = delete;
  ~LmdbTxn() { abort(); }

  MDB_txn* get() const { return txn_; }
  // The value of `key` (valid until the transaction ends or writes), nullopt when absent.
  Result<std::optional<LmdbBytes>> find(MDB_dbi dbi, LmdbBytes key) const;
  Status commit(std::string_view what);
  void abort();

 private:
  explicit LmdbTxn(MDB_txn* txn) : txn_(txn) {}
  MDB_txn* txn_ = nullptr;  // nullptr once committed or aborted
};

// A cursor over one database of a transaction; closed on destruction.
class LmdbCursor {
 public:
  static Result<LmdbCursor> open(const LmdbTxn& txn, MDB_dbi dbi);
  LmdbCursor(LmdbCursor&& other) noexcept : cursor_(other.cursor_) { other.cursor_ = nullptr; }
  LmdbCursor& operator=(LmdbCursor&&) = delete;
  ~LmdbCursor();

  // Positions at the first key >= `key` (seek) or the next key (next). Returns false at the
  // end; the key and value stay valid until the cursor moves or the transaction writes.
  Result<bool> seek(LmdbBytes key);
  Result<bool> first();
  Result<bool> next();
  LmdbBytes key() const { return to_bytes(key_); }
  LmdbBytes value() const { return to_bytes(value_); }
  // Deletes the entry under the cursor (write transactions only).
  Status erase();

 private:
  explicit LmdbCursor(MDB_cursor* cursor) : cursor_(cursor) {}
  Result<bool> move(MDB_cursor_op op, std::string_view what);

  MDB_cursor* cursor_ = nullptr;
  MDB_val key_{0, nullptr};
  MDB_val value_{0, nullptr};
};

}  // namespace grove::store
