// Visiting a node returns the documents of the buckets whose first ideal replica it is, in
// (bucket, gid) order, a page at a time, so that visiting every node gives each document once.

#include "content/node/document_visit.h"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <set>

#include "tests/unit/content/node/node_test_support.h"

namespace grove::content {
namespace {

using namespace std::chrono_literals;
using testing::TestPackage;

constexpr int kDocs = 60;

void feed(ContentNode& node) {
  for (int i = 0; i < kDocs; ++i) {
    std::string bytes = testing::encode(node, testing::doc_id(i), fmt::format(R"({{"year": {}}})", 1950 + i));
    BOOST_REQUIRE(node.put(testing::doc_id(i), 1000 + i, std::move(bytes),
                           Deadline::after(SystemClock::instance(), 5s)).ok());
  }
  auto removed = node.remove(testing::doc_id(0), 5000, Deadline::after(SystemClock::instance(), 5s));
  BOOST_REQUIRE(removed.ok());
}

// Every page of a visit with `spec`, checking the order across pages.
std::vector<VisitedDocument> visit_all(const ContentNode& node, VisitSpec spec) {
  std::vector<VisitedDocument> all;
  std::pair<uint64_t, distribution::Gid> previous{0, {}};
  for (int pages = 0; pages < 1000; ++pages) {
    auto page = visit_documents(node, spec);
    BOOST_REQUIRE_MESSAGE(page.ok(), page.status().to_string());
    BOOST_TEST(page->documents.size() <= std::max<size_t>(spec.max_documents, 1));
    for (auto& d : page->documents) {
      auto id = distribution::DocumentId::parse(d.id).value();
      std::pair<uint64_t, distribution::Gid> key{node.bucket_of(id.gid()).raw(), id.gid()};
      BOOST_TEST_REQUIRE((previous < key));
      previous = key;
      all.push_back(std::move(d));
    }
    if (page->done) return all;
    spec.after_bucket = page->last_bucket;
    spec.after_gid = page->last_gid;
  }
  BOOST_FAIL("the visit did not finish");
  return all;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_visit)

BOOST_AUTO_TEST_CASE(pages_hold_the_live_documents_of_buckets_whose_first_replica_is_this_node) {
  TestPackage package(testing::flat_cluster(2, 2, 1));
  MetricRegistry metrics;
  std::set<std::string> seen;
  for (uint16_t key : {0, 1}) {
    auto node = testing::open_node(testing::node_options(package, key, testing::endpoints(2)), metrics);
    feed(*node);  // every node stores every document here; visit must still split them
    VisitSpec spec;
    spec.max_documents = 7;
    for (const VisitedDocument& d : visit_all(*node, spec)) {
      auto id = distribution::DocumentId::parse(d.id).value();
      BOOST_TEST(node->placement()->at(node->bucket_of(id.gid())).replicas[0].node == key);
      BOOST_TEST(d.fields_json.find("\"year\"") != std::string::npos);
      BOOST_TEST(d.timestamp >= 1000u);
      BOOST_TEST_REQUIRE(seen.insert(d.id).second);
    }
  }
  BOOST_TEST(seen.size() == static_cast<size_t>(kDocs - 1));  // all but the removed one, once
  BOOST_TEST(!seen.contains(testing::doc_id(0)));
}

BOOST_AUTO_TEST_CASE(a_selection_and_a_document_type_filter_the_pages) {
  TestPackage package(testing::flat_cluster(1, 1, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0), metrics);
  feed(*node);
  VisitSpec spec;
  spec.document_type = "music";
  spec.selection.emplace(document::DocumentSelection::parse("music.year >= 2000").value());
  BOOST_TEST(visit_all(*node, spec).size() == 10u);  // 1950 + 50 .. 1950 + 59
  spec.document_type = "books";
  BOOST_TEST(visit_documents(*node, spec).status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(an_empty_node_is_done_at_once) {
  TestPackage package(testing::flat_cluster(1, 1, 1));
  MetricRegistry metrics;
  auto node = testing::open_node(testing::node_options(package, 0), metrics);
  auto page = visit_documents(*node, VisitSpec{});
  BOOST_REQUIRE(page.ok());
  BOOST_TEST(page->done);
  BOOST_TEST(page->documents.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
