#include "config-model/schema/sd_parser.h"

#include <array>
#include <charconv>

namespace grove::schema {
namespace {

// Keywords that open a new element of an enclosing block. Met at the start of a line inside a
// block where they are not valid, they most likely mean a missing '}'.
bool is_structural(std::string_view word) {
  static constexpr std::array<std::string_view, 9> kWords = {
      "schema",           "search",       "document",    "field",       "fieldset",
      "document-summary", "rank-profile", "first-phase", "second-phase"};
  for (auto w : kWords) {
    if (w == word) return true;
  }
  return false;
}

}  // namespace

// --- plumbing -------------------------------------------------------------------------------

std::string SdParser::describe(const SdToken& t) {
  return t.kind == SdToken::Kind::kEnd ? "end of file" : "'" + std::string(t.text) + "'";
}

bool SdParser::accept(std::string_view text) {
  if (!lexer_.peek().is(text)) return false;
  lexer_.next();
  return true;
}

bool SdParser::expect(std::string_view punct, std::string_view context) {
  if (accept(punct)) return true;
  const SdToken& t = lexer_.peek();
  sink_.error(t.line, "expected '" + std::string(punct) + "' " + std::string(context) +
                          " but found " + describe(t));
  return false;
}

std::optional<std::string> SdParser::expect_name(std::string_view what) {
  const SdToken& t = lexer_.peek();
  if (t.is_word()) return std::string(lexer_.next().text);
  sink_.error(t.line, "expected " + std::string(what) + " but found " + describe(t));
  return std::nullopt;
}

std::vector<std::string> SdParser::name_list(std::string_view what) {
  std::vector<std::string> names;
  do {
    std::optional<std::string> name = expect_name(what);
    if (!name) break;
    names.push_back(*name);
  } while (accept(","));
  return names;
}

void SdParser::end_statement(const SdToken& keyword) {
  accept(";");
  const SdToken& t = lexer_.peek();
  if (t.first_on_line || t.is("}") || t.kind == SdToken::Kind::kEnd) return;
  sink_.error(t.line, "unexpected " + describe(t) + " after '" + std::string(keyword.text) +
                          "'; each setting goes on its own line");
  skip_statement();
}

void SdParser::skip_statement() {
  int depth = 0;
  while (true) {
    const SdToken& t = lexer_.peek();
    if (t.kind == SdToken::Kind::kEnd) return;
    if (depth == 0 && t.is("}")) return;
    if (depth == 0 && t.first_on_line && !t.is("{")) return;
    if (t.is("{")) ++depth;
    if (t.is("}")) --depth;
    lexer_.next();
  }
}

void SdParser::skip_block() {
  int depth = 0;
  while (true) {
    SdToken t = lexer_.next();
    if (t.kind == SdToken::Kind::kEnd) return;
    if (t.is("{")) ++depth;
    if (t.is("}") && depth-- == 0) return;
  }
}

void SdParser::parse_block(const std::string& context, const ElementFn& on_element) {
  SdToken open = lexer_.peek();
  if (!at("{")) {
    sink_.error(open.line, "expected '{' to open " + context + " but found " + describe(open));
    // Recover when the block still opens later on the line (e.g. after a mistyped type).
    while (!at("{") && !at("}") && !lexer_.peek().first_on_line &&
           lexer_.peek().kind != SdToken::Kind::kEnd) {
      lexer_.next();
    }
    if (!at("{")) return;
    open = lexer_.peek();
  }
  lexer_.next();
  ++block_depth_;
  parse_elements(context, open.line, on_element);
  --block_depth_;
}

void SdParser::parse_elements(const std::string& context, int open_line,
                              const ElementFn& on_element) {
  while (true) {
    SdToken t = lexer_.peek();
    if (accept("}")) return;
    if (t.kind == SdToken::Kind::kEnd) {
      sink_.error(t.line, "expected '}' to close " + context + " (opened at line " +
                              std::to_string(open_line) + ") but found end of file");
      return;
    }
    if (accept(";")) continue;
    if (!t.is_word()) {
      sink_.error(t.line, "expected an element of " + context + " but found " + describe(t));
      lexer_.next();
      skip_statement();
      continue;
    }
    if (on_element(t)) continue;
    // Inside a nested block, a keyword of an enclosing block most likely means a missing '}'.
    if (block_depth_ > 1 && t.first_on_line && is_structural(t.text)) {
      sink_.error(t.line, "expected '}' to close " + context + " (opened at line " +
                              std::to_string(open_line) + ") but found " + describe(t));
      return;
    }
    sink_.error(t.line, "unknown element '" + std::string(t.text) + "' in " + context);
    lexer_.next();
    skip_statement();
  }
}

std::vector<SdParser::SettingItem> SdParser::read_settings(const SdToken& keyword) {
  std::vector<SettingItem> items;
  auto is_value = [](const SdToken& v) {
    return !v.first_on_line &&
           (v.is_word() || v.kind == SdToken::Kind::kNumber || v.kind == SdToken::Kind::kString);
  };
  if (accept(":")) {
    const SdToken& v = lexer_.peek();
    if (!is_value(v)) {
      sink_.error(v.line, "expected a value after '" + std::string(keyword.text) + ":' but found " +
                              describe(v));
      skip_statement();
      return items;
    }
    items.push_back(SettingItem{lexer_.next(), std::nullopt, false});
    end_statement(keyword);
    return items;
  }
  if (!at("{")) {
    const SdToken& t = lexer_.peek();
    sink_.error(t.line, "expected ':' or '{' after '" + std::string(keyword.text) + "' but found " +
                            describe(t));
    skip_statement();
    return items;
  }
  parse_block("'" + std::string(keyword.text) + "' settings", [&](const SdToken& t) {
    SettingItem item{lexer_.next(), std::nullopt, false};
    if (accept(":")) {
      if (is_value(lexer_.peek())) item.value = lexer_.next();
    } else if (accept("{")) {
      skip_block();
      item.has_block = true;
    }
    items.push_back(item);
    return true;
  });
  return items;
}

std::optional<RawText> SdParser::read_value_or_block(const SdToken& keyword) {
  if (accept(":")) return lexer_.read_line_value();
  if (accept("{")) {
    RawText raw = lexer_.read_block_body();
    if (!raw.closed) {
      sink_.error(raw.line, "expected '}' to close '" + std::string(keyword.text) +
                                " {' but found end of file");
    }
    return raw;
  }
  const SdToken& t = lexer_.peek();
  sink_.error(t.line, "expected ':' or '{' after '" + std::string(keyword.text) + "' but found " +
                          describe(t));
  skip_statement();
  return std::nullopt;
}

std::optional<int> SdParser::read_int(const SdToken& keyword) {
  if (!expect(":", "after '" + std::string(keyword.text) + "'")) {
    skip_statement();
    return std::nullopt;
  }
  bool negative = accept("-");
  const SdToken& t = lexer_.peek();
  int value = 0;
  auto res = std::from_chars(t.text.data(), t.text.data() + t.text.size(), value);
  if (t.kind != SdToken::Kind::kNumber || res.ec != std::errc() ||
      res.ptr != t.text.data() + t.text.size()) {
    sink_.error(t.line, "expected an integer after '" + std::string(keyword.text) +
                            ":' but found " + describe(t));
    skip_statement();
    return std::nullopt;
  }
  lexer_.next();
  end_statement(keyword);
  return negative ? -value : value;
}

std::string SdParser::named_construct(const SdToken& keyword) {
  const SdToken& t = lexer_.peek();
  if (t.is_word() && !t.first_on_line) {
    return std::string(keyword.text) + " '" + std::string(t.text) + "'";
  }
  return std::string(keyword.text);
}

void SdParser::reject(const SdToken& keyword, const std::string& construct) {
  lexer_.next();
  sink_.unsupported(keyword.line, construct.empty() ? named_construct(keyword) : construct);
  if (accept(":")) {
    lexer_.read_line_value();
    return;
  }
  skip_statement();
}

void SdParser::ignore_with_warning(const SdToken& keyword, const std::string& why) {
  lexer_.next();
  sink_.warning(keyword.line, "'" + std::string(keyword.text) + "' is ignored: " + why);
  if (accept(":")) {
    lexer_.read_line_value();
  } else if (accept("{")) {
    skip_block();
  } else {
    skip_statement();
  }
}

}  // namespace grove::schema
