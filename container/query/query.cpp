#include "container/query/query.h"

#include <fmt/format.h>

namespace grove::query {

namespace {

void append_list(std::string& out, const std::vector<std::string>& names) {
  if (names.empty()) {
    out += '*';
    return;
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
}

void append_order(std::string& out, const std::vector<SortKey>& order) {
  if (order.empty()) return;
  out += " order by ";
  for (size_t i = 0; i < order.size(); ++i) {
    if (i > 0) out += ", ";
    out += order[i].attribute;
    out += order[i].ascending ? " asc" : " desc";
  }
}

void append_number(std::string& out, std::string_view name, const std::optional<int32_t>& v) {
  if (v) fmt::format_to(std::back_inserter(out), " {} {}", name, *v);
}

}  // namespace

std::string Query::to_string() const {
  std::string out = "select ";
  append_list(out, select_fields);
  out += " from sources ";
  append_list(out, sources);
  out += " where ";
  out += root.to_string();
  append_order(out, order_by);
  append_number(out, "hits", hits);
  append_number(out, "offset", offset);
  append_number(out, "timeout", timeout_ms);
  return out;
}

}  // namespace grove::query
