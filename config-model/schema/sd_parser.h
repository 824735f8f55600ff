#pragma once

// SdParser: the recursive-descent parser for .sd schema files. It reads one file into a
// SchemaDraft and reports every syntax error and unsupported construct it meets to a
// DiagnosticSink, recovering at the next statement or closing brace so that one run finds
// them all. Semantic checks are SchemaResolver's job. Internal to the schema library.
//
// The parser is split over four files: sd_parser.cpp (plumbing), sd_parser_schema.cpp (schema,
// document, fieldset, document-summary), sd_parser_field.cpp (fields) and sd_parser_rank.cpp
// (rank profiles).
//
// Usage: SchemaDraft draft = SdParser(text, sink).parse();
// Confined to one thread; use once.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config-model/schema/diagnostic_sink.h"
#include "config-model/schema/schema_draft.h"
#include "config-model/schema/sd_lexer.h"

namespace grove::schema {

class SdParser {
 public:
  SdParser(std::string_view source, DiagnosticSink& sink) : lexer_(source), sink_(sink) {}

  SchemaDraft parse();

 private:
  // Called with the first token of each element of a block, unconsumed. Returns false when the
  // keyword is not an element of the block (and then consumes nothing).
  using ElementFn = std::function<bool(const SdToken&)>;

  // A setting in `kw: value` or `kw { a  b: value  c { ... } }` form.
  struct SettingItem {
    SdToken key;
    std::optional<SdToken> value;
    bool has_block = false;
  };

  // --- plumbing (sd_parser.cpp) ---
  static std::string describe(const SdToken& t);
  bool at(std::string_view punct) { return lexer_.peek().is(punct); }
  bool accept(std::string_view text);
  bool expect(std::string_view punct, std::string_view context);
  std::optional<std::string> expect_name(std::string_view what);
  std::vector<std::string> name_list(std::string_view what);
  void end_statement(const SdToken& keyword);
  void skip_statement();
  void skip_block();
  // Parses "{ element* }", calling on_element for each element; reports problems as in
  // `context` ("field 'title'").
  void parse_block(const std::string& context, const ElementFn& on_element);
  void parse_elements(const std::string& context, int open_line, const ElementFn& on_element);
  std::vector<SettingItem> read_settings(const SdToken& keyword);
  std::optional<RawText> read_value_or_block(const SdToken& keyword);
  std::optional<int> read_int(const SdToken& keyword);
  // Consumes an unsupported element and reports it as `construct`, or when that is empty as
  // "<keyword> '<name>'" (e.g. "onnx-model 'ranker'").
  void reject(const SdToken& keyword, const std::string& construct = "");
  void ignore_with_warning(const SdToken& keyword, const std::string& why);
  std::string named_construct(const SdToken& keyword);  // keyword consumed, its name not

  // --- schema level (sd_parser_schema.cpp) ---
  void parse_schema();
  bool schema_element(const SdToken& t);
  void parse_document();
  void parse_schema_stemming();
  void parse_fieldset();
  void parse_document_summary();
  void parse_summary_field(SummaryClass& summary_class);

  // --- fields (sd_parser_field.cpp) ---
  void parse_field(bool in_document);
  std::optional<DataType> parse_type(const std::string& field_name);
  bool field_element(FieldDraft& fd, const SdToken& t);
  void parse_indexing(FieldDraft& fd);
  void parse_match(FieldDraft& fd);
  void parse_stemming(FieldDraft& fd);
  void parse_attribute_settings(FieldDraft& fd);
  void parse_summary_setting(FieldDraft& fd);
  void parse_rank_setting(FieldDraft& fd);
  void parse_index_setting(FieldDraft& fd);
  void parse_alias(FieldDraft& fd);

  // --- rank profiles (sd_parser_rank.cpp) ---
  void parse_rank_profile();
  bool profile_element(ProfileDraft& p, const SdToken& t);
  void parse_phase(ProfileDraft& p, bool second);
  void parse_function(ProfileDraft& p);
  RankExprPtr parse_expression_element(const std::vector<std::string>& params);

  SdLexer lexer_;
  DiagnosticSink& sink_;
  SchemaDraft draft_;
  int block_depth_ = 0;  // blocks being parsed; the schema block is 1
};

}  // namespace grove::schema
