// Conformance of every DocumentStore implementation: entries, last writer wins, tombstones,
// payload sizes, concurrency and close. Each case runs once per kind in kStoreKinds.

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "tests/unit/content/store/store_test_support.h"

namespace grove::store::testing {

namespace bdata = boost::unit_test::data;

namespace conformance_helpers {

constexpr uint64_t kT0 = 1'700'000'000'000'000;  // µs

DocumentEntry must_get(DocumentStore& store, BucketId b, const Gid& g) {
  auto entry = store.get(b, g);
  BOOST_REQUIRE_MESSAGE(entry.ok(), entry.status().to_string());
  return std::move(entry).value();
}

bool must_apply(Result<bool> applied) {
  BOOST_REQUIRE_MESSAGE(applied.ok(), applied.status().to_string());
  return applied.value();
}

// Counts callbacks and waits (bounded) until all expected ones arrived.
class Acks {
 public:
  explicit Acks(size_t expected) : expected_(expected) {}
  WriteCallback callback() {
    return [this](const Status& s, const WriteBatch&) {
      std::lock_guard lock(mu_);
      (s.ok() ? ok_ : failed_)++;
      cv_.notify_all();
    };
  }
  bool wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(60),
                        [&] { return ok_ + failed_ >= expected_; });
  }
  size_t ok() const { return ok_; }
  size_t failed() const { return failed_; }

 private:
  size_t expected_;
  std::mutex mu_;
  std::condition_variable cv_;
  size_t ok_ = 0, failed_ = 0;
};

}  // namespace conformance_helpers

using namespace conformance_helpers;

BOOST_AUTO_TEST_SUITE(document_store_conformance)

BOOST_DATA_TEST_CASE(put_then_get_returns_payload_and_timestamp, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0, "hello")));
  DocumentEntry entry = must_get(*store, bucket(1), gid(1));
  BOOST_TEST(entry.payload == "hello");
  BOOST_TEST(entry.timestamp == kT0);
  BOOST_TEST(!entry.tombstone);
  BOOST_TEST(entry.gid == gid(1));
}

BOOST_DATA_TEST_CASE(get_of_an_unknown_document_is_not_found, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0, "x")));
  BOOST_TEST(store->get(bucket(1), gid(2)).status().code() == StatusCode::kNotFound);
  BOOST_TEST(store->get(bucket(2), gid(1)).status().code() == StatusCode::kNotFound);
}

BOOST_DATA_TEST_CASE(older_put_is_ignored_and_newer_put_wins, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0 + 10, "ten")));
  BOOST_TEST(!must_apply(store->put(bucket(1), gid(1), kT0 + 5, "five")));
  BOOST_TEST(must_get(*store, bucket(1), gid(1)).payload == "ten");
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0 + 20, "twenty")));
  BOOST_TEST(must_get(*store, bucket(1), gid(1)).payload == "twenty");
}

// Writes one operation with want_previous and returns it as the store completed it.
WriteOp write_wanting_previous(DocumentStore& store, WriteBatch batch) {
  batch.want_previous();
  std::promise<WriteOp> done;
  store.write(std::move(batch), [&](const Status& s, const WriteBatch& b) {
    BOOST_REQUIRE_MESSAGE(s.ok(), s.to_string());
    done.set_value(b.ops()[0]);
  });
  return done.get_future().get();
}

BOOST_DATA_TEST_CASE(a_replaced_document_is_returned_when_asked_for, bdata::make(kStoreKinds), kind) {
  // A large payload, so that the LMDB store keeps it compressed and has to decode it.
  const std::string big(5000, 'a');
  StoreUnderTest store(kind);
  WriteBatch first;
  first.put(bucket(1), gid(1), kT0, big);
  WriteOp fresh = write_wanting_previous(*store, std::move(first));
  BOOST_TEST(fresh.applied);
  BOOST_TEST(!fresh.previous.has_value());
  WriteBatch second;
  second.put(bucket(1), gid(1), kT0 + 1, "new");
  WriteOp replaced = write_wanting_previous(*store, std::move(second));
  BOOST_REQUIRE(replaced.previous.has_value());
  BOOST_TEST(*replaced.previous == big);
  WriteBatch stale;
  stale.remove(bucket(1), gid(1), kT0);  // older: not applied, nothing replaced
  WriteOp ignored = write_wanting_previous(*store, std::move(stale));
  BOOST_TEST(!ignored.applied);
  BOOST_TEST(!ignored.previous.has_value());
  WriteBatch removal;
  removal.remove(bucket(1), gid(1), kT0 + 2);
  WriteOp removed = write_wanting_previous(*store, std::move(removal));
  BOOST_REQUIRE(removed.previous.has_value());
  BOOST_TEST(*removed.previous == "new");
  WriteBatch again;
  again.put(bucket(1), gid(1), kT0 + 3, "back");  // replaces a tombstone: no previous document
  BOOST_TEST(!write_wanting_previous(*store, std::move(again)).previous.has_value());
}

BOOST_DATA_TEST_CASE(equal_timestamp_keeps_the_stored_entry, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0, "first")));
  BOOST_TEST(!must_apply(store->put(bucket(1), gid(1), kT0, "second")));
  BOOST_TEST(!must_apply(store->remove(bucket(1), gid(1), kT0)));
  DocumentEntry entry = must_get(*store, bucket(1), gid(1));
  BOOST_TEST(entry.payload == "first");
  BOOST_TEST(!entry.tombstone);
}

BOOST_DATA_TEST_CASE(newer_remove_wins_and_get_reports_a_tombstone, bdata::make(kStoreKinds),
                     kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0, "doc")));
  BOOST_TEST(must_apply(store->remove(bucket(1), gid(1), kT0 + 1)));
  DocumentEntry entry = must_get(*store, bucket(1), gid(1));
  BOOST_TEST(entry.tombstone);
  BOOST_TEST(entry.timestamp == kT0 + 1);
  BOOST_TEST(entry.payload.empty());
}

BOOST_DATA_TEST_CASE(older_put_after_a_remove_is_ignored, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0, "doc")));
  BOOST_TEST(must_apply(store->remove(bucket(1), gid(1), kT0 + 10)));
  BOOST_TEST(!must_apply(store->put(bucket(1), gid(1), kT0 + 5, "stale")));
  BOOST_TEST(must_get(*store, bucket(1), gid(1)).tombstone);
}

BOOST_DATA_TEST_CASE(older_remove_is_ignored, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0 + 10, "doc")));
  BOOST_TEST(!must_apply(store->remove(bucket(1), gid(1), kT0 + 5)));
  BOOST_TEST(!must_get(*store, bucket(1), gid(1)).tombstone);
}

BOOST_DATA_TEST_CASE(remove_of_an_unknown_document_leaves_a_tombstone_that_blocks_older_puts,
                     bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must_apply(store->remove(bucket(1), gid(1), kT0 + 10)));
  BOOST_TEST(must_get(*store, bucket(1), gid(1)).tombstone);
  BOOST_TEST(!must_apply(store->put(bucket(1), gid(1), kT0 + 5, "late")));
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0 + 11, "new")));
  BOOST_TEST(must_get(*store, bucket(1), gid(1)).payload == "new");
}

BOOST_DATA_TEST_CASE(purge_drops_only_tombstones_older_than_the_retention,
                     bdata::make(kStoreKinds), kind) {
  LmdbStoreOptions options;
  options.tombstone_retention_us = 1000;
  StoreUnderTest store(kind, options);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0, "live")));
  BOOST_TEST(must_apply(store->remove(bucket(1), gid(2), kT0 + 100)));   // old
  BOOST_TEST(must_apply(store->remove(bucket(2), gid(3), kT0 + 2000)));  // young
  auto purged = store->purge_tombstones(kT0 + 1100);
  BOOST_REQUIRE_MESSAGE(purged.ok(), purged.status().to_string());
  BOOST_TEST(*purged == 1u);
  BOOST_TEST(store->get(bucket(1), gid(2)).status().code() == StatusCode::kNotFound);
  BOOST_TEST(must_get(*store, bucket(2), gid(3)).tombstone);
  BOOST_TEST(must_get(*store, bucket(1), gid(1)).payload == "live");
  BucketInfo info = store->bucket_info(bucket(1)).value();
  BOOST_TEST(info.tombstone_count == 0u);
  BOOST_TEST(info.doc_count == 1u);
  BOOST_TEST(store->purge_tombstones(kT0 + 1100).value() == 0u);
}

BOOST_DATA_TEST_CASE(default_retention_keeps_tombstones_for_two_weeks, bdata::make(kStoreKinds),
                     kind) {
  StoreUnderTest store(kind);
  constexpr uint64_t kDay = 24ull * 3600 * 1'000'000;
  BOOST_TEST(must_apply(store->remove(bucket(1), gid(1), kT0)));
  BOOST_TEST(store->purge_tombstones(kT0 + 13 * kDay).value() == 0u);
  BOOST_TEST(store->purge_tombstones(kT0 + 14 * kDay).value() == 1u);
}

BOOST_DATA_TEST_CASE(empty_and_multi_megabyte_payloads_round_trip, bdata::make(kStoreKinds),
                     kind) {
  StoreUnderTest store(kind);
  const std::string text = payload(7, 5 << 20);
  const std::string noise = payload(8, 3 << 20, /*random=*/true);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0, "")));
  BOOST_TEST(must_apply(store->put(bucket(1), gid(2), kT0, text)));
  BOOST_TEST(must_apply(store->put(bucket(1), gid(3), kT0, noise)));
  BOOST_TEST(must_get(*store, bucket(1), gid(1)).payload.empty());
  BOOST_TEST(!must_get(*store, bucket(1), gid(1)).tombstone);
  BOOST_TEST((must_get(*store, bucket(1), gid(2)).payload == text));
  BOOST_TEST((must_get(*store, bucket(1), gid(3)).payload == noise));
  BOOST_TEST(store->bucket_info(bucket(1)).value().total_bytes == text.size() + noise.size());
}

BOOST_DATA_TEST_CASE(batch_reports_which_operations_were_applied, bdata::make(kStoreKinds),
                     kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0 + 10, "stored")));
  WriteBatch batch;
  batch.put(bucket(1), gid(1), kT0 + 5, "older");
  batch.put(bucket(1), gid(2), kT0 + 5, "new");
  batch.remove(bucket(1), gid(2), kT0 + 6);
  auto applied = store->write_sync(std::move(batch));
  BOOST_REQUIRE_MESSAGE(applied.ok(), applied.status().to_string());
  BOOST_TEST((*applied == std::vector<bool>{false, true, true}));
  BOOST_TEST(must_get(*store, bucket(1), gid(2)).tombstone);
}

BOOST_DATA_TEST_CASE(invalid_operations_are_refused_and_nothing_is_written,
                     bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  WriteBatch batch;
  batch.put(bucket(1), gid(1), kT0, "fine");
  batch.put(bucket(1), gid(2), 0, "no timestamp");
  auto applied = store->write_sync(std::move(batch));
  BOOST_TEST(applied.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(applied.status().message().find("timestamp 0") != std::string::npos);
  BOOST_TEST(store->get(bucket(1), gid(1)).status().code() == StatusCode::kNotFound);
}

BOOST_DATA_TEST_CASE(concurrent_writers_are_all_acknowledged_and_visible,
                     bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  constexpr int kThreads = 6, kPerThread = 150;
  Acks acks(kThreads * kPerThread);
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        uint64_t n = static_cast<uint64_t>(t * kPerThread + i);
        WriteBatch batch;
        batch.put(bucket(n % 7), gid(n), kT0 + n, payload(n, 100 + n % 900));
        store->write(std::move(batch), acks.callback());
      }
    });
  }
  for (auto& w : writers) w.join();
  BOOST_REQUIRE(acks.wait());
  BOOST_TEST(acks.ok() == static_cast<size_t>(kThreads * kPerThread));
  for (uint64_t n = 0; n < kThreads * kPerThread; ++n) {
    auto entry = store->get(bucket(n % 7), gid(n));
    BOOST_REQUIRE_MESSAGE(entry.ok(), entry.status().to_string());
    BOOST_REQUIRE(entry->payload == payload(n, 100 + n % 900));
  }
  BOOST_TEST(store->document_count() == static_cast<uint64_t>(kThreads * kPerThread));
}

BOOST_DATA_TEST_CASE(writes_and_reads_after_close_are_unavailable, bdata::make(kStoreKinds),
                     kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must_apply(store->put(bucket(1), gid(1), kT0, "x")));
  store->close();
  BOOST_TEST(store->put(bucket(1), gid(2), kT0, "y").status().code() == StatusCode::kUnavailable);
  BOOST_TEST(store->get(bucket(1), gid(1)).status().code() == StatusCode::kUnavailable);
  BOOST_TEST(store->delete_bucket(bucket(1)).code() == StatusCode::kUnavailable);
  store->close();  // idempotent
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::store::testing
