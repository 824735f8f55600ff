#pragma once

// FakeReplicaPeers: the in-memory twin of AsyncReplicaPeers for distributor tests. Each peer
// node is a map of documents (last writer wins on the timestamp, removes leave tombstones); calls
// are answered in order on the fake's own thread after a delay, or fail with a status the test
// sets per node.

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
    std::string kind;  // "put", "remove", "get"
    uint16_t node = 0;
    std::string id;
    uint64_t timestamp = 0;
  };

  explicit FakeReplicaPeers(const document::DocumentTypeRepo& types);
  ~FakeReplicaPeers() override;

  void put(uint16_t node, const std::string& id, uint64_t timestamp, std::string& document,
           Deadline deadline, Done done) override;
  void remove(uint16_t node, const std::string& id, uint64_t timestamp, Deadline deadline,
              Done done) override;
  void get(uint16_t node, const std::string& id, Deadline deadline, GetDone done) override;
  std::string endpoint(uint16_t node) const override { return "fake:" + std::to_string(node); }

  // Calls to `node` fail with `status` (OK: they succeed again).
  void fail(uint16_t node, Status status);
  void set_delay(std::chrono::milliseconds delay);
  std::vector<Call> calls() const;
  // Node `node`'s entry for `id`; timestamp 0 when it has none.
  Entry entry(uint16_t node, const std::string& id) const;

 private:
  void loop();
  Status failure(uint16_t node) const;  // with mutex_ held

  const document::DocumentTypeRepo& types_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::map<uint16_t, std::map<std::string, Entry>> stores_;
  std::map<uint16_t, Status> failures_;
  std::vector<Call> calls_;
  std::chrono::milliseconds delay_{0};
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace grove::content::testing
