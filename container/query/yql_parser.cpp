#include "container/query/yql_parser.h"

#include <fmt/format.h>

#include <charconv>

#include "container/query/yql_cursor.h"
#include "container/query/yql_expression_parser.h"

namespace grove::query {

namespace {

// The clauses around the expression: select, from, order by, limit, offset, timeout.
class ClauseParser {
 public:
  ClauseParser(YqlCursor& cursor, const YqlContext& context)
      : cursor_(cursor), context_(context) {}

  Query run() {
    cursor_.expect_keyword("select", "'select'");
    select();
    cursor_.expect_keyword("from", query_.select_fields.empty() ? "'from'" : "',' or 'from'");
    from();
    cursor_.expect_keyword("where", query_.sources.empty() ? "'where'" : "',' or 'where'");
    query_.root = YqlExpressionParser(cursor_, context_).parse();
    if (query_.root.size() > kMaxQueryItems) {
      cursor_.fail_at(cursor_.peek(), fmt::format("the query has {} items, more than the limit of {}",
                                                  query_.root.size(), kMaxQueryItems));
    }
    while (tail()) {
    }
    cursor_.accept_symbol(";");
    if (!cursor_.at_end()) cursor_.fail_expected(expected_after_where());
    paging();
    return std::move(query_);
  }

 private:
  void select() {
    if (cursor_.accept_symbol("*")) return;
    do {
      query_.select_fields.push_back(name("'*' or a field name"));
    } while (cursor_.accept_symbol(","));
  }

  void from() {
    if (cursor_.accept_keyword("sources")) {
      if (cursor_.accept_symbol("*")) return;
      do {
        query_.sources.push_back(name("'*' or a source name"));
      } while (cursor_.accept_symbol(","));
      return;
    }
    do {
      query_.sources.push_back(name("'sources' or a document type"));
    } while (cursor_.accept_symbol(","));
  }

  // One `order by`, `limit`, `offset` or `timeout` clause; false when there is none.
  bool tail() {
    const YqlToken& t = cursor_.peek();
    if (cursor_.accept_keyword("order")) {
      once(t, seen_order_);
      order_by();
    } else if (cursor_.accept_keyword("limit")) {
      once(t, limit_);
      limit_token_ = t;
      limit_ = whole_number();
    } else if (cursor_.accept_keyword("offset")) {
      once(t, query_.offset);
      query_.offset = whole_number();
    } else if (cursor_.accept_keyword("timeout")) {
      once(t, query_.timeout_ms);
      query_.timeout_ms = whole_number();
    } else {
      return false;
    }
    return true;
  }

  template <typename T>
  void once(const YqlToken& clause, const T& seen) {
    any_tail_ = true;
    if (seen) cursor_.fail_at(clause, fmt::format("'{}' is given twice", clause.text));
  }

  void order_by() {
    seen_order_ = true;
    cursor_.expect_keyword("by", "'by'");
    do {
      if (cursor_.at_symbol("[") || cursor_.at_symbol("{")) {
        cursor_.fail_at(cursor_.peek(), "sort functions and annotations are not supported");
      }
      SortKey key{name("an attribute name"), true};
      if (cursor_.accept_keyword("desc")) {
        key.ascending = false;
      } else {
        cursor_.accept_keyword("asc");
      }
      query_.order_by.push_back(std::move(key));
    } while (cursor_.accept_symbol(","));
  }

  int32_t whole_number() {
    const YqlToken& t = cursor_.peek();
    int32_t v = 0;
    auto [ptr, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
    if (t.kind != YqlTokenKind::kNumber || ec != std::errc() ||
        ptr != t.text.data() + t.text.size()) {
      cursor_.fail_expected(fmt::format("a whole number from 0 to {}", INT32_MAX));
    }
    cursor_.take();
    return v;
  }

  // Vespa's limit is the end position: hits = limit - offset.
  void paging() {
    if (!limit_) return;
    const int32_t offset = query_.offset.value_or(0);
    if (*limit_ < offset) {
      cursor_.fail_at(limit_token_,
                      fmt::format("limit {} is less than offset {}: limit is the end position, "
                                  "so hits = limit - offset",
                                  *limit_, offset));
    }
    query_.hits = *limit_ - offset;
  }

  std::string name(std::string_view what) {
    const YqlToken& t = cursor_.peek();
    static constexpr std::string_view kClauseWords[] = {"from", "where", "order", "limit",
                                                        "offset", "timeout", "select"};
    bool reserved = false;
    for (std::string_view w : kClauseWords) reserved = reserved || equals_ignore_case(t.text, w);
    if (t.kind != YqlTokenKind::kIdentifier || reserved) cursor_.fail_expected(what);
    return cursor_.take().text;
  }

  std::string expected_after_where() const {
    if (cursor_.previous().text == ";" && cursor_.previous().kind == YqlTokenKind::kSymbol) {
      return "the end of the query";
    }
    std::string out = any_tail_ ? "" : "'and', 'or', ";
    if (!seen_order_) out += "'order by', ";
    if (!limit_) out += "'limit', ";
    if (!query_.offset) out += "'offset', ";
    if (!query_.timeout_ms) out += "'timeout', ";
    return out + "';' or the end of the query";
  }

  YqlCursor& cursor_;
  const YqlContext& context_;
  Query query_;
  std::optional<int32_t> limit_;
  YqlToken limit_token_;
  bool seen_order_ = false;
  bool any_tail_ = false;
};

}  // namespace

Result<Query> parse_yql(std::string_view yql, const YqlContext& context) {
  GROVE_ASSIGN_OR_RETURN(std::vector<YqlToken> tokens, lex_yql(yql));
  YqlCursor cursor(yql, std::move(tokens));
  try {
    return ClauseParser(cursor, context).run();
  } catch (YqlParseFailure& failure) {
    return std::move(failure.status);
  }
}

}  // namespace grove::query
