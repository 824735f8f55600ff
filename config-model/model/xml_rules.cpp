#include "config-model/model/xml_rules.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

namespace grove::config {

namespace {

constexpr std::string_view kDefaultIgnoredNote = "Grove has no use for this Vespa setting";
constexpr std::string_view kPrefixedNote =
    "Vespa's preprocess:/deploy: variants are not supported; Grove reads services.xml as "
    "written, so write the final XML for this one environment";

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

const Rule* find_rule(std::initializer_list<Rule> rules, std::string_view name) {
  for (const Rule& rule : rules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

// "did you mean <x>? " for a known name within two edits, else "".
std::string suggestion(std::initializer_list<Rule> rules, std::string_view name, bool element) {
  for (const Rule& rule : rules) {
    if (rule.use != Use::kUnsupported && edit_distance(rule.name, name) <= 2) {
      return element ? fmt::format("did you mean {}? ", tag(rule.name))
                     : fmt::format("did you mean {}? ", rule.name);
    }
  }
  return "";
}

std::string allowed_list(std::initializer_list<Rule> rules, bool element) {
  std::vector<std::string> names;
  for (const Rule& rule : rules) {
    if (rule.use == Use::kRead) names.push_back(element ? tag(rule.name) : std::string(rule.name));
  }
  if (names.empty()) return element ? "no child elements" : "no attributes";
  return fmt::format("{}", fmt::join(names, ", "));
}

void report(const XmlFile& file, pugi::xml_node node, const Rule& rule, std::string what) {
  if (rule.use == Use::kIgnored) {
    file.warning(node, fmt::format("{} is accepted and ignored: {}", what,
                                   rule.note.empty() ? kDefaultIgnoredNote : rule.note));
  } else if (rule.use == Use::kUnsupported) {
    file.error(node, fmt::format("unsupported: {}: {}", what, rule.note));
  }
}

bool is_namespace_declaration(std::string_view name) {
  return name == "xmlns" || name.substr(0, 6) == "xmlns:";
}

}  // namespace

void check_children(const XmlFile& file, pugi::xml_node parent, std::initializer_list<Rule> rules) {
  for (pugi::xml_node child : parent.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string_view name = child.name();
    if (name.find(':') != std::string_view::npos) {
      file.error(child, fmt::format("unsupported: {}: {}", tag(name), kPrefixedNote));
    } else if (const Rule* rule = find_rule(rules, name)) {
      report(file, child, *rule, tag(name));
    } else {
      file.error(child, fmt::format("unknown element {} in {}; {}allowed there: {}", tag(name),
                                    tag(parent.name()), suggestion(rules, name, true),
                                    allowed_list(rules, true)));
    }
  }
}

void check_attributes(const XmlFile& file, pugi::xml_node element,
                      std::initializer_list<Rule> rules) {
  for (pugi::xml_attribute attribute : element.attributes()) {
    std::string_view name = attribute.name();
    if (is_namespace_declaration(name)) continue;
    std::string what = fmt::format("attribute {}=\"{}\"", name, attribute.value());
    if (name.find(':') != std::string_view::npos) {
      file.error(element, fmt::format("unsupported: {}: {}", what, kPrefixedNote));
    } else if (const Rule* rule = find_rule(rules, name)) {
      report(file, element, *rule, what);
    } else {
      file.error(element,
                 fmt::format("unknown {} on {}; {}allowed there: {}", what, tag(element.name()),
                             suggestion(rules, name, false), allowed_list(rules, false)));
    }
  }
}

pugi::xml_node single_child(const XmlFile& file, pugi::xml_node parent, const char* name) {
  pugi::xml_node first = parent.child(name);
  if (!first) return first;
  for (pugi::xml_node other = first.next_sibling(name); other; other = other.next_sibling(name)) {
    file.error(other, fmt::format("{} is given more than once in {} (first on line {}); keep one",
                                  tag(name), tag(parent.name()), file.line_of(first)));
  }
  return first;
}

}  // namespace grove::config
