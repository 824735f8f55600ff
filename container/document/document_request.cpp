#include "container/document/document_request.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <limits>

#include "container/query/request_timeout.h"
#include "services/base/parse_number.h"
#include "services/document/document_json.h"
#include "services/document/document_json_parser.h"
#include "services/document/document_serializer.h"

namespace grove::container {

namespace {

Result<bool> parse_bool(std::string_view name, std::string_view value) {
  if (value == "true") return true;
  if (value == "false") return false;
  return Status::InvalidArgument(
      fmt::format("Invalid '{}' value '{}': expected true or false", name, value));
}

Result<uint32_t> parse_wanted(std::string_view value) {
  uint64_t n = 0;
  if (!parse_number(value, n) || n == 0) {
    return Status::InvalidArgument(fmt::format(
        "Invalid 'wantedDocumentCount' value '{}': wantedDocumentCount must be positive", value));
  }
  return static_cast<uint32_t>(std::min<uint64_t>(n, kMaxWantedDocuments));
}

Status read_param(DocumentRequest& out, const std::string& name, const std::string& value) {
  if (name == "timeout") {
    GROVE_ASSIGN_OR_RETURN(out.timeout, query::parse_timeout(value));
  } else if (name == "condition") {
    out.condition = value;
  } else if (name == "create") {
    GROVE_ASSIGN_OR_RETURN(out.create, parse_bool(name, value));
  } else if (name == "cluster") {
    out.cluster = value;
  } else if (name == "selection") {
    if (!value.empty()) out.selection = value;
  } else if (name == "wantedDocumentCount") {
    GROVE_ASSIGN_OR_RETURN(out.wanted_documents, parse_wanted(value));
  } else if (name == "continuation") {
    GROVE_ASSIGN_OR_RETURN(out.continuation, decode_continuation(value));
  }
  return Status::Ok();  // route, tracelevel, fieldSet, ...: accepted and ignored
}

// The top-level keys of a body; InvalidArgument naming an unknown one or a wrong type.
Status read_body_keys(simdjson::dom::object body, DocumentBody& out,
                      simdjson::dom::element& fields) {
  bool has_fields = false;
  for (auto [key, value] : body) {
    if (key == "fields") {
      if (!value.is_object()) return Status::InvalidArgument("'fields' must be a JSON object");
      fields = value;
      has_fields = true;
    } else if (key == "condition") {
      if (!value.is_string()) return Status::InvalidArgument("'condition' must be a string");
      out.condition = std::string(std::string_view(value));
    } else if (key == "create") {
      if (!value.is_bool()) return Status::InvalidArgument("'create' must be true or false");
      out.create = bool(value);
    } else {
      return Status::InvalidArgument(fmt::format(
          "unknown key '{}' in the document JSON (expected fields, condition, create)", key));
    }
  }
  if (!has_fields) return Status::InvalidArgument("the document JSON has no 'fields' object");
  return Status::Ok();
}

document::DocumentJsonParser& parser_for_this_thread() {
  // The container checks the size limit itself (answering 413), so the parser has none.
  thread_local document::DocumentJsonParser parser(std::numeric_limits<size_t>::max());
  return parser;
}

}  // namespace

Result<DocumentRequest> parse_document_request(const http::HttpRequest& request) {
  std::string_view target = request.target;
  std::string_view raw_path = target.substr(0, target.find('?'));
  DocumentRequest out;
  GROVE_ASSIGN_OR_RETURN(out.path, parse_document_v1_path(raw_path));
  for (const auto& [name, value] : request.query)
    GROVE_RETURN_IF_ERROR(read_param(out, name, value));
  return out;
}

Result<DocumentBody> parse_document_body(DocumentOp op, const document::DocumentType& type,
                                         const distribution::DocumentId& id,
                                         std::string_view body) {
  GROVE_ASSIGN_OR_RETURN(simdjson::dom::element root, parser_for_this_thread().parse_json(body));
  if (!root.is_object())
    return Status::InvalidArgument("the document JSON must be an object: {\"fields\": {...}}");
  DocumentBody out;
  simdjson::dom::element fields;
  GROVE_RETURN_IF_ERROR(read_body_keys(root.get_object().value_unsafe(), out, fields));
  if (op == DocumentOp::kPut) {
    GROVE_ASSIGN_OR_RETURN(document::Document doc, document::parse_fields(type, id, fields));
    document::serialize(doc, out.document);
    return out;
  }
  GROVE_RETURN_IF_ERROR(document::parse_update(type, id, fields).status());
  out.update_json = "{\"fields\":" + simdjson::minify(fields) + "}";
  return out;
}

}  // namespace grove::container
