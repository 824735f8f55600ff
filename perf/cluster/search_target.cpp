#include "perf/cluster/search_target.h"

#include <fmt/format.h>

namespace grove::perf {

namespace {

// A YQL string literal: double quotes, with quote and backslash escaped.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string text_part(const Query& q, const std::string& field) {
  if (q.op == QueryOp::kPhrase) {
    std::string args;
    for (const std::string& t : q.terms) args += (args.empty() ? "" : ", ") + quoted(t);
    return fmt::format("{} contains phrase({})", field, args);
  }
  std::string_view glue = q.op == QueryOp::kAnd ? " and " : " or ";
  std::string out;
  for (const std::string& t : q.terms) {
    if (!out.empty()) out += glue;
    out += fmt::format("{} contains {}", field, quoted(t));
  }
  // Parenthesized so that a filter joined with "and" applies to the whole OR.
  return q.op == QueryOp::kOr && q.terms.size() > 1 ? "(" + out + ")" : out;
}

std::string order_by(const std::vector<SortKey>& sort) {
  std::string out;
  for (const SortKey& key : sort) {
    out += out.empty() ? " order by " : ", ";
    out += key.field + (key.descending ? " desc" : "");
  }
  return out;
}

}  // namespace

std::string to_yql(const Query& query, const SearchTarget& target) {
  std::string where = text_part(query, target.text_field);
  if (query.filter.has_value()) {
    const RangeFilter& f = *query.filter;
    where += fmt::format(" and range({}, {}, {})", f.field, f.lo, f.hi);
  }
  return fmt::format("select {} from sources {} where {}{}", target.select, target.sources, where,
                     order_by(query.sort));
}

std::string percent_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string search_target(const Query& query, const SearchTarget& target) {
  return fmt::format("/search/?yql={}&hits={}&ranking={}&trace.level={}",
                     percent_encode(to_yql(query, target)), target.hits,
                     percent_encode(target.ranking), target.trace_level);
}

}  // namespace grove::perf
