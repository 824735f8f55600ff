#include "tests/unit/content/store/store_test_support.h"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "content/store/memory_document_store.h"

namespace grove::store::testing {

StoreUnderTest::StoreUnderTest(std::string_view kind, LmdbStoreOptions options)
    : kind_(kind), options_(std::move(options)) {
  if (is_lmdb()) {
    dir_ = make_temp_dir("grove-store-test");
    store_ = open_lmdb(dir_ + "/store");
  } else {
    store_ = std::make_unique<MemoryDocumentStore>(options_.tombstone_retention_us);
  }
}

StoreUnderTest::~StoreUnderTest() {
  store_.reset();
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

std::unique_ptr<DocumentStore> StoreUnderTest::open_lmdb(const std::string& path) {
  LmdbStoreOptions options = options_;
  options.path = path;
  auto store = LmdbDocumentStore::open(options);
  BOOST_REQUIRE_MESSAGE(store.ok(), store.status().to_string());
  return std::move(store).value();
}

void StoreUnderTest::reopen() {
  BOOST_REQUIRE(is_lmdb());
  store_->close();
  store_.reset();
  store_ = open_lmdb(dir_ + "/store");
}

std::unique_ptr<DocumentStore> StoreUnderTest::open_sibling(std::string_view name) {
  if (!is_lmdb()) return std::make_unique<MemoryDocumentStore>(options_.tombstone_retention_us);
  return open_lmdb(dir_ + "/" + std::string(name));
}

BucketId bucket(uint64_t n) { return BucketId((58ull << 58) | (n & 0xFFFFFFFFull)); }

Gid gid(uint64_t n) {
  Gid g;
  g.bytes[0] = 0x42;
  for (int i = 0; i < 8; ++i) g.bytes[4 + i] = static_cast<uint8_t>(n >> (8 * (7 - i)));
  return g;
}

std::string payload(uint64_t seed, size_t size, bool random) {
  std::string out;
  out.reserve(size);
  if (random) {
    std::mt19937_64 rng(seed);
    while (out.size() < size) out.push_back(static_cast<char>(rng()));
    return out;
  }
  std::string word = "doc-" + std::to_string(seed) + " lorem ipsum dolor sit amet; ";
  while (out.size() < size) out.append(word, 0, std::min(word.size(), size - out.size()));
  return out;
}

std::string make_temp_dir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  char* made = mkdtemp(pattern.data());
  BOOST_REQUIRE(made != nullptr);
  return pattern;
}

}  // namespace grove::store::testing
