#pragma once

// The generic LMDB layer every Grove store builds on: lmdb_status() turns LMDB return codes into
// Status values, LmdbEnv is one environment (a directory holding data.mdb and lock.mdb) opened
// with a list of named databases, and LmdbTxn and LmdbCursor are RAII transactions and cursors.
// What a store keeps in its databases (keys, values, format versions) is the store's business:
// the document store (content/store) and the config server's generation store
// (config-model/deploy) each describe theirs in their own docs/ folder.
//
// Usage:
//   LmdbEnvOptions options{.path = dir, .map_size = 1ull << 30, .databases = {"meta", "data"}};
//   GROVE_ASSIGN_OR_RETURN(std::unique_ptr<LmdbEnv> env, LmdbEnv::open(options));
//   GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_write(*env));
//   GROVE_RETURN_IF_ERROR(txn.put(env->dbi(1), key, value, "writing a value"));
//   GROVE_RETURN_IF_ERROR(txn.commit("committing"));
//
// The environment is opened with MDB_NOTLS, so a read transaction is not tied to the thread
// that began it (thread pools), and with LMDB's default syncing: a commit is durable when
// mdb_txn_commit returns. LmdbEnv is thread-safe (LMDB's rules); an LmdbTxn is used by one
// thread at a time, and a write transaction only by the thread that began it. LMDB forbids
// opening one environment twice in a process (its locks would silently stop working), so
// open() refuses that.

#include <lmdb.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"
#include "services/base/status.h"

namespace grove::lmdb {

using LmdbBytes = std::span<const uint8_t>;

// OK for rc == 0; otherwise the matching code (MAP_FULL, TXN_FULL, READERS_FULL, DBS_FULL,
// ENOMEM: ResourceExhausted; CORRUPTED, INVALID, PAGE_NOTFOUND, VERSION_MISMATCH, BAD_DBI:
// Corruption; NOTFOUND: NotFound; anything else: IoError) with "<what>: <mdb_strerror> (<rc>)".
Status lmdb_status(int rc, std::string_view what);

inline MDB_val to_val(LmdbBytes bytes) {
  return MDB_val{bytes.size(), const_cast<uint8_t*>(bytes.data())};
}
inline LmdbBytes to_bytes(const MDB_val& v) {
  return {static_cast<const uint8_t*>(v.mv_data), v.mv_size};
}
inline LmdbBytes bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

struct LmdbEnvOptions {
  std::string path;         // a directory; created when missing
  uint64_t map_size = 0;    // bytes of address space (the file grows sparsely up to it); 0: LMDB's
  unsigned max_readers = 0; // 0: LMDB's default (126)
  // The named databases, created when missing; LmdbEnv::dbi(i) is the i-th. At most 64.
  std::vector<std::string> databases;
  // What the environment is, for messages: "the store at <path>", "the generation store at ...".
  std::string kind = "store";
};

class LmdbEnv {
 public:
  // Opens or creates the environment and its databases. IoError when the directory cannot be
  // created; Corruption naming the path when the files are damaged or not LMDB's;
  // InvalidArgument when this process has the environment open already, or when more than 64
  // databases are asked for.
  static Result<std::unique_ptr<LmdbEnv>> open(const LmdbEnvOptions& options);
  ~LmdbEnv();
  LmdbEnv(const LmdbEnv&) = delete;
  LmdbEnv& operator=(const LmdbEnv&) = delete;

  MDB_env* env() const { return env_; }
  // The handle of the i-th database of LmdbEnvOptions::databases (GROVE_ASSERT on a bad index).
  MDB_dbi dbi(size_t index) const;
  const std::string& path() const { return path_; }
  // "<kind> at <path>", the name messages use.
  std::string describe() const;

 private:
  LmdbEnv(std::string path, std::string kind) : path_(std::move(path)), kind_(std::move(kind)) {}
  Status register_path();
  Status open_env(const LmdbEnvOptions& options);
  Status open_databases(const std::vector<std::string>& names);

  std::string path_;
  std::string kind_;
  std::string canonical_path_;  // registered as open in this process; empty when not
  MDB_env* env_ = nullptr;  // Invariant: open for the whole life of the object once open() returns
  std::vector<MDB_dbi> dbis_;  // Invariant: one per LmdbEnvOptions::databases, in that order
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
  // Writes `value` under `key` (write transactions only); `what` names it in an error.
  Status put(MDB_dbi dbi, LmdbBytes key, LmdbBytes value, std::string_view what);
  // Deletes `key`; OK when it was absent too.
  Status erase(MDB_dbi dbi, LmdbBytes key, std::string_view what);
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
  LmdbCursor(LmdbCursor&& other) noexcept
      : cursor_(other.cursor_), key_(other.key_), value_(other.value_) {
    other.cursor_ = nullptr;
  }
  LmdbCursor& operator=(LmdbCursor&&) = delete;
  ~LmdbCursor();

  // Positions at the first key >= `key` (seek), the first or last key, or the next or previous
  // key. Returns false when there is none; the key and value stay valid until the cursor moves
  // or the transaction writes.
  Result<bool> seek(LmdbBytes key);
  Result<bool> first();
  Result<bool> last();
  Result<bool> next();
  Result<bool> prev();
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

}  // namespace grove::lmdb
