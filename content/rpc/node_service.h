#pragma once

// NodeService: what a content node answers on the content protocol, in the protocol's own
// messages, executed synchronously in the calling thread. It is the one implementation behind
// both ways in: the Thrift handler (ContentServiceHandler, between processes) and the
// in-process LocalContentService (tests and benchmarks), so the two answer alike.
//
// Every call first admits itself: a call whose deadline has passed is refused with
// DeadlineExceeded and not executed; once set_stopping() was called every call but ping is
// refused with Unavailable. A failure is a Status whose code the caller acts on; a batch call
// fails as a whole only when it could not run at all, and each operation carries its own error
// otherwise.
//
// Thread-safe (called from the Thrift server's threads and the local service's executor).
// Borrows the node, its distributor and the clock, which must outlive it.

#include <atomic>

#include "content/distributor/distributor.h"
#include "content/rpc/call_limit.h"
#include "content/node/content_node.h"
#include "services/base/clock.h"
#include "services/base/deadline.h"
#include "services/base/result.h"
#include "services/protocol/content_service.h"

namespace grove::content {

class NodeService {
 public:
  NodeService(ContentNode& node, Distributor& distributor, const Clock& clock)
      : node_(&node), distributor_(&distributor), clock_(clock), key_(node.options().distribution_key) {}
  // A node still opening (loading its package, rebuilding its indexes): pings answer
  // initializing, so the cluster controller reports it as Vespa does; every other call is
  // Unavailable until attach().
  NodeService(const Clock& clock, uint16_t distribution_key, std::string cluster)
      : clock_(clock), key_(distribution_key), starting_cluster_(std::move(cluster)) {}
  // The node is open: calls go to it from now on.
  void attach(ContentNode& node, Distributor& distributor) {
    distributor_.store(&distributor);
    node_.store(&node);
  }

  Result<protocol::PingReply> ping(const protocol::PingRequest& request, Deadline deadline);
  Result<protocol::SetClusterStateReply> set_cluster_state(const protocol::SetClusterStateRequest& request,
                                                           Deadline deadline);
  Result<protocol::TermStatsReply> term_stats(const protocol::TermStatsRequest& request, Deadline deadline);
  Result<protocol::SearchReply> search(const protocol::SearchRequest& request, Deadline deadline);
  Result<protocol::DocsumReply> docsum(const protocol::DocsumRequest& request, Deadline deadline);
  Result<protocol::GetReply> get(const protocol::GetRequest& request, Deadline deadline);
  Result<protocol::VisitReply> visit(const protocol::VisitRequest& request, Deadline deadline);
  // One reply per operation (Distributor::execute_batch), in order.
  Result<protocol::FeedBatchReply> feed_batch(protocol::FeedBatchRequest request, Deadline deadline);
  // One result per write (ContentNode::write_batch), each once it is durable and searchable.
  Result<protocol::WriteBatchReply> write_batch(protocol::WriteBatchRequest request, Deadline deadline);
  // Every bucket the node holds, or those of request.buckets; in bucket id order.
  Result<protocol::ListBucketsReply> list_buckets(const protocol::ListBucketsRequest& request,
                                                  Deadline deadline);
  // Bucket maintenance (bucket_messages.h; ContentNode's bucket methods). Each answers one entry
  // per requested bucket, in order. A request with a gid that is not 12 bytes (or, for apply, an
  // entry timestamp that is not positive) is InvalidArgument naming the bucket, and nothing of
  // it is done.
  Result<protocol::BucketEntriesReply> bucket_entries(const protocol::BucketEntriesRequest& request,
                                                      Deadline deadline);
  Result<protocol::FetchEntriesReply> fetch_entries(const protocol::FetchEntriesRequest& request,
                                                    Deadline deadline);
  // Bucket by bucket: an error of the node for one bucket (a damaged document) fails the call,
  // and the buckets before it stay applied (applying them again changes nothing).
  Result<protocol::ApplyEntriesReply> apply_entries(protocol::ApplyEntriesRequest request, Deadline deadline);
  Result<protocol::SetBucketStatesReply> set_bucket_states(const protocol::SetBucketStatesRequest& request,
                                                           Deadline deadline);
  Result<protocol::DeleteBucketsReply> delete_buckets(const protocol::DeleteBucketsRequest& request,
                                                      Deadline deadline);

  // Marks the node as stopping: pings report it, so that callers stop sending, and every other
  // call is refused.
  void set_stopping() { stopping_ = true; }
  const Clock& clock() const { return clock_; }

 private:
  Status admit(const Deadline& deadline, const char* call) const;
  // The merge throttle: a slot for one bucket-maintenance data call (bucket_entries,
  // fetch_entries, apply_entries), or ResourceExhausted when max_merges_per_node hold one.
  Result<CallLimit::Slot> enter_merge(const char* call);
  // A bucket's info as the protocol gives it: the store's, and whether the node's previous
  // layout still searches it.
  protocol::BucketInfo info_of(const store::BucketSummary& bucket) const;
  // One info per bucket, in order; a bucket the node does not hold has only its id.
  Result<std::vector<protocol::BucketInfo>> infos_of(const std::vector<distribution::BucketId>& buckets) const;

  ContentNode& node() const { return *node_.load(); }
  Distributor& distributor() const { return *distributor_.load(); }

  std::atomic<ContentNode*> node_{nullptr};  // null while initializing
  std::atomic<Distributor*> distributor_{nullptr};
  const Clock& clock_;
  uint16_t key_ = 0;
  std::string starting_cluster_;  // what an initializing node's ping names
  std::atomic<bool> stopping_{false};
  CallLimit merges_;
};

}  // namespace grove::content
