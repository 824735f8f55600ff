#pragma once

// RpcCall: one asynchronous call to a content node, from the moment it is issued until its
// callback has run: the encoded request frame, the deadline, and how to turn the reply into the
// caller's result. TypedCall<Method> adds the method (thrift_methods.h) and the caller's callback.
//
// A call ends exactly once: either decode() (a reply came) or fail() (anything else) sets its
// result, and finish() runs the callback with it.
//
// Usage (inside NodePool):
//   call->decode(body, endpoint) ? keep(connection) : discard(connection);
//   call->finish();
//
// Ownership: shared_ptr, held by the NodePool (queue or connection in flight) and by its
// deadline timer's handler. Created on any thread, then confined to the node's strand.

#include <boost/asio/steady_timer.hpp>

#include <fmt/format.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "services/base/clock.h"
#include "services/base/deadline.h"
#include "services/base/result.h"
#include "services/protocol/content_service.h"
#include "services/rpc/thrift_codec.h"
#include "services/rpc/thrift_methods.h"

namespace grove::rpc {

class RpcConnection;

class RpcCall {
 public:
  RpcCall(const char* method, std::string frame, Deadline deadline)
      : method_(method), frame_(std::move(frame)), deadline_(deadline) {}
  virtual ~RpcCall() = default;
  RpcCall(const RpcCall&) = delete;
  RpcCall& operator=(const RpcCall&) = delete;

  const char* method() const { return method_; }
  const Deadline& deadline() const { return deadline_; }
  bool finished() const { return finished_; }

  // The request frame, its CallContext carrying the time left now; once, when it is sent.
  std::string take_frame() {
    set_frame_timeout(frame_, deadline_.remaining_ms(SystemClock::instance()));
    return std::move(frame_);
  }

  // Sets the result from a reply body; false when the body is malformed (the result is then
  // Unavailable and the connection must be discarded).
  virtual bool decode(std::string_view body, std::string_view endpoint) = 0;
  // Sets the result to a failure.
  virtual void fail(Status status) = 0;
  // Runs the callback with the result. Exactly once, after decode() or fail().
  void finish() {
    GROVE_ASSERT(!finished_);
    finished_ = true;
    deliver();
  }

  // NodePool's bookkeeping, confined to the node's strand.
  std::optional<boost::asio::steady_timer> timer;  // the deadline; absent for Deadline::never()
  std::shared_ptr<RpcConnection> connection;       // set while the call is in flight

 private:
  virtual void deliver() = 0;

  const char* method_;
  std::string frame_;
  Deadline deadline_;
  bool finished_ = false;
};

// A call of one method (services/rpc/thrift_methods.h): decodes the generated reply and converts it
// to the protocol's reply before the callback sees it.
template <typename Method>
class TypedCall final : public RpcCall {
 public:
  using Reply = typename Method::Reply;

  TypedCall(std::string frame, Deadline deadline, protocol::Callback<Reply> done)
      : RpcCall(Method::kName, std::move(frame), deadline), done_(std::move(done)) {}

  bool decode(std::string_view body, std::string_view endpoint) override {
    using WireReply = typename Method::WireReply;
    Decoded<WireReply> decoded = ThriftCodec::for_this_thread().decode<WireReply>(
        body, [](wire::ContentServiceClient& c, WireReply& out) { Method::recv(c, out); });
    if (!decoded.well_formed) {
      result_.emplace(Status::Unavailable(
          fmt::format("{} to content node {}: {}", method(), endpoint, decoded.result.status().message())));
    } else if (decoded.result.ok()) {
      result_.emplace(idl::from_wire(std::move(decoded.result).value()));
    } else {
      result_.emplace(decoded.result.status());
    }
    return decoded.well_formed;
  }
  void fail(Status status) override { result_.emplace(std::move(status)); }

 private:
  void deliver() override {
    GROVE_ASSERT(result_.has_value());
    protocol::Callback<Reply> done = std::move(done_);
    done(std::move(*result_));
  }

  protocol::Callback<Reply> done_;
  std::optional<Result<Reply>> result_;  // Invariant: set before deliver()
};

}  // namespace grove::rpc
