#include "config-model/model/hosts.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <vector>

#include "config-model/model/xml_rules.h"
#include "config-model/model/xml_values.h"

namespace grove::config {

namespace {

constexpr const char* kFile = "hosts.xml";

}  // namespace

Hosts Hosts::read(const std::string& app_dir, DiagnosticList& out) {
  Hosts hosts;
  std::filesystem::path path = std::filesystem::path(app_dir) / kFile;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return hosts;
  hosts.present_ = true;
  std::optional<std::string> content = read_text_file(path);
  if (!content) {
    out.error(kFile, 0, "",
              "hosts.xml exists but cannot be read; check that it is a file and "
              "its permissions");
    hosts.broken_ = true;
    return hosts;
  }
  std::optional<XmlFile> file = XmlFile::parse(kFile, *content, out);
  if (file) {
    hosts.read_hosts(*file);
  } else {
    hosts.broken_ = true;
  }
  return hosts;
}

void Hosts::read_hosts(const XmlFile& file) {
  pugi::xml_node root = file.root();
  if (std::string_view(root.name()) != "hosts") {
    broken_ = true;
    file.error(root, fmt::format("the root element is {}; hosts.xml must have <hosts> as its root, "
                                 "with <host name=\"...\"><alias>node0</alias></host> inside",
                                 tag(root.name())));
    return;
  }
  check_children(file, root, {{"host"}});
  std::map<std::string, int> line_by_alias;
  for (pugi::xml_node host : root.children("host")) {
    check_attributes(file, host, {{"name"}});
    check_children(file, host, {{"alias"}});
    std::optional<std::string> name = required_attribute(file, host, "name", "search1.example.com");
    if (!host.child("alias")) {
      file.warning(host,
                   "this host has no <alias>; services.xml refers to hosts by alias, so add "
                   "e.g. <alias>node0</alias> or remove the host");
    }
    for (pugi::xml_node alias : host.children("alias")) {
      std::string text = element_text(alias);
      if (text.empty()) {
        file.error(alias,
                   "empty <alias>; write the name services.xml uses, e.g. <alias>node0</alias>");
        continue;
      }
      auto [it, inserted] = line_by_alias.emplace(text, file.line_of(alias));
      if (!inserted) {
        file.error(alias, fmt::format("alias '{}' is already defined on line {}; every alias must "
                                      "name exactly one host",
                                      text, it->second));
        continue;
      }
      hostname_by_alias_[text] = name.value_or("");
    }
  }
}

std::string Hosts::resolve(const XmlFile& file, pugi::xml_node element,
                           const std::string& alias) const {
  if (!present_) return kLocalhost;
  auto it = hostname_by_alias_.find(alias);
  if (it != hostname_by_alias_.end()) return it->second;
  if (broken_) return "";
  std::vector<std::string> known;
  for (const auto& entry : hostname_by_alias_) known.push_back("'" + entry.first + "'");
  file.error(element,
             fmt::format("hostalias '{}' is not defined in hosts.xml{}; add "
                         "<host name=\"...\"><alias>{}</alias></host> to hosts.xml or "
                         "use a defined alias",
                         alias,
                         known.empty() ? std::string(" (it defines no aliases)")
                                       : fmt::format(" (it defines {})", fmt::join(known, ", ")),
                         alias));
  return "";
}

}  // namespace grove::config
