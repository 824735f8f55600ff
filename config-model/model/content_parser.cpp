#include "config-model/model/content_parser.h"

#include <fmt/format.h>

#include <set>

#include "config-model/model/content_tree_parser.h"
#include "config-model/model/xml_rules.h"
#include "config-model/model/xml_values.h"

namespace grove::config {

namespace {

constexpr int64_t kMaxCopies = 255;

constexpr std::string_view kStreamingNote =
    "streaming search scans the documents at query time instead of indexing them; Grove "
    "indexes every document, so use mode=\"index\"";
constexpr std::string_view kStoreOnlyNote =
    "store-only documents cannot be searched; Grove indexes every document, so use "
    "mode=\"index\"";
constexpr std::string_view kDocprocNote =
    "document processing runs Java processors on every fed document; Grove stores documents "
    "as fed, so remove <document-processing>";
constexpr std::string_view kSelectionNote =
    "a selection keeps only matching documents in the cluster (and garbage collection removes "
    "the rest); Grove stores every fed document of the type, so remove it";

void read_document(const XmlFile& file, pugi::xml_node element, ParsedContent& parsed,
                   std::set<std::string>& seen) {
  check_attributes(
      file, element,
      {{"type"},
       {"mode"},
       {"global"},
       {"selection", Use::kUnsupported, kSelectionNote},
       {"garbage-collection", Use::kUnsupported, kSelectionNote},
       {"garbage-collection-interval", Use::kIgnored, "Grove does no garbage collection"}});
  check_children(file, element, {});
  std::optional<std::string> type = required_attribute(file, element, "type", "music");
  std::optional<std::string> mode = required_attribute(file, element, "mode", "index");
  if (mode == "streaming") {
    file.error(element, fmt::format("unsupported: mode=\"streaming\": {}", kStreamingNote));
  } else if (mode == "store-only") {
    file.error(element, fmt::format("unsupported: mode=\"store-only\": {}", kStoreOnlyNote));
  } else if (mode && *mode != "index") {
    file.error(element,
               fmt::format("mode=\"{}\" is not a document mode; use mode=\"index\"", *mode));
  }
  if (element.attribute("global") &&
      read_bool(file, element, "global", "whether the documents are copied to every node") ==
          true) {
    file.error(element,
               "unsupported: global=\"true\": global documents are copied to every "
               "node for parent-child references; Grove does not support them, so "
               "remove global=\"true\"");
  }
  if (!type) return;
  if (!seen.insert(*type).second) {
    file.error(element,
               fmt::format("document type '{}' is listed twice; keep one <document>", *type));
    return;
  }
  parsed.cluster.documents.push_back(DocumentRef{*type, "index"});
  parsed.source.document_lines.push_back(file.line_of(element));
}

}  // namespace

ParsedContent ContentParser::parse(pugi::xml_node content) const {
  ParsedContent parsed;
  check_attributes(file_, content, {{"id"}, {"version"}});
  check_version(file_, content, "1.0");
  check_children(file_, content,
                 {{"documents"},
                  {"redundancy"},
                  {"min-redundancy"},
                  {"nodes"},
                  {"group"},
                  {"engine"},
                  {"tuning"},
                  {"search"},
                  {"config", Use::kIgnored, "Grove has no use for Vespa config overrides"}});
  parsed.cluster.id = required_attribute(file_, content, "id", "music").value_or("");
  parsed.source.file = file_.name();
  parsed.source.element = file_.describe(content);
  parsed.source.line = file_.line_of(content);
  read_documents(content, parsed);
  parsed.source.tree = ContentTreeParser(file_, hosts_).parse(content);
  read_copies(content, parsed);
  read_engine(content, parsed);
  read_tuning(content, parsed);
  read_search(content, parsed.cluster);
  apply_cloud_form(parsed, parsed.source.searchable_copies_line > 0);
  parsed.cluster.grouped = parsed.source.tree.grouped;
  parsed.cluster.root = std::move(parsed.source.tree.root);
  return parsed;
}

void ContentParser::read_documents(pugi::xml_node content, ParsedContent& parsed) const {
  pugi::xml_node documents = single_child(file_, content, "documents");
  if (!documents) {
    file_.error(content,
                "no <documents>; add <documents><document type=\"music\" "
                "mode=\"index\"/></documents> naming a schema in schemas/");
    return;
  }
  check_attributes(file_, documents, {{"selection", Use::kUnsupported, kSelectionNote}});
  check_children(file_, documents,
                 {{"document"}, {"document-processing", Use::kUnsupported, kDocprocNote}});
  std::set<std::string> seen;
  for (pugi::xml_node element : documents.children("document")) {
    read_document(file_, element, parsed, seen);
  }
  if (!documents.child("document")) {
    file_.error(documents,
                "<documents> lists no <document>; add e.g. <document type=\"music\" "
                "mode=\"index\"/>");
  }
}

void ContentParser::read_copies(pugi::xml_node content, ParsedContent& parsed) const {
  pugi::xml_node redundancy = single_child(file_, content, "redundancy");
  pugi::xml_node min_redundancy = single_child(file_, content, "min-redundancy");
  if (redundancy && min_redundancy) {
    file_.error(min_redundancy, fmt::format("<redundancy> (line {}) and <min-redundancy> are both "
                                            "given; keep one (Grove reads them "
                                            "the same way)",
                                            file_.line_of(redundancy)));
  }
  pugi::xml_node element = redundancy ? redundancy : min_redundancy;
  if (!element) {
    file_.warning(content,
                  "no <redundancy> given; using 1, so each document has one copy and "
                  "is lost with its node; add e.g. <redundancy>2</redundancy>");
    return;
  }
  check_attributes(
      file_, element,
      {{"reply-after", Use::kIgnored, "Grove acknowledges a write only when every copy has it"}});
  check_children(file_, element, {});
  parsed.source.redundancy_line = file_.line_of(element);
  std::string_view meaning = parsed.source.tree.cloud_form
                                 ? "the number of copies of each document in each group"
                                 : "the total number of copies of each document in the cluster";
  std::optional<int64_t> value = read_int(file_, element, nullptr, 1, kMaxCopies, meaning);
  if (!value) {
    parsed.source.copies_ok = false;
    return;
  }
  parsed.cluster.redundancy = static_cast<uint16_t>(*value);
}

void ContentParser::read_engine(pugi::xml_node content, ParsedContent& parsed) const {
  pugi::xml_node engine = single_child(file_, content, "engine");
  if (!engine) return;
  check_attributes(file_, engine, {});
  check_children(file_, engine, {{"proton"}});
  pugi::xml_node proton = single_child(file_, engine, "proton");
  if (!proton) return;
  check_attributes(file_, proton, {});
  check_children(file_, proton,
                 {{"searchable-copies"},
                  {"tuning", Use::kIgnored},
                  {"resource-limits", Use::kIgnored},
                  {"flush-on-shutdown", Use::kIgnored},
                  {"sync-transactionlog", Use::kIgnored},
                  {"visibility-delay", Use::kIgnored,
                   "documents are searchable as soon as their write is acknowledged"}});
  pugi::xml_node copies = single_child(file_, proton, "searchable-copies");
  if (!copies) return;
  check_children(file_, copies, {});
  parsed.source.searchable_copies_line = file_.line_of(copies);
  std::string_view meaning = parsed.source.tree.cloud_form
                                 ? "the number of indexed copies in each group"
                                 : "the total number of copies that are indexed, ready for queries";
  std::optional<int64_t> value = read_int(file_, copies, nullptr, 1, kMaxCopies, meaning);
  if (!value) {
    parsed.source.copies_ok = false;
    return;
  }
  parsed.cluster.searchable_copies = static_cast<uint16_t>(*value);
}

void ContentParser::read_tuning(pugi::xml_node content, ParsedContent& parsed) const {
  pugi::xml_node tuning = single_child(file_, content, "tuning");
  if (!tuning) return;
  check_attributes(file_, tuning, {});
  check_children(file_, tuning,
                 {{"dispatch"},
                  {"min-node-ratio-per-group"},
                  {"bucket-splitting", Use::kIgnored},
                  {"cluster-controller", Use::kIgnored},
                  {"distribution", Use::kIgnored},
                  {"maintenance", Use::kIgnored},
                  {"merges"},
                  {"persistence-threads", Use::kIgnored},
                  {"resource-limits", Use::kIgnored},
                  {"visitors", Use::kIgnored},
                  {"flush-strategy", Use::kIgnored},
                  {"max-document-size", Use::kIgnored},
                  {"removed-db", Use::kIgnored}});
  if (pugi::xml_node dispatch = single_child(file_, tuning, "dispatch")) {
    read_dispatch(dispatch, parsed);
  }
  if (pugi::xml_node merges = single_child(file_, tuning, "merges")) {
    check_attributes(file_, merges, {{"max-per-node"}, {"max-queue-size", Use::kIgnored}});
    check_children(file_, merges, {});
    if (merges.attribute("max-per-node")) {
      if (auto n = read_int(file_, merges, "max-per-node", 1, 1024,
                            "the merges a content node serves at once during bucket maintenance")) {
        parsed.cluster.max_merges_per_node = static_cast<uint32_t>(*n);
      }
    }
  }
  if (pugi::xml_node ratio = single_child(file_, tuning, "min-node-ratio-per-group")) {
    check_children(file_, ratio, {});
    parsed.cluster.min_node_ratio_per_group =
        read_double(file_, ratio, nullptr, 0, 1, false,
                    "the share of a group's nodes that must be up for the group to serve")
            .value_or(0.0);
  }
}

void ContentParser::read_dispatch(pugi::xml_node dispatch, ParsedContent& parsed) const {
  check_attributes(file_, dispatch, {});
  check_children(file_, dispatch,
                 {{"dispatch-policy"},
                  {"min-active-docs-coverage"},
                  {"prioritize-availability"},
                  {"top-k-probability"},
                  {"max-hits-per-partition"},
                  {"min-group-coverage", Use::kIgnored, "superseded by min-active-docs-coverage"},
                  {"max-nodes-down-per-group", Use::kIgnored}});
  DispatchTuning& tuning = parsed.cluster.dispatch;
  if (pugi::xml_node policy = single_child(file_, dispatch, "dispatch-policy")) {
    parsed.source.dispatch_policy_line = file_.line_of(policy);
    std::string text = element_text(policy);
    if (std::optional<DispatchPolicy> value = parse_dispatch_policy(text)) {
      tuning.policy = *value;
    } else {
      file_.error(policy, fmt::format("\"{}\" is not a dispatch policy; use round-robin, adaptive "
                                      "(alias random) or best-of-random-2",
                                      text));
    }
  }
  if (pugi::xml_node e = single_child(file_, dispatch, "min-active-docs-coverage")) {
    tuning.min_active_docs_coverage =
        read_double(file_, e, nullptr, 0, 100, false,
                    "the percentage of documents a group must have active to get queries")
            .value_or(tuning.min_active_docs_coverage);
  }
  if (pugi::xml_node e = single_child(file_, dispatch, "prioritize-availability")) {
    tuning.prioritize_availability =
        read_bool(file_, e, nullptr, "whether coverage is judged against the median group")
            .value_or(tuning.prioritize_availability);
  }
  if (pugi::xml_node e = single_child(file_, dispatch, "top-k-probability")) {
    tuning.top_k_probability =
        read_double(file_, e, nullptr, 0, 1, true,
                    "the probability that each node returns enough hits for the global top k")
            .value_or(tuning.top_k_probability);
  }
  if (pugi::xml_node e = single_child(file_, dispatch, "max-hits-per-partition")) {
    std::optional<int64_t> hits =
        read_int(file_, e, nullptr, 1, 2147483647, "the most hits one node returns for a query");
    if (hits) tuning.max_hits_per_partition = static_cast<uint32_t>(*hits);
  }
}

void ContentParser::read_search(pugi::xml_node content, ContentCluster& cluster) const {
  pugi::xml_node search = single_child(file_, content, "search");
  if (!search) return;
  check_attributes(file_, search, {});
  check_children(file_, search,
                 {{"query-timeout"},
                  {"visibility-delay", Use::kIgnored,
                   "documents are searchable as soon as their write is acknowledged"},
                  {"coverage", Use::kIgnored}});
  if (pugi::xml_node timeout = single_child(file_, search, "query-timeout")) {
    cluster.query_timeout_seconds = read_double(file_, timeout, nullptr, 0, 86400, true,
                                                "the longest a query may run, in seconds");
  }
}

void ContentParser::apply_cloud_form(ParsedContent& parsed, bool searchable_given) const {
  ContentCluster& cluster = parsed.cluster;
  const ContentTree& tree = parsed.source.tree;
  int groups = tree.cloud_form ? tree.cloud_groups : 1;
  if (!searchable_given) cluster.searchable_copies = cluster.redundancy;
  if (groups <= 1) return;
  if (cluster.redundancy * groups > kMaxCopies) {
    int line = parsed.source.redundancy_line ? parsed.source.redundancy_line : parsed.source.line;
    file_.diagnostics().error(
        file_.name(), line, parsed.source.element,
        fmt::format("redundancy {} per group times {} groups is {} copies; the most is {}",
                    cluster.redundancy, groups, cluster.redundancy * groups, kMaxCopies));
    parsed.source.copies_ok = false;
    return;
  }
  cluster.redundancy = static_cast<uint16_t>(cluster.redundancy * groups);
  cluster.searchable_copies = static_cast<uint16_t>(cluster.searchable_copies * groups);
  std::string spec;
  for (int g = 0; g + 1 < groups; ++g) spec += fmt::format("{}|", cluster.redundancy / groups);
  parsed.source.tree.root.partitions = distribution::PartitionSpec::parse(spec + "*").value();
}

}  // namespace grove::config
