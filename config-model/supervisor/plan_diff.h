#pragma once

// What the supervisor does with its processes when a new generation's plan arrives: the pure
// decision, separate from the processes themselves (docs/supervisor.md, "New generations").
//
//   kept       in both plans with the same kind, cluster, key, ports and data dir: it keeps
//              running and applies the new generation itself (--configserver);
//   restarted  in both, but its ports or data dir changed;
//   started    only in the new plan;
//   stopped    only in the old plan, a container;
//   retained   only in the old plan, a content node: it keeps running until the cluster state
//              no longer needs it (retired and drained), which is not implemented yet.
//
// Usage:
//   for (const PlanStep& step : diff_plans(old_plan_or_null, new_plan)) act(step);
//
// Pure functions (thread-safe).

#include <string>
#include <string_view>
#include <vector>

#include "config-model/deploy/process_plan.h"

namespace grove::supervisor {

enum class PlanAction { kKeep, kRestart, kStart, kStop, kRetain };

// "keep", "restart", "start", "stop", "retain".
std::string_view plan_action_name(PlanAction action);

struct PlanStep {
  PlanAction action = PlanAction::kKeep;
  // The process as the new plan has it; as the old plan had it for kStop and kRetain.
  deploy::PlannedProcess process;
};

// The steps for going from `old_plan` (nullptr: nothing runs yet) to `new_plan`: the new plan's
// processes in its order, then the removed ones in the old plan's order.
std::vector<PlanStep> diff_plans(const deploy::ProcessPlan* old_plan, const deploy::ProcessPlan& new_plan);

// "<kind>-<cluster>-<key>", e.g. "content-music-0": the process's name in logs, file names and
// the processes API.
std::string process_name(const deploy::PlannedProcess& p);

}  // namespace grove::supervisor
