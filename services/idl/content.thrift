// The content node's RPC contract: the Thrift form of the content protocol
// (services/protocol/content_service.h). Wire types stay at the edge: services/idl/protocol_wire
// is the one converter, used by the Thrift client (services/rpc) and the node's handler
// (content/rpc). Field numbers of removed calls and structs are not reused.
//
// Every call carries a CallContext with the time left until the caller's deadline. A call that
// arrives with no time left is answered DEADLINE_EXCEEDED and not executed.
//
// Compatibility: fields are never renumbered or reused; new fields are optional.

namespace cpp grove.wire

// Mirrors grove::StatusCode; tells the caller what to do next (see services/base/status.h).
enum ErrorCode {
  NOT_FOUND = 1,
  INVALID_ARGUMENT = 2,
  CORRUPTION = 3,
  IO_ERROR = 4,
  UNAVAILABLE = 5,
  DEADLINE_EXCEEDED = 6,
  RESOURCE_EXHAUSTED = 7,
  INTERNAL = 8,
}

exception GroveError {
  1: ErrorCode code,
  2: string message,
}

struct CallContext {
  // Milliseconds left until the caller's deadline when the call was sent.
  1: i32 timeout_ms,
  // Optional id that ties log lines of one request together across processes.
  2: optional i64 trace_id,
}

enum NodeServiceState {
  INITIALIZING = 1,
  UP = 2,
  STOPPING = 3,
}

// A node's bucket maintenance as its distributor last found it.
struct MaintenanceReport {
  1: i32 state_version,
  2: i64 layout,                           // u64 bit for bit
  3: i64 buckets,
  4: i64 pending,
  5: i64 pending_merge,
  6: i64 too_few_copies,
  7: i64 too_many_copies,
  8: i64 out_of_sync,
  9: i64 without_active,
  10: i64 documents_moved,
  11: i64 bytes_moved,
  12: i64 cycles,
  13: i64 roles_pending,                   // buckets with a replica to set ready, active or back
}

struct PingReply {
  1: NodeServiceState state,
  2: i16 distribution_key,
  3: string cluster,
  4: i64 active_docs,
  5: i64 total_docs,
  6: i64 buckets,
  7: i64 config_generation,
  8: double static_query_cost_ms,          // SQC estimate: fixed cost per query
  9: double document_query_cost_ms,        // DQC estimate: cost per matched document
  10: i32 cluster_state_version,           // of the state the node routes and places by
  11: optional i64 layout_id,              // u64 bit for bit: the node's leaf-group layout
  12: optional i64 previous_layout_id,     // the layout it is leaving, while queried
  13: optional i64 previous_layout_docs,
  14: optional MaintenanceReport maintenance,
}

// The cluster controller's cluster state in Vespa's string form; adopted when newer.
struct SetClusterStateRequest {
  1: string cluster_state,
}

struct SetClusterStateReply {
  1: i32 version,                          // the version the node now routes and places by
}

// ---- Query tree --------------------------------------------------------------------------
// A tree flattened into a list: each node names its children by index into `nodes`, and
// `root` is the index of the root. Any order is valid as long as every index is in range and
// there is no cycle (the converter checks both).

enum QueryNodeKind {
  TERM = 1,         // term in a field or a fieldset
  PHRASE = 2,       // phrase_terms in order, in a field or fieldset
  AND = 3,
  OR = 4,
  AND_NOT = 5,      // first child minus the others
  WEAK_AND = 6,     // OR that keeps about target_hits best candidates
  RANGE = 7,        // numeric attribute within [lower, upper] (inclusivity per bound)
  TRUE = 8,         // every active document
  FALSE = 9,        // no document
}

struct QueryNode {
  1: QueryNodeKind kind,
  2: list<i32> children,
  3: string field,                 // field or fieldset name (TERM, PHRASE, RANGE)
  4: string term,                  // TERM: the normalized term
  5: list<string> phrase_terms,    // PHRASE
  6: optional double lower,        // RANGE; absent = unbounded
  7: optional double upper,
  8: bool lower_inclusive = true,
  9: bool upper_inclusive = true,
  10: i32 target_hits = 100,       // WEAK_AND
  11: i32 weight = 100,            // TERM, PHRASE: the term's weight in ranking
}

struct QueryTree {
  1: list<QueryNode> nodes,
  2: i32 root,
}

// Corpus-wide statistics gathered by the container, so that scores do not depend on layout.
struct TermStats {
  1: string field,
  2: string term,
  3: i64 document_frequency,
}

struct FieldStats {
  1: string field,
  2: i64 length_sum,                       // tokens in the field over the documents
  3: i64 document_count,                   // documents that have the field
}

struct GlobalStats {
  1: i64 total_documents,
  2: list<TermStats> terms,
  3: list<FieldStats> fields,
}

struct SortSpec {
  1: string attribute,
  2: bool ascending = true,
}

struct SearchRequest {
  1: string document_type,
  2: QueryTree query,
  3: string rank_profile = "default",
  4: i32 hits = 10,
  5: i32 offset = 0,
  6: list<SortSpec> sort,                  // empty: by relevance
  7: optional GlobalStats global_stats,
  8: map<string, double> rank_inputs,      // query(name) values
  9: i32 trace_level = 0,
  10: optional i64 layout,                 // the dispatcher's layout (u64 bit for bit); unset: current
}

struct SearchHit {
  1: binary gid,                           // 12 bytes
  2: double relevance,
  3: optional binary sort_data,            // memcmp-sortable bytes for order-by merges
  4: i16 distribution_key,                 // node that holds the hit, for the docsum fill
}

struct QueryMetrics {
  1: i64 matched_documents,
  2: i64 searched_documents,               // active documents on this node
  3: double match_ms,                      // matching and first phase
  4: double second_phase_ms,
  5: double total_ms,
}

struct SearchReply {
  1: list<SearchHit> hits,
  2: i64 total_hits,
  3: QueryMetrics metrics,
  4: bool total_hits_exact = true,
}

struct TermStatsReply {
  1: GlobalStats stats,                    // this node's local statistics
}

struct DocsumRequest {
  1: string document_type,
  2: string summary_class = "default",
  3: list<binary> gids,
}

struct Docsum {
  1: binary gid,
  2: bool found,
  3: string fields_json,                   // the summary fields as a JSON object
}

struct DocsumReply {
  1: list<Docsum> docsums,
}

// ---- Document reads ----------------------------------------------------------------------

struct GetRequest {
  1: string document_id,
}

struct GetReply {
  1: bool found,
  2: i64 timestamp,                        // µs; 0 when not found
  3: bool removed,                         // found a tombstone
  4: string fields_json,                   // the document's fields as a JSON object
}

// ---- Buckets -----------------------------------------------------------------------------

struct BucketInfo {
  1: i64 bucket,
  2: i32 document_count,                   // live documents
  3: i64 checksum,                         // over (gid, timestamp) of every entry and tombstone
  4: bool ready,                           // indexed
  5: bool active,                          // searched
  6: optional i32 tombstone_count,
  7: optional i64 total_bytes,             // serialized bytes of the live documents
  // Active in the previous layout's set, which queries of a layout being left still search:
  // the replica must not be deleted yet. Absent: false.
  8: optional bool previous_active,
}

struct ListBucketsRequest {
  1: list<i64> buckets,                    // only these (those not held are left out); empty: all
}

// ---- Bucket maintenance (DESIGN §6) ------------------------------------------------------
// The distributor that owns a set of buckets compares their replicas' entries, moves what a
// replica lacks (fetch from one, apply to another: a merge), sets which replicas are ready and
// active, and deletes the replicas that are not ideal. Every call takes many buckets, so that
// a migration moves data in a few large calls; a reply has one entry per requested bucket, in
// the order asked. Gids are 12 bytes (InvalidArgument naming the bucket otherwise).

// One stored entry without its document: what replicas compare.
struct BucketEntryMeta {
  1: binary gid,
  2: i64 timestamp,                        // µs
  3: bool tombstone,
}

struct BucketEntriesRequest {
  1: list<i64> buckets,
}

struct BucketEntryList {
  1: i64 bucket,
  2: list<BucketEntryMeta> entries,        // in gid order; empty when the node lacks the bucket
}

struct BucketEntriesReply {
  1: list<BucketEntryList> buckets,
}

// One stored entry with its document (field 5, a document id in an older form, is not reused).
struct BucketEntry {
  1: binary gid,
  2: i64 timestamp,
  3: bool tombstone,
  4: binary document,                      // services/document binary form; empty: a tombstone
}

struct BucketGids {
  1: i64 bucket,
  2: list<binary> gids,
}

struct FetchEntriesRequest {
  1: list<BucketGids> buckets,
}

struct BucketEntries {
  1: i64 bucket,
  2: list<BucketEntry> entries,            // fetch: in the order asked, gids not stored left out
}

struct FetchEntriesReply {
  1: list<BucketEntries> buckets,
}

// Applied last writer wins per entry, tombstones included. A bucket the node does not hold is
// created: ready when the node is one of its first searchable-copies ideal replicas, not active.
struct ApplyEntriesRequest {
  1: list<BucketEntries> buckets,
}

struct ApplyEntriesReply {
  1: i64 applied,                          // entries that changed the store
  2: list<BucketInfo> buckets,             // after applying
}

struct BucketState {
  1: i64 bucket,
  2: bool ready,                           // index the bucket's documents (or drop them)
  3: bool active,                          // search them; active implies ready
}

// Answered once the index shows the new states; a bucket the node does not hold is created,
// empty, with its state.
struct SetBucketStatesRequest {
  1: list<BucketState> states,
}

struct SetBucketStatesReply {
  1: list<BucketInfo> buckets,             // after the change
}

// Drops the buckets' entries, info and indexed documents; a bucket not held is no error.
struct DeleteBucketsRequest {
  1: list<i64> buckets,
}

struct DeleteBucketsReply {
  1: i64 documents,                        // live documents dropped
}

// ---- Distributor operations (DESIGN §5) --------------------------------------------------
// Containers send every write to the owner (distributor) of the document's bucket, computed
// from the cluster state. The owner assigns the timestamp, runs the condition and the update
// under a lock per document, sends the result to every ideal replica with write_batch, and
// replies once all of them have made it durable.

enum FeedOutcome {
  OK = 1,
  CONDITION_NOT_MET = 2,   // the test-and-set condition was false: nothing was written (HTTP 412)
  NOT_FOUND = 3,           // an update without create, or a condition, on a missing document
  WRONG_DISTRIBUTION = 4,  // this node does not own the bucket: recompute with the state below
  FEED_BLOCKED = 5,        // a replica is above its resource limit (disk, memory) (HTTP 507)
}

struct FeedReply {
  1: FeedOutcome outcome,
  2: i64 timestamp,                        // the timestamp written (µs); 0 when nothing was
  3: string message,                       // for anything but OK
  4: i32 cluster_state_version,            // the state the owner routed by
  5: string cluster_state,                 // with WRONG_DISTRIBUTION: the owner's state string
  // The operation failed with this code (and `message`), while the rest of its batch ran;
  // `outcome` is then meaningless. A failure of the whole batch is a GroveError instead.
  6: optional ErrorCode error,
}

struct FeedPutRequest {
  1: string document_id,
  2: binary document,                      // services/document binary serialization
  3: optional string condition,            // document selection (test-and-set)
}

struct FeedUpdateRequest {
  1: string document_id,
  2: string update_json,                   // Vespa's update JSON: {"fields": {...}}
  3: optional string condition,
  4: bool create,                          // create the document when missing
}

struct FeedRemoveRequest {
  1: string document_id,
  2: optional string condition,
}

// ---- Batched writes ---------------------------------------------------------------------
// The container batches the operations it sends to one owner, and the owner batches the writes
// it sends to one replica: one call, one group commit and one indexing task for many documents.
// Each operation keeps its own answer; the order within a batch is the order of execution.

// Exactly one of the three is set.
struct FeedOperation {
  1: optional FeedPutRequest put,
  2: optional FeedUpdateRequest update,
  3: optional FeedRemoveRequest remove,
  // Milliseconds left of this operation's own deadline when the batch was sent; absent: the
  // call's. An operation whose deadline has passed before it starts is answered
  // DEADLINE_EXCEEDED and not executed.
  4: optional i32 timeout_ms,
}

// One write on one replica, with the distributor's timestamp: a put (document set) or a remove.
struct ReplicaWrite {
  1: string document_id,
  2: i64 timestamp,
  3: bool remove = false,
  4: binary document,                      // put: services/document binary serialization
  // The distributor knows no replica of the bucket: a node that creates the bucket gives it
  // its ideal role (ready, and active when it is the bucket's active replica in its group).
  // Absent or false: a bucket created by the write is ready or not by the ideal state, and not
  // active until bucket maintenance activates it.
  5: optional bool new_bucket,
}

struct ReplicaWriteResult {
  1: bool applied,                         // false: a newer entry was already stored
  2: optional ErrorCode error,             // set when this write failed; nothing of it stored
  3: string message,                       // with error
}

// ---- Visiting: every stored document once ------------------------------------------------
// Each node returns the documents of the buckets whose first ideal replica it is, so visiting
// every node of the cluster gives every document exactly once.

struct VisitRequest {
  1: string document_type,                 // empty: every type
  2: i64 after_bucket,                     // resume after (bucket, gid); bucket 0: from the start
  3: binary after_gid,
  4: i32 max_documents,
  5: optional string selection,            // document selection; absent: every document
}

struct VisitedDocument {
  1: string document_id,
  2: string fields_json,
  3: i64 timestamp,
}

struct VisitReply {
  1: list<VisitedDocument> documents,
  2: bool done,                            // no documents after the last one returned
  3: i64 last_bucket,                      // where to resume
  4: binary last_gid,
}

// One call per line of services/protocol/content_service.h; each is for one role:
//   node        ping                       anyone (the container's pings, tools)
//               set_cluster_state          the cluster controller
//   search      term_stats, search, docsum the container's dispatcher, on one group's nodes
//   documents   get, visit                 the container's document API (get: any replica)
//   distributor feed_batch                 the container, to the owner of the operations' buckets
//   replica     write_batch                a distributor, to each replica of its buckets
//   buckets     list_buckets               tools, tests and bucket maintenance
//               bucket_entries, fetch_entries, apply_entries, set_bucket_states, delete_buckets
//                                          bucket maintenance: the distributor that owns the
//                                          buckets, to each of their replicas
service ContentService {
  // Liveness and the node's document counts; cheap, never blocked by writes.
  PingReply ping(1: CallContext ctx) throws (1: GroveError error),
  // A newer cluster state replaces the node's; an older or equal one is ignored.
  SetClusterStateReply set_cluster_state(1: CallContext ctx, 2: SetClusterStateRequest request)
      throws (1: GroveError error),

  SearchReply search(1: CallContext ctx, 2: SearchRequest request) throws (1: GroveError error),
  DocsumReply docsum(1: CallContext ctx, 2: DocsumRequest request) throws (1: GroveError error),
  // Only the request's document_type and query are read.
  TermStatsReply term_stats(1: CallContext ctx, 2: SearchRequest request)
      throws (1: GroveError error),

  GetReply get(1: CallContext ctx, 2: GetRequest request) throws (1: GroveError error),
  VisitReply visit(1: CallContext ctx, 2: VisitRequest request) throws (1: GroveError error),

  // The distributor role for many operations at once: one FeedReply per operation, in order.
  // A GroveError fails the whole batch (the node is stopping, overloaded, the deadline had
  // passed on arrival, or an operation is none of put, update and remove).
  list<FeedReply> feed_batch(1: CallContext ctx, 2: list<FeedOperation> operations)
      throws (1: GroveError error),
  // Many replica writes in one group commit and one indexing task: one result per write, in
  // order, each once it is durable and searchable.
  list<ReplicaWriteResult> write_batch(1: CallContext ctx, 2: list<ReplicaWrite> writes)
      throws (1: GroveError error),

  // The buckets the node holds (or those of request.buckets it holds), in bucket id order. A
  // caller that sends no request (an older one) gets every bucket.
  list<BucketInfo> list_buckets(1: CallContext ctx, 2: ListBucketsRequest request)
      throws (1: GroveError error),
  // Bucket maintenance: one answer per requested bucket, in order. A GroveError fails the whole
  // call (the node is stopping, the deadline had passed on arrival, a gid is not 12 bytes).
  BucketEntriesReply bucket_entries(1: CallContext ctx, 2: BucketEntriesRequest request)
      throws (1: GroveError error),
  FetchEntriesReply fetch_entries(1: CallContext ctx, 2: FetchEntriesRequest request)
      throws (1: GroveError error),
  // Nothing of a bucket whose entries cannot be stored (a damaged document, another cluster's
  // type) is applied; the call fails with INVALID_ARGUMENT naming it.
  ApplyEntriesReply apply_entries(1: CallContext ctx, 2: ApplyEntriesRequest request)
      throws (1: GroveError error),
  SetBucketStatesReply set_bucket_states(1: CallContext ctx, 2: SetBucketStatesRequest request)
      throws (1: GroveError error),
  DeleteBucketsReply delete_buckets(1: CallContext ctx, 2: DeleteBucketsRequest request)
      throws (1: GroveError error),
}
