#include "content/store/lmdb_env.h"

#include <fmt/format.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <system_error>

#include "content/store/store_format.h"

namespace grove::store {

namespace {

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

LmdbBytes bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace

Status lmdb_status(int rc, std::string_view what) {
  if (rc == MDB_SUCCESS) return Status::Ok();
  return Status(lmdb_code(rc), fmt::format("{}: {} ({})", what, mdb_strerror(rc), rc));
}

Result<std::unique_ptr<LmdbEnv>> LmdbEnv::open(const LmdbEnvOptions& options) {
  std::unique_ptr<LmdbEnv> env(new LmdbEnv(options.path));
  GROVE_RETURN_IF_ERROR(env->register_path());
  GROVE_RETURN_IF_ERROR(env->open_env(options));
  GROVE_RETURN_IF_ERROR(env->open_databases());
  GROVE_RETURN_IF_ERROR(env->check_format_version());
  return env;
}

LmdbEnv::~LmdbEnv() {
  if (env_ != nullptr) mdb_env_close(env_);
  if (!canonical_path_.empty()) {
    std::lock_guard lock(open_paths_mu);
    open_paths().erase(canonical_path_);
  }
}

Status LmdbEnv::register_path() {
  std::error_code ec;
  std::filesystem::create_directories(path_, ec);
  std::string canonical = ec ? std::string() : std::filesystem::canonical(path_, ec).string();
  if (ec) {
    return Status::IoError(fmt::format("creating store directory {}: {}", path_, ec.message()));
  }
  std::lock_guard lock(open_paths_mu);
  if (!open_paths().insert(canonical).second) {
    return Status::InvalidArgument(
        fmt::format("the store at {} is already open in this process", path_));
  }
  canonical_path_ = canonical;
  return Status::Ok();
}

Status LmdbEnv::open_env(const LmdbEnvOptions& options) {
  std::string what = fmt::format("opening LMDB environment at {}", path_);
  GROVE_RETURN_IF_ERROR(lmdb_status(mdb_env_create(&env_), what));
  GROVE_RETURN_IF_ERROR(lmdb_status(mdb_env_set_mapsize(env_, options.map_size), what));
  GROVE_RETURN_IF_ERROR(lmdb_status(mdb_env_set_maxdbs(env_, 4), what));
  GROVE_RETURN_IF_ERROR(lmdb_status(mdb_env_set_maxreaders(env_, options.max_readers), what));
  // A damaged or foreign data.mdb fails here with MDB_INVALID or MDB_VERSION_MISMATCH, which
  // lmdb_status() reports as Corruption, naming the path.
  return lmdb_status(mdb_env_open(env_, path_.c_str(), MDB_NOTLS, 0644), what);
}

Status LmdbEnv::open_databases() {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_write(*this));
  struct Named {
    std::string_view name;
    MDB_dbi* dbi;
  };
  for (Named db : {Named{format::kDocsDb, &docs_}, Named{format::kBucketsDb, &buckets_},
                   Named{format::kMetaDb, &meta_}}) {
    std::string name(db.name);
    int rc = mdb_dbi_open(txn.get(), name.c_str(), MDB_CREATE, db.dbi);
    GROVE_RETURN_IF_ERROR(lmdb_status(
        rc, fmt::format("opening database '{}' of the store at {}", name, path_)));
  }
  return txn.commit(fmt::format("creating the databases of the store at {}", path_));
}

Status LmdbEnv::check_format_version() {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_write(*this));
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> stored,
                         txn.find(meta_, bytes_of(format::kFormatVersionKey)));
  if (!stored.has_value()) {
    uint8_t bytes[4];
    format::store_u32le(format::kFormatVersion, bytes);
    MDB_val key = to_val(bytes_of(format::kFormatVersionKey));
    MDB_val value{sizeof bytes, bytes};
    GROVE_RETURN_IF_ERROR(lmdb_status(mdb_put(txn.get(), meta_, &key, &value, 0),
                                      fmt::format("writing the format version at {}", path_)));
    return txn.commit(fmt::format("writing the format version at {}", path_));
  }
  if (stored->size() != 4) {
    return Status::Corruption(fmt::format(
        "store at {}: format version value has {} bytes, expected 4", path_, stored->size()));
  }
  uint32_t version = format::load_u32le(stored->data());
  if (version > format::kFormatVersion) {
    return Status::InvalidArgument(fmt::format(
        "store at {} has format version {}, newer than version {} that this build reads; "
        "open it with a newer Grove",
        path_, version, format::kFormatVersion));
  }
  if (version != format::kFormatVersion) {
    return Status::Corruption(fmt::format("store at {} has unknown format version {} (this "
                                          "build reads version {})",
                                          path_, version, format::kFormatVersion));
  }
  return Status::Ok();
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

Result<bool> LmdbCursor::next() { return move(MDB_NEXT, "moving a cursor to the next key"); }

Status LmdbCursor::erase() {
  return lmdb_status(mdb_cursor_del(cursor_, 0), "deleting under a cursor");
}

}  // namespace grove::store
