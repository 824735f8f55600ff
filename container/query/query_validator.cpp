#include "container/query/query_validator.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "container/query/close_names.h"

namespace grove::query {

namespace {

using FieldTest = std::function<bool(const schema::Field&)>;

constexpr size_t kMaxListedNames = 12;

bool searchable(const schema::Field& f) { return f.index || f.attribute; }
bool indexed(const schema::Field& f) { return f.index; }
bool numeric_attribute(const schema::Field& f) { return f.attribute && f.type.is_numeric(); }
bool attribute(const schema::Field& f) { return f.attribute; }

std::string schema_names(const std::vector<const schema::Schema*>& schemas) {
  std::string out;
  for (const schema::Schema* s : schemas) out += (out.empty() ? "" : ", ") + s->name();
  return out;
}

// " did you mean 'x'?" or "; known: a, b, c" for an unknown `name`.
std::string hint(std::string_view name, const std::vector<std::string>& candidates) {
  std::vector<std::string> close = close_names(name, candidates);
  if (!close.empty()) return fmt::format("; did you mean {}?", quoted_list(close));
  if (candidates.empty()) return "";
  std::string out = "; known: ";
  for (size_t i = 0; i < candidates.size() && i < kMaxListedNames; ++i) {
    out += (i > 0 ? ", " : "") + candidates[i];
  }
  return candidates.size() > kMaxListedNames ? out + ", ..." : out;
}

std::vector<const schema::Schema*> all_schemas(const config::ApplicationModel& model) {
  std::vector<const schema::Schema*> out;
  for (const schema::Schema& s : model.schemas()) out.push_back(&s);
  return out;
}

QueryValidator::ClusterSchemas cluster_schemas(const config::ApplicationModel& model) {
  QueryValidator::ClusterSchemas out;
  for (const config::ContentCluster& cluster : model.content_clusters()) {
    std::vector<const schema::Schema*>& list = out[cluster.id];
    for (const config::DocumentRef& doc : cluster.documents) {
      if (const schema::Schema* s = model.find_schema(doc.type)) list.push_back(s);
    }
  }
  return out;
}

}  // namespace

// One validation: the schemas of the query's sources and the errors found so far.
class QueryValidator::Run {
 public:
  explicit Run(std::vector<const schema::Schema*> schemas) : schemas_(std::move(schemas)) {}

  void item(const QueryItem& item) {
    switch (item.kind()) {
      case ItemKind::kTerm: return text_field(item.field(), false);
      case ItemKind::kPhrase: return text_field(item.field(), true);
      case ItemKind::kRange: return range_field(item.field());
      default: break;
    }
    for (const QueryItem& child : item.children()) this->item(child);
  }

  void order(const SortKey& key) {
    if (any_field(key.attribute, attribute)) return;
    if (any_field(key.attribute, nullptr)) {
      return error(fmt::format("order by '{}': it is not an attribute, and sorting needs one "
                               "(add 'attribute' to its indexing)", key.attribute));
    }
    error(fmt::format("order by '{}': no such attribute in {}{}", key.attribute,
                      schema_names(schemas_), hint(key.attribute, field_names(attribute))));
  }

  void selected(const std::string& name) {
    if (any_field(name, nullptr) || any_summary_field(name)) return;
    error(fmt::format("select '{}': no such field in {}{}", name, schema_names(schemas_),
                      hint(name, field_names(nullptr))));
  }

  std::vector<QueryError> take_errors() { return std::move(errors_); }

 private:
  void text_field(const std::string& field, bool phrase) {
    const std::string& name = field.empty() ? kDefault : field;
    if (any_field(name, phrase ? FieldTest(indexed) : FieldTest(searchable)) || any_fieldset(name)) {
      return;
    }
    if (any_field(name, nullptr)) {
      return error(phrase ? fmt::format("field '{}' is not indexed, so it cannot hold a phrase", name)
                          : fmt::format("field '{}' is neither indexed nor an attribute, so it "
                                        "cannot be searched", name));
    }
    if (field.empty()) {
      return error(fmt::format("the query has terms without a field, but {} has no field or "
                               "fieldset named 'default': name a field (title contains \"x\", or "
                               "title:x) or set model.defaultIndex", schema_names(schemas_)));
    }
    error(fmt::format("unknown field '{}' in {}{}", name, schema_names(schemas_),
                      hint(name, text_names())));
  }

  void range_field(const std::string& name) {
    if (any_field(name, numeric_attribute)) return;
    const schema::Field* f = first_field(name);
    if (f != nullptr && !f->type.is_numeric()) {
      return error(fmt::format("field '{}' is of type {}: comparisons and range() need a numeric "
                               "attribute", name, f->type.to_string()));
    }
    if (f != nullptr) {
      return error(fmt::format("field '{}' is not an attribute: comparisons and range() need a "
                               "numeric attribute", name));
    }
    if (any_fieldset(name)) {
      return error(fmt::format("'{}' is a fieldset: comparisons and range() need a numeric "
                               "attribute", name));
    }
    error(fmt::format("unknown field '{}' in {}{}", name, schema_names(schemas_),
                      hint(name, field_names(numeric_attribute))));
  }

  // True when some schema has field `name` and it passes `test` (any field when null).
  bool any_field(const std::string& name, const FieldTest& test) const {
    for (const schema::Schema* s : schemas_) {
      const schema::Field* f = s->find_field(name);
      if (f != nullptr && (!test || test(*f))) return true;
    }
    return false;
  }

  const schema::Field* first_field(const std::string& name) const {
    for (const schema::Schema* s : schemas_) {
      if (const schema::Field* f = s->find_field(name)) return f;
    }
    return nullptr;
  }

  bool any_fieldset(const std::string& name) const {
    return std::any_of(schemas_.begin(), schemas_.end(),
                       [&](const schema::Schema* s) { return s->find_fieldset(name) != nullptr; });
  }

  bool any_summary_field(const std::string& name) const {
    for (const schema::Schema* s : schemas_) {
      for (const schema::SummaryClass& c : s->summary_classes()) {
        if (c.find_field(name) != nullptr) return true;
      }
    }
    return false;
  }

  std::vector<std::string> field_names(const FieldTest& test) const {
    std::vector<std::string> out;
    for (const schema::Schema* s : schemas_) {
      for (const schema::Field& f : s->fields()) {
        if (!test || test(f)) out.push_back(f.name);
      }
    }
    return out;
  }

  std::vector<std::string> text_names() const {
    std::vector<std::string> out = field_names(searchable);
    for (const schema::Schema* s : schemas_) {
      for (const schema::FieldSet& set : s->fieldsets()) out.push_back(set.name);
    }
    return out;
  }

  void error(std::string message) {
    QueryError e = QueryError::invalid_query_parameter(std::move(message));
    if (std::find(errors_.begin(), errors_.end(), e) == errors_.end()) errors_.push_back(std::move(e));
  }

  inline static const std::string kDefault = "default";
  std::vector<const schema::Schema*> schemas_;
  std::vector<QueryError> errors_;
};

QueryValidator::QueryValidator(const config::ApplicationModel& model)
    : QueryValidator(all_schemas(model), cluster_schemas(model)) {}

QueryValidator::QueryValidator(std::vector<const schema::Schema*> schemas)
    : QueryValidator(std::move(schemas), ClusterSchemas()) {}

QueryValidator::QueryValidator(
    std::vector<const schema::Schema*> schemas,
    ClusterSchemas clusters)
    : schemas_(std::move(schemas)), clusters_(std::move(clusters)) {
  for (const schema::Schema* s : schemas_) {
    GROVE_ASSERT(s != nullptr);
    for (const schema::Field& f : s->fields()) searchable_names_.insert(f.name);
    for (const schema::FieldSet& set : s->fieldsets()) searchable_names_.insert(set.name);
  }
}

Result<std::vector<const schema::Schema*>> QueryValidator::resolve_sources(
    const std::vector<std::string>& sources) const {
  if (sources.empty()) return schemas_;
  std::vector<const schema::Schema*> out;
  auto add = [&out](const schema::Schema* s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  };
  for (const std::string& source : sources) {
    auto doc = std::find_if(schemas_.begin(), schemas_.end(),
                            [&](const schema::Schema* s) { return s->name() == source; });
    auto cluster = clusters_.find(source);
    if (doc != schemas_.end()) {
      add(*doc);
    } else if (cluster != clusters_.end()) {
      for (const schema::Schema* s : cluster->second) add(s);
    } else {
      return Status::InvalidArgument(fmt::format(
          "unknown source '{}': not a document type or content cluster{}", source,
          hint(source, source_names())));
    }
  }
  return out;
}

std::vector<std::string> QueryValidator::source_names() const {
  std::vector<std::string> out;
  for (const schema::Schema* s : schemas_) out.push_back(s->name());
  for (const auto& [id, list] : clusters_) out.push_back(id);
  return out;
}

std::vector<QueryError> QueryValidator::validate(const Query& query) const {
  Result<std::vector<const schema::Schema*>> schemas = resolve_sources(query.sources);
  if (!schemas.ok()) return {to_query_error(schemas.status())};
  if (schemas->empty()) {
    return {QueryError::invalid_query_parameter("the application has no document types to search")};
  }
  Run run(std::move(schemas).value());
  run.item(query.root);
  for (const SortKey& key : query.order_by) run.order(key);
  for (const std::string& name : query.select_fields) run.selected(name);
  return run.take_errors();
}

}  // namespace grove::query
