#pragma once

// Test helpers for in-process content nodes: temporary application packages with the music
// schema of schemas/music-flat and a content cluster of the test's choosing, node options, and
// documents in the binary form nodes store.

#include <map>
#include <memory>
#include <string>

#include "content/node/content_node.h"
#include "services/document/document_json_parser.h"

namespace grove::content::testing {

// A temporary directory holding an application package; removed by the destructor.
class TestPackage {
 public:
  // `content_body`: what goes inside <content id="music" version="1.0"> besides <documents>.
  explicit TestPackage(const std::string& content_body);
  ~TestPackage();
  TestPackage(const TestPackage&) = delete;
  TestPackage& operator=(const TestPackage&) = delete;

  const std::string& app() const { return app_; }
  std::string data_dir(uint16_t key) const;

 private:
  std::string dir_;
  std::string app_;
};

// <redundancy>, <nodes> with keys 0..n-1, and <searchable-copies>.
std::string flat_cluster(int nodes, int redundancy, int searchable_copies);
// Two groups of two nodes (keys 0,1 and 2,3), partitions 1|*, redundancy 2, both ready.
std::string grouped_cluster();

// Endpoints for keys 0..n-1 that nothing listens on (an in-process node never calls them).
std::map<uint16_t, NodeEndpoint> endpoints(int nodes);

NodeOptions node_options(const TestPackage& package, uint16_t key,
                         std::map<uint16_t, NodeEndpoint> nodes = {});

std::unique_ptr<ContentNode> open_node(const NodeOptions& options, MetricRegistry& metrics);

// Encodes a music document: `fields_json` is the "fields" object of a Vespa put.
std::string encode(const ContentNode& node, const std::string& id, const std::string& fields_json);

// "id:music:music::doc-<i>".
std::string doc_id(int i);

}  // namespace grove::content::testing
