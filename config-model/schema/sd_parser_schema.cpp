#include "config-model/schema/sd_parser.h"

namespace grove::schema {

// --- schema, document, fieldset, document-summary -------------------------------------------

SchemaDraft SdParser::parse() {
  const SdToken& t = lexer_.peek();
  if (t.kind == SdToken::Kind::kEnd) {
    sink_.error(1, "empty schema file; expected 'schema NAME { ... }'");
    return std::move(draft_);
  }
  if (t.is("schema") || t.is("search")) {
    parse_schema();
  } else {
    sink_.error(t.line, "expected 'schema' but found " + describe(t));
    return std::move(draft_);
  }
  const SdToken& rest = lexer_.peek();
  if (rest.kind != SdToken::Kind::kEnd) {
    sink_.error(rest.line, "unexpected " + describe(rest) + " after the end of schema '" +
                               draft_.name + "'; a .sd file holds exactly one schema");
  }
  return std::move(draft_);
}

void SdParser::parse_schema() {
  SdToken kw = lexer_.next();
  draft_.line = kw.line;
  std::optional<std::string> name =
      expect_name("a schema name after '" + std::string(kw.text) + "'");
  if (!name) return skip_statement();
  draft_.name = *name;
  if (accept("inherits")) {
    std::vector<std::string> parents = name_list("a schema name after 'inherits'");
    sink_.unsupported(kw.line, "schema inheritance ('inherits " +
                                   (parents.empty() ? std::string() : parents[0]) + "')");
  }
  parse_block("schema '" + draft_.name + "'",
              [this](const SdToken& t) { return schema_element(t); });
}

bool SdParser::schema_element(const SdToken& t) {
  if (t.is("document")) {
    parse_document();
  } else if (t.is("field")) {
    parse_field(false);
  } else if (t.is("fieldset")) {
    parse_fieldset();
  } else if (t.is("document-summary")) {
    parse_document_summary();
  } else if (t.is("rank-profile")) {
    parse_rank_profile();
  } else if (t.is("stemming")) {
    parse_schema_stemming();
  } else if (t.is("import")) {
    reject(t, "import field");
  } else if (t.is("constant") || t.is("constants") || t.is("onnx-model") || t.is("model") ||
             t.is("annotation") || t.is("struct") || t.is("index")) {
    reject(t);
  } else if (t.is("raw-as-base64-in-summary")) {
    ignore_with_warning(t, "Grove has no raw fields");
  } else {
    return false;
  }
  return true;
}

void SdParser::parse_document() {
  SdToken kw = lexer_.next();
  std::optional<std::string> name = expect_name("a document type name after 'document'");
  if (!name) return skip_statement();
  if (draft_.document_line != 0) {
    sink_.error(kw.line, "second document block in schema '" + draft_.name +
                             "' (the first is at line " + std::to_string(draft_.document_line) +
                             "); a schema has exactly one document");
  } else {
    draft_.document_name = *name;
    draft_.document_line = kw.line;
  }
  if (accept("inherits")) {
    std::vector<std::string> parents = name_list("a document type after 'inherits'");
    sink_.unsupported(kw.line, "document inheritance ('inherits " +
                                   (parents.empty() ? std::string() : parents[0]) + "')");
  }
  parse_block("document '" + *name + "'", [this](const SdToken& t) {
    if (t.is("field")) {
      parse_field(true);
    } else if (t.is("struct") || t.is("annotation")) {
      reject(t);
    } else if (t.is("compression")) {
      ignore_with_warning(t, "Grove always compresses documents with zstd");
    } else {
      return false;
    }
    return true;
  });
}

void SdParser::parse_schema_stemming() {
  SdToken kw = lexer_.next();
  for (const SettingItem& item : read_settings(kw)) {
    std::string_view v = item.key.text;
    if (v == "none")
      draft_.default_stemming = Stemming::kNone;
    else if (v == "best")
      draft_.default_stemming = Stemming::kBest;
    else if (v == "shortest")
      draft_.default_stemming = Stemming::kShortest;
    else if (v == "multiple")
      draft_.default_stemming = Stemming::kMultiple;
    else
      sink_.error(item.key.line, "unknown stemming '" + std::string(v) +
                                     "'; use none, best, shortest or multiple");
  }
}

void SdParser::parse_fieldset() {
  SdToken kw = lexer_.next();
  std::optional<std::string> name = expect_name("a fieldset name");
  if (!name) return skip_statement();
  FieldSet fs{*name, {}, kw.line};
  std::string context = "fieldset '" + *name + "'";
  parse_block(context, [&](const SdToken& t) {
    if (t.is("fields")) {
      SdToken key = lexer_.next();
      if (!expect(":", "after 'fields'")) {
        skip_statement();
        return true;
      }
      for (std::string& f : name_list("a field name")) fs.fields.push_back(std::move(f));
      end_statement(key);
    } else if (t.is("query-command") || t.is("match")) {
      reject(t, std::string(t.text) + " in " + context);
    } else {
      return false;
    }
    return true;
  });
  draft_.fieldsets.push_back(std::move(fs));
}

void SdParser::parse_document_summary() {
  SdToken kw = lexer_.next();
  std::optional<std::string> name = expect_name("a document-summary name");
  if (!name) return skip_statement();
  SummaryClass sc;
  sc.name = *name;
  sc.line = kw.line;
  if (accept("inherits")) sc.inherits = name_list("a document-summary name after 'inherits'");
  parse_block("document-summary '" + *name + "'", [&](const SdToken& t) {
    if (t.is("summary")) {
      parse_summary_field(sc);
    } else if (t.is("from-disk")) {
      // Accepted as is: Grove always reads summaries from its document store.
      end_statement(lexer_.next());
    } else if (t.is("omit-summary-features")) {
      ignore_with_warning(t, "Grove does not return summary-features");
    } else {
      return false;
    }
    return true;
  });
  draft_.summaries.push_back(std::move(sc));
}

void SdParser::parse_summary_field(SummaryClass& sc) {
  SdToken kw = lexer_.next();
  std::optional<std::string> name = expect_name("a summary field name after 'summary'");
  if (!name) return skip_statement();
  SummaryField f{*name, std::nullopt, *name, kw.line};
  if (accept("type")) f.type = parse_type(*name);
  if (!at("{")) {
    end_statement(kw);
    sc.fields.push_back(std::move(f));
    return;
  }
  std::string context = "summary '" + *name + "' of document-summary '" + sc.name + "'";
  parse_block(context, [&](const SdToken& t) {
    if (t.is("source")) {
      SdToken key = lexer_.next();
      if (!expect(":", "after 'source'")) return skip_statement(), true;
      std::vector<std::string> sources = name_list("a source field name");
      if (sources.size() > 1) sink_.unsupported(key.line, "several sources for " + context);
      if (!sources.empty()) f.source = sources[0];
      end_statement(key);
    } else if (t.is("dynamic") || t.is("bolding")) {
      ignore_with_warning(t, "Grove returns the full field value, without snippets or bolding");
    } else if (t.is("full") || t.is("static")) {
      end_statement(lexer_.next());
    } else if (t.is("matched-elements-only") || t.is("tokens")) {
      reject(t, std::string(t.text) + " in " + context);
    } else {
      return false;
    }
    return true;
  });
  sc.fields.push_back(std::move(f));
}

}  // namespace grove::schema
