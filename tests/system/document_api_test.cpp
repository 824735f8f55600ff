// System test: the document API end to end. `grove up` starts music-grouped (two groups of two
// content nodes and a container) on free ports of 127.0.0.1; the cases then use /document/v1,
// /search/, `grove feed`, `grove query` and `grove visit` as an operator would. The cluster is
// shared and the cases run in order (the sample feed first). Every wait is bounded; `grove down`
// stops the processes by pid.

#include <fmt/format.h>
#include <simdjson.h>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "services/http/http_client.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {

namespace {

using namespace std::chrono_literals;

const std::string kGrove = std::string(GROVE_BIN_DIR) + "/grove";
const std::string kSource = GROVE_SOURCE_DIR;
const std::string kSample = kSource + "/schemas/feeds/music-sample.jsonl";
const std::string kDoc = "/document/v1/music/music/docid/";

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

CommandResult grove(std::vector<std::string> args) {
  args.insert(args.begin(), kGrove);
  return run_command(args, 120s);
}

// The ids of the sample feed, and how many of its documents have artist coldplay.
std::set<std::string> sample_ids(int* coldplay = nullptr) {
  std::ifstream in(kSample);
  std::set<std::string> ids;
  simdjson::dom::parser parser;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    simdjson::dom::element op = parser.parse(line);
    ids.emplace(std::string_view(op["put"]));
    if (coldplay && std::string_view(op["fields"]["artist"]) == "coldplay") ++*coldplay;
  }
  return ids;
}

struct Cluster {
  // Ports base .. base + 8 must all be free; another base is tried when one is taken.
  Cluster() {
    CommandResult up;
    for (int attempt = 0; attempt < 3; ++attempt) {
      uint16_t base = free_port_block(9);
      port = static_cast<uint16_t>(base + 8);  // after the 4 content nodes' 8 ports
      up = grove({"up", kSource + "/schemas/music-grouped", "--data", data, "--base-port",
                  std::to_string(base), "--container-port", std::to_string(port), "--configserver-port", "0", "--node-port", "0"});
      if (up.exit_code == 0 || !contains(up.output, "is taken")) break;
    }
    BOOST_REQUIRE_MESSAGE(up.exit_code == 0, up.output);
    endpoint = fmt::format("http://127.0.0.1:{}", port);
  }
  ~Cluster() {
    auto down = grove({"down", "--data", data});
    if (down.exit_code != 0) BOOST_TEST_MESSAGE(down.output);
    std::filesystem::remove_all(data);
  }

  http::HttpReply call(const std::string& method, const std::string& target,
                       const std::string& body = {}) {
    auto reply =
        http::http_request("127.0.0.1", port, method, target, body, "application/json", 30s);
    BOOST_REQUIRE_MESSAGE(reply.ok(),
                          method << " " << target << ": " << reply.status().to_string());
    return std::move(reply).value();
  }
  // totalCount of a YQL query, optionally pinned to a group.
  int64_t total(const std::string& yql_where, std::string extra = {}) {
    auto r = call("GET", "/search/?yql=" + encode("select * from music where " + yql_where) +
                             "&hits=0" + extra);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    simdjson::dom::parser parser;
    return int64_t(parser.parse(r.body)["root"]["fields"]["totalCount"]);
  }
  static std::string encode(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
        out += static_cast<char>(c);
      else
        out += fmt::format("%{:02X}", c);
    }
    return out;
  }

  std::string data = make_temp_dir("grove-document-api-test");
  uint16_t port = 0;
  std::string endpoint;
};

Cluster& cluster() {
  static Cluster instance;
  return instance;
}

// The fields of a GET that must be 200.
std::string fields_of(const http::HttpReply& r) {
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
  simdjson::dom::parser parser;
  return simdjson::minify(parser.parse(r.body)["fields"].value());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_api)

BOOST_AUTO_TEST_CASE(grove_feed_of_the_sample_exits_0_and_search_finds_each_document_once) {
  Cluster& c = cluster();
  auto feed = grove({"feed", "--endpoint", c.endpoint, kSample});
  BOOST_TEST(feed.exit_code == 0, feed.output);
  BOOST_TEST(contains(feed.output, R"("feeder.ok.count":12)"), feed.output);
  int coldplay = 0;
  std::set<std::string> expected = sample_ids(&coldplay);
  auto r = c.call(
      "GET", "/search/?yql=" + Cluster::encode("select * from music where true") + "&hits=100");
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(r.body)["root"];
  BOOST_TEST(int64_t(root["fields"]["totalCount"]) == int64_t(expected.size()));
  std::multiset<std::string> hits;
  for (auto hit : simdjson::dom::array(root["children"])) hits.emplace(std::string_view(hit["id"]));
  BOOST_TEST(std::set<std::string>(hits.begin(), hits.end()) == expected);
  BOOST_TEST(hits.size() == expected.size());  // no document twice
  BOOST_TEST(c.total("artist contains \"coldplay\"") == coldplay);
  // Every group holds the whole corpus.
  BOOST_TEST(c.total("true", "&model.searchGroup=0") == int64_t(expected.size()));
  BOOST_TEST(c.total("true", "&model.searchGroup=1") == int64_t(expected.size()));
}

BOOST_AUTO_TEST_CASE(post_then_get_returns_the_fields) {
  Cluster& c = cluster();
  auto put = c.call("POST", kDoc + "t1",
                    R"({"fields": {"title": "Test Song", "artist": "tester", "year": 2000}})");
  BOOST_TEST(put.status == 200, put.body);
  BOOST_TEST(put.body ==
             R"({"pathId":"/document/v1/music/music/docid/t1","id":"id:music:music::t1"})");
  BOOST_TEST(fields_of(c.call("GET", kDoc + "t1")) ==
             R"({"artist":"tester","title":"Test Song","year":2000})");
  BOOST_TEST(c.total("title contains \"test\"") == 1);
}

BOOST_AUTO_TEST_CASE(put_increment_changes_the_field) {
  Cluster& c = cluster();
  auto update = c.call("PUT", kDoc + "t1", R"({"fields": {"year": {"increment": 1}}})");
  BOOST_TEST(update.status == 200, update.body);
  BOOST_TEST(contains(fields_of(c.call("GET", kDoc + "t1")), R"("year":2001)"));
}

BOOST_AUTO_TEST_CASE(false_condition_is_412_and_leaves_the_document_unchanged) {
  Cluster& c = cluster();
  std::string condition = "?condition=" + Cluster::encode("music.year == 1999");
  auto update = c.call("PUT", kDoc + "t1" + condition, R"({"fields": {"year": {"assign": 1}}})");
  BOOST_TEST(update.status == 412, update.body);
  BOOST_TEST(contains(update.body, R"("message":)"), update.body);
  auto remove = c.call("DELETE", kDoc + "t1" + condition);
  BOOST_TEST(remove.status == 412, remove.body);
  BOOST_TEST(contains(fields_of(c.call("GET", kDoc + "t1")), R"("year":2001)"));
  auto met = c.call("PUT", kDoc + "t1?condition=" + Cluster::encode("music.year == 2001"),
                    R"({"fields": {"year": {"assign": 1990}}})");
  BOOST_TEST(met.status == 200, met.body);
  BOOST_TEST(contains(fields_of(c.call("GET", kDoc + "t1")), R"("year":1990)"));
}

BOOST_AUTO_TEST_CASE(update_of_a_missing_document_creates_it_only_with_create) {
  Cluster& c = cluster();
  std::string body = R"({"fields": {"year": {"assign": 7}}})";
  BOOST_TEST(c.call("PUT", kDoc + "t2", body).status == 200);  // as Vespa answers it
  BOOST_TEST(c.call("GET", kDoc + "t2").status == 404);
  BOOST_TEST(c.call("PUT", kDoc + "t2?create=true", body).status == 200);
  BOOST_TEST(fields_of(c.call("GET", kDoc + "t2")) == R"({"year":7})");
}

BOOST_AUTO_TEST_CASE(delete_then_get_is_404_and_search_no_longer_finds_it) {
  Cluster& c = cluster();
  for (const char* id : {"t1", "t2"}) {
    auto remove = c.call("DELETE", kDoc + id);
    BOOST_TEST(remove.status == 200, remove.body);
    auto get = c.call("GET", kDoc + id);
    BOOST_TEST(get.status == 404, get.body);
    BOOST_TEST(get.body ==
               fmt::format(R"({{"pathId":"{}{}","id":"id:music:music::{}"}})", kDoc, id, id));
  }
  BOOST_TEST(c.total("title contains \"test\"") == 0);
  BOOST_TEST(c.total("true") == int64_t(sample_ids().size()));
}

BOOST_AUTO_TEST_CASE(
    visit_with_three_per_page_follows_continuations_and_returns_every_document_once) {
  Cluster& c = cluster();
  std::multiset<std::string> ids;
  std::string continuation;
  int pages = 0;
  while (pages < 100) {
    ++pages;
    std::string target = "/document/v1/music/music/docid?wantedDocumentCount=3";
    if (!continuation.empty()) target += "&continuation=" + continuation;
    auto r = c.call("GET", target);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    simdjson::dom::parser parser;
    simdjson::dom::element root = parser.parse(r.body);
    simdjson::dom::array documents = root["documents"];
    BOOST_TEST(documents.size() <= 3u);
    BOOST_TEST(int64_t(root["documentCount"]) == int64_t(documents.size()));
    for (auto doc : documents) {
      ids.emplace(std::string_view(doc["id"]));
      BOOST_TEST(doc["fields"].is_object());
    }
    std::string_view next;
    if (root["continuation"].get(next)) break;
    continuation = std::string(next);
  }
  std::set<std::string> expected = sample_ids();
  BOOST_TEST(pages >= 4, pages);  // 12 documents, at most 3 a page
  BOOST_TEST(ids.size() == expected.size());
  BOOST_TEST(std::set<std::string>(ids.begin(), ids.end()) == expected);
}

BOOST_AUTO_TEST_CASE(bad_input_is_4xx_with_a_clear_message_and_the_corpus_unchanged) {
  Cluster& c = cluster();
  struct Case {
    std::string method, target, body;
    int status;
    std::string message;
  };
  std::vector<Case> cases = {
      {"POST", kDoc + "bad", R"({"fields": {"title": "x",)", 400, "malformed JSON at byte"},
      {"POST", kDoc + "bad", R"({"fields": {"colour": "red"}})", 400, "unknown field 'colour'"},
      {"POST", kDoc + "bad", R"({"fields": {"year": "last year"}})", 400,
       "field 'year' is int but got string"},
      {"POST", "/document/v1/music/music/number/many/bad", R"({"fields": {}})", 400,
       "not an unsigned 64-bit integer"},
      {"POST", "/document/v1/music/video/docid/bad", R"({"fields": {}})", 400,
       "unknown document type 'video'"},
      {"GET", "/search/?yql=" + Cluster::encode("select * from music where title contains"), "",
       400, "Could not"},
      {"POST", kDoc + "big", R"({"fields": {"title": ")" + std::string(11 << 20, 'a') + "\"}}", 413,
       "over the limit"},
  };
  for (const Case& k : cases) {
    auto r = c.call(k.method, k.target, k.body);
    BOOST_TEST(r.status == k.status, k.target.substr(0, 80) << ": " << r.body.substr(0, 300));
    BOOST_TEST(contains(r.body, k.message), k.target.substr(0, 80)
                                                << ": " << r.body.substr(0, 300));
  }
  BOOST_TEST(c.call("GET", kDoc + "bad").status == 404);
  BOOST_TEST(c.call("GET", kDoc + "big").status == 404);
  BOOST_TEST(c.total("true") == int64_t(sample_ids().size()));
}

BOOST_AUTO_TEST_CASE(grove_query_prints_hits_and_fails_on_a_bad_query) {
  Cluster& c = cluster();
  int coldplay = 0;
  sample_ids(&coldplay);
  auto r = grove({"query", "--endpoint", c.endpoint, "coldplay", "hits=20"});
  BOOST_TEST(r.exit_code == 0, r.output);
  BOOST_TEST(contains(r.output, fmt::format("totalCount {}", coldplay)), r.output);
  BOOST_TEST(contains(r.output, "id:music:music:g=coldplay:yellow"), r.output);
  BOOST_TEST(contains(r.output, "     title: Yellow\n"), r.output);
  auto yql = grove({"query", "--endpoint", c.endpoint, "select * from music where year > 2010"});
  BOOST_TEST(yql.exit_code == 0, yql.output);
  auto bad = grove({"query", "--endpoint", c.endpoint, "select * from music where"});
  BOOST_TEST(bad.exit_code == 1, bad.output);
  BOOST_TEST(contains(bad.output, "error 4"), bad.output);
  BOOST_TEST(grove({"query"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(grove_visit_prints_every_document_once_as_a_refeedable_feed) {
  Cluster& c = cluster();
  auto r = grove({"visit", "--endpoint", c.endpoint, "--type", "music:music", "--page-size", "4"});
  BOOST_TEST(r.exit_code == 0, r.output);
  std::multiset<std::string> ids;
  std::istringstream lines(r.output);
  simdjson::dom::parser parser;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("{")) continue;  // the summary line on stderr
    simdjson::dom::element op = parser.parse(line);
    ids.emplace(std::string_view(op["put"]));
    BOOST_TEST(op["fields"].is_object());
  }
  std::set<std::string> expected = sample_ids();
  BOOST_TEST(ids.size() == expected.size());
  BOOST_TEST(std::set<std::string>(ids.begin(), ids.end()) == expected);
  BOOST_TEST(contains(r.output, fmt::format("visited {} documents", expected.size())), r.output);
  // Neither --type nor --cluster: the package's only content cluster, the same documents.
  auto plain = grove({"visit", "--endpoint", c.endpoint});
  BOOST_TEST(plain.exit_code == 0, plain.output);
  BOOST_TEST(contains(plain.output, fmt::format("visited {} documents", expected.size())), plain.output);
}

BOOST_AUTO_TEST_CASE(metrics_count_feed_operations_by_type_and_status) {
  Cluster& c = cluster();
  auto r = c.call("GET", "/prometheus/v1/values");
  BOOST_TEST(r.status == 200);
  BOOST_TEST(contains(r.body, R"(grove_feed_operations{status="200",type="put"})"), r.body);
  BOOST_TEST(contains(r.body, R"(grove_feed_operations{status="412",type="update"} 1)"), r.body);
  BOOST_TEST(contains(r.body, R"(grove_feed_operations{status="404",type="get"})"), r.body);
  BOOST_TEST(contains(r.body, R"(grove_feed_latency_ms_count{type="visit"})"), r.body);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
