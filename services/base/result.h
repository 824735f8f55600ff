#pragma once

// Result<T>: a value of type T, or the non-OK Status that explains why there is none.
//
// Usage:
//   Result<DocumentId> id = DocumentId::parse(text);
//   if (!id.ok()) return id.status();
//   use(id.value());
//
// Accessing value() of an error Result is a bug and aborts (GROVE_ASSERT).

#include <optional>
#include <utility>

#include "services/base/assert.h"
#include "services/base/status.h"

namespace grove {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    GROVE_ASSERT(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  const T& value() const& {
    GROVE_ASSERT(ok());
    return *value_;
  }
  T& value() & {
    GROVE_ASSERT(ok());
    return *value_;
  }
  // By value, so that `for (auto x : f().value())` does not dangle.
  T value() && {
    GROVE_ASSERT(ok());
    return std::move(*value_);
  }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }

 private:
  std::optional<T> value_;
  Status status_;  // OK when value_ is set
};

}  // namespace grove

// Assigns the value of a Result expression to `lhs`, or returns its Status.
#define GROVE_CONCAT_INNER_(a, b) a##b
#define GROVE_CONCAT_(a, b) GROVE_CONCAT_INNER_(a, b)
#define GROVE_ASSIGN_OR_RETURN(lhs, expr) \
  GROVE_ASSIGN_OR_RETURN_IMPL_(GROVE_CONCAT_(grove_result_, __LINE__), lhs, expr)
#define GROVE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
