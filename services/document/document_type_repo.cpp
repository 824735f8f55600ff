#include "services/document/document_type_repo.h"

namespace grove::document {

DocumentTypeRepo::DocumentTypeRepo(std::vector<DocumentType> types) {
  types_.reserve(types.size());
  for (DocumentType& type : types) {
    GROVE_ASSERT(find(type.name()) == nullptr);
    types_.push_back(std::make_unique<const DocumentType>(std::move(type)));
  }
}

const DocumentType* DocumentTypeRepo::find(std::string_view name) const {
  for (const auto& type : types_) {
    if (type->name() == name) return type.get();
  }
  return nullptr;
}

std::string DocumentTypeRepo::type_list() const {
  std::string out;
  for (const auto& type : types_) {
    if (!out.empty()) out += ", ";
    out += type->name();
  }
  return out.empty() ? "none" : out;
}

}  // namespace grove::document
