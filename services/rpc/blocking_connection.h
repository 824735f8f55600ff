#pragma once

// BlockingConnection: one TCP connection to a content node, used by one thread that waits for
// each reply: write a request frame, read one reply frame, both bounded by the call's deadline.
// It is BlockingContentClient's transport: no event loop, no timer and no hand-off between
// threads, so a blocking call costs the two system calls of the exchange and one poll() per
// direction that has to wait.
//
// The frame layout is ThriftCodec's (a 4-byte big-endian length, then the message;
// docs/async-client.md). The connection opens on the first exchange and again after a failure;
// before each exchange it checks that an idle connection has not been closed by the node (a
// restarted node), so a stale connection costs a reconnect, not a failed call.
//
// Usage:
//   BlockingConnection connection("127.0.0.1", 19100, 100 << 20);
//   Result<std::string_view> body = connection.exchange(frame, deadline);  // valid until the next call
//
// Confined to one thread at a time.

#include <cstdint>
#include <string>
#include <string_view>

#include "services/base/deadline.h"
#include "services/base/result.h"

namespace grove::rpc {

class BlockingConnection {
 public:
  BlockingConnection(std::string host, uint16_t port, uint32_t max_frame_bytes);
  ~BlockingConnection();
  BlockingConnection(const BlockingConnection&) = delete;
  BlockingConnection& operator=(const BlockingConnection&) = delete;

  // Sends `frame` (header included) and returns the body of the reply frame. Unavailable when
  // the node cannot be reached or the connection fails (the connection is then closed);
  // DeadlineExceeded when the deadline passes first (also closed: a late reply must not be
  // taken for the next call's).
  Result<std::string_view> exchange(std::string_view frame, Deadline deadline);

  // Closes the connection; the next exchange opens a new one.
  void close();

  const std::string& endpoint() const { return endpoint_; }

 private:
  Status open(Deadline deadline);
  bool stale() const;
  // Waits until the socket is ready for `events` (POLLIN or POLLOUT); DeadlineExceeded at the
  // deadline, naming `doing`.
  Status wait(short events, Deadline deadline, std::string_view doing) const;
  Status write_all(std::string_view bytes, Deadline deadline);
  Status read_exactly(char* out, size_t n, Deadline deadline);
  Status failed(std::string_view doing, int error);

  std::string host_;
  uint16_t port_;
  uint32_t max_frame_bytes_;
  std::string endpoint_;
  int fd_ = -1;
  std::string reply_;  // the last reply frame; reused
};

}  // namespace grove::rpc
