// System test: grove-container in front of the four content nodes of the music-grouped package
// (two groups of two) on 127.0.0.1, fed through the document API with `grove feed`: every
// acknowledged document searchable at once exactly once in each group, YQL and simple queries
// with summaries, the same relevance from either group (global statistics), 400 for bad YQL,
// how each dispatch policy spreads 300 queries (one container per policy), and a killed node. The processes are shared by the cases, which run in order; the kill comes last. Every
// wait is bounded.

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <vector>
#include <set>
#include <thread>

#include "services/http/http_client.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {

namespace {

using namespace std::chrono_literals;

const std::string kBin = GROVE_BIN_DIR;
const std::string kSource = GROVE_SOURCE_DIR;

// The music-grouped package with the given dispatch policy, in dir/app-<policy>.
std::string make_package(const std::string& dir, const std::string& policy) {
  std::string app = dir + "/app-" + policy;
  std::filesystem::copy(kSource + "/schemas/music-grouped", app, std::filesystem::copy_options::recursive);
  std::ifstream in(app + "/services.xml");
  std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t engine = xml.find("<engine>");
  BOOST_REQUIRE(engine != std::string::npos);
  xml.insert(engine, "<tuning><dispatch><dispatch-policy>" + policy +
                         "</dispatch-policy></dispatch></tuning>\n    ");
  std::ofstream(app + "/services.xml") << xml;
  return app;
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

// Four content nodes and one container per dispatch policy in front of them; the round-robin
// one (container_port) takes the feed and most queries.
struct Cluster {
  Cluster() {
    app = make_package(dir, "round-robin");
    for (int key = 0; key < 4; ++key) ports[key] = free_port();
    for (int key = 0; key < 4; ++key) start_node(key);
    for (int key = 0; key < 4; ++key) wait_healthy(http_ports[key]);
    for (const char* policy : {"round-robin", "adaptive", "best-of-random-2"}) {
      policy_ports[policy] = start_container(policy == std::string("round-robin") ? app : make_package(dir, policy));
    }
    container_port = policy_ports["round-robin"];
    feed();
    for (const auto& [policy, port] : policy_ports) wait_searchable(port);
  }
  static void wait_healthy(uint16_t port) {
    for (int i = 0; i < 400 && http::http_get("127.0.0.1", port, "/state/v1/health").body.find("\"up\"") == std::string::npos; ++i) {
      std::this_thread::sleep_for(50ms);
    }
    BOOST_REQUIRE(http::http_get("127.0.0.1", port, "/state/v1/health").body.find("\"up\"") != std::string::npos);
  }
  // Until every node of both groups is in service in that container: full coverage from each.
  static void wait_searchable(uint16_t port) {
    for (int group : {0, 1}) {
      std::string target = fmt::format("/search/?query=coldplay&model.searchGroup={}", group);
      for (int i = 0; i < 100; ++i) {
        http::HttpReply r = http::http_get("127.0.0.1", port, target);
        if (r.status == 200 && r.body.find("\"full\":true") != std::string::npos &&
            r.body.find(fmt::format("\"searchGroup\":{}", group)) != std::string::npos) {
          break;
        }
        std::this_thread::sleep_for(100ms);
      }
    }
  }
  ~Cluster() {
    containers.clear();
    nodes.clear();
    std::filesystem::remove_all(dir);
  }
  std::string node_list(bool with_cluster) const {
    std::string out;
    for (const auto& [key, port] : ports) {
      out += fmt::format("{}{}{}=127.0.0.1:{}", out.empty() ? "" : ",", with_cluster ? "music:" : "", key, port);
    }
    return out;
  }
  void start_node(int key) {
    http_ports[key] = free_port();
    auto started = ChildProcess::start(
        {kBin + "/grove-content", "--data-dir", fmt::format("{}/n{}", dir, key), "--port",
         std::to_string(ports[key]), "--http-port", std::to_string(http_ports[key]), "--app", app,
         "--cluster", "music", "--key", std::to_string(key), "--nodes", node_list(false)},
        {.output_path = fmt::format("{}/n{}.log", dir, key)});
    BOOST_REQUIRE_MESSAGE(started.ok(), started.status().to_string());
    nodes.emplace(key, std::move(*started));
  }
  uint16_t start_container(const std::string& package) {
    uint16_t port = free_port();
    auto started = ChildProcess::start({kBin + "/grove-container", "--app", package, "--port",
                                        std::to_string(port), "--nodes", node_list(true)},
                                       {.output_path = fmt::format("{}/container-{}.log", dir, port)});
    BOOST_REQUIRE_MESSAGE(started.ok(), started.status().to_string());
    containers.push_back(std::move(*started));
    wait_healthy(port);
    return port;
  }
  // Through the document API: every write goes to its bucket's owner and on to both replicas.
  void feed() {
    auto r = run_command({kBin + "/grove", "feed", "--endpoint",
                          fmt::format("http://127.0.0.1:{}", container_port),
                          kSource + "/schemas/feeds/music-sample.jsonl"},
                         120s);
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  }
  http::HttpReply search(const std::string& params) { return http::http_get("127.0.0.1", container_port, "/search/?" + params); }

  std::string dir = make_temp_dir("grove-container-search-test");
  std::string app;
  std::map<int, uint16_t> ports, http_ports;
  std::map<int, ChildProcess> nodes;
  std::map<std::string, uint16_t> policy_ports;
  uint16_t container_port = 0;
  std::vector<ChildProcess> containers;  // round-robin first
};

Cluster& cluster() {
  static Cluster instance;
  return instance;
}

struct Parsed {
  explicit Parsed(const std::string& body) : json(body) {
    BOOST_REQUIRE_MESSAGE(parser.parse(json).get(root) == simdjson::SUCCESS, body);
  }
  simdjson::dom::element at(std::string_view pointer) { return root.at_pointer(pointer).value(); }
  bool has(std::string_view pointer) { return root.at_pointer(pointer).error() == simdjson::SUCCESS; }
  simdjson::padded_string json;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
};

std::map<std::string, double> relevance_by_title(Parsed& r) {
  std::map<std::string, double> out;
  for (auto child : r.at("/root/children").get_array()) {
    out[std::string(child.at_pointer("/fields/title").get_string().value())] =
        child.at_pointer("/relevance").get_double().value();
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(container_search_system)

BOOST_AUTO_TEST_CASE(every_fed_document_is_searchable_at_once_exactly_once_in_each_group) {
  std::multiset<std::string> fed;
  std::ifstream in(kSource + "/schemas/feeds/music-sample.jsonl");
  for (std::string line; std::getline(in, line);) {
    size_t start = line.find("\"put\": \"");
    if (start != std::string::npos) fed.insert(line.substr(start + 8, line.find('"', start + 8) - start - 8));
  }
  BOOST_REQUIRE_EQUAL(fed.size(), 12u);
  for (int group : {0, 1}) {
    auto reply = cluster().search("yql=" + url_encode("select * from music where true") +
                                  fmt::format("&hits=100&model.searchGroup={}", group));
    BOOST_REQUIRE_MESSAGE(reply.status == 200, reply.body);
    Parsed r(reply.body);
    BOOST_TEST(r.at("/root/fields/searchGroup").get_int64().value() == group);
    BOOST_TEST(r.at("/root/fields/totalCount").get_int64().value() == 12);
    std::multiset<std::string> found;
    for (auto child : r.at("/root/children").get_array()) {
      found.insert(std::string(child.at_pointer("/id").get_string().value()));
    }
    BOOST_TEST((found == fed), "group " << group << ": " << reply.body);
  }
}

BOOST_AUTO_TEST_CASE(yql_query_returns_hits_with_summary_fields_and_full_coverage) {
  auto reply = cluster().search("yql=" + url_encode("select * from music where artist contains \"coldplay\""));
  BOOST_REQUIRE_MESSAGE(reply.status == 200, reply.body);
  Parsed r(reply.body);
  BOOST_TEST(r.at("/root/fields/totalCount").get_int64().value() == 3);
  BOOST_TEST(r.has("/root/fields/searchGroup"));
  BOOST_TEST(r.at("/root/coverage/full").get_bool().value());
  BOOST_TEST(r.at("/root/coverage/coverage").get_double().value() == 100.0);
  BOOST_TEST(!r.has("/root/errors"));
  auto children = r.at("/root/children").get_array().value();
  BOOST_REQUIRE(children.size() == 3u);
  for (auto child : children) {
    BOOST_TEST(child.at_pointer("/fields/artist").get_string().value() == "coldplay");
    BOOST_TEST(child.at_pointer("/source").get_string().value() == "music");
    BOOST_TEST(child.at_pointer("/fields/year").get_int64().value() >= 2000);
    std::string id(child.at_pointer("/id").get_string().value());
    BOOST_TEST(id.starts_with("id:music:music:g=coldplay:"), id);
    BOOST_TEST(std::string(child.at_pointer("/fields/documentid").get_string().value()) == id);
  }
}

BOOST_AUTO_TEST_CASE(yql_select_returns_only_the_selected_fields) {
  auto reply = cluster().search("yql=" + url_encode("select title, year from music where artist contains \"coldplay\""));
  BOOST_REQUIRE_MESSAGE(reply.status == 200, reply.body);
  Parsed r(reply.body);
  auto children = r.at("/root/children").get_array().value();
  BOOST_REQUIRE(children.size() == 3u);
  for (auto child : children) {
    BOOST_TEST(child.at_pointer("/fields/title").error() == simdjson::SUCCESS);
    BOOST_TEST(child.at_pointer("/fields/year").error() == simdjson::SUCCESS);
    BOOST_TEST(child.at_pointer("/fields/artist").error() != simdjson::SUCCESS, reply.body);
    BOOST_TEST(child.at_pointer("/fields/genres").error() != simdjson::SUCCESS, reply.body);
  }
}

BOOST_AUTO_TEST_CASE(simple_query_with_hits_and_offset_pages_through_the_results) {
  auto all = cluster().search("query=coldplay&hits=3&model.searchGroup=0");
  auto page = cluster().search("query=coldplay&hits=1&offset=1&model.searchGroup=0");
  BOOST_REQUIRE_MESSAGE(all.status == 200, all.body);
  BOOST_REQUIRE_MESSAGE(page.status == 200, page.body);
  Parsed a(all.body), p(page.body);
  BOOST_TEST(p.at("/root/fields/totalCount").get_int64().value() == 3);
  auto page_children = p.at("/root/children").get_array().value();
  BOOST_REQUIRE(page_children.size() == 1u);
  BOOST_TEST(page_children.at(0).at_pointer("/fields/title").get_string().value() ==
             a.at("/root/children/1/fields/title").get_string().value());
}

BOOST_AUTO_TEST_CASE(the_same_document_gets_the_same_relevance_from_either_group) {
  const std::string q = "query=" + url_encode("coldplay yellow") + "&model.type=any";
  Parsed g0(cluster().search(q + "&model.searchGroup=0").body);
  Parsed g1(cluster().search(q + "&model.searchGroup=1").body);
  BOOST_TEST(g0.at("/root/fields/searchGroup").get_int64().value() == 0);
  BOOST_TEST(g1.at("/root/fields/searchGroup").get_int64().value() == 1);
  auto r0 = relevance_by_title(g0), r1 = relevance_by_title(g1);
  BOOST_REQUIRE(r0.size() == 3u);
  BOOST_REQUIRE(r1.size() == r0.size());
  for (const auto& [title, relevance] : r0) BOOST_TEST(r1[title] == relevance, boost::test_tools::tolerance(1e-9));
  // Without global statistics each node ranks by its own corpus, and the groups disagree.
  Parsed l0(cluster().search(q + "&model.searchGroup=0&ranking.globalStats=false").body);
  Parsed l1(cluster().search(q + "&model.searchGroup=1&ranking.globalStats=false").body);
  BOOST_TEST((relevance_by_title(l0) != relevance_by_title(l1)));
}

BOOST_AUTO_TEST_CASE(bad_yql_is_answered_400_with_the_error_position) {
  auto reply = cluster().search("yql=" + url_encode("select * from music where artist contains"));
  BOOST_TEST(reply.status == 400);
  Parsed r(reply.body);
  BOOST_TEST(r.at("/root/errors/0/code").get_int64().value() == 4);
  std::string message(r.at("/root/errors/0/message").get_string().value());
  BOOST_TEST(message.find("position 42") != std::string::npos, message);
  BOOST_TEST(cluster().search("query=coldplay&hits=401").status == 400);
  BOOST_TEST(cluster().search("query=coldplay&timeout=soon").status == 400);
}

// How often each group was chosen by the container on `port`, from its metrics.
std::map<std::string, int64_t> groups_chosen(uint16_t port) {
  std::map<std::string, int64_t> out;
  Parsed m(http::http_get("127.0.0.1", port, "/state/v1/metrics").body);
  for (auto v : m.at("/metrics/values").get_array()) {
    if (v.at_pointer("/name").get_string().value() != "dispatch_group_chosen") continue;
    out[std::string(v.at_pointer("/dimensions/group").get_string().value())] =
        v.at_pointer("/values/count").get_int64().value();
  }
  return out;
}

// Sends 300 queries to the container of `policy`; returns the queries each group got.
std::pair<int64_t, int64_t> spread_300(const std::string& policy) {
  uint16_t port = cluster().policy_ports.at(policy);
  auto before = groups_chosen(port);
  for (int i = 0; i < 300; ++i) {
    auto r = http::http_get("127.0.0.1", port, "/search/?query=beatles");
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
  }
  auto after = groups_chosen(port);
  return {after["0"] - before["0"], after["1"] - before["1"]};
}

BOOST_AUTO_TEST_CASE(round_robin_spreads_300_queries_evenly_over_both_groups) {
  auto [g0, g1] = spread_300("round-robin");
  BOOST_TEST(g0 == 150);
  BOOST_TEST(g1 == 150);
  auto prom = http::http_get("127.0.0.1", cluster().container_port, "/prometheus/v1/values");
  BOOST_TEST(prom.body.find("dispatch_group_chosen") != std::string::npos);
}

// Two equal groups: adaptive weighs them by inverse latency, best-of-random-2 breaks the tie of
// two idle groups at random. Either way both groups get a real share; 300 fair draws put fewer
// than 60 in one group with a probability below 1e-25, and a policy stuck on one group fails.
BOOST_AUTO_TEST_CASE(adaptive_spreads_300_queries_over_both_groups) {
  auto [g0, g1] = spread_300("adaptive");
  BOOST_TEST(g0 + g1 == 300);
  BOOST_TEST(g0 >= 60);
  BOOST_TEST(g1 >= 60);
}

BOOST_AUTO_TEST_CASE(best_of_random_2_spreads_300_queries_over_both_groups) {
  auto [g0, g1] = spread_300("best-of-random-2");
  BOOST_TEST(g0 + g1 == 300);
  BOOST_TEST(g0 >= 60);
  BOOST_TEST(g1 >= 60);
}

BOOST_AUTO_TEST_CASE(a_killed_node_gives_partial_coverage_or_its_group_is_avoided) {
  Cluster& c = cluster();
  c.nodes.at(1).signal(SIGKILL);
  BOOST_REQUIRE(c.nodes.at(1).wait_exit(5s).has_value());
  // Right away: group 0 answers with partial coverage and an error, or is avoided.
  Parsed r(c.search("query=coldplay&model.searchGroup=0").body);
  int64_t group = r.at("/root/fields/searchGroup").get_int64().value();
  bool full = r.at("/root/coverage/full").get_bool().value();
  if (group == 0) {
    BOOST_TEST(!full);
    BOOST_TEST(r.has("/root/errors/0/code"));
  } else {
    BOOST_TEST(full);
  }
  // After the pings, every query goes to the working group with full coverage.
  std::this_thread::sleep_for(1500ms);
  for (int i = 0; i < 10; ++i) {
    Parsed q(c.search("query=coldplay").body);
    BOOST_TEST(q.at("/root/fields/searchGroup").get_int64().value() == 1);
    BOOST_TEST(q.at("/root/coverage/full").get_bool().value());
    BOOST_TEST(q.at("/root/fields/totalCount").get_int64().value() == 3);
  }
}

BOOST_AUTO_TEST_CASE(sigterm_stops_the_container_with_exit_code_0) {
  Cluster& c = cluster();
  c.containers.front().signal(SIGTERM);
  auto code = c.containers.front().wait_exit(15s);
  BOOST_REQUIRE(code.has_value());
  BOOST_TEST(*code == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
