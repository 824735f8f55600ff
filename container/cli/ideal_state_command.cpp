#include "container/cli/ideal_state_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "config-model/model/application_model.h"
#include "services/base/flags.h"
#include "services/base/json_writer.h"
#include "services/distribution/distribution.h"
#include "services/distribution/document_id.h"
#include "services/distribution/replica_roles.h"

namespace grove::cli {

namespace {

using distribution::BucketId;
using distribution::ClusterState;
using distribution::Distribution;
using distribution::DocumentId;

constexpr const char* kUsage =
    "usage: grove ideal-state APP_DIR [--cluster NAME] [--cluster-state STATE] [--json]\n"
    "                         (--doc ID | --bucket HEX)...\n";

// One --doc or --bucket, computed.
struct Item {
  std::string input;
  std::optional<DocumentId> doc;
  BucketId bucket;
  std::string error;  // set when nothing could be computed
  std::vector<distribution::IdealReplica> replicas;
  std::optional<uint16_t> distributor;
  std::string distributor_error;
};

struct Context {
  const config::ContentCluster* cluster = nullptr;
  std::optional<Distribution> distribution;
  ClusterState state;
};

Result<const config::ContentCluster*> pick_cluster(const config::ApplicationModel& model,
                                                   const std::string& name) {
  if (!name.empty()) {
    if (const auto* c = model.find_content_cluster(name)) return c;
    return Status::NotFound(fmt::format("no content cluster '{}' in the package", name));
  }
  if (model.content_clusters().size() == 1) return &model.content_clusters()[0];
  std::string names;
  for (const auto& c : model.content_clusters()) names += (names.empty() ? "" : ", ") + c.id;
  return Status::InvalidArgument(fmt::format(
      "the package has {} content clusters ({}); choose one with --cluster",
      model.content_clusters().size(), names.empty() ? "none" : names));
}

ClusterState default_state(const config::ContentCluster& cluster) {
  uint16_t count = 0;
  for (const auto* node : cluster.all_nodes()) count = std::max<uint16_t>(count, node->distribution_key + 1);
  return ClusterState::all_up(count);
}

void compute(const Context& ctx, Item& item) {
  auto nodes = ctx.distribution->ideal_storage_nodes(item.bucket, ctx.state);
  if (!nodes.ok()) {
    item.error = nodes.status().message();
    return;
  }
  item.replicas = assign_replica_roles(*ctx.distribution, *nodes, ctx.cluster->searchable_copies);
  auto owner = ctx.distribution->ideal_distributor(item.bucket, ctx.state);
  if (owner.ok()) item.distributor = *owner; else item.distributor_error = owner.status().message();
}

Item make_item(const Context& ctx, const std::string& flag, const std::string& value) {
  Item item;
  item.input = value;
  if (flag == "doc") {
    auto id = DocumentId::parse(value);
    if (!id.ok()) {
      item.error = id.status().message();
      return item;
    }
    bool known = std::any_of(ctx.cluster->documents.begin(), ctx.cluster->documents.end(),
                             [&](const auto& d) { return d.type == id->doc_type(); });
    if (!known) {
      item.error = fmt::format("document type '{}' is not stored in content cluster '{}'",
                               id->doc_type(), ctx.cluster->id);
      return item;
    }
    item.bucket = id->bucket();
    item.doc = std::move(id).value();
  } else {
    auto bucket = BucketId::parse_hex(value);
    if (!bucket.ok()) {
      item.error = bucket.status().message();
      return item;
    }
    item.bucket = *bucket;
  }
  compute(ctx, item);
  return item;
}

std::string group_label(const distribution::IdealReplica& r) {
  return r.group == nullptr || r.group->parent() == nullptr ? "-" : r.group->path_name();
}

void print_text(const Context& ctx, const std::vector<Item>& items, std::FILE* out) {
  fmt::print(out, "content cluster '{}', cluster state \"{}\"\n", ctx.cluster->id, ctx.state.to_string());
  for (const Item& item : items) {
    fmt::print(out, "\n{}\n", item.input);
    if (item.doc) fmt::print(out, "  gid          {}\n", item.doc->gid().to_hex());
    if (!item.error.empty() && !item.doc && item.bucket.raw() == 0) {
      fmt::print(out, "  error: {}\n", item.error);
      continue;
    }
    fmt::print(out, "  bucket       {} ({} bits)\n", item.bucket.to_hex(), item.bucket.used_bits());
    if (!item.error.empty()) {
      fmt::print(out, "  error: {}\n", item.error);
      continue;
    }
    if (item.distributor) fmt::print(out, "  distributor  node {}\n", *item.distributor);
    else fmt::print(out, "  distributor  none: {}\n", item.distributor_error);
    const char* label = "  replicas     ";
    for (const auto& r : item.replicas) {
      fmt::print(out, "{}node {:<4} group {:<12} {}{}\n", label, r.node, group_label(r),
                 r.ready ? "ready" : "not-ready", r.active ? " active" : "");
      label = "               ";
    }
  }
}

void print_json(const Context& ctx, const std::vector<Item>& items, std::FILE* out) {
  JsonWriter w;
  w.begin_object();
  w.key("cluster").string(ctx.cluster->id);
  w.key("cluster-state").string(ctx.state.to_string());
  w.key("items").begin_array();
  for (const Item& item : items) {
    w.begin_object();
    w.key(item.doc ? "id" : "input").string(item.input);
    if (item.doc) w.key("gid").string(item.doc->gid().to_hex());
    if (item.bucket.raw() != 0) w.key("bucket").string(item.bucket.to_hex());
    if (!item.error.empty()) {
      w.key("error").string(item.error);
    } else {
      if (item.distributor) w.key("distributor").number(unsigned{*item.distributor});
      else w.key("distributor").null().key("distributor-error").string(item.distributor_error);
      w.key("replicas").begin_array();
      for (const auto& r : item.replicas) {
        w.begin_object().key("node").number(unsigned{r.node}).key("group").string(group_label(r));
        w.key("ready").boolean(r.ready).key("active").boolean(r.active).end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array().end_object();
  fmt::print(out, "{}\n", w.str());
}

}  // namespace

int run_ideal_state(int argc, char** argv, std::FILE* out, std::FILE* err) {
  auto args = Flags::parse(argc, argv,
                           {.with_value = {"cluster", "cluster-state", "doc", "bucket"},
                            .switches = {"json"},
                            .positional = true});
  if (!args.ok() || args->positional().size() != 1 ||
      !(args->has("doc") || args->has("bucket"))) {
    fmt::print(err, "grove ideal-state: {}\n{}",
               args.ok() ? "expected APP_DIR and at least one --doc or --bucket"
                         : args.status().message(),
               kUsage);
    return 2;
  }
  auto loaded = config::ApplicationModel::load(args->positional()[0]);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) {
      if (d.is_error()) fmt::print(err, "{}\n", d.to_string());
    }
    fmt::print(err, "grove ideal-state: {}: the package is {}; see grove validate\n",
               args->positional()[0], loaded.readable ? "invalid" : "unreadable");
    return loaded.readable ? 1 : 2;
  }
  Context ctx;
  auto cluster = pick_cluster(*loaded.model, args->get("cluster"));
  if (!cluster.ok()) {
    fmt::print(err, "grove ideal-state: {}\n", cluster.status().message());
    return 2;
  }
  ctx.cluster = *cluster;
  auto distribution = Distribution::create(ctx.cluster->distribution_config());
  if (!distribution.ok()) {
    fmt::print(err, "grove ideal-state: {}\n", distribution.status().message());
    return 1;
  }
  ctx.distribution = std::move(distribution).value();
  ctx.state = default_state(*ctx.cluster);
  if (args->has("cluster-state")) {
    auto state = ClusterState::parse(args->get("cluster-state"));
    if (!state.ok()) {
      fmt::print(err, "grove ideal-state: {}\n", state.status().message());
      return 2;
    }
    ctx.state = std::move(state).value();
  }
  std::vector<Item> items;
  for (const auto& [flag, value] : args->options()) {
    if (flag == "doc" || flag == "bucket") items.push_back(make_item(ctx, flag, value));
  }
  if (args->has("json")) print_json(ctx, items, out); else print_text(ctx, items, out);
  bool failed = std::any_of(items.begin(), items.end(), [](const Item& i) { return !i.error.empty(); });
  return failed ? 1 : 0;
}

}  // namespace grove::cli
