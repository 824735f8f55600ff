#include "config-model/model/application_validator.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace grove::config {

namespace {

constexpr const char* kServices = "services.xml";

bool share_host(const ContainerCluster& a, const ContainerCluster& b) {
  for (const ContainerNode& x : a.nodes) {
    for (const ContainerNode& y : b.nodes) {
      if (!x.hostname.empty() && x.hostname == y.hostname) return true;
    }
  }
  return false;
}

}  // namespace

void ApplicationValidator::validate(const ParsedServices& services,
                                    const LoadedSchemas& schemas) const {
  check_cluster_ids(services);
  check_ports(services);
  check_container_aliases(services);
  check_document_types(services, schemas);
  check_reachable(services);
}

void ApplicationValidator::check_cluster_ids(const ParsedServices& services) const {
  struct Seen {
    std::string element;
    int line;
  };
  std::map<std::string, Seen> seen;
  auto visit = [&](const std::string& id, const std::string& element, int line) {
    if (id.empty()) return;
    auto [it, inserted] = seen.emplace(id, Seen{element, line});
    if (inserted) return;
    out_.error(kServices, line, element,
               fmt::format("cluster id '{}' is already used by {} on line {}; every cluster of "
                           "an application needs its own id",
                           id, it->second.element, it->second.line));
  };
  // In document order, so the second use is the one reported.
  std::vector<std::tuple<int, std::string, std::string>> clusters;
  for (const ParsedContent& c : services.contents) {
    clusters.emplace_back(c.source.line, c.cluster.id, c.source.element);
  }
  for (const ParsedContainer& c : services.containers) {
    clusters.emplace_back(c.line, c.cluster.id, c.element);
  }
  std::sort(clusters.begin(), clusters.end());
  for (const auto& [line, id, element] : clusters) visit(id, element, line);
}

void ApplicationValidator::check_ports(const ParsedServices& services) const {
  const std::vector<ParsedContainer>& containers = services.containers;
  std::set<uint16_t> ports;
  for (const ParsedContainer& c : containers) ports.insert(c.cluster.http_port);
  for (size_t i = 0; i < containers.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const ParsedContainer& a = containers[j];
      const ParsedContainer& b = containers[i];
      if (a.cluster.http_port != b.cluster.http_port || !share_host(a.cluster, b.cluster)) continue;
      uint16_t free_port = b.cluster.http_port;
      while (ports.count(free_port)) ++free_port;
      out_.error(kServices, b.port_line > 0 ? b.port_line : b.line, b.element,
                 fmt::format("HTTP port {} is also used by {} (line {}) on the same host; give "
                             "each container cluster its own port, e.g. <server id=\"default\" "
                             "port=\"{}\"/>",
                             b.cluster.http_port, a.element, a.port_line > 0 ? a.port_line : a.line,
                             free_port));
      ports.insert(free_port);
      break;
    }
  }
}

void ApplicationValidator::check_container_aliases(const ParsedServices& services) const {
  for (const ParsedContainer& c : services.containers) {
    std::map<std::string, std::vector<int>> lines_by_alias;
    for (const ContainerNode& node : c.cluster.nodes) {
      if (!node.hostalias.empty()) lines_by_alias[node.hostalias].push_back(node.line);
    }
    for (const auto& [alias, lines] : lines_by_alias) {
      if (lines.size() < 2) continue;
      out_.error(kServices, lines.front(), c.element,
                 fmt::format("hostalias '{}' serves {} nodes of container cluster '{}' (lines "
                             "{}); each node needs its own host alias",
                             alias, lines.size(), c.cluster.id, fmt::join(lines, ", ")));
    }
  }
}

void ApplicationValidator::check_document_types(const ParsedServices& services,
                                                const LoadedSchemas& schemas) const {
  std::set<std::string> used;
  std::vector<std::string> available;
  for (const std::string& file : schemas.files) available.push_back(file + ".sd");
  for (const ParsedContent& c : services.contents) {
    for (size_t i = 0; i < c.cluster.documents.size(); ++i) {
      const std::string& type = c.cluster.documents[i].type;
      used.insert(type);
      if (schemas.has_file(type)) continue;
      std::string present = available.empty()
                                ? "schemas/ has no .sd files"
                                : fmt::format("schemas/ has {}", fmt::join(available, ", "));
      out_.error(kServices, c.source.document_lines[i], c.source.element,
                 fmt::format("document type '{}' has no schema: add schemas/{}.sd with "
                             "`schema {} {{ document {} {{ ... }} }}` ({})",
                             type, type, type, type, present));
    }
  }
  for (const std::string& file : schemas.files) {
    if (used.count(file)) continue;
    out_.warning("schemas/" + file + ".sd", 0, "",
                 fmt::format("schema '{}' is not used by any content cluster; add <document "
                             "type=\"{}\" mode=\"index\"/> to a <content> cluster's <documents>, "
                             "or remove the file",
                             file, file));
  }
}

void ApplicationValidator::check_reachable(const ParsedServices& services) const {
  if (services.contents.empty()) return;
  bool search = std::any_of(services.containers.begin(), services.containers.end(),
                            [](const ParsedContainer& c) { return c.cluster.search; });
  bool feed = std::any_of(services.containers.begin(), services.containers.end(),
                          [](const ParsedContainer& c) { return c.cluster.document_api; });
  const ParsedContent& first = services.contents.front();
  if (!search) {
    out_.warning(kServices, first.source.line, first.source.element,
                 "no <container> has <search/>, so queries cannot reach the content clusters; "
                 "add <search/> to a container");
  }
  if (!feed) {
    out_.warning(kServices, first.source.line, first.source.element,
                 "no <container> has <document-api/>, so documents cannot be fed through "
                 "/document/v1/; add <document-api/> to a container");
  }
}

}  // namespace grove::config
