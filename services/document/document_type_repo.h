#pragma once

// DocumentTypeRepo: the document types of one application (config generation), by name.
//
// Usage:
//   DocumentTypeRepo repo(std::move(types));
//   const DocumentType* music = repo.find("music");
//
// Immutable after construction and thread-safe. It owns the types, so it must outlive every
// Document made from them. Movable (the types keep their addresses) but not copyable.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "services/document/document_type.h"

namespace grove::document {

class DocumentTypeRepo {
 public:
  explicit DocumentTypeRepo(std::vector<DocumentType> types);
  DocumentTypeRepo(DocumentTypeRepo&&) noexcept = default;
  DocumentTypeRepo& operator=(DocumentTypeRepo&&) noexcept = default;
  DocumentTypeRepo(const DocumentTypeRepo&) = delete;
  DocumentTypeRepo& operator=(const DocumentTypeRepo&) = delete;

  // The type called `name`, or nullptr.
  const DocumentType* find(std::string_view name) const;
  // "music, books", for error messages.
  std::string type_list() const;
  size_t size() const { return types_.size(); }

 private:
  // Invariant: names are unique. unique_ptr keeps each type's address fixed.
  std::vector<std::unique_ptr<const DocumentType>> types_;
};

}  // namespace grove::document
