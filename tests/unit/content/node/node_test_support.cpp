#include "tests/unit/content/node/node_test_support.h"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "services/document/document_serializer.h"

namespace grove::content::testing {

namespace {

std::string temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "grove-node-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  BOOST_REQUIRE(made != nullptr);
  return pattern;
}

}  // namespace

TestPackage::TestPackage(const std::string& content_body) : dir_(temp_dir()), app_(dir_ + "/app") {
  std::filesystem::create_directories(app_ + "/schemas");
  std::filesystem::copy_file(std::string(GROVE_SOURCE_DIR) + "/schemas/music-flat/schemas/music.sd",
                             app_ + "/schemas/music.sd");
  std::ofstream(app_ + "/services.xml") << fmt::format(R"(<?xml version="1.0" encoding="utf-8" ?>
<services version="1.0">
  <content id="music" version="1.0">
    <documents><document type="music" mode="index"/></documents>
    {}
  </content>
</services>
)", content_body);
}

TestPackage::~TestPackage() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string TestPackage::data_dir(uint16_t key) const { return fmt::format("{}/data{}", dir_, key); }

std::string flat_cluster(int nodes, int redundancy, int searchable_copies) {
  std::string xml = fmt::format("<redundancy>{}</redundancy><nodes>", redundancy);
  for (int k = 0; k < nodes; ++k) {
    xml += fmt::format(R"(<node hostalias="node{0}" distribution-key="{0}"/>)", k);
  }
  return xml + fmt::format(
      "</nodes><engine><proton><searchable-copies>{}</searchable-copies></proton></engine>",
      searchable_copies);
}

std::string grouped_cluster() {
  return R"(<redundancy>2</redundancy>
    <group>
      <distribution partitions="1|*"/>
      <group name="group0" distribution-key="0">
        <node hostalias="node0" distribution-key="0"/><node hostalias="node1" distribution-key="1"/>
      </group>
      <group name="group1" distribution-key="1">
        <node hostalias="node2" distribution-key="2"/><node hostalias="node3" distribution-key="3"/>
      </group>
    </group>
    <engine><proton><searchable-copies>2</searchable-copies></proton></engine>)";
}

std::map<uint16_t, NodeEndpoint> endpoints(int nodes) {
  std::map<uint16_t, NodeEndpoint> out;
  for (int k = 0; k < nodes; ++k) out[static_cast<uint16_t>(k)] = NodeEndpoint{"127.0.0.1", static_cast<uint16_t>(1 + k)};
  return out;
}

NodeOptions node_options(const TestPackage& package, uint16_t key, std::map<uint16_t, NodeEndpoint> nodes) {
  NodeOptions o;
  o.application = package.app();
  o.distribution_key = key;
  o.data_dir = package.data_dir(key);
  o.store_map_size_bytes = 64ull << 20;
  o.commit_window = std::chrono::microseconds(200);
  o.nodes = std::move(nodes);
  return o;
}

std::unique_ptr<ContentNode> open_node(const NodeOptions& options, MetricRegistry& metrics) {
  auto node = ContentNode::open(options, metrics);
  BOOST_REQUIRE_MESSAGE(node.ok(), node.status().to_string());
  return std::move(node).value();
}

std::string encode(const ContentNode& node, const std::string& id, const std::string& fields_json) {
  document::DocumentJsonParser parser;
  auto parsed = distribution::DocumentId::parse(id);
  BOOST_REQUIRE(parsed.ok());
  auto doc = parser.parse_fields(*node.types().find("music"), *parsed, fields_json);
  BOOST_REQUIRE_MESSAGE(doc.ok(), doc.status().to_string());
  std::string bytes;
  document::serialize(*doc, bytes);
  return bytes;
}

std::string doc_id(int i) { return fmt::format("id:music:music::doc-{}", i); }

}  // namespace grove::content::testing
