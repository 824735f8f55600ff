#pragma once

// Reading numbers and booleans from services.xml, with errors an operator can act on: each names
// the element, the value written and the allowed range, plus what the value means.
//
//   <content id='music'>/<redundancy>: "two" is not a whole number from 1 to 255; it is the
//   total number of copies of each document
//
// Each function reads the element's text, or the attribute `attribute` when that is not null,
// and returns nullopt after reporting an error when the value is empty, malformed or out of
// range. Stateless functions; they append to the XmlFile's diagnostics.

#include <pugixml.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

#include "config-model/model/xml_file.h"

namespace grove::config {

std::optional<int64_t> read_int(const XmlFile& file, pugi::xml_node element, const char* attribute,
                                int64_t min, int64_t max, std::string_view meaning);

// A number in [min, max], or in (min, max] when `min_exclusive`.
std::optional<double> read_double(const XmlFile& file, pugi::xml_node element,
                                  const char* attribute, double min, double max, bool min_exclusive,
                                  std::string_view meaning);

// "true" or "false".
std::optional<bool> read_bool(const XmlFile& file, pugi::xml_node element, const char* attribute,
                              std::string_view meaning);

// The attribute's value; a missing or empty attribute is an error suggesting `example`.
std::optional<std::string> required_attribute(const XmlFile& file, pugi::xml_node element,
                                              const char* attribute, std::string_view example);

// Checks the element's version attribute: a missing one is a warning, another value an error.
void check_version(const XmlFile& file, pugi::xml_node element, std::string_view expected);

}  // namespace grove::config
