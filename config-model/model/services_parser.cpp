#include "config-model/model/services_parser.h"

#include <fmt/format.h>

#include <map>
#include <string_view>

#include "config-model/model/content_validator.h"
#include "config-model/model/xml_rules.h"
#include "config-model/model/xml_values.h"

namespace grove::config {

namespace {

constexpr std::string_view kAdminNote =
    "Grove's config server runs the admin roles itself (cluster controller, logs, metrics)";

}  // namespace

ParsedServices ServicesParser::parse() const {
  ParsedServices out;
  pugi::xml_node root = file_.root();
  if (!check_root(root)) return out;
  bool first_admin = true;
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string_view name = child.name();
    if (name == "container") {
      out.containers.push_back(ContainerParser(file_, hosts_).parse(child));
    } else if (name == "content") {
      size_t errors_before = file_.diagnostics().error_count();
      out.contents.push_back(ContentParser(file_, hosts_).parse(child));
      ContentValidator(file_.diagnostics()).validate(out.contents.back(), errors_before);
    } else if (name == "admin" && first_admin) {
      first_admin = false;
      read_admin(child, out);
    } else if (name == "admin") {
      file_.error(child, "<admin> is given more than once; keep one");
    }
  }
  if (out.containers.empty() && out.contents.empty()) {
    file_.warning(root,
                  "services.xml defines no <container> and no <content> cluster, so the "
                  "application serves nothing");
  }
  return out;
}

bool ServicesParser::check_root(pugi::xml_node root) const {
  std::string_view name = root.name();
  if (name != "services") {
    file_.error(
        root,
        fmt::format(
            "the root element is {}; Grove requires <services version=\"1.0\"> as the root of "
            "services.xml, with the <container>, <content> and <admin> elements inside it",
            tag(name)));
    return false;
  }
  check_attributes(file_, root,
                   {{"version"},
                    {"application-type", Use::kIgnored},
                    {"minimum-required-vespa-version", Use::kIgnored}});
  check_version(file_, root, "1.0");
  check_children(file_, root,
                 {{"container"},
                  {"content"},
                  {"admin"},
                  {"jdisc", Use::kUnsupported, "the old name of <container>; write <container>"},
                  {"routing", Use::kIgnored, "Grove routes documents to their content cluster"}});
  return true;
}

void ServicesParser::read_admin(pugi::xml_node admin, ParsedServices& out) const {
  check_attributes(file_, admin, {{"version"}});
  check_version(file_, admin, "2.0");
  check_children(
      file_, admin,
      {{"configservers"},
       {"adminserver", Use::kIgnored, kAdminNote},
       {"slobroks", Use::kIgnored, "Grove finds its services through the config server"},
       {"logserver", Use::kIgnored, kAdminNote},
       {"cluster-controllers", Use::kIgnored, "Grove's config server runs the cluster controller"},
       {"monitoring", Use::kIgnored, kAdminNote},
       {"metrics", Use::kIgnored, kAdminNote},
       {"logforwarding", Use::kIgnored, kAdminNote}});
  pugi::xml_node servers = single_child(file_, admin, "configservers");
  if (!servers) return;
  check_attributes(file_, servers, {});
  check_children(file_, servers, {{"configserver"}});
  std::map<std::string, int> line_by_alias;
  for (pugi::xml_node server : servers.children("configserver")) {
    check_attributes(file_, server, {{"hostalias"}, {"baseport", Use::kIgnored}});
    check_children(file_, server, {});
    std::optional<std::string> alias = required_attribute(file_, server, "hostalias", "node0");
    if (!alias) continue;
    auto [it, inserted] = line_by_alias.emplace(*alias, file_.line_of(server));
    if (!inserted) {
      file_.error(server, fmt::format("hostalias '{}' already has a config server (line {}); "
                                      "list each config server host once",
                                      *alias, it->second));
      continue;
    }
    out.admin.configservers.push_back(ConfigServer{*alias, hosts_.resolve(file_, server, *alias)});
  }
  if (out.admin.configservers.empty() && !servers.child("configserver")) {
    file_.error(servers,
                "<configservers> lists no <configserver>; add e.g. <configserver "
                "hostalias=\"node0\"/> or remove <configservers>");
  }
}

}  // namespace grove::config
