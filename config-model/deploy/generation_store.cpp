#include "config-model/deploy/generation_store.h"

#include <fmt/format.h>

#include <array>
#include <cstring>

namespace grove::deploy {

namespace {

using lmdb::bytes_of;
using lmdb::LmdbBytes;
using lmdb::LmdbCursor;
using lmdb::LmdbTxn;

// docs/generation-store.md.
constexpr uint32_t kFormatVersion = 1;
constexpr std::string_view kFormatVersionKey = "format_version";
constexpr std::string_view kActiveKey = "active";
constexpr std::string_view kNextKey = "next";
constexpr size_t kRecordHeaderSize = 8 * 4 + 2;  // created, three sizes, content-type length
constexpr char kPackageBlob = 'p';
constexpr char kConfigBlob = 'c';
constexpr char kSummaryBlob = 's';

void store_le(uint64_t v, uint8_t* out, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint64_t load_le(const uint8_t* in, size_t bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; ++i) v |= uint64_t{in[i]} << (8 * i);
  return v;
}

std::array<uint8_t, 8> number_key(uint64_t number) {
  std::array<uint8_t, 8> key;
  for (int i = 0; i < 8; ++i) key[i] = static_cast<uint8_t>(number >> (8 * (7 - i)));
  return key;
}
uint64_t key_number(LmdbBytes key) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < key.size(); ++i) v = (v << 8) | key[i];
  return v;
}

std::array<uint8_t, 9> blob_key(uint64_t number, char kind) {
  std::array<uint8_t, 9> key;
  auto n = number_key(number);
  std::memcpy(key.data(), n.data(), 8);
  key[8] = static_cast<uint8_t>(kind);
  return key;
}

std::string encode_record(const GenerationInfo& info) {
  std::string out(kRecordHeaderSize + info.content_type.size(), '\0');
  auto* p = reinterpret_cast<uint8_t*>(out.data());
  store_le(static_cast<uint64_t>(info.created_us), p, 8);
  store_le(info.package_bytes, p + 8, 8);
  store_le(info.config_bytes, p + 16, 8);
  store_le(info.summary_bytes, p + 24, 8);
  store_le(info.content_type.size(), p + 32, 2);
  std::memcpy(p + kRecordHeaderSize, info.content_type.data(), info.content_type.size());
  return out;
}

Result<GenerationInfo> decode_record(uint64_t number, LmdbBytes value, const std::string& where) {
  auto damaged = [&](std::string_view why) {
    return Status::Corruption(fmt::format("generation {} in the generation store at {}: {}",
                                          number, where, why));
  };
  if (value.size() < kRecordHeaderSize) return damaged("its record is too short");
  GenerationInfo info;
  info.number = number;
  info.created_us = static_cast<int64_t>(load_le(value.data(), 8));
  info.package_bytes = load_le(value.data() + 8, 8);
  info.config_bytes = load_le(value.data() + 16, 8);
  info.summary_bytes = load_le(value.data() + 24, 8);
  size_t type_size = load_le(value.data() + 32, 2);
  if (value.size() != kRecordHeaderSize + type_size) return damaged("its record has a bad length");
  info.content_type.assign(reinterpret_cast<const char*>(value.data() + kRecordHeaderSize), type_size);
  return info;
}

std::string text_of(LmdbBytes bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Result<std::optional<uint64_t>> find_u64(const LmdbTxn& txn, MDB_dbi dbi, std::string_view key,
                                         const std::string& where) {
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> stored, txn.find(dbi, bytes_of(key)));
  if (!stored) return std::optional<uint64_t>();
  if (stored->size() != 8) {
    return Status::Corruption(fmt::format("the generation store at {}: meta '{}' has {} bytes, "
                                          "expected 8", where, key, stored->size()));
  }
  return std::optional<uint64_t>(load_le(stored->data(), 8));
}

Status put_u64(LmdbTxn& txn, MDB_dbi dbi, std::string_view key, uint64_t value) {
  uint8_t bytes[8];
  store_le(value, bytes, 8);
  return txn.put(dbi, bytes_of(key), LmdbBytes(bytes, 8), fmt::format("writing meta '{}'", key));
}

Status too_big(std::string_view what, uint64_t size, uint64_t limit, std::string_view option) {
  return Status::InvalidArgument(
      fmt::format("the {} has {} bytes, more than the {} a generation may have ({})", what, size,
                  limit, option));
}

}  // namespace

Result<std::unique_ptr<GenerationStore>> GenerationStore::open(const std::string& dir,
                                                               GenerationStoreOptions options) {
  if (options.max_generations == 0) {
    return Status::InvalidArgument("max_generations is 0; the store must keep at least one generation");
  }
  lmdb::LmdbEnvOptions env_options;
  env_options.path = dir;
  env_options.map_size = options.map_size_bytes;
  env_options.databases = {"meta", "generations", "blobs"};  // meta(), generations(), blobs()
  env_options.kind = "generation store";
  GROVE_ASSIGN_OR_RETURN(std::unique_ptr<lmdb::LmdbEnv> env, lmdb::LmdbEnv::open(env_options));
  std::unique_ptr<GenerationStore> store(new GenerationStore(std::move(env), options));
  GROVE_RETURN_IF_ERROR(store->check_format_version());
  return store;
}

Status GenerationStore::check_format_version() {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_write(*env_));
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> stored, txn.find(meta(), bytes_of(kFormatVersionKey)));
  if (!stored) {
    uint8_t bytes[4];
    store_le(kFormatVersion, bytes, 4);
    std::string what = fmt::format("writing the format version of the {}", env_->describe());
    GROVE_RETURN_IF_ERROR(txn.put(meta(), bytes_of(kFormatVersionKey), LmdbBytes(bytes, 4), what));
    return txn.commit(what);
  }
  if (stored->size() != 4) {
    return Status::Corruption(fmt::format("the {}: format version has {} bytes, expected 4",
                                          env_->describe(), stored->size()));
  }
  auto version = static_cast<uint32_t>(load_le(stored->data(), 4));
  if (version > kFormatVersion) {
    return Status::InvalidArgument(fmt::format(
        "the {} has format version {}, newer than version {} that this build reads; open it with "
        "a newer Grove", env_->describe(), version, kFormatVersion));
  }
  if (version != kFormatVersion) {
    return Status::Corruption(fmt::format("the {} has unknown format version {}", env_->describe(), version));
  }
  return Status::Ok();
}

Result<uint64_t> GenerationStore::next_number() const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(*env_));
  GROVE_ASSIGN_OR_RETURN(std::optional<uint64_t> next, find_u64(txn, meta(), kNextKey, path()));
  return next.value_or(1);
}

Status GenerationStore::check_limits(const NewGeneration& g) const {
  if (g.package.size() > options_.max_package_bytes) {
    return too_big("package", g.package.size(), options_.max_package_bytes, "max_package_bytes");
  }
  if (g.config_json.size() > options_.max_config_bytes) {
    return too_big("derived config", g.config_json.size(), options_.max_config_bytes, "max_config_bytes");
  }
  if (g.summary_json.size() > options_.max_summary_bytes) {
    return too_big("deploy summary", g.summary_json.size(), options_.max_summary_bytes,
                   "max_summary_bytes");
  }
  if (g.content_type.size() > options_.max_content_type_bytes) {
    return too_big("content type", g.content_type.size(), options_.max_content_type_bytes,
                   "max_content_type_bytes");
  }
  return Status::Ok();
}

Result<uint64_t> GenerationStore::put(const NewGeneration& g) {
  GROVE_RETURN_IF_ERROR(check_limits(g));
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_write(*env_));
  GROVE_ASSIGN_OR_RETURN(std::optional<uint64_t> next, find_u64(txn, meta(), kNextKey, path()));
  uint64_t number = next.value_or(1);
  if (g.expected_number && *g.expected_number != number) {
    return Status::InvalidArgument(fmt::format(
        "generation {} was expected, but the next generation is {}: another deploy came first",
        *g.expected_number, number));
  }
  GenerationInfo info{number, options_.clock->wall_us(), g.content_type, g.package.size(),
                      g.config_json.size(), g.summary_json.size()};
  std::string what = fmt::format("storing generation {} ({} bytes of package) in the {}", number,
                                 g.package.size(), env_->describe());
  std::string record = encode_record(info);
  GROVE_RETURN_IF_ERROR(txn.put(generations(), number_key(number), bytes_of(record), what));
  GROVE_RETURN_IF_ERROR(txn.put(blobs(), blob_key(number, kPackageBlob), bytes_of(g.package), what));
  GROVE_RETURN_IF_ERROR(txn.put(blobs(), blob_key(number, kConfigBlob), bytes_of(g.config_json), what));
  GROVE_RETURN_IF_ERROR(txn.put(blobs(), blob_key(number, kSummaryBlob), bytes_of(g.summary_json), what));
  GROVE_RETURN_IF_ERROR(put_u64(txn, meta(), kNextKey, number + 1));
  GROVE_RETURN_IF_ERROR(txn.commit(what));
  return number;
}

Status GenerationStore::activate(uint64_t number) {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_write(*env_));
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> record, txn.find(generations(), number_key(number)));
  if (!record) {
    return Status::NotFound(fmt::format("generation {} is not in the {} (never stored, or pruned)",
                                        number, env_->describe()));
  }
  GROVE_RETURN_IF_ERROR(put_u64(txn, meta(), kActiveKey, number));
  return txn.commit(fmt::format("activating generation {} in the {}", number, env_->describe()));
}

Result<std::optional<uint64_t>> GenerationStore::active() const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(*env_));
  return find_u64(txn, meta(), kActiveKey, path());
}

Result<Generation> GenerationStore::get(uint64_t number) const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(*env_));
  GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> record, txn.find(generations(), number_key(number)));
  if (!record) {
    return Status::NotFound(fmt::format("generation {} is not in the {} (never stored, or pruned)",
                                        number, env_->describe()));
  }
  Generation out;
  GROVE_ASSIGN_OR_RETURN(out.info, decode_record(number, *record, path()));
  struct Part {
    char kind;
    std::string* into;
    uint64_t size;
  };
  for (Part part : {Part{kPackageBlob, &out.package, out.info.package_bytes},
                    Part{kConfigBlob, &out.config_json, out.info.config_bytes},
                    Part{kSummaryBlob, &out.summary_json, out.info.summary_bytes}}) {
    GROVE_ASSIGN_OR_RETURN(std::optional<LmdbBytes> blob, txn.find(blobs(), blob_key(number, part.kind)));
    if (!blob || blob->size() != part.size) {
      return Status::Corruption(fmt::format(
          "generation {} in the {}: its '{}' part is {}", number, env_->describe(), part.kind,
          blob ? fmt::format("{} bytes, the record says {}", blob->size(), part.size) : "missing"));
    }
    *part.into = text_of(*blob);
  }
  return out;
}

Result<std::vector<GenerationInfo>> GenerationStore::list() const {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_read(*env_));
  GROVE_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::open(txn, generations()));
  std::vector<GenerationInfo> out;
  GROVE_ASSIGN_OR_RETURN(bool more, cursor.first());
  while (more) {
    GROVE_ASSIGN_OR_RETURN(GenerationInfo info,
                           decode_record(key_number(cursor.key()), cursor.value(), path()));
    out.push_back(std::move(info));
    GROVE_ASSIGN_OR_RETURN(more, cursor.next());
  }
  return out;
}

Result<std::vector<uint64_t>> GenerationStore::prune() {
  GROVE_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::begin_write(*env_));
  GROVE_ASSIGN_OR_RETURN(std::optional<uint64_t> active, find_u64(txn, meta(), kActiveKey, path()));
  std::vector<uint64_t> numbers;
  {
    GROVE_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::open(txn, generations()));
    GROVE_ASSIGN_OR_RETURN(bool more, cursor.first());
    while (more) {
      numbers.push_back(key_number(cursor.key()));
      GROVE_ASSIGN_OR_RETURN(more, cursor.next());
    }
  }
  std::vector<uint64_t> removed;
  size_t keep_from = numbers.size() > options_.max_generations ? numbers.size() - options_.max_generations : 0;
  for (size_t i = 0; i < keep_from; ++i) {
    uint64_t n = numbers[i];
    if (active && *active == n) continue;
    std::string what = fmt::format("pruning generation {} from the {}", n, env_->describe());
    GROVE_RETURN_IF_ERROR(txn.erase(generations(), number_key(n), what));
    for (char kind : {kPackageBlob, kConfigBlob, kSummaryBlob}) {
      GROVE_RETURN_IF_ERROR(txn.erase(blobs(), blob_key(n, kind), what));
    }
    removed.push_back(n);
  }
  if (removed.empty()) return removed;
  GROVE_RETURN_IF_ERROR(txn.commit(fmt::format("pruning {} generations from the {}", removed.size(),
                                               env_->describe())));
  return removed;
}

}  // namespace grove::deploy
