#include "perf/common/query.h"

#include <fmt/format.h>

#include "perf/common/simple_tokenizer.h"
#include "services/base/parse_number.h"

namespace grove::perf {

namespace {

constexpr size_t kMaxTerms = 16;

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(sep, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool valid_field_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

Status parse_op(std::string_view type, QueryOp& op) {
  std::string_view base = type.substr(0, type.find('+'));
  while (!base.empty() && base.back() >= '0' && base.back() <= '9') base.remove_suffix(1);
  for (QueryOp candidate : {QueryOp::kAnd, QueryOp::kOr, QueryOp::kPhrase}) {
    if (base != op_name(candidate)) continue;
    op = candidate;
    return Status::Ok();
  }
  return Status::InvalidArgument(fmt::format("unknown query type '{}'", type));
}

// A term is lowercase: ASCII lowercase letters, digits and bytes >= 0x80 (see
// simple_tokenizer.h), so that every engine reads it as one word.
bool valid_term(std::string_view term) {
  if (term.empty()) return false;
  for (unsigned char c : term) {
    if (!is_token_byte(c) || (c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

Result<std::vector<std::string>> parse_terms(std::string_view text) {
  std::vector<std::string> terms;
  if (text.empty()) return Status::InvalidArgument("no terms");
  for (std::string_view t : split(text, ' ')) {
    if (!valid_term(t)) {
      return Status::InvalidArgument(
          fmt::format("bad term '{}' (terms are lowercase words separated by single spaces)", t));
    }
    terms.emplace_back(t);
  }
  if (terms.size() > kMaxTerms) return Status::InvalidArgument("too many terms");
  return terms;
}

// FIELD:LO..HI
Result<std::optional<RangeFilter>> parse_filter(std::string_view text) {
  if (text == "-") return std::optional<RangeFilter>();
  size_t colon = text.find(':');
  size_t dots = text.find("..", colon == std::string_view::npos ? 0 : colon);
  RangeFilter f;
  if (colon == std::string_view::npos || dots == std::string_view::npos ||
      !valid_field_name(text.substr(0, colon)) ||
      !parse_number(text.substr(colon + 1, dots - colon - 1), f.lo) ||
      !parse_number(text.substr(dots + 2), f.hi) || f.lo > f.hi) {
    return Status::InvalidArgument(fmt::format("bad filter '{}' (want FIELD:LO..HI)", text));
  }
  f.field = std::string(text.substr(0, colon));
  return std::optional<RangeFilter>(std::move(f));
}

// FIELD[,FIELD...], each optionally prefixed by '-' for descending.
Result<std::vector<SortKey>> parse_sort(std::string_view text) {
  std::vector<SortKey> keys;
  if (text == "-") return keys;
  for (std::string_view part : split(text, ',')) {
    SortKey key;
    if (!part.empty() && part[0] == '-') {
      key.descending = true;
      part.remove_prefix(1);
    }
    if (!valid_field_name(part)) return Status::InvalidArgument(fmt::format("bad sort '{}'", text));
    key.field = std::string(part);
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace

std::string_view op_name(QueryOp op) {
  switch (op) {
    case QueryOp::kAnd:
      return "and";
    case QueryOp::kOr:
      return "or";
    case QueryOp::kPhrase:
      return "phrase";
  }
  return "?";
}

std::string Query::type() const {
  std::string out = fmt::format("{}{}", op_name(op), terms.size());
  if (filter) out += "+filter";
  if (!sort.empty()) out += "+sort";
  return out;
}

Result<Query> parse_query(std::string_view line) {
  std::vector<std::string_view> columns = split(line, '\t');
  if (columns.size() < 2 || columns.size() > 4) {
    return Status::InvalidArgument("want TYPE<TAB>TERMS[<TAB>FILTER[<TAB>SORT]]");
  }
  Query q;
  GROVE_RETURN_IF_ERROR(parse_op(columns[0], q.op));
  GROVE_ASSIGN_OR_RETURN(q.terms, parse_terms(columns[1]));
  if (columns.size() > 2) {
    GROVE_ASSIGN_OR_RETURN(q.filter, parse_filter(columns[2]));
  }
  if (columns.size() > 3) {
    GROVE_ASSIGN_OR_RETURN(q.sort, parse_sort(columns[3]));
  }
  if (q.op == QueryOp::kPhrase && q.terms.size() < 2) {
    return Status::InvalidArgument("a phrase needs at least two terms");
  }
  if (q.type() != columns[0]) {
    return Status::InvalidArgument(
        fmt::format("type '{}' does not match the line (it reads as '{}')", columns[0], q.type()));
  }
  return q;
}

std::string format_query(const Query& q) {
  std::string out = q.type();
  out += '\t';
  for (size_t i = 0; i < q.terms.size(); ++i) {
    if (i > 0) out += ' ';
    out += q.terms[i];
  }
  out += '\t';
  out += q.filter ? fmt::format("{}:{}..{}", q.filter->field, q.filter->lo, q.filter->hi) : "-";
  out += '\t';
  if (q.sort.empty()) out += '-';
  for (size_t i = 0; i < q.sort.size(); ++i) {
    if (i > 0) out += ',';
    if (q.sort[i].descending) out += '-';
    out += q.sort[i].field;
  }
  return out;
}

}  // namespace grove::perf
