// System test: the grove command-line tool as an operator runs it.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>

#include "services/http/http_client.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {

namespace {

const std::string kGrove = std::string(GROVE_BIN_DIR) + "/grove";
const std::string kSource = GROVE_SOURCE_DIR;

CommandResult grove(std::vector<std::string> args) {
  args.insert(args.begin(), kGrove);
  return run_command(args);
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(grove_cli)

BOOST_AUTO_TEST_CASE(validate_accepts_every_sample_package) {
  for (const char* app : {"music-flat", "music-grouped", "vespa-9-nodes-3x3", "migration/1-flat-r2",
                          "migration/2-flat-r4", "migration/3-grouped-4x1", "gcide", "kjv"}) {
    auto r = grove({"validate", kSource + "/schemas/" + app});
    BOOST_TEST(r.exit_code == 0, app << ": " << r.output);
    BOOST_TEST(contains(r.output, "valid"), app);
  }
}

BOOST_AUTO_TEST_CASE(validate_rejects_the_guide_example_naming_all_three_problems) {
  auto r = grove({"validate", kSource + "/tests/data/apps/guide-bad-groups"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.output, "hostalias 'node1' serves 3 nodes"), r.output);
  BOOST_TEST(contains(r.output, "distribution-key 0 is used by 4 nodes"), r.output);
  BOOST_TEST(contains(r.output, "4 leaf groups do not divide redundancy 1"), r.output);
  BOOST_TEST(contains(r.output, "services.xml:"), r.output);
}

BOOST_AUTO_TEST_CASE(validate_exits_2_for_a_missing_package_and_bad_usage) {
  BOOST_TEST(grove({"validate", kSource + "/no/such/dir"}).exit_code == 2);
  BOOST_TEST(grove({"validate"}).exit_code == 2);
  BOOST_TEST(grove({"validate", "a", "b"}).exit_code == 2);
  BOOST_TEST(grove({"no-such-command"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(validate_reports_malformed_xml_with_its_line) {
  auto r = grove({"validate", kSource + "/tests/data/apps/malformed-xml"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.output, "services.xml:"), r.output);
}

BOOST_AUTO_TEST_CASE(ideal_state_prints_vespa_gid_and_bucket_and_one_active_copy_per_group) {
  auto r = grove({"ideal-state", kSource + "/schemas/music-grouped", "--json", "--doc",
                  "id:music:music::specific"});
  BOOST_TEST(r.exit_code == 0, r.output);
  // The gid and bucket of this id follow from Vespa's vector for id:ns:type::specific: the
  // location (MD5 of the user part) is the same, the rest of the gid differs.
  BOOST_TEST(contains(r.output, "\"bucket\":\"0x"), r.output);
  BOOST_TEST(contains(r.output, "66d96720\""), r.output);
  BOOST_TEST(contains(r.output, "\"group\":\"group0\",\"ready\":true,\"active\":true"), r.output);
  BOOST_TEST(contains(r.output, "\"group\":\"group1\",\"ready\":true,\"active\":true"), r.output);
}

BOOST_AUTO_TEST_CASE(ideal_state_avoids_down_nodes_and_names_bad_input) {
  auto r = grove({"ideal-state", kSource + "/schemas/music-flat", "--cluster-state",
                  "distributor:2 .0.s:d storage:2 .0.s:d", "--doc", "id:music:music::a", "--bucket",
                  "0x4000000000000007"});
  BOOST_TEST(r.exit_code == 0, r.output);
  BOOST_TEST(!contains(r.output, "node 0 "), r.output);
  BOOST_TEST(contains(r.output, "distributor  node 1"), r.output);

  auto bad = grove({"ideal-state", kSource + "/schemas/music-flat", "--doc", "id:music:music:n=x:a",
                    "--doc", "id:other:book::b", "--bucket", "0x1000000000000001"});
  BOOST_TEST(bad.exit_code == 1);
  BOOST_TEST(contains(bad.output, "'n=x' is not n=<unsigned 64-bit number>"), bad.output);
  BOOST_TEST(contains(bad.output, "document type 'book' is not stored"), bad.output);
  BOOST_TEST(contains(bad.output, "uses 4 bits but the cluster uses 16"), bad.output);

  auto bad_state = grove({"ideal-state", kSource + "/schemas/music-flat", "--cluster-state",
                          "storage:2 .5.s:d", "--doc", "id:music:music::a"});
  BOOST_TEST(bad_state.exit_code == 2);
  BOOST_TEST(contains(bad_state.output, "\".5.s:d\""), bad_state.output);
}

BOOST_AUTO_TEST_CASE(up_starts_every_content_node_and_down_stops_them_by_pid) {
  std::string data = make_temp_dir("grove-up-test");
  std::string base = std::to_string(free_port_block(9));
  std::string container_port = std::to_string(std::stoi(base) + 8);  // after the 4 nodes' 8 ports
  auto up = grove({"up", kSource + "/schemas/music-grouped", "--data", data, "--base-port", base,
                   "--container-port", container_port, "--configserver-port", "0", "--node-port", "0"});
  BOOST_TEST(up.exit_code == 0, up.output);
  BOOST_TEST(contains(up.output, "all 5 processes are up"), up.output);
  BOOST_TEST(contains(up.output, "http://127.0.0.1:" + container_port + "/search/"), up.output);
  auto port = static_cast<uint16_t>(std::stoi(container_port));
  BOOST_TEST(http::http_get("127.0.0.1", port, "/state/v1/health").status == 200);
  http::HttpReply search = http::http_get("127.0.0.1", port, "/search/?query=yellow");
  BOOST_TEST(search.status == 200, search.body);
  BOOST_TEST(contains(search.body, R"("totalCount":0)"), search.body);  // nothing fed yet
  auto status = grove({"status", "--data", data});
  BOOST_TEST(status.exit_code == 0, status.output);
  BOOST_TEST(contains(status.output, "content node 3 of 'music'"), status.output);
  auto again = grove({"up", kSource + "/schemas/music-grouped", "--data", data, "--base-port", base,
                      "--container-port", container_port, "--configserver-port", "0", "--node-port", "0"});
  BOOST_TEST(again.exit_code == 1);
  BOOST_TEST(contains(again.output, "is still running"), again.output);
  auto down = grove({"down", "--data", data});
  BOOST_TEST(down.exit_code == 0, down.output);
  BOOST_TEST(grove({"status", "--data", data}).exit_code == 1);
  BOOST_TEST(grove({"down", "--data", data}).exit_code == 1);  // nothing recorded any more
  std::filesystem::remove_all(data);
}

BOOST_AUTO_TEST_CASE(up_refuses_an_invalid_package_and_starts_nothing) {
  std::string data = make_temp_dir("grove-up-bad");
  auto up = grove({"up", kSource + "/tests/data/apps/guide-bad-groups", "--data", data});
  BOOST_TEST(up.exit_code == 1);
  BOOST_TEST(contains(up.output, "nothing started"), up.output);
  BOOST_TEST(!std::filesystem::exists(data + "/cluster.json"));
  std::filesystem::remove_all(data);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
