// ContentNode::write_batch: a distributor's batch of replica writes in one store batch and one
// indexing task. Every valid write is stored and searchable when the call returns; a bad write
// fails alone; last writer wins per write, in order within the batch.

#include <fmt/format.h>
#include <boost/test/unit_test.hpp>

#include "content/node/content_node.h"
#include "tests/unit/content/node/node_test_support.h"

namespace grove::content {
namespace {

using namespace std::chrono_literals;
using testing::TestPackage;

Deadline soon() {
  return Deadline::after(SystemClock::instance(), 5s);
}

// One node that is the only replica of everything; its writes come as from a distributor that
// knows no other replica of their buckets (new_bucket), so each bucket is created active.
struct Fixture {
  Fixture() : package(testing::flat_cluster(1, 1, 1)) {
    node = testing::open_node(testing::node_options(package, 0), metrics);
  }
  ReplicaWrite put(int i, uint64_t timestamp, int year) const {
    const std::string id = testing::doc_id(i);
    return ReplicaWrite{
        id, timestamp, false,
        testing::encode(*node, id, fmt::format(R"({{"title": "song {}", "year": {}}})", i, year)), true};
  }
  static ReplicaWrite remove(int i, uint64_t timestamp) {
    return ReplicaWrite{testing::doc_id(i), timestamp, true, {}, true};
  }
  // Documents whose title has `term`.
  uint64_t hits(const std::string& term) const {
    search::SearchRequest request;
    request.query = search::QueryTree::from(search::QueryExpr::term("title", term));
    auto result = node->search("music", request);
    BOOST_REQUIRE_MESSAGE(result.ok(), result.status().to_string());
    return result->result.total_hits;
  }
  int year(int i) const {
    auto doc =
        node->get_document(distribution::DocumentId::parse(testing::doc_id(i)).value()).value();
    if (!doc) return -1;
    return doc->document.get("year")->as_int();
  }

  TestPackage package;
  MetricRegistry metrics;
  std::unique_ptr<ContentNode> node;
};

bool applied(const Result<bool>& r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return *r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(content_node_batch)

BOOST_AUTO_TEST_CASE(every_valid_write_is_stored_and_searchable_and_a_bad_one_fails_alone) {
  Fixture f;
  std::vector<ReplicaWrite> writes;
  writes.push_back(f.put(0, 10, 2000));
  writes.push_back(f.put(1, 11, 2001));
  writes.push_back(ReplicaWrite{testing::doc_id(2), 12, false, "not a document"});
  writes.push_back(ReplicaWrite{"id:music:nosuchtype::x", 13, true, {}});
  writes.push_back(ReplicaWrite{testing::doc_id(3), 0, true, {}});  // timestamp 0
  writes.push_back(f.put(4, 14, 2004));
  auto r = f.node->write_batch(std::move(writes), soon());
  BOOST_REQUIRE_EQUAL(r.size(), 6u);
  BOOST_TEST(applied(r[0]));
  BOOST_TEST(applied(r[1]));
  BOOST_TEST(r[2].status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(r[3].status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(r[4].status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(applied(r[5]));
  BOOST_TEST(f.hits("song") == 3u);
  BOOST_TEST(!f.node->get(testing::doc_id(2))->found);
  BOOST_TEST(f.node->get(testing::doc_id(4))->timestamp == 14u);
}

BOOST_AUTO_TEST_CASE(last_writer_wins_per_write_in_batch_order) {
  Fixture f;
  std::vector<ReplicaWrite> first;
  first.push_back(f.put(0, 100, 1));
  first.push_back(f.put(1, 100, 1));
  BOOST_REQUIRE(applied(f.node->write_batch(std::move(first), soon())[0]));
  std::vector<ReplicaWrite> writes;
  writes.push_back(f.put(0, 50, 2));   // older than what is stored
  writes.push_back(f.put(0, 200, 3));  // newer
  writes.push_back(f.put(0, 300, 4));  // newer still, in the same batch
  writes.push_back(Fixture::remove(1, 150));
  writes.push_back(f.put(1, 120, 5));  // older than the remove before it
  auto r = f.node->write_batch(std::move(writes), soon());
  BOOST_TEST(!applied(r[0]));
  BOOST_TEST(applied(r[1]));
  BOOST_TEST(applied(r[2]));
  BOOST_TEST(applied(r[3]));
  BOOST_TEST(!applied(r[4]));
  BOOST_TEST(f.year(0) == 4);
  BOOST_TEST(f.year(1) == -1);
  BOOST_TEST(f.node->get(testing::doc_id(1))->removed);
  BOOST_TEST(f.hits("song") == 1u);  // document 0 once, document 1 gone
}

BOOST_AUTO_TEST_CASE(a_batch_of_only_bad_writes_stores_nothing) {
  Fixture f;
  std::vector<ReplicaWrite> writes;
  writes.push_back(ReplicaWrite{"not-an-id", 1, true, {}});
  auto r = f.node->write_batch(std::move(writes), soon());
  BOOST_TEST(r[0].status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(f.node->counts().total_documents == 0u);
}

BOOST_AUTO_TEST_CASE(a_write_that_creates_a_bucket_others_hold_leaves_it_unsearched_until_activated) {
  Fixture f;
  ReplicaWrite w = f.put(1, 10, 1990);
  w.new_bucket = false;  // the distributor knows other replicas: activation is maintenance's
  std::vector<ReplicaWrite> writes;
  writes.push_back(std::move(w));
  auto results = f.node->write_batch(std::move(writes), Deadline::after(SystemClock::instance(), 5s));
  BOOST_REQUIRE(results[0].ok());
  BOOST_TEST(f.hits("song") == 0u);
  BOOST_TEST(f.node->counts().indexed_documents == 1u);  // ready: indexed, not searched
  auto id = distribution::DocumentId::parse(testing::doc_id(1)).value();
  BOOST_REQUIRE(f.node->set_bucket_states({{f.node->bucket_of(id.gid()), ReplicaRole{true, true}}}).ok());
  BOOST_TEST(f.hits("song") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
