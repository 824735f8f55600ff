#include "content/index/field_index.h"

#include <algorithm>

namespace grove::index {

FieldIndex::FieldIndex(IndexFieldConfig config, GenerationHolder& holder)
    : config_(std::move(config)), holder_(holder), terms_(holder), lengths_(holder) {}

uint32_t FieldIndex::field_length() {
  positions_.clear();
  for (const auto& [term, pos] : sorted_) positions_.push_back(pos);
  std::sort(positions_.begin(), positions_.end());
  return static_cast<uint32_t>(std::unique(positions_.begin(), positions_.end()) -
                               positions_.begin());
}

uint32_t FieldIndex::add(RowId row, std::span<const IndexToken> tokens, bool active) {
  sorted_.clear();
  for (const IndexToken& t : tokens) sorted_.emplace_back(t.term, t.position);
  std::sort(sorted_.begin(), sorted_.end());
  const uint32_t length = field_length();
  lengths_.push_back(length);
  for (size_t i = 0; i < sorted_.size();) {
    size_t j = i;
    positions_.clear();
    for (; j < sorted_.size() && sorted_[j].first == sorted_[i].first; ++j) {
      if (positions_.empty() || positions_.back() != sorted_[j].second) {
        positions_.push_back(sorted_[j].second);
      }
    }
    PostingList& list = terms_.find_or_insert(sorted_[i].first).first->payload;
    const auto tf = static_cast<uint32_t>(positions_.size());
    std::span<const uint32_t> pos;
    if (config_.positions) pos = positions_;
    if (list.append(row, tf, pos, lengths_.writer_data(), holder_)) dirty_.push_back(&list);
    if (!active) list.count_inactive();
    i = j;
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
  for (const IndexToken& t : tokens) sorted_.emplace_back(t.term, 0);
  std::sort(sorted_.begin(), sorted_.end());
  auto last = std::unique(sorted_.begin(), sorted_.end());
  for (auto it = sorted_.begin(); it != last; ++it) {
    const auto* entry = terms_.find(it->first);
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
