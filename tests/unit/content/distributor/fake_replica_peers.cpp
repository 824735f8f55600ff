#include "tests/unit/content/distributor/fake_replica_peers.h"

#include "services/base/json_writer.h"
#include "services/distribution/document_id.h"
#include "services/document/document_json.h"
#include "services/document/document_serializer.h"

namespace grove::content::testing {

FakeReplicaPeers::FakeReplicaPeers(const document::DocumentTypeRepo& types)
    : types_(types), thread_([this] { loop(); }) {}

FakeReplicaPeers::~FakeReplicaPeers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void FakeReplicaPeers::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    auto delay = delay_;
    lock.unlock();
    std::this_thread::sleep_for(delay);
    task();
    lock.lock();
  }
}

Status FakeReplicaPeers::failure(uint16_t node) const {
  auto it = failures_.find(node);
  return it == failures_.end() ? Status::Ok() : it->second;
}

void FakeReplicaPeers::get(uint16_t node, const std::string& id, Deadline, GetDone done) {
  std::lock_guard lock(mutex_);
  calls_.push_back({"get", node, id, 0});
  Status status = failure(node);
  RemoteDocument out;
  auto it = stores_[node].find(id);
  if (status.ok() && it != stores_[node].end()) {
    out.found = true;
    out.removed = it->second.removed;
    out.timestamp = it->second.timestamp;
    if (!out.removed) {
      auto parsed = distribution::DocumentId::parse(id).value();
      auto doc = document::deserialize(*types_.find(parsed.doc_type()), it->second.document).value();
      JsonWriter w;
      document::write_fields(doc, w);
      out.fields_json = std::move(w).take();
    }
  }
  tasks_.push_back([done = std::move(done), status, out = std::move(out)]() mutable {
    if (!status.ok()) return done(status);
    done(std::move(out));
  });
  wake_.notify_all();
}

Result<bool> FakeReplicaPeers::apply(uint16_t node, const ReplicaWrite& w) {
  auto failed = write_failures_.find({node, w.document_id});
  if (failed != write_failures_.end()) return failed->second;
  Entry& e = stores_[node][w.document_id];
  if (w.timestamp <= e.timestamp) return false;
  e = Entry{w.timestamp, w.remove, w.remove ? std::string() : w.document};
  return true;
}

void FakeReplicaPeers::write_batch(uint16_t node, std::span<ReplicaWrite* const> writes, Deadline,
                                   BatchDone done) {
  std::lock_guard lock(mutex_);
  std::string ids;
  for (const ReplicaWrite* w : writes) ids += (ids.empty() ? "" : " ") + w->document_id;
  calls_.push_back({"write_batch", node, ids, writes.size()});
  Status status = failure(node);
  BatchResults results;
  if (status.ok()) {
    for (const ReplicaWrite* w : writes) results.push_back(apply(node, *w));
  }
  tasks_.push_back([done = std::move(done), status, results = std::move(results)]() mutable {
    if (!status.ok()) return done(status);
    done(std::move(results));
  });
  wake_.notify_all();
}

void FakeReplicaPeers::fail_write(uint16_t node, const std::string& id, Status status) {
  std::lock_guard lock(mutex_);
  write_failures_[{node, id}] = std::move(status);
}

void FakeReplicaPeers::fail(uint16_t node, Status status) {
  std::lock_guard lock(mutex_);
  failures_[node] = std::move(status);
}

void FakeReplicaPeers::set_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  delay_ = delay;
}

std::vector<FakeReplicaPeers::Call> FakeReplicaPeers::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

FakeReplicaPeers::Entry FakeReplicaPeers::entry(uint16_t node, const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto s = stores_.find(node);
  if (s == stores_.end()) return {};
  auto it = s->second.find(id);
  return it == s->second.end() ? Entry{} : it->second;
}

}  // namespace grove::content::testing
