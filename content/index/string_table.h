#pragma once

// StringTable<Payload>: a hash map from strings to arena-allocated entries that queries read
// without locks while the single writer inserts. Used as the term dictionary of a field
// (Payload = PostingList) and as the value dictionary of string attributes.
//
// Layout: entries live in an Arena (stable addresses) and are numbered in insertion order; an
// RcuVector maps number -> entry; an open-addressing table of 32-bit slots (number + 1, 0 =
// empty, linear probing, load factor <= 1/2) maps the xxh3 hash of the text to the number. The
// writer fills a slot only after the entry is complete; when the table gets too full it builds
// one twice as large, publishes it and holds the old one for the generation.
//
// Usage:
//   auto [entry, inserted] = table.find_or_insert("fox");   // writer
//   const auto* e = table.find("fox");                      // any thread with a guard
//
// Thread-safety: find() and entry() from any thread holding a generation guard; the rest
// writer only. Destroys its payloads with the table.

#include <atomic>
#include <cstdint>
#include <cstring>
#include <new>
#include <string_view>
#include <utility>

#include <xxhash.h>

#include "content/index/arena.h"
#include "content/index/rcu_vector.h"

namespace grove::index {

template <typename Payload>
class StringTable {
 public:
  struct Entry {
    Payload payload;
    uint64_t hash = 0;
    uint32_t id = 0;
    uint32_t length = 0;
    std::string_view text() const { return {reinterpret_cast<const char*>(this + 1), length}; }
  };

  explicit StringTable(GenerationHolder& holder) : holder_(holder), entries_(holder) {
    publish_table(OwnedMemory::allocate(sizeof(Slot) * (kInitialSlots + 1)), kInitialSlots);
  }
  StringTable(const StringTable&) = delete;
  StringTable& operator=(const StringTable&) = delete;
  ~StringTable() {
    for (size_t i = 0; i < entries_.size(); ++i) entries_.writer_at(i)->~Entry();
  }

  // The hash the table files `text` under, for the overloads that take one.
  static uint64_t hash_of(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

  // Any thread with a guard: the entry for `text`, or nullptr.
  const Entry* find(std::string_view text) const { return find(text, hash_of(text)); }

  // As find(text), with hash == hash_of(text).
  const Entry* find(std::string_view text, uint64_t hash) const {
    const Slot* table = table_.load(std::memory_order_acquire);
    const uint32_t mask = table[0].load(std::memory_order_relaxed);
    for (uint32_t i = static_cast<uint32_t>(hash) & mask;; i = (i + 1) & mask) {
      const uint32_t v = table[i + 1].load(std::memory_order_acquire);
      if (v == 0) return nullptr;
      const Entry* e = entries_.data()[v - 1];
      if (e->hash == hash && e->text() == text) return e;
    }
  }

  // Any thread with a guard: the entry numbered `id` (ids below a count the caller has seen).
  const Entry* entry(uint32_t id) const { return entries_.data()[id]; }

  // Writer: the entry for `text`, inserting a default-constructed payload if absent.
  std::pair<Entry*, bool> find_or_insert(std::string_view text) {
    return find_or_insert(text, hash_of(text));
  }

  // As find_or_insert(text), with hash == hash_of(text).
  std::pair<Entry*, bool> find_or_insert(std::string_view text, uint64_t hash) {
    if (const Entry* e = find(text, hash)) return {const_cast<Entry*>(e), false};
    if ((entries_.size() + 1) * 2 > mask_ + 1) rehash((mask_ + 1) * 2);
    void* mem = arena_.allocate(sizeof(Entry) + text.size(), alignof(Entry));
    auto* e = new (mem) Entry();
    e->hash = hash;
    e->id = static_cast<uint32_t>(entries_.size());
    e->length = static_cast<uint32_t>(text.size());
    std::memcpy(reinterpret_cast<char*>(e + 1), text.data(), text.size());
    entries_.push_back(e);
    insert_slot(table_.load(std::memory_order_relaxed), mask_, e);
    return {e, true};
  }

  // Writer: cache hints for a coming lookup of `hash`, in three stages that each need the one
  // before to have arrived (call them a few lookups apart): the slot, the entry pointer the slot
  // names, the entry (its hash, and the start of its payload and text). They only read, and
  // only the first probe: a hint for a slot that moves in a rehash is merely wasted.
  void prefetch_slot(uint64_t hash) const {
    const Slot* table = table_.load(std::memory_order_relaxed);
    __builtin_prefetch(&table[(static_cast<uint32_t>(hash) & mask_) + 1]);
  }
  void prefetch_pointer(uint64_t hash) const {
    const uint32_t v = first_slot(hash);
    if (v != 0) __builtin_prefetch(&entries_.data()[v - 1]);
  }
  void prefetch_entry(uint64_t hash) const {
    const uint32_t v = first_slot(hash);
    if (v == 0) return;
    const auto* bytes = reinterpret_cast<const char*>(entries_.data()[v - 1]);
    __builtin_prefetch(bytes);
    __builtin_prefetch(bytes + sizeof(Entry) - 1);  // the hash and the text follow the payload
  }

  // Writer: trims the number -> entry vector to its size (the old block is held).
  void shrink_to_fit() { entries_.shrink_to_fit(); }

  // Writer: the entry numbered `id`, for changes.
  Entry* mutable_entry(uint32_t id) { return entries_.writer_at(id); }

  uint32_t size() const { return static_cast<uint32_t>(entries_.size()); }
  size_t allocated_bytes() const {
    return arena_.allocated_bytes() + entries_.allocated_bytes() + (mask_ + 2) * sizeof(Slot);
  }

 private:
  using Slot = std::atomic<uint32_t>;
  static_assert(sizeof(Slot) == sizeof(uint32_t) && Slot::is_always_lock_free);
  static constexpr uint32_t kInitialSlots = 16;

  // The value of the first slot a lookup of `hash` probes (writer).
  uint32_t first_slot(uint64_t hash) const {
    const Slot* table = table_.load(std::memory_order_relaxed);
    return table[(static_cast<uint32_t>(hash) & mask_) + 1].load(std::memory_order_relaxed);
  }

  static void insert_slot(Slot* table, uint32_t mask, const Entry* e) {
    uint32_t i = static_cast<uint32_t>(e->hash) & mask;
    while (table[i + 1].load(std::memory_order_relaxed) != 0) i = (i + 1) & mask;
    table[i + 1].store(e->id + 1, std::memory_order_release);
  }

  void rehash(uint32_t slots) {
    OwnedMemory next = OwnedMemory::allocate(sizeof(Slot) * (slots + 1));
    auto* table = next.as<Slot>();
    for (size_t i = 0; i < entries_.size(); ++i)
      insert_slot(table, slots - 1, entries_.writer_at(i));
    publish_table(std::move(next), slots);
  }

  void publish_table(OwnedMemory memory, uint32_t slots) {
    auto* table = memory.as<Slot>();
    table[0].store(slots - 1, std::memory_order_relaxed);
    table_.store(table, std::memory_order_release);
    holder_.hold(std::move(table_memory_));
    table_memory_ = std::move(memory);
    mask_ = slots - 1;
  }

  GenerationHolder& holder_;
  Arena arena_;
  // Invariant: entries_[i]->id == i; each entry is complete before any slot refers to it.
  RcuVector<Entry*> entries_;
  // table_[0] holds the mask; table_[1 + i] is slot i. Invariant: table_memory_ owns table_.
  std::atomic<Slot*> table_{nullptr};
  OwnedMemory table_memory_;
  uint32_t mask_ = 0;
};

}  // namespace grove::index
