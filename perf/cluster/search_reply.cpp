#include "perf/cluster/search_reply.h"

#include <fmt/format.h>

#include <algorithm>

namespace grove::perf {

namespace {

using simdjson::dom::element;

double number_of(element e) {
  double d = 0;
  if (e.get_double().get(d) == simdjson::SUCCESS) return d;
  int64_t i = 0;
  if (e.get_int64().get(i) == simdjson::SUCCESS) return static_cast<double>(i);
  uint64_t u = 0;
  if (e.get_uint64().get(u) == simdjson::SUCCESS) return static_cast<double>(u);
  return -1;
}

uint32_t array_size(element root, const char* key) {
  simdjson::dom::array items;
  if (root[key].get_array().get(items) != simdjson::SUCCESS) return 0;
  return static_cast<uint32_t>(items.size());
}

double max_search_ms(element root) {
  simdjson::dom::array nodes;
  if (root.at_pointer("/trace/nodes").get_array().get(nodes) != simdjson::SUCCESS) return -1;
  double slowest = -1;
  for (element node : nodes) {
    element ms;
    if (node["search_ms"].get(ms) == simdjson::SUCCESS) slowest = std::max(slowest, number_of(ms));
  }
  return slowest;
}

// A number at `pointer` below `root`; -1 when absent.
double number_at(element root, const char* pointer) {
  element e;
  if (root.at_pointer(pointer).get(e) != simdjson::SUCCESS) return -1;
  return number_of(e);
}

ContainerTiming timing_of(element root) {
  return {.stats_ms = number_at(root, "/trace/timing/stats_ms"),
          .search_ms = number_at(root, "/trace/timing/search_ms"),
          .fill_ms = number_at(root, "/trace/timing/fill_ms"),
          .total_ms = number_at(root, "/trace/timing/total_ms")};
}

}  // namespace

Result<SearchFacts> SearchReplyReader::read(std::string_view body) {
  element doc;
  if (auto error = parser_.parse(body.data(), body.size()).get(doc)) {
    return Status::InvalidArgument(
        fmt::format("not JSON ({}): {}", simdjson::error_message(error), body.substr(0, 200)));
  }
  element root;
  if (doc["root"].get(root) != simdjson::SUCCESS || !root.is_object()) {
    return Status::InvalidArgument(fmt::format("no root object: {}", body.substr(0, 200)));
  }
  SearchFacts facts;
  facts.hits = array_size(root, "children");
  facts.errors = array_size(root, "errors");
  bool full = true;
  if (root.at_pointer("/coverage/full").get_bool().get(full) == simdjson::SUCCESS) {
    facts.coverage_full = full;
  }
  facts.max_node_search_ms = max_search_ms(root);
  facts.timing = timing_of(root);
  return facts;
}

}  // namespace grove::perf
