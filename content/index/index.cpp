#include "content/index/index.h"

#include <fmt/format.h>

#include <algorithm>

namespace grove::index {

Index::Index(IndexConfig config)
    : config_(std::move(config)), holder_(generations_), active_(holder_), alternate_(holder_), row_lid_(holder_) {
  for (const IndexFieldConfig& f : config_.index_fields()) {
    fields_.push_back(std::make_unique<FieldIndex>(f, holder_));
  }
  for (const AttributeFieldConfig& a : config_.attributes()) {
    attributes_.push_back(make_attribute_column(a, holder_));
  }
  publish_state();
}

Index::~Index() = default;

Result<std::unique_ptr<Index>> Index::create(IndexConfig config) {
  return std::unique_ptr<Index>(new Index(std::move(config)));
}

Status Index::validate(LocalDocId lid, const IndexInput& input,
                       std::vector<const IndexFieldInput*>& fields,
                       std::vector<const AttributeValue*>& attributes) const {
  if (lid >= kMaxRows) {
    return Status::InvalidArgument(fmt::format("local doc id {} is out of range", lid));
  }
  fields.assign(config_.index_fields().size(), nullptr);
  attributes.assign(config_.attributes().size(), nullptr);
  for (const IndexFieldInput& f : input.fields) {
    std::optional<FieldId> id = config_.find_index_field(f.field);
    if (!id) return Status::InvalidArgument(fmt::format("unknown index field '{}'", f.field));
    if (fields[*id] != nullptr) {
      return Status::InvalidArgument(fmt::format("index field '{}' given twice", f.field));
    }
    fields[*id] = &f;
  }
  for (const AttributeInput& a : input.attributes) {
    std::optional<AttributeId> id = config_.find_attribute(a.field);
    if (!id) return Status::InvalidArgument(fmt::format("unknown attribute '{}'", a.field));
    if (attributes[*id] != nullptr) {
      return Status::InvalidArgument(fmt::format("attribute '{}' given twice", a.field));
    }
    GROVE_RETURN_IF_ERROR(attributes_[*id]->check(a.value));
    attributes[*id] = &a.value;
  }
  return Status::Ok();
}

Status Index::add(LocalDocId lid, const IndexInput& input, bool active, const IndexInput* replaced,
                  bool alternate_active) {
  std::vector<const IndexFieldInput*> fields;
  std::vector<const AttributeValue*> attributes;
  GROVE_RETURN_IF_ERROR(validate(lid, input, fields, attributes));
  if (next_row_ >= kMaxRows) {
    return Status::ResourceExhausted("index rows exhausted; the index must be rebuilt");
  }
  if (lid < lid_row_.size() && lid_row_[lid] != kEndRow) retire_row(lid_row_[lid], replaced);
  const RowId row = next_row_++;
  for (size_t f = 0; f < fields_.size(); ++f) {
    if (fields[f] == nullptr) {
      fields_[f]->add(row, {}, active);
    } else {
      fields_[f]->add(row, fields[f]->tokens, active);
    }
  }
  for (size_t a = 0; a < attributes_.size(); ++a) attributes_[a]->append(attributes[a]);
  row_lid_.push_back(lid);
  if (active) {
    active_.set(row);  // invisible until commit() publishes a row limit above it
    ++active_count_;
  } else {
    active_.grow_to(row);  // queries test every visible row's bit
  }
  if (alternate_on_ && alternate_active) {
    alternate_.set(row);
    ++alternate_count_;
  } else {
    alternate_.grow_to(row);
  }
  if (lid >= lid_row_.size()) lid_row_.resize(lid + 1, kEndRow);
  lid_row_[lid] = row;
  ++live_count_;
  return Status::Ok();
}

void Index::retire_row(RowId row, const IndexInput* previous) {
  const bool was_active = active_.writer_test(row);
  if (alternate_.writer_test(row)) --alternate_count_;
  pending_removals_.push_back(row);
  for (auto& field : fields_) field->remove(row, was_active);
  if (was_active && previous != nullptr) {
    for (const IndexFieldInput& f : previous->fields) {
      if (std::optional<FieldId> id = config_.find_index_field(f.field)) fields_[*id]->uncount(f.tokens);
    }
  }
  if (was_active) --active_count_;
  --live_count_;
}

Status Index::remove(LocalDocId lid, const IndexInput* removed) {
  if (!contains(lid)) return Status::NotFound(fmt::format("local doc id {} is not indexed", lid));
  retire_row(lid_row_[lid], removed);
  lid_row_[lid] = kEndRow;
  return Status::Ok();
}

bool Index::contains(LocalDocId lid) const {
  return lid < lid_row_.size() && lid_row_[lid] != kEndRow;
}

void Index::commit() {
  for (RowId row : pending_removals_) {
    active_.clear(row);
    alternate_.clear(row);
  }
  pending_removals_.clear();
  for (auto& field : fields_) field->publish();
  publish_state();
  generations_.bump();
  holder_.reclaim();
}

void Index::publish_state() {
  auto state = std::make_unique<CommitState>();
  state->row_limit = next_row_;
  state->active_docs = active_count_;
  state->indexed_docs = live_count_;
  state->alternate_docs = alternate_count_;
  for (auto& field : fields_) state->fields.push_back(field->writer_stats());
  const CommitState* published = state.get();
  const size_t bytes = sizeof(CommitState) + state->fields.size() * sizeof(FieldLengthStats);
  OwnedMemory memory = OwnedMemory::adopt_object(std::move(state), bytes);
  state_.store(published, std::memory_order_release);
  holder_.hold(std::move(state_memory_));
  state_memory_ = std::move(memory);
}

void Index::begin_alternate() {
  alternate_count_ = 0;
  for (RowId row = 0; row < next_row_; ++row) {
    const bool live = active_.writer_test(row) &&
                      std::find(pending_removals_.begin(), pending_removals_.end(), row) == pending_removals_.end();
    if (live) {
      alternate_.set(row);
      ++alternate_count_;
    } else {
      alternate_.clear(row);
    }
  }
  alternate_on_ = true;
}

void Index::end_alternate() {
  for (RowId row = 0; row < next_row_; ++row) alternate_.clear(row);
  alternate_on_ = false;
  alternate_count_ = 0;
}

void Index::shrink_to_fit() {
  for (auto& field : fields_) field->shrink_to_fit();
  for (auto& attribute : attributes_) attribute->shrink_to_fit();
  row_lid_.shrink_to_fit();
}

IndexMemoryUsage Index::memory_usage() const {
  IndexMemoryUsage m;
  for (const auto& field : fields_) {
    FieldMemoryUsage f = field->memory_usage();
    m.dictionary += f.dictionary;
    m.docs += f.docs;
    m.positions += f.positions;
    m.skip += f.skip;
    m.lengths += f.lengths;
    m.terms += f.terms;
    m.postings += f.postings;
  }
  for (const auto& attribute : attributes_) m.attributes += attribute->allocated_bytes();
  m.rows =
      active_.allocated_bytes() + alternate_.allocated_bytes() + row_lid_.allocated_bytes() + lid_row_.capacity() * sizeof(RowId);
  m.held = holder_.held_bytes();
  return m;
}

IndexSnapshot Index::snapshot() const {
  GenerationHandler::Guard guard = generations_.take_guard();
  const CommitState* state = state_.load(std::memory_order_acquire);
  return IndexSnapshot(this, std::move(guard), state);
}

}  // namespace grove::index
