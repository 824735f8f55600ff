// Application packages Grove must reject for their files, XML, hosts, schemas and containers.

#include <boost/test/unit_test.hpp>

#include <string>

#include "config-model/model/application_model.h"
#include "tests/unit/config-model/model/test_app.h"

namespace grove::config {
namespace {

using test::all_text;
using test::expect_error;
using test::find_error;
using test::kDocuments;
using test::load_bad;
using test::load_content;
using test::TempApp;

BOOST_AUTO_TEST_SUITE(package_validation)

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
