#pragma once

// FakeContentNode: an in-process stand-in for grove-content's Thrift endpoint, for the async
// client's unit tests. It listens on 127.0.0.1 (any free port), speaks the real framed binary
// protocol through the generated ContentServiceProcessor, and can be told to misbehave:
// hold replies, send a malformed frame header, send a reply in pieces or with bytes after it,
// or close connections.
//
// The handler answers ping (distribution_key 7, cluster "fake"), search (total_hits = the
// request's hits, and that many hits; a TERM on field "unknown" is refused with INVALID_ARGUMENT) and get (a
// document id "explode" makes the handler throw, which Thrift answers with a
// TApplicationException). feed_batch answers each operation: a put is OK with timestamp = the
// document's size, or WRONG_DISTRIBUTION (state "version:3 distributor:2 storage:2") for an id
// ending in "::elsewhere"; an update is OK with create, else NOT_FOUND, echoes update_json as the
// message, and the condition "bad" makes that operation's error INVALID_ARGUMENT; a remove is
// CONDITION_NOT_MET with a condition. visit returns documents for buckets after_bucket+1 .. 5.
//
// Owns its own io_context and thread; the destructor stops and joins it. Thread-safe.

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

namespace grove::rpc::testing {

class FakeContentNode {
 public:
  enum class Mode {
    kAnswer,        // reply to every request
    kHold,          // read requests, never reply
    kGarbageFrame,  // reply with a frame header announcing 0xFFFFFFFF bytes
    kTrickle,       // reply in three writes 5 ms apart: the header, half the body, the rest
    kTrailingBytes, // reply, then three bytes more on the same connection
  };

  FakeContentNode();
  ~FakeContentNode();

  uint16_t port() const;
  void set_mode(Mode mode) { mode_.store(mode); }
  // Connections accepted so far, and requests read so far.
  size_t accepted() const { return accepted_.load(); }
  size_t requests() const { return requests_.load(); }
  // Closes every open connection, as a node that stops does.
  void close_connections();

 private:
  struct Server;
  std::atomic<Mode> mode_{Mode::kAnswer};
  std::atomic<size_t> accepted_{0};
  std::atomic<size_t> requests_{0};
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

}  // namespace grove::rpc::testing
