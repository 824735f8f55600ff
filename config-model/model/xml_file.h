#pragma once

// XmlFile: one parsed XML file of an application package (services.xml or hosts.xml) that knows
// the line of every element and reports diagnostics about its elements.
//
// Elements are named in diagnostics by their path from the nearest ancestor that identifies
// itself (by id, name, type, hostalias or distribution-key), e.g.
// "<content id='music'>/<tuning>/<dispatch>/<dispatch-policy>".
//
// Usage:
//   DiagnosticList out;
//   std::optional<XmlFile> file = XmlFile::parse("services.xml", text, out);
//   if (file) file->error(node, "<redundancy> is given twice; keep one");
//
// Borrows the DiagnosticList given to parse(), which must outlive it. Immutable apart from the
// diagnostics it appends; confined to the loading thread.

#include <pugixml.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config-model/model/diagnostic_list.h"

namespace grove::config {

class XmlFile {
 public:
  // Parses `text`. Malformed XML is reported to `out` as an error at the line where the parser
  // stopped, with its description, and nullopt is returned.
  static std::optional<XmlFile> parse(std::string name, std::string_view text, DiagnosticList& out);

  const std::string& name() const { return name_; }
  pugi::xml_node root() const { return doc_->document_element(); }
  DiagnosticList& diagnostics() const { return *out_; }

  // 1-based line of the element's start tag; 0 when unknown.
  int line_of(pugi::xml_node node) const;
  // The element as diagnostics name it (see the class comment).
  std::string describe(pugi::xml_node node) const;

  void error(pugi::xml_node node, std::string message) const;
  void warning(pugi::xml_node node, std::string message) const;

 private:
  XmlFile(std::string name, std::unique_ptr<pugi::xml_document> doc, std::vector<size_t> starts,
          DiagnosticList& out);
  int line_at(size_t offset) const;

  std::string name_;
  std::unique_ptr<pugi::xml_document> doc_;  // pugi documents do not move reliably by value
  std::vector<size_t> line_starts_;          // Invariant: ascending; line_starts_[0] == 0
  DiagnosticList* out_;
};

// The element's text with surrounding whitespace removed.
std::string element_text(pugi::xml_node node);

// The whole file, or nullopt when it cannot be opened or read (e.g. it is a directory).
std::optional<std::string> read_text_file(const std::filesystem::path& path);

// `name` as "<name>".
std::string tag(std::string_view name);

}  // namespace grove::config
