// Conformance of the two ContentService implementations over a real ContentNode (STYLE habit 7):
// rpc::ThriftContentClient to a ContentServer on 127.0.0.1, and content::LocalContentService,
// the in-process twin. Every case runs once per kind against a fresh one-node music cluster and
// expects the same answers, so the two cannot drift apart. Covered: the bucket-maintenance calls
// (list with and without a filter, entries, fetch, apply, set states, delete), gids of the wrong
// length, a call past its deadline, and ReplicaWrite.new_bucket. The blocking client is checked
// against the asynchronous one at the end.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "content/distributor/distributor.h"
#include "content/node/content_node.h"
#include "content/rpc/call_limit.h"
#include "content/rpc/local_content_service.h"
#include "content/rpc/node_service.h"
#include "content/rpc/protocol_convert.h"
#include "content/server/content_server.h"
#include "content/store/bucket_accounting.h"
#include "services/distribution/document_id.h"
#include "services/rpc/blocking_content_client.h"
#include "services/rpc/thrift_content_client.h"
#include "tests/system/system_test_support.h"
#include "tests/unit/content/node/node_test_support.h"

namespace grove::content {
namespace {

using namespace std::chrono_literals;
namespace bdata = boost::unit_test::data;

const std::vector<std::string> kKinds = {"thrift", "local"};
constexpr int64_t kT0 = 1'700'000'000'000'000;

template <typename T>
T must(Result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return std::move(r).value();
}

// One content node (a one-node music cluster: every bucket's only replica, so ideally ready and
// active) and the ContentService of `kind` over its NodeService. The distributor has no bucket
// maintenance, so nothing but the test changes the buckets.
class ServiceUnderTest {
 public:
  explicit ServiceUnderTest(const std::string& kind) : package_(testing::flat_cluster(1, 1, 1)) {
    node_ = testing::open_node(testing::node_options(package_, 0), metrics_);
    distributor_ = std::make_unique<Distributor>(*node_, nullptr, metrics_);
    node_service_ = std::make_unique<NodeService>(*node_, *distributor_, SystemClock::instance());
    if (kind == "local") {
      service_ = std::make_unique<LocalContentService>(*node_service_, pool_.get_executor(), "local:0");
      return;
    }
    port_ = grove::testing::free_port();
    server_ = std::make_unique<ContentServer>(ServerOptions{.port = port_}, *node_service_);
    Status started = server_->start();
    BOOST_REQUIRE_MESSAGE(started.ok(), started.to_string());
    io_thread_ = std::thread([this] { io_.run(); });
    service_ = std::make_unique<rpc::ThriftContentClient>(io_, "127.0.0.1", port_);
  }

  // Clients first, then the server, the executors, the distributor and the node.
  ~ServiceUnderTest() {
    service_->shutdown();
    service_.reset();
    work_.reset();
    if (io_thread_.joinable()) io_thread_.join();
    if (server_) server_->stop();
    pool_.join();
    distributor_->stop();
    node_->close();
  }

  protocol::ContentService& service() { return *service_; }
  ContentNode& node() { return *node_; }
  uint16_t port() const { return port_; }

  // Runs `start(deadline, done)` and waits for its reply (bounded: 10 s).
  template <typename Reply, typename Start>
  Result<Reply> wait_for(Start start, Deadline deadline = Deadline::after(SystemClock::instance(), 10s)) {
    auto promise = std::make_shared<std::promise<Result<Reply>>>();
    auto future = promise->get_future();
    start(deadline, [promise](Result<Reply> r) { promise->set_value(std::move(r)); });
    BOOST_REQUIRE(future.wait_for(10s) == std::future_status::ready);
    return future.get();
  }

  Result<protocol::ListBucketsReply> list(protocol::ListBucketsRequest request) {
    return wait_for<protocol::ListBucketsReply>(
        [&](Deadline d, auto done) { service().list_buckets(request, d, std::move(done)); });
  }
  Result<protocol::BucketEntriesReply> entries(protocol::BucketEntriesRequest request) {
    return wait_for<protocol::BucketEntriesReply>(
        [&](Deadline d, auto done) { service().bucket_entries(request, d, std::move(done)); });
  }
  Result<protocol::FetchEntriesReply> fetch(protocol::FetchEntriesRequest request) {
    return wait_for<protocol::FetchEntriesReply>(
        [&](Deadline d, auto done) { service().fetch_entries(request, d, std::move(done)); });
  }
  Result<protocol::ApplyEntriesReply> apply(protocol::ApplyEntriesRequest request) {
    return wait_for<protocol::ApplyEntriesReply>(
        [&](Deadline d, auto done) { service().apply_entries(std::move(request), d, std::move(done)); });
  }
  Result<protocol::SetBucketStatesReply> set_states(protocol::SetBucketStatesRequest request) {
    return wait_for<protocol::SetBucketStatesReply>(
        [&](Deadline d, auto done) { service().set_bucket_states(request, d, std::move(done)); });
  }
  Result<protocol::DeleteBucketsReply> remove(protocol::DeleteBucketsRequest request,
                                              Deadline deadline = Deadline::after(SystemClock::instance(), 10s)) {
    return wait_for<protocol::DeleteBucketsReply>(
        [&](Deadline d, auto done) { service().delete_buckets(request, d, std::move(done)); }, deadline);
  }
  Result<protocol::WriteBatchReply> write(protocol::WriteBatchRequest request) {
    return wait_for<protocol::WriteBatchReply>(
        [&](Deadline d, auto done) { service().write_batch(std::move(request), d, std::move(done)); });
  }

 private:
  testing::TestPackage package_;
  MetricRegistry metrics_;
  std::unique_ptr<ContentNode> node_;
  std::unique_ptr<Distributor> distributor_;
  std::unique_ptr<NodeService> node_service_;
  boost::asio::thread_pool pool_{2};  // the local service's executor
  boost::asio::io_context io_;        // the Thrift client's, run by io_thread_
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{io_.get_executor()};
  std::thread io_thread_;
  uint16_t port_ = 0;
  std::unique_ptr<ContentServer> server_;
  std::unique_ptr<protocol::ContentService> service_;
};

// A stored entry as the test wrote it: a music document with location n (so documents with one
// n share a bucket), or a tombstone of such an id.
struct Doc {
  std::string id;
  distribution::Gid gid;
  uint64_t bucket = 0;
  protocol::BucketEntry entry;
};

Doc doc(ServiceUnderTest& f, int n, const std::string& name, int64_t timestamp, bool tombstone = false) {
  Doc d;
  d.id = "id:music:music:n=" + std::to_string(n) + ":" + name;
  d.gid = must(distribution::DocumentId::parse(d.id)).gid();
  d.bucket = f.node().bucket_of(d.gid).raw();
  d.entry = {gid_bytes(d.gid), timestamp, tombstone,
             tombstone ? std::string() : testing::encode(f.node(), d.id, R"({"title":")" + name + R"("})")};
  return d;
}

// What the suite stores: bucket A (n=7) with two documents and a tombstone, bucket B (n=8)
// with one document, and a bucket id no node holds.
struct Seeded {
  Doc a1, a2, a_removed, b1;
  uint64_t a = 0, b = 0;
  uint64_t missing = 0;
};

Seeded seed(ServiceUnderTest& f) {
  Seeded s{doc(f, 7, "a1", kT0 + 1), doc(f, 7, "a2", kT0 + 2), doc(f, 7, "gone", kT0 + 3, true),
           doc(f, 8, "b1", kT0 + 4)};
  s.a = s.a1.bucket;
  s.b = s.b1.bucket;
  s.missing = doc(f, 9, "nobody", kT0).bucket;
  BOOST_REQUIRE(s.a2.bucket == s.a && s.a_removed.bucket == s.a && s.b != s.a && s.missing != s.a);
  auto applied = must(f.apply({{{s.a, {s.a1.entry, s.a2.entry, s.a_removed.entry}}, {s.b, {s.b1.entry}}}}));
  BOOST_REQUIRE(applied.applied == 4);
  return s;
}

// The info a bucket of these documents has, not ready and not active (as apply creates it here:
// the node is an ideal ready replica, so created buckets are ready).
protocol::BucketInfo info_of(uint64_t bucket, const std::vector<const Doc*>& docs) {
  protocol::BucketInfo info{.bucket = bucket};
  uint64_t checksum = 0;
  for (const Doc* d : docs) {
    checksum ^= store::entry_checksum(d->gid, static_cast<uint64_t>(d->entry.timestamp));
    if (d->entry.tombstone) {
      ++info.tombstone_count;
    } else {
      ++info.document_count;
      info.total_bytes += static_cast<int64_t>(d->entry.document.size());
    }
  }
  info.checksum = static_cast<int64_t>(checksum);
  info.ready = true;
  return info;
}

protocol::BucketEntryMeta meta_of(const Doc& d) { return {d.entry.gid, d.entry.timestamp, d.entry.tombstone}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(content_service_conformance)

BOOST_DATA_TEST_CASE(list_buckets_answers_every_bucket_or_only_those_asked, bdata::make(kKinds), kind) {
  ServiceUnderTest f(kind);
  BOOST_TEST(must(f.list({})).buckets.empty());
  Seeded s = seed(f);
  protocol::BucketInfo a = info_of(s.a, {&s.a1, &s.a2, &s.a_removed});
  protocol::BucketInfo b = info_of(s.b, {&s.b1});
  std::vector<protocol::BucketInfo> both = s.a < s.b ? std::vector{a, b} : std::vector{b, a};
  BOOST_TEST((must(f.list({})).buckets == both));
  // Filtered: in bucket id order whatever the order asked, once each, the missing one left out.
  BOOST_TEST((must(f.list({{s.b, s.missing, s.a, s.b}})).buckets == both));
  BOOST_TEST((must(f.list({{s.a}})).buckets == std::vector{a}));
  BOOST_TEST(must(f.list({{s.missing}})).buckets.empty());
}

BOOST_DATA_TEST_CASE(bucket_entries_answer_a_held_bucket_in_gid_order_and_a_missing_one_empty,
                     bdata::make(kKinds), kind) {
  ServiceUnderTest f(kind);
  Seeded s = seed(f);
  std::vector<const Doc*> in_a = {&s.a1, &s.a2, &s.a_removed};
  std::sort(in_a.begin(), in_a.end(), [](const Doc* x, const Doc* y) { return x->gid < y->gid; });
  protocol::BucketEntriesReply reply = must(f.entries({{s.missing, s.a}}));
  BOOST_REQUIRE(reply.buckets.size() == 2u);
  BOOST_TEST(reply.buckets[0].bucket == s.missing);
  BOOST_TEST(reply.buckets[0].entries.empty());
  BOOST_TEST(reply.buckets[1].bucket == s.a);
  BOOST_TEST((reply.buckets[1].entries == std::vector{meta_of(*in_a[0]), meta_of(*in_a[1]), meta_of(*in_a[2])}));
}

BOOST_DATA_TEST_CASE(fetch_entries_returns_stored_gids_in_the_order_asked_and_leaves_out_absent_ones,
                     bdata::make(kKinds), kind) {
  ServiceUnderTest f(kind);
  Seeded s = seed(f);
  const std::string absent = gid_bytes(doc(f, 7, "never-stored", kT0).gid);
  protocol::FetchEntriesReply reply =
      must(f.fetch({{{s.a, {s.a2.entry.gid, absent, s.a_removed.entry.gid, s.a1.entry.gid}},
                     {s.missing, {s.b1.entry.gid}},
                     {s.b, {s.b1.entry.gid}}}}));
  protocol::FetchEntriesReply expected{{{s.a, {s.a2.entry, s.a_removed.entry, s.a1.entry}},
                                        {s.missing, {}},
                                        {s.b, {s.b1.entry}}}};
  BOOST_TEST((reply == expected));
}

BOOST_DATA_TEST_CASE(applied_entries_create_a_bucket_that_is_listed_with_its_count, bdata::make(kKinds), kind) {
  ServiceUnderTest f(kind);
  Doc c1 = doc(f, 11, "c1", kT0 + 10), c2 = doc(f, 11, "c2", kT0 + 11);
  protocol::ApplyEntriesReply reply = must(f.apply({{{c1.bucket, {c1.entry, c2.entry}}}}));
  protocol::BucketInfo c = info_of(c1.bucket, {&c1, &c2});
  BOOST_TEST(reply.applied == 2);
  BOOST_TEST((reply.buckets == std::vector{c}));  // ready (an ideal searchable copy), not active yet
  BOOST_TEST((must(f.list({{c1.bucket}})).buckets == std::vector{c}));
  // The same entries again change nothing (last writer wins; equal timestamps keep what is
  // stored), and a bucket asked with no entries is answered with only its id.
  uint64_t empty = doc(f, 12, "none", kT0).bucket;
  reply = must(f.apply({{{c1.bucket, {c1.entry, c2.entry}}, {empty, {}}}}));
  BOOST_TEST(reply.applied == 0);
  BOOST_TEST((reply.buckets == std::vector{c, protocol::BucketInfo{.bucket = empty}}));
}

BOOST_DATA_TEST_CASE(set_bucket_states_answers_the_new_flags_and_the_list_keeps_them, bdata::make(kKinds), kind) {
  ServiceUnderTest f(kind);
  Seeded s = seed(f);
  uint64_t created = doc(f, 13, "later", kT0).bucket;
  protocol::SetBucketStatesReply reply =
      must(f.set_states({{{s.a, true, true}, {s.b, false, false}, {created, false, true}}}));
  protocol::BucketInfo a = info_of(s.a, {&s.a1, &s.a2, &s.a_removed});
  protocol::BucketInfo b = info_of(s.b, {&s.b1});
  a.active = true;
  b.ready = false;
  // A bucket the node did not hold is created, empty; active implies ready.
  protocol::BucketInfo c{.bucket = created, .ready = true, .active = true};
  BOOST_TEST((reply.buckets == std::vector{a, b, c}));
  std::vector<protocol::BucketInfo> listed = must(f.list({{s.a, s.b, created}})).buckets;
  std::vector<protocol::BucketInfo> sorted = reply.buckets;
  std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) { return x.bucket < y.bucket; });
  BOOST_TEST((listed == sorted));
}

BOOST_DATA_TEST_CASE(deleted_buckets_are_gone_and_their_live_documents_counted, bdata::make(kKinds), kind) {
  ServiceUnderTest f(kind);
  Seeded s = seed(f);
  protocol::DeleteBucketsReply reply = must(f.remove({{s.a, s.missing}}));
  BOOST_TEST(reply.documents == 2);  // a1 and a2; the tombstone is no document
  BOOST_TEST((must(f.list({})).buckets == std::vector{info_of(s.b, {&s.b1})}));
  BOOST_TEST(must(f.entries({{s.a}})).buckets.at(0).entries.empty());
  BOOST_TEST(must(f.remove({{s.a}})).documents == 0);  // already gone: no error
}

BOOST_DATA_TEST_CASE(a_gid_that_is_not_twelve_bytes_is_refused_naming_the_bucket_and_nothing_is_applied,
                     bdata::make(kKinds), kind) {
  ServiceUnderTest f(kind);
  Seeded s = seed(f);
  const std::string bucket_hex = distribution::BucketId(s.b).to_hex();
  auto fetched = f.fetch({{{s.a, {s.a1.entry.gid}}, {s.b, {"short"}}}});
  BOOST_TEST(fetched.status().code() == StatusCode::kInvalidArgument);
  BOOST_CHECK_MESSAGE(fetched.status().message().find(bucket_hex) != std::string::npos, fetched.status().message());

  Doc c1 = doc(f, 11, "c1", kT0 + 10);
  protocol::BucketEntry bad = s.b1.entry;
  bad.gid += "x";
  auto applied = f.apply({{{c1.bucket, {c1.entry}}, {s.b, {bad}}}});
  BOOST_TEST(applied.status().code() == StatusCode::kInvalidArgument);
  BOOST_CHECK_MESSAGE(applied.status().message().find(bucket_hex) != std::string::npos, applied.status().message());
  BOOST_TEST(must(f.list({{c1.bucket}})).buckets.empty());  // checked before anything was applied
}

BOOST_DATA_TEST_CASE(a_delete_past_its_deadline_is_refused_and_not_executed, bdata::make(kKinds), kind) {
  ServiceUnderTest f(kind);
  Seeded s = seed(f);
  auto reply = f.remove({{s.a}}, Deadline::after(SystemClock::instance(), -1ms));
  BOOST_TEST(reply.status().code() == StatusCode::kDeadlineExceeded);
  BOOST_TEST(must(f.list({{s.a}})).buckets.size() == 1u);
}

BOOST_DATA_TEST_CASE(a_replica_write_for_a_new_bucket_gives_it_its_ideal_role, bdata::make(kKinds), kind) {
  ServiceUnderTest f(kind);
  Doc fresh = doc(f, 21, "fresh", kT0 + 1), known = doc(f, 22, "known", kT0 + 2);
  auto written = must(f.write({{{fresh.id, kT0 + 1, false, fresh.entry.document, true},
                                {known.id, kT0 + 2, false, known.entry.document, false}}}));
  BOOST_REQUIRE(written.results.size() == 2u);
  BOOST_TEST((written.results[0].applied && written.results[1].applied));
  protocol::BucketInfo with_role = info_of(fresh.bucket, {&fresh});
  with_role.active = true;  // the only node is its group's active replica
  protocol::BucketInfo without = info_of(known.bucket, {&known});  // ready, active once maintenance says
  BOOST_TEST((must(f.list({{fresh.bucket}})).buckets == std::vector{with_role}));
  BOOST_TEST((must(f.list({{known.bucket}})).buckets == std::vector{without}));
}

BOOST_DATA_TEST_CASE(ping_reports_the_node_layout_and_no_maintenance_without_a_maintainer, bdata::make(kKinds), kind) {
  ServiceUnderTest f(kind);
  auto ping = must(f.wait_for<protocol::PingReply>(
      [&](Deadline d, auto done) { f.service().ping({}, d, std::move(done)); }));
  BOOST_TEST(ping.layout_id != 0u);
  BOOST_TEST(ping.layout_id == f.node().layout_id());
  BOOST_TEST(ping.previous_layout_id == 0u);
  BOOST_TEST((ping.maintenance == protocol::MaintenanceReport{}));
}

BOOST_AUTO_TEST_CASE(the_blocking_client_answers_every_bucket_call_as_the_asynchronous_one) {
  ServiceUnderTest f("thrift");
  Seeded s = seed(f);
  auto blocking = must(rpc::BlockingContentClient::connect("127.0.0.1", f.port()));
  const auto timeout = 10000ms;
  BOOST_TEST((must(blocking->list_buckets({{s.b, s.a}}, timeout)) == must(f.list({{s.a, s.b}}))));
  BOOST_TEST((must(blocking->bucket_entries({{s.a, s.missing}}, timeout)) == must(f.entries({{s.a, s.missing}}))));
  protocol::FetchEntriesRequest fetch{{{s.a, {s.a1.entry.gid, s.a_removed.entry.gid}}}};
  BOOST_TEST((must(blocking->fetch_entries(fetch, timeout)) == must(f.fetch(fetch))));

  Doc c1 = doc(f, 11, "c1", kT0 + 10);
  protocol::ApplyEntriesReply applied = must(blocking->apply_entries({{{c1.bucket, {c1.entry}}}}, timeout));
  BOOST_TEST(applied.applied == 1);
  BOOST_TEST((applied.buckets == must(f.list({{c1.bucket}})).buckets));
  protocol::SetBucketStatesReply states = must(blocking->set_bucket_states({{{c1.bucket, true, true}}}, timeout));
  BOOST_TEST((states.buckets == must(f.list({{c1.bucket}})).buckets));
  BOOST_TEST(states.buckets.at(0).active);
  BOOST_TEST(must(blocking->delete_buckets({{c1.bucket, s.b}}, timeout)).documents == 2);
  BOOST_TEST((must(f.list({})).buckets == std::vector{info_of(s.a, {&s.a1, &s.a2, &s.a_removed})}));
}

BOOST_AUTO_TEST_SUITE_END()

// The node's merge throttle counts calls in flight against a limit read at each call.
BOOST_AUTO_TEST_SUITE(call_limit)

BOOST_AUTO_TEST_CASE(slots_are_refused_at_the_limit_and_given_back_when_they_go) {
  CallLimit limit;
  {
    std::optional<CallLimit::Slot> first = limit.try_enter(2);
    std::optional<CallLimit::Slot> second = limit.try_enter(2);
    BOOST_TEST((first.has_value() && second.has_value()));
    BOOST_TEST(!limit.try_enter(2).has_value());
    BOOST_TEST(limit.in_flight() == 2u);
    BOOST_TEST(limit.try_enter(3).has_value());  // a raised limit admits one more at once
    BOOST_TEST(limit.in_flight() == 2u);         // and that slot went at the end of the statement
    std::optional<CallLimit::Slot> moved = std::move(first);
    first.reset();  // a moved-from slot gives nothing back
    BOOST_TEST(limit.in_flight() == 2u);
  }
  BOOST_TEST(limit.in_flight() == 0u);
  BOOST_TEST(!limit.try_enter(0).has_value());
}

BOOST_AUTO_TEST_CASE(concurrent_callers_never_hold_more_than_the_limit) {
  CallLimit limit;
  std::atomic<size_t> most{0}, admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        if (auto slot = limit.try_enter(3)) {
          admitted.fetch_add(1);
          size_t now = limit.in_flight();
          size_t seen = most.load();
          while (now > seen && !most.compare_exchange_weak(seen, now)) {
          }
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  BOOST_TEST(most.load() <= 3u);
  BOOST_TEST(admitted.load() > 0u);
  BOOST_TEST(limit.in_flight() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
