// ProcessPlan::to_json() and parse_json() (docs/process-plan.md).

#include <fmt/format.h>
#include <simdjson.h>

#include <set>

#include "config-model/deploy/process_plan.h"
#include "services/base/json_writer.h"

namespace grove::deploy {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

Status field_error(size_t index, std::string_view field, std::string_view what) {
  return Status::InvalidArgument(
      fmt::format("process plan: processes[{}].{}: {}", index, field, what));
}

Result<std::string> string_field(object o, size_t index, std::string_view field) {
  std::string_view value;
  if (o[field].get(value)) return field_error(index, field, "missing or not a string");
  return std::string(value);
}

Result<uint64_t> number_field(object o, size_t index, std::string_view field, uint64_t max) {
  uint64_t value = 0;
  if (o[field].get(value)) return field_error(index, field, "missing or not a whole number >= 0");
  if (value > max) return field_error(index, field, fmt::format("{} is more than {}", value, max));
  return value;
}

Result<uint16_t> port_field(object o, size_t index, std::string_view field, bool required) {
  GROVE_ASSIGN_OR_RETURN(uint64_t port, number_field(o, index, field, 65535));
  if (required && port == 0) return field_error(index, field, "0 is not a port");
  return static_cast<uint16_t>(port);
}

Result<PlannedProcess> parse_process(element e, size_t index) {
  object o;
  if (e.get(o)) return field_error(index, "", "not an object");
  PlannedProcess p;
  GROVE_ASSIGN_OR_RETURN(std::string kind, string_field(o, index, "kind"));
  if (kind != "content" && kind != "container") {
    return field_error(index, "kind", fmt::format("'{}' is neither content nor container", kind));
  }
  p.kind = kind == "content" ? ProcessKind::kContent : ProcessKind::kContainer;
  bool content = p.kind == ProcessKind::kContent;
  GROVE_ASSIGN_OR_RETURN(p.cluster, string_field(o, index, "cluster"));
  GROVE_ASSIGN_OR_RETURN(uint64_t key, number_field(o, index, content ? "key" : "index", 65535));
  p.key = static_cast<uint16_t>(key);
  GROVE_ASSIGN_OR_RETURN(p.hostalias, string_field(o, index, "hostalias"));
  GROVE_ASSIGN_OR_RETURN(p.hostname, string_field(o, index, "hostname"));
  GROVE_ASSIGN_OR_RETURN(p.http_port, port_field(o, index, "http-port", true));
  if (content) {
    GROVE_ASSIGN_OR_RETURN(p.thrift_port, port_field(o, index, "thrift-port", true));
    GROVE_ASSIGN_OR_RETURN(p.data_dir, string_field(o, index, "data-dir"));
  } else {
    GROVE_ASSIGN_OR_RETURN(p.requested_port, port_field(o, index, "requested-port", true));
  }
  return p;
}

Status check_unique(const ProcessPlan& plan) {
  std::set<uint16_t> ports;
  for (const PlannedProcess& p : plan.processes) {
    for (uint16_t port : {p.thrift_port, p.http_port}) {
      if (port != 0 && !ports.insert(port).second) {
        return Status::InvalidArgument(fmt::format("process plan: port {} is used twice (again by {})",
                                                   port, p.describe()));
      }
    }
    if (plan.find(p.kind, p.cluster, p.key) != &p) {
      return Status::InvalidArgument(fmt::format("process plan: {} is listed twice", p.describe()));
    }
  }
  return Status::Ok();
}

}  // namespace

std::string ProcessPlan::to_json() const {
  JsonWriter w;
  w.begin_object().key("generation").number(generation).key("processes").begin_array();
  for (const PlannedProcess& p : processes) {
    bool content = p.kind == ProcessKind::kContent;
    w.begin_object().key("kind").string(process_kind_name(p.kind)).key("cluster").string(p.cluster);
    w.key(content ? "key" : "index").number(unsigned{p.key});
    w.key("hostalias").string(p.hostalias).key("hostname").string(p.hostname);
    if (content) w.key("thrift-port").number(unsigned{p.thrift_port});
    w.key("http-port").number(unsigned{p.http_port});
    if (content) {
      w.key("data-dir").string(p.data_dir);
    } else {
      w.key("requested-port").number(unsigned{p.requested_port});
    }
    w.end_object();
  }
  w.end_array().end_object();
  return std::move(w).take();
}

Result<ProcessPlan> ProcessPlan::parse_json(std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.parse(json.data(), json.size()).get(root)) {
    return Status::InvalidArgument(fmt::format("process plan: not JSON: {}", simdjson::error_message(error)));
  }
  ProcessPlan plan;
  if (root["generation"].get(plan.generation)) {
    return Status::InvalidArgument("process plan: 'generation' is missing or not a whole number >= 0");
  }
  simdjson::dom::array processes;
  if (root["processes"].get(processes)) {
    return Status::InvalidArgument("process plan: 'processes' is missing or not an array");
  }
  size_t index = 0;
  for (element e : processes) {
    GROVE_ASSIGN_OR_RETURN(PlannedProcess p, parse_process(e, index++));
    plan.processes.push_back(std::move(p));
  }
  GROVE_RETURN_IF_ERROR(check_unique(plan));
  return plan;
}

}  // namespace grove::deploy
