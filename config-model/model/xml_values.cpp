#include "config-model/model/xml_values.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "services/base/strings.h"

namespace grove::config {

namespace {

std::string raw_value(pugi::xml_node element, const char* attribute) {
  std::string text = attribute ? element.attribute(attribute).value() : element_text(element);
  return std::string(trim(text));
}

// `port="abc"` or `"two"`: the value as the operator wrote it.
std::string written(const char* attribute, const std::string& value) {
  return attribute ? fmt::format("{}=\"{}\"", attribute, value) : fmt::format("\"{}\"", value);
}

void report(const XmlFile& file, pugi::xml_node element, const char* attribute,
            const std::string& value, std::string_view expected, std::string_view meaning) {
  std::string what = value.empty()
                         ? (attribute ? fmt::format("{}=\"\" is empty", attribute)
                                      : std::string("the value is empty"))
                         : fmt::format("{} is not {}", written(attribute, value), expected);
  std::string message = value.empty() ? fmt::format("{}; expected {}", what, expected) : what;
  if (!meaning.empty()) message += fmt::format("; it is {}", meaning);
  file.error(element, message);
}

std::string format_number(double value) {
  return fmt::format("{}", value);
}

}  // namespace

std::optional<int64_t> read_int(const XmlFile& file, pugi::xml_node element, const char* attribute,
                                int64_t min, int64_t max, std::string_view meaning) {
  std::string value = raw_value(element, attribute);
  int64_t number = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  bool parsed = !value.empty() && ec == std::errc() && ptr == value.data() + value.size();
  if (parsed && number >= min && number <= max) return number;
  report(file, element, attribute, value, fmt::format("a whole number from {} to {}", min, max),
         meaning);
  return std::nullopt;
}

std::optional<double> read_double(const XmlFile& file, pugi::xml_node element,
                                  const char* attribute, double min, double max, bool min_exclusive,
                                  std::string_view meaning) {
  std::string value = raw_value(element, attribute);
  char* end = nullptr;
  double number = value.empty() ? 0.0 : std::strtod(value.c_str(), &end);
  bool parsed = !value.empty() && end == value.c_str() + value.size() && std::isfinite(number);
  bool in_range = min_exclusive ? number > min : number >= min;
  if (parsed && in_range && number <= max) return number;
  std::string expected =
      min_exclusive ? fmt::format("a number greater than {} and at most {}", format_number(min),
                                  format_number(max))
                    : fmt::format("a number from {} to {}", format_number(min), format_number(max));
  report(file, element, attribute, value, expected, meaning);
  return std::nullopt;
}

std::optional<bool> read_bool(const XmlFile& file, pugi::xml_node element, const char* attribute,
                              std::string_view meaning) {
  std::string value = raw_value(element, attribute);
  if (value == "true") return true;
  if (value == "false") return false;
  report(file, element, attribute, value, "true or false", meaning);
  return std::nullopt;
}

std::optional<std::string> required_attribute(const XmlFile& file, pugi::xml_node element,
                                              const char* attribute, std::string_view example) {
  std::string value = raw_value(element, attribute);
  if (!value.empty()) return value;
  if (element.attribute(attribute)) {
    file.error(element, fmt::format("attribute {} is empty; write e.g. {}=\"{}\"", attribute,
                                    attribute, example));
  } else {
    file.error(element, fmt::format("missing attribute {}; add it, e.g. {}=\"{}\"", attribute,
                                    attribute, example));
  }
  return std::nullopt;
}

void check_version(const XmlFile& file, pugi::xml_node element, std::string_view expected) {
  pugi::xml_attribute version = element.attribute("version");
  if (!version) {
    file.warning(element, fmt::format("no version attribute; write <{} version=\"{}\">",
                                      element.name(), expected));
  } else if (version.value() != expected) {
    file.error(element, fmt::format("version=\"{}\" is not supported; write <{} version=\"{}\">",
                                    version.value(), element.name(), expected));
  }
}

}  // namespace grove::config
