#include "content/index/generation_handler.h"

#include <algorithm>
#include <utility>

namespace grove::index {

GenerationHandler::Guard::Guard(Guard&& other) noexcept
    : counter_(std::exchange(other.counter_, nullptr)), generation_(other.generation_) {}

GenerationHandler::Guard& GenerationHandler::Guard::operator=(Guard&& other) noexcept {
  if (this != &other) {
    release();
    counter_ = std::exchange(other.counter_, nullptr);
    generation_ = other.generation_;
  }
  return *this;
}

void GenerationHandler::Guard::release() {
  if (counter_ != nullptr) {
    counter_->fetch_sub(1, std::memory_order_seq_cst);
    counter_ = nullptr;
  }
}

GenerationHandler::Guard GenerationHandler::take_guard() const {
  for (;;) {
    Generation g = current_.load(std::memory_order_seq_cst);
    std::atomic<uint64_t>& counter = counters_[g % kSlots].value;
    counter.fetch_add(1, std::memory_order_seq_cst);
    // If the writer bumped between the load and the increment, its scan may have missed us:
    // give the pin back and take the new generation instead.
    if (current_.load(std::memory_order_seq_cst) == g) return Guard(&counter, g);
    counter.fetch_sub(1, std::memory_order_seq_cst);
  }
}

Generation GenerationHandler::oldest_used() {
  const Generation cur = current_.load(std::memory_order_seq_cst);
  const Generation end = std::min<Generation>(cur, oldest_known_ + kSlots - 1);
  Generation found = cur;
  for (Generation g = oldest_known_; g <= end; ++g) {
    if (counters_[g % kSlots].value.load(std::memory_order_seq_cst) != 0) {
      found = g;
      break;
    }
  }
  oldest_known_ = found;
  return found;
}

uint64_t GenerationHandler::guard_count() const {
  uint64_t total = 0;
  for (const Counter& c : counters_) total += c.value.load(std::memory_order_relaxed);
  return total;
}

}  // namespace grove::index
