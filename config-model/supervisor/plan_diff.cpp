#include "config-model/supervisor/plan_diff.h"

#include <fmt/format.h>

namespace grove::supervisor {

using deploy::PlannedProcess;
using deploy::ProcessKind;

namespace {

bool same_placement(const PlannedProcess& a, const PlannedProcess& b) {
  return a.thrift_port == b.thrift_port && a.http_port == b.http_port && a.data_dir == b.data_dir;
}

}  // namespace

std::string_view plan_action_name(PlanAction action) {
  switch (action) {
    case PlanAction::kKeep: return "keep";
    case PlanAction::kRestart: return "restart";
    case PlanAction::kStart: return "start";
    case PlanAction::kStop: return "stop";
    case PlanAction::kRetain: return "retain";
  }
  return "?";
}

std::vector<PlanStep> diff_plans(const deploy::ProcessPlan* old_plan, const deploy::ProcessPlan& new_plan) {
  std::vector<PlanStep> steps;
  for (const PlannedProcess& p : new_plan.processes) {
    const PlannedProcess* old = old_plan ? old_plan->find(p.kind, p.cluster, p.key) : nullptr;
    PlanAction action = old == nullptr ? PlanAction::kStart
                        : same_placement(*old, p) ? PlanAction::kKeep
                                                  : PlanAction::kRestart;
    steps.push_back({action, p});
  }
  if (old_plan == nullptr) return steps;
  for (const PlannedProcess& old : old_plan->processes) {
    if (new_plan.find(old.kind, old.cluster, old.key) != nullptr) continue;
    steps.push_back({old.kind == ProcessKind::kContent ? PlanAction::kRetain : PlanAction::kStop, old});
  }
  return steps;
}

std::string process_name(const PlannedProcess& p) {
  return fmt::format("{}-{}-{}", deploy::process_kind_name(p.kind), p.cluster, p.key);
}

}  // namespace grove::supervisor
