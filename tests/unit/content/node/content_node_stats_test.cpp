// A content node's term statistics stay exact when documents are fed again or removed: the
// store hands back the replaced version and its terms leave the document frequencies, so a
// corpus fed twice ranks as if fed once (the same scores in any layout, whatever the history).

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include "content/node/content_node.h"
#include "tests/unit/content/node/node_test_support.h"

namespace grove::content {
namespace {

using namespace std::chrono_literals;

void put(ContentNode& node, int i, const std::string& title, uint64_t timestamp) {
  std::string bytes = testing::encode(node, testing::doc_id(i), fmt::format(R"({{"title": "{}"}})", title));
  auto r = node.put(testing::doc_id(i), timestamp, std::move(bytes), Deadline::after(SystemClock::instance(), 5s));
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
}

// The document frequency of `term` in the title, and the document count.
std::pair<uint64_t, uint64_t> df(const ContentNode& node, const std::string& term) {
  auto stats = node.term_stats("music", search::QueryTree::from(search::QueryExpr::term("title", term)));
  BOOST_REQUIRE_MESSAGE(stats.ok(), stats.status().to_string());
  return {stats->terms.at(0).doc_freq, stats->total_docs};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(content_node_stats)

BOOST_AUTO_TEST_CASE(feeding_again_and_removing_keep_document_frequencies_exact) {
  testing::TestPackage package(testing::flat_cluster(1, 1, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0), metrics);
  for (int i = 0; i < 10; ++i) put(*node, i, i < 4 ? "blue moon" : "red sun", 1000 + i);
  BOOST_TEST((df(*node, "blue") == std::make_pair(uint64_t{4}, uint64_t{10})));
  for (int i = 0; i < 10; ++i) put(*node, i, i < 4 ? "blue moon" : "red sun", 2000 + i);  // again
  BOOST_TEST((df(*node, "blue") == std::make_pair(uint64_t{4}, uint64_t{10})));
  put(*node, 0, "red moon", 3000);  // one document changes its title
  BOOST_TEST(df(*node, "blue").first == 3u);
  BOOST_TEST(df(*node, "red").first == 7u);
  auto removed = node->remove(testing::doc_id(1), 4000, Deadline::after(SystemClock::instance(), 5s));
  BOOST_REQUIRE(removed.ok());
  BOOST_TEST((df(*node, "blue") == std::make_pair(uint64_t{2}, uint64_t{9})));
  BOOST_TEST(df(*node, "moon").first == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
