#include "services/lmdb/lmdb_env.h"

#include <fmt/format.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <system_error>

#include "services/base/assert.h"

namespace grove::lmdb {

namespace {

constexpr size_t kMaxDatabases = 64;

StatusCode lmdb_code(int rc) {
  switch (rc) {
    case MDB_MAP_FULL:
    case MDB_TXN_FULL:
    case MDB_READERS_FULL:
    case MDB_DBS_FULL:
    case ENOMEM:
      return StatusCode::kResourceExhausted;
    case MDB_CORRUPTED:
    case MDB_INVALID:
    case MDB_PAGE_NOTFOUND:
    case MDB_VERSION_MISMATCH:
    case MDB_BAD_DBI:
      return StatusCode::kCorruption;
    case MDB_NOTFOUND:
      return StatusCode::kNotFound;
    default:
      return StatusCode::kIoError;
  }
}

// The canonical paths of the environments open in this process.
std::mutex open_paths_mu;
std::set<std::string>& open_paths() {
  static std::set<std::string> paths;
  return paths;
}

}  // namespace

Status lmdb_status(int rc, std::string_view what) {
  if (rc == MDB_SUCCESS) return Status::Ok();
  return Status(lmdb_code(rc), fmt::format("{}: {} ({})", what, mdb_strerror(rc), rc));
}

Result<std::unique_ptr<LmdbEnv>> LmdbEnv::open(const LmdbEnvOptions& options) {
  if (options.databases.size() > kMaxDatabases) {
    return Status::InvalidArgument(fmt::format("{} at {}: {} named databases asked for, at most {}",
                                               options.kind, options.path,
                                               options.databases.size(), kMaxDatabases));
  }
  std::unique_ptr<LmdbEnv> env(new LmdbEnv(options.path, options.kind));
  GROVE_RETURN_IF_ERROR(env->register_path());
  GROVE_RETURN_IF_ERROR(env->open_env(options));
  GROVE_RETURN_IF_ERROR(env->open_databases(options.databases));
  return env;
}

LmdbEnv::~LmdbEnv() {
  if (env_ != nullptr) mdb_env_close(env_);
  if (!canonical_path_.empty()) {
    std::lock_guard lock(open_paths_mu);
    open_paths().erase(canonical_path_);
  }
}

MDB_dbi LmdbEnv::dbi(size_t index) const {
  GROVE_ASSERT(index < dbis_.size());
  return dbis_[index];
}

std::string LmdbEnv::describe() const { return fmt::format("{} at {}", kind_, path_); }

Status LmdbEnv::register_path() {
  std::error_code ec;
  std::filesystem::create_directories(path_, ec);
  std::string canonical = ec ? std::string() : std::filesystem::canonical(path_, ec).string();
  if (ec) {
    return Status::IoError(fmt::format("creating the directory of the {}: {}", describe(),
                                       ec.message()));
  }
  std::lock_guard lock(open_paths_mu);
  if (!open_paths().insert(canonical).second) {
    return Status::InvalidArgument(fmt::format("the {} is already open in this process", describe()));
  }
  canonical_path_ = canonical;
  return Status::Ok();
}

Status LmdbEnv::open_env(const LmdbEnvOptions& options) {
  std::string what = fmt::format("opening LMDB environment at {}", path_);
  GROVE_RETURN_IF_ERROR(lmdb_status(mdb_env_create(&env_), what));
  if (options.map_size != 0) {
    GROVE_RETURN_IF_ERROR(lmdb_status(mdb_env_set_mapsize(env_, options.map_size), what));
  }
  auto max_dbs = static_cast<MDB_dbi>(options.databases.size());
  GROVE_RETURN_IF_ERROR(lmdb_status(mdb_env_set_maxdbs(env_, max_dbs), what));
  if (options.max_readers != 0) {
    GROVE_RETURN_IF_ERROR(lmdb_status(mdb_env_set_maxreaders(env_, options.max_readers), what));
  }
  // A damaged or foreign data.mdb fails here with MDB_INVALID or MDB_VERSION_MISMATCH, which
  // lmdb_status() reports as Corruption, naming the path.
  return lmdb_status(mdb_env_open(env_, path_.c_str(), MDB_NOTLS, 0644), what);
}

Status LmdbEnv::open_databases(const std::vector<std::string>& names) {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_write(*this));
  for (const std::string& name : names) {
    MDB_dbi dbi = 0;
    int rc = mdb_dbi_open(txn.get(), name.c_str(), MDB_CREATE, &dbi);
    GROVE_RETURN_IF_ERROR(
        lmdb_status(rc, fmt::format("opening database '{}' of the {}", name, describe())));
    dbis_.push_back(dbi);
  }
  return txn.commit(fmt::format("creating the databases of the {}", describe()));
}

Result<LmdbTxn> LmdbTxn::begin_read(const LmdbEnv& env) {
  MDB_txn* txn = nullptr;
  GROVE_RETURN_IF_ERROR(lmdb_status(mdb_txn_begin(env.env(), nullptr, MDB_RDONLY, &txn),
                                    "beginning a read transaction"));
  return LmdbTxn(txn);
}

Result<LmdbTxn> LmdbTxn::begin_write(const LmdbEnv& env) {
  MDB_txn* txn = nullptr;
  GROVE_RETURN_IF_ERROR(lmdb_status(mdb_txn_begin(env.env(), nullptr, 0, &txn),
                                    fmt::format("beginning a write transaction at {}", env.path())));
  return LmdbTxn(txn);
}

Result<std::optional<LmdbBytes>> LmdbTxn::find(MDB_dbi dbi, LmdbBytes key) const {
  MDB_val k = to_val(key);
  MDB_val v{0, nullptr};
  int rc = mdb_get(txn_, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return std::optional<LmdbBytes>();
  GROVE_RETURN_IF_ERROR(lmdb_status(rc, "reading a key"));
  return std::optional<LmdbBytes>(to_bytes(v));
}

Status LmdbTxn::put(MDB_dbi dbi, LmdbBytes key, LmdbBytes value, std::string_view what) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  return lmdb_status(mdb_put(txn_, dbi, &k, &v, 0), what);
}

Status LmdbTxn::erase(MDB_dbi dbi, LmdbBytes key, std::string_view what) {
  MDB_val k = to_val(key);
  int rc = mdb_del(txn_, dbi, &k, nullptr);
  if (rc == MDB_NOTFOUND) return Status::Ok();
  return lmdb_status(rc, what);
}

Status LmdbTxn::commit(std::string_view what) {
  MDB_txn* txn = txn_;
  txn_ = nullptr;
  return lmdb_status(mdb_txn_commit(txn), what);  // frees the txn even when it fails
}

void LmdbTxn::abort() {
  if (txn_ != nullptr) mdb_txn_abort(txn_);
  txn_ = nullptr;
}

Result<LmdbCursor> LmdbCursor::open(const LmdbTxn& txn, MDB_dbi dbi) {
  MDB_cursor* cursor = nullptr;
  GROVE_RETURN_IF_ERROR(lmdb_status(mdb_cursor_open(txn.get(), dbi, &cursor), "opening a cursor"));
  return LmdbCursor(cursor);
}

LmdbCursor::~LmdbCursor() {
  if (cursor_ != nullptr) mdb_cursor_close(cursor_);
}

Result<bool> LmdbCursor::move(MDB_cursor_op op, std::string_view what) {
  int rc = mdb_cursor_get(cursor_, &key_, &value_, op);
  if (rc == MDB_NOTFOUND) return false;
  GROVE_RETURN_IF_ERROR(lmdb_status(rc, what));
  return true;
}

Result<bool> LmdbCursor::seek(LmdbBytes key) {
  key_ = to_val(key);
  return move(MDB_SET_RANGE, "seeking a cursor");
}

Result<bool> LmdbCursor::first() { return move(MDB_FIRST, "moving a cursor to the first key"); }

Result<bool> LmdbCursor::last() { return move(MDB_LAST, "moving a cursor to the last key"); }

Result<bool> LmdbCursor::next() { return move(MDB_NEXT, "moving a cursor to the next key"); }

Result<bool> LmdbCursor::prev() { return move(MDB_PREV, "moving a cursor to the previous key"); }

Status LmdbCursor::erase() {
  return lmdb_status(mdb_cursor_del(cursor_, 0), "deleting under a cursor");
}

}  // namespace grove::lmdb
