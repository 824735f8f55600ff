// SdParser: rank profiles, their phases and functions.

#include <array>

#include "config-model/schema/rank_expression_parser.h"
#include "config-model/schema/sd_parser.h"

namespace grove::schema {
namespace {

bool one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  for (auto w : words) {
    if (w == word) return true;
  }
  return false;
}

// Rank-profile settings that only tune Vespa's execution; Grove accepts them with a warning.
bool is_tuning_setting(std::string_view word) {
  return one_of(
      word, {"num-threads-per-search", "min-hits-per-thread", "num-search-partitions",
             "termwise-limit", "ignore-default-rank-features", "strict", "rank-score-drop-limit",
             "post-filter-threshold", "approximate-threshold", "target-hits-max-adjustment-factor",
             "filter-threshold", "first-phase-score-drop-limit"});
}

// Rank-profile elements that change results in ways Grove cannot reproduce.
bool is_unsupported_profile_element(std::string_view word) {
  return one_of(
      word, {"global-phase", "inputs", "constants", "constant", "onnx-model", "match-phase",
             "diversity", "mutate", "rank", "rank-type", "significance", "normalizer", "weight"});
}

// The expression with each run of whitespace replaced by one space, shortened, for messages.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space)
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  constexpr size_t kMaxShown = 100;
  if (out.size() > kMaxShown) out = out.substr(0, kMaxShown - 3) + "...";
  return out;
}

}  // namespace

void SdParser::parse_rank_profile() {
  SdToken kw = lexer_.next();
  std::optional<std::string> name = expect_name("a rank-profile name");
  if (!name) return skip_statement();
  ProfileDraft p;
  p.name = *name;
  p.line = kw.line;
  if (accept("inherits")) p.inherits = name_list("a rank-profile name after 'inherits'");
  parse_block("rank-profile '" + *name + "'",
              [&](const SdToken& t) { return profile_element(p, t); });
  draft_.profiles.push_back(std::move(p));
}

bool SdParser::profile_element(ProfileDraft& p, const SdToken& t) {
  std::string_view k = t.text;
  const std::string in_profile = " in rank-profile '" + p.name + "'";
  if (k == "first-phase" || k == "second-phase") {
    parse_phase(p, k == "second-phase");
  } else if (k == "function" || k == "macro") {
    parse_function(p);
  } else if (is_unsupported_profile_element(k)) {
    reject(t, std::string(k) + in_profile);
  } else if (one_of(k, {"match-features", "summary-features", "rank-features"})) {
    ignore_with_warning(t, "Grove does not return rank features with hits");
  } else if (k == "rank-properties") {
    ignore_with_warning(t, "Grove's rank features take no properties");
  } else if (is_tuning_setting(k)) {
    ignore_with_warning(t, "tuning that Grove does not use");
  } else {
    return false;
  }
  return true;
}

void SdParser::parse_phase(ProfileDraft& p, bool second) {
  SdToken kw = lexer_.next();
  PhaseDraft& phase = second ? p.second_phase : p.first_phase;
  std::string context = std::string(kw.text) + " of rank-profile '" + p.name + "'";
  if (phase.present) {
    sink_.error(kw.line, "second " + context + " (the first is at line " +
                             std::to_string(phase.line) + "); merge them");
  }
  phase.present = true;
  phase.line = kw.line;
  bool has_expression = false;
  parse_block(context, [&](const SdToken& t) {
    std::string_view k = t.text;
    if (k == "expression") {
      has_expression = true;
      phase.expr = parse_expression_element({});
    } else if (second && k == "rerank-count") {
      p.rerank_line = t.line;
      if (auto n = read_int(lexer_.next())) p.rerank_count = *n;
    } else if (one_of(k, {"keep-rank-count", "rank-score-drop-limit"})) {
      ignore_with_warning(t, "tuning that Grove does not use");
    } else if (k == "total-rerank-count") {
      reject(t, std::string(k) + " in " + context);
    } else {
      return false;
    }
    return true;
  });
  if (!has_expression && !(second && p.rerank_count)) {
    sink_.error(kw.line, context + " has no expression; write 'expression: <rank expression>'");
  }
}

void SdParser::parse_function(ProfileDraft& p) {
  SdToken kw = lexer_.next();
  accept("inline");
  std::optional<std::string> name = expect_name("a function name");
  if (!name) return skip_statement();
  RankFunction fn{*name, {}, nullptr, kw.line};
  std::string context = "function '" + *name + "' of rank-profile '" + p.name + "'";
  if (!expect("(", "after 'function " + *name + "'")) return skip_statement();
  if (!accept(")")) {
    fn.params = name_list("a parameter name");
    if (!expect(")", "to close the parameters of " + context)) return skip_statement();
  }
  bool has_expression = false;
  parse_block(context, [&](const SdToken& t) {
    if (!t.is("expression")) return false;
    has_expression = true;
    fn.body = parse_expression_element(fn.params);
    return true;
  });
  if (!has_expression) {
    sink_.error(kw.line, context + " has no expression; write 'expression: <rank expression>'");
  }
  p.functions.push_back(std::move(fn));
}

RankExprPtr SdParser::parse_expression_element(const std::vector<std::string>& params) {
  SdToken kw = lexer_.next();
  std::optional<RawText> raw = read_value_or_block(kw);
  if (!raw) return nullptr;
  std::string_view text = raw->text;
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    sink_.error(kw.line, "empty expression; write 'expression: <rank expression>'");
    return nullptr;
  }
  if (text.substr(first).starts_with("file:")) {
    sink_.unsupported(kw.line, "expression read from a file ('" + one_line(text) + "')");
    return nullptr;
  }
  RankExprParse parsed = parse_rank_expression_at(text, raw->line, params);
  if (parsed.expr) return parsed.expr;
  const RankExprError& e = parsed.error;
  if (e.unsupported) {
    sink_.unsupported(e.line, e.message);
  } else {
    sink_.error(e.line, e.message + " (in rank expression '" + one_line(text) + "')");
  }
  return nullptr;
}

}  // namespace grove::schema
