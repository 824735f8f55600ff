#pragma once

// ContentServer: runs the Thrift service of one content node on 127.0.0.1:<port> with a
// non-blocking I/O thread and a bounded pool of worker threads.
//
// Lifecycle: start() binds and serves in a background thread; stop() stops accepting calls,
// lets calls in flight finish, and joins. stop() is idempotent and safe from any thread, but not
// from a signal handler (main() turns SIGTERM into a stop() call from its own thread).
//
// Not copyable; owned by main().

#include <cstdint>
#include <memory>
#include <thread>

#include "content/rpc/content_service_handler.h"
#include "services/base/status.h"

namespace apache::thrift::server {
class TNonblockingServer;
}

namespace grove::content {

struct ServerOptions {
  uint16_t port = 0;
  // Calls in flight at once; each write holds a worker until its group commit is durable.
  size_t worker_threads = 32;
};

class ContentServer {
 public:
  ContentServer(ServerOptions options, std::shared_ptr<ContentServiceHandler> handler);
  ~ContentServer();
  ContentServer(const ContentServer&) = delete;
  ContentServer& operator=(const ContentServer&) = delete;

  // Binds the port and starts serving. IoError if the port cannot be bound.
  Status start();
  void stop();

 private:
  ServerOptions options_;
  // Shared with Thrift's processor, which takes shared ownership of its handler.
  std::shared_ptr<ContentServiceHandler> handler_;
  std::shared_ptr<apache::thrift::server::TNonblockingServer> server_;
  std::thread thread_;
};

}  // namespace grove::content
