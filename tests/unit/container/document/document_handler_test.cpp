// DocumentHandler over the music-flat package (two content nodes) whose nodes are
// FakeContentNodes: routing to the owner, WRONG_DISTRIBUTION resends, outcome and failure
// mapping, replica fall-back for GET, visiting with continuations, admission (429), the size
// limit (413) and the metrics. FakeContentNode's canned answers are described in its header.
// Every wait is bounded.

#include "container/document/document_handler.h"
#include "container/document/document_operations.h"

#include <simdjson.h>
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <future>
#include <thread>

#include "tests/unit/container/document/document_api_fixture.h"

namespace grove::container {

namespace {

using namespace std::chrono_literals;
using rpc::testing::FakeContentNode;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

struct Fixture : testing::DocumentApiFixture {
  using DocumentApiFixture::DocumentApiFixture;

  http::HttpResponse send(std::string method, std::string target, std::string body = {},
                          std::vector<std::pair<std::string, std::string>> query = {}) {
    http::HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.query = std::move(query);
    request.body = std::move(body);
    auto future = start(std::move(request));
    return wait(future);
  }
};

const std::string kDoc = "/document/v1/music/music/docid/";

}  // namespace

BOOST_AUTO_TEST_SUITE(document_handler)

BOOST_AUTO_TEST_CASE(put_goes_to_the_owner_and_answers_with_path_and_id) {
  Fixture f;
  auto r = f.send("POST", kDoc + "yellow", R"({"fields": {"title": "Yellow", "year": 2000}})");
  BOOST_TEST(r.status == 200, r.body);
  BOOST_TEST(r.body ==
             R"({"pathId":"/document/v1/music/music/docid/yellow","id":"id:music:music::yellow"})");
  BOOST_TEST(contains(f.metrics.render_prometheus(),
                      R"(grove_feed_operations{status="200",type="put"} 1)"),
             f.metrics.render_prometheus());
}

BOOST_AUTO_TEST_CASE(wrong_distribution_is_resent_kmaxresends_times_then_503) {
  Fixture f;
  auto r = f.send("POST", kDoc + "elsewhere", R"({"fields": {"title": "x"}})");
  BOOST_TEST(r.status == 503, r.body);
  BOOST_TEST(contains(r.body, fmt::format("gave up after {} resends", DocumentWrite::kMaxResends)), r.body);
  BOOST_TEST(contains(f.metrics.render_prometheus(),
                      fmt::format("grove_feed_wrong_distribution_resends {}", DocumentWrite::kMaxResends)));
}

BOOST_AUTO_TEST_CASE(update_outcomes_follow_vespa) {
  Fixture f;
  std::string body = R"({"fields": {"year": {"increment": 1}}})";
  BOOST_TEST(f.send("PUT", kDoc + "a", body).status == 200);  // missing, no create: 200 as in Vespa
  BOOST_TEST(f.send("PUT", kDoc + "a?create=true", body, {{"create", "true"}}).status == 200);
  auto bad = f.send("PUT", kDoc + "a", body, {{"condition", "bad"}});
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(contains(bad.body, "bad condition"), bad.body);
}

BOOST_AUTO_TEST_CASE(remove_whose_condition_fails_is_412) {
  Fixture f;
  BOOST_TEST(f.send("DELETE", kDoc + "a").status == 200);
  auto r = f.send("DELETE", kDoc + "a", {}, {{"condition", "music.year > 3000"}});
  BOOST_TEST(r.status == 412, r.body);
  BOOST_TEST(contains(r.body, R"("message":"condition not met)"), r.body);
}

BOOST_AUTO_TEST_CASE(bad_requests_never_reach_a_node) {
  Fixture f;
  struct Case {
    std::string method, target, body;
    int status;
    const char* message;
  };
  for (const Case& c :
       {Case{"POST", kDoc + "a", "{\"fields\": {", 400, "malformed JSON"},
        Case{"POST", kDoc + "a", R"({"fields": {"colour": "red"}})", 400, "unknown field 'colour'"},
        Case{"POST", kDoc + "a", R"({"fields": {"year": "x"}})", 400, "field 'year' is int"},
        Case{"POST", "/document/v1/music/video/docid/a", R"({"fields": {}})", 400,
             "unknown document type 'video'"},
        Case{"POST", "/document/v1/music/music/number/x/a", "{}", 400, "not an unsigned 64-bit"},
        Case{"GET", "/document/v1/music/music/nope/a", "", 404, "Nothing at"},
        Case{"PATCH", kDoc + "a", "", 405, "not allowed"},
        Case{"POST", "/document/v1/music/music/docid", "", 405, "Allowed methods are: GET"}}) {
    auto r = f.send(c.method, c.target, c.body);
    BOOST_TEST(r.status == c.status, c.target << " " << r.body);
    BOOST_TEST(contains(r.body, c.message), c.target << " " << r.body);
  }
  BOOST_TEST(f.nodes[0]->requests() + f.nodes[1]->requests() == 0u);
}

BOOST_AUTO_TEST_CASE(oversized_document_is_413) {
  DocumentApiOptions options;
  options.max_document_bytes = 64;
  Fixture f(options);
  auto r = f.send("POST", kDoc + "a", R"({"fields": {"title": ")" + std::string(100, 'x') + "\"}}");
  BOOST_TEST(r.status == 413, r.body);
  BOOST_TEST(contains(r.body, "over the limit of 64 bytes"), r.body);
}

BOOST_AUTO_TEST_CASE(get_returns_the_fields_and_falls_back_to_the_next_replica) {
  Fixture f;
  auto r = f.send("GET", kDoc + "a");
  BOOST_TEST(r.status == 200, r.body);
  BOOST_TEST(
      r.body ==
      R"({"pathId":"/document/v1/music/music/docid/a","id":"id:music:music::a","fields":{}})");
  f.nodes[0].reset();  // every bucket has a replica on each of the two nodes
  for (const char* id : {"a", "b", "c", "d", "e", "f"})
    BOOST_TEST(f.send("GET", kDoc + id).status == 200, id);
}

// A remove whose owner cannot be reached is retried with back-off until its deadline (a new
// cluster state would give the bucket another owner); with none coming, 503 naming the node.
BOOST_AUTO_TEST_CASE(writes_whose_owner_stays_down_are_503_at_their_deadline) {
  Fixture f;
  f.nodes[1].reset();
  int ok = 0, unavailable = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = f.send("DELETE", kDoc + "doc" + std::to_string(i), {}, {{"timeout", "300ms"}});
    (r.status == 200 ? ok : unavailable) += r.status == 200 || r.status == 503;
    if (r.status == 503) BOOST_TEST(contains(r.body, "content node music:1"), r.body);
  }
  BOOST_TEST(ok > 0);
  BOOST_TEST(unavailable > 0);
  BOOST_TEST(ok + unavailable == 12);
}

BOOST_AUTO_TEST_CASE(visit_follows_continuations_over_every_node_in_key_order) {
  Fixture f;
  // Each fake node returns documents for buckets 1..5 in order: 10 in all.
  std::vector<std::string> ids;
  std::string continuation;
  int pages = 0;
  for (; pages < 20; ++pages) {
    std::vector<std::pair<std::string, std::string>> query = {{"wantedDocumentCount", "3"}};
    if (!continuation.empty()) query.emplace_back("continuation", continuation);
    auto r = f.send("GET", "/document/v1/ns/music/docid", {}, query);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    simdjson::dom::parser parser;
    simdjson::dom::element root = parser.parse(r.body);
    BOOST_TEST(std::string_view(root["pathId"]) == "/document/v1/ns/music/docid");
    simdjson::dom::array documents = root["documents"];
    BOOST_TEST(int64_t(root["documentCount"]) == int64_t(documents.size()));
    for (auto doc : documents) ids.emplace_back(std::string_view(doc["id"]));
    std::string_view next;
    if (root["continuation"].get(next)) break;
    continuation = std::string(next);
  }
  BOOST_TEST(pages == 3);  // 3 + 3 + 3 + 1
  BOOST_TEST(ids.size() == 10u);
  BOOST_TEST(ids.front() == "id:ns:music::1");
  BOOST_TEST(ids.back() == "id:ns:music::5");
}

BOOST_AUTO_TEST_CASE(visit_checks_its_parameters) {
  Fixture f;
  // The package has one content cluster: a root visit needs no cluster parameter.
  auto root = f.send("GET", "/document/v1/");
  BOOST_TEST(root.status == 200, root.body);
  BOOST_TEST(f.send("GET", "/document/v1/", {}, {{"cluster", "music"}}).status == 200);
  auto other = f.send("GET", "/document/v1/", {}, {{"cluster", "books"}});
  BOOST_TEST(other.status == 400);
  BOOST_TEST(contains(other.body, "no content cluster 'books' (clusters: music)"), other.body);
  auto token = f.send("GET", "/document/v1/ns/music/docid", {},
                      {{"continuation", encode_continuation({9, 0, {}})}});
  BOOST_TEST(token.status == 400);
  BOOST_TEST(contains(token.body, "has 2 nodes"), token.body);
}

BOOST_AUTO_TEST_CASE(requests_beyond_the_in_flight_cap_are_429_and_held_ones_time_out_504) {
  DocumentApiOptions options;
  options.max_in_flight = 1;
  Fixture f(options);
  f.nodes[0]->set_mode(FakeContentNode::Mode::kHold);
  f.nodes[1]->set_mode(FakeContentNode::Mode::kHold);
  http::HttpRequest held;
  held.method = "DELETE";
  held.target = kDoc + "a";
  held.query = {{"timeout", "300ms"}};
  std::promise<http::HttpResponse> first;
  f.handler->handle(held, [&](http::HttpResponse r) { first.set_value(std::move(r)); });
  auto second = f.send("DELETE", kDoc + "b");
  BOOST_TEST(second.status == 429, second.body);
  BOOST_TEST(contains(second.body, "too many document operations in flight (limit 1)"),
             second.body);
  auto future = first.get_future();
  BOOST_REQUIRE(future.wait_for(10s) == std::future_status::ready);
  BOOST_TEST(future.get().status == 504);
  BOOST_TEST(f.handler->in_flight() == 0);
}

BOOST_AUTO_TEST_CASE(router_adopts_only_newer_cluster_states) {
  Fixture f;
  auto router = DocumentRouter::create(*f.cluster).value();
  BOOST_TEST(router->table()->state().version() == 1u);  // the static all-up state
  BOOST_TEST(router->adopt_state("version:4 distributor:2 .0.s:d storage:2 .0.s:d").ok());
  auto table = router->table();
  BOOST_TEST(table->state().version() == 4u);
  for (uint64_t b = 0; b < 64; ++b) {
    const auto& placement = table->at(distribution::BucketId::from_bits(16, b));
    BOOST_TEST(placement.owner == 1);
    BOOST_TEST(placement.replicas.size() == 1u);
  }
  BOOST_TEST(router->adopt_state("version:2 distributor:2 storage:2").ok());
  BOOST_TEST(router->table()->state().version() == 4u);  // older: ignored
  auto bad = router->adopt_state("version:x");
  BOOST_TEST(bad.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(bad.message(), "malformed cluster state"), bad.message());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::container
