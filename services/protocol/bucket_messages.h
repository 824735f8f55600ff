#pragma once

// The bucket concern of the content protocol (docs/protocol.md): what a node stores per bucket,
// and the calls of bucket maintenance (DESIGN §6) that a distributor sends to the replicas of
// the buckets it owns: the entries of buckets, documents fetched from one replica and applied
// to another (a merge), ready and active, and delete.
//
// Every call takes many buckets at once, so that a migration moves data in a few large calls,
// not one round trip per bucket. Buckets are raw 64-bit bucket ids (services/distribution
// BucketId::raw()); gids are 12 bytes.
//
// Plain value types; see search_messages.h.

#include <cstdint>
#include <string>
#include <vector>

namespace grove::protocol {

struct BucketInfo {
  uint64_t bucket = 0;
  int32_t document_count = 0;  // live documents
  int64_t checksum = 0;        // over (gid, timestamp) of every entry, tombstones included
  bool ready = false;          // indexed
  bool active = false;         // searched
  int32_t tombstone_count = 0;
  int64_t total_bytes = 0;  // serialized bytes of the live documents
  // Active in the previous layout's set, which queries of a layout being left still search
  // (content/node ContentNode::layout_id): the replica must not be deleted yet.
  bool previous_active = false;
  bool operator==(const BucketInfo&) const = default;
};

struct ListBucketsRequest {
  std::vector<uint64_t> buckets;  // only these (those the node does not hold are left out); empty: all
  bool operator==(const ListBucketsRequest&) const = default;
};

struct ListBucketsReply {
  std::vector<BucketInfo> buckets;  // in bucket id order
  bool operator==(const ListBucketsReply&) const = default;
};

// ---- merge: compare the replicas' entries, then move what a replica lacks ----

// One stored entry without its document: what replicas compare.
struct BucketEntryMeta {
  std::string gid;  // 12 bytes
  int64_t timestamp = 0;
  bool tombstone = false;
  bool operator==(const BucketEntryMeta&) const = default;
};

struct BucketEntriesRequest {
  std::vector<uint64_t> buckets;
  bool operator==(const BucketEntriesRequest&) const = default;
};

struct BucketEntryList {
  uint64_t bucket = 0;
  std::vector<BucketEntryMeta> entries;  // in gid order; empty when the node lacks the bucket
  bool operator==(const BucketEntryList&) const = default;
};

struct BucketEntriesReply {
  std::vector<BucketEntryList> buckets;  // one per requested bucket, in order
  bool operator==(const BucketEntriesReply&) const = default;
};

// One stored entry with its document (the binary form of services/document; empty for a
// tombstone).
struct BucketEntry {
  std::string gid;
  int64_t timestamp = 0;
  bool tombstone = false;
  std::string document;
  bool operator==(const BucketEntry&) const = default;
};

struct BucketGids {
  uint64_t bucket = 0;
  std::vector<std::string> gids;
  bool operator==(const BucketGids&) const = default;
};

struct FetchEntriesRequest {
  std::vector<BucketGids> buckets;
  bool operator==(const FetchEntriesRequest&) const = default;
};

struct BucketEntries {
  uint64_t bucket = 0;
  std::vector<BucketEntry> entries;  // fetch: in the order asked, gids not stored left out
  bool operator==(const BucketEntries&) const = default;
};

struct FetchEntriesReply {
  std::vector<BucketEntries> buckets;  // one per requested bucket, in order
  bool operator==(const FetchEntriesReply&) const = default;
};

// Entries from another replica, applied last writer wins per entry (tombstones included) and
// indexed as the bucket's role on this node says. A bucket the node does not hold is created,
// ready when this node is one of its first searchable-copies ideal replicas, never active.
struct ApplyEntriesRequest {
  std::vector<BucketEntries> buckets;
  bool operator==(const ApplyEntriesRequest&) const = default;
};

struct ApplyEntriesReply {
  int64_t applied = 0;               // entries that changed the store
  std::vector<BucketInfo> buckets;   // after applying, one per requested bucket, in order
  bool operator==(const ApplyEntriesReply&) const = default;
};

// ---- ready, active, delete ----

struct BucketState {
  uint64_t bucket = 0;
  bool ready = false;   // index the bucket's documents (or drop them from the index)
  bool active = false;  // search them; active implies ready
  bool operator==(const BucketState&) const = default;
};

// Answered once the index shows the new states. A bucket the node does not hold is created,
// empty, with the state.
struct SetBucketStatesRequest {
  std::vector<BucketState> states;
  bool operator==(const SetBucketStatesRequest&) const = default;
};

struct SetBucketStatesReply {
  std::vector<BucketInfo> buckets;  // after the change, one per requested bucket, in order
  bool operator==(const SetBucketStatesReply&) const = default;
};

// Drops the buckets' entries and info (and their documents from the index). A bucket the node
// does not hold is not an error.
struct DeleteBucketsRequest {
  std::vector<uint64_t> buckets;
  bool operator==(const DeleteBucketsRequest&) const = default;
};

struct DeleteBucketsReply {
  int64_t documents = 0;  // live documents dropped
  bool operator==(const DeleteBucketsReply&) const = default;
};

}  // namespace grove::protocol
