// config-model/deploy/process_plan: which processes a generation runs, with ports that stay
// put across generations, their arguments, and the JSON round trip.

#include "config-model/deploy/process_plan.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/config-model/deploy/model_fixtures.h"

namespace grove::deploy::test {
namespace {

ProcessPlan plan_of(const TestModel& m, const ProcessPlan* previous = nullptr, uint64_t generation = 1,
                    ProcessPlanOptions options = {}) {
  return must(plan_processes(*m, previous, generation, options));
}

std::vector<std::pair<std::string, int>> hosts(const std::vector<int>& keys) {
  std::vector<std::pair<std::string, int>> out;
  for (int k : keys) out.push_back({"node" + std::to_string(k), k});
  return out;
}

const PlannedProcess& content(const ProcessPlan& plan, uint16_t key, const std::string& cluster = "music") {
  const PlannedProcess* p = plan.find(ProcessKind::kContent, cluster, key);
  BOOST_REQUIRE_MESSAGE(p != nullptr, "no content node " << key);
  return *p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(process_plan)

BOOST_AUTO_TEST_CASE(a_first_plan_numbers_ports_like_grove_up) {
  TestModel m = load_package("schemas/music-grouped");
  ProcessPlan plan = plan_of(m);
  BOOST_TEST(plan.generation == 1u);
  BOOST_REQUIRE(plan.processes.size() == 5u);
  for (uint16_t key = 0; key < 4; ++key) {
    const PlannedProcess& p = content(plan, key);
    BOOST_TEST(p.thrift_port == 19100 + 2 * key);
    BOOST_TEST(p.http_port == 19101 + 2 * key);
    BOOST_TEST(p.data_dir == "music/node" + std::to_string(key));
    BOOST_TEST(p.hostalias == "node" + std::to_string(key));
    BOOST_TEST(p.hostname == "localhost");
  }
  const PlannedProcess* container = plan.find(ProcessKind::kContainer, "default", 0);
  BOOST_REQUIRE(container != nullptr);
  BOOST_TEST(container->http_port == 8080);
  BOOST_TEST(container->thrift_port == 0);
  BOOST_TEST(container->describe() == "container 0 of 'default'");
}

BOOST_AUTO_TEST_CASE(kept_processes_keep_their_ports_and_new_ones_take_the_lowest_free) {
  TestModel a = load_services(services(flat_cluster("music", 2, hosts({0, 1, 2, 3}))));
  ProcessPlan first = plan_of(a);
  // Node 1 goes away, node 7 comes: it must not reuse 19102/19103 (node 1 may still be
  // stopping) and the others must not move.
  TestModel b = load_services(services(flat_cluster("music", 2, hosts({0, 2, 3, 7}))));
  ProcessPlan second = plan_of(b, &first, 2);
  for (uint16_t key : {0, 2, 3}) {
    BOOST_TEST(content(second, key).thrift_port == content(first, key).thrift_port);
    BOOST_TEST(content(second, key).http_port == content(first, key).http_port);
  }
  BOOST_TEST(content(second, 7).thrift_port == 19108);
  BOOST_TEST(content(second, 7).http_port == 19109);
  BOOST_TEST(second.find(ProcessKind::kContent, "music", 1) == nullptr);
  // A third generation may reuse node 1's ports: no process of plan 2 holds them.
  TestModel c = load_services(services(flat_cluster("music", 2, hosts({0, 2, 3, 7, 8}))));
  ProcessPlan third = plan_of(c, &second, 3);
  BOOST_TEST(content(third, 8).thrift_port == 19102);
  BOOST_TEST(content(third, 7).thrift_port == 19108);
}

BOOST_AUTO_TEST_CASE(ports_skip_reserved_and_container_ports) {
  TestModel m = load_services(services(flat_cluster("music", 1, hosts({0, 1})), 19101));
  ProcessPlanOptions options;
  options.reserved_ports = {19100};
  ProcessPlan plan = plan_of(m, nullptr, 1, options);
  const PlannedProcess* container = plan.find(ProcessKind::kContainer, "default", 0);
  BOOST_TEST(container->http_port == 19101, "the operator's port comes first");
  BOOST_TEST(content(plan, 0).thrift_port == 19102);
  BOOST_TEST(content(plan, 1).thrift_port == 19104);
}

BOOST_AUTO_TEST_CASE(a_container_follows_a_changed_server_port_and_keeps_an_unchanged_one) {
  TestModel a = load_services(services(flat_cluster("music", 1, hosts({0})), 8080));
  ProcessPlan first = plan_of(a);
  ProcessPlan same = plan_of(a, &first, 2);
  BOOST_TEST((same.processes == first.processes));
  TestModel b = load_services(services(flat_cluster("music", 1, hosts({0})), 8090));
  ProcessPlan moved = plan_of(b, &first, 2);
  BOOST_TEST(moved.find(ProcessKind::kContainer, "default", 0)->http_port == 8090);
  BOOST_TEST(moved.find(ProcessKind::kContainer, "default", 0)->requested_port == 8090);
  BOOST_TEST(content(moved, 0).thrift_port == content(first, 0).thrift_port);
}

BOOST_AUTO_TEST_CASE(arguments_are_what_grove_up_passes) {
  TestModel m = load_services(services(flat_cluster("music", 1, hosts({0, 1}))));
  ProcessPlan plan = plan_of(m);
  const PlannedProcess& node1 = content(plan, 1);
  BOOST_TEST(node1.binary() == "grove-content");
  std::vector<std::string> args = plan.arguments(node1, "/app", "/data");
  std::vector<std::string> expected = {"--data-dir", "/data/music/node1", "--port", "19102",
                                       "--http-port", "19103", "--app", "/app", "--cluster", "music",
                                       "--key", "1", "--nodes", "0=127.0.0.1:19100,1=127.0.0.1:19102"};
  BOOST_TEST(args == expected, boost::test_tools::per_element());
  const PlannedProcess* container = plan.find(ProcessKind::kContainer, "default", 0);
  std::vector<std::string> cargs = plan.arguments(*container, "/app", "/data");
  std::vector<std::string> cexpected = {"--app", "/app", "--port", "8080", "--nodes",
                                        "music:0=127.0.0.1:19100,music:1=127.0.0.1:19102"};
  BOOST_TEST(cargs == cexpected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(json_round_trips) {
  TestModel m = load_package("schemas/vespa-9-nodes-3x3");
  ProcessPlan plan = plan_of(m, nullptr, 42);
  ProcessPlan back = must(ProcessPlan::parse_json(plan.to_json()));
  BOOST_TEST((back == plan));
  BOOST_TEST(back.processes.size() == 10u);
  BOOST_TEST(back.generation == 42u);
}

BOOST_AUTO_TEST_CASE(bad_json_names_the_process_and_field) {
  auto error = [](const std::string& json) { return failure(ProcessPlan::parse_json(json)).message(); };
  BOOST_TEST(contains(error("[1"), "process plan: not JSON"));
  BOOST_TEST(contains(error("{\"processes\":[]}"), "'generation' is missing"));
  std::string node = R"({"kind":"content","cluster":"music","key":0,"hostalias":"a","hostname":"h","thrift-port":19100,"http-port":19101,"data-dir":"music/node0"})";
  BOOST_TEST(must(ProcessPlan::parse_json("{\"generation\":1,\"processes\":[" + node + "]}")).processes.size() == 1u);
  std::string bad_kind = node;
  bad_kind.replace(bad_kind.find("content"), 7, "daemon");
  BOOST_TEST(contains(error("{\"generation\":1,\"processes\":[" + bad_kind + "]}"),
                      "processes[0].kind: 'daemon' is neither content nor container"));
  std::string big_port = node;
  big_port.replace(big_port.find("19101"), 5, "70000");
  BOOST_TEST(contains(error("{\"generation\":1,\"processes\":[" + big_port + "]}"),
                      "processes[0].http-port: 70000 is more than 65535"));
  std::string other = node;
  other.replace(other.find("\"key\":0"), 7, "\"key\":1");
  BOOST_TEST(contains(error("{\"generation\":1,\"processes\":[" + node + "," + other + "]}"),
                      "port 19100 is used twice (again by content node 1 of 'music')"));
  BOOST_TEST(contains(error("{\"generation\":1,\"processes\":[{\"kind\":\"container\"}]}"),
                      "processes[0].cluster: missing or not a string"));
}

BOOST_AUTO_TEST_CASE(no_free_ports_left_is_an_error_naming_the_process) {
  TestModel m = load_services(services(flat_cluster("music", 1, hosts({0, 1}))));
  ProcessPlanOptions options;
  options.base_port = 65533;
  Status s = failure(plan_processes(*m, nullptr, 1, options));
  BOOST_TEST(contains(s.message(), "content node 1 of 'music': no two free consecutive ports from 65533"), s.message());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::deploy::test
