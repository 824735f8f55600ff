#pragma once

// framed_transport(): the transport both ends of a Grove Thrift connection use over a socket:
// framed (a 4-byte big-endian length before each message) and read through a buffer, so that a
// message's frame header and body arrive with one recv instead of two. Writes go out whole: the
// framed transport writes each frame in one piece, and a frame larger than the small write
// buffer is sent straight from it.
//
//   auto transport = framed_transport(socket);   // client (TSocket) or server (accepted)
//
// Thread-safe (a pure function); the transport it returns is not.

#include <thrift/transport/TBufferTransports.h>

#include <memory>

namespace grove::rpc {

inline std::shared_ptr<apache::thrift::transport::TFramedTransport> framed_transport(
    std::shared_ptr<apache::thrift::transport::TTransport> socket) {
  constexpr uint32_t kReadBufferBytes = 16 * 1024;
  constexpr uint32_t kWriteBufferBytes = 512;
  return std::make_shared<apache::thrift::transport::TFramedTransport>(
      std::make_shared<apache::thrift::transport::TBufferedTransport>(
          std::move(socket), kReadBufferBytes, kWriteBufferBytes));
}

}  // namespace grove::rpc
