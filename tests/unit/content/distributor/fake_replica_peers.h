#pragma once

// FakeReplicaPeers: the in-memory twin of AsyncReplicaPeers for distributor tests. Each peer
// node is a map of documents (last writer wins on the timestamp, removes leave tombstones); calls
// are answered in order on the fake's own thread after a delay, or fail with a status the test
// sets per node (the whole call) or per node and document (that write of a batch only).

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "content/distributor/replica_peers.h"
#include "services/document/document_type_repo.h"

namespace grove::content::testing {

class FakeReplicaPeers final : public ReplicaPeers {
 public:
  struct Entry {
    uint64_t timestamp = 0;
    bool removed = false;
    std::string document;  // binary form
  };
  struct Call {
    std::string kind;  // "get", "write_batch"
    uint16_t node = 0;
    std::string id;          // write_batch: the ids of its writes, space-separated
    uint64_t timestamp = 0;  // write_batch: the number of writes
  };

  explicit FakeReplicaPeers(const document::DocumentTypeRepo& types);
  ~FakeReplicaPeers() override;

  void get(uint16_t node, const std::string& id, Deadline deadline, GetDone done) override;
  void write_batch(uint16_t node, std::span<ReplicaWrite* const> writes, Deadline deadline,
                   BatchDone done) override;
  std::string endpoint(uint16_t node) const override { return "fake:" + std::to_string(node); }

  // Calls to `node` fail with `status` (OK: they succeed again).
  void fail(uint16_t node, Status status);
  // In a write_batch to `node`, the write of `id` fails with `status`; the others are stored.
  void fail_write(uint16_t node, const std::string& id, Status status);
  void set_delay(std::chrono::milliseconds delay);
  std::vector<Call> calls() const;
  // Node `node`'s entry for `id`; timestamp 0 when it has none.
  Entry entry(uint16_t node, const std::string& id) const;

 private:
  void loop();
  Status failure(uint16_t node) const;  // with mutex_ held
  // Stores one write unless it is set to fail; with mutex_ held.
  Result<bool> apply(uint16_t node, const ReplicaWrite& w);

  const document::DocumentTypeRepo& types_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::map<uint16_t, std::map<std::string, Entry>> stores_;
  std::map<uint16_t, Status> failures_;
  std::map<std::pair<uint16_t, std::string>, Status> write_failures_;
  std::vector<Call> calls_;
  std::chrono::milliseconds delay_{0};
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace grove::content::testing
