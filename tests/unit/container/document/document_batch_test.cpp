// The document API's writes in batches: DocumentHandler over the music-flat package (two content
// nodes) whose nodes are FakeContentNodes (canned answers in its header). Writes queued behind a
// call in flight to their owner go in one feed_batch; each HTTP request still gets its own
// status, and a WRONG_DISTRIBUTION operation of a batch is re-routed alone. Every wait is
// bounded.

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <future>
#include <thread>

#include "container/document/document_handler.h"
#include "container/document/document_operations.h"
#include "tests/unit/container/document/document_api_fixture.h"

namespace grove::container {

namespace {

using namespace std::chrono_literals;
using rpc::testing::FakeContentNode;

const std::string kDoc = "/document/v1/music/music/docid/";

struct Fixture : testing::DocumentApiFixture {
  Fixture() : DocumentApiFixture(batching()) {
    table = DocumentRouter::create(*cluster).value()->table();
  }
  static DocumentApiOptions batching() {
    DocumentApiOptions options;
    options.batching = {.max_batch_size = 64, .max_calls_in_flight = 1};
    return options;
  }

  std::future<http::HttpResponse> start(std::string method, std::string name, std::string body = {},
                                        std::string timeout = "10s",
                                        std::optional<std::string> condition = {}) {
    http::HttpRequest request;
    request.method = std::move(method);
    request.target = kDoc + name;
    request.query = {{"timeout", timeout}};
    if (condition) request.query.emplace_back("condition", *condition);
    request.body = std::move(body);
    return DocumentApiFixture::start(std::move(request));
  }
  static http::HttpResponse get(std::future<http::HttpResponse>& f) { return wait(f); }
  uint16_t owner(const std::string& name) const {
    auto id = distribution::DocumentId::parse("id:music:music::" + name).value();
    return table->at(table->storage_bucket(id.gid())).owner;
  }
  // Document names owned by `key`, other than "elsewhere".
  std::vector<std::string> owned_by(uint16_t key, size_t n) const {
    std::vector<std::string> names;
    for (int i = 0; names.size() < n && i < 10000; ++i) {
      if (owner("d" + std::to_string(i)) == key) names.push_back("d" + std::to_string(i));
    }
    return names;
  }
  size_t requests() const { return nodes[0]->requests() + nodes[1]->requests(); }

  std::shared_ptr<const distribution::PlacementTable> table;
};

const std::string kPut = R"({"fields": {"title": "x"}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(document_batch)

BOOST_AUTO_TEST_CASE(writes_queued_behind_a_call_share_one_batch_and_each_gets_its_own_status) {
  Fixture f;
  const uint16_t key = f.owner("elsewhere");
  auto names = f.owned_by(key, 3);
  f.nodes[key]->set_mode(FakeContentNode::Mode::kHold);
  auto held = f.start("POST", names[0], kPut, "300ms");
  for (int i = 0; i < 1000 && f.requests() < 1; ++i) std::this_thread::sleep_for(5ms);
  BOOST_REQUIRE_EQUAL(f.requests(), 1u);
  auto put = f.start("POST", names[1], kPut);
  auto moved = f.start("POST", "elsewhere", kPut);
  auto not_met = f.start("DELETE", names[2], {}, "10s", "music.year == 1");
  auto missing = f.start("PUT", names[2], R"({"fields": {"year": {"assign": 1}}})");
  f.nodes[key]->set_mode(FakeContentNode::Mode::kAnswer);
  BOOST_TEST(Fixture::get(held).status == 504);
  BOOST_TEST(Fixture::get(put).status == 200);
  auto wrong = Fixture::get(moved);
  BOOST_TEST(wrong.status == 503, wrong.body);
  BOOST_TEST(wrong.body.find(fmt::format("gave up after {} resends", DocumentWrite::kMaxResends)) != std::string::npos,
             wrong.body);
  BOOST_TEST(Fixture::get(missing).status == 200);  // an update of a missing document, as in Vespa
  BOOST_TEST(Fixture::get(not_met).status == 412);
  // The held call, one batch of four, then the moved write resent alone kMaxResends times.
  BOOST_TEST(f.requests() == 2u + DocumentWrite::kMaxResends);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::container
