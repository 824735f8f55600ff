#include "perf/common/query_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace grove::perf {

namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

}  // namespace

std::vector<std::string> QuerySet::types() const {
  std::vector<std::string> out;
  for (const Query& q : queries) add_unique(out, q.type());
  return out;
}

std::optional<std::string> QuerySet::header_value(std::string_view key) const {
  for (const std::string& line : header) {
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 &&
        line[key.size()] == '=') {
      return line.substr(key.size() + 1);
    }
  }
  return std::nullopt;
}

std::vector<std::string> QuerySet::numeric_fields() const {
  std::vector<std::string> out;
  for (const Query& q : queries) {
    if (q.filter) add_unique(out, q.filter->field);
    for (const SortKey& key : q.sort) add_unique(out, key.field);
  }
  return out;
}

Result<QuerySet> parse_query_set(std::string_view text, std::string_view name) {
  QuerySet set;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line[0] == '#') {
      line.remove_prefix(1);
      if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
      set.header.emplace_back(line);
      continue;
    }
    Result<Query> q = parse_query(line);
    if (!q.ok()) {
      return Status::InvalidArgument(
          fmt::format("{}:{}: {}", name, line_number, q.status().message()));
    }
    set.queries.push_back(std::move(q).value());
  }
  return set;
}

Result<QuerySet> read_query_set(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("{}: cannot open the query file", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError(fmt::format("{}: read failed", path));
  return parse_query_set(text.str(), path);
}

std::string format_query_set(const QuerySet& set) {
  std::string out;
  for (const std::string& line : set.header) out += fmt::format("# {}\n", line);
  for (const Query& q : set.queries) {
    out += format_query(q);
    out += '\n';
  }
  return out;
}

Status write_query_set(const std::string& path, const QuerySet& set) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << format_query_set(set);
    out.flush();
    if (!out) return Status::IoError(fmt::format("{}: write failed", tmp));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::IoError(fmt::format("{}: cannot rename to {}", tmp, path));
  }
  return Status::Ok();
}

}  // namespace grove::perf
