// Content clusters Grove must reject (DESIGN §3 rules), and how the errors read to an operator.

#include <boost/test/unit_test.hpp>

#include <string>

#include "config-model/model/application_model.h"
#include "tests/unit/config-model/model/test_app.h"

namespace grove::config {
namespace {

using test::all_text;
using test::expect_error;
using test::find_error;
using test::four_groups_of_one;
using test::kDocuments;
using test::load_bad;
using test::load_content;
using test::TempApp;

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(the_guide_example_is_rejected_naming_its_three_real_problems) {
  ApplicationModel::LoadOutput out = load_bad("guide-bad-groups");
  BOOST_TEST_MESSAGE("guide example:\n" << all_text(out));
  expect_error(out,
               "hostalias 'node1' serves 3 nodes of content cluster 'music' (groups "
               "mygroup1, mygroup2, mygroup3; lines 16, 17, 18)",
               16);
  expect_error(out,
               "distribution-key 0 is used by 4 nodes (lines 15, 16, 17, 18); every node "
               "of a content cluster needs its own key, e.g. 0, 1, 2, 3",
               15);
  expect_error(out, "4 leaf groups do not divide redundancy 1", 11);
  expect_error(out,
               "Use redundancy 4 (1 copy per group) with <distribution partitions=\"1|1|1|*\"/> "
               "and searchable-copies 4",
               11);
  // The partitions and searchable-copies follow from the redundancy: no separate errors.
  BOOST_TEST(test::error_count(out) == 3u, all_text(out));
  for (const Diagnostic& d : out.diagnostics) {
    BOOST_TEST(d.file == "services.xml");
    BOOST_TEST(d.element == "<content id='music'>");
  }
}

BOOST_AUTO_TEST_CASE(partition_syntax_errors_use_the_partition_spec_message) {
  ApplicationModel::LoadOutput out = load_bad("bad-partition-syntax");
  expect_error(out, "token 2 \"1\" follows a '*'; the '*' tokens must come last", 13);
  BOOST_TEST(test::error_count(out) == 1u, all_text(out));
}

BOOST_AUTO_TEST_CASE(wrong_partitions_print_the_expected_spec_and_the_copies_per_group) {
  ApplicationModel::LoadOutput out = load_bad("wrong-partitions");
  expect_error(out,
               "partitions=\"1|*\" do not fit redundancy 4 over 4 leaf groups: it has 2 "
               "tokens but there are 4 leaf groups, one token each; with them the groups "
               "would get 3, 1 copies (best group first), and the other 2 groups none",
               13);
  expect_error(out, "write partitions=\"1|1|1|*\", which gives every group 1 copy (1, 1, 1, 1)",
               13);
  BOOST_TEST(test::error_count(out) == 1u, all_text(out));
}

BOOST_AUTO_TEST_CASE(a_top_group_of_groups_needs_partitions) {
  ApplicationModel::LoadOutput out = load_content(
      "    <redundancy>4</redundancy>\n" + std::string(kDocuments) + four_groups_of_one(false));
  BOOST_TEST(find_error(out, "has no partitions; add <distribution partitions=\"1|1|1|*\"/>"),
             all_text(out));
}

BOOST_AUTO_TEST_CASE(group_and_nodes_cannot_be_mixed) {
  ApplicationModel::LoadOutput out = load_bad("group-and-nodes");
  expect_error(out,
               "<group> and <nodes> cannot be mixed in one content cluster (<nodes> is on "
               "line 12)",
               15);
  BOOST_TEST(test::error_count(out) == 1u, all_text(out));
}

BOOST_AUTO_TEST_CASE(a_group_holds_nodes_or_groups_and_only_one_level_of_groups) {
  ApplicationModel::LoadOutput out =
      load_content("    <redundancy>2</redundancy>\n" + std::string(kDocuments) +
                   "    <group><distribution partitions=\"1|*\"/>\n"
                   "      <node hostalias=\"node9\" distribution-key=\"9\"/>\n"
                   "      <group name=\"a\" distribution-key=\"0\">\n"
                   "        <group name=\"a1\" distribution-key=\"0\"><node hostalias=\"n0\" "
                   "distribution-key=\"0\"/></group>\n"
                   "      </group>\n"
                   "      <group name=\"b\" distribution-key=\"1\"><node hostalias=\"n1\" "
                   "distribution-key=\"1\"/></group>\n"
                   "    </group>\n");
  BOOST_TEST(find_error(out, "a group holds either <node> elements or child <group> elements"),
             all_text(out));
  BOOST_TEST(find_error(out, "Grove supports one level of groups"), all_text(out));
}

BOOST_AUTO_TEST_CASE(duplicate_keys_and_names_are_reported_once_with_every_line) {
  ApplicationModel::LoadOutput out =
      load_content("    <redundancy>2</redundancy>\n" + std::string(kDocuments) +
                   "    <group><distribution partitions=\"1|*\"/>\n"
                   "      <group name=\"a\" distribution-key=\"0\"><node hostalias=\"n0\" "
                   "distribution-key=\"0\"/>\n"
                   "        <node hostalias=\"n1\" distribution-key=\"1\"/></group>\n"
                   "      <group name=\"a\" distribution-key=\"0\"><node hostalias=\"n2\" "
                   "distribution-key=\"1\"/>\n"
                   "        <node hostalias=\"n3\" distribution-key=\"3\"/></group>\n"
                   "    </group>\n");
  BOOST_TEST(find_error(out,
                        "distribution-key 1 is used by 2 nodes (lines 8, 9); every node "
                        "of a content cluster needs its own key, e.g. 1, 2"),
             all_text(out));
  BOOST_TEST(find_error(out, "group name 'a' is used by 2 groups (lines 7, 9)"), all_text(out));
  BOOST_TEST(find_error(out,
                        "group distribution-key 0 is used by 2 groups (lines 7, 9); sibling "
                        "groups need their own keys, e.g. 0, 1"),
             all_text(out));
}

BOOST_AUTO_TEST_CASE(a_hostalias_may_serve_one_node_of_a_flat_cluster) {
  ApplicationModel::LoadOutput out =
      load_content("    <redundancy>2</redundancy>\n" + std::string(kDocuments) +
                   "    <nodes><node hostalias=\"node0\" distribution-key=\"0\"/>\n"
                   "      <node hostalias=\"node0\" distribution-key=\"1\"/></nodes>\n");
  expect_error(out, "hostalias 'node0' serves 2 nodes of content cluster 'music' (lines 6, 7)", 6);
}

BOOST_AUTO_TEST_CASE(searchable_copies_may_not_exceed_redundancy) {
  ApplicationModel::LoadOutput out = load_content(
      "    <redundancy>2</redundancy>\n" + std::string(kDocuments) +
      "    <nodes><node hostalias=\"node0\" distribution-key=\"0\"/>\n"
      "      <node hostalias=\"node1\" distribution-key=\"1\"/></nodes>\n"
      "    <engine><proton><searchable-copies>3</searchable-copies></proton></engine>\n");
  expect_error(out,
               "searchable-copies 3 is more than redundancy 2: only stored copies can be "
               "indexed; use at most 2",
               8);
}

BOOST_AUTO_TEST_CASE(searchable_copies_must_divide_over_the_groups) {
  ApplicationModel::LoadOutput out = load_content(
      "    <redundancy>4</redundancy>\n" + std::string(kDocuments) + four_groups_of_one() +
      "    <engine><proton><searchable-copies>2</searchable-copies></proton></engine>\n");
  BOOST_TEST(find_error(out, "searchable-copies 2 is not divisible by the 4 leaf groups"),
             all_text(out));
  BOOST_TEST(find_error(out, "use 4 (1 per group)"), all_text(out));
}

BOOST_AUTO_TEST_CASE(round_robin_needs_leaf_groups_of_equal_size) {
  ApplicationModel::LoadOutput out = load_content(
      "    <redundancy>2</redundancy>\n" + std::string(kDocuments) +
      "    <group><distribution partitions=\"1|*\"/>\n"
      "      <group name=\"a\" distribution-key=\"0\"><node hostalias=\"n0\" "
      "distribution-key=\"0\"/>\n"
      "        <node hostalias=\"n1\" distribution-key=\"1\"/></group>\n"
      "      <group name=\"b\" distribution-key=\"1\"><node hostalias=\"n2\" "
      "distribution-key=\"2\"/></group>\n"
      "    </group>\n"
      "    <tuning><dispatch><dispatch-policy>round-robin</dispatch-policy></dispatch></tuning>\n");
  expect_error(out,
               "the leaf groups differ in size (nodes per group: a: 2, b: 1) and "
               "dispatch-policy is round-robin",
               11);
  BOOST_TEST(test::error_count(out) == 1u, all_text(out));
  // With the default (adaptive) policy the same tree is fine.
  ApplicationModel::LoadOutput adaptive =
      load_content("    <redundancy>2</redundancy>\n" + std::string(kDocuments) +
                   "    <group><distribution partitions=\"1|*\"/>\n"
                   "      <group name=\"a\" distribution-key=\"0\"><node hostalias=\"n0\" "
                   "distribution-key=\"0\"/>\n"
                   "        <node hostalias=\"n1\" distribution-key=\"1\"/></group>\n"
                   "      <group name=\"b\" distribution-key=\"1\"><node hostalias=\"n2\" "
                   "distribution-key=\"2\"/></group>\n"
                   "    </group>\n");
  BOOST_TEST(adaptive.ok(), all_text(adaptive));
}

BOOST_AUTO_TEST_CASE(redundancy_and_min_redundancy_together_are_an_error) {
  ApplicationModel::LoadOutput out =
      load_content("    <redundancy>1</redundancy>\n    <min-redundancy>1</min-redundancy>\n" +
                   std::string(kDocuments) +
                   "    <nodes><node hostalias=\"node0\" distribution-key=\"0\"/></nodes>\n");
  expect_error(out, "<redundancy> (line 4) and <min-redundancy> are both given; keep one", 5);
}

BOOST_AUTO_TEST_CASE(a_missing_redundancy_defaults_to_one_with_a_warning) {
  ApplicationModel::LoadOutput out =
      load_content(std::string(kDocuments) +
                   "    <nodes><node hostalias=\"node0\" distribution-key=\"0\"/></nodes>\n");
  BOOST_TEST_REQUIRE(out.ok(), all_text(out));
  BOOST_TEST(out.model->content_clusters()[0].redundancy == 1);
  BOOST_TEST(test::find_warning(out, "no <redundancy> given; using 1"));
}

BOOST_AUTO_TEST_CASE(vespa_cloud_forms_grove_cannot_honour_are_rejected) {
  ApplicationModel::LoadOutput uneven =
      load_content("    <redundancy>1</redundancy>\n" + std::string(kDocuments) +
                   "    <nodes count=\"5\" groups=\"2\"/>\n");
  BOOST_TEST(find_error(uneven, "count=\"5\" nodes cannot be split evenly into groups=\"2\""),
             all_text(uneven));
  ApplicationModel::LoadOutput range =
      load_content("    <redundancy>1</redundancy>\n" + std::string(kDocuments) +
                   "    <nodes count=\"[4,6]\"/>\n");
  BOOST_TEST(find_error(range, "count=\"[4,6]\" is a range"), all_text(range));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace grove::config
