#pragma once

// GenerationHandler: lets queries read index memory without locks while the single writer
// replaces and frees it (DESIGN §8, docs/concurrency.md).
//
// The writer counts generations. A query takes a Guard, which pins the generation current at
// that moment; the writer retires memory it has unlinked under the current generation G, bumps
// to G+1, and frees that memory only when oldest_used() > G, that is when no guard that might
// have seen it is left.
//
// Guards are counted in a ring of kSlots atomic counters indexed by generation modulo kSlots.
// Two generations kSlots apart share a counter; that only makes oldest_used() smaller (more
// conservative), never larger, so it is safe.
//
// Usage:
//   GenerationHandler::Guard g = handler.take_guard();   // any thread, no lock
//   ... read published pointers ...
//   // writer: holder.hold(handler.current(), std::move(old)); handler.bump();
//   //         holder.reclaim(handler.oldest_used());
//
// Thread-safety: take_guard() and Guard are safe from any thread. bump() and oldest_used() are
// for the writer thread only.

#include <array>
#include <atomic>
#include <cstdint>

namespace grove::index {

using Generation = uint64_t;

class GenerationHandler {
 public:
  static constexpr size_t kSlots = 64;

  // Pins one generation while alive. Move-only; an empty (moved-from) guard pins nothing.
  class Guard {
   public:
    Guard() = default;
    Guard(Guard&& other) noexcept;
    Guard& operator=(Guard&& other) noexcept;
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard() { release(); }

    Generation generation() const { return generation_; }
    bool valid() const { return counter_ != nullptr; }

   private:
    friend class GenerationHandler;
    Guard(std::atomic<uint64_t>* counter, Generation g) : counter_(counter), generation_(g) {}
    void release();
    std::atomic<uint64_t>* counter_ = nullptr;
    Generation generation_ = 0;
  };

  GenerationHandler() = default;
  GenerationHandler(const GenerationHandler&) = delete;
  GenerationHandler& operator=(const GenerationHandler&) = delete;

  // Any thread. Never blocks; retries only if the writer bumps at the same instant.
  Guard take_guard() const;

  Generation current() const { return current_.load(std::memory_order_seq_cst); }

  // Writer thread: starts a new generation. Memory retired before this call is tagged with
  // the old generation.
  void bump() { current_.fetch_add(1, std::memory_order_seq_cst); }

  // Writer thread: the oldest generation a live guard may hold (current() when none).
  // Memory retired under a generation older than this can be freed.
  Generation oldest_used();

  // Number of live guards (for tests and metrics; racy by nature).
  uint64_t guard_count() const;

 private:
  struct alignas(64) Counter {
    std::atomic<uint64_t> value{0};
  };
  std::atomic<Generation> current_{0};
  // Invariant: counters_[g % kSlots] counts the live guards of every generation g with that
  // residue.
  mutable std::array<Counter, kSlots> counters_{};
  // Writer only. Invariant: no live guard holds a generation older than this.
  Generation oldest_known_ = 0;
};

}  // namespace grove::index
