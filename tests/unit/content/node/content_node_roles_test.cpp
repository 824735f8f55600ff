// A content node with a placement indexes only the buckets it is a ready replica of and
// searches only those it is the active replica of (DESIGN §4); without one it indexes and
// searches everything, as a single replica store. A bucket's role is stored with it: a write
// that creates it as new gives it its ideal role, a merge ready but not active, and the
// distributor changes it (set_bucket_states).

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include "content/node/content_node.h"
#include "tests/unit/content/node/node_test_support.h"

namespace grove::content {
namespace {

using namespace std::chrono_literals;
using testing::TestPackage;

constexpr int kDocs = 40;

struct Expected {
  uint64_t active = 0, indexed = 0;
};

// What node `key` should index and search of doc_id(0..kDocs-1) under its placement.
Expected expected(const ContentNode& node) {
  Expected e;
  for (int i = 0; i < kDocs; ++i) {
    auto id = distribution::DocumentId::parse(testing::doc_id(i)).value();
    ReplicaRole role = node.ideal_role(node.bucket_of(id.gid()));
    e.indexed += role.ready ? 1 : 0;
    e.active += role.active ? 1 : 0;
  }
  return e;
}

void feed(ContentNode& node) {
  for (int i = 0; i < kDocs; ++i) {
    std::string bytes = testing::encode(node, testing::doc_id(i),
                                        fmt::format(R"({{"title": "song {}", "year": {}}})", i, 1990 + i));
    auto put = node.put(testing::doc_id(i), 1000 + i, std::move(bytes), Deadline::after(SystemClock::instance(), 5s));
    BOOST_REQUIRE_MESSAGE(put.ok(), put.status().to_string());
  }
}

uint64_t searchable(const ContentNode& node) {
  search::SearchRequest request;
  request.query = search::QueryTree::from(search::QueryExpr::all());
  auto result = node.search("music", request);
  BOOST_REQUIRE_MESSAGE(result.ok(), result.status().to_string());
  return result->result.total_hits;
}

uint64_t stats_total(const ContentNode& node) {
  auto stats = node.term_stats("music", search::QueryTree::from(search::QueryExpr::term("title", "song")));
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(stats->terms.size() == 1u);
  BOOST_TEST(stats->terms[0].doc_freq == stats->total_docs);  // every document has "song"
  return stats->total_docs;
}

void check_counts(const ContentNode& node, Expected want) {
  NodeCounts counts = node.counts();
  BOOST_TEST(counts.total_documents == static_cast<uint64_t>(kDocs));
  BOOST_TEST(counts.indexed_documents == want.indexed);
  BOOST_TEST(counts.active_documents == want.active);
  BOOST_TEST(searchable(node) == want.active);
  BOOST_TEST(stats_total(node) == want.active);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(content_node_roles)

BOOST_AUTO_TEST_CASE(without_nodes_a_node_of_a_larger_cluster_indexes_and_searches_everything) {
  TestPackage package(testing::flat_cluster(2, 2, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0), metrics);
  BOOST_TEST(node->placement() == nullptr);
  feed(*node);
  check_counts(*node, Expected{kDocs, kDocs});
}

BOOST_AUTO_TEST_CASE(a_one_node_cluster_places_without_nodes_and_holds_everything) {
  TestPackage package(testing::flat_cluster(1, 1, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0), metrics);
  BOOST_REQUIRE(node->placement() != nullptr);
  BOOST_TEST(node->placement()->at(distribution::BucketId::from_bits(16, 7)).owner == 0);
  feed(*node);
  check_counts(*node, Expected{kDocs, kDocs});
}

BOOST_AUTO_TEST_CASE(nodes_must_name_exactly_the_nodes_of_the_cluster) {
  TestPackage package(testing::flat_cluster(2, 2, 1));
  MetricRegistry metrics;
  auto extra = ContentNode::open(testing::node_options(package, 0, testing::endpoints(3)), metrics);
  BOOST_TEST(extra.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(extra.status().message().find("names node 2") != std::string::npos, extra.status().message());
  auto missing = ContentNode::open(testing::node_options(package, 0, testing::endpoints(1)), metrics);
  BOOST_TEST(missing.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(missing.status().message().find("lacks node 1") != std::string::npos, missing.status().message());
  auto stranger = ContentNode::open(testing::node_options(package, 5, testing::endpoints(2)), metrics);
  BOOST_TEST(stranger.status().message().find("key 5 is not a node") != std::string::npos,
             stranger.status().message());
}

BOOST_AUTO_TEST_CASE(ready_replicas_are_indexed_and_only_the_active_one_is_searched) {
  TestPackage package(testing::flat_cluster(2, 2, 2));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0, testing::endpoints(2)), metrics);
  feed(*node);
  Expected want = expected(*node);
  BOOST_TEST(want.indexed == static_cast<uint64_t>(kDocs));  // a replica of every bucket
  BOOST_TEST(want.active > 0u);
  BOOST_TEST(want.active < static_cast<uint64_t>(kDocs));
  check_counts(*node, want);
}

BOOST_AUTO_TEST_CASE(a_replica_that_is_not_ready_stores_without_indexing) {
  TestPackage package(testing::flat_cluster(2, 2, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 1, testing::endpoints(2)), metrics);
  feed(*node);
  Expected want = expected(*node);
  BOOST_TEST(want.indexed == want.active);
  BOOST_TEST(want.indexed < static_cast<uint64_t>(kDocs));
  check_counts(*node, want);
  for (int i = 0; i < kDocs; ++i) BOOST_TEST_REQUIRE(node->get(testing::doc_id(i))->found);
}

BOOST_AUTO_TEST_CASE(a_node_that_is_not_an_ideal_replica_stores_without_indexing) {
  TestPackage package(testing::grouped_cluster());
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 2, testing::endpoints(4)), metrics);
  feed(*node);
  Expected want = expected(*node);
  BOOST_TEST(want.indexed == want.active);  // one ready copy per group: it is the active one
  BOOST_TEST(want.indexed > 0u);
  BOOST_TEST(want.indexed < static_cast<uint64_t>(kDocs));
  check_counts(*node, want);
}

BOOST_AUTO_TEST_CASE(the_index_rebuilt_at_start_up_follows_the_roles) {
  TestPackage package(testing::flat_cluster(2, 2, 2));
  MetricRegistry metrics;
  NodeOptions options = testing::node_options(package, 1, testing::endpoints(2));
  Expected want;
  {
    auto node = testing::open_node(options, metrics);
    feed(*node);
    want = expected(*node);
    node->close();
  }
  MetricRegistry fresh;
  auto reopened = testing::open_node(options, fresh);
  check_counts(*reopened, want);
}

BOOST_AUTO_TEST_CASE(merged_entries_are_indexed_by_the_role_of_their_bucket_and_wait_for_activation) {
  TestPackage package(testing::flat_cluster(2, 2, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0, testing::endpoints(2)), metrics);
  uint64_t ready = 0;
  std::vector<ContentNode::BucketRoleChange> activate;
  for (int i = 0; i < kDocs; ++i) {
    auto id = distribution::DocumentId::parse(testing::doc_id(i)).value();
    store::DocumentEntry entry{id.gid(), 500u + i, false, testing::encode(*node, id.str(), R"({"title": "song"})")};
    const distribution::BucketId bucket = node->bucket_of(id.gid());
    BOOST_REQUIRE(node->apply_bucket_entries(bucket, {entry}).ok());
    if (node->ideal_role(bucket).ready) {
      ++ready;
      activate.push_back({bucket, ReplicaRole{true, true}});
    }
  }
  BOOST_TEST(ready > 0u);
  BOOST_TEST(node->counts().indexed_documents == ready);
  BOOST_TEST(searchable(*node) == 0u);  // a merged bucket is searched once it is activated
  BOOST_REQUIRE(node->set_bucket_states(activate).ok());
  BOOST_TEST(searchable(*node) == ready);
  BOOST_TEST(stats_total(*node) == ready);
}

BOOST_AUTO_TEST_CASE(set_bucket_states_indexes_activates_and_drops_and_the_roles_survive_a_restart) {
  TestPackage package(testing::flat_cluster(2, 2, 2));
  MetricRegistry metrics;
  NodeOptions options = testing::node_options(package, 0, testing::endpoints(2));
  std::vector<distribution::BucketId> buckets;
  {
    auto node = testing::open_node(options, metrics);
    feed(*node);
    auto listed = node->list_buckets();
    BOOST_REQUIRE(listed.ok());
    std::vector<ContentNode::BucketRoleChange> all_active, none;
    for (const auto& b : *listed) {
      buckets.push_back(b.bucket);
      all_active.push_back({b.bucket, ReplicaRole{false, true}});  // active implies indexed
      none.push_back({b.bucket, ReplicaRole{false, false}});
    }
    BOOST_REQUIRE(node->set_bucket_states(all_active).ok());
    check_counts(*node, Expected{kDocs, kDocs});
    BOOST_REQUIRE(node->set_bucket_states(none).ok());
    check_counts(*node, Expected{0, 0});
    BOOST_REQUIRE(node->set_bucket_states(all_active).ok());
    node->close();
  }
  MetricRegistry fresh;
  auto reopened = testing::open_node(options, fresh);
  check_counts(*reopened, Expected{kDocs, kDocs});
  auto infos = reopened->bucket_infos(buckets);
  BOOST_REQUIRE(infos.ok());
  BOOST_TEST(infos->size() == buckets.size());
  for (const auto& b : *infos) BOOST_TEST(b.info.active);
  // Deleting drops the documents from store and index.
  uint64_t dropped = 0;
  for (auto b : buckets) dropped += reopened->delete_bucket(b).value();
  BOOST_TEST(dropped == static_cast<uint64_t>(kDocs));
  BOOST_TEST(reopened->counts().total_documents == 0u);
  BOOST_TEST(searchable(*reopened) == 0u);
  BOOST_TEST(reopened->delete_bucket(buckets.front()).value() == 0u);  // gone: not an error
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
