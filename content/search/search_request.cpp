#include "content/search/search_request.h"

namespace grove::search {

void CorpusStats::merge(const CorpusStats& other) {
  total_docs += other.total_docs;
  for (const FieldLengthTotals& f : other.fields) {
    FieldLengthTotals* mine = const_cast<FieldLengthTotals*>(field(f.field));
    if (mine == nullptr) {
      fields.push_back(f);
    } else {
      mine->length_sum += f.length_sum;
      mine->doc_count += f.doc_count;
    }
  }
  for (const TermDocFreq& t : other.terms) {
    bool found = false;
    for (TermDocFreq& mine : terms) {
      if (mine.field == t.field && mine.term == t.term) {
        mine.doc_freq += t.doc_freq;
        found = true;
        break;
      }
    }
    if (!found) terms.push_back(t);
  }
}

std::optional<uint64_t> CorpusStats::doc_freq(std::string_view field, std::string_view term) const {
  for (const TermDocFreq& t : terms) {
    if (t.field == field && t.term == term) return t.doc_freq;
  }
  return std::nullopt;
}

const FieldLengthTotals* CorpusStats::field(std::string_view name) const {
  for (const FieldLengthTotals& f : fields) {
    if (f.field == name) return &f;
  }
  return nullptr;
}

}  // namespace grove::search
