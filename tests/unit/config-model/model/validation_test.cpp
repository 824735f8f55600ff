// Application packages Grove must reject, and how the errors read to an operator.

#include <fmt/format.h>
#include <boost/test/unit_test.hpp>

#include <string>

#include "config-model/model/application_model.h"
#include "tests/unit/config-model/model/test_app.h"

namespace grove::config {
namespace {

using test::all_text;
using test::find_error;
using test::source_path;
using test::TempApp;

ApplicationModel::LoadOutput load_bad(const std::string& package) {
  ApplicationModel::LoadOutput out =
      ApplicationModel::load(source_path("tests/data/apps/" + package));
  BOOST_TEST(out.readable);
  BOOST_TEST(!out.ok());
  BOOST_TEST(!out.model.has_value());
  return out;
}

// The content cluster `body` with redundancy, documents and the given tree.
ApplicationModel::LoadOutput load_content(const std::string& body) {
  TempApp app(
      test::services_with("  <content id=\"music\" version=\"1.0\">\n" + body + "  </content>\n"));
  return app.load();
}

void expect_error(const ApplicationModel::LoadOutput& out, const std::string& needle, int line) {
  const Diagnostic* d = find_error(out, needle);
  BOOST_TEST_REQUIRE(d != nullptr, "no error containing '" << needle << "' in\n" << all_text(out));
  BOOST_TEST(d->line == line, d->to_string());
}

// Four leaf groups of one node each, with or without the top group's partitions.
std::string four_groups_of_one(bool with_partitions = true) {
  std::string tree = "    <group>\n";
  if (with_partitions) tree += "      <distribution partitions=\"1|1|1|*\"/>\n";
  for (int g = 0; g < 4; ++g) {
    tree += fmt::format(
        "      <group name=\"g{0}\" distribution-key=\"{0}\">"
        "<node hostalias=\"node{0}\" distribution-key=\"{0}\"/></group>\n",
        g);
  }
  return tree + "    </group>\n";
}

const char* kDocuments = "    <documents><document type=\"music\" mode=\"index\"/></documents>\n";

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

BOOST_AUTO_TEST_CASE(malformed_xml_is_reported_with_its_line) {
  ApplicationModel::LoadOutput out = load_bad("malformed-xml");
  expect_error(out, "malformed XML: Start-end tags mismatch", 13);
  BOOST_TEST(test::error_count(out) == 1u, all_text(out));
}

BOOST_AUTO_TEST_CASE(an_unknown_element_is_named_with_what_is_allowed_there) {
  ApplicationModel::LoadOutput out = load_bad("unknown-element");
  expect_error(out,
               "unknown element <redundancyy> in <content>; did you mean <redundancy>? "
               "allowed there: <documents>, <redundancy>",
               9);
}

BOOST_AUTO_TEST_CASE(bad_numbers_name_the_element_the_value_and_the_range) {
  ApplicationModel::LoadOutput out = load_bad("bad-number");
  expect_error(out,
               "<content id='music'>/<redundancy>: \"two\" is not a whole number from 1 to "
               "255; it is the total number of copies",
               11);
  expect_error(out,
               "<server id='default' port='abc'>: port=\"abc\" is not a whole number from 1 "
               "to 65535",
               7);
  expect_error(out, "distribution-key=\"-1\" is not a whole number from 0 to 65535", 16);
  BOOST_TEST(test::error_count(out) == 3u, all_text(out));
}

BOOST_AUTO_TEST_CASE(zero_and_out_of_range_values_are_rejected) {
  ApplicationModel::LoadOutput out = load_content(
      "    <redundancy>0</redundancy>\n" + std::string(kDocuments) +
      "    <nodes><node hostalias=\"node0\" distribution-key=\"0\"/></nodes>\n"
      "    <tuning><dispatch><min-active-docs-coverage>150</min-active-docs-coverage>\n"
      "      <top-k-probability>0</top-k-probability></dispatch>\n"
      "      <min-node-ratio-per-group>2</min-node-ratio-per-group></tuning>\n"
      "    <search><query-timeout>-1</query-timeout></search>\n");
  BOOST_TEST(find_error(out, "\"0\" is not a whole number from 1 to 255"), all_text(out));
  BOOST_TEST(find_error(out, "\"150\" is not a number from 0 to 100"), all_text(out));
  BOOST_TEST(find_error(out, "\"0\" is not a number greater than 0 and at most 1"), all_text(out));
  BOOST_TEST(find_error(out, "\"2\" is not a number from 0 to 1"), all_text(out));
  BOOST_TEST(find_error(out, "<query-timeout>: \"-1\" is not a number greater than 0"),
             all_text(out));
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

BOOST_AUTO_TEST_CASE(streaming_mode_is_unsupported_with_file_and_line) {
  ApplicationModel::LoadOutput out = load_bad("streaming-mode");
  expect_error(out,
               "services.xml:10: error: <document type='music' mode='streaming'>: "
               "unsupported: mode=\"streaming\"",
               10);
}

BOOST_AUTO_TEST_CASE(global_documents_selection_and_document_processing_are_unsupported) {
  ApplicationModel::LoadOutput out = load_content(
      "    <redundancy>1</redundancy>\n"
      "    <documents><document type=\"music\" mode=\"index\" global=\"true\" "
      "selection=\"music.year > 2000\"/>\n"
      "      <document-processing cluster=\"docproc\"/></documents>\n"
      "    <nodes><node hostalias=\"node0\" distribution-key=\"0\"/></nodes>\n");
  expect_error(out, "unsupported: global=\"true\"", 5);
  expect_error(out, "unsupported: attribute selection=", 5);
  expect_error(out, "unsupported: <document-processing>", 6);
}

BOOST_AUTO_TEST_CASE(a_document_type_needs_its_schema_file) {
  ApplicationModel::LoadOutput out = load_bad("missing-schema");
  expect_error(out, "document type 'music' has no schema: add schemas/music.sd", 10);
}

BOOST_AUTO_TEST_CASE(a_schema_no_cluster_uses_is_a_warning) {
  TempApp app(test::services_with(R"(
  <content id="music" version="1.0">
    <redundancy>1</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes><node hostalias="node0" distribution-key="0"/></nodes>
  </content>
)"));
  app.write("schemas/lyrics.sd",
            "schema lyrics {\n  document lyrics {\n    field text type string {\n"
            "      indexing: summary | index\n    }\n  }\n}\n");
  ApplicationModel::LoadOutput out = app.load();
  BOOST_TEST(out.ok(), all_text(out));
  const Diagnostic* d =
      test::find_warning(out, "schema 'lyrics' is not used by any content cluster");
  BOOST_TEST_REQUIRE(d != nullptr, all_text(out));
  BOOST_TEST(d->file == "schemas/lyrics.sd");
}

BOOST_AUTO_TEST_CASE(schema_errors_are_included_with_the_schema_file_name) {
  TempApp app(test::services_with(R"(
  <content id="music" version="1.0">
    <redundancy>1</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes><node hostalias="node0" distribution-key="0"/></nodes>
  </content>
)"));
  app.write("schemas/music.sd",
            "schema music {\n  document music {\n    field title type strin {\n"
            "      indexing: summary | index\n    }\n  }\n}\n");
  ApplicationModel::LoadOutput out = app.load();
  BOOST_TEST(!out.ok());
  bool found = false;
  for (const Diagnostic& d : out.diagnostics) {
    found = found || (d.is_error() && d.file == "schemas/music.sd" && d.line == 3);
  }
  BOOST_TEST(found, all_text(out));
  BOOST_TEST(!find_error(out, "has no schema"), all_text(out));
}

BOOST_AUTO_TEST_CASE(an_alias_hosts_xml_does_not_define_is_an_error_at_the_node) {
  ApplicationModel::LoadOutput out = load_bad("unknown-hostalias");
  expect_error(out, "hostalias 'node9' is not defined in hosts.xml (it defines 'node0', 'node1')",
               14);
  BOOST_TEST(test::error_count(out) == 1u, all_text(out));
}

BOOST_AUTO_TEST_CASE(an_alias_defined_twice_in_hosts_xml_is_an_error) {
  TempApp app(test::services_with(R"(
  <content id="music" version="1.0">
    <redundancy>1</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes><node hostalias="node0" distribution-key="0"/></nodes>
  </content>
)"),
              "<hosts>\n  <host name=\"a\"><alias>node0</alias></host>\n"
              "  <host name=\"b\"><alias>node0</alias></host>\n</hosts>\n");
  ApplicationModel::LoadOutput out = app.load();
  const Diagnostic* d = find_error(out, "alias 'node0' is already defined on line 2");
  BOOST_TEST_REQUIRE(d != nullptr, all_text(out));
  BOOST_TEST(d->file == "hosts.xml");
  BOOST_TEST(d->line == 3);
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

BOOST_AUTO_TEST_CASE(cluster_ids_and_container_ports_are_unique) {
  TempApp app(R"(<services version="1.0">
  <container id="default" version="1.0"><search/><document-api/></container>
  <container id="feed" version="1.0"><document-api/></container>
  <content id="music" version="1.0">
    <redundancy>1</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes><node hostalias="node0" distribution-key="0"/></nodes>
  </content>
  <content id="music" version="1.0">
    <redundancy>1</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes><node hostalias="node1" distribution-key="0"/></nodes>
  </content>
</services>
)");
  ApplicationModel::LoadOutput out = app.load();
  expect_error(out, "cluster id 'music' is already used by <content id='music'> on line 4", 9);
  expect_error(out,
               "HTTP port 8080 is also used by <container id='default'> (line 2) on the same "
               "host; give each container cluster its own port, e.g. <server id=\"default\" "
               "port=\"8081\"/>",
               3);
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

BOOST_AUTO_TEST_CASE(search_chains_embedders_and_processing_are_unsupported) {
  TempApp app(R"(<services version="1.0">
  <container id="default" version="1.0">
    <search><chain id="mychain"/></search>
    <document-api/>
    <component id="e5" type="hugging-face-embedder"/>
    <processing/>
    <model-evaluation/>
  </container>
</services>
)");
  ApplicationModel::LoadOutput out = app.load();
  expect_error(out, "unsupported: <chain>: custom search chains", 3);
  expect_error(out, "unsupported: embedders", 5);
  expect_error(out, "unsupported: <processing>", 6);
  expect_error(out, "unsupported: <model-evaluation>", 7);
}

BOOST_AUTO_TEST_CASE(services_xml_needs_the_services_root) {
  TempApp app("<content id=\"music\" version=\"1.0\"/>\n");
  ApplicationModel::LoadOutput out = app.load();
  expect_error(out, "the root element is <content>; Grove requires <services version=\"1.0\">", 1);
}

BOOST_AUTO_TEST_CASE(all_problems_are_reported_at_once_in_line_order) {
  ApplicationModel::LoadOutput out = load_content(
      "    <redundancy>x</redundancy>\n" + std::string(kDocuments) +
      "    <nodes><node hostalias=\"node0\"/>\n"
      "      <node distribution-key=\"1\" capacity=\"2\"/></nodes>\n"
      "    <tuning><dispatch><dispatch-policy>fastest</dispatch-policy></dispatch></tuning>\n");
  BOOST_TEST(find_error(out, "missing attribute distribution-key"), all_text(out));
  BOOST_TEST(find_error(out, "missing attribute hostalias"), all_text(out));
  BOOST_TEST(find_error(out, "unsupported: attribute capacity=\"2\""), all_text(out));
  BOOST_TEST(find_error(out, "\"fastest\" is not a dispatch policy"), all_text(out));
  BOOST_TEST(find_error(out, "\"x\" is not a whole number"), all_text(out));
  int previous = 0;
  for (const Diagnostic& d : out.diagnostics) {
    BOOST_TEST(d.line >= previous);
    previous = d.line;
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace grove::config
