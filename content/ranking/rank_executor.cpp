#include "content/ranking/rank_executor.h"

#include <algorithm>

namespace grove::ranking {

using index::AttributeType;
using index::RowId;

namespace {

template <typename T>
double read_single(const index::AttributeView& a, RowId row) {
  const T v = a.as<T>()[row];
  return index::is_undefined(v) ? 0.0 : static_cast<double>(v);
}

// attribute(f): the value of a single-value numeric attribute, 0 when missing or not numeric.
double attribute_value(const index::AttributeView& a, RowId row) {
  if (!a.single()) return 0;
  switch (a.type) {
    case AttributeType::kBool:
      return read_single<uint8_t>(a, row);
    case AttributeType::kByte:
      return read_single<int8_t>(a, row);
    case AttributeType::kInt:
      return read_single<int32_t>(a, row);
    case AttributeType::kLong:
      return read_single<int64_t>(a, row);
    case AttributeType::kFloat:
      return read_single<float>(a, row);
    case AttributeType::kDouble:
      return read_single<double>(a, row);
    case AttributeType::kString:
      return 0;
  }
  return 0;
}

}  // namespace

RankExecutor::RankExecutor(const RankSetup& setup, const RankQuery& query)
    : setup_(setup), query_(query), md_(*query.match_data) {
  bool text = false;
  for (const FeatureSpec& f : setup.features()) text |= f.needs_positions() || f.all_fields;
  if (text) text_ = std::make_unique<TextFeatures>(query, setup.config());
  for (const FeatureSpec& f : setup.features()) bindings_.push_back(bind(f));
  values_.assign(setup.features().size(), 0.0);
  size_t stack = setup.first_phase().max_stack();
  if (setup.second_phase() != nullptr) stack = std::max(stack, setup.second_phase()->max_stack());
  stack_.assign(stack + 1, 0.0);
  bind_linear();
}

RankExecutor::Binding RankExecutor::bind(const FeatureSpec& spec) {
  Binding b;
  b.kind = spec.kind;
  b.fields = spec.all_fields && text_ ? text_->searched_fields() : spec.fields;
  b.attributes = spec.all_fields && text_ ? text_->searched_attributes() : spec.attributes;
  b.output = spec.output;
  switch (spec.kind) {
    case FeatureKind::kBm25:
      b.begin = static_cast<uint32_t>(bm25_.size());
      for (const RankTerm& term : query_.terms) {
        for (const RankTermField& tf : term.fields) {
          if (tf.field != spec.fields[0]) continue;
          Bm25Scorer scorer(bm25_idf(query_.total_docs, tf.doc_freq),
                            query_.avg_field_length[tf.field]);
          bm25_.push_back(Bm25Term{tf.slot, query_.snapshot->field_lengths(tf.field), scorer});
        }
      }
      b.end = static_cast<uint32_t>(bm25_.size());
      break;
    case FeatureKind::kMatches:
      b.begin = static_cast<uint32_t>(match_slots_.size());
      for (const RankTerm& term : query_.terms) {
        for (const RankTermField& tf : term.fields) {
          if (std::find(b.fields.begin(), b.fields.end(), tf.field) != b.fields.end()) {
            match_slots_.push_back(tf.slot);
          }
        }
        for (const RankTermAttribute& ta : term.attributes) {
          if (std::find(b.attributes.begin(), b.attributes.end(), ta.attribute) !=
              b.attributes.end()) {
            match_slots_.push_back(ta.slot);
          }
        }
      }
      b.end = static_cast<uint32_t>(match_slots_.size());
      break;
    case FeatureKind::kAttribute:
      b.attribute = query_.snapshot->attribute(spec.attributes[0]);
      break;
    case FeatureKind::kQuery:
      if (query_.properties != nullptr) {
        auto it = query_.properties->find(spec.query_name);
        if (it != query_.properties->end()) b.constant = it->second;
      }
      break;
    default:
      break;
  }
  return b;
}

void RankExecutor::bind_linear() {
  const auto& form = setup_.linear_first_phase();
  if (!form) return;
  linear_ = true;
  linear_constant_ = form->constant;
  for (const RankTerm& term : query_.terms) {
    for (const RankTermField& tf : term.fields) {
      auto it = form->field_weights.find(tf.field);
      if (it == form->field_weights.end() || it->second == 0) continue;
      Bm25Scorer scorer(bm25_idf(query_.total_docs, tf.doc_freq), query_.avg_field_length[tf.field],
                        it->second);
      slot_scorers_.push_back(SlotScorer{tf.slot, tf.field, scorer});
    }
  }
}

double RankExecutor::value(const Binding& b, RowId row, double first_phase) const {
  switch (b.kind) {
    case FeatureKind::kBm25: {
      double sum = 0;
      for (uint32_t k = b.begin; k < b.end; ++k) {
        const Bm25Term& t = bm25_[k];
        const TermFieldMatch& m = md_.slot(t.slot);
        if (m.row == row) sum += t.scorer.score(m.tf, t.lengths[row]);
      }
      return sum;
    }
    case FeatureKind::kAttribute:
      return attribute_value(b.attribute, row);
    case FeatureKind::kMatches:
      for (uint32_t k = b.begin; k < b.end; ++k) {
        if (md_.slot(match_slots_[k]).row == row) return 1;
      }
      return 0;
    case FeatureKind::kQuery:
      return b.constant;
    case FeatureKind::kFirstPhase:
      return first_phase;
    case FeatureKind::kNativeRank:
      return text_->native_rank(b.fields, b.attributes, row);
    case FeatureKind::kNativeFieldMatch:
      return text_->native_field_match(b.fields, row);
    case FeatureKind::kNativeProximity:
      return text_->native_proximity(b.fields, row);
    case FeatureKind::kFieldMatch:
      return text_->field_match(b.fields[0], b.output, row);
  }
  return 0;
}

void RankExecutor::compute(const std::vector<uint32_t>& features, RowId row, double first_phase) {
  for (uint32_t f : features) values_[f] = value(bindings_[f], row, first_phase);
}

double RankExecutor::first_phase(RowId row) {
  compute(setup_.first_phase_features(), row, 0);
  return setup_.first_phase().run(values_.data(), stack_.data());
}

double RankExecutor::second_phase(RowId row, double first_phase_score) {
  compute(setup_.second_phase_features(), row, first_phase_score);
  return setup_.second_phase()->run(values_.data(), stack_.data());
}

}  // namespace grove::ranking
