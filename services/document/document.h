#pragma once

// Document: one document: its id, its type and the values of the fields it has. A field that
// was never set is simply absent.
//
// Usage:
//   Document doc(type, std::move(id));
//   doc.set(*type.find("year"), FieldValue::of_int(1999));
//   if (const FieldValue* year = doc.get("year")) use(year->as_int());
//   for (const Document::Entry& e : doc.fields()) render(*e.field, e.value);
//
// The DocumentType is borrowed: it must outlive the document (the config generation that owns
// the types outlives the documents processed under it). A value type; thread-compatible.

#include <string_view>
#include <vector>

#include "services/base/status.h"
#include "services/distribution/document_id.h"
#include "services/document/document_type.h"
#include "services/document/field_value.h"

namespace grove::document {

class Document {
 public:
  struct Entry {
    const FieldDef* field;
    FieldValue value;
    friend bool operator==(const Entry&, const Entry&) = default;
  };

  Document(const DocumentType& type, distribution::DocumentId id);

  const DocumentType& type() const { return *type_; }
  const distribution::DocumentId& id() const { return id_; }

  // The value of a field, or nullptr when the field is absent (or unknown, for the name form).
  const FieldValue* get(const FieldDef& field) const;
  const FieldValue* get(std::string_view name) const;

  // Sets a field of this document's type to a value of the field's type (asserted: a mismatch
  // is a bug in the caller).
  void set(const FieldDef& field, FieldValue value);
  // Checked form: InvalidArgument for an unknown field or a value of another type.
  Status set(std::string_view name, FieldValue value);
  // Removes a field; returns whether it was present.
  bool clear(const FieldDef& field);

  // The fields present, in the type's declaration order.
  const std::vector<Entry>& fields() const { return entries_; }
  bool empty() const { return entries_.empty(); }

  friend bool operator==(const Document& a, const Document& b);

 private:
  // The index of the first entry whose field is not before `field`.
  size_t lower_bound(const FieldDef& field) const;

  const DocumentType* type_;
  distribution::DocumentId id_;
  // Invariant: sorted by field position in type_->fields(), one entry per field, and each value
  // has its field's type.
  std::vector<Entry> entries_;
};

}  // namespace grove::document
