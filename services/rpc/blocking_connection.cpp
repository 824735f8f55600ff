#include "services/rpc/blocking_connection.h"

#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "services/base/clock.h"
#include "services/rpc/thrift_codec.h"

namespace grove::rpc {

namespace {

// Most replies are small: a buffer of this size takes the header and the body in one read.
constexpr size_t kInitialReplyBuffer = 16 * 1024;

// Milliseconds for poll(): rounded up so that a wait never ends before the deadline; -1 for none.
int poll_timeout_ms(Deadline deadline) {
  if (deadline.is_never()) return -1;
  Duration left = deadline.remaining(SystemClock::instance());
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return ms > INT32_MAX ? INT32_MAX : static_cast<int>(ms);
}

}  // namespace

BlockingConnection::BlockingConnection(std::string host, uint16_t port, uint32_t max_frame_bytes)
    : host_(std::move(host)),
      port_(port),
      max_frame_bytes_(max_frame_bytes),
      endpoint_(fmt::format("{}:{}", host_, port_)) {}

BlockingConnection::~BlockingConnection() { close(); }

void BlockingConnection::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status BlockingConnection::failed(std::string_view doing, int error) {
  close();
  if (error == 0) return Status::Unavailable(fmt::format("content node {} closed the connection", endpoint_));
  return Status::Unavailable(fmt::format("{} content node {} failed: {}", doing, endpoint_, std::strerror(error)));
}

Status BlockingConnection::wait(short events, Deadline deadline, std::string_view doing) const {
  pollfd p{fd_, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, poll_timeout_ms(deadline));
    if (n > 0) return Status::Ok();  // ready, or an error the next read or write reports
    if (n == 0) {
      return Status::DeadlineExceeded(
          fmt::format("content node {}: no {} before the deadline", endpoint_, doing));
    }
    if (errno != EINTR) {
      return Status::Unavailable(fmt::format("poll on content node {}: {}", endpoint_, std::strerror(errno)));
    }
  }
}

Status BlockingConnection::open(Deadline deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host_.c_str(), std::to_string(port_).c_str(), &hints, &found);
  if (rc != 0) {
    return Status::Unavailable(fmt::format("cannot resolve content node {}: {}", endpoint_, ::gai_strerror(rc)));
  }
  Status status = Status::Unavailable(fmt::format("cannot connect to content node {}: no address", endpoint_));
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd_ < 0) {
      status = failed("opening a socket to", errno);
      continue;
    }
    if (::connect(fd_, a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        status = Status::Unavailable(
            fmt::format("cannot connect to content node {}: {}", endpoint_, std::strerror(errno)));
        close();
        continue;
      }
      status = wait(POLLOUT, deadline, "connection");
      int error = 0;
      socklen_t len = sizeof error;
      if (status.ok() && ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error != 0) {
        status = Status::Unavailable(
            fmt::format("cannot connect to content node {}: {}", endpoint_, std::strerror(error)));
      }
      if (!status.ok()) {
        close();
        continue;
      }
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    status = Status::Ok();
    break;
  }
  ::freeaddrinfo(found);
  return status;
}

// An idle connection has nothing to read; anything readable is the node closing it (or bytes
// that belong to no call): either way it cannot carry the next call.
bool BlockingConnection::stale() const {
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) != 0;
}

Status BlockingConnection::write_all(std::string_view bytes, Deadline deadline) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      GROVE_RETURN_IF_ERROR(wait(POLLOUT, deadline, "room to send"));
    } else if (errno != EINTR) {
      return failed("sending to", errno);
    }
  }
  return Status::Ok();
}

Status BlockingConnection::read_exactly(char* out, size_t n, Deadline deadline) {
  while (n > 0) {
    ssize_t got = ::recv(fd_, out, n, 0);
    if (got > 0) {
      out += got;
      n -= static_cast<size_t>(got);
    } else if (got == 0) {
      return failed("reading from", 0);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      GROVE_RETURN_IF_ERROR(wait(POLLIN, deadline, "reply"));
    } else if (errno != EINTR) {
      return failed("reading from", errno);
    }
  }
  return Status::Ok();
}

Result<std::string_view> BlockingConnection::exchange(std::string_view frame, Deadline deadline) {
  if (fd_ >= 0 && stale()) close();
  if (fd_ < 0) GROVE_RETURN_IF_ERROR(open(deadline));
  Status status = write_all(frame, deadline);
  // The reply cannot be there yet: wait first, then take what has come in one read.
  if (status.ok()) status = wait(POLLIN, deadline, "reply");
  if (reply_.size() < kInitialReplyBuffer) reply_.resize(kInitialReplyBuffer);
  size_t have = 0;
  while (status.ok() && have < kFrameHeaderBytes) {
    ssize_t got = ::recv(fd_, reply_.data() + have, reply_.size() - have, 0);
    if (got > 0) {
      have += static_cast<size_t>(got);
    } else if (got == 0) {
      status = failed("reading from", 0);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      status = wait(POLLIN, deadline, "reply");
    } else if (errno != EINTR) {
      status = failed("reading from", errno);
    }
  }
  if (!status.ok()) {
    close();
    return status;
  }
  const uint32_t size = frame_length(reinterpret_cast<const uint8_t*>(reply_.data()));
  if (size == 0 || size > max_frame_bytes_) {
    close();
    return Status::Unavailable(fmt::format("malformed frame from content node {}: length {} (limit {})",
                                           endpoint_, size, max_frame_bytes_));
  }
  const size_t total = kFrameHeaderBytes + size_t{size};
  if (have > total) {
    close();
    return Status::Unavailable(
        fmt::format("content node {} sent {} bytes after its reply", endpoint_, have - total));
  }
  if (reply_.size() < total) reply_.resize(total);
  status = read_exactly(reply_.data() + have, total - have, deadline);
  if (!status.ok()) {
    close();
    return status;
  }
  return std::string_view(reply_.data() + kFrameHeaderBytes, size);
}

}  // namespace grove::rpc
