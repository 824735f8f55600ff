#include "container/server/search_params.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <map>

#include "container/query/request_timeout.h"
#include "services/base/parse_number.h"

namespace grove::container {

namespace {

using ParamMap = std::map<std::string, std::string, std::less<>>;

Status invalid(std::string_view name, std::string_view value, std::string_view why) {
  return Status::InvalidArgument(fmt::format("Invalid '{}' value '{}': {}", name, value, why));
}

void flatten_json(simdjson::dom::element e, const std::string& prefix, ParamMap& out) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::OBJECT: {
      simdjson::dom::object object;
      if (e.get_object().get(object) != simdjson::SUCCESS) return;
      for (auto field : object) {
        std::string name = prefix.empty() ? std::string(field.key)
                                          : prefix + "." + std::string(field.key);
        flatten_json(field.value, name, out);
      }
      return;
    }
    case element_type::STRING: out[prefix] = std::string(e.get_string().value_unsafe()); return;
    case element_type::BOOL: out[prefix] = e.get_bool().value_unsafe() ? "true" : "false"; return;
    case element_type::NULL_VALUE: return;
    default: out[prefix] = simdjson::minify(e); return;
  }
}

Status read_json_body(const std::string& body, ParamMap& out) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body).get(root) != simdjson::SUCCESS || !root.is_object()) {
    return Status::InvalidArgument("the request body is not a JSON object");
  }
  flatten_json(root, "", out);
  return Status::Ok();
}

void read_form_body(std::string_view body, ParamMap& out) {
  while (!body.empty()) {
    size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    size_t eq = pair.find('=');
    if (pair.empty()) continue;
    std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    out[http::url_decode(pair.substr(0, eq), true)] = http::url_decode(value, true);
  }
}

Result<ParamMap> collect(const http::HttpRequest& request) {
  ParamMap out;
  for (const auto& [name, value] : request.query) out[name] = value;
  if (request.method != "POST" || request.body.empty()) return out;
  std::string type = request.header("Content-Type");
  if (type.find("json") != std::string::npos || request.body.front() == '{') {
    GROVE_RETURN_IF_ERROR(read_json_body(request.body, out));
  } else {
    read_form_body(request.body, out);
  }
  return out;
}

const std::string* find(const ParamMap& params, std::string_view name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

Result<std::optional<uint32_t>> read_count(const ParamMap& params, std::string_view name,
                                           uint32_t max) {
  const std::string* text = find(params, name);
  if (text == nullptr) return std::optional<uint32_t>();
  uint32_t value = 0;
  if (!parse_number(*text, value)) return invalid(name, *text, "expected a non-negative integer");
  if (value > max) return invalid(name, *text, fmt::format("must be at most {}", max));
  return std::optional<uint32_t>(value);
}

Result<bool> read_bool(std::string_view name, const std::string& text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return invalid(name, text, "expected true or false");
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

void read_query_text(const ParamMap& params, SearchParams& out) {
  if (const std::string* v = find(params, "yql")) out.query.yql = *v;
  if (const std::string* v = find(params, "query")) out.query.query = *v;
  if (const std::string* v = find(params, "model.defaultIndex")) out.query.default_index = *v;
  if (const std::string* v = find(params, "model.type")) out.query.type = *v;
  if (const std::string* v = find(params, "model.restrict")) out.restrict = split_list(*v);
  if (const std::string* v = find(params, "presentation.summary")) out.summary = *v;
  if (const std::string* v = find(params, "ranking")) out.rank_profile = *v;
  if (const std::string* v = find(params, "ranking.profile")) out.rank_profile = *v;
  for (const auto& [name, value] : params) out.query.parameters.emplace(name, value);
}

Status read_numbers(const ParamMap& params, SearchParams& out) {
  GROVE_ASSIGN_OR_RETURN(out.hits, read_count(params, "hits", kMaxHits));
  GROVE_ASSIGN_OR_RETURN(out.offset, read_count(params, "offset", kMaxOffset));
  if (const std::string* v = find(params, "model.searchGroup")) {
    size_t group = 0;
    if (!parse_number(*v, group)) return invalid("model.searchGroup", *v, "expected a group index");
    out.search_group = group;
  }
  if (const std::string* v = find(params, "trace.level")) {
    if (!parse_number(*v, out.trace_level)) return invalid("trace.level", *v, "expected an integer");
  }
  if (const std::string* v = find(params, "timeout")) {
    GROVE_ASSIGN_OR_RETURN(out.timeout, query::parse_timeout(*v));
  }
  if (const std::string* v = find(params, "ranking.globalStats")) {
    GROVE_ASSIGN_OR_RETURN(out.global_stats, read_bool("ranking.globalStats", *v));
  }
  if (const std::string* v = find(params, "dispatch.topKProbability")) {
    double p = 0;
    if (!parse_double(*v, p) || !(p > 0 && p <= 1)) {
      return invalid("dispatch.topKProbability", *v, "expected a number in (0, 1]");
    }
    out.top_k_probability = p;
  }
  return Status::Ok();
}

}  // namespace

Result<SearchParams> parse_search_params(const http::HttpRequest& request) {
  GROVE_ASSIGN_OR_RETURN(ParamMap params, collect(request));
  SearchParams out;
  read_query_text(params, out);
  GROVE_RETURN_IF_ERROR(read_numbers(params, out));
  return out;
}

}  // namespace grove::container
