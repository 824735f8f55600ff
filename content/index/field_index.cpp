#include "content/index/field_index.h"

#include <algorithm>

namespace grove::index {

FieldIndex::FieldIndex(IndexFieldConfig config, GenerationHolder& holder)
    : config_(std::move(config)), holder_(holder), terms_(holder), lengths_(holder) {}

uint32_t FieldIndex::field_length(std::span<const IndexToken> tokens) {
  // Tokens come in position order from the indexer; count the distinct positions in one pass,
  // and sort only for a caller that gave them in another order.
  uint32_t distinct = 0;
  bool ordered = true;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && tokens[i].position < tokens[i - 1].position) {
      ordered = false;
      break;
    }
    distinct += (i == 0 || tokens[i].position != tokens[i - 1].position) ? 1 : 0;
  }
  if (ordered) return distinct;
  positions_.clear();
  for (const IndexToken& t : tokens) positions_.push_back(t.position);
  std::sort(positions_.begin(), positions_.end());
  return static_cast<uint32_t>(std::unique(positions_.begin(), positions_.end()) -
                               positions_.begin());
}

// Indexing is dominated by the dictionary: a lookup per distinct term, each a chain of cache
// misses (slot, entry pointer, entry) in tables far larger than the cache. So add() sorts the
// tokens by their hash (integer compares; the text is compared only between equal hashes),
// groups them into terms, and looks the terms up in a pipeline that prefetches each stage a
// few terms ahead, so that the misses of several terms overlap instead of following each other.
uint32_t FieldIndex::add(RowId row, std::span<const IndexToken> tokens, bool active) {
  sorted_.clear();
  for (const IndexToken& t : tokens) {
    sorted_.push_back({StringTable<PostingList>::hash_of(t.term), t.term, t.position});
  }
  std::sort(sorted_.begin(), sorted_.end(), [](const HashedToken& a, const HashedToken& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    if (a.term != b.term) return a.term < b.term;  // a hash collision: keep the terms apart
    return a.position < b.position;
  });
  groups_.clear();
  for (uint32_t i = 0; i < sorted_.size();) {
    uint32_t j = i + 1;
    while (j < sorted_.size() && sorted_[j].hash == sorted_[i].hash &&
           sorted_[j].term == sorted_[i].term) {
      ++j;
    }
    groups_.push_back({sorted_[i].hash, sorted_[i].term, i, j});
    i = j;
  }
  const uint32_t length = field_length(tokens);
  lengths_.push_back(length);
  constexpr size_t kSlotAhead = 6, kPointerAhead = 4, kEntryAhead = 2;
  const size_t n = groups_.size();
  for (size_t k = 0; k < std::min(n, kSlotAhead); ++k) terms_.prefetch_slot(groups_[k].hash);
  for (size_t k = 0; k < std::min(n, kPointerAhead); ++k) terms_.prefetch_pointer(groups_[k].hash);
  for (size_t k = 0; k < std::min(n, kEntryAhead); ++k) terms_.prefetch_entry(groups_[k].hash);
  for (size_t g = 0; g < n; ++g) {
    if (g + kSlotAhead < n) terms_.prefetch_slot(groups_[g + kSlotAhead].hash);
    if (g + kPointerAhead < n) terms_.prefetch_pointer(groups_[g + kPointerAhead].hash);
    if (g + kEntryAhead < n) terms_.prefetch_entry(groups_[g + kEntryAhead].hash);
    const TermGroup& group = groups_[g];
    positions_.clear();
    for (uint32_t t = group.begin; t < group.end; ++t) {
      if (positions_.empty() || positions_.back() != sorted_[t].position) {
        positions_.push_back(sorted_[t].position);
      }
    }
    PostingList& list = terms_.find_or_insert(group.term, group.hash).first->payload;
    const auto tf = static_cast<uint32_t>(positions_.size());
    std::span<const uint32_t> pos;
    if (config_.positions) pos = positions_;
    if (list.append(row, tf, pos, lengths_.writer_data(), holder_)) dirty_.push_back(&list);
    if (!active) list.count_inactive();
  }
  if (active) {
    stats_.length_sum += length;
    stats_.doc_count += length > 0 ? 1 : 0;
  }
  return length;
}

void FieldIndex::remove(RowId row, bool active) {
  if (!active) return;
  const uint32_t length = lengths_.writer_at(row);
  stats_.length_sum -= length;
  stats_.doc_count -= length > 0 ? 1 : 0;
}

void FieldIndex::uncount(std::span<const IndexToken> tokens) {
  sorted_.clear();
  for (const IndexToken& t : tokens) {
    sorted_.push_back({StringTable<PostingList>::hash_of(t.term), t.term, 0});
  }
  std::sort(sorted_.begin(), sorted_.end(), [](const HashedToken& a, const HashedToken& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.term < b.term;
  });
  auto last = std::unique(sorted_.begin(), sorted_.end(),
                          [](const HashedToken& a, const HashedToken& b) {
                            return a.hash == b.hash && a.term == b.term;
                          });
  for (auto it = sorted_.begin(); it != last; ++it) {
    const auto* entry = terms_.find(it->term, it->hash);
    if (entry == nullptr) continue;  // never indexed: nothing counts it
    auto& list = const_cast<PostingList&>(entry->payload);  // the writer owns the table
    if (list.uncount_retired()) dirty_.push_back(&list);
  }
}

void FieldIndex::publish() {
  for (PostingList* list : dirty_) list->publish();
  dirty_.clear();
}

void FieldIndex::shrink_to_fit() {
  for (uint32_t i = 0; i < terms_.size(); ++i) {
    terms_.mutable_entry(i)->payload.shrink_to_fit(holder_);
  }
  terms_.shrink_to_fit();
  lengths_.shrink_to_fit();
}

PostingView FieldIndex::lookup(std::string_view term) const {
  const auto* entry = terms_.find(term);
  return entry == nullptr ? PostingView{} : entry->payload.view();
}

FieldMemoryUsage FieldIndex::memory_usage() const {
  FieldMemoryUsage m;
  m.dictionary = terms_.allocated_bytes();
  m.lengths = lengths_.allocated_bytes();
  m.terms = terms_.size();
  for (uint32_t i = 0; i < terms_.size(); ++i) {
    const PostingList& list = terms_.entry(i)->payload;
    m.docs += list.doc_bytes();
    m.positions += list.position_bytes();
    m.skip += list.block_bytes();
    m.postings += list.writer_count();
  }
  return m;
}

}  // namespace grove::index
