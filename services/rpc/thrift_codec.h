#pragma once

// ThriftCodec: turns ContentService calls into framed TBinaryProtocol bytes, and reply frames
// back into typed results, without doing any I/O. The generated wire::ContentServiceClient
// writes into and reads from memory buffers; the caller moves the bytes (with Asio).
//
// Frame layout (docs/async-client.md): a 4-byte big-endian length, then one strict
// TBinaryProtocol message. A call message is: version|T_CALL, the method name, seq id 0, then the
// args struct, whose field 1 is the CallContext with timeout_ms as its field 1.
//
// Usage:
//   ThriftCodec& codec = ThriftCodec::for_this_thread();
//   Result<std::string> frame = codec.encode([&](wire::ContentServiceClient& c) { c.send_ping(ctx); });
//   set_frame_timeout(*frame, 250);   // the time left, just before the frame is written
//   ...read the reply frame's body...
//   Decoded<wire::PingReply> reply = codec.decode<wire::PingReply>(
//       body, [](wire::ContentServiceClient& c, wire::PingReply& out) { c.recv_ping(out); });
//
// A codec is confined to one thread: use for_this_thread(). The free functions are pure.

#include <fmt/format.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thrift/TApplicationException.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include "services/base/result.h"
#include "services/idl/ContentService.h"
#include "services/idl/wire_status.h"

namespace grove::rpc {

inline constexpr size_t kFrameHeaderBytes = 4;

// The body length announced by a frame header (kFrameHeaderBytes bytes at `header`).
uint32_t frame_length(const uint8_t* header);

// Rewrites the CallContext.timeout_ms of an encoded call frame in place. The frame must come from
// ThriftCodec::encode (asserted: the bytes at the computed offset must be the ctx field headers).
void set_frame_timeout(std::string& frame, int32_t timeout_ms);

// A decoded reply. `well_formed` is false when the bytes were not a reply to the expected call;
// the result is then Unavailable and the connection that carried it must not be trusted.
template <typename Reply>
struct Decoded {
  Result<Reply> result;
  bool well_formed;
};

class ThriftCodec {
 public:
  // The calling thread's codec.
  static ThriftCodec& for_this_thread();

  // Runs `send(client)` (one generated send_* call) and returns the whole frame, header included.
  // InvalidArgument when the request cannot be encoded (e.g. a string over 2 GiB).
  template <typename Send>
  Result<std::string> encode(Send&& send) {
    begin_frame();
    try {
      send(*client_);
    } catch (const std::exception& e) {
      return Status::InvalidArgument(fmt::format("cannot encode the request: {}", e.what()));
    }
    return end_frame();
  }

  // Reads one reply message (a frame body) with `recv(client, reply)`, a generated recv_* call.
  // A GroveError from the node becomes its Status, a TApplicationException Internal; both leave
  // the connection usable. Anything else is a malformed reply.
  template <typename Reply, typename Recv>
  Decoded<Reply> decode(std::string_view body, Recv&& recv) {
    observe_input(body);
    try {
      Reply reply;
      recv(*client_, reply);
      if (input_->available_read() != 0) return malformed<Reply>("trailing bytes after the reply");
      return {std::move(reply), true};
    } catch (const wire::GroveError& e) {
      return {status_from_wire(e), true};
    } catch (const apache::thrift::TApplicationException& e) {
      return {Status::Internal(fmt::format("the node could not run the call: {}", e.what())), true};
    } catch (const std::exception& e) {
      return malformed<Reply>(e.what());
    }
  }

 private:
  ThriftCodec();
  void begin_frame();
  Result<std::string> end_frame();
  void observe_input(std::string_view body);
  template <typename Reply>
  static Decoded<Reply> malformed(std::string_view why) {
    return {Status::Unavailable(fmt::format("malformed reply: {}", why)), false};
  }

  std::shared_ptr<apache::thrift::transport::TMemoryBuffer> input_;
  std::shared_ptr<apache::thrift::transport::TMemoryBuffer> output_;
  std::unique_ptr<wire::ContentServiceClient> client_;  // reads input_, writes output_
};

}  // namespace grove::rpc
