#pragma once

// The distributor-write concern of the content protocol (docs/protocol.md, DESIGN §5): the
// container sends every write to the owner (distributor) of the document's bucket, in batches.
// The owner assigns the timestamp, runs the condition and the update under a lock per document,
// writes to every replica (replica_messages.h) and answers once all are durable.
//
// Plain value types; see search_messages.h.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "services/base/status.h"

namespace grove::protocol {

struct FeedPut {
  std::string document_id;
  std::string document;                  // services/document binary serialization
  std::optional<std::string> condition;  // a document selection (test-and-set)
  bool operator==(const FeedPut&) const = default;
};

struct FeedUpdate {
  std::string document_id;
  std::string update_json;  // Vespa's update JSON: {"fields": {...}}
  std::optional<std::string> condition;
  bool create = false;  // create the document when missing
  bool operator==(const FeedUpdate&) const = default;
};

struct FeedRemove {
  std::string document_id;
  std::optional<std::string> condition;
  bool operator==(const FeedRemove&) const = default;
};

struct FeedOperation {
  std::variant<FeedPut, FeedUpdate, FeedRemove> op;
  // Milliseconds left of this operation's own deadline when the batch was sent; absent: the
  // call's. An operation whose deadline passes before it starts is answered DeadlineExceeded.
  std::optional<int32_t> timeout_ms;
  bool operator==(const FeedOperation&) const = default;
};

// The operations run in order; each keeps its own answer.
struct FeedBatchRequest {
  std::vector<FeedOperation> operations;
  bool operator==(const FeedBatchRequest&) const = default;
};

enum class FeedOutcome : uint8_t {
  kOk = 1,
  kConditionNotMet = 2,    // the condition was false: nothing written (HTTP 412)
  kNotFound = 3,           // an update without create, or a condition, on a missing document
  kWrongDistribution = 4,  // this node does not own the bucket: recompute with cluster_state
  kFeedBlocked = 5,        // a replica is above its resource limit (HTTP 507)
};

struct FeedReply {
  FeedOutcome outcome = FeedOutcome::kOk;
  int64_t timestamp = 0;  // the timestamp written (µs); 0 when nothing was
  std::string message;    // for anything but kOk
  int32_t cluster_state_version = 0;  // the state the owner routed by
  std::string cluster_state;          // with kWrongDistribution: the owner's state string
  // The operation failed with this code (and `message`); `outcome` is then meaningless.
  std::optional<StatusCode> error;
  bool operator==(const FeedReply&) const = default;
};

struct FeedBatchReply {
  std::vector<FeedReply> replies;  // one per operation, in order
  bool operator==(const FeedBatchReply&) const = default;
};

}  // namespace grove::protocol
