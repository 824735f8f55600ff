#pragma once

// ContentService: the calls a content node answers, as one asynchronous interface over the plain
// messages of this folder (docs/protocol.md). The container's dispatcher and document API, and
// a distributor writing to its replicas, talk to content nodes only through it.
//
// Implementations (habit 7: a seam with a twin and one conformance suite):
//   - rpc::ThriftContentClient (services/rpc): a remote node over Thrift, used between processes;
//   - content::LocalContentService (content/rpc): a ContentNode and its Distributor in this
//     process, for tests and benchmarks;
//   - the node's Thrift handler (content/rpc) serves the same calls through the same code as the
//     local one, so the two answer alike.
//
// The contract of every call:
//   - It returns at once. `done` runs exactly once, never inside the call itself, on a thread of
//     the implementation (the client's I/O threads; the local service's executor). It must not
//     throw and should not block: it delays the implementation's other replies.
//   - The request is read before the call returns (the Thrift client encodes it at once, the
//     local one copies what it keeps), so it need not outlive the call. The batch calls take
//     their request by value, so the documents can be moved in.
//   - The deadline travels with the call. A call that reaches the node with no time left is
//     refused with DeadlineExceeded and not executed; when the deadline passes before the reply,
//     `done` gets DeadlineExceeded (the call may or may not have been executed).
//   - Failures are Status values that say what to do next: Unavailable (the node cannot be
//     reached, is stopping, or the connection failed: try another node or group),
//     ResourceExhausted (back off), InvalidArgument (the request is wrong), NotFound, Internal.
//     A batch call fails as a whole only when it could not run at all; each operation otherwise
//     carries its own error in its reply.
//
// Thread-safe: calls may be issued from any thread, concurrently.

#include <functional>
#include <string>

#include "services/base/deadline.h"
#include "services/base/result.h"
#include "services/protocol/bucket_messages.h"
#include "services/protocol/document_messages.h"
#include "services/protocol/feed_messages.h"
#include "services/protocol/node_messages.h"
#include "services/protocol/replica_messages.h"
#include "services/protocol/search_messages.h"

namespace grove::protocol {

// Receives the result of an asynchronous call, exactly once.
template <typename T>
using Callback = std::function<void(Result<T>)>;

class ContentService {
 public:
  virtual ~ContentService() = default;

  // ---- node: liveness and document counts; cheap, never blocked by writes ----
  virtual void ping(const PingRequest& request, Deadline deadline, Callback<PingReply> done) = 0;
  // The cluster controller: a new cluster state (node_messages.h). InvalidArgument for a state
  // that cannot be parsed or does not fit the node's cluster; Unavailable when it leaves some
  // bucket without a node.
  virtual void set_cluster_state(const SetClusterStateRequest& request, Deadline deadline,
                                 Callback<SetClusterStateReply> done) = 0;

  // ---- search: the container's dispatcher, on the nodes of one group ----
  virtual void term_stats(const TermStatsRequest& request, Deadline deadline,
                          Callback<TermStatsReply> done) = 0;
  virtual void search(const SearchRequest& request, Deadline deadline, Callback<SearchReply> done) = 0;
  virtual void docsum(const DocsumRequest& request, Deadline deadline, Callback<DocsumReply> done) = 0;

  // ---- document reads: the container's document API ----
  virtual void get(const GetRequest& request, Deadline deadline, Callback<GetReply> done) = 0;
  virtual void visit(const VisitRequest& request, Deadline deadline, Callback<VisitReply> done) = 0;

  // ---- distributor writes: the container, to the owner of the operations' buckets ----
  virtual void feed_batch(FeedBatchRequest request, Deadline deadline,
                          Callback<FeedBatchReply> done) = 0;

  // ---- replica writes: a distributor, to one replica ----
  virtual void write_batch(WriteBatchRequest request, Deadline deadline,
                           Callback<WriteBatchReply> done) = 0;

  // ---- buckets: bucket maintenance, from the distributor that owns them (bucket_messages.h) ----
  virtual void list_buckets(const ListBucketsRequest& request, Deadline deadline,
                            Callback<ListBucketsReply> done) = 0;
  virtual void bucket_entries(const BucketEntriesRequest& request, Deadline deadline,
                              Callback<BucketEntriesReply> done) = 0;
  virtual void fetch_entries(const FetchEntriesRequest& request, Deadline deadline,
                             Callback<FetchEntriesReply> done) = 0;
  virtual void apply_entries(ApplyEntriesRequest request, Deadline deadline,
                             Callback<ApplyEntriesReply> done) = 0;
  virtual void set_bucket_states(const SetBucketStatesRequest& request, Deadline deadline,
                                 Callback<SetBucketStatesReply> done) = 0;
  virtual void delete_buckets(const DeleteBucketsRequest& request, Deadline deadline,
                              Callback<DeleteBucketsReply> done) = 0;

  // False from a failure to reach the node until its next good reply: the dispatcher takes the
  // node out at once. Thread-safe.
  virtual bool healthy() const = 0;
  // Where the node is, for messages ("127.0.0.1:19100", or "local:3").
  virtual const std::string& endpoint() const = 0;
  // Ends every outstanding and later call with Unavailable; returns at once, idempotent. The
  // callbacks of outstanding calls still run, on the implementation's threads.
  virtual void shutdown() = 0;
};

}  // namespace grove::protocol
