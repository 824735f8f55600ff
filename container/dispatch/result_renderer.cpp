#include "container/dispatch/result_renderer.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <simdjson.h>

#include "services/base/json_writer.h"

namespace grove::container {

namespace {

void write_errors(JsonWriter& w, const std::vector<query::QueryError>& errors) {
  w.key("errors").begin_array();
  for (const query::QueryError& e : errors) {
    w.begin_object();
    w.key("code").number(e.code);
    w.key("summary").string(e.summary);
    w.key("message").string(e.message);
    w.end_object();
  }
  w.end_array();
}

// The hit's fields: sddocname first, then the summary fields of the docsum.
std::string hit_fields(const std::string& document_type, const std::string& fields_json) {
  std::string out = "{\"sddocname\":";
  JsonWriter::append_quoted(out, document_type);
  size_t open = fields_json.find('{');
  if (open == std::string::npos) return out + "}";
  std::string_view rest = std::string_view(fields_json).substr(open + 1);
  size_t first = rest.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && rest[first] != '}') out += ',';
  out += rest;
  return out;
}

// hit_fields() narrowed to `selected`, in the order the summary has them.
std::string selected_fields(const std::string& document_type, const std::string& fields_json,
                            const std::vector<std::string>& selected) {
  thread_local simdjson::dom::parser parser;  // reused: its buffers outlive one hit
  simdjson::dom::object object;
  if (parser.parse(fields_json).get(object)) return hit_fields(document_type, "{}");
  JsonWriter w;
  w.begin_object().key("sddocname").string(document_type);
  for (auto [key, value] : object) {
    if (std::find(selected.begin(), selected.end(), key) == selected.end()) continue;
    w.key(key).raw(simdjson::minify(value));
  }
  w.end_object();
  return std::move(w).take();
}

// The "documentid" the content node puts first in every summary, if present.
std::optional<std::string> document_id_of(std::string_view fields_json) {
  constexpr std::string_view kKey = "{\"documentid\":\"";
  if (!fields_json.starts_with(kKey)) return std::nullopt;
  std::string id;
  for (size_t i = kKey.size(); i < fields_json.size(); ++i) {
    char c = fields_json[i];
    if (c == '"') return id;
    if (c == '\\') return std::nullopt;  // escaped ids are rare; fall back to the index id
    id += c;
  }
  return std::nullopt;
}

void write_children(JsonWriter& w, const SearchResult& r) {
  w.key("children").begin_array();
  for (size_t i = 0; i < r.hits.size(); ++i) {
    w.begin_object();
    std::optional<std::string> id = document_id_of(r.fields_json[i]);
    w.key("id").string(id ? *id : hit_id(r.cluster, r.hits[i]));
    w.key("relevance").number(r.hits[i].relevance);
    w.key("source").string(r.cluster);
    w.key("fields").raw(r.select_fields.empty()
                            ? hit_fields(r.document_type, r.fields_json[i])
                            : selected_fields(r.document_type, r.fields_json[i], r.select_fields));
    w.end_object();
  }
  w.end_array();
}

void write_trace(JsonWriter& w, const std::string& cluster, const QueryTrace& t) {
  w.key("trace").begin_object();
  w.key("children").begin_array();
  for (const QueryTrace::NodeTime& n : t.nodes) {
    w.begin_object().key("message").string(fmt::format(
        "content node {}:{}: {} matched in {:.3f} ms (round trip {:.3f} ms)", cluster, n.key,
        n.matched, n.search_ms, n.rtt_ms));
    w.end_object();
  }
  w.end_array();
  w.key("timing").begin_object();
  w.key("stats_ms").number(t.stats_ms);
  w.key("search_ms").number(t.search_ms);
  w.key("fill_ms").number(t.fill_ms);
  w.key("total_ms").number(t.total_ms);
  w.end_object();
  w.key("nodes").begin_array();
  for (const QueryTrace::NodeTime& n : t.nodes) {
    w.begin_object();
    w.key("key").number(static_cast<uint64_t>(n.key));
    w.key("search_ms").number(n.search_ms);
    w.key("rtt_ms").number(n.rtt_ms);
    w.key("matched").number(n.matched);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace

std::string hit_id(const std::string& cluster, const dispatch::Hit& hit) {
  std::string out = fmt::format("index:{}/{}/", cluster, hit.node);
  for (uint8_t b : hit.gid) out += fmt::format("{:02x}", b);
  return out;
}

std::string render_search_result(const SearchResult& r) {
  JsonWriter w;
  w.begin_object().key("root").begin_object();
  w.key("id").string("toplevel");
  w.key("relevance").number(1.0);
  w.key("fields").begin_object();
  w.key("totalCount").number(r.total_count);
  w.key("searchGroup").number(static_cast<uint64_t>(r.search_group));
  w.end_object();
  w.key("coverage");
  r.coverage.write_json(w);
  if (!r.errors.empty()) write_errors(w, r.errors);
  if (!r.hits.empty()) write_children(w, r);
  if (r.trace) write_trace(w, r.cluster, *r.trace);
  w.end_object().end_object();
  return std::move(w).take();
}

}  // namespace grove::container
