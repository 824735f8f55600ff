#include "container/dispatch/global_stats_merge.h"

#include <map>
#include <string>
#include <utility>

namespace grove::container {

protocol::GlobalStats merge_global_stats(const std::vector<const protocol::GlobalStats*>& parts) {
  std::map<std::pair<std::string, std::string>, int64_t> terms;
  std::map<std::string, std::pair<int64_t, int64_t>> fields;
  protocol::GlobalStats out;
  out.total_documents = 0;
  for (const protocol::GlobalStats* part : parts) {
    out.total_documents += part->total_documents;
    for (const protocol::TermStats& t : part->terms) terms[{t.field, t.term}] += t.document_frequency;
    for (const protocol::FieldStats& f : part->fields) {
      auto& sums = fields[f.field];
      sums.first += f.length_sum;
      sums.second += f.document_count;
    }
  }
  for (const auto& [key, df] : terms) {
    protocol::TermStats t;
    t.field = key.first;
    t.term = key.second;
    t.document_frequency = df;
    out.terms.push_back(std::move(t));
  }
  for (const auto& [name, sums] : fields) {
    protocol::FieldStats f;
    f.field = name;
    f.length_sum = sums.first;
    f.document_count = sums.second;
    out.fields.push_back(std::move(f));
  }
  return out;
}

}  // namespace grove::container
