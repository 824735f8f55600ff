#pragma once

// MusicGroupedNodes: the four grove-content processes of schemas/music-grouped (two groups of
// two nodes, redundancy 2, both copies ready) on free 127.0.0.1 ports, each started with
// --nodes naming all four, and a blocking client of each; plus what a test needs to know of the
// package to check placement: its document types and the placement table of the all-up state
// (a document's owner and ideal replicas). Shared by the distributor and batched-write system
// tests.
//
// Usage (in a Boost.Test case):
//   MusicGroupedNodes nodes("grove-distributor-test");
//   nodes.clients[nodes.owner(id)]->feed(...);
//
// Every wait is bounded (60 s for a node to answer ping); a node that exits while being waited
// for fails the test with its log. The destructor stops the processes by pid and removes the
// temporary directory. Not thread-safe.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "config-model/model/application_model.h"
#include "services/distribution/placement_table.h"
#include "services/document/document_json_parser.h"
#include "services/document/document_type.h"
#include "services/rpc/blocking_content_client.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {

class MusicGroupedNodes {
 public:
  static constexpr int kNodes = 4;

  // Starts the nodes in a new temporary directory named after `temp_name`, and connects.
  explicit MusicGroupedNodes(const std::string& temp_name);
  ~MusicGroupedNodes();
  MusicGroupedNodes(const MusicGroupedNodes&) = delete;
  MusicGroupedNodes& operator=(const MusicGroupedNodes&) = delete;

  // (Re)starts node `key` with its data directory and ports.
  void start_node(int key);
  // A client of node `key` once it answers ping.
  std::unique_ptr<rpc::BlockingContentClient> connect(int key);
  std::string log_of(int key) const;

  const distribution::BucketPlacement& placement(const std::string& id) const;
  int owner(const std::string& id) const { return placement(id).owner; }
  bool on_node(const std::string& id, int key) const;
  // The binary form of a music document with `fields` (JSON), as a feed carries it.
  std::string encode(const std::string& id, const std::string& fields);
  // The `year` field of `id` as node `key` stores it (the document must be there).
  int year(int key, const std::string& id);
  // grove-container's --nodes value for these nodes: music:KEY=127.0.0.1:PORT,...
  std::string container_nodes_flag() const;

  const std::string dir;
  const std::string app;
  std::unique_ptr<config::ApplicationModel> model;
  std::unique_ptr<document::DocumentTypeRepo> types;
  std::shared_ptr<const distribution::PlacementTable> table;
  std::map<int, uint16_t> ports, http_ports;
  std::map<int, ChildProcess> nodes;
  std::map<int, std::unique_ptr<rpc::BlockingContentClient>> clients;

 private:
  std::string nodes_flag_;
  document::DocumentJsonParser parser_;
};

}  // namespace grove::testing
