#include "config-model/schema/schema_parser.h"

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>
#include <vector>

namespace grove::schema {
namespace {

// Joins lines with '\n', so that a test can see which line each statement is on (line 1 first).
std::string lines(std::initializer_list<std::string_view> ls) {
  std::string out;
  for (auto l : ls) out += std::string(l) + "\n";
  return out;
}

std::vector<std::string> rendered(const ParseOutput& out) {
  std::vector<std::string> r;
  for (const Diagnostic& d : out.diagnostics) r.push_back(d.to_string());
  return r;
}

std::string all(const ParseOutput& out) {
  std::string s;
  for (const auto& d : rendered(out)) s += d + "\n";
  return s;
}

bool has(const ParseOutput& out, const std::string& diagnostic) {
  for (const auto& d : rendered(out)) {
    if (d == diagnostic) return true;
  }
  return false;
}

bool has_containing(const ParseOutput& out, const std::string& part) {
  for (const auto& d : rendered(out)) {
    if (d.find(part) != std::string::npos) return true;
  }
  return false;
}

// A schema `test` whose document holds `doc_body` and whose schema block continues with `rest`.
// The document body starts on line 3.
std::string test_schema(std::initializer_list<std::string_view> doc_body,
                        std::initializer_list<std::string_view> rest = {}) {
  std::string out = "schema test {\n  document test {\n";
  for (auto l : doc_body) out += std::string(l) + "\n";
  out += "  }\n";
  for (auto l : rest) out += std::string(l) + "\n";
  return out + "}\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema_parser)

BOOST_AUTO_TEST_CASE(a_full_music_schema_parses) {
  ParseOutput out = parse_schema_file(GROVE_TEST_DATA_DIR "/schemas/music.sd");
  BOOST_TEST_MESSAGE(all(out));
  BOOST_REQUIRE_MESSAGE(out.ok(), all(out));
  BOOST_TEST(out.diagnostics.empty());
  const Schema& s = *out.schema;
  BOOST_TEST(s.name() == "music");
  BOOST_TEST(s.document_type() == "music");
  BOOST_TEST(s.fields().size() == 13u);

  const Field* title = s.find_field("title");
  BOOST_REQUIRE(title);
  BOOST_TEST((title->summary && title->index && !title->attribute));
  BOOST_TEST((title->match == MatchMode::kText && title->stemming == Stemming::kBest));
  BOOST_TEST(title->weight == 200);
  BOOST_TEST(title->aliases == std::vector<std::string>{"name"}, boost::test_tools::per_element());
  BOOST_TEST(title->line == 4);

  const Field* artist = s.find_field("artist");
  BOOST_TEST((artist->summary && artist->index && artist->attribute && artist->fast_search));
  BOOST_TEST((s.find_field("album")->match == MatchMode::kExact));
  BOOST_TEST((s.find_field("year")->type == DataType{FieldType::kInt, DataType::kSingle}));
  BOOST_TEST(s.find_field("year")->fast_search);
  BOOST_TEST((s.find_field("year")->match == MatchMode::kWord));
  BOOST_TEST((s.find_field("duration")->type.element == FieldType::kLong));
  BOOST_TEST((s.find_field("rating")->type.element == FieldType::kFloat));
  BOOST_TEST(s.find_field("popularity")->rank_filter);
  BOOST_TEST((s.find_field("explicit")->type.element == FieldType::kBool));
  BOOST_TEST((s.find_field("channels")->type.element == FieldType::kByte));
  BOOST_TEST(s.find_field("tags")->type.to_string() == "array<string>");
  BOOST_TEST((s.find_field("tags")->match == MatchMode::kWord));
  BOOST_TEST(s.find_field("genres")->type.to_string() == "weightedset<string>");
  BOOST_TEST(s.find_field("scores")->type.to_string() == "array<float>");

  const Field* exact = s.find_field("title_exact");
  BOOST_TEST(!exact->in_document);
  BOOST_TEST(exact->input == "title");
  BOOST_TEST((exact->match == MatchMode::kExact));

  BOOST_REQUIRE(s.find_fieldset("default"));
  BOOST_TEST(s.find_fieldset("default")->fields.size() == 3u);

  const SummaryClass* def = s.find_summary_class("default");
  BOOST_REQUIRE(def);
  BOOST_TEST(def->implicit);
  BOOST_TEST(def->find_field("title") != nullptr);
  BOOST_TEST(def->find_field("rating") == nullptr);
  const SummaryClass* shorter = s.find_summary_class("shorter");
  BOOST_REQUIRE(shorter);
  BOOST_TEST(shorter->fields.size() == 3u);
  BOOST_TEST(shorter->find_field("artist_name")->source == "artist");

  BOOST_TEST(s.rank_profiles().size() == 4u);
  BOOST_TEST(s.rank_profiles()[0].name == "default");
  const RankProfile* popular = s.find_rank_profile("popular");
  BOOST_REQUIRE(popular);
  BOOST_TEST(popular->first_phase->to_string() == "bm25(title) + bm25(artist)");
  BOOST_TEST(popular->second_phase->to_string() == "firstPhase + pop + recency(2024)");
  BOOST_TEST(popular->rerank_count == 50);
  BOOST_TEST(popular->functions.size() == 2u);
  BOOST_TEST(popular->find_function("pop")->body->to_string() ==
             "log(1 + attribute(popularity)) * query(pop_weight)");
  std::vector<std::string> features = {
      "attribute(popularity)", "attribute(year)", "bm25(artist)",
      "bm25(title)",           "firstPhase",      "query(pop_weight)"};
  BOOST_TEST(popular->needed_features() == features, boost::test_tools::per_element());

  const RankProfile* fresh = s.find_rank_profile("fresh");
  BOOST_TEST(fresh->first_phase->to_string() ==
             "if(attribute(year) >= 2020 && attribute(explicit) == 0, 2 * bm25(title), "
             "nativeRank(title,artist))");
  BOOST_TEST(fresh->rerank_count == 50);
  BOOST_TEST(fresh->second_phase == popular->second_phase);
}

BOOST_AUTO_TEST_CASE(profiles_inherit_first_phase_and_rerank_count_defaults_to_100) {
  ParseOutput out =
      parse_schema(test_schema({"    field t type string { indexing: index }"},
                               {"  rank-profile a { first-phase { expression: bm25(t) } }",
                                "  rank-profile b inherits a {",
                                "    second-phase { expression: 2 * firstPhase }", "  }",
                                "  rank-profile c inherits b { second-phase { rerank-count: 7 } }",
                                "  rank-profile plain { }"}),
                   "test.sd");
  BOOST_REQUIRE_MESSAGE(out.ok(), all(out));
  const Schema& s = *out.schema;
  const RankProfile* b = s.find_rank_profile("b");
  BOOST_TEST(b->first_phase->to_string() == "bm25(t)");
  BOOST_TEST(b->rerank_count == 100);
  const RankProfile* c = s.find_rank_profile("c");
  BOOST_TEST(c->first_phase->to_string() == "bm25(t)");
  BOOST_TEST(c->second_phase->to_string() == "2 * firstPhase");
  BOOST_TEST(c->rerank_count == 7);
  BOOST_TEST(s.find_rank_profile("plain")->first_phase->to_string() == "nativeRank");
  const RankProfile* def = s.find_rank_profile("default");
  BOOST_REQUIRE(def);
  BOOST_TEST(def->implicit);
  BOOST_TEST(def->first_phase->to_string() == "nativeRank");
  BOOST_TEST(!def->second_phase);
  BOOST_TEST(def->rerank_count == kDefaultRerankCount);
}

struct UnsupportedCase {
  std::vector<std::string> doc_lines;   // document body, starting on line 3
  std::vector<std::string> rest_lines;  // schema body after the document
  std::string expected;
};

BOOST_AUTO_TEST_CASE(each_unsupported_construct_is_reported_with_its_line) {
  std::vector<UnsupportedCase> cases = {
      {{"    field e type tensor<float>(x[384]) {", "      indexing: attribute", "    }"},
       {},
       "test.sd:3: unsupported: tensor type 'tensor<float>(x[384])'"},
      {{"    field e type tensor(x[3]) { indexing: attribute }"},
       {},
       "test.sd:3: unsupported: tensor type 'tensor(x[3])'"},
      {{"    field m type map<string, int> { indexing: summary }"},
       {},
       "test.sd:3: unsupported: map type 'map<string,int>'"},
      {{"    field t type string { indexing: index }", "    struct person {",
        "      field name type string {}", "    }"},
       {},
       "test.sd:4: unsupported: struct 'person'"},
      {{"    field t type string {", "      indexing: index", "      index {", "        hnsw {",
        "          max-links-per-node: 16", "        }", "      }", "    }"},
       {},
       "test.sd:6: unsupported: hnsw index in field 't'"},
      {{"    field t type string { indexing: index }"},
       {"  field emb type string {", "    indexing: input t | embed e5 | attribute", "  }"},
       "test.sd:6: unsupported: embed in indexing statement 'embed e5'"},
      {{"    field t type string { indexing: index }"},
       {"  onnx-model ranker {", "    file: models/ranker.onnx", "  }"},
       "test.sd:5: unsupported: onnx-model 'ranker'"},
      {{"    field t type string { indexing: index }"},
       {"  constant w {", "    file: constants/w.json", "    type: tensor(x[3])", "  }"},
       "test.sd:5: unsupported: constant 'w'"},
      {{"    field t type string { indexing: index }"},
       {"  rank-profile p {", "    global-phase { expression: 1 }", "  }"},
       "test.sd:6: unsupported: global-phase in rank-profile 'p'"},
      {{"    field t type string { indexing: index }"},
       {"  rank-profile p {", "    first-phase {", "      expression: closeness(field, emb)",
        "    }", "  }"},
       "test.sd:7: unsupported: rank feature 'closeness(field,emb)'"},
      {{"    field r type reference<artist> { indexing: attribute }"},
       {},
       "test.sd:3: unsupported: reference type 'reference<artist>'"},
  };
  for (const UnsupportedCase& c : cases) {
    std::string text = "schema test {\n  document test {\n";
    for (const auto& l : c.doc_lines) text += l + "\n";
    text += "  }\n";
    for (const auto& l : c.rest_lines) text += l + "\n";
    text += "}\n";
    ParseOutput out = parse_schema(text, "test.sd");
    BOOST_TEST(!out.ok());
    BOOST_TEST(!out.schema.has_value());
    BOOST_TEST(has(out, c.expected), "expected '" << c.expected << "' in:\n" << all(out));
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_keyword_is_an_error_naming_its_context) {
  ParseOutput out =
      parse_schema(test_schema({"    field t type string {", "      indexing: summary | index",
                                "      colour: red", "    }"}),
                   "test.sd");
  BOOST_TEST(has(out, "test.sd:5: error: unknown element 'colour' in field 't'"), all(out));
  BOOST_TEST(out.diagnostics.size() == 1u, all(out));
}

BOOST_AUTO_TEST_CASE(a_syntax_error_reports_its_line_and_parsing_goes_on_to_the_next) {
  ParseOutput out =
      parse_schema(test_schema({"    field t type string {", "      indexing summary | index",
                                "      match: text", "    }", "    field u type int {",
                                "      indexing: attribute", "      weight: heavy", "    }"}),
                   "test.sd");
  BOOST_TEST(has(out, "test.sd:4: error: expected ':' or '{' after 'indexing' but found 'summary'"),
             all(out));
  BOOST_TEST(has(out, "test.sd:9: error: expected an integer after 'weight:' but found 'heavy'"),
             all(out));
  BOOST_TEST(out.diagnostics.size() == 2u, all(out));
}

BOOST_AUTO_TEST_CASE(a_missing_closing_brace_is_reported_where_the_next_element_starts) {
  ParseOutput out =
      parse_schema(test_schema({"    field t type string {", "      indexing: index",
                                "    field u type int {", "      indexing: attribute", "    }"}),
                   "test.sd");
  BOOST_TEST(has(out,
                 "test.sd:5: error: expected '}' to close field 't' (opened at line 3) but "
                 "found 'field'"),
             all(out));
  BOOST_TEST(out.diagnostics.size() == 1u, all(out));
}

BOOST_AUTO_TEST_CASE(inheriting_an_unknown_profile_is_an_error) {
  ParseOutput out = parse_schema(test_schema({"    field t type string { indexing: index }"},
                                             {"  rank-profile a inherits nosuch { }"}),
                                 "test.sd");
  BOOST_TEST(has(out,
                 "test.sd:5: error: rank-profile 'a' inherits unknown rank-profile 'nosuch'; "
                 "known rank-profiles: default, a"),
             all(out));
}

BOOST_AUTO_TEST_CASE(an_inheritance_cycle_is_an_error) {
  ParseOutput out = parse_schema(
      test_schema({"    field t type string { indexing: index }"},
                  {"  rank-profile a inherits b { }", "  rank-profile b inherits a { }"}),
      "test.sd");
  BOOST_TEST(!out.ok());
  BOOST_TEST(has_containing(out, "inheritance cycle"), all(out));
}

BOOST_AUTO_TEST_CASE(bm25_of_a_field_that_is_not_indexed_is_an_error) {
  ParseOutput out = parse_schema(
      test_schema(
          {"    field t type string { indexing: summary | attribute }"},
          {"  rank-profile p {", "    first-phase {", "      expression: bm25(t)", "    }", "  }"}),
      "test.sd");
  BOOST_TEST(has(out,
                 "test.sd:7: error: 'bm25(t)' in rank-profile 'p' needs an indexed field, "
                 "but field 't' has no 'index' in its indexing statement; add it (e.g. "
                 "'indexing: summary | index')"),
             all(out));
}

BOOST_AUTO_TEST_CASE(attribute_of_a_field_that_is_not_an_attribute_is_an_error) {
  ParseOutput out =
      parse_schema(test_schema({"    field year type int { indexing: summary }"},
                               {"  rank-profile p {", "    function f() {",
                                "      expression: attribute(year) + attribute(nosuch)", "    }",
                                "    first-phase { expression: f }", "  }"}),
                   "test.sd");
  BOOST_TEST(has_containing(out,
                            "test.sd:7: error: 'attribute(year)' in rank-profile 'p' needs "
                            "an attribute, but field 'year' has no 'attribute'"),
             all(out));
  BOOST_TEST(has_containing(out,
                            "test.sd:7: error: 'attribute(nosuch)' in rank-profile 'p' "
                            "refers to unknown field 'nosuch'"),
             all(out));
}

BOOST_AUTO_TEST_CASE(calling_an_undefined_function_is_an_error) {
  ParseOutput out =
      parse_schema(test_schema({"    field t type string { indexing: index }"},
                               {"  rank-profile p {", "    function f(x) { expression: x * 2 }",
                                "    first-phase { expression: f(1) + g(2) + f }", "  }"}),
                   "test.sd");
  BOOST_TEST(has_containing(out, "test.sd:7: error: unknown rank feature or function 'g'"),
             all(out));
  BOOST_TEST(has_containing(out, "functions of rank-profile 'p': f"), all(out));
  BOOST_TEST(has_containing(out,
                            "test.sd:7: error: function 'f' of rank-profile 'p' takes 1 "
                            "argument(s) but is called with 0"),
             all(out));
}

BOOST_AUTO_TEST_CASE(recursive_functions_are_an_error) {
  ParseOutput out =
      parse_schema(test_schema({"    field t type string { indexing: index }"},
                               {"  rank-profile p {", "    function a() { expression: b + 1 }",
                                "    function b() { expression: a * 2 }", "  }"}),
                   "test.sd");
  BOOST_TEST(has_containing(out, "function 'a' of rank-profile 'p' calls itself (a -> b -> a)"),
             all(out));
}

BOOST_AUTO_TEST_CASE(fieldsets_and_summaries_must_name_existing_fields) {
  ParseOutput out = parse_schema(
      test_schema({"    field t type string { indexing: summary | index }"},
                  {"  fieldset default { fields: t, nosuch }", "  document-summary s {",
                   "    summary x type string { source: missing }", "  }"}),
      "test.sd");
  BOOST_TEST(has(out,
                 "test.sd:5: error: fieldset 'default' references unknown field 'nosuch'; "
                 "fields: t"),
             all(out));
  BOOST_TEST(has_containing(out,
                            "test.sd:7: error: summary field 'x' in document-summary 's' "
                            "refers to unknown field 'missing'"),
             all(out));
}

BOOST_AUTO_TEST_CASE(duplicate_fields_are_an_error) {
  ParseOutput out = parse_schema(test_schema({"    field t type string { indexing: index }",
                                              "    field t type int { indexing: attribute }"}),
                                 "test.sd");
  BOOST_TEST(has(out,
                 "test.sd:4: error: duplicate field 't' (first declared at line 3); rename "
                 "one of them"),
             all(out));
}

BOOST_AUTO_TEST_CASE(the_document_must_be_named_like_the_schema) {
  ParseOutput out =
      parse_schema(lines({"schema test {", "  document other {", "  }", "}"}), "test.sd");
  BOOST_TEST(has(out,
                 "test.sd:2: error: document 'other' must have the same name as schema "
                 "'test'; write 'document test {'"),
             all(out));
}

BOOST_AUTO_TEST_CASE(the_file_must_be_named_like_the_schema) {
  ParseOutput out =
      parse_schema(lines({"schema test {", "  document test {", "  }", "}"}), "schemas/music.sd");
  BOOST_TEST(has_containing(out, "schemas/music.sd:1: error: schema 'test' is in file"), all(out));
}

BOOST_AUTO_TEST_CASE(tuning_is_accepted_with_a_warning) {
  ParseOutput out =
      parse_schema(test_schema({"    field t type string {", "      indexing: summary | index",
                                "      bolding: on", "      summary: dynamic", "    }"},
                               {"  rank-profile p {", "    num-threads-per-search: 4",
                                "    match-features: bm25(t) nativeRank", "  }"}),
                   "test.sd");
  BOOST_TEST(out.ok(), all(out));
  BOOST_REQUIRE(out.schema.has_value());
  BOOST_TEST(out.diagnostics.size() == 4u, all(out));
  BOOST_TEST(has_containing(out, "test.sd:5: warning: 'bolding' is ignored"), all(out));
  BOOST_TEST(has_containing(out, "test.sd:10: warning: 'num-threads-per-search' is ignored"),
             all(out));
}

BOOST_AUTO_TEST_CASE(stemming_on_a_non_string_field_is_unsupported) {
  ParseOutput out = parse_schema(test_schema({"    field n type int {", "      indexing: attribute",
                                              "      stemming: best", "    }"}),
                                 "test.sd");
  BOOST_TEST(has(out, "test.sd:5: unsupported: stemming on non-string field 'n' (type int)"),
             all(out));
}

BOOST_AUTO_TEST_CASE(an_unreadable_file_gives_an_error_on_line_0) {
  ParseOutput out = parse_schema_file("/nonexistent/dir/music.sd");
  BOOST_TEST(!out.ok());
  BOOST_REQUIRE(out.diagnostics.size() == 1u);
  BOOST_TEST(out.diagnostics[0].to_string().starts_with(
      "/nonexistent/dir/music.sd:0: error: cannot read schema file"));
}

BOOST_AUTO_TEST_CASE(an_empty_file_is_an_error) {
  ParseOutput out = parse_schema("  # nothing here\n", "test.sd");
  BOOST_TEST(has(out, "test.sd:1: error: empty schema file; expected 'schema NAME { ... }'"),
             all(out));
}

BOOST_AUTO_TEST_CASE(every_truncation_of_a_valid_file_is_reported_without_crashing) {
  ParseOutput full = parse_schema_file(GROVE_TEST_DATA_DIR "/schemas/music.sd");
  BOOST_REQUIRE(full.ok());
  std::string text = lines(
      {"schema music {", "  document music {",
       "    field t type string { indexing: summary | index }",
       "    field y type int { indexing: attribute }", "  }", "  fieldset default { fields: t }",
       "  document-summary s { summary t type string { source: t } }",
       "  rank-profile p inherits default {",
       "    function f(x) { expression { x * if(attribute(y) > 2, 1, 2) } }",
       "    first-phase { expression: bm25(t) + f(2) }",
       "    second-phase { expression: firstPhase", "      rerank-count: 10 }", "  }", "}"});
  BOOST_REQUIRE_MESSAGE(parse_schema(text, "music.sd").ok(), all(parse_schema(text, "music.sd")));
  for (size_t n = 0; n + 1 < text.size(); ++n) {  // all but the final line break
    ParseOutput out = parse_schema(text.substr(0, n), "music.sd");
    BOOST_TEST(!out.ok(), "prefix of " << n << " characters parsed");
    BOOST_TEST(!out.diagnostics.empty());
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::schema
