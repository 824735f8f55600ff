#include "services/document/document_json_parser.h"

#include <fmt/format.h>

#include "services/document/document_json.h"
#include "services/document/json_syntax.h"

namespace grove::document {

Status check_document_size(std::string_view what, size_t bytes, size_t limit) {
  if (bytes <= limit) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("{} is {} bytes, over the limit of {} bytes", what, bytes, limit));
}

DocumentJsonParser::DocumentJsonParser(size_t max_document_bytes)
    : max_document_bytes_(max_document_bytes) {}

Result<simdjson::dom::element> DocumentJsonParser::parse_json(std::string_view json) {
  GROVE_RETURN_IF_ERROR(check_document_size("document JSON", json.size(), max_document_bytes_));
  simdjson::dom::element element;
  simdjson::error_code error = parser_.parse(json.data(), json.size()).get(element);
  if (!error) return element;
  if (auto located = find_json_syntax_error(json)) {
    return Status::InvalidArgument(
        fmt::format("malformed JSON at byte {}: {}", located->offset, located->what));
  }
  return Status::InvalidArgument(fmt::format("malformed JSON: {}", simdjson::error_message(error)));
}

Result<FeedOperation> DocumentJsonParser::parse_operation(const DocumentTypeRepo& repo,
                                                          std::string_view json) {
  GROVE_ASSIGN_OR_RETURN(simdjson::dom::element element, parse_json(json));
  return document::parse_operation(repo, element);
}

Result<Document> DocumentJsonParser::parse_fields(const DocumentType& type,
                                                  distribution::DocumentId id,
                                                  std::string_view fields_json) {
  GROVE_ASSIGN_OR_RETURN(simdjson::dom::element element, parse_json(fields_json));
  return document::parse_fields(type, std::move(id), element);
}

Result<DocumentUpdate> DocumentJsonParser::parse_update(const DocumentType& type,
                                                        distribution::DocumentId id,
                                                        std::string_view fields_json) {
  GROVE_ASSIGN_OR_RETURN(simdjson::dom::element element, parse_json(fields_json));
  return document::parse_update(type, std::move(id), element);
}

}  // namespace grove::document
