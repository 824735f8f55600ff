#include "container/document/document_v1_path.h"

#include <fmt/format.h>

#include <vector>

#include "services/base/parse_number.h"

namespace grove::container {

namespace {

constexpr std::string_view kPrefix = "/document/v1";

Status not_found(std::string_view raw) {
  return Status::NotFound(
      fmt::format("Nothing at '{}'. Available paths are: /document/v1/, "
                  "/document/v1/<namespace>/<type>/docid/[<id>], "
                  "/document/v1/<namespace>/<type>/number/<number>/[<id>], "
                  "/document/v1/<namespace>/<type>/group/<group>/[<id>]",
                  raw));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits on '/' into at most `limit` parts; the last part keeps the rest, slashes included.
std::vector<std::string_view> split(std::string_view text, size_t limit) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < limit) {
    size_t slash = text.find('/');
    if (slash == std::string_view::npos) break;
    parts.push_back(text.substr(0, slash));
    text.remove_prefix(slash + 1);
  }
  parts.push_back(text);
  return parts;
}

// A decoded, non-empty part without ':' (namespace, type, group).
Result<std::string> name_part(std::string_view raw, std::string_view what) {
  GROVE_ASSIGN_OR_RETURN(std::string decoded, percent_decode(raw, what));
  if (decoded.empty())
    return Status::InvalidArgument(fmt::format("the {} in the path is empty", what));
  if (decoded.find(':') != std::string::npos) {
    return Status::InvalidArgument(
        fmt::format("the {} '{}' in the path may not contain ':'", what, decoded));
  }
  return decoded;
}

// Reads the location segment after "number" or "group" into `path`.
Status read_location(std::string_view kind, std::string_view raw, DocumentV1Path& path) {
  if (kind == "group") {
    GROVE_ASSIGN_OR_RETURN(path.group, name_part(raw, "group"));
    return Status::Ok();
  }
  GROVE_ASSIGN_OR_RETURN(std::string text, percent_decode(raw, "number"));
  uint64_t number = 0;
  if (!parse_number(text, number)) {
    return Status::InvalidArgument(
        fmt::format("the number '{}' in the path is not an unsigned 64-bit integer", text));
  }
  path.number = number;
  return Status::Ok();
}

Status read_document_id(std::string_view raw_id, DocumentV1Path& path) {
  GROVE_ASSIGN_OR_RETURN(std::string user, percent_decode(raw_id, "document id"));
  if (user.empty()) return Status::InvalidArgument("the document id in the path is empty");
  std::string location;
  if (path.number) location = fmt::format("n={}", *path.number);
  if (path.group) location = "g=" + *path.group;
  std::string text =
      fmt::format("id:{}:{}:{}:{}", path.name_space, path.document_type, location, user);
  Result<distribution::DocumentId> id = distribution::DocumentId::parse(text);
  if (!id.ok()) {
    return Status::InvalidArgument(
        fmt::format("bad document id \"{}\": {}", text, id.status().message()));
  }
  path.document_id = std::move(id).value();
  return Status::Ok();
}

}  // namespace

Result<std::string> percent_decode(std::string_view text, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    int low = high >= 0 ? hex_value(text[i + 2]) : -1;
    if (low < 0) {
      return Status::InvalidArgument(
          fmt::format("malformed %-escape at byte {} of the {} '{}'", i, what, text));
    }
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

bool is_document_v1_path(std::string_view raw_path) {
  return raw_path == kPrefix || raw_path.starts_with("/document/v1/");
}

Result<DocumentV1Path> parse_document_v1_path(std::string_view raw_path) {
  if (!is_document_v1_path(raw_path)) return not_found(raw_path);
  DocumentV1Path path;
  path.raw = std::string(raw_path);
  std::string_view rest = raw_path.substr(kPrefix.size());
  if (rest.empty() || rest == "/") return path;  // the root visit
  rest.remove_prefix(1);
  // ns / type / kind / (location /)? rest
  std::vector<std::string_view> parts = split(rest, 4);
  if (parts.size() < 3) return not_found(raw_path);
  std::string_view kind = parts[2];
  if (kind != "docid" && kind != "number" && kind != "group") return not_found(raw_path);
  GROVE_ASSIGN_OR_RETURN(path.name_space, name_part(parts[0], "namespace"));
  GROVE_ASSIGN_OR_RETURN(path.document_type, name_part(parts[1], "document type"));
  std::string_view tail = parts.size() == 4 ? parts[3] : std::string_view();
  bool trailing_slash = parts.size() == 4;
  if (kind != "docid") {
    if (!trailing_slash || tail.empty()) return not_found(raw_path);  // .../number needs <n>
    std::vector<std::string_view> location = split(tail, 2);
    GROVE_RETURN_IF_ERROR(read_location(kind, location[0], path));
    if (location.size() == 1 || location[1].empty()) return path;  // visit the location
    GROVE_RETURN_IF_ERROR(read_document_id(location[1], path));
    return path;
  }
  if (tail.empty()) return path;  // visit the type
  GROVE_RETURN_IF_ERROR(read_document_id(tail, path));
  return path;
}

}  // namespace grove::container
