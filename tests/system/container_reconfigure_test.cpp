// ContainerServer::reconfigure while it serves: the music-grouped nodes (2 groups × 2) in this
// process behind a container; a new generation whose content cluster is only group 0's nodes
// (flat) sends every query there, and the grouped generation again brings back both groups. No
// query fails across the changes, and every answer is complete.

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "container/server/container_server.h"
#include "content/rpc/local_cluster.h"
#include "services/http/http_client.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const std::string kBin = std::string(GROVE_BIN_DIR);
const std::string kSchemas = std::string(GROVE_SOURCE_DIR) + "/schemas";
constexpr int kSampleDocuments = 12;  // schemas/feeds/music-sample.jsonl

// music-grouped's package with its content cluster as group 0's two nodes, flat, one copy:
// together they hold every document of the grouped layout's group 0 exactly once.
std::string group0_only(const std::string& dir) {
  fs::copy(kSchemas + "/music-grouped", dir, fs::copy_options::recursive);
  std::ifstream in(dir + "/services.xml");
  std::stringstream text;
  text << in.rdbuf();
  std::string services = text.str();
  size_t from = services.find("<redundancy>");
  size_t to = services.find("</content>");
  BOOST_REQUIRE(from != std::string::npos && to != std::string::npos);
  services.replace(from, to - from, R"(<redundancy>1</redundancy>
    <documents>
      <document type="music" mode="index"/>
    </documents>
    <nodes>
      <node hostalias="node0" distribution-key="0"/>
      <node hostalias="node1" distribution-key="1"/>
    </nodes>
  )");
  std::ofstream(dir + "/services.xml", std::ios::trunc) << services;
  return dir;
}

struct Answer {
  int status = 0;
  int64_t total = -1;
  int64_t group = -1;
  bool full = false;
};

Answer query(uint16_t port) {
  auto reply = http::http_get("127.0.0.1", port, "/search/?yql=select%20*%20from%20music%20where%20true&hits=20");
  Answer a;
  a.status = reply.status;
  if (reply.status != 200) return a;
  simdjson::dom::parser parser;
  auto root = parser.parse(reply.body)["root"];
  a.total = root["fields"]["totalCount"].get_int64().value();
  a.full = root["coverage"]["full"].get_bool().value();
  int64_t group = -1;
  if (!root["fields"]["searchGroup"].get(group)) a.group = group;
  return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(container_reconfigure_system)

BOOST_AUTO_TEST_CASE(a_new_generation_changes_the_groups_queries_go_to) {
  const std::string dir = make_temp_dir("grove-container-reconfigure-test");
  const std::string grouped = kSchemas + "/music-grouped";
  const std::string flat = group0_only(dir + "/group0");
  content::LocalClusterOptions options;
  options.application = grouped;
  options.data_dir = dir + "/nodes";
  auto nodes = content::LocalCluster::open(std::move(options));
  BOOST_REQUIRE_MESSAGE(nodes.ok(), nodes.status().to_string());
  container::ContainerOptions container_options;
  container_options.app_dir = grouped;
  container_options.port = 0;
  container_options.connect = [&](const std::string&, uint16_t key) { return (*nodes)->connect(key); };
  // Only the container gets generation 2 here; the nodes keep their config, so they never
  // report its layout activated: the switch goes at the (short) layout-switch timeout.
  container_options.layout_switch_timeout = std::chrono::milliseconds(300);
  auto server = container::ContainerServer::create(std::move(container_options));
  BOOST_REQUIRE_MESSAGE(server.ok(), server.status().to_string());
  BOOST_REQUIRE((*server)->start().ok());
  const uint16_t port = (*server)->port();
  auto feed = run_command({kBin + "/grove", "feed", "--endpoint", fmt::format("http://127.0.0.1:{}", port),
                           kSchemas + "/feeds/music-sample.jsonl"},
                          120s);
  BOOST_REQUIRE_MESSAGE(feed.exit_code == 0, feed.output);

  std::set<int64_t> groups;
  for (int i = 0; i < 8; ++i) {
    Answer a = query(port);
    BOOST_REQUIRE_EQUAL(a.status, 200);
    BOOST_TEST(a.total == kSampleDocuments);
    groups.insert(a.group);
  }
  BOOST_TEST(groups == (std::set<int64_t>{0, 1}));

  // Generation 2: group 0's nodes only. It serves after its first pings; queries meanwhile are
  // answered by generation 1.
  Status status = (*server)->reconfigure(flat, {}, 2);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.to_string());
  for (int i = 0; i < 200 && (*server)->generation() != 2; ++i) {
    Answer a = query(port);
    BOOST_TEST(a.status == 200);
    BOOST_TEST(a.total == kSampleDocuments);
    std::this_thread::sleep_for(10ms);
  }
  BOOST_REQUIRE_EQUAL((*server)->generation(), 2u);
  for (int i = 0; i < 8; ++i) {
    Answer a = query(port);
    BOOST_REQUIRE_EQUAL(a.status, 200);
    BOOST_TEST(a.total == kSampleDocuments);
    BOOST_TEST(a.full);
    BOOST_TEST(a.group == 0);  // the only group, the root of a flat cluster
  }

  // Generation 3: both groups again.
  status = (*server)->reconfigure(grouped, {}, 3);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.to_string());
  for (int i = 0; i < 200 && (*server)->generation() != 3; ++i) std::this_thread::sleep_for(10ms);
  BOOST_REQUIRE_EQUAL((*server)->generation(), 3u);
  groups.clear();
  for (int i = 0; i < 8; ++i) {
    Answer a = query(port);
    BOOST_REQUIRE_EQUAL(a.status, 200);
    BOOST_TEST(a.total == kSampleDocuments);
    groups.insert(a.group);
  }
  BOOST_TEST(groups == (std::set<int64_t>{0, 1}));

  // A package that does not load is refused, and generation 3 keeps serving.
  BOOST_TEST((*server)->reconfigure(dir + "/missing", {}, 4).code() == StatusCode::kInvalidArgument);
  BOOST_TEST((*server)->generation() == 3u);
  (*server)->stop();
  (*nodes)->stop();
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
