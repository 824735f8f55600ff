// System test: every case of tests/queries/*.test against three layouts of the music
// application fed with tests/queries/data/music-catalogue.jsonl through `grove feed`:
//   - one content node (redundancy 1);
//   - schemas/music-grouped, two groups of two nodes with redundancy 2, each group pinned in turn
//     with model.searchGroup;
//   - the same package in this process: its four nodes a content::LocalCluster (the in-process
//     twin of the content protocol) behind a ContainerServer on a free port.
// All five runs must give the case's expected hits with the same relevance: global statistics
// make scores independent of the layout, and the twin answers as the Thrift nodes do. New cases
// are recorded with tests/queries/record.py.
//
// The process clusters are started with `grove up` on free ports and stopped with `grove down`.

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "container/server/container_server.h"
#include "content/rpc/local_cluster.h"
#include "services/http/http_client.h"
#include "tests/system/system_test_support.h"
#include "tests/system/query_file.h"

namespace grove::testing {

namespace {

using namespace std::chrono_literals;
using HttpResult = http::HttpReply;  // status 0 when nothing answered (http::http_get)

const std::string kBin = GROVE_BIN_DIR;
const std::string kSource = GROVE_SOURCE_DIR;
const std::string kCorpus = kSource + "/tests/queries/data/music-catalogue.jsonl";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The music application on one content node.
std::string make_one_node_package(const std::string& dir) {
  std::filesystem::create_directories(dir + "/app");
  std::filesystem::copy(kSource + "/schemas/music-grouped/schemas", dir + "/app/schemas",
                        std::filesystem::copy_options::recursive);
  std::ofstream(dir + "/app/services.xml") << R"(<?xml version="1.0" encoding="utf-8" ?>
<services version="1.0">
  <container id="default" version="1.0">
    <search/>
    <document-api/>
    <http><server id="default" port="8080"/></http>
  </container>
  <content id="music" version="1.0">
    <redundancy>1</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes><node hostalias="node0" distribution-key="0"/></nodes>
  </content>
</services>
)";
  return dir + "/app";
}

// The feeder.ok.count of `grove feed`'s summary; -1 when it is missing.
long ok_count(const std::string& output) {
  size_t key = output.find("\"feeder.ok.count\"");
  if (key == std::string::npos) return -1;
  size_t colon = output.find(':', key);
  return colon == std::string::npos ? -1 : std::strtol(output.c_str() + colon + 1, nullptr, 10);
}

// Feeds the catalogue through the container on `port` with `grove feed`.
void feed_catalogue(uint16_t port) {
  auto feed = run_command({kBin + "/grove", "feed", "--endpoint", fmt::format("http://127.0.0.1:{}", port),
                           kCorpus},
                          180s);
  BOOST_REQUIRE_MESSAGE(feed.exit_code == 0, feed.output);
  BOOST_REQUIRE_MESSAGE(ok_count(feed.output) == 400, feed.output);
}

// One `grove up` cluster, fed with the catalogue; `grove down` when destroyed.
class Layout {
 public:
  Layout(const std::string& app, int content_nodes, const std::string& dir) : data_(dir + "/data") {
    uint16_t base = free_port_block(2 * content_nodes + 1);
    port_ = static_cast<uint16_t>(base + 2 * content_nodes);  // after the nodes' Thrift and HTTP ports
    auto up = run_command({kBin + "/grove", "up", app, "--data", data_, "--base-port",
                           std::to_string(base), "--container-port", std::to_string(port_), "--configserver-port", "0", "--node-port", "0"},
                          180s);
    up_ = up.exit_code == 0;
    BOOST_REQUIRE_MESSAGE(up_, up.output);
  }
  // Separate from the constructor, so that a failing feed still runs the destructor's down().
  void feed() const { feed_catalogue(port_); }
  ~Layout() { down(); }
  // Stops the processes by their pids in DIR/cluster.json (before that directory is removed).
  void down() {
    if (up_) run_command({kBin + "/grove", "down", "--data", data_}, 60s);
    up_ = false;
  }
  HttpResult search(const std::string& query) const { return http::http_get("127.0.0.1", port_, "/search/?" + query); }

 private:
  std::string data_;
  uint16_t port_ = 0;
  bool up_ = false;
};

// An application's content nodes in this process (LocalCluster) behind a container in this
// process, on a free port of 127.0.0.1.
class InProcessLayout {
 public:
  InProcessLayout(const std::string& app, const std::string& dir) {
    content::LocalClusterOptions options;
    options.application = app;
    options.data_dir = dir;
    auto nodes = content::LocalCluster::open(std::move(options));
    BOOST_REQUIRE_MESSAGE(nodes.ok(), nodes.status().to_string());
    nodes_ = std::move(*nodes);
    container::ContainerOptions container_options;
    container_options.app_dir = app;
    container_options.port = 0;
    container_options.connect = [this](const std::string&, uint16_t key) { return nodes_->connect(key); };
    auto server = container::ContainerServer::create(std::move(container_options));
    BOOST_REQUIRE_MESSAGE(server.ok(), server.status().to_string());
    server_ = std::move(*server);
    Status started = server_->start();
    BOOST_REQUIRE_MESSAGE(started.ok(), started.to_string());
  }
  ~InProcessLayout() { down(); }
  void down() {
    if (server_) server_->stop();
    if (nodes_) nodes_->stop();
  }
  void feed() const { feed_catalogue(server_->port()); }
  HttpResult search(const std::string& query) const { return http::http_get("127.0.0.1", server_->port(), "/search/?" + query); }

 private:
  std::unique_ptr<content::LocalCluster> nodes_;
  std::unique_ptr<container::ContainerServer> server_;
};

struct Layouts {
  Layouts()
      : one(make_one_node_package(dir + "/one"), 1, dir + "/one"),
        grouped(kSource + "/schemas/music-grouped", 4, dir + "/grouped"),
        in_process(kSource + "/schemas/music-grouped", dir + "/in-process") {
    one.feed();
    grouped.feed();
    in_process.feed();
  }
  ~Layouts() {
    one.down();
    grouped.down();
    in_process.down();
    std::filesystem::remove_all(dir);
  }
  std::string dir = make_temp_dir("grove-query-files");
  Layout one;
  Layout grouped;
  InProcessLayout in_process;
};

std::vector<QueryFile> query_files() {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(kSource + "/tests/queries")) {
    if (entry.path().extension() == ".test") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<QueryFile> files;
  for (const auto& path : paths) files.push_back(parse_query_file(path, read_file(path)));
  return files;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(query_files_system)

BOOST_AUTO_TEST_CASE(every_case_gives_its_expected_hits_on_every_layout) {
  auto files = query_files();
  BOOST_REQUIRE(!files.empty());
  Layouts layouts;
  size_t cases = 0;
  for (const QueryFile& file : files) {
    for (const QueryCase& c : file.cases) {
      ++cases;
      std::string where = fmt::format("{}:{} ({})", file.path, c.line, c.name);
      HttpResult one = layouts.one.search(encode_params(c));
      BOOST_CHECK_MESSAGE(compare_result(c, one.status, one.body).empty(),
                          where << ", one node: " << compare_result(c, one.status, one.body));
      for (int group : {0, 1}) {
        HttpResult r = layouts.grouped.search(encode_params(c, fmt::format("model.searchGroup={}", group)));
        std::string diff = compare_result(c, r.status, r.body);
        BOOST_CHECK_MESSAGE(diff.empty(), where << ", group " << group << ": " << diff);
        if (r.status == 200) {
          BOOST_CHECK_MESSAGE(r.body.find(fmt::format("\"searchGroup\":{}", group)) != std::string::npos,
                              where << ": group " << group << " was not the one searched: " << r.body);
          BOOST_CHECK_MESSAGE(r.body.find("\"full\":true") != std::string::npos, where << ": " << r.body);
        }
        // The in-process twin of the same package, group by group.
        HttpResult twin = layouts.in_process.search(encode_params(c, fmt::format("model.searchGroup={}", group)));
        std::string twin_diff = compare_result(c, twin.status, twin.body);
        BOOST_CHECK_MESSAGE(twin_diff.empty(), where << ", in-process group " << group << ": " << twin_diff);
        BOOST_CHECK_MESSAGE(twin.status == r.status, where << ": in-process " << twin.status << ", Thrift " << r.status);
      }
    }
  }
  BOOST_TEST_MESSAGE(cases << " query cases checked on three layouts (five runs)");
  BOOST_TEST(cases >= 20u);
}

BOOST_AUTO_TEST_CASE(a_malformed_query_file_is_reported_with_its_line) {
  BOOST_CHECK_EXCEPTION(parse_query_file("x.test", "query a\nparam hits=1\nbogus 3\nend\n"),
                        std::runtime_error, [](const std::runtime_error& e) {
                          return std::string(e.what()).find("x.test:3: unknown keyword 'bogus'") == 0;
                        });
  BOOST_CHECK_THROW(parse_query_file("x.test", "query a\nparam hits=1\n"), std::runtime_error);
  BOOST_CHECK_THROW(parse_query_file("x.test", "total 3\n"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(a_result_that_differs_from_the_case_is_described) {
  QueryCase c = parse_query_file("x.test",
                                 "query a\nparam hits=2\ntotal 3\nhit id:a 2.0\nhit id:b 1.0\nend\n")
                    .cases[0];
  auto body = [](const char* first, double r1, const char* second, double r2) {
    return fmt::format(R"({{"root":{{"fields":{{"totalCount":3}},"children":[{{"id":"{}","relevance":{}}},{{"id":"{}","relevance":{}}}]}}}})",
                       first, r1, second, r2);
  };
  BOOST_TEST(compare_result(c, 200, body("id:a", 2.0, "id:b", 1.0)).empty());
  BOOST_TEST(!compare_result(c, 200, body("id:b", 2.0, "id:a", 1.0)).empty());
  BOOST_TEST(!compare_result(c, 200, body("id:a", 2.0, "id:b", 1.1)).empty());
  BOOST_TEST(!compare_result(c, 400, "{}").empty());
  // The last tie is cut by the hit limit: any document of that relevance will do.
  BOOST_TEST(compare_result(c, 200, body("id:a", 2.0, "id:z", 1.0)).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
