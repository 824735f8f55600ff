// Conformance of every DocumentStore implementation: bucket info, bucket operations (list,
// fetch, merge, delete, flags), visits, totals and meta. Each case runs once per kind.

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <future>
#include <optional>
#include <random>

#include "content/store/bucket_accounting.h"
#include "tests/unit/content/store/store_test_support.h"

namespace grove::store::testing {

namespace bdata = boost::unit_test::data;

namespace bucket_helpers {

constexpr uint64_t kT0 = 1'700'000'000'000'000;

void must(const Status& s) { BOOST_REQUIRE_MESSAGE(s.ok(), s.to_string()); }

template <typename T>
T must(Result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return std::move(r).value();
}

BucketInfo info_of(DocumentStore& store, BucketId b) { return must(store.bucket_info(b)); }

// Collects what a visit streams out.
class Collector : public DocumentVisitor {
 public:
  Status visit(const DocumentView& doc) override {
    seen.push_back(DocumentEntry{doc.gid, doc.timestamp, false, std::string(doc.payload)});
    buckets.push_back(doc.bucket);
    return Status::Ok();
  }
  std::vector<DocumentEntry> seen;
  std::vector<BucketId> buckets;
};

}  // namespace bucket_helpers

using namespace bucket_helpers;

BOOST_AUTO_TEST_SUITE(bucket_conformance)

BOOST_DATA_TEST_CASE(bucket_info_follows_puts_and_removes, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  must(store->put(bucket(1), gid(1), kT0 + 1, "aaaa"));
  must(store->put(bucket(1), gid(2), kT0 + 2, "bb"));
  BucketInfo info = info_of(*store, bucket(1));
  BOOST_TEST(info.doc_count == 2u);
  BOOST_TEST(info.tombstone_count == 0u);
  BOOST_TEST(info.total_bytes == 6u);
  BOOST_TEST(info.checksum == (entry_checksum(gid(1), kT0 + 1) ^ entry_checksum(gid(2), kT0 + 2)));

  must(store->remove(bucket(1), gid(1), kT0 + 3));
  must(store->put(bucket(1), gid(2), kT0 + 4, "ccc"));
  info = info_of(*store, bucket(1));
  BOOST_TEST(info.doc_count == 1u);
  BOOST_TEST(info.tombstone_count == 1u);
  BOOST_TEST(info.total_bytes == 3u);
  BOOST_TEST(info.checksum == (entry_checksum(gid(1), kT0 + 3) ^ entry_checksum(gid(2), kT0 + 4)));
  BOOST_TEST(store->bucket_info(bucket(9)).status().code() == StatusCode::kNotFound);
}

BOOST_DATA_TEST_CASE(replicas_with_the_same_entries_in_any_order_have_equal_bucket_info,
                     bdata::make(kStoreKinds), kind) {
  StoreUnderTest a(kind);
  auto b = a.open_sibling("replica");
  std::vector<DocumentEntry> entries;
  for (uint64_t n = 0; n < 40; ++n) {
    entries.push_back(DocumentEntry{gid(n), kT0 + n, n % 5 == 0, n % 5 == 0 ? "" : payload(n, n)});
  }
  for (const auto& e : entries) must(a->merge(bucket(3), {e}));
  std::shuffle(entries.begin(), entries.end(), std::mt19937(42));
  must(b->merge(bucket(3), entries));
  BOOST_TEST((info_of(*a, bucket(3)) == info_of(*b, bucket(3))));
  BOOST_TEST(info_of(*a, bucket(3)).tombstone_count == 8u);
  BOOST_TEST(info_of(*a, bucket(3)).doc_count == 32u);
}

BOOST_DATA_TEST_CASE(a_write_that_creates_a_bucket_gives_it_its_create_role_and_reports_the_flags,
                     bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  WriteBatch batch;
  batch.put(bucket(1), gid(1), kT0 + 1, "a");
  batch.set_create_role(true, true);
  batch.put(bucket(2), gid(1), kT0 + 1, "b");
  batch.set_create_role(true, false);
  batch.put(bucket(1), gid(2), kT0 + 2, "c");  // bucket 1 exists by now: its flags stand
  batch.set_create_role(false, false);
  auto applied = must(store->write_sync(std::move(batch)));
  BOOST_TEST(applied.size() == 3u);
  BOOST_TEST(info_of(*store, bucket(1)).ready);
  BOOST_TEST(info_of(*store, bucket(1)).active);
  BOOST_TEST(info_of(*store, bucket(2)).ready);
  BOOST_TEST(!info_of(*store, bucket(2)).active);

  // The flags come back with each operation.
  WriteBatch more;
  more.put(bucket(2), gid(3), kT0 + 3, "d");
  std::promise<std::pair<bool, bool>> flags;
  store->write(std::move(more), [&](const Status& s, const WriteBatch& b) {
    BOOST_REQUIRE(s.ok());
    flags.set_value({b.ops()[0].bucket_ready, b.ops()[0].bucket_active});
  });
  auto [ready, active] = flags.get_future().get();
  BOOST_TEST(ready);
  BOOST_TEST(!active);
}

BOOST_DATA_TEST_CASE(set_bucket_states_sets_both_flags_of_many_buckets, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  must(store->put(bucket(1), gid(1), kT0, "x"));
  std::vector<BucketStateChange> changes{{bucket(1), false, true}, {bucket(4), true, false}};
  must(store->set_bucket_states(changes));
  BOOST_TEST(!info_of(*store, bucket(1)).ready);
  BOOST_TEST(info_of(*store, bucket(1)).active);
  BOOST_TEST(info_of(*store, bucket(1)).doc_count == 1u);
  BOOST_TEST(info_of(*store, bucket(4)).ready);  // created, empty
  BOOST_TEST(info_of(*store, bucket(4)).doc_count == 0u);
  BOOST_TEST(store->bucket_count() == 2u);
}

BOOST_DATA_TEST_CASE(list_buckets_reports_every_bucket_in_order, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  must(store->put(bucket(5), gid(1), kT0, "x"));
  must(store->remove(bucket(2), gid(1), kT0));
  must(store->set_bucket_ready(bucket(9), true));  // creates an empty bucket
  auto buckets = must(store->list_buckets());
  BOOST_REQUIRE(buckets.size() == 3u);
  BOOST_TEST(buckets[0].bucket == bucket(2));
  BOOST_TEST(buckets[0].info.tombstone_count == 1u);
  BOOST_TEST(buckets[1].bucket == bucket(5));
  BOOST_TEST(buckets[1].info.doc_count == 1u);
  BOOST_TEST(buckets[2].bucket == bucket(9));
  BOOST_TEST(buckets[2].info.ready);
  BOOST_TEST(store->bucket_count() == 3u);
}

BOOST_DATA_TEST_CASE(list_entries_covers_one_bucket_in_gid_order, bdata::make(kStoreKinds),
                     kind) {
  StoreUnderTest store(kind);
  must(store->put(bucket(2), gid(30), kT0 + 1, "c"));
  must(store->put(bucket(2), gid(10), kT0 + 2, "a"));
  must(store->remove(bucket(2), gid(20), kT0 + 3));
  must(store->put(bucket(1), gid(15), kT0, "other bucket"));
  must(store->put(bucket(3), gid(5), kT0, "other bucket"));
  auto entries = must(store->list_entries(bucket(2)));
  std::vector<EntryMeta> expected{{gid(10), kT0 + 2, false}, {gid(20), kT0 + 3, true},
                                  {gid(30), kT0 + 1, false}};
  BOOST_TEST((entries == expected));
  BOOST_TEST(must(store->list_entries(bucket(4))).empty());
}

BOOST_DATA_TEST_CASE(fetch_returns_the_asked_entries_and_skips_unknown_gids,
                     bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  must(store->put(bucket(1), gid(1), kT0 + 1, "one"));
  must(store->put(bucket(1), gid(2), kT0 + 2, "two"));
  must(store->remove(bucket(1), gid(3), kT0 + 3));
  std::vector<Gid> ask{gid(3), gid(9), gid(1)};
  auto got = must(store->fetch(bucket(1), ask));
  std::vector<DocumentEntry> expected{{gid(3), kT0 + 3, true, ""}, {gid(1), kT0 + 1, false, "one"}};
  BOOST_TEST((got == expected));
}

BOOST_DATA_TEST_CASE(merge_applies_only_newer_entries_tombstones_included,
                     bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  must(store->put(bucket(1), gid(1), kT0 + 10, "mine, newer"));
  must(store->put(bucket(1), gid(2), kT0 + 10, "mine, older"));
  must(store->put(bucket(1), gid(3), kT0 + 10, "to be removed"));
  std::vector<DocumentEntry> theirs{{gid(1), kT0 + 5, false, "theirs, older"},
                                    {gid(2), kT0 + 20, false, "theirs, newer"},
                                    {gid(3), kT0 + 20, true, ""},
                                    {gid(4), kT0 + 1, false, "theirs, new"}};
  BOOST_TEST(must(store->merge(bucket(1), theirs)) == 3u);
  BOOST_TEST(must(store->get(bucket(1), gid(1))).payload == "mine, newer");
  BOOST_TEST(must(store->get(bucket(1), gid(2))).payload == "theirs, newer");
  BOOST_TEST(must(store->get(bucket(1), gid(3))).tombstone);
  BOOST_TEST(must(store->get(bucket(1), gid(4))).payload == "theirs, new");
  BucketInfo info = info_of(*store, bucket(1));
  BOOST_TEST(info.doc_count == 3u);
  BOOST_TEST(info.tombstone_count == 1u);
  BOOST_TEST(info.checksum == (entry_checksum(gid(1), kT0 + 10) ^ entry_checksum(gid(2), kT0 + 20) ^
                               entry_checksum(gid(3), kT0 + 20) ^ entry_checksum(gid(4), kT0 + 1)));
}

BOOST_DATA_TEST_CASE(delete_bucket_drops_its_entries_and_info_only, bdata::make(kStoreKinds),
                     kind) {
  StoreUnderTest store(kind);
  for (uint64_t n = 0; n < 50; ++n) must(store->put(bucket(n % 3), gid(n), kT0 + n, payload(n, 50)));
  must(store->remove(bucket(1), gid(1000), kT0));
  must(store->delete_bucket(bucket(1)));
  BOOST_TEST(store->bucket_info(bucket(1)).status().code() == StatusCode::kNotFound);
  BOOST_TEST(must(store->list_entries(bucket(1))).empty());
  BOOST_TEST(store->get(bucket(1), gid(1)).status().code() == StatusCode::kNotFound);
  BOOST_TEST(must(store->list_entries(bucket(0))).size() == 17u);
  BOOST_TEST(must(store->list_entries(bucket(2))).size() == 16u);
  BOOST_TEST(store->document_count() == 33u);
  BOOST_TEST(store->bucket_count() == 2u);
  must(store->delete_bucket(bucket(1)));  // already gone: OK
}

BOOST_DATA_TEST_CASE(ready_and_active_flags_are_kept_per_bucket, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  must(store->put(bucket(1), gid(1), kT0, "x"));
  must(store->put(bucket(2), gid(1), kT0, "x"));
  BOOST_TEST(!info_of(*store, bucket(1)).ready);
  must(store->set_bucket_ready(bucket(1), true));
  must(store->set_bucket_active(bucket(1), true));
  must(store->set_bucket_active(bucket(2), true));
  BOOST_TEST(info_of(*store, bucket(1)).ready);
  BOOST_TEST(info_of(*store, bucket(1)).active);
  BOOST_TEST(!info_of(*store, bucket(2)).ready);
  BOOST_TEST(info_of(*store, bucket(2)).active);
  must(store->set_bucket_active(bucket(1), false));
  BOOST_TEST(!info_of(*store, bucket(1)).active);
  BOOST_TEST(info_of(*store, bucket(1)).ready);
  must(store->put(bucket(1), gid(2), kT0, "y"));  // writes keep the flags
  BOOST_TEST(info_of(*store, bucket(1)).ready);
  BOOST_TEST(info_of(*store, bucket(1)).doc_count == 2u);
}

BOOST_DATA_TEST_CASE(visit_ready_documents_streams_live_documents_of_ready_buckets_only,
                     bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  must(store->put(bucket(1), gid(2), kT0 + 2, "b"));
  must(store->put(bucket(1), gid(1), kT0 + 1, "a"));
  must(store->remove(bucket(1), gid(3), kT0 + 3));
  must(store->put(bucket(2), gid(1), kT0, "not ready"));
  must(store->put(bucket(3), gid(9), kT0 + 9, payload(9, 4000)));
  must(store->set_bucket_ready(bucket(1), true));
  must(store->set_bucket_ready(bucket(3), true));
  Collector all;
  must(store->visit_ready_documents(all));
  std::vector<DocumentEntry> expected{{gid(1), kT0 + 1, false, "a"},
                                      {gid(2), kT0 + 2, false, "b"},
                                      {gid(9), kT0 + 9, false, payload(9, 4000)}};
  BOOST_TEST((all.seen == expected));
  BOOST_TEST((all.buckets == std::vector<BucketId>{bucket(1), bucket(1), bucket(3)}));
  Collector one;
  must(store->visit_bucket(bucket(2), one));
  BOOST_TEST(one.seen.size() == 1u);
  BOOST_TEST(one.seen[0].payload == "not ready");
}

BOOST_DATA_TEST_CASE(a_visitor_error_stops_the_visit, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  for (uint64_t n = 0; n < 5; ++n) must(store->put(bucket(1), gid(n), kT0, "x"));
  struct StopAtTwo : DocumentVisitor {
    int calls = 0;
    Status visit(const DocumentView&) override {
      return ++calls == 2 ? Status::DeadlineExceeded("enough") : Status::Ok();
    }
  } visitor;
  BOOST_TEST(store->visit_bucket(bucket(1), visitor).code() == StatusCode::kDeadlineExceeded);
  BOOST_TEST(visitor.calls == 2);
}

BOOST_DATA_TEST_CASE(totals_count_live_documents_and_buckets, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(store->document_count() == 0u);
  must(store->put(bucket(1), gid(1), kT0, "x"));
  must(store->put(bucket(1), gid(2), kT0, "x"));
  must(store->put(bucket(2), gid(1), kT0, "x"));
  must(store->remove(bucket(1), gid(2), kT0 + 1));
  must(store->remove(bucket(3), gid(1), kT0 + 1));
  BOOST_TEST(store->document_count() == 2u);
  BOOST_TEST(store->bucket_count() == 3u);
}

BOOST_DATA_TEST_CASE(config_generation_is_kept, bdata::make(kStoreKinds), kind) {
  StoreUnderTest store(kind);
  BOOST_TEST(must(store->config_generation()) == 0u);
  must(store->set_config_generation(42));
  BOOST_TEST(must(store->config_generation()) == 42u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::store::testing
