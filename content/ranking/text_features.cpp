#include "content/ranking/text_features.h"

#include <algorithm>
#include <cmath>

#include "content/ranking/bm25.h"

namespace grove::ranking {

using index::RowId;

TextFeatures::TextFeatures(const RankQuery& query, const index::IndexConfig& config)
    : md_(query.match_data),
      fields_(config.index_fields().size()),
      attributes_(config.attributes().size()) {
  for (index::FieldId f = 0; f < fields_.size(); ++f) {
    fields_[f].field_weight = config.index_fields()[f].weight;
    fields_[f].lengths = query.snapshot->field_lengths(f);
  }
  for (const RankTerm& term : query.terms) {
    const double weight = term.weight / 100.0;
    for (const RankTermField& tf : term.fields) {
      const double sig = weight * bm25_idf(query.total_docs, tf.doc_freq);
      fields_[tf.field].terms.push_back(Term{tf.slot, sig, term.phrase_length});
    }
    for (const RankTermAttribute& ta : term.attributes) {
      attributes_[ta.attribute].push_back(Term{ta.slot, weight, 1});
    }
  }
  for (index::FieldId f = 0; f < fields_.size(); ++f) {
    if (!fields_[f].terms.empty()) searched_fields_.push_back(f);
  }
  for (index::AttributeId a = 0; a < attributes_.size(); ++a) {
    if (!attributes_[a].empty()) searched_attrs_.push_back(a);
  }
}

// A matched term: half for how often it occurs, half for how early it first occurs.
double TextFeatures::term_match(const Term& t, RowId row) const {
  const TermFieldMatch& m = md_->slot(t.slot);
  if (m.row != row) return 0;
  const double occurrences = m.tf / (m.tf + 1.0);
  const double early = m.num_positions == 0 ? 0.5 : 1.0 / (1.0 + m.positions[0] / 8.0);
  return 0.5 * occurrences + 0.5 * early;
}

double TextFeatures::field_native_match(const FieldTerms& f, RowId row) const {
  double sum = 0;
  double total = 0;
  for (const Term& t : f.terms) {
    sum += t.significance * term_match(t, row);
    total += t.significance;
  }
  return total > 0 ? sum / total : 0;
}

double TextFeatures::native_field_match(std::span<const index::FieldId> fields, RowId row) const {
  double sum = 0;
  double total = 0;
  for (index::FieldId f : fields) {
    if (fields_[f].terms.empty()) continue;
    sum += fields_[f].field_weight * field_native_match(fields_[f], row);
    total += fields_[f].field_weight;
  }
  return total > 0 ? sum / total : 0;
}

// 1 for `b` right after `a`, 1/d at distance d in query order, half that in reverse order.
double TextFeatures::pair_closeness(const Term& a, const Term& b) const {
  const std::span<const uint32_t> pa = md_->slot(a.slot).position_span();
  const std::span<const uint32_t> pb = md_->slot(b.slot).position_span();
  if (pa.empty() || pb.empty()) return 0;
  double best = 0;
  size_t i = 0;
  for (uint32_t q : pb) {
    while (i + 1 < pa.size() && pa[i + 1] <= q) ++i;
    const int64_t end_a = int64_t{pa[i]} + a.phrase_length - 1;
    if (pa[i] <= q) best = std::max(best, 1.0 / std::max<int64_t>(1, q - end_a));
    if (i + 1 < pa.size() || pa[i] > q) {
      const uint32_t after = pa[i] > q ? pa[i] : pa[i + 1];
      best = std::max(best, 0.5 / std::max<int64_t>(1, int64_t{after} - q));
    }
  }
  return std::min(best, 1.0);
}

double TextFeatures::field_proximity(const FieldTerms& f, RowId row, bool only_matched) const {
  double sum = 0;
  double total = 0;
  const Term* prev = nullptr;
  for (const Term& t : f.terms) {
    if (only_matched && !matched(t, row)) continue;
    if (prev != nullptr) {
      const double w = prev->significance + t.significance;
      total += w;
      if (matched(*prev, row) && matched(t, row)) sum += w * pair_closeness(*prev, t);
    }
    prev = &t;
  }
  return total > 0 ? sum / total : -1;
}

double TextFeatures::native_proximity(std::span<const index::FieldId> fields, RowId row) const {
  double sum = 0;
  double total = 0;
  for (index::FieldId f : fields) {
    if (fields_[f].terms.size() < 2) continue;
    sum += fields_[f].field_weight * std::max(0.0, field_proximity(fields_[f], row, false));
    total += fields_[f].field_weight;
  }
  return total > 0 ? sum / total : 0;
}

double TextFeatures::native_attribute_match(std::span<const index::AttributeId> attrs,
                                            RowId row) const {
  double sum = 0;
  double total = 0;
  for (index::AttributeId a : attrs) {
    for (const Term& t : attributes_[a]) {
      sum += matched(t, row) ? t.significance : 0;
      total += t.significance;
    }
  }
  return total > 0 ? sum / total : 0;
}

double TextFeatures::native_rank(std::span<const index::FieldId> fields,
                                 std::span<const index::AttributeId> attrs, RowId row) const {
  double sum = 0;
  double total = 0;
  bool any_field = false;
  bool any_pair = false;
  for (index::FieldId f : fields) {
    any_field |= !fields_[f].terms.empty();
    any_pair |= fields_[f].terms.size() >= 2;
  }
  bool any_attr = false;
  for (index::AttributeId a : attrs) any_attr |= !attributes_[a].empty();
  if (any_field) {
    sum += 100 * native_field_match(fields, row);
    total += 100;
  }
  if (any_pair) {
    sum += 25 * native_proximity(fields, row);
    total += 25;
  }
  if (any_attr) {
    sum += 100 * native_attribute_match(attrs, row);
    total += 100;
  }
  return total > 0 ? sum / total : 0;
}

double TextFeatures::field_match(index::FieldId field, FieldMatchOutput output, RowId row) const {
  const FieldTerms& f = fields_[field];
  double matched_sig = 0;
  double total_sig = 0;
  double matched_tokens = 0;
  for (const Term& t : f.terms) {
    total_sig += t.significance;
    if (!matched(t, row)) continue;
    matched_sig += t.significance;
    matched_tokens += static_cast<double>(md_->slot(t.slot).tf) * t.phrase_length;
  }
  const double query_completeness = total_sig > 0 ? matched_sig / total_sig : 0;
  const uint32_t length = f.lengths[row];
  const double field_completeness = length == 0 ? 0 : std::min(1.0, matched_tokens / length);
  const double completeness = 0.9 * query_completeness + 0.1 * field_completeness;
  double proximity = field_proximity(f, row, true);
  if (proximity < 0) proximity = matched_sig > 0 ? 1 : 0;  // fewer than two matched terms
  switch (output) {
    case FieldMatchOutput::kCompleteness:
      return completeness;
    case FieldMatchOutput::kQueryCompleteness:
      return query_completeness;
    case FieldMatchOutput::kFieldCompleteness:
      return field_completeness;
    case FieldMatchOutput::kProximity:
      return proximity;
    case FieldMatchOutput::kScore:
      break;
  }
  return completeness * (0.75 + 0.25 * proximity);
}

}  // namespace grove::ranking
