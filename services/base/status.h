#pragma once

// Status and the error codes every Grove API returns.
//
// A Status is either OK or an error code with a message. The codes are few and each one tells the
// caller what to do next:
//
//   NotFound           the thing asked for does not exist; do not retry.
//   InvalidArgument    the request is wrong; fix it, do not retry.
//   Corruption         stored data is damaged; an operator must look.
//   IoError            the disk or OS failed; retry may help after an operator looks.
//   Unavailable        this node or group cannot serve now; try another one.
//   DeadlineExceeded   the deadline passed; the work was not (fully) done.
//   ResourceExhausted  back off and retry later.
//   Internal           a bug in Grove.
//
// Usage:
//   Status s = store.put(doc);
//   if (!s.ok()) return s;
//
// Status is a value type; it is thread-compatible (const methods may be called concurrently).

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace grove {

enum class StatusCode : int {
  kOk = 0,
  kNotFound,
  kInvalidArgument,
  kCorruption,
  kIoError,
  kUnavailable,
  kDeadlineExceeded,
  kResourceExhausted,
  kInternal,
};

// Returns the code's name, e.g. "InvalidArgument".
std::string_view status_code_name(StatusCode code);
inline std::ostream& operator<<(std::ostream& os, StatusCode c) { return os << status_code_name(c); }

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status DeadlineExceeded(std::string m) {
    return {StatusCode::kDeadlineExceeded, std::move(m)};
  }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // True when retrying the same request later, or elsewhere, may succeed.
  bool retryable() const {
    return code_ == StatusCode::kUnavailable || code_ == StatusCode::kResourceExhausted ||
           code_ == StatusCode::kDeadlineExceeded;
  }

  // "OK" or "<Code>: <message>".
  std::string to_string() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline std::ostream& operator<<(std::ostream& os, const Status& s) { return os << s.to_string(); }

}  // namespace grove

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define GROVE_RETURN_IF_ERROR(expr)              \
  do {                                           \
    ::grove::Status grove_status_ = (expr);      \
    if (!grove_status_.ok()) return grove_status_; \
  } while (0)
