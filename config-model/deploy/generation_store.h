#pragma once

// GenerationStore: the config server's durable record of deployed application generations
// (DESIGN §2), in one LMDB environment. Each generation has a number (1, 2, ... never reused,
// even after pruning), its wall-clock creation time, the package archive as received with its
// content type, the derived config (JSON from the caller) and a deploy summary (JSON from the
// caller). One generation at a time is the active one. The format is docs/generation-store.md.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(std::unique_ptr<GenerationStore> store,
//                          GenerationStore::open("var/configserver/generations", {}));
//   NewGeneration g{.content_type = "application/zip", .package = body,
//                   .config_json = plan_json, .summary_json = change_json};
//   GROVE_ASSIGN_OR_RETURN(uint64_t number, store->put(g));  // durable when it returns
//   GROVE_RETURN_IF_ERROR(store->activate(number));
//   GROVE_ASSIGN_OR_RETURN(std::vector<uint64_t> removed, store->prune());
//
// Thread-safe: LMDB serializes the writers (put, activate, prune) and readers see committed
// generations only. Every write is one LMDB transaction, so after a crash a generation is
// either fully there or not at all, and the active number always names a stored generation.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "services/base/clock.h"
#include "services/base/result.h"
#include "services/lmdb/lmdb_env.h"

namespace grove::deploy {

struct GenerationStoreOptions {
  // Generations kept by prune(): the newest ones, plus the active one when it is older.
  uint64_t max_generations = 10;
  // Address space of the LMDB map; the file grows sparsely. Ten 64 MiB packages fit four times.
  uint64_t map_size_bytes = 4ull << 30;
  uint64_t max_package_bytes = 64ull << 20;  // the archive as received
  uint64_t max_config_bytes = 64ull << 20;   // the derived config
  uint64_t max_summary_bytes = 4ull << 20;   // the deploy summary
  size_t max_content_type_bytes = 256;
  // Creation times come from clock.wall_us(); tests pass a ManualClock. Must outlive the store.
  const Clock* clock = &SystemClock::instance();
};

// What put() stores.
struct NewGeneration {
  // When set, put() fails unless this is the number it would assign (see next_number()): a
  // caller that wrote the number into its config finds out when another deploy came first.
  std::optional<uint64_t> expected_number;
  std::string content_type;
  std::string package;
  std::string config_json;
  std::string summary_json;
};

// A stored generation, without its large parts (what list() returns).
struct GenerationInfo {
  uint64_t number = 0;
  int64_t created_us = 0;  // wall-clock microseconds since the Unix epoch
  std::string content_type;
  uint64_t package_bytes = 0;
  uint64_t config_bytes = 0;
  uint64_t summary_bytes = 0;
  friend bool operator==(const GenerationInfo&, const GenerationInfo&) = default;
};

// A whole stored generation (what get() returns).
struct Generation {
  GenerationInfo info;
  std::string package;
  std::string config_json;
  std::string summary_json;
};

class GenerationStore {
 public:
  // Opens or creates the store in `dir`. IoError when the directory cannot be made; Corruption
  // when its files or records are damaged; InvalidArgument when it has a newer format than this
  // build, when it is open in this process already, or when max_generations is 0.
  static Result<std::unique_ptr<GenerationStore>> open(const std::string& dir,
                                                       GenerationStoreOptions options);

  // The number the next put() assigns: one more than the highest ever stored (1 at first).
  Result<uint64_t> next_number() const;

  // Stores a new generation, committed (durable) when this returns, and returns its number.
  // InvalidArgument naming the limit when a part is over its max_*_bytes, or naming both
  // numbers when expected_number is not the next; ResourceExhausted when the map is full.
  Result<uint64_t> put(const NewGeneration& generation);

  // Makes generation `number` the active one (committed when this returns). NotFound when it
  // is not stored.
  Status activate(uint64_t number);

  // The active generation's number; nullopt before the first activate().
  Result<std::optional<uint64_t>> active() const;

  // Generation `number` with all its parts; NotFound when it is not stored (never put, or
  // pruned).
  Result<Generation> get(uint64_t number) const;

  // Every stored generation, oldest first.
  Result<std::vector<GenerationInfo>> list() const;

  // Removes all but the newest max_generations generations, never the active one, in one
  // transaction. Returns the numbers removed, oldest first.
  Result<std::vector<uint64_t>> prune();

  const std::string& path() const { return env_->path(); }

 private:
  GenerationStore(std::unique_ptr<lmdb::LmdbEnv> env, GenerationStoreOptions options)
      : env_(std::move(env)), options_(options) {}
  Status check_format_version();
  Status check_limits(const NewGeneration& generation) const;
  MDB_dbi meta() const { return env_->dbi(0); }
  MDB_dbi generations() const { return env_->dbi(1); }
  MDB_dbi blobs() const { return env_->dbi(2); }

  std::unique_ptr<lmdb::LmdbEnv> env_;  // Invariant: opened with meta, generations, blobs
  GenerationStoreOptions options_;
};

}  // namespace grove::deploy
