#pragma once

// Rules for the child elements and attributes an element may have, and the check that applies
// them. This is how services.xml never ignores anything silently (DESIGN §3):
//   kRead         Grove reads it (the caller does, after the check);
//   kIgnored      valid Vespa that Grove has no use for: a warning that names it;
//   kUnsupported  valid Vespa that would change what the operator gets: an error naming it;
//   anything else is unknown: an error that lists what is allowed there.
// Names with an XML namespace prefix (Vespa's preprocess:/deploy: variants) are unsupported;
// namespace declarations (xmlns, xmlns:*) are accepted.
//
// Usage:
//   check_children(file, tuning, {{"dispatch"}, {"flush-strategy", Use::kIgnored}});
//
// Stateless functions; they append to the XmlFile's diagnostics.

#include <pugixml.hpp>

#include <initializer_list>
#include <string_view>

#include "config-model/model/xml_file.h"

namespace grove::config {

enum class Use { kRead, kIgnored, kUnsupported };

struct Rule {
  std::string_view name;
  Use use = Use::kRead;
  // kIgnored: why Grove can ignore it; kUnsupported: what it does and what to write instead.
  std::string_view note = {};
};

// Checks every child element of `parent` against `rules`.
void check_children(const XmlFile& file, pugi::xml_node parent, std::initializer_list<Rule> rules);

// Checks every attribute of `element` against `rules`.
void check_attributes(const XmlFile& file, pugi::xml_node element,
                      std::initializer_list<Rule> rules);

// The only child named `name`, or an empty node. A second one is an error (the first one wins).
pugi::xml_node single_child(const XmlFile& file, pugi::xml_node parent, const char* name);

}  // namespace grove::config
