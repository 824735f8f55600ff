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

// Throws the wire exception for a non-OK status; Thrift sends it to the caller.
inline void throw_if_error(const Status& status) {
  if (!status.ok()) throw status_to_wire(status);
}

}  // namespace grove
