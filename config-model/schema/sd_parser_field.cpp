// SdParser: fields, their types and their settings.

#include "config-model/schema/indexing_statement.h"
#include "config-model/schema/sd_parser.h"

namespace grove::schema {
namespace {

std::string strip_spaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

// The reason a type name is rejected, for the names of Vespa types Grove does not support.
std::optional<std::string> unsupported_type(std::string_view base, const std::string& text) {
  if (base == "tensor") return "tensor type '" + text + "'";
  if (base == "map") return "map type '" + text + "'";
  if (base == "reference") return "reference type '" + text + "'";
  if (base == "predicate" || base == "position" || base == "raw" || base == "uri" ||
      base == "float16" || base == "annotationreference") {
    return std::string(base) + " type";
  }
  return std::nullopt;
}

constexpr std::string_view kSupportedTypes =
    "string, int, long, float, double, bool, byte, array<T> and weightedset<string>";

}  // namespace

std::optional<DataType> SdParser::parse_type(const std::string& field_name) {
  SdToken first = lexer_.peek();
  if (!first.is_word() || first.first_on_line) {
    sink_.error(first.line,
                "expected a type for field '" + field_name + "' but found " + describe(first));
    return std::nullopt;
  }
  lexer_.next();
  size_t end = first.end();
  std::string inner;
  for (std::string_view open : {"<", "("}) {
    if (!at(open)) continue;
    std::string_view close = open == "<" ? ">" : ")";
    size_t inner_begin = lexer_.peek().end();
    int depth = 0;
    while (true) {
      const SdToken& peeked = lexer_.peek();
      bool stop = peeked.kind == SdToken::Kind::kEnd || peeked.is("{") ||
                  (peeked.first_on_line && depth > 0);
      if (stop) break;
      SdToken t = lexer_.next();
      end = t.end();
      if (t.is(open)) ++depth;
      if (t.is(close) && --depth == 0) break;
    }
    if (open == "<") inner = strip_spaces(lexer_.source(inner_begin, end - 1));
  }
  std::string text = strip_spaces(lexer_.source(first.offset, end));
  if (auto why = unsupported_type(first.text, text)) {
    sink_.unsupported(first.line, *why);
    return std::nullopt;
  }
  std::optional<FieldType> element = field_type_from_name(text);
  if (element) return DataType{*element, DataType::kSingle};
  element = field_type_from_name(inner);
  if (first.is("array") && element) return DataType{*element, DataType::kArray};
  if (first.is("weightedset") && element == FieldType::kString) {
    return DataType{*element, DataType::kWeightedSet};
  }
  if (first.is("array") || first.is("weightedset")) {
    sink_.unsupported(first.line,
                      "type '" + text + "' (supported: " + std::string(kSupportedTypes) + ")");
    return std::nullopt;
  }
  sink_.error(first.line, "unknown type '" + text + "' for field '" + field_name +
                              "'; supported types: " + std::string(kSupportedTypes));
  return std::nullopt;
}

void SdParser::parse_field(bool in_document) {
  SdToken kw = lexer_.next();
  std::optional<std::string> name = expect_name("a field name after 'field'");
  if (!name) return skip_statement();
  FieldDraft fd;
  fd.field.name = *name;
  fd.field.line = kw.line;
  fd.field.in_document = in_document;
  std::optional<DataType> type;
  if (expect("type", "after 'field " + *name + "'")) {
    type = parse_type(*name);
  } else {
    skip_statement();
    return;
  }
  if (type) fd.field.type = *type;
  if (!type) draft_.rejected_fields.insert(*name);
  parse_block("field '" + *name + "'", [&](const SdToken& t) { return field_element(fd, t); });
  if (type) draft_.fields.push_back(std::move(fd));
}

bool SdParser::field_element(FieldDraft& fd, const SdToken& t) {
  const std::string in_field = " in field '" + fd.field.name + "'";
  std::string_view k = t.text;
  if (k == "indexing") {
    parse_indexing(fd);
  } else if (k == "match") {
    parse_match(fd);
  } else if (k == "stemming") {
    parse_stemming(fd);
  } else if (k == "attribute") {
    parse_attribute_settings(fd);
  } else if (k == "summary") {
    parse_summary_setting(fd);
  } else if (k == "rank") {
    parse_rank_setting(fd);
  } else if (k == "index") {
    parse_index_setting(fd);
  } else if (k == "alias") {
    parse_alias(fd);
  } else if (k == "weight") {
    if (auto w = read_int(lexer_.next())) fd.field.weight = *w;
  } else if (k == "bolding") {
    ignore_with_warning(t, "Grove does not highlight matched terms in summaries");
  } else if (k == "normalizing" || k == "sorting" || k == "dictionary") {
    ignore_with_warning(t, "Grove uses its own " + std::string(k) + " settings" + in_field);
  } else if (k == "id" || k == "rank-type" || k == "summary-to") {
    ignore_with_warning(t, "it has no effect in Grove");
  } else if (k == "struct-field") {
    reject(t);
  } else if (k == "query-command" || k == "indexing-rewrite") {
    reject(t, std::string(k) + in_field);
  } else {
    return false;
  }
  return true;
}

void SdParser::parse_indexing(FieldDraft& fd) {
  SdToken kw = lexer_.next();
  std::optional<RawText> raw = read_value_or_block(kw);
  if (!raw) return;
  IndexingParse parsed = grove::schema::parse_indexing(raw->text, fd.field.name);
  for (const IndexingProblem& p : parsed.problems) {
    int line = raw->line + p.line_offset;
    if (p.kind == IndexingProblem::kError) sink_.error(line, p.message);
    if (p.kind == IndexingProblem::kWarning) sink_.warning(line, p.message);
    if (p.kind == IndexingProblem::kUnsupported) sink_.unsupported(line, p.message);
  }
  const IndexingStatement& s = parsed.statement;
  fd.has_indexing = true;
  fd.field.summary |= s.summary;
  fd.field.attribute |= s.attribute;
  fd.field.index |= s.index;
  if (!s.input.empty()) fd.field.input = s.input;
}

void SdParser::parse_match(FieldDraft& fd) {
  SdToken kw = lexer_.next();
  for (const SettingItem& item : read_settings(kw)) {
    std::string_view v = item.key.text;
    int line = item.key.line;
    fd.match_set = true;
    if (v == "text")
      fd.field.match = MatchMode::kText;
    else if (v == "word")
      fd.field.match = MatchMode::kWord;
    else if (v == "exact")
      fd.field.match = MatchMode::kExact;
    else if (v == "uncased")
      continue;  // Grove always matches case-insensitively
    else if (v == "exact-terminator" || v == "max-length" || v == "max-token-length")
      sink_.warning(line, "'match: " + std::string(v) + "' in field '" + fd.field.name +
                              "' is ignored: Grove does not use it");
    else if (v == "cased" || v == "prefix" || v == "gram" || v == "gram-size" || v == "substring" ||
             v == "suffix")
      sink_.unsupported(line,
                        "match mode '" + std::string(v) + "' in field '" + fd.field.name + "'");
    else
      sink_.error(line, "unknown match mode '" + std::string(v) + "' in field '" + fd.field.name +
                            "'; use text, word or exact");
  }
}

void SdParser::parse_stemming(FieldDraft& fd) {
  SdToken kw = lexer_.next();
  for (const SettingItem& item : read_settings(kw)) {
    std::string_view v = item.key.text;
    fd.stemming_set = true;
    if (!fd.field.type.is_string()) {
      sink_.unsupported(item.key.line, "stemming on non-string field '" + fd.field.name +
                                           "' (type " + fd.field.type.to_string() + ")");
    } else if (v == "none")
      fd.field.stemming = Stemming::kNone;
    else if (v == "best")
      fd.field.stemming = Stemming::kBest;
    else if (v == "shortest")
      fd.field.stemming = Stemming::kShortest;
    else if (v == "multiple")
      fd.field.stemming = Stemming::kMultiple;
    else
      sink_.error(item.key.line, "unknown stemming '" + std::string(v) + "' in field '" +
                                     fd.field.name + "'; use none, best, shortest or multiple");
  }
}

void SdParser::parse_attribute_settings(FieldDraft& fd) {
  SdToken kw = lexer_.next();
  for (const SettingItem& item : read_settings(kw)) {
    std::string_view v = item.key.text;
    int line = item.key.line;
    if (v == "fast-search") {
      fd.field.fast_search = true;
      fd.fast_search_line = line;
    } else if (v == "fast-access" || v == "paged" || v == "fast-rank" || v == "mutable" ||
               v == "enable-bit-vectors" || v == "enable-only-bit-vector" || v == "huge") {
      sink_.warning(line, "'attribute: " + std::string(v) + "' in field '" + fd.field.name +
                              "' is ignored: Grove keeps every attribute in memory");
    } else if (v == "distance-metric") {
      sink_.unsupported(line, "distance-metric in field '" + fd.field.name + "'");
    } else {
      sink_.error(line, "unknown attribute setting '" + std::string(v) + "' in field '" +
                            fd.field.name + "'; supported: fast-search");
    }
  }
}

void SdParser::parse_summary_setting(FieldDraft& fd) {
  SdToken kw = lexer_.next();
  const SdToken& after = lexer_.peek();
  if (after.is_word() && !after.first_on_line) {
    sink_.unsupported(kw.line, "summary '" + std::string(after.text) + "' inside field '" +
                                   fd.field.name + "' (declare it in a document-summary)");
    return skip_statement();
  }
  for (const SettingItem& item : read_settings(kw)) {
    std::string_view v = item.key.text;
    if (v == "dynamic" || v == "bolding") {
      sink_.warning(item.key.line, "'summary: " + std::string(v) + "' in field '" + fd.field.name +
                                       "' is ignored: Grove returns the full "
                                       "field value, without snippets");
    } else if (v == "matched-elements-only" || v == "tokens") {
      sink_.unsupported(item.key.line,
                        "summary: " + std::string(v) + " in field '" + fd.field.name + "'");
    } else if (v != "full" && v != "static") {
      sink_.error(item.key.line, "unknown summary setting '" + std::string(v) + "' in field '" +
                                     fd.field.name + "'; use full or dynamic");
    }
  }
}

void SdParser::parse_rank_setting(FieldDraft& fd) {
  SdToken kw = lexer_.next();
  for (const SettingItem& item : read_settings(kw)) {
    std::string_view v = item.key.text;
    if (v == "filter") {
      fd.field.rank_filter = true;
    } else if (v == "literal") {
      sink_.unsupported(item.key.line, "rank: literal in field '" + fd.field.name + "'");
    } else if (v != "normal") {
      sink_.error(item.key.line, "unknown rank setting '" + std::string(v) + "' in field '" +
                                     fd.field.name + "'; use filter or normal");
    }
  }
}

void SdParser::parse_index_setting(FieldDraft& fd) {
  SdToken kw = lexer_.next();
  const SdToken& after = lexer_.peek();
  if (after.is_word() && !after.first_on_line) {
    sink_.unsupported(kw.line,
                      "index '" + std::string(after.text) + "' in field '" + fd.field.name + "'");
    return skip_statement();
  }
  for (const SettingItem& item : read_settings(kw)) {
    std::string_view v = item.key.text;
    if (v == "enable-bm25") continue;  // Grove always keeps what bm25 needs
    if (v == "hnsw") {
      sink_.unsupported(item.key.line, "hnsw index in field '" + fd.field.name + "'");
    } else if (v == "arity" || v == "lower-bound" || v == "upper-bound" ||
               v == "dense-posting-list-threshold") {
      sink_.unsupported(item.key.line,
                        "index: " + std::string(v) + " in field '" + fd.field.name + "'");
    } else {
      sink_.error(item.key.line, "unknown index setting '" + std::string(v) + "' in field '" +
                                     fd.field.name + "'; supported: enable-bm25");
    }
  }
}

void SdParser::parse_alias(FieldDraft& fd) {
  SdToken kw = lexer_.next();
  if (lexer_.peek().is_word()) lexer_.next();  // `alias index_name: alias` names the index
  if (!expect(":", "after 'alias'")) return skip_statement();
  std::optional<std::string> alias = expect_name("an alias name after 'alias:'");
  if (!alias) return skip_statement();
  fd.field.aliases.push_back(*alias);
  end_statement(kw);
}

}  // namespace grove::schema
