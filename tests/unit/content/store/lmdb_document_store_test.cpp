// LmdbDocumentStore beyond the conformance suite: durability across reopen, the format version
// check, damaged files, group commit, back-pressure and a full map.

#include <lmdb.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "content/store/lmdb_document_store.h"
#include "content/store/store_format.h"
#include "tests/unit/content/store/store_test_support.h"

namespace grove::store::testing {

namespace {

constexpr uint64_t kT0 = 1'700'000'000'000'000;

void must(const Status& s) { BOOST_REQUIRE_MESSAGE(s.ok(), s.to_string()); }

template <typename T>
T must(Result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return std::move(r).value();
}

Status open_status(const std::string& path) {
  LmdbStoreOptions options;
  options.path = path;
  auto store = LmdbDocumentStore::open(options);
  return store.ok() ? Status::Ok() : store.status();
}

// Writes meta format_version = `version` straight into the environment at `path`.
void write_format_version(const std::string& path, uint32_t version) {
  MDB_env* env = nullptr;
  BOOST_REQUIRE(mdb_env_create(&env) == 0);
  mdb_env_set_maxdbs(env, 4);
  BOOST_REQUIRE(mdb_env_open(env, path.c_str(), 0, 0644) == 0);
  MDB_txn* txn = nullptr;
  MDB_dbi meta;
  BOOST_REQUIRE(mdb_txn_begin(env, nullptr, 0, &txn) == 0);
  BOOST_REQUIRE(mdb_dbi_open(txn, std::string(format::kMetaDb).c_str(), 0, &meta) == 0);
  uint8_t bytes[4];
  format::store_u32le(version, bytes);
  MDB_val key{format::kFormatVersionKey.size(), const_cast<char*>(format::kFormatVersionKey.data())};
  MDB_val value{sizeof bytes, bytes};
  BOOST_REQUIRE(mdb_put(txn, meta, &key, &value, 0) == 0);
  BOOST_REQUIRE(mdb_txn_commit(txn) == 0);
  mdb_env_close(env);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lmdb_document_store)

BOOST_AUTO_TEST_CASE(everything_acknowledged_is_there_after_close_and_reopen) {
  StoreUnderTest store("lmdb");
  for (uint64_t n = 0; n < 100; ++n) {
    must(store->put(bucket(n % 4), gid(n), kT0 + n, payload(n, n * 37)));
  }
  must(store->remove(bucket(1), gid(1), kT0 + 500));
  must(store->set_bucket_ready(bucket(2), true));
  must(store->set_bucket_active(bucket(3), true));
  must(store->set_config_generation(7));
  auto before = must(store->list_buckets());
  store.reopen();
  BOOST_TEST((must(store->list_buckets()) == before));
  for (uint64_t n = 0; n < 100; ++n) {
    DocumentEntry entry = must(store->get(bucket(n % 4), gid(n)));
    if (n == 1) {
      BOOST_TEST(entry.tombstone);
      continue;
    }
    BOOST_REQUIRE(entry.payload == payload(n, n * 37));
  }
  BOOST_TEST(store->document_count() == 99u);
  BOOST_TEST(store->bucket_count() == 4u);
  BOOST_TEST(must(store->config_generation()) == 7u);
}

BOOST_AUTO_TEST_CASE(close_commits_the_queued_writes_before_closing) {
  StoreUnderTest store("lmdb");
  std::atomic<int> ok{0}, failed{0};
  constexpr int kWrites = 500;
  for (int n = 0; n < kWrites; ++n) {
    WriteBatch batch;
    batch.put(bucket(1), gid(n), kT0 + n, payload(n, 300));
    store->write(std::move(batch), [&](const Status& s, const WriteBatch&) {
      (s.ok() ? ok : failed).fetch_add(1);
    });
  }
  store->close();
  BOOST_TEST(ok.load() == kWrites);
  BOOST_TEST(failed.load() == 0);
  store.reopen();
  BOOST_TEST(store->document_count() == static_cast<uint64_t>(kWrites));
}

BOOST_AUTO_TEST_CASE(a_newer_format_version_is_refused_naming_both_versions) {
  StoreUnderTest store("lmdb");
  std::string path = store.dir() + "/versioned";
  must(open_status(path));
  write_format_version(path, 99);
  Status s = open_status(path);
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(s.message().find("format version 99") != std::string::npos, s.message());
  BOOST_TEST(s.message().find("version 1") != std::string::npos, s.message());
  BOOST_TEST(s.message().find(path) != std::string::npos, s.message());
}

BOOST_AUTO_TEST_CASE(an_unknown_older_format_version_is_corruption) {
  StoreUnderTest store("lmdb");
  std::string path = store.dir() + "/versioned";
  must(open_status(path));
  write_format_version(path, 0);
  Status s = open_status(path);
  BOOST_TEST(s.code() == StatusCode::kCorruption);
  BOOST_TEST(s.message().find("version 0") != std::string::npos, s.message());
}

BOOST_AUTO_TEST_CASE(a_damaged_data_file_is_corruption_naming_the_path) {
  StoreUnderTest store("lmdb");
  std::string path = store.dir() + "/damaged";
  std::filesystem::create_directories(path);
  {
    std::ofstream out(path + "/data.mdb", std::ios::binary);
    out << std::string(16384, '\xab');
  }
  Status s = open_status(path);
  BOOST_TEST(s.code() == StatusCode::kCorruption, s.to_string());
  BOOST_TEST(s.message().find(path) != std::string::npos, s.message());
}

BOOST_AUTO_TEST_CASE(opening_a_store_twice_in_one_process_is_refused_until_it_is_closed) {
  StoreUnderTest store("lmdb");
  Status twice = open_status(store.dir() + "/store/");  // the same directory, spelled differently
  BOOST_TEST(twice.code() == StatusCode::kInvalidArgument, twice.to_string());
  BOOST_TEST(twice.message().find("already open") != std::string::npos, twice.message());
  store->close();
  must(open_status(store.dir() + "/store"));
}

BOOST_AUTO_TEST_CASE(concurrent_writers_share_commits) {
  StoreUnderTest store("lmdb");
  constexpr int kThreads = 8, kPerThread = 60;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        uint64_t n = static_cast<uint64_t>(t * kPerThread + i);
        if (!store->put(bucket(n % 16), gid(n), kT0 + n, payload(n, 1000)).ok()) ++failures;
      }
    });
  }
  for (auto& w : writers) w.join();
  BOOST_TEST(failures.load() == 0);
  StoreStats stats = store->stats();
  BOOST_TEST(stats.committed_ops == static_cast<uint64_t>(kThreads * kPerThread));
  // Eight writers each waiting for their commit: groups form while a commit syncs.
  BOOST_TEST(stats.commits <= static_cast<uint64_t>(kThreads * kPerThread / 3),
             "commits: " << stats.commits);
}

BOOST_AUTO_TEST_CASE(asynchronous_writes_are_grouped_into_few_commits) {
  StoreUnderTest store("lmdb");
  constexpr int kWrites = 2000;
  std::atomic<int> ok{0};
  for (int n = 0; n < kWrites; ++n) {
    WriteBatch batch;
    batch.put(bucket(n % 16), gid(n), kT0 + n, payload(n, 1000));
    store->write(std::move(batch), [&](const Status& s, const WriteBatch&) {
      if (s.ok()) ok.fetch_add(1);
    });
  }
  store->close();
  BOOST_TEST(ok.load() == kWrites);
  BOOST_TEST(store->stats().commits <= static_cast<uint64_t>(kWrites / 20),
             "commits: " << store->stats().commits);
}

BOOST_AUTO_TEST_CASE(a_full_queue_refuses_writes_with_resource_exhausted) {
  LmdbStoreOptions options;
  options.max_queued_ops = 4;
  options.commit_window = std::chrono::milliseconds(200);
  StoreUnderTest store("lmdb", options);
  std::atomic<int> ok{0}, exhausted{0};
  for (int n = 0; n < 20; ++n) {
    WriteBatch batch;
    batch.put(bucket(1), gid(n), kT0 + n, "x");
    store->write(std::move(batch), [&](const Status& s, const WriteBatch&) {
      if (s.ok()) ok.fetch_add(1);
      if (s.code() == StatusCode::kResourceExhausted) exhausted.fetch_add(1);
    });
  }
  store->close();
  BOOST_TEST(exhausted.load() > 0);
  BOOST_TEST(ok.load() + exhausted.load() == 20);
}

BOOST_AUTO_TEST_CASE(a_full_map_gives_resource_exhausted_and_the_store_keeps_working) {
  LmdbStoreOptions options;
  options.map_size_bytes = 2 << 20;
  StoreUnderTest store("lmdb", options);
  must(store->put(bucket(1), gid(0), kT0, "small"));
  Status failure;
  for (uint64_t n = 1; n < 200 && failure.ok(); ++n) {
    failure = store->put(bucket(1), gid(n), kT0 + n, payload(n, 64 << 10, true)).status();
  }
  BOOST_TEST(failure.code() == StatusCode::kResourceExhausted, failure.to_string());
  BOOST_TEST(failure.message().find("MDB_MAP_FULL") != std::string::npos, failure.message());
  BOOST_TEST(must(store->get(bucket(1), gid(0))).payload == "small");
  must(store->delete_bucket(bucket(1)));  // frees pages
  must(store->put(bucket(2), gid(1), kT0, "after"));
  BOOST_TEST(must(store->get(bucket(2), gid(1))).payload == "after");
}

BOOST_AUTO_TEST_CASE(one_oversized_batch_fails_alone_in_its_group) {
  LmdbStoreOptions options;
  options.map_size_bytes = 4 << 20;
  options.commit_window = std::chrono::milliseconds(50);
  StoreUnderTest store("lmdb", options);
  std::atomic<int> ok{0}, exhausted{0};
  auto count = [&](const Status& s, const WriteBatch&) {
    if (s.ok()) ok.fetch_add(1);
    if (s.code() == StatusCode::kResourceExhausted) exhausted.fetch_add(1);
  };
  WriteBatch small1, huge, small2;
  small1.put(bucket(1), gid(1), kT0, "one");
  huge.put(bucket(1), gid(2), kT0, payload(2, 8 << 20, true));
  small2.put(bucket(1), gid(3), kT0, "three");
  store->write(std::move(small1), count);
  store->write(std::move(huge), count);
  store->write(std::move(small2), count);
  store->close();
  BOOST_TEST(ok.load() == 2);
  BOOST_TEST(exhausted.load() == 1);
  store.reopen();
  BOOST_TEST(store->document_count() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::store::testing
