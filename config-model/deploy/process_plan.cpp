#include "config-model/deploy/process_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace grove::deploy {

namespace {

constexpr uint32_t kMaxPort = 65535;

// The ports taken while a plan is built.
class PortSet {
 public:
  void take(uint16_t port) {
    if (port != 0) used_.insert(port);
  }
  bool free(uint32_t port) const { return port >= 1 && port <= kMaxPort && used_.count(static_cast<uint16_t>(port)) == 0; }

  // The lowest p >= base with p and p + 1 free, taken; 0 when there is none.
  uint16_t take_pair(uint16_t base) {
    for (uint32_t p = base; p + 1 <= kMaxPort; ++p) {
      if (free(p) && free(p + 1)) {
        take(static_cast<uint16_t>(p));
        take(static_cast<uint16_t>(p + 1));
        return static_cast<uint16_t>(p);
      }
    }
    return 0;
  }
  // `wanted` or the first free port above it, taken; 0 when there is none.
  uint16_t take_from(uint32_t wanted) {
    for (uint32_t p = wanted; p <= kMaxPort; ++p) {
      if (free(p)) {
        take(static_cast<uint16_t>(p));
        return static_cast<uint16_t>(p);
      }
    }
    return 0;
  }

 private:
  std::set<uint16_t> used_;
};

std::string address(const std::string& hostname) {
  return hostname.empty() || hostname == "localhost" ? "127.0.0.1" : hostname;
}

// Every process of the model, without ports.
std::vector<PlannedProcess> processes_of(const config::ApplicationModel& model, const ProcessPlanOptions& options) {
  std::vector<PlannedProcess> out;
  for (const config::ContentCluster& cluster : model.content_clusters()) {
    for (const config::ContentNode* node : cluster.all_nodes()) {
      PlannedProcess p;
      p.kind = ProcessKind::kContent;
      p.cluster = cluster.id;
      p.key = node->distribution_key;
      p.hostalias = node->hostalias;
      p.hostname = node->hostname;
      p.data_dir = fmt::format("{}/node{}", cluster.id, node->distribution_key);
      out.push_back(std::move(p));
    }
  }
  for (const config::ContainerCluster& cluster : model.container_clusters()) {
    for (size_t i = 0; i < cluster.nodes.size(); ++i) {
      PlannedProcess p;
      p.kind = ProcessKind::kContainer;
      p.cluster = cluster.id;
      p.key = static_cast<uint16_t>(i);
      p.hostalias = cluster.nodes[i].hostalias;
      p.hostname = cluster.nodes[i].hostname;
      const uint32_t first = options.container_port != 0 ? options.container_port : cluster.http_port;
      p.requested_port = static_cast<uint16_t>(std::min<uint32_t>(first + i, kMaxPort));
      out.push_back(std::move(p));
    }
  }
  return out;
}

// Gives `p` its ports from `old` when it may keep them; true when it did.
bool keep_ports(PlannedProcess& p, const PlannedProcess* old) {
  if (old == nullptr) return false;
  if (p.kind == ProcessKind::kContainer && old->requested_port != p.requested_port) return false;
  p.thrift_port = old->thrift_port;
  p.http_port = old->http_port;
  return true;
}

Status assign_new(PlannedProcess& p, PortSet& ports, const ProcessPlanOptions& options) {
  if (p.kind == ProcessKind::kContainer) {
    p.http_port = ports.take_from(p.requested_port);
    if (p.http_port == 0) {
      return Status::InvalidArgument(fmt::format("{}: no free port from {} up to {}", p.describe(),
                                                 p.requested_port, kMaxPort));
    }
    return Status::Ok();
  }
  p.thrift_port = ports.take_pair(options.base_port);
  if (p.thrift_port == 0) {
    return Status::InvalidArgument(fmt::format("{}: no two free consecutive ports from {} up to {}",
                                               p.describe(), options.base_port, kMaxPort));
  }
  p.http_port = static_cast<uint16_t>(p.thrift_port + 1);
  return Status::Ok();
}

}  // namespace

std::string_view process_kind_name(ProcessKind kind) {
  return kind == ProcessKind::kContent ? "content" : "container";
}

std::string_view PlannedProcess::binary() const {
  return kind == ProcessKind::kContent ? "grove-content" : "grove-container";
}

std::string PlannedProcess::describe() const {
  return kind == ProcessKind::kContent ? fmt::format("content node {} of '{}'", key, cluster)
                                       : fmt::format("container {} of '{}'", key, cluster);
}

const PlannedProcess* ProcessPlan::find(ProcessKind kind, std::string_view cluster, uint16_t key) const {
  for (const PlannedProcess& p : processes) {
    if (p.kind == kind && p.cluster == cluster && p.key == key) return &p;
  }
  return nullptr;
}

std::string ProcessPlan::content_nodes_arg(std::string_view cluster) const {
  std::string out;
  for (const PlannedProcess& p : processes) {
    if (p.kind != ProcessKind::kContent || p.cluster != cluster) continue;
    out += fmt::format("{}{}={}:{}", out.empty() ? "" : ",", p.key, address(p.hostname), p.thrift_port);
  }
  return out;
}

std::string ProcessPlan::all_content_nodes_arg() const {
  std::string out;
  for (const PlannedProcess& p : processes) {
    if (p.kind != ProcessKind::kContent) continue;
    out += fmt::format("{}{}:{}={}:{}", out.empty() ? "" : ",", p.cluster, p.key, address(p.hostname),
                       p.thrift_port);
  }
  return out;
}

std::vector<std::string> ProcessPlan::arguments(const PlannedProcess& p, const std::string& app_dir,
                                                const std::string& data_root) const {
  if (p.kind == ProcessKind::kContainer) {
    return {"--app", app_dir, "--port", std::to_string(p.http_port), "--nodes", all_content_nodes_arg()};
  }
  return {"--data-dir", data_root + "/" + p.data_dir, "--port", std::to_string(p.thrift_port),
          "--http-port", std::to_string(p.http_port), "--app", app_dir, "--cluster", p.cluster,
          "--key", std::to_string(p.key), "--nodes", content_nodes_arg(p.cluster)};
}

Result<ProcessPlan> plan_processes(const config::ApplicationModel& model, const ProcessPlan* previous,
                                   uint64_t generation, const ProcessPlanOptions& options) {
  ProcessPlan plan;
  plan.generation = generation;
  plan.processes = processes_of(model, options);
  PortSet ports;
  for (uint16_t port : options.reserved_ports) ports.take(port);
  if (previous != nullptr) {
    for (const PlannedProcess& old : previous->processes) {
      ports.take(old.thrift_port);
      ports.take(old.http_port);
    }
  }
  std::vector<PlannedProcess*> fresh;
  for (PlannedProcess& p : plan.processes) {
    const PlannedProcess* old = previous ? previous->find(p.kind, p.cluster, p.key) : nullptr;
    if (!keep_ports(p, old)) fresh.push_back(&p);
  }
  // Containers first: their ports are the operator's; content nodes take what is left.
  std::stable_partition(fresh.begin(), fresh.end(),
                        [](const PlannedProcess* p) { return p->kind == ProcessKind::kContainer; });
  for (PlannedProcess* p : fresh) GROVE_RETURN_IF_ERROR(assign_new(*p, ports, options));
  return plan;
}

}  // namespace grove::deploy
