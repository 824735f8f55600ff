// config-model/deploy/deploy_change: what a deploy changes, its data-loss checks against
// validation-overrides.xml, the expected data movement, and the JSON and text renderings.

#include "config-model/deploy/deploy_change.h"

#include <simdjson.h>

#include <boost/test/unit_test.hpp>

#include <chrono>

#include "tests/unit/config-model/deploy/model_fixtures.h"

namespace grove::deploy::test {
namespace {

using namespace std::chrono;

const Date kToday = year(2026) / month(3) / day(10);

std::vector<std::pair<std::string, int>> hosts(int count, int first_key = 0) {
  std::vector<std::pair<std::string, int>> out;
  for (int i = 0; i < count; ++i) out.push_back({"node" + std::to_string(i), first_key + i});
  return out;
}

ValidationOverrides allowing(std::string_view id, const std::string& until = "2026-03-20") {
  return must(ValidationOverrides::parse(
      fmt::format("<validation-overrides><allow until=\"{}\">{}</allow></validation-overrides>", until, id),
      kToday));
}

DeployChange change_of(const TestModel* before, const TestModel& after,
                       const ValidationOverrides& overrides = ValidationOverrides(kToday),
                       DeployChangeOptions options = {}) {
  return must(compute_deploy_change(before ? before->get() : nullptr, *after, overrides, options));
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

bool has_line(const DeployChange& c, const std::string& needle) {
  return contains(joined(c.to_lines()), needle);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(deploy_change)

BOOST_AUTO_TEST_CASE(the_first_deploy_adds_everything_and_refuses_nothing) {
  TestModel m = load_services(services(flat_cluster("music", 1, hosts(1))));
  DeployChange c = change_of(nullptr, m);
  BOOST_TEST(c.first_deploy);
  BOOST_TEST(!c.refused());
  BOOST_TEST(c.refusal_status().ok());
  BOOST_REQUIRE(c.content.size() == 1u);
  BOOST_TEST((c.content[0].kind == ClusterChangeKind::kAdded));
  BOOST_TEST(c.content[0].nodes_added.size() == 1u);
  BOOST_TEST(!c.content[0].movement.has_value());
  BOOST_TEST(has_line(c, "content cluster 'music' added: 1 node, redundancy 1, searchable-copies 1"), joined(c.to_lines()));
  BOOST_TEST(has_line(c, "container cluster 'default' added: 1 node, http port 8080"), joined(c.to_lines()));
}

BOOST_AUTO_TEST_CASE(the_same_package_again_changes_and_moves_nothing) {
  TestModel a = load_package("schemas/music-grouped");
  TestModel b = load_package("schemas/music-grouped");
  DeployChange c = change_of(&a, b);
  BOOST_TEST(!c.first_deploy);
  BOOST_REQUIRE(c.content.size() == 1u);
  BOOST_TEST(!c.content[0].changed());
  BOOST_REQUIRE(c.content[0].movement.has_value());
  BOOST_TEST(c.content[0].movement->buckets == 65536u);
  BOOST_TEST(c.content[0].movement->buckets_changed == 0u);
  BOOST_TEST(has_line(c, "content cluster 'music': unchanged"));
  BOOST_TEST(has_line(c, "container cluster 'default': unchanged"));
}

BOOST_AUTO_TEST_CASE(adding_a_flat_node_moves_only_the_buckets_it_takes) {
  TestModel a = load_services(services(flat_cluster("music", 2, hosts(3))));
  TestModel b = load_services(services(flat_cluster("music", 2, hosts(4))));
  DeployChange c = change_of(&a, b, ValidationOverrides(kToday), {.documents_per_bucket = 10});
  const ContentClusterChange& music = c.content.at(0);
  BOOST_TEST((music.nodes_added == std::vector<NodeRef>{{3, "node3", ""}}));
  BOOST_TEST(music.nodes_removed.empty());
  BOOST_TEST(!c.refused());
  const DataMovement& m = *music.movement;
  // Vespa's placement moves minimally: the new node takes about R/N of the replicas, one per
  // changed bucket, and each comes from an old node.
  BOOST_TEST(m.replicas_created == m.buckets_changed);
  BOOST_TEST(m.replicas_removed == m.replicas_created);
  double share = double(m.replicas_created) / (65536.0 * 2);
  BOOST_TEST(share > 0.22);
  BOOST_TEST(share < 0.28);
  BOOST_TEST(m.documents_moved == m.replicas_created * 10);
  BOOST_TEST(has_line(c, "content cluster 'music': nodes added: 3 (node3)"), joined(c.to_lines()));
  BOOST_TEST(has_line(c, fmt::format("{} of 65536 buckets move", m.buckets_changed)));
}

BOOST_AUTO_TEST_CASE(lowering_redundancy_to_one_is_refused_unless_allowed) {
  TestModel a = load_services(services(flat_cluster("music", 2, hosts(2))));
  TestModel b = load_services(services(flat_cluster("music", 1, hosts(2))));
  DeployChange refused = change_of(&a, b);
  BOOST_TEST(refused.refused());
  BOOST_REQUIRE(refused.findings.size() == 1u);
  BOOST_TEST(refused.findings[0].validation_id == "redundancy-one");
  Status s = refused.refusal_status();
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(s.message(), "content cluster 'music': redundancy 2 -> 1"), s.message());
  BOOST_TEST(contains(s.message(), "<allow until=\"2026-04-09\">redundancy-one</allow>"), s.message());
  BOOST_TEST(refused.content[0].movement->replicas_removed == 65536u, "one of two copies goes");
  BOOST_TEST(refused.content[0].movement->replicas_created == 0u);

  DeployChange allowed = change_of(&a, b, allowing("redundancy-one"));
  BOOST_TEST(!allowed.refused());
  BOOST_TEST(allowed.findings.at(0).overridden);
  BOOST_TEST(has_line(allowed, "allowed by validation-overrides.xml: redundancy-one"));
  // Starting at 1 (a one-node development package) is not a lowering.
  BOOST_TEST(!change_of(&b, b).refused());
}

BOOST_AUTO_TEST_CASE(removing_a_content_cluster_is_refused_and_an_expired_allow_does_not_count) {
  TestModel a = load_services(services(flat_cluster("music", 1, hosts(1)), 8080,
                                       flat_cluster("books", 1, {{"node5", 0}})));
  TestModel b = load_services(services(flat_cluster("music", 1, hosts(1))));
  DeployChange c = change_of(&a, b);
  BOOST_TEST(c.refused());
  BOOST_REQUIRE(c.findings.size() == 1u);
  BOOST_TEST(c.findings[0].cluster == "books");
  BOOST_TEST(contains(c.findings[0].message, "content cluster 'books' is removed: the documents on its 1 node would be deleted"),
             c.findings[0].message);
  BOOST_TEST(has_line(c, "content cluster 'books' removed: 1 node"), joined(c.to_lines()));

  ValidationOverrides expired = allowing("content-cluster-removal", "2026-03-09");
  DeployChange still = change_of(&a, b, expired);
  BOOST_TEST(still.refused());
  BOOST_TEST(has_line(still, "warning: validation-overrides.xml:1: <allow>content-cluster-removal</allow> expired on 2026-03-09"),
             joined(still.to_lines()));
  BOOST_TEST(!change_of(&a, b, allowing("content-cluster-removal", "2026-03-10")).refused(),
             "an allow counts through its until day");
}

BOOST_AUTO_TEST_CASE(a_host_that_changes_its_key_is_a_distribution_key_change) {
  TestModel a = load_services(services(flat_cluster("music", 2, {{"node0", 0}, {"node1", 1}, {"node2", 2}})));
  TestModel b = load_services(services(flat_cluster("music", 2, {{"node0", 0}, {"node1", 5}, {"node2", 2}})));
  DeployChange c = change_of(&a, b);
  const ContentClusterChange& music = c.content.at(0);
  BOOST_TEST((music.key_changes == std::vector<KeyChange>{{"node1", 1, 5}}));
  BOOST_TEST((music.nodes_added == std::vector<NodeRef>{{5, "node1", ""}}));
  BOOST_TEST((music.nodes_removed == std::vector<NodeRef>{{1, "node1", ""}}));
  BOOST_TEST(c.refused());
  BOOST_TEST(c.findings.at(0).validation_id == "distribution-key-change");
  BOOST_TEST(contains(c.findings[0].message, "the node on host 'node1' changes distribution-key 1 -> 5"),
             c.findings[0].message);
  BOOST_TEST(!change_of(&a, b, allowing("distribution-key-change")).refused());
}

BOOST_AUTO_TEST_CASE(a_key_on_another_host_is_a_host_move_whose_replicas_are_rebuilt) {
  TestModel a = load_services(services(flat_cluster("music", 2, {{"node0", 0}, {"node1", 1}, {"node2", 2}})));
  TestModel b = load_services(services(flat_cluster("music", 2, {{"node0", 0}, {"node1", 1}, {"node9", 2}})));
  DeployChange c = change_of(&a, b);
  const ContentClusterChange& music = c.content.at(0);
  BOOST_TEST((music.host_moves == std::vector<HostMove>{{2, "node2", "node9"}}));
  BOOST_TEST(music.nodes_added.empty());
  BOOST_TEST(!c.refused());
  // Every replica node 2 holds (2/3 of the buckets) is created again on node9.
  const DataMovement& m = *music.movement;
  BOOST_TEST(m.buckets_changed == m.replicas_created);
  BOOST_TEST(double(m.replicas_created) / 65536.0 > 0.6);
  BOOST_TEST(double(m.replicas_created) / 65536.0 < 0.73);
  BOOST_TEST(has_line(c, "node 2 moves from host 'node2' to 'node9'"));
}

BOOST_AUTO_TEST_CASE(flat_to_grouped_adds_groups_and_changed_groups_are_named) {
  TestModel flat = load_package("schemas/migration/2-flat-r4");
  TestModel grouped = load_package("schemas/migration/3-grouped-4x1");
  DeployChange c = change_of(&flat, grouped);
  const ContentClusterChange& music = c.content.at(0);
  BOOST_TEST(!music.old_grouped);
  BOOST_TEST(music.new_grouped);
  BOOST_TEST(music.groups_added.size() == 4u);
  BOOST_TEST(has_line(c, "content cluster 'music': flat -> grouped"));

  TestModel two = load_package("schemas/music-grouped");
  std::string bigger = read_file(source_path("schemas/music-grouped/services.xml"));
  std::string node3 = "<node hostalias=\"node3\" distribution-key=\"3\"/>";
  bigger.replace(bigger.find(node3), node3.size(), node3 + "<node hostalias=\"node4\" distribution-key=\"4\"/>");
  TestModel three = load_services(bigger);
  DeployChange grown = change_of(&two, three);
  BOOST_REQUIRE(grown.content.at(0).groups_changed.size() == 1u);
  BOOST_TEST(grown.content[0].groups_changed[0].name == "group1");
  BOOST_TEST((grown.content[0].groups_changed[0].what == std::vector<std::string>{"nodes [2, 3] -> [2, 3, 4]"}));
  BOOST_TEST(has_line(grown, "content cluster 'music': group 'group1': nodes [2, 3] -> [2, 3, 4]"));
}

BOOST_AUTO_TEST_CASE(container_clusters_added_removed_and_changed) {
  TestModel a = load_services(services(flat_cluster("music", 1, hosts(1)), 8080));
  TestModel b = load_services(services(flat_cluster("music", 1, hosts(1)), 8081));
  DeployChange c = change_of(&a, b);
  BOOST_TEST(has_line(c, "container cluster 'default': http port 8080 -> 8081"), joined(c.to_lines()));
}

BOOST_AUTO_TEST_CASE(the_json_is_well_formed_and_carries_the_change) {
  TestModel a = load_services(services(flat_cluster("music", 2, hosts(2))));
  TestModel b = load_services(services(flat_cluster("music", 1, hosts(3))));
  DeployChange c = change_of(&a, b, ValidationOverrides(kToday), {.documents_per_bucket = 2.5});
  std::string json = c.to_json();
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  BOOST_REQUIRE_MESSAGE(!parser.parse(json).get(root), json);
  BOOST_TEST(bool(root["refused"]) == true);
  simdjson::dom::element music = root["content"].at(0);
  BOOST_TEST(std::string_view(music["change"]) == "kept");
  BOOST_TEST(int64_t(music["redundancy"]["old"]) == 2);
  BOOST_TEST(int64_t(music["redundancy"]["new"]) == 1);
  BOOST_TEST(int64_t(music["nodes-added"].at(0)["distribution-key"]) == 2);
  BOOST_TEST(int64_t(music["data-movement"]["buckets"]) == 65536);
  BOOST_TEST(double(music["data-movement"]["documents-per-bucket"]) == 2.5);
  BOOST_TEST(std::string_view(root["validation"].at(0)["id"]) == "redundancy-one");
  BOOST_TEST(bool(root["validation"].at(0)["overridden"]) == false);
}

BOOST_AUTO_TEST_CASE(movement_of_a_9_node_3x3_cluster_is_computed_well_under_a_second) {
  TestModel a = load_package("schemas/vespa-9-nodes-3x3");
  std::string services_text = read_file(source_path("schemas/vespa-9-nodes-3x3/services.xml"));
  std::string node8 = "<node hostalias=\"node8\" distribution-key=\"8\"/>";
  services_text.replace(services_text.find(node8), node8.size(), "");
  // Unequal groups need adaptive dispatch.
  services_text.replace(services_text.find("round-robin"), 11, "adaptive");
  TestModel b = load_services(services_text);
  auto start = steady_clock::now();
  DataMovement m = must(expected_data_movement(a->content_clusters()[0], b->content_clusters()[0], 100));
  double ms = duration<double, std::milli>(steady_clock::now() - start).count();
  BOOST_TEST_MESSAGE("expected_data_movement, 9 nodes 3x3 -> 8 nodes, 2^16 buckets: " << ms << " ms");
  // Node 8 held a third of group2's copies: a ninth of all replicas (3 per bucket) move.
  BOOST_TEST(m.replicas_removed == m.replicas_created);
  BOOST_TEST(double(m.replicas_created) / 65536.0 > 0.30);
  BOOST_TEST(double(m.replicas_created) / 65536.0 < 0.37);
  BOOST_TEST(m.documents_moved == m.replicas_created * 100);
}

BOOST_AUTO_TEST_CASE(bad_movement_arguments_are_named) {
  TestModel a = load_services(services(flat_cluster("music", 1, hosts(1))));
  const config::ContentCluster& c = a->content_clusters()[0];
  BOOST_TEST(contains(failure(expected_data_movement(c, c, 1, 0)).message(), "distribution bits 0 is outside 1..20"));
  BOOST_TEST(contains(failure(expected_data_movement(c, c, -1)).message(), "documents per bucket -1"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(validation_overrides)

BOOST_AUTO_TEST_CASE(an_allow_is_in_force_through_its_until_day) {
  ValidationOverrides o = must(ValidationOverrides::parse(
      "<validation-overrides>\n"
      "  <allow until=\"2026-03-10\" comment=\"today\">redundancy-one</allow>\n"
      "  <allow until=\"2026-04-09\">content-cluster-removal</allow>\n"
      "</validation-overrides>\n", kToday));
  BOOST_TEST(o.allows("redundancy-one"));
  BOOST_TEST(o.allows("content-cluster-removal"));
  BOOST_TEST(!o.allows("distribution-key-change"));
  BOOST_TEST(o.all().at(0).comment == "today");
  BOOST_TEST(o.all().at(1).line == 3);
  BOOST_TEST(o.warnings().empty());
}

BOOST_AUTO_TEST_CASE(an_until_more_than_30_days_ahead_is_an_error) {
  Status s = failure(ValidationOverrides::parse(
      "<validation-overrides>\n  <allow until=\"2026-04-10\">redundancy-one</allow>\n</validation-overrides>", kToday));
  BOOST_TEST(contains(s.message(), "validation-overrides.xml:2: <allow until='2026-04-10'>redundancy-one</allow> is "
                                   "more than 30 days after today (2026-03-10); use an until date no later than 2026-04-09"),
             s.message());
}

BOOST_AUTO_TEST_CASE(malformed_files_are_errors_with_their_line) {
  auto error = [](const std::string& xml) { return failure(ValidationOverrides::parse(xml, kToday)).message(); };
  BOOST_TEST(contains(error("<validation-overrides><allow until=\"2026-03-20\">no-such-check</allow></validation-overrides>"),
                      "validation-overrides.xml:1: <allow>: 'no-such-check' is not a validation id; Grove checks "
                      "content-cluster-removal, redundancy-one, distribution-key-change"));
  BOOST_TEST(contains(error("<validation-overrides>\n<allow>redundancy-one</allow></validation-overrides>"),
                      "validation-overrides.xml:2: <allow>redundancy-one</allow> has no until"));
  BOOST_TEST(contains(error("<validation-overrides><allow until=\"2026-02-30\">redundancy-one</allow></validation-overrides>"),
                      "until '2026-02-30' is not a date of the form YYYY-MM-DD"));
  BOOST_TEST(contains(error("<validation-overrides><deny/></validation-overrides>"), "<deny> is not allowed"));
  BOOST_TEST(contains(error("<overrides/>"), "expected <validation-overrides>"));
  BOOST_TEST(contains(error("<validation-overrides>\n\n<allow"), "validation-overrides.xml:3: not well-formed XML"));
}

BOOST_AUTO_TEST_CASE(a_vespa_id_grove_does_not_check_is_a_warning) {
  ValidationOverrides o = must(ValidationOverrides::parse(
      "<validation-overrides><allow until=\"2026-03-20\">indexing-change</allow></validation-overrides>", kToday));
  BOOST_REQUIRE(o.warnings().size() == 1u);
  BOOST_TEST(contains(o.warnings()[0], "<allow>indexing-change</allow> has no effect"), o.warnings()[0]);
}

BOOST_AUTO_TEST_CASE(a_package_without_the_file_has_no_overrides) {
  TempDir dir;
  dir.write("services.xml", kMinimalServices);
  ValidationOverrides none = must(ValidationOverrides::load(dir.str(), kToday));
  BOOST_TEST(none.all().empty());
  dir.write("validation-overrides.xml",
            "<validation-overrides><allow until=\"2026-03-11\">redundancy-one</allow></validation-overrides>");
  BOOST_TEST(must(ValidationOverrides::load(dir.str(), kToday)).allows("redundancy-one"));
  BOOST_TEST(format_date(must(parse_date("2024-02-29"))) == "2024-02-29");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::deploy::test
