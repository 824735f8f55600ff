#include "config-model/model/xml_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "services/base/strings.h"

namespace grove::config {

namespace {

constexpr std::array<std::string_view, 5> kIdentity = {"id", "name", "type", "hostalias",
                                                       "distribution-key"};

bool is_identity(std::string_view attribute) {
  return std::find(kIdentity.begin(), kIdentity.end(), attribute) != kIdentity.end();
}

bool has_identity(pugi::xml_node node) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (is_identity(a.name())) return true;
  }
  return false;
}

// "<name a='1' b='2'>": every attribute but version and namespace declarations for the element
// itself (`all`), only the identifying ones for its ancestors.
std::string start_tag(pugi::xml_node node, bool all) {
  std::string out = std::string("<") + node.name();
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view name = a.name();
    if (name == "version" || name.substr(0, 5) == "xmlns") continue;
    if (!all && !is_identity(name)) continue;
    std::string value = a.value();
    if (value.size() > 40) value = value.substr(0, 37) + "...";
    out += fmt::format(" {}='{}'", name, value);
  }
  return out + ">";
}

std::vector<size_t> line_starts(std::string_view text) {
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

}  // namespace

std::optional<XmlFile> XmlFile::parse(std::string name, std::string_view text,
                                      DiagnosticList& out) {
  auto doc = std::make_unique<pugi::xml_document>();
  pugi::xml_parse_result result =
      doc->load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  XmlFile file(std::move(name), std::move(doc), line_starts(text), out);
  if (!result) {
    size_t offset = static_cast<size_t>(std::max<ptrdiff_t>(result.offset, 0));
    int line = file.line_at(offset);
    size_t column = offset - file.line_starts_[static_cast<size_t>(line - 1)] + 1;
    out.error(file.name_, line, "",
              fmt::format("malformed XML: {} (column {}); fix the XML syntax, e.g. check that "
                          "every element is closed and every attribute value is quoted",
                          result.description(), column));
    return std::nullopt;
  }
  if (!file.root()) {
    out.error(file.name_, 0, "", "the file has no XML element");
    return std::nullopt;
  }
  return file;
}

XmlFile::XmlFile(std::string name, std::unique_ptr<pugi::xml_document> doc,
                 std::vector<size_t> starts, DiagnosticList& out)
    : name_(std::move(name)), doc_(std::move(doc)), line_starts_(std::move(starts)), out_(&out) {}

int XmlFile::line_at(size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<int>(it - line_starts_.begin());
}

int XmlFile::line_of(pugi::xml_node node) const {
  ptrdiff_t offset = node.offset_debug();
  return offset < 0 ? 0 : line_at(static_cast<size_t>(offset));
}

std::string XmlFile::describe(pugi::xml_node node) const {
  std::vector<std::string> parts;
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    if (n == root() && n != node) break;
    parts.push_back(start_tag(n, n == node));
    if (has_identity(n)) break;
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += (out.empty() ? "" : "/") + *it;
  return out;
}

void XmlFile::error(pugi::xml_node node, std::string message) const {
  out_->error(name_, line_of(node), describe(node), std::move(message));
}

void XmlFile::warning(pugi::xml_node node, std::string message) const {
  out_->warning(name_, line_of(node), describe(node), std::move(message));
}

std::string element_text(pugi::xml_node node) {
  return std::string(trim(node.child_value()));
}

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

std::string tag(std::string_view name) {
  return fmt::format("<{}>", name);
}

}  // namespace grove::config
