#include "config-model/schema/schema_resolver.h"

#include <algorithm>
#include <map>

#include "config-model/schema/rank_profile_resolver.h"

namespace grove::schema {
namespace {

class SchemaResolver {
 public:
  SchemaResolver(const SchemaDraft& draft, DiagnosticSink& sink) : draft_(draft), sink_(sink) {}

  std::optional<Schema> run() {
    check_names();
    std::vector<Field> fields = resolve_fields();
    fields_ = &fields;
    std::vector<FieldSet> fieldsets = resolve_fieldsets();
    std::vector<SummaryClass> summaries = resolve_summaries();
    std::vector<RankProfile> profiles =
        resolve_rank_profiles(draft_.profiles, fields, draft_.rejected_fields, sink_);
    if (sink_.has_errors()) return std::nullopt;
    return Schema(draft_.name, std::move(fields), std::move(fieldsets), std::move(summaries),
                  std::move(profiles));
  }

 private:
  const Field* find_field(const std::string& name) const {
    for (const Field& f : *fields_) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }

  std::string field_names() const {
    std::string out;
    for (const Field& f : *fields_) out += (out.empty() ? "" : ", ") + f.name;
    return out.empty() ? "none" : out;
  }

  // True when `name` is a field, or was rejected already (so it is not reported twice).
  bool known_field(const std::string& name) const {
    return find_field(name) != nullptr || draft_.rejected_fields.count(name) > 0;
  }

  void check_names() {
    if (draft_.name.empty()) return;  // the parser reported it
    if (draft_.document_line == 0) {
      sink_.error(draft_.line, "schema '" + draft_.name + "' has no document; add 'document " +
                                   draft_.name + " { ... }' inside it");
    } else if (draft_.document_name != draft_.name) {
      sink_.error(draft_.document_line, "document '" + draft_.document_name +
                                            "' must have the same name as schema '" + draft_.name +
                                            "'; write 'document " + draft_.name + " {'");
    }
  }

  std::vector<Field> resolve_fields() {
    std::vector<Field> out;
    std::map<std::string, int> seen;
    // Document fields first, so that synthetic fields can be checked against them.
    for (int pass = 0; pass < 2; ++pass) {
      for (const FieldDraft& fd : draft_.fields) {
        if (fd.field.in_document != (pass == 0)) continue;
        auto [it, inserted] = seen.emplace(fd.field.name, fd.field.line);
        if (!inserted) {
          sink_.error(fd.field.line, "duplicate field '" + fd.field.name +
                                         "' (first declared at line " + std::to_string(it->second) +
                                         "); rename one of them");
          continue;
        }
        out.push_back(resolve_field(fd, out));
      }
    }
    return out;
  }

  Field resolve_field(const FieldDraft& fd, const std::vector<Field>& so_far) {
    Field f = fd.field;
    bool text_index = f.index && f.type.is_string();
    if (!fd.match_set) f.match = text_index ? MatchMode::kText : MatchMode::kWord;
    if (!fd.stemming_set && text_index) {
      f.stemming = draft_.default_stemming.value_or(Stemming::kBest);
    }
    if (f.fast_search && !f.attribute) {
      sink_.warning(fd.fast_search_line, "'attribute: fast-search' on field '" + f.name +
                                             "' has no effect: its indexing statement has no "
                                             "'attribute'");
    }
    if (f.in_document) {
      if (!f.input.empty() && f.input != f.name) {
        sink_.error(f.line, "document field '" + f.name + "' cannot read field '" + f.input +
                                "'; declare '" + f.name +
                                "' outside the document block to derive it from another field");
      }
      f.input.clear();
      return f;
    }
    check_synthetic(fd, f, so_far);
    return f;
  }

  void check_synthetic(const FieldDraft& fd, const Field& f, const std::vector<Field>& so_far) {
    std::string what = "field '" + f.name + "' outside the document";
    if (!fd.has_indexing || f.input.empty()) {
      sink_.error(f.line, what +
                              " must read a document field; write e.g. 'indexing: input "
                              "<field> | index'");
      return;
    }
    if (draft_.rejected_fields.count(f.input) > 0) return;
    const Field* source = nullptr;
    for (const Field& d : so_far) {
      if (d.in_document && d.name == f.input) source = &d;
    }
    if (source == nullptr) {
      sink_.error(f.line, what + " reads unknown document field '" + f.input + "'");
    } else if (source->type != f.type) {
      sink_.error(f.line, what + " has type " + f.type.to_string() + " but reads field '" +
                              f.input + "' of type " + source->type.to_string() +
                              "; declare it as 'type " + source->type.to_string() + "'");
    }
  }

  std::vector<FieldSet> resolve_fieldsets() {
    std::vector<FieldSet> out;
    std::map<std::string, int> seen;
    for (const FieldSet& fs : draft_.fieldsets) {
      if (auto [it, inserted] = seen.emplace(fs.name, fs.line); !inserted) {
        sink_.error(fs.line, "duplicate fieldset '" + fs.name + "' (first declared at line " +
                                 std::to_string(it->second) + ")");
        continue;
      }
      if (fs.fields.empty()) {
        sink_.error(fs.line, "fieldset '" + fs.name + "' has no fields; add 'fields: a, b'");
      }
      for (const std::string& name : fs.fields) {
        if (known_field(name)) continue;
        sink_.error(fs.line, "fieldset '" + fs.name + "' references unknown field '" + name +
                                 "'; fields: " + field_names());
      }
      out.push_back(fs);
    }
    return out;
  }

  std::vector<SummaryClass> resolve_summaries() {
    std::map<std::string, const SummaryClass*> by_name;
    for (const SummaryClass& sc : draft_.summaries) {
      if (sc.name == "default") {
        sink_.error(sc.line,
                    "document-summary 'default' is generated from the fields with "
                    "'summary' in their indexing statement; choose another name");
      } else if (auto [it, inserted] = by_name.emplace(sc.name, &sc); !inserted) {
        sink_.error(sc.line, "duplicate document-summary '" + sc.name +
                                 "' (first declared at line " + std::to_string(it->second->line) +
                                 ")");
      }
    }
    std::vector<SummaryClass> out = {implicit_default_summary()};
    for (const SummaryClass& sc : draft_.summaries) {
      auto it = by_name.find(sc.name);
      if (it == by_name.end() || it->second != &sc) continue;  // a reported duplicate
      std::vector<std::string> chain;
      SummaryClass resolved = sc;
      resolved.fields = summary_fields(sc, by_name, chain);
      out.push_back(std::move(resolved));
    }
    return out;
  }

  SummaryClass implicit_default_summary() const {
    SummaryClass sc;
    sc.name = "default";
    sc.implicit = true;
    for (const Field& f : *fields_) {
      if (f.summary) sc.fields.push_back(SummaryField{f.name, f.type, f.name, f.line});
    }
    return sc;
  }

  // The fields of `sc` with inherited ones first; own fields replace inherited ones.
  std::vector<SummaryField> summary_fields(const SummaryClass& sc,
                                           const std::map<std::string, const SummaryClass*>& all,
                                           std::vector<std::string>& chain) {
    std::vector<SummaryField> out;
    chain.push_back(sc.name);
    for (const std::string& parent : sc.inherits) {
      auto it = all.find(parent);
      if (it == all.end() && parent != "default") {
        sink_.error(sc.line, "document-summary '" + sc.name +
                                 "' inherits unknown "
                                 "document-summary '" +
                                 parent + "'");
      } else if (std::find(chain.begin(), chain.end(), parent) != chain.end()) {
        sink_.error(sc.line, "inheritance cycle: document-summary '" + sc.name + "' inherits '" +
                                 parent + "', which inherits it back");
      } else {
        std::vector<SummaryField> inherited = it == all.end()
                                                  ? implicit_default_summary().fields
                                                  : summary_fields(*it->second, all, chain);
        for (auto& f : inherited) add_summary_field(out, std::move(f));
      }
    }
    bool own = chain.size() == 1;  // report unknown sources once, where they are written
    for (const SummaryField& f : sc.fields) {
      if (own && !known_field(f.source)) {
        sink_.error(f.line, "summary field '" + f.name + "' in document-summary '" + sc.name +
                                "' refers to unknown field '" + f.source +
                                "'; add 'source: <field>' or use one of: " + field_names());
      }
      add_summary_field(out, f);
    }
    chain.pop_back();
    return out;
  }

  static void add_summary_field(std::vector<SummaryField>& fields, SummaryField f) {
    for (auto& existing : fields) {
      if (existing.name == f.name) {
        existing = std::move(f);
        return;
      }
    }
    fields.push_back(std::move(f));
  }

  const SchemaDraft& draft_;
  DiagnosticSink& sink_;
  const std::vector<Field>* fields_ = nullptr;
};

}  // namespace

std::optional<Schema> resolve_schema(const SchemaDraft& draft, DiagnosticSink& sink) {
  return SchemaResolver(draft, sink).run();
}

}  // namespace grove::schema
