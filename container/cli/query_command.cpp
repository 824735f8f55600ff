#include "container/cli/query_command.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "services/base/flags.h"
#include "container/feed/document_path.h"
#include "container/feed/endpoint.h"
#include "services/base/json_writer.h"
#include "services/http/http_client.h"

namespace grove::cli {

namespace {

constexpr const char* kUsage =
    "usage: grove query [--endpoint http://127.0.0.1:8080] [--raw] [--timeout S] QUERY "
    "[name=value...]\n"
    "QUERY starting with 'select' is YQL; anything else is the simple query language.\n"
    "Extra name=value parameters pass through, e.g. hits=20 ranking=popular model.searchGroup=1\n";

// The value at `r`, or `fallback` when it is missing or of another type.
template <typename T>
T value_or(simdjson::simdjson_result<simdjson::dom::element> r, T fallback) {
  T value{};
  return r.get(value) == simdjson::SUCCESS ? value : fallback;
}

// "select" as the first word, in any case.
bool is_yql(std::string_view query) {
  size_t start = query.find_first_not_of(" \t\n");
  if (start == std::string_view::npos || query.size() - start < 6) return false;
  std::string head(query.substr(start, 6));
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return head == "select" &&
         (query.size() - start == 6 || std::isspace(static_cast<unsigned char>(query[start + 6])));
}

// The summary fields of a hit without the two Grove adds to every hit.
// `text` on one line (whitespace runs become one space), cut at about `max` bytes on a UTF-8
// character boundary, with "..." when cut.
std::string one_line(std::string_view text, size_t max) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (out.size() >= max && (static_cast<unsigned char>(c) & 0xC0) != 0x80) return out + "...";
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The summary fields, one per line, long values shortened (--raw prints them whole).
std::string field_lines(simdjson::dom::object fields) {
  constexpr size_t kMaxValue = 100;
  std::string out;
  for (auto [key, value] : fields) {
    if (key == "sddocname" || key == "documentid") continue;
    std::string_view text;
    std::string shown = value.get(text) ? one_line(simdjson::minify(value), kMaxValue)
                                        : one_line(text, kMaxValue);
    out += fmt::format("     {}: {}\n", key, shown);
  }
  return out;
}

std::string coverage_line(simdjson::dom::element root) {
  simdjson::dom::element coverage;
  if (root["coverage"].get(coverage)) return "";
  return fmt::format(
      "  coverage {:g}% ({} documents, {} nodes{})", value_or(coverage["coverage"], 0.0),
      value_or<int64_t>(coverage["documents"], 0), value_or<int64_t>(coverage["nodes"], 0),
      value_or(coverage["full"], false) ? "" : ", degraded");
}

void format_hits(simdjson::dom::element root, std::string& text) {
  simdjson::dom::array children;
  if (root["children"].get(children)) return;
  size_t rank = 0;
  for (simdjson::dom::element hit : children) {
    text += fmt::format("{:3}. {:<12.6g} {}\n", ++rank, value_or(hit["relevance"], 0.0),
                        value_or(hit["id"], std::string_view()));
    simdjson::dom::object fields;
    if (!hit["fields"].get(fields)) text += field_lines(fields);
  }
}

}  // namespace

std::string search_target(std::string_view query,
                          const std::vector<std::pair<std::string, std::string>>& params) {
  std::string target =
      fmt::format("/search/?{}={}", is_yql(query) ? "yql" : "query", feed::url_encode(query));
  for (const auto& [name, value] : params)
    target += fmt::format("&{}={}", feed::url_encode(name), feed::url_encode(value));
  return target;
}

Result<FormattedResult> format_search_result(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) || root["root"].get(root)) {
    return Status::InvalidArgument(fmt::format("not a search result: {}", json.substr(0, 200)));
  }
  FormattedResult out;
  out.text = fmt::format("totalCount {}", value_or<int64_t>(root["fields"]["totalCount"], 0));
  out.text += coverage_line(root);
  int64_t group = 0;
  if (!root["fields"]["searchGroup"].get(group)) out.text += fmt::format("  searchGroup {}", group);
  out.text += "\n";
  format_hits(root, out.text);
  simdjson::dom::array errors;
  if (!root["errors"].get(errors)) {
    for (simdjson::dom::element e : errors) {
      out.errors.push_back(fmt::format("error {} ({}): {}", value_or<int64_t>(e["code"], 0),
                                       value_or(e["summary"], std::string_view()),
                                       value_or(e["message"], std::string_view())));
    }
  }
  return out;
}

int run_query(int argc, char** argv, std::FILE* out, std::FILE* err) {
  auto args = Flags::parse(
      argc, argv,
      {.with_value = {"endpoint", "timeout"}, .switches = {"raw"}, .positional = true});
  if (!args.ok() || args->help() || args->positional().empty()) {
    fmt::print(err, "grove query: {}\n{}", args.ok() ? "expected a QUERY" : args.status().message(),
               kUsage);
    return 2;
  }
  auto endpoint = feed::parse_endpoint(args->get("endpoint", "http://127.0.0.1:8080"));
  auto timeout = args->get_seconds("timeout", std::chrono::seconds(30));
  if (!endpoint.ok() || !timeout.ok()) {
    fmt::print(err, "grove query: {}\n{}",
               (endpoint.ok() ? timeout.status() : endpoint.status()).message(), kUsage);
    return 2;
  }
  std::vector<std::pair<std::string, std::string>> params;
  for (size_t i = 1; i < args->positional().size(); ++i) {
    const std::string& p = args->positional()[i];
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      fmt::print(err, "grove query: '{}' is not name=value\n{}", p, kUsage);
      return 2;
    }
    params.emplace_back(p.substr(0, eq), p.substr(eq + 1));
  }
  auto reply =
      http::http_request(endpoint->host, static_cast<uint16_t>(std::stoi(endpoint->port)), "GET",
                         search_target(args->positional()[0], params), {}, {},
                         std::chrono::duration_cast<std::chrono::milliseconds>(*timeout));
  if (!reply.ok()) {
    fmt::print(err, "grove query: {}\n", reply.status().message());
    return 1;
  }
  if (args->has("raw")) {
    fmt::print(out, "{}\n", reply->body);
    return reply->status == 200 ? 0 : 1;
  }
  auto formatted = format_search_result(reply->body);
  if (!formatted.ok()) {
    fmt::print(err, "grove query: HTTP {}: {}\n", reply->status, reply->body);
    return 1;
  }
  fmt::print(out, "{}", formatted->text);
  for (const std::string& e : formatted->errors) fmt::print(err, "{}\n", e);
  if (reply->status != 200) fmt::print(err, "grove query: HTTP {}\n", reply->status);
  return reply->status == 200 ? 0 : 1;
}

}  // namespace grove::cli
