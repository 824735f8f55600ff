#pragma once

// StoreEnv: the LMDB environment of the document store, with its three named databases (docs,
// buckets, meta; docs/format.md) and its format version. The generic LMDB layer (status codes,
// transactions, cursors, opening an environment) is services/lmdb; this adds what is the
// document store's own.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(std::unique_ptr<StoreEnv> env, StoreEnv::open(options));
//   GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(env->lmdb()));
//   Result<std::optional<LmdbBytes>> v = txn.find(env->docs(), key);
//
// Thread-safe, as LmdbEnv is.

#include <cstdint>
#include <memory>
#include <string>

#include "services/base/result.h"
#include "services/lmdb/lmdb_env.h"

namespace grove::store {

// The generic layer under the names the store's code has always used.
using lmdb::LmdbBytes;
using lmdb::LmdbCursor;
using lmdb::LmdbEnv;
using lmdb::LmdbTxn;
using lmdb::lmdb_status;
using lmdb::to_bytes;
using lmdb::to_val;

struct StoreEnvOptions {
  std::string path;        // a directory; created when missing
  uint64_t map_size = 0;   // bytes of address space (the file grows sparsely up to it)
  unsigned max_readers = 0;
};

class StoreEnv {
 public:
  // Opens or creates the environment and its databases, and checks the format version in meta
  // (writing it into a new store). Corruption naming the path when the files are damaged;
  // InvalidArgument naming both versions when the store has a newer format than this build, or
  // when this process has the environment open already.
  static Result<std::unique_ptr<StoreEnv>> open(const StoreEnvOptions& options);

  const LmdbEnv& lmdb() const { return *env_; }
  MDB_dbi docs() const { return env_->dbi(0); }
  MDB_dbi buckets() const { return env_->dbi(1); }
  MDB_dbi meta() const { return env_->dbi(2); }
  const std::string& path() const { return env_->path(); }

 private:
  explicit StoreEnv(std::unique_ptr<LmdbEnv> env) : env_(std::move(env)) {}
  Status check_format_version();

  std::unique_ptr<LmdbEnv> env_;  // Invariant: non-null, opened with docs, buckets, meta
};

}  // namespace grove::store
