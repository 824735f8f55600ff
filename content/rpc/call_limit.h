#pragma once

// A count of calls in flight against a limit that may change between calls: the node's merge
// throttle (at most max_merges_per_node bucket-maintenance data calls served at once, so that
// queries and feeding keep their latency while data moves).
//
//   CallLimit merges;
//   std::optional<CallLimit::Slot> slot = merges.try_enter(node.max_merges_per_node());
//   if (!slot) return Status::ResourceExhausted(...);
//
// Thread-safe; lock-free. A Slot leaves the count when it goes out of scope.

#include <atomic>
#include <cstddef>
#include <optional>

namespace grove::content {

class CallLimit {
 public:
  class Slot {
   public:
    explicit Slot(std::atomic<size_t>& count) : count_(&count) {}
    Slot(Slot&& other) noexcept : count_(other.count_) { other.count_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    ~Slot() {
      if (count_ != nullptr) count_->fetch_sub(1, std::memory_order_release);
    }

   private:
    std::atomic<size_t>* count_;
  };

  // A slot when fewer than `limit` calls hold one; nullopt otherwise (limit 0: never).
  std::optional<Slot> try_enter(size_t limit) {
    size_t seen = count_.load(std::memory_order_relaxed);
    while (seen < limit) {
      if (count_.compare_exchange_weak(seen, seen + 1, std::memory_order_acquire, std::memory_order_relaxed)) {
        return Slot(count_);
      }
    }
    return std::nullopt;
  }

  size_t in_flight() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::atomic<size_t> count_{0};
};

}  // namespace grove::content
