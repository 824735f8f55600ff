// A content node adopts a new config generation while it serves: a new rank profile and a
// changed one are used by the next query, a new node in the cluster joins the placement once
// the cluster state counts it, and a change that needs re-indexing is refused whole, naming
// the field, with nothing adopted.

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "content/node/content_node.h"
#include "tests/unit/content/node/node_test_support.h"

namespace grove::content {
namespace {

using namespace std::chrono_literals;

void feed(ContentNode& node, int docs) {
  for (int i = 0; i < docs; ++i) {
    std::string bytes = testing::encode(node, testing::doc_id(i),
                                        fmt::format(R"({{"title": "song {}", "year": {}}})", i, 1990 + i));
    auto put = node.put(testing::doc_id(i), 1000 + i, std::move(bytes), Deadline::after(SystemClock::instance(), 5s));
    BOOST_REQUIRE_MESSAGE(put.ok(), put.status().to_string());
  }
}

Result<search::SearchResult> search(const ContentNode& node, const std::string& profile) {
  search::SearchRequest request;
  request.query = search::QueryTree::from(search::QueryExpr::term("title", "song"));
  request.rank_profile = profile;
  auto result = node.search("music", request);
  if (!result.ok()) return result.status();
  return std::move(result->result);
}

// Rewrites the package's schema: `edit` gets the text of music.sd and returns the new one.
template <typename Edit>
void edit_schema(const testing::TestPackage& package, Edit edit) {
  const std::string path = package.app() + "/schemas/music.sd";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string edited = edit(text.str());
  BOOST_REQUIRE(edited != text.str());
  std::ofstream(path, std::ios::trunc) << edited;
}

std::shared_ptr<const config::ApplicationModel> load(const testing::TestPackage& package) {
  auto loaded = config::ApplicationModel::load(package.app());
  BOOST_REQUIRE_MESSAGE(loaded.ok(), loaded.first_error());
  return std::make_shared<const config::ApplicationModel>(std::move(*loaded.model));
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "music.sd has no '" + from + "'");
  return text.replace(at, from.size(), to);
}

struct Share {
  size_t owned = 0, replicas = 0;
};

// How many of the first 1024 buckets node `key` owns and holds a replica of.
Share on_node(const ContentNode& node, uint16_t key) {
  auto table = node.placement();
  Share share;
  for (uint32_t b = 0; b < 1024; ++b) {
    const auto& entry = table->at(distribution::BucketId::from_bits(table->distribution_bits(), b));
    share.owned += entry.owner == key ? 1 : 0;
    for (const auto& replica : entry.replicas) share.replicas += replica.node == key ? 1 : 0;
  }
  return share;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(content_node_reconfigure)

BOOST_AUTO_TEST_CASE(new_and_changed_rank_profiles_serve_the_next_query) {
  testing::TestPackage package(testing::flat_cluster(1, 1, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0), metrics);
  feed(*node, 5);
  auto before = search(*node, "by_year");
  BOOST_TEST(before.status().code() == StatusCode::kInvalidArgument, before.status());

  testing::TestPackage next(testing::flat_cluster(1, 1, 1));
  edit_schema(next, [](std::string sd) {
    sd = replace(sd, "expression: bm25(title) + bm25(artist)\n", "expression: 1000 + bm25(title)\n");
    return replace(sd, "    rank-profile popular",
                   "    rank-profile by_year {\n        first-phase {\n            expression: "
                   "attribute(year)\n        }\n    }\n\n    rank-profile popular");
  });
  auto status = node->reconfigure(load(next));
  BOOST_REQUIRE_MESSAGE(status.ok(), status.to_string());

  auto by_year = search(*node, "by_year");
  BOOST_REQUIRE_MESSAGE(by_year.ok(), by_year.status().to_string());
  BOOST_REQUIRE(by_year->hits.size() == 5u);
  BOOST_TEST(by_year->hits[0].relevance == 1994.0);  // the newest year first
  BOOST_TEST(by_year->hits[4].relevance == 1990.0);
  auto changed = search(*node, "default");
  BOOST_REQUIRE(changed.ok());
  for (const auto& hit : changed->hits) BOOST_TEST(hit.relevance > 1000.0);
}

BOOST_AUTO_TEST_CASE(a_change_that_needs_reindexing_is_refused_and_nothing_is_adopted) {
  testing::TestPackage package(testing::flat_cluster(1, 1, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0), metrics);
  feed(*node, 3);
  testing::TestPackage next(testing::flat_cluster(1, 1, 1));
  edit_schema(next, [](std::string sd) {
    // A new rank profile and, in the same generation, title without positions: the whole
    // change waits.
    sd = replace(sd, "    rank-profile popular",
                 "    rank-profile by_year {\n        first-phase {\n            expression: "
                 "attribute(year)\n        }\n    }\n\n    rank-profile popular");
    return replace(sd, "field title type string {\n", "field title type string {\n            rank: filter\n");
  });
  auto status = node->reconfigure(load(next));
  BOOST_TEST(status.code() == StatusCode::kInvalidArgument, status);
  BOOST_TEST(status.message().find("field 'title'") != std::string::npos, status);
  BOOST_TEST(status.message().find("restart") != std::string::npos, status);
  BOOST_TEST(search(*node, "by_year").status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(search(*node, "default").ok());
}

BOOST_AUTO_TEST_CASE(a_node_added_to_the_cluster_joins_the_placement_under_the_current_state) {
  testing::TestPackage package(testing::flat_cluster(2, 2, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0, testing::endpoints(2)), metrics);
  BOOST_REQUIRE(node->placement() != nullptr);
  // The controller may count the new node before this node has the generation that has it.
  auto adopted = node->set_cluster_state(*distribution::ClusterState::parse("version:5 distributor:3 storage:3"));
  BOOST_REQUIRE_MESSAGE(adopted.ok(), adopted.status().to_string());
  BOOST_TEST(on_node(*node, 2).owned == 0u);

  testing::TestPackage next(testing::flat_cluster(3, 2, 1));
  auto status = node->reconfigure(load(next));
  BOOST_REQUIRE_MESSAGE(status.ok(), status.to_string());
  BOOST_TEST(node->cluster_state_version() == 5u);
  Share share = on_node(*node, 2);
  BOOST_TEST(share.owned > 100u);  // about a third of 1024
  BOOST_TEST(share.replicas > 300u);  // about two thirds: redundancy 2 of 3 nodes
}

BOOST_AUTO_TEST_CASE(a_generation_without_the_nodes_cluster_is_refused) {
  testing::TestPackage package(testing::flat_cluster(1, 1, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0), metrics);
  testing::TestPackage next(testing::flat_cluster(1, 1, 1));
  std::string services;
  {
    std::ifstream in(next.app() + "/services.xml");
    std::stringstream text;
    text << in.rdbuf();
    services = replace(text.str(), "<content id=\"music\"", "<content id=\"songs\"");
  }
  std::ofstream(next.app() + "/services.xml", std::ios::trunc) << services;
  auto status = node->reconfigure(load(next));
  BOOST_TEST(status.code() == StatusCode::kInvalidArgument, status);
  BOOST_TEST(status.message().find("'music'") != std::string::npos, status);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
