#include "content/index/index_snapshot.h"

#include "content/index/index.h"

namespace grove::index {

const IndexConfig& IndexSnapshot::config() const {
  return index_->config_;
}

PostingView IndexSnapshot::lookup(FieldId field, std::string_view term) const {
  return index_->fields_[field]->lookup(term);
}

const uint32_t* IndexSnapshot::field_lengths(FieldId field) const {
  return index_->fields_[field]->lengths();
}

AttributeView IndexSnapshot::attribute(AttributeId attribute) const {
  return index_->attributes_[attribute]->view();
}

ActiveBitsView IndexSnapshot::active() const {
  return alternate_ ? index_->alternate_.view() : index_->active_.view();
}

LocalDocId IndexSnapshot::local_doc_id(RowId row) const {
  return index_->row_lid_.data()[row];
}

}  // namespace grove::index
