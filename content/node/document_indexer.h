#pragma once

// DocumentIndexer: turns a document into what the index stores (index::IndexInput), with the
// linguistics each field asks for:
//  - `index` string fields with match text: normalized, tokenized, stemmed when the field stems;
//    array elements are separated by a position gap so a phrase cannot span two elements;
//  - `index` fields with match word or exact: the whole normalized value is one token;
//  - `attribute` fields: the typed value (string attributes are normalized, so that word
//    matching and sorting are case-insensitive).
// Synthetic fields (`input other | index`) take the value of their source field.
//
// Owned by a DocumentDb and confined to its writer thread (the tokenizer reuses buffers).

#include "config-model/schema/schema.h"
#include "content/index/index_input.h"
#include "services/base/status.h"
#include "services/document/document.h"
#include "services/text/normalizer.h"
#include "services/text/tokenizer.h"

namespace grove::content {

class DocumentIndexer {
 public:
  // The tokenizer gets the stemmer's indexing-sized cache: an indexer sees the whole vocabulary.
  explicit DocumentIndexer(const schema::Schema& schema)
      : schema_(schema), tokenizer_(text::EnglishStemmer::kIndexingCacheSlots) {}

  // Fills `out` (cleared first) for `doc`. Never fails for a document of the schema's type.
  void build(const document::Document& doc, index::IndexInput& out);

 private:
  // Fills `input` (cleared first) with the tokens of a text field; false for a field whose
  // value is not text (numeric fields are matched through their attribute).
  bool add_index_field(const schema::Field& field, const document::FieldValue& value,
                       index::IndexFieldInput& input);
  void add_text(const schema::Field& field, std::string_view text, uint32_t& position,
                index::IndexFieldInput& out);

  const schema::Schema& schema_;
  text::Tokenizer tokenizer_;
  text::Normalizer normalizer_;
};

// The linguistics of a field as applied to both documents and query terms.
text::Stemming stemming_of(const schema::Field& field);
bool is_whole_value_match(const schema::Field& field);

}  // namespace grove::content
