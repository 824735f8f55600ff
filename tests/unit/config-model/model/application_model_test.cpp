// Loading the sample application packages in schemas/ and the forms services.xml allows.

#include "config-model/model/application_model.h"

#include <boost/test/unit_test.hpp>

#include <set>
#include <vector>

#include "services/distribution/distribution.h"
#include "tests/unit/config-model/model/test_app.h"

namespace grove::config {
namespace {

using distribution::Distribution;
using distribution::DistributionConfig;
using test::all_text;
using test::source_path;
using test::TempApp;

const std::vector<std::string> kSamplePackages = {
    "schemas/music-flat",          "schemas/music-grouped",           "schemas/migration/1-flat-r2",
    "schemas/migration/2-flat-r4", "schemas/migration/3-grouped-4x1", "schemas/vespa-9-nodes-3x3",
};

ApplicationModel load_sample(const std::string& package) {
  ApplicationModel::LoadOutput out = ApplicationModel::load(source_path(package));
  BOOST_TEST_REQUIRE(out.ok(), package << ":\n" << all_text(out));
  return std::move(*out.model);
}

std::vector<uint16_t> keys(const ContentCluster& cluster) {
  std::vector<uint16_t> out;
  for (const ContentNode* node : cluster.all_nodes()) out.push_back(node->distribution_key);
  return out;
}

std::string partitions(const ContentCluster& cluster) {
  return cluster.root.partitions ? cluster.root.partitions->to_string() : "";
}

BOOST_AUTO_TEST_SUITE(application_model)

BOOST_AUTO_TEST_CASE(every_sample_package_loads_without_errors_and_places_data) {
  for (const std::string& package : kSamplePackages) {
    BOOST_TEST_CONTEXT(package) {
      ApplicationModel::LoadOutput out = ApplicationModel::load(source_path(package));
      BOOST_TEST(out.readable);
      BOOST_TEST_REQUIRE(out.ok(), all_text(out));
      BOOST_TEST(test::error_count(out) == 0u);
      BOOST_TEST(out.model->content_clusters().size() == 1u);
      BOOST_TEST(out.model->container_clusters().size() == 1u);
      BOOST_TEST(out.model->find_schema("music") != nullptr);
      for (const ContentCluster& cluster : out.model->content_clusters()) {
        Result<Distribution> d = Distribution::create(cluster.distribution_config());
        BOOST_TEST(d.ok(), d.status().to_string());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(music_flat_is_two_nodes_with_two_copies_and_vespa_dispatch_defaults) {
  ApplicationModel model = load_sample("schemas/music-flat");
  const ContentCluster* music = model.find_content_cluster("music");
  BOOST_TEST_REQUIRE(music != nullptr);
  BOOST_TEST(!music->grouped);
  BOOST_TEST(music->redundancy == 2);
  BOOST_TEST(music->searchable_copies == 2);  // defaults to the redundancy
  BOOST_TEST(music->documents.size() == 1u);
  BOOST_TEST(music->documents[0].type == "music");
  BOOST_TEST(music->documents[0].mode == "index");
  BOOST_TEST((keys(*music) == std::vector<uint16_t>{0, 1}));
  BOOST_TEST(music->all_nodes()[1]->hostalias == "node1");
  BOOST_TEST(music->all_nodes()[1]->hostname == "localhost");
  BOOST_TEST(music->all_nodes()[1]->group == "");
  BOOST_TEST(music->leaf_groups().size() == 1u);
  BOOST_TEST(music->leaf_groups()[0] == &music->root);
  BOOST_TEST(music->dispatch.policy == DispatchPolicy::kAdaptive);
  BOOST_TEST(music->dispatch.min_active_docs_coverage == 97.0);
  BOOST_TEST(music->dispatch.prioritize_availability);
  BOOST_TEST(music->dispatch.top_k_probability == 0.9999);
  BOOST_TEST(!music->dispatch.max_hits_per_partition.has_value());
  BOOST_TEST(music->min_node_ratio_per_group == 0.0);
  BOOST_TEST(!music->max_merges_per_node.has_value());
  BOOST_TEST(!music->query_timeout_seconds.has_value());

  DistributionConfig expected = DistributionConfig::flat(2, 2);
  expected.ready_copies = 2;
  expected.active_per_leaf_group = true;
  BOOST_TEST((music->distribution_config() == expected));

  const ContainerCluster& container = model.container_clusters()[0];
  BOOST_TEST(container.id == "default");
  BOOST_TEST(container.search);
  BOOST_TEST(container.document_api);
  BOOST_TEST(container.http_port == 8080);
  BOOST_TEST(container.nodes.size() == 1u);
  BOOST_TEST(container.nodes[0].hostname == "localhost");
  BOOST_TEST(model.admin().configservers.empty());
  BOOST_TEST(model.app_dir() == source_path("schemas/music-flat"));
}

BOOST_AUTO_TEST_CASE(music_grouped_is_two_groups_of_two_with_one_copy_each) {
  ApplicationModel model = load_sample("schemas/music-grouped");
  const ContentCluster& music = model.content_clusters()[0];
  BOOST_TEST(music.grouped);
  BOOST_TEST(music.redundancy == 2);
  BOOST_TEST(music.searchable_copies == 2);
  BOOST_TEST(partitions(music) == "1|*");
  BOOST_TEST_REQUIRE(music.leaf_groups().size() == 2u);
  BOOST_TEST(music.leaf_groups()[1]->name == "group1");
  BOOST_TEST(music.leaf_groups()[1]->nodes.size() == 2u);
  BOOST_TEST(music.all_nodes()[2]->group == "group1");

  DistributionConfig config = music.distribution_config();
  BOOST_TEST(config.redundancy == 2);
  BOOST_TEST(config.ready_copies == 2);
  BOOST_TEST_REQUIRE(config.groups.size() == 3u);
  BOOST_TEST(config.groups[0].path.empty());
  BOOST_TEST(config.groups[0].partitions->to_string() == "1|*");
  BOOST_TEST(config.groups[0].nodes.empty());
  BOOST_TEST((config.groups[1].path == std::vector<uint16_t>{0}));
  BOOST_TEST(config.groups[1].name == "group0");
  BOOST_TEST(config.groups[1].nodes.size() == 2u);
  BOOST_TEST((config.groups[2].path == std::vector<uint16_t>{1}));
  BOOST_TEST(config.groups[2].nodes[1].index == 3);
}

BOOST_AUTO_TEST_CASE(migration_steps_keep_distribution_keys_0_to_3_throughout) {
  const std::vector<uint16_t> all = {0, 1, 2, 3};
  ApplicationModel step1 = load_sample("schemas/migration/1-flat-r2");
  ApplicationModel step2 = load_sample("schemas/migration/2-flat-r4");
  ApplicationModel step3 = load_sample("schemas/migration/3-grouped-4x1");
  BOOST_TEST((keys(step1.content_clusters()[0]) == all));
  BOOST_TEST((keys(step2.content_clusters()[0]) == all));
  BOOST_TEST((keys(step3.content_clusters()[0]) == all));
  BOOST_TEST(step1.content_clusters()[0].redundancy == 2);
  BOOST_TEST(step2.content_clusters()[0].redundancy == 4);
  BOOST_TEST(!step2.content_clusters()[0].grouped);
  const ContentCluster& grouped = step3.content_clusters()[0];
  BOOST_TEST(grouped.grouped);
  BOOST_TEST(grouped.redundancy == 4);
  BOOST_TEST(grouped.searchable_copies == 4);
  BOOST_TEST(grouped.leaf_groups().size() == 4u);
  BOOST_TEST(partitions(grouped) == "1|1|1|*");
}

BOOST_AUTO_TEST_CASE(vespa_nine_nodes_are_three_groups_of_three_resolved_through_hosts_xml) {
  ApplicationModel model = load_sample("schemas/vespa-9-nodes-3x3");
  const ContentCluster& music = model.content_clusters()[0];
  BOOST_TEST(music.redundancy == 3);  // from <min-redundancy>
  BOOST_TEST(music.searchable_copies == 3);
  BOOST_TEST(partitions(music) == "1|1|*");
  BOOST_TEST(music.leaf_groups().size() == 3u);
  for (const ContentGroup* group : music.leaf_groups()) BOOST_TEST(group->nodes.size() == 3u);
  BOOST_TEST(music.dispatch.policy == DispatchPolicy::kRoundRobin);
  BOOST_TEST(music.all_nodes()[8]->hostname == "localhost");
  BOOST_TEST_REQUIRE(model.admin().configservers.size() == 1u);
  BOOST_TEST(model.admin().configservers[0].hostalias == "admin0");
  BOOST_TEST(model.container_clusters()[0].nodes[0].hostalias == "container0");
}

BOOST_AUTO_TEST_CASE(vespa_cloud_nodes_count_and_groups_make_even_groups_with_copies_per_group) {
  TempApp app(test::services_with(R"(
  <content id="music" version="1.0">
    <redundancy>1</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes count="4" groups="2"/>
  </content>
)"));
  ApplicationModel::LoadOutput out = app.load();
  BOOST_TEST_REQUIRE(out.ok(), all_text(out));
  const ContentCluster& music = out.model->content_clusters()[0];
  BOOST_TEST(music.grouped);
  BOOST_TEST(music.redundancy == 2);         // 1 per group x 2 groups
  BOOST_TEST(music.searchable_copies == 2);  // defaults to the redundancy
  BOOST_TEST(partitions(music) == "1|*");
  BOOST_TEST_REQUIRE(music.leaf_groups().size() == 2u);
  BOOST_TEST(music.leaf_groups()[0]->name == "group0");
  BOOST_TEST(music.leaf_groups()[1]->distribution_key == 1);
  BOOST_TEST((keys(music) == std::vector<uint16_t>{0, 1, 2, 3}));
  BOOST_TEST(music.leaf_groups()[1]->nodes[0].distribution_key == 2);
  BOOST_TEST(music.all_nodes()[3]->hostalias == "node3");
  BOOST_TEST(music.all_nodes()[3]->hostname == "localhost");
  BOOST_TEST(music.all_nodes()[3]->group == "group1");
  BOOST_TEST(Distribution::create(music.distribution_config()).ok());
}

BOOST_AUTO_TEST_CASE(vespa_cloud_searchable_copies_are_per_group_too) {
  TempApp app(test::services_with(R"(
  <content id="music" version="1.0">
    <redundancy>2</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes count="6" groups="3"/>
    <engine><proton><searchable-copies>1</searchable-copies></proton></engine>
  </content>
)"));
  ApplicationModel::LoadOutput out = app.load();
  BOOST_TEST_REQUIRE(out.ok(), all_text(out));
  const ContentCluster& music = out.model->content_clusters()[0];
  BOOST_TEST(music.redundancy == 6);
  BOOST_TEST(music.searchable_copies == 3);
  BOOST_TEST(partitions(music) == "2|2|*");
}

BOOST_AUTO_TEST_CASE(vespa_cloud_nodes_count_without_groups_is_a_flat_cluster) {
  TempApp app(test::services_with(R"(
  <content id="music" version="1.0">
    <redundancy>2</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes count="3"/>
  </content>
)"));
  ApplicationModel::LoadOutput out = app.load();
  BOOST_TEST_REQUIRE(out.ok(), all_text(out));
  const ContentCluster& music = out.model->content_clusters()[0];
  BOOST_TEST(!music.grouped);
  BOOST_TEST(music.redundancy == 2);
  BOOST_TEST((keys(music) == std::vector<uint16_t>{0, 1, 2}));
}

BOOST_AUTO_TEST_CASE(dispatch_tuning_search_timeout_and_node_ratio_are_read) {
  TempApp app(test::services_with(R"(
  <content id="music" version="1.0">
    <redundancy>2</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes count="4" groups="2"/>
    <tuning>
      <dispatch>
        <dispatch-policy>random</dispatch-policy>
        <min-active-docs-coverage>90</min-active-docs-coverage>
        <prioritize-availability>false</prioritize-availability>
        <top-k-probability>0.99</top-k-probability>
        <max-hits-per-partition>50</max-hits-per-partition>
      </dispatch>
      <min-node-ratio-per-group>0.5</min-node-ratio-per-group>
      <merges max-per-node="4" max-queue-size="100"/>
    </tuning>
    <search><query-timeout>2.5</query-timeout></search>
  </content>
)"));
  ApplicationModel::LoadOutput out = app.load();
  BOOST_TEST_REQUIRE(out.ok(), all_text(out));
  const ContentCluster& music = out.model->content_clusters()[0];
  BOOST_TEST(music.dispatch.policy == DispatchPolicy::kAdaptive);  // random is an alias
  BOOST_TEST(music.dispatch.min_active_docs_coverage == 90.0);
  BOOST_TEST(!music.dispatch.prioritize_availability);
  BOOST_TEST(music.dispatch.top_k_probability == 0.99);
  BOOST_TEST(music.dispatch.max_hits_per_partition.value_or(0) == 50u);
  BOOST_TEST(music.min_node_ratio_per_group == 0.5);
  BOOST_TEST(music.max_merges_per_node.value_or(0) == 4u);
  BOOST_TEST(music.query_timeout_seconds.value_or(0) == 2.5);
  BOOST_TEST(dispatch_policy_name(DispatchPolicy::kBestOfRandom2) == "best-of-random-2");
  BOOST_TEST((parse_dispatch_policy("best-of-random-2") == DispatchPolicy::kBestOfRandom2));
}

BOOST_AUTO_TEST_CASE(vespa_tuning_grove_has_no_use_for_is_accepted_with_a_warning_naming_it) {
  TempApp app(R"(<services version="1.0">
  <admin version="2.0">
    <adminserver hostalias="node0"/>
    <configservers><configserver hostalias="node0"/></configservers>
  </admin>
  <container id="default" version="1.0">
    <search/><document-api/>
    <handler id="my.Handler"/>
    <accesslog type="json"/>
    <nodes jvm-options="-Xmx1g"><node hostalias="node0"/></nodes>
  </container>
  <content id="music" version="1.0">
    <redundancy>1</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes><node hostalias="node0" distribution-key="0"/></nodes>
    <engine><proton><resource-limits/></proton></engine>
    <tuning><flush-strategy/><persistence-threads/></tuning>
  </content>
</services>
)");
  ApplicationModel::LoadOutput out = app.load();
  BOOST_TEST_REQUIRE(out.ok(), all_text(out));
  for (const char* name : {"<adminserver", "<handler", "<accesslog", "jvm-options",
                           "<resource-limits>", "<flush-strategy>", "<persistence-threads>"}) {
    const Diagnostic* d = test::find_warning(out, name);
    BOOST_TEST(d != nullptr, name << " in\n" << all_text(out));
    if (d) BOOST_TEST(d->line > 0);
  }
  BOOST_TEST(test::find_warning(out, "<flush-strategy>: <flush-strategy> is accepted and ignored"));
}

BOOST_AUTO_TEST_CASE(container_nodes_count_and_hostaliases_are_read) {
  TempApp app(R"(<services version="1.0">
  <container id="query" version="1.0">
    <search/>
    <http><server id="default" port="8081"/></http>
    <nodes count="2"/>
  </container>
  <container id="feed" version="1.0">
    <document-api/>
    <nodes><node hostalias="feed0"/></nodes>
  </container>
  <content id="music" version="1.0">
    <redundancy>1</redundancy>
    <documents><document type="music" mode="index"/></documents>
    <nodes><node hostalias="node0" distribution-key="0"/></nodes>
  </content>
</services>
)",
              R"(<hosts>
  <host name="query.example.com"><alias>node0</alias></host>
  <host name="feed.example.com"><alias>feed0</alias></host>
</hosts>
)");
  ApplicationModel::LoadOutput out = app.load();
  BOOST_TEST_REQUIRE(out.ok(), all_text(out));
  const auto& containers = out.model->container_clusters();
  BOOST_TEST_REQUIRE(containers.size() == 2u);
  BOOST_TEST(containers[0].http_port == 8081);
  BOOST_TEST(containers[0].nodes.size() == 2u);
  BOOST_TEST(!containers[0].document_api);
  BOOST_TEST(containers[1].http_port == 8080);
  BOOST_TEST(containers[1].nodes[0].hostname == "feed.example.com");
  BOOST_TEST(out.model->content_clusters()[0].all_nodes()[0]->hostname == "query.example.com");
}

BOOST_AUTO_TEST_CASE(a_missing_directory_is_unreadable_with_one_error) {
  ApplicationModel::LoadOutput out = ApplicationModel::load("/nonexistent/grove/app");
  BOOST_TEST(!out.readable);
  BOOST_TEST(!out.ok());
  BOOST_TEST(!out.model.has_value());
  BOOST_TEST_REQUIRE(out.diagnostics.size() == 1u);
  BOOST_TEST(out.diagnostics[0].message.find("does not exist") != std::string::npos);
  BOOST_TEST(out.diagnostics[0].file == "services.xml");
}

BOOST_AUTO_TEST_CASE(a_directory_without_services_xml_is_unreadable) {
  TempApp app("<services version=\"1.0\"/>");
  std::filesystem::remove(std::filesystem::path(app.dir()) / "services.xml");
  ApplicationModel::LoadOutput out = app.load();
  BOOST_TEST(!out.readable);
  BOOST_TEST_REQUIRE(out.diagnostics.size() == 1u);
  BOOST_TEST(out.diagnostics[0].file == "services.xml");
  BOOST_TEST(out.diagnostics[0].message.find("has no services.xml") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(diagnostics_render_file_line_severity_element_and_message) {
  Diagnostic error{"services.xml", 12, Diagnostic::Severity::kError, "<content id='music'>",
                   "no <documents>"};
  BOOST_TEST(error.to_string() == "services.xml:12: error: <content id='music'>: no <documents>");
  Diagnostic warning{"schemas/a.sd", 0, Diagnostic::Severity::kWarning, "", "unused"};
  BOOST_TEST(warning.to_string() == "schemas/a.sd: warning: unused");
}

BOOST_AUTO_TEST_CASE(find_returns_null_for_unknown_names) {
  ApplicationModel model = load_sample("schemas/music-flat");
  BOOST_TEST(model.find_content_cluster("lyrics") == nullptr);
  BOOST_TEST(model.find_schema("lyrics") == nullptr);
  BOOST_TEST(model.schemas().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace grove::config
