#include "services/rpc/node_pool.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/post.hpp>

#include "services/base/logging.h"

namespace grove::rpc {

namespace asio = boost::asio;

NodePool::NodePool(asio::io_context& io, std::string host, uint16_t port, NodePoolOptions options)
    : strand_(asio::make_strand(io)),
      host_(std::move(host)),
      port_(port),
      endpoint_(fmt::format("{}:{}", host_, port)),
      options_(std::move(options)) {
  GROVE_ASSERT(options_.max_connections > 0);
}

// Reached once no handler of the pool can run: after close_all(), or when the io_context was
// destroyed first. Breaks the links between calls and connections without calling back.
NodePool::~NodePool() {
  for (const ConnectionPtr& c : connecting_) c->close();
  for (const ConnectionPtr& c : idle_) c->close();
  for (auto& [connection, call] : in_flight_) {
    connection->close();
    call->connection.reset();
  }
}

void NodePool::submit(CallPtr call) {
  asio::post(strand_, [self = shared_from_this(), call = std::move(call)]() mutable {
    self->admit(std::move(call));
  });
}

void NodePool::reject(CallPtr call, Status status) {
  asio::post(strand_, [self = shared_from_this(), call = std::move(call), status = std::move(status)] {
    self->complete(call, status);
  });
}

void NodePool::shutdown() {
  asio::post(strand_, [self = shared_from_this()] { self->close_all(); });
}

void NodePool::admit(CallPtr call) {
  if (shut_down_) {
    return complete(call, Status::Unavailable(fmt::format(
                              "{} to content node {}: the client is shutting down", call->method(), endpoint_)));
  }
  if (call->deadline().expired(SystemClock::instance())) {
    return complete(call, Status::DeadlineExceeded(fmt::format(
                              "{} to content node {}: the deadline passed before sending", call->method(), endpoint_)));
  }
  if (!has_room()) {
    return complete(call, Status::ResourceExhausted(fmt::format(
                              "{} to content node {}: {} calls already wait for its {} connections",
                              call->method(), endpoint_, waiting_.size(), options_.max_connections)));
  }
  arm_deadline(call);
  waiting_.push_back(std::move(call));
  pump();
}

bool NodePool::has_room() const {
  return !idle_.empty() || open() < options_.max_connections ||
         waiting_.size() < connecting_.size() + options_.max_queued_calls;
}

void NodePool::pump() {
  while (!idle_.empty() && !waiting_.empty()) {
    CallPtr call = next_waiting();
    if (!call) break;
    ConnectionPtr connection = std::move(idle_.back());
    idle_.pop_back();
    start(connection, std::move(call));
  }
  while (waiting_.size() > connecting_.size() && open() < options_.max_connections) open_connection();
  open_connections_.store(open(), std::memory_order_relaxed);
}

// The oldest waiting call whose deadline has not passed; ends the expired ones on the way.
NodePool::CallPtr NodePool::next_waiting() {
  while (!waiting_.empty()) {
    CallPtr call = std::move(waiting_.front());
    waiting_.pop_front();
    if (!call->deadline().expired(SystemClock::instance())) return call;
    complete(call, Status::DeadlineExceeded(fmt::format(
                       "{} to content node {}: the deadline passed while waiting for a connection",
                       call->method(), endpoint_)));
  }
  return nullptr;
}

void NodePool::open_connection() {
  auto connection = std::make_shared<RpcConnection>(strand_, endpoint_, options_.max_frame_bytes);
  connecting_.insert(connection);
  connection->connect(host_, port_, options_.connect_timeout,
                      [weak = weak_from_this(), raw = connection.get()](Status status) {
                        if (auto self = weak.lock()) self->on_connected(raw->shared_from_this(), std::move(status));
                      });
}

void NodePool::on_connected(const ConnectionPtr& connection, Status status) {
  if (connecting_.erase(connection) == 0) return;
  if (status.ok()) {
    release(connection);
  } else {
    set_healthy(false, status);
    // The node refused or did not answer: the calls waiting for it go elsewhere now.
    std::deque<CallPtr> waiting = std::move(waiting_);
    waiting_.clear();
    for (const CallPtr& call : waiting) {
      complete(call, Status::Unavailable(fmt::format("{}: {}", call->method(), status.message())));
    }
  }
  pump();
}

void NodePool::start(const ConnectionPtr& connection, CallPtr call) {
  call->connection = connection;
  in_flight_.emplace(connection.get(), call);
  std::string frame = call->take_frame();
  connection->call(std::move(frame), [weak = weak_from_this(), raw = connection.get(), call](Result<std::string_view> reply) {
    if (auto self = weak.lock()) self->on_reply(raw->shared_from_this(), call, std::move(reply));
  });
}

void NodePool::on_reply(const ConnectionPtr& connection, const CallPtr& call, Result<std::string_view> reply) {
  in_flight_.erase(connection.get());
  call->connection.reset();
  if (!reply.ok()) {  // the connection has closed itself
    set_healthy(false, reply.status());
    call->fail(Status::Unavailable(fmt::format("{}: {}", call->method(), reply.status().message())));
  } else if (call->decode(*reply, endpoint_)) {
    set_healthy(true, Status::Ok());
    release(connection);
  } else {
    connection->close();
    set_healthy(false, Status::Unavailable("malformed reply"));
  }
  if (call->timer) call->timer->cancel();
  pump();
  call->finish();
}

// A connection that finished connecting or calling takes the next waiting call, or goes idle.
void NodePool::release(const ConnectionPtr& connection) {
  if (shut_down_) return connection->close();
  if (CallPtr call = next_waiting()) return start(connection, std::move(call));
  idle_.push_back(connection);
  connection->watch_idle([weak = weak_from_this(), raw = connection.get()](Status why) {
    if (auto self = weak.lock()) self->on_idle_lost(raw->shared_from_this(), why);
  });
}

void NodePool::on_idle_lost(const ConnectionPtr& connection, const Status& why) {
  auto it = std::find(idle_.begin(), idle_.end(), connection);
  if (it == idle_.end()) return;
  idle_.erase(it);
  set_healthy(false, why);
  pump();
}

void NodePool::arm_deadline(const CallPtr& call) {
  if (call->deadline().is_never()) return;
  call->timer.emplace(strand_, call->deadline().at());
  call->timer->async_wait([weak = weak_from_this(), call](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (!ec && self) self->on_deadline(call);
  });
}

void NodePool::on_deadline(const CallPtr& call) {
  if (call->finished()) return;
  if (call->connection) {
    // A late reply would arrive as the answer to the connection's next call: drop it.
    in_flight_.erase(call->connection.get());
    call->connection->close();
    call->connection.reset();
  } else {
    std::erase(waiting_, call);
  }
  complete(call, Status::DeadlineExceeded(
                     fmt::format("{} to content node {}: no reply before the deadline", call->method(), endpoint_)));
  pump();
}

void NodePool::complete(const CallPtr& call, Status status) {
  if (call->timer) call->timer->cancel();
  call->fail(std::move(status));
  call->finish();
}

void NodePool::set_healthy(bool healthy, const Status& why) {
  if (healthy_.exchange(healthy, std::memory_order_relaxed) == healthy) return;
  if (healthy) {
    GROVE_LOG_INFO("content node {} answers again: up", endpoint_);
  } else {
    GROVE_LOG_WARN("content node {} is down: {}", endpoint_, why.message());
  }
  if (options_.on_health_change) options_.on_health_change(healthy);
}

void NodePool::close_all() {
  if (shut_down_) return;
  shut_down_ = true;
  for (const ConnectionPtr& c : connecting_) c->close();
  for (const ConnectionPtr& c : idle_) c->close();
  connecting_.clear();
  idle_.clear();
  std::vector<CallPtr> calls(waiting_.begin(), waiting_.end());
  waiting_.clear();
  for (auto& [connection, call] : in_flight_) {
    connection->close();
    call->connection.reset();
    calls.push_back(call);
  }
  in_flight_.clear();
  open_connections_.store(0, std::memory_order_relaxed);
  for (const CallPtr& call : calls) {
    complete(call, Status::Unavailable(fmt::format(
                       "{} to content node {}: the client is shutting down", call->method(), endpoint_)));
  }
}

}  // namespace grove::rpc
