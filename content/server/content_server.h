#pragma once

// ContentServer: runs the Thrift service of one content node on 127.0.0.1:<port>, one thread per
// connection. A call runs on the thread that read it, so a reply costs one wake-up instead of the
// three of a non-blocking server's hand-off from its I/O thread to a worker and back; a call that
// waits (a write, for its group commit) holds up only its own connection. Clients keep their
// connections (the container's and the distributors' pools), so threads are not created per call.
//
// Lifecycle: start() binds and serves in a background thread; stop() stops accepting, interrupts
// idle connections, lets calls in flight finish, and joins. stop() is idempotent and safe from
// any thread, but not from a signal handler (main() turns SIGTERM into a stop() call from its
// own thread).
//
// Not copyable; owned by main().

#include <cstdint>
#include <memory>
#include <thread>

#include "content/rpc/content_service_handler.h"
#include "services/base/status.h"

namespace apache::thrift::server {
class TThreadedServer;
}

namespace grove::content {

struct ServerOptions {
  uint16_t port = 0;
  // Connections served at once, one thread each; a client beyond it waits to be accepted.
  size_t max_connections = 256;
};

class ContentServer {
 public:
  // Serves `service` (borrowed; it must outlive this server) through a ContentServiceHandler.
  ContentServer(ServerOptions options, NodeService& service);
  ~ContentServer();
  ContentServer(const ContentServer&) = delete;
  ContentServer& operator=(const ContentServer&) = delete;

  // Binds the port and starts serving. IoError if the port cannot be bound.
  Status start();
  void stop();

 private:
  ServerOptions options_;
  NodeService& service_;
  // Shared with Thrift's processor, which takes shared ownership of its handler.
  std::shared_ptr<ContentServiceHandler> handler_;
  std::shared_ptr<apache::thrift::server::TThreadedServer> server_;
  std::thread thread_;
};

}  // namespace grove::content
