#pragma once

// Conversion between grove::Status and the wire's GroveError: the one place where error codes
// cross the RPC boundary, in both directions.
//
// Usage (server side):   throw_if_error(status);          // inside a Thrift handler
// Usage (client side):   Status s = status_from_wire(error);

#include "services/base/status.h"
#include "services/idl/content_types.h"

namespace grove {

wire::GroveError status_to_wire(const Status& status);
Status status_from_wire(const wire::GroveError& error);
// The code alone, for per-operation errors inside batch replies (FeedReply.error,
// ReplicaWriteResult.error). kOk has no wire code: it maps to INTERNAL.
wire::ErrorCode::type code_to_wire(StatusCode code);
StatusCode code_from_wire(wire::ErrorCode::type code);
Status status_from_wire(wire::ErrorCode::type code, const std::string& message);

// Throws the wire exception for a non-OK status; Thrift sends it to the caller.
inline void throw_if_error(const Status& status) {
  if (!status.ok()) throw status_to_wire(status);
}

}  // namespace grove
