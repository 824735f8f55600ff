#include "content/store/store_env.h"

#include <fmt/format.h>

#include "content/store/store_format.h"

namespace grove::store {

Result<std::unique_ptr<StoreEnv>> StoreEnv::open(const StoreEnvOptions& options) {
  lmdb::LmdbEnvOptions env_options;
  env_options.path = options.path;
  env_options.map_size = options.map_size;
  env_options.max_readers = options.max_readers;
  // In the order of docs(), buckets(), meta().
  env_options.databases = {std::string(format::kDocsDb), std::string(format::kBucketsDb),
                           std::string(format::kMetaDb)};
  GROVE_ASSIGN_OR_RETURN(std::unique_ptr<LmdbEnv> env, LmdbEnv::open(env_options));
  std::unique_ptr<StoreEnv> store(new StoreEnv(std::move(env)));
  GROVE_RETURN_IF_ERROR(store->check_format_version());
  return store;
}

Status StoreEnv::check_format_version() {
  const std::string& path = env_->path();
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_write(*env_));
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> stored,
                         txn.find(meta(), lmdb::bytes_of(format::kFormatVersionKey)));
  if (!stored.has_value()) {
    uint8_t bytes[4];
    format::store_u32le(format::kFormatVersion, bytes);
    std::string what = fmt::format("writing the format version at {}", path);
    GROVE_RETURN_IF_ERROR(txn.put(meta(), lmdb::bytes_of(format::kFormatVersionKey),
                                  LmdbBytes(bytes, sizeof bytes), what));
    return txn.commit(what);
  }
  if (stored->size() != 4) {
    return Status::Corruption(fmt::format(
        "store at {}: format version value has {} bytes, expected 4", path, stored->size()));
  }
  uint32_t version = format::load_u32le(stored->data());
  if (version > format::kFormatVersion) {
    return Status::InvalidArgument(fmt::format(
        "store at {} has format version {}, newer than version {} that this build reads; "
        "open it with a newer Grove",
        path, version, format::kFormatVersion));
  }
  if (version != format::kFormatVersion) {
    return Status::Corruption(fmt::format("store at {} has unknown format version {} (this "
                                          "build reads version {})",
                                          path, version, format::kFormatVersion));
  }
  return Status::Ok();
}

}  // namespace grove::store
