#pragma once

// LocalCluster: every content node of one content cluster in this process, each a ContentNode
// with its Distributor, NodeService and LocalContentService, reaching each other as replica
// peers through their LocalContentServices. It is the in-process twin of a cluster of
// grove-content processes: what a container, a test or a benchmark gets from it is what the
// processes would answer, without sockets or serialization (services/protocol/docs/protocol.md).
//
// Each node runs its calls on a thread pool of its own, of `threads_per_node` threads; its
// rpc_threads is set to the same number, so the distributor admits at most half of them for
// feed calls and replica writes from the other nodes always find a free thread (as on a real
// node, content/distributor/docs/distributor.md).
//
// Usage:
//   LocalClusterOptions options;
//   options.application = "schemas/music-grouped";
//   options.data_dir = dir;
//   auto cluster = LocalCluster::open(std::move(options));
//   (*cluster)->service(2).search(request, deadline, done);
//   auto handle = (*cluster)->connect(2);   // an owning handle, e.g. for a SearchCluster
//   (*cluster)->stop();                     // also done by the destructor
//
// Thread-safe after open(). stop() ends the calls that have not started (Unavailable), waits for
// those that have, and closes the nodes; handles from connect() must not be used after it.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "content/node/node_options.h"
#include "services/base/result.h"
#include "services/protocol/content_service.h"

namespace grove::content {

class BucketMaintainer;
class ContentNode;

struct LocalClusterOptions {
  std::string application;  // the application package directory
  std::string cluster;      // the content cluster id; empty: the package's only one
  std::string data_dir;     // node K keeps its data in data_dir/node<K>
  size_t threads_per_node = 8;
  // Applied to every node's options after they are derived (limits, commit window).
  std::function<void(NodeOptions&)> tune;
  // Each node's bucket maintenance (its distributor's BucketMaintainer) runs on its own thread;
  // false: it runs only when a test calls maintainer(key).run_cycle().
  bool start_maintenance = true;
};

class LocalCluster {
 public:
  // Opens every node of the cluster; the first error (the package is invalid, the cluster is
  // unknown, a store cannot be opened) fails it, naming the node.
  static Result<std::unique_ptr<LocalCluster>> open(LocalClusterOptions options);
  ~LocalCluster();
  LocalCluster(const LocalCluster&) = delete;
  LocalCluster& operator=(const LocalCluster&) = delete;

  const std::string& id() const { return cluster_id_; }
  // The distribution keys, in order.
  std::vector<uint16_t> keys() const;
  // The node of `key` (one of keys()).
  protocol::ContentService& service(uint16_t key);
  ContentNode& node(uint16_t key);
  // The bucket maintenance of the node of `key`.
  BucketMaintainer& maintainer(uint16_t key);
  // A service of its own over the node of `key`, for owners such as SearchCluster; NotFound
  // when no node has that key. Its shutdown() ends its own calls, not the node's.
  Result<std::unique_ptr<protocol::ContentService>> connect(uint16_t key);

  // Idempotent; see the top of the file.
  void stop();

 private:
  struct Member;
  explicit LocalCluster(LocalClusterOptions options);
  Member& member(uint16_t key);

  LocalClusterOptions options_;
  std::string cluster_id_;
  std::map<uint16_t, std::unique_ptr<Member>> members_;  // fixed after open()
  bool stopped_ = false;
};

}  // namespace grove::content
