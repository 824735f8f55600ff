#include "config-model/deploy/validation_overrides.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <pugixml.hpp>
#include <system_error>

namespace grove::deploy {

namespace {

constexpr std::string_view kFile = "validation-overrides.xml";

// Vespa's ids that Grove accepts but does not check (Vespa's ValidationId list).
constexpr std::string_view kVespaOnlyIds[] = {
    "access-control",        "certificate-removal",  "cluster-size-reduction",
    "config-model-version-mismatch", "schema-removal", "content-type-removal",
    "deployment-removal",    "field-type-change",    "global-document-change",
    "global-endpoint-change", "hnsw-settings-change", "indexing-change",
    "indexing-mode-change",  "paged-setting-removal", "redundancy-increase",
    "resources-reduction",   "skip-old-config-models", "tensor-type-change",
    "zone-endpoint-change"};

bool is_grove_id(std::string_view id) {
  return std::find(std::begin(kGroveValidationIds), std::end(kGroveValidationIds), id) !=
         std::end(kGroveValidationIds);
}
bool is_vespa_only_id(std::string_view id) {
  return std::find(std::begin(kVespaOnlyIds), std::end(kVespaOnlyIds), id) != std::end(kVespaOnlyIds);
}

std::string trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

int line_at(std::string_view text, ptrdiff_t offset) {
  if (offset < 0) return 0;
  auto end = text.begin() + std::min<ptrdiff_t>(offset, static_cast<ptrdiff_t>(text.size()));
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

Status error_at(int line, std::string_view message) {
  return Status::InvalidArgument(fmt::format("{}:{}: {}", kFile, line, message));
}

std::string grove_ids() {
  std::string out;
  for (std::string_view id : kGroveValidationIds) out += fmt::format("{}{}", out.empty() ? "" : ", ", id);
  return out;
}

}  // namespace

Date utc_today() {
  return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

Result<Date> parse_date(std::string_view text) {
  auto bad = [&] {
    return Status::InvalidArgument(fmt::format("'{}' is not a date of the form YYYY-MM-DD", text));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int parts[3] = {0, 0, 0};
  size_t starts[3] = {0, 5, 8}, sizes[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (size_t j = starts[i]; j < starts[i] + sizes[i]; ++j) {
      if (!std::isdigit(static_cast<unsigned char>(text[j]))) return bad();
      parts[i] = parts[i] * 10 + (text[j] - '0');
    }
  }
  Date date{std::chrono::year(parts[0]), std::chrono::month(static_cast<unsigned>(parts[1])),
            std::chrono::day(static_cast<unsigned>(parts[2]))};
  if (!date.ok()) return bad();
  return date;
}

std::string format_date(Date date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

Result<ValidationOverrides> ValidationOverrides::parse(std::string_view xml, Date today) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) return error_at(line_at(xml, parsed.offset), fmt::format("not well-formed XML: {}", parsed.description()));
  pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "validation-overrides") {
    return error_at(line_at(xml, root.offset_debug()),
                    fmt::format("the root element is <{}>; expected <validation-overrides>", root.name()));
  }
  ValidationOverrides out(today);
  std::chrono::sys_days latest = std::chrono::sys_days(today) + std::chrono::days(kMaxOverrideDays);
  for (pugi::xml_node allow : root.children()) {
    if (allow.type() != pugi::node_element) continue;
    int line = line_at(xml, allow.offset_debug());
    if (std::string_view(allow.name()) != "allow") {
      return error_at(line, fmt::format("<{}> is not allowed in <validation-overrides>; use <allow>", allow.name()));
    }
    std::string id = trimmed(allow.child_value());
    if (!is_grove_id(id) && !is_vespa_only_id(id)) {
      return error_at(line, fmt::format("<allow>: '{}' is not a validation id; Grove checks {}", id, grove_ids()));
    }
    pugi::xml_attribute until_attr = allow.attribute("until");
    if (!until_attr) {
      return error_at(line, fmt::format("<allow>{}</allow> has no until=\"YYYY-MM-DD\"; an override must end", id));
    }
    Result<Date> until = parse_date(until_attr.value());
    if (!until.ok()) return error_at(line, fmt::format("<allow>{}</allow>: until {}", id, until.status().message()));
    if (std::chrono::sys_days(*until) > latest) {
      return error_at(line, fmt::format(
          "<allow until='{}'>{}</allow> is more than {} days after today ({}); use an until date "
          "no later than {}", until_attr.value(), id, kMaxOverrideDays, format_date(today),
          format_date(Date{latest})));
    }
    if (std::chrono::sys_days(*until) < std::chrono::sys_days(today)) {
      out.warnings_.push_back(fmt::format("{}:{}: <allow>{}</allow> expired on {} and does not count",
                                          kFile, line, id, until_attr.value()));
    } else if (!is_grove_id(id)) {
      out.warnings_.push_back(fmt::format("{}:{}: <allow>{}</allow> has no effect: Grove does not "
                                          "perform that validation", kFile, line, id));
    }
    out.overrides_.push_back({id, *until, allow.attribute("comment").value(), line});
  }
  return out;
}

Result<ValidationOverrides> ValidationOverrides::load(const std::string& app_dir, Date today) {
  std::filesystem::path path = std::filesystem::path(app_dir) / kFile;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return ValidationOverrides(today);
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return Status::IoError(fmt::format("cannot read {}", path.string()));
  return parse(text, today);
}

bool ValidationOverrides::allows(std::string_view id) const {
  return std::any_of(overrides_.begin(), overrides_.end(), [&](const ValidationOverride& o) {
    return o.id == id && std::chrono::sys_days(o.until) >= std::chrono::sys_days(today_);
  });
}

}  // namespace grove::deploy
