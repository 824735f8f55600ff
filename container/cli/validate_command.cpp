#include "container/cli/validate_command.h"

#include <fmt/format.h>

#include <filesystem>

#include "config-model/model/application_model.h"
#include "services/base/flags.h"

namespace grove::cli {

namespace {

std::string describe_layout(const config::ContentCluster& cluster) {
  size_t nodes = cluster.all_nodes().size();
  if (!cluster.grouped) {
    return fmt::format("{} node{}, flat", nodes, nodes == 1 ? "" : "s");
  }
  size_t groups = cluster.leaf_groups().size();
  return fmt::format("{} nodes in {} groups, partitions {}", nodes, groups,
                     cluster.root.partitions ? cluster.root.partitions->to_string() : "-");
}

void print_summary(const config::ApplicationModel& model, std::FILE* out) {
  for (const auto& c : model.content_clusters()) {
    std::string docs;
    for (const auto& d : c.documents) docs += (docs.empty() ? "" : ", ") + d.type;
    fmt::print(out,
               "  content cluster '{}': {}; redundancy {}, searchable-copies {}; dispatch {}; "
               "documents: {}\n",
               c.id, describe_layout(c), c.redundancy, c.searchable_copies,
               config::dispatch_policy_name(c.dispatch.policy), docs);
  }
  for (const auto& c : model.container_clusters()) {
    fmt::print(out, "  container cluster '{}': {} node{}, http port {}{}{}\n", c.id,
               c.nodes.size(), c.nodes.size() == 1 ? "" : "s", c.http_port,
               c.search ? ", search" : "", c.document_api ? ", document-api" : "");
  }
  for (const auto& s : model.schemas()) fmt::print(out, "  schema '{}'\n", s.name());
}

}  // namespace

int run_validate(int argc, char** argv, std::FILE* out, std::FILE* err) {
  auto args = Flags::parse(argc, argv, {.positional = true});
  if (!args.ok() || args->positional().size() != 1) {
    fmt::print(err, "grove validate: {}\nusage: grove validate APP_DIR\n",
               args.ok() ? "expected exactly one APP_DIR" : args.status().message());
    return 2;
  }
  const std::string& dir = args->positional()[0];
  auto loaded = config::ApplicationModel::load(dir);
  size_t errors = 0, warnings = 0;
  std::string prefix = (std::filesystem::path(dir) / "").string();
  for (const auto& d : loaded.diagnostics) {
    (d.is_error() ? errors : warnings)++;
    fmt::print(out, "{}{}\n", prefix, d.to_string());
  }
  if (!loaded.readable) {
    fmt::print(out, "{}: cannot be read as an application package\n", dir);
    return 2;
  }
  if (!loaded.ok()) {
    fmt::print(out, "{}: invalid: {} error{}, {} warning{}\n", dir, errors, errors == 1 ? "" : "s",
               warnings, warnings == 1 ? "" : "s");
    return 1;
  }
  fmt::print(out, "{}: valid ({} warning{})\n", dir, warnings, warnings == 1 ? "" : "s");
  print_summary(*loaded.model, out);
  return 0;
}

}  // namespace grove::cli
