#include "services/idl/wire_status.h"

namespace grove {

wire::ErrorCode::type code_to_wire(StatusCode code) {
  switch (code) {
    case StatusCode::kNotFound: return wire::ErrorCode::NOT_FOUND;
    case StatusCode::kInvalidArgument: return wire::ErrorCode::INVALID_ARGUMENT;
    case StatusCode::kCorruption: return wire::ErrorCode::CORRUPTION;
    case StatusCode::kIoError: return wire::ErrorCode::IO_ERROR;
    case StatusCode::kUnavailable: return wire::ErrorCode::UNAVAILABLE;
    case StatusCode::kDeadlineExceeded: return wire::ErrorCode::DEADLINE_EXCEEDED;
    case StatusCode::kResourceExhausted: return wire::ErrorCode::RESOURCE_EXHAUSTED;
    case StatusCode::kOk:
    case StatusCode::kInternal: break;
  }
  return wire::ErrorCode::INTERNAL;
}

StatusCode code_from_wire(wire::ErrorCode::type code) {
  switch (code) {
    case wire::ErrorCode::NOT_FOUND: return StatusCode::kNotFound;
    case wire::ErrorCode::INVALID_ARGUMENT: return StatusCode::kInvalidArgument;
    case wire::ErrorCode::CORRUPTION: return StatusCode::kCorruption;
    case wire::ErrorCode::IO_ERROR: return StatusCode::kIoError;
    case wire::ErrorCode::UNAVAILABLE: return StatusCode::kUnavailable;
    case wire::ErrorCode::DEADLINE_EXCEEDED: return StatusCode::kDeadlineExceeded;
    case wire::ErrorCode::RESOURCE_EXHAUSTED: return StatusCode::kResourceExhausted;
    case wire::ErrorCode::INTERNAL: break;
  }
  return StatusCode::kInternal;
}

wire::GroveError status_to_wire(const Status& status) {
  wire::GroveError error;
  error.code = code_to_wire(status.code());
  error.message = status.message();
  return error;
}

Status status_from_wire(const wire::GroveError& error) {
  return Status(code_from_wire(error.code), error.message);
}

Status status_from_wire(wire::ErrorCode::type code, const std::string& message) {
  return Status(code_from_wire(code), message);
}

}  // namespace grove
