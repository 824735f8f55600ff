// The content node's RPC contract: what containers, distributors and the tools call on a
// grove-content process. Wire types stay at the edge: content/rpc converts them in one place.
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

struct PingReply {
  1: NodeServiceState state,
  2: i16 distribution_key,
  3: string cluster,
  4: i64 active_docs,
  5: i64 total_docs,
  6: i64 buckets,
  7: i64 config_generation,
}

service ContentService {
  // Liveness and the node's document counts; cheap, never blocked by writes.
  PingReply ping(1: CallContext ctx) throws (1: GroveError error),
}
