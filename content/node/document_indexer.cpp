#include "content/node/document_indexer.h"

namespace grove::content {

namespace {

// Positions skipped between array elements, so that phrases never match across elements.
constexpr uint32_t kElementGap = 100;

index::AttributeValue to_attribute(const document::FieldValue& value, text::Normalizer& norm) {
  using document::FieldValue;
  return std::visit(
      [&](const auto& v) -> index::AttributeValue {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return std::string(norm.normalize(v));
        } else if constexpr (std::is_same_v<T, bool>) {
          return v;
        } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
          return static_cast<double>(v);
        } else if constexpr (std::is_integral_v<T>) {
          return static_cast<int64_t>(v);
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          std::vector<std::string> out;
          for (const auto& s : v) out.emplace_back(norm.normalize(s));
          return out;
        } else if constexpr (std::is_same_v<T, std::vector<float>> ||
                             std::is_same_v<T, std::vector<double>>) {
          return std::vector<double>(v.begin(), v.end());
        } else if constexpr (std::is_same_v<T, std::vector<bool>>) {
          return std::vector<int64_t>(v.begin(), v.end());
        } else if constexpr (std::is_same_v<T, document::WeightedSet>) {
          index::WeightedStrings out;
          for (const auto& e : v) out.emplace_back(std::string(norm.normalize(e.key)), e.weight);
          return out;
        } else {
          return std::vector<int64_t>(v.begin(), v.end());  // vectors of integers
        }
      },
      value.storage());
}

}  // namespace

text::Stemming stemming_of(const schema::Field& field) {
  return field.stemming == schema::Stemming::kNone ? text::Stemming::kNone : text::Stemming::kBest;
}

bool is_whole_value_match(const schema::Field& field) {
  return field.match == schema::MatchMode::kWord || field.match == schema::MatchMode::kExact;
}

void DocumentIndexer::build(const document::Document& doc, index::IndexInput& out) {
  // The field inputs of `out` and their token vectors are reused from the previous document,
  // so that indexing does not allocate per document once the vectors have grown.
  size_t fields = 0;
  out.attributes.clear();
  for (const schema::Field& field : schema_.fields()) {
    if (!field.index && !field.attribute) continue;
    const std::string& source = field.input.empty() ? field.name : field.input;
    const document::FieldValue* value = doc.get(source);
    if (value == nullptr) continue;
    if (field.index) {
      if (fields == out.fields.size()) out.fields.emplace_back();
      if (add_index_field(field, *value, out.fields[fields])) ++fields;
    }
    if (field.attribute) out.attributes.push_back({field.name, to_attribute(*value, normalizer_)});
  }
  out.fields.resize(fields);
}

bool DocumentIndexer::add_index_field(const schema::Field& field,
                                      const document::FieldValue& value,
                                      index::IndexFieldInput& input) {
  input.field.assign(field.name);
  input.tokens.clear();
  uint32_t position = 0;
  if (const auto* s = std::get_if<std::string>(&value.storage())) {
    add_text(field, *s, position, input);
  } else if (const auto* a = std::get_if<std::vector<std::string>>(&value.storage())) {
    for (const auto& element : *a) {
      add_text(field, element, position, input);
      position += kElementGap;
    }
  } else if (const auto* w = std::get_if<document::WeightedSet>(&value.storage())) {
    for (const auto& entry : *w) {
      add_text(field, entry.key, position, input);
      position += kElementGap;
    }
  } else {
    return false;  // numeric fields are matched through their attribute
  }
  return true;
}

void DocumentIndexer::add_text(const schema::Field& field, std::string_view text,
                               uint32_t& position, index::IndexFieldInput& out) {
  if (is_whole_value_match(field)) {
    std::string_view whole = normalizer_.normalize(text);
    if (!whole.empty()) out.tokens.push_back({std::string(whole), position++});
    return;
  }
  uint32_t base = position;
  for (const text::Token& token : tokenizer_.tokenize(text, stemming_of(field))) {
    out.tokens.push_back({std::string(token.term), base + token.position});
    position = base + token.position + 1;
  }
}

}  // namespace grove::content
