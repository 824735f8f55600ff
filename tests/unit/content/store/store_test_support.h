#pragma once

// Helpers shared by the document store tests: a factory that makes either implementation (the
// conformance suites run every case against both), and small builders for ids and payloads.
//
// Confined to the test's thread.

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "content/store/document_store.h"
#include "content/store/lmdb_document_store.h"

namespace grove::distribution {
// How Boost.Test prints ids in failed assertions.
inline std::ostream& boost_test_print_type(std::ostream& os, const Gid& gid) {
  return os << gid.to_hex();
}
inline std::ostream& boost_test_print_type(std::ostream& os, const BucketId& bucket) {
  return os << bucket.to_hex();
}
}  // namespace grove::distribution

namespace grove::store::testing {

// The implementations every conformance case runs against.
inline const std::vector<std::string> kStoreKinds = {"lmdb", "memory"};

// One store under test: LMDB in a fresh temporary directory (removed at the end), or memory.
class StoreUnderTest {
 public:
  // `options` applies to LMDB (its path is replaced); the memory store takes only the retention.
  explicit StoreUnderTest(std::string_view kind, LmdbStoreOptions options = {});
  ~StoreUnderTest();

  DocumentStore& operator*() { return *store_; }
  DocumentStore* operator->() { return store_.get(); }
  bool is_lmdb() const { return kind_ == "lmdb"; }
  const std::string& dir() const { return dir_; }
  // LMDB only: closes the store and opens it again from its directory.
  void reopen();
  // A second, empty store of the same kind (LMDB: in directory `name` under dir()).
  std::unique_ptr<DocumentStore> open_sibling(std::string_view name);

 private:
  std::unique_ptr<DocumentStore> open_lmdb(const std::string& path);

  std::string kind_;
  std::string dir_;  // empty for memory
  LmdbStoreOptions options_;
  std::unique_ptr<DocumentStore> store_;
};

// A 58-bit bucket id with location bits `n`.
BucketId bucket(uint64_t n);
// A GID whose bytes spell `n` (big-endian in the last 8 bytes), so GIDs sort like their n.
Gid gid(uint64_t n);
// `size` bytes derived from `seed`, compressible (text-like) unless `random` is set.
std::string payload(uint64_t seed, size_t size, bool random = false);
// A fresh empty directory under the system temp dir.
std::string make_temp_dir(const std::string& prefix);

}  // namespace grove::store::testing
