#include "content/server/content_server.h"

#include <thrift/TOutput.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/server/TThreadedServer.h>
#include <thrift/transport/TServerSocket.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <mutex>

#include <fmt/format.h>

#include "services/base/logging.h"
#include "services/idl/framed_transport.h"

namespace grove::content {

using apache::thrift::protocol::TBinaryProtocolFactory;
using apache::thrift::server::TThreadedServer;
using apache::thrift::transport::TServerSocket;
using apache::thrift::transport::TTransport;

namespace {

// Each accepted connection gets the transport the clients use (services/idl/framed_transport.h).
class BufferedFramedTransportFactory : public apache::thrift::transport::TTransportFactory {
 public:
  std::shared_ptr<TTransport> getTransport(std::shared_ptr<TTransport> socket) override {
    return rpc::framed_transport(std::move(socket));
  }
};

// Reports once whether the server came up: OK when its event loop is about to serve, or the
// error that stopped it before that (a port already in use, say).
class StartSignal : public apache::thrift::server::TServerEventHandler {
 public:
  std::future<Status> result() { return promise_.get_future(); }
  void preServe() override { report(Status::Ok()); }
  void report(Status status) {
    std::call_once(once_, [&] { promise_.set_value(std::move(status)); });
  }

 private:
  std::once_flag once_;
  std::promise<Status> promise_;
};

}  // namespace

ContentServer::ContentServer(ServerOptions options, NodeService& service)
    : options_(options), service_(service), handler_(std::make_shared<ContentServiceHandler>(service)) {
  // Thrift's own messages go to our log, at debug level: its errors reach callers as Status.
  apache::thrift::GlobalOutput.setOutputFunction(
      [](const char* message) { GROVE_LOG_DEBUG("thrift: {}", message); });
}

ContentServer::~ContentServer() { stop(); }

Status ContentServer::start() {
  auto processor = std::make_shared<wire::ContentServiceProcessor>(handler_);
  // Accepted sockets get TCP_NODELAY from TServerSocket; children stay interruptible so that
  // stop() can end connections that sit idle.
  auto socket = std::make_shared<TServerSocket>("127.0.0.1", options_.port);
  server_ = std::make_shared<TThreadedServer>(processor, socket,
                                              std::make_shared<BufferedFramedTransportFactory>(),
                                              std::make_shared<TBinaryProtocolFactory>());
  server_->setConcurrentClientLimit(static_cast<int64_t>(std::max<size_t>(1, options_.max_connections)));
  auto signal = std::make_shared<StartSignal>();
  std::future<Status> started = signal->result();
  server_->setServerEventHandler(signal);
  thread_ = std::thread([server = server_, signal, port = options_.port] {
    try {
      server->serve();
    } catch (const std::exception& e) {
      GROVE_LOG_ERROR("thrift server stopped: {}", e.what());
      signal->report(Status::IoError(fmt::format("cannot serve on 127.0.0.1:{}: {}", port, e.what())));
    }
  });
  if (started.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    return Status::Internal("the thrift server did not start serving within 10 s");
  }
  Status status = started.get();
  if (!status.ok()) {
    thread_.join();
    server_.reset();
  }
  return status;
}

void ContentServer::stop() {
  if (!server_) return;
  service_.set_stopping();
  server_->stop();                           // stops accepting and interrupts idle connections
  if (thread_.joinable()) thread_.join();    // serve() returns once every connection has ended
  server_.reset();
}

}  // namespace grove::content
