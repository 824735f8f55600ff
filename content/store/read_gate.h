#pragma once

// ReadGate: lets reads run until close(), then refuses new ones and waits for those in flight,
// so that a store can close its environment under no reader (Seastar's gate, for threads).
//
// Usage:
//   auto pass = gate.enter();
//   if (!pass) return Status::Unavailable("closed");
//   ... read ...                       // the pass leaves the gate when destroyed
//   gate.close();                      // at shutdown: no new passes, waits for the open ones
//
// Thread-safe. Entering is two atomic operations and takes no lock, so readers never wait for
// each other or for the writer.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>

namespace grove::store {

class ReadGate {
 public:
  class Pass {
   public:
    explicit Pass(ReadGate* gate) : gate_(gate) {}
    Pass(Pass&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Pass& operator=(Pass&&) = delete;
    ~Pass() {
      if (gate_ != nullptr) gate_->inside_.fetch_sub(1);
    }

   private:
    ReadGate* gate_;
  };

  // A pass, or nullopt once close() was called.
  std::optional<Pass> enter() {
    inside_.fetch_add(1);  // seq_cst, paired with close(): either we see closed_ or it sees us
    if (closed_.load()) {
      inside_.fetch_sub(1);
      return std::nullopt;
    }
    return Pass(this);
  }

  // Refuses new passes and waits until every pass is gone. Idempotent.
  void close() {
    closed_.store(true);
    while (inside_.load() != 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }

  bool closed() const { return closed_.load(); }

 private:
  std::atomic<int64_t> inside_{0};  // Invariant: the number of live passes (and entering calls)
  std::atomic<bool> closed_{false};
};

}  // namespace grove::store
