#include "config-model/model/container_parser.h"

#include <fmt/format.h>

#include "config-model/model/xml_rules.h"
#include "config-model/model/xml_values.h"

namespace grove::config {

namespace {

constexpr std::string_view kDefaultId = "container";
constexpr std::string_view kJvmNote = "Grove's container is a C++ process; there is no JVM";
constexpr std::string_view kConfigNote = "Grove has no use for Vespa config overrides";
constexpr std::string_view kChainNote =
    "custom search chains and searchers are Java components; Grove runs its fixed search chain, "
    "so remove it";

bool is_embedder(pugi::xml_node component) {
  std::string_view type = component.attribute("type").value();
  std::string_view id = component.attribute("id").value();
  std::string_view cls = component.attribute("class").value();
  auto ends_with = [](std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
  };
  return ends_with(type, "-embedder") || cls.find("Embedder") != std::string_view::npos ||
         id.find("embedder") != std::string_view::npos;
}

}  // namespace

ParsedContainer ContainerParser::parse(pugi::xml_node container) const {
  ParsedContainer parsed;
  check_attributes(file_, container, {{"id"}, {"version"}, {"jetty", Use::kIgnored}});
  check_version(file_, container, "1.0");
  check_children(
      file_, container,
      {{"search"},
       {"document-api"},
       {"http"},
       {"nodes"},
       {"component"},
       {"handler", Use::kIgnored, "Grove serves its own /search/, /document/v1/ and /state/v1/"},
       {"config", Use::kIgnored, kConfigNote},
       {"accesslog", Use::kIgnored},
       {"document-processing", Use::kIgnored,
        "no content cluster of a Grove application runs document processing"},
       {"processing", Use::kUnsupported,
        "processing chains are Java components; Grove runs none, so remove it"},
       {"model-evaluation", Use::kUnsupported,
        "Grove does not evaluate machine-learned models (ONNX, tensors), so remove it"},
       {"secret-store", Use::kIgnored},
       {"zookeeper", Use::kIgnored},
       {"clients", Use::kIgnored},
       {"threadpool", Use::kIgnored}});
  parsed.cluster.id =
      container.attribute("id") ? container.attribute("id").value() : std::string(kDefaultId);
  if (parsed.cluster.id.empty()) {
    file_.error(container, "empty id; write e.g. <container id=\"default\" version=\"1.0\">");
  }
  parsed.element = file_.describe(container);
  if (!container.attribute("id")) parsed.element = fmt::format("<container id='{}'>", kDefaultId);
  parsed.line = file_.line_of(container);
  read_search(container, parsed);
  read_document_api(container, parsed);
  read_components(container);
  read_http(container, parsed);
  read_nodes(container, parsed);
  return parsed;
}

void ContainerParser::read_search(pugi::xml_node container, ParsedContainer& parsed) const {
  pugi::xml_node search = single_child(file_, container, "search");
  if (!search) return;
  parsed.cluster.search = true;
  check_attributes(file_, search, {});
  check_children(
      file_, search,
      {{"chain", Use::kUnsupported, kChainNote},
       {"searcher", Use::kUnsupported, kChainNote},
       {"provider", Use::kUnsupported, "federation is not supported; remove it"},
       {"federation", Use::kUnsupported, "federation is not supported; remove it"},
       {"renderer", Use::kUnsupported, "Grove renders Vespa's default JSON result only; remove it"},
       {"config", Use::kIgnored, kConfigNote},
       {"threadpool", Use::kIgnored}});
}

void ContainerParser::read_document_api(pugi::xml_node container, ParsedContainer& parsed) const {
  pugi::xml_node api = single_child(file_, container, "document-api");
  if (!api) return;
  parsed.cluster.document_api = true;
  check_attributes(file_, api, {});
  check_children(file_, api,
                 {{"abortondocumenterror", Use::kIgnored},
                  {"retryenabled", Use::kIgnored},
                  {"timeout", Use::kIgnored},
                  {"route", Use::kIgnored},
                  {"maxpendingdocs", Use::kIgnored},
                  {"http-client-api", Use::kIgnored},
                  {"binding", Use::kIgnored},
                  {"config", Use::kIgnored, kConfigNote}});
}

void ContainerParser::read_components(pugi::xml_node container) const {
  for (pugi::xml_node component : container.children("component")) {
    if (is_embedder(component)) {
      file_.error(component,
                  "unsupported: embedders turn text into tensors for vector search; "
                  "Grove has no tensors or embedders, so remove this <component>");
    } else {
      file_.warning(component,
                    "<component> is accepted and ignored: Grove loads no Java "
                    "components");
    }
  }
}

void ContainerParser::read_http(pugi::xml_node container, ParsedContainer& parsed) const {
  pugi::xml_node http = single_child(file_, container, "http");
  if (!http) return;
  check_attributes(file_, http, {});
  check_children(file_, http,
                 {{"server"},
                  {"filtering", Use::kUnsupported,
                   "request filters (such as access control) would not run, so requests they "
                   "should stop would get through; remove them or put a proxy in front"},
                  {"access-control", Use::kUnsupported,
                   "access control would not be enforced; remove it or put a proxy in front"},
                  {"config", Use::kIgnored, kConfigNote}});
  pugi::xml_node server = http.child("server");
  if (!server) {
    file_.error(http, "<http> has no <server>; add <server id=\"default\" port=\"8080\"/>");
    return;
  }
  if (pugi::xml_node second = server.next_sibling("server")) {
    file_.error(second, fmt::format("a Grove container serves one HTTP port; keep one <server> "
                                    "(the first is on line {})",
                                    file_.line_of(server)));
  }
  check_attributes(file_, server,
                   {{"id"},
                    {"port"},
                    {"default-request-chain", Use::kIgnored},
                    {"default-response-chain", Use::kIgnored}});
  check_children(file_, server,
                 {{"ssl", Use::kUnsupported,
                   "Grove serves plain HTTP, so clients expecting TLS would fail; remove <ssl> "
                   "or put a TLS proxy in front"},
                  {"config", Use::kIgnored, kConfigNote}});
  if (!server.attribute("port")) return;
  parsed.port_line = file_.line_of(server);
  std::optional<int64_t> port =
      read_int(file_, server, "port", 1, 65535, "the HTTP port of the container");
  if (port) parsed.cluster.http_port = static_cast<uint16_t>(*port);
}

void ContainerParser::read_nodes(pugi::xml_node container, ParsedContainer& parsed) const {
  pugi::xml_node nodes = single_child(file_, container, "nodes");
  if (!nodes) {
    parsed.cluster.nodes.push_back(ContainerNode{"", Hosts::kLocalhost, parsed.line});
    return;
  }
  check_attributes(file_, nodes,
                   {{"count"},
                    {"jvm-options", Use::kIgnored, kJvmNote},
                    {"jvm-gc-options", Use::kIgnored, kJvmNote},
                    {"allocated-memory", Use::kIgnored, kJvmNote},
                    {"exclusive", Use::kIgnored}});
  check_children(file_, nodes,
                 {{"node"}, {"jvm", Use::kIgnored, kJvmNote}, {"resources", Use::kIgnored}});
  if (nodes.attribute("count")) {
    if (nodes.child("node")) {
      file_.error(nodes, "write either <nodes count=\"N\"/> or <node> elements, not both");
    }
    std::optional<int64_t> count =
        read_int(file_, nodes, "count", 1, 64, "the number of container nodes on this host");
    for (int64_t i = 0; i < count.value_or(0); ++i) {
      parsed.cluster.nodes.push_back(
          ContainerNode{fmt::format("container{}", i), Hosts::kLocalhost, file_.line_of(nodes)});
    }
    if (!count) parsed.cluster.nodes.push_back(ContainerNode{"", Hosts::kLocalhost, parsed.line});
    return;
  }
  for (pugi::xml_node node : nodes.children("node")) {
    check_attributes(file_, node, {{"hostalias"}, {"jvm-options", Use::kIgnored, kJvmNote}});
    check_children(file_, node, {});
    std::optional<std::string> alias = required_attribute(file_, node, "hostalias", "node0");
    if (!alias) continue;
    parsed.cluster.nodes.push_back(
        ContainerNode{*alias, hosts_.resolve(file_, node, *alias), file_.line_of(node)});
  }
  if (!nodes.child("node")) {
    file_.error(nodes,
                "<nodes> has no <node>; add e.g. <node hostalias=\"node0\"/>, or remove "
                "<nodes> to run one container on this host");
  }
  if (parsed.cluster.nodes.empty()) {
    parsed.cluster.nodes.push_back(ContainerNode{"", Hosts::kLocalhost, parsed.line});
  }
}

}  // namespace grove::config
