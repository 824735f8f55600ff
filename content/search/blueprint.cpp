#include "content/search/blueprint.h"

#include <fmt/format.h>

#include <algorithm>

#include "content/ranking/bm25.h"

namespace grove::search {

bool Blueprint::is_scan() const {
  return kind == QueryNodeKind::kRange || kind == QueryNodeKind::kTrue ||
         (kind == QueryNodeKind::kTerm && term_fields.empty() && !term_attributes.empty());
}

// Builds a QueryPlan from a tree, node by node.
class PlanBuilder {
 public:
  PlanBuilder(const index::IndexSnapshot& snapshot, const QueryTree& tree,
              const CorpusStats* global)
      : snap_(snapshot), config_(snapshot.config()), tree_(tree), global_(global) {}

  Result<QueryPlan> run() {
    plan_.total_docs_ = global_ != nullptr ? static_cast<double>(global_->total_docs)
                                           : static_cast<double>(snap_.active_docs());
    for (index::FieldId f = 0; f < config_.index_fields().size(); ++f) {
      plan_.avg_field_length_.push_back(average_length(f));
    }
    GROVE_ASSIGN_OR_RETURN(plan_.root_, node(tree_.root, 0));
    return std::move(plan_);
  }

 private:
  struct Fields {
    std::vector<index::FieldId> indexed;
    std::vector<index::AttributeId> attributes;
  };

  double average_length(index::FieldId f) const {
    if (global_ != nullptr) {
      if (const FieldLengthTotals* t = global_->field(config_.index_fields()[f].name)) {
        return t->doc_count == 0 ? 1.0 : static_cast<double>(t->length_sum) / t->doc_count;
      }
    }
    return snap_.field_stats(f).average();
  }

  double doc_freq(index::FieldId f, const std::string& term, const index::PostingView& v) {
    // Rows added inactive are not in the document frequency (DESIGN §4).
    plan_.terms_.push_back(PlannedTerm{f, term, v.doc_freq()});
    if (global_ != nullptr) {
      if (auto df = global_->doc_freq(config_.index_fields()[f].name, term)) {
        return static_cast<double>(*df);
      }
    }
    return v.doc_freq();
  }

  Result<Fields> resolve(const std::string& name) const {
    const std::string& field = name.empty() ? kDefaultFieldSet : name;
    Fields out;
    if (add_field(field, out)) return out;
    if (const index::FieldSetConfig* fs = config_.find_fieldset(field)) {
      for (const std::string& member : fs->fields) add_field(member, out);
      return out;
    }
    return Status::InvalidArgument(fmt::format("query: unknown field '{}'", field));
  }

  bool add_field(const std::string& name, Fields& out) const {
    if (auto f = config_.find_index_field(name)) {
      out.indexed.push_back(*f);
      return true;
    }
    if (auto a = config_.find_attribute(name)) {
      out.attributes.push_back(*a);
      return true;
    }
    return false;
  }

  Result<Blueprint> node(uint32_t index, int depth);
  Result<Blueprint> term(const QueryNode& n);
  Result<Blueprint> phrase(const QueryNode& n);
  Result<Blueprint> range(const QueryNode& n);
  Result<Blueprint> parent(const QueryNode& n, int depth);

  static inline const std::string kDefaultFieldSet = "default";
  const index::IndexSnapshot& snap_;
  const index::IndexConfig& config_;
  const QueryTree& tree_;
  const CorpusStats* global_;
  QueryPlan plan_;
};

Result<Blueprint> PlanBuilder::node(uint32_t index, int depth) {
  if (index >= tree_.nodes.size()) {
    return Status::InvalidArgument(fmt::format("query: node index {} out of range", index));
  }
  if (depth > 256) return Status::InvalidArgument("query: tree deeper than 256 (or cyclic)");
  const QueryNode& n = tree_.nodes[index];
  switch (n.kind) {
    case QueryNodeKind::kTerm:
      return term(n);
    case QueryNodeKind::kPhrase:
      return phrase(n);
    case QueryNodeKind::kRange:
      return range(n);
    case QueryNodeKind::kTrue:
    case QueryNodeKind::kFalse: {
      Blueprint bp;
      bp.kind = n.kind;
      bp.estimate = n.kind == QueryNodeKind::kTrue ? snap_.active_docs() : 0;
      return bp;
    }
    default:
      return parent(n, depth);
  }
}

Result<Blueprint> PlanBuilder::term(const QueryNode& n) {
  GROVE_ASSIGN_OR_RETURN(Fields fields, resolve(n.field));
  Blueprint bp;
  bp.kind = QueryNodeKind::kTerm;
  bp.term = n.term;
  ranking::RankTerm rank_term;
  rank_term.weight = n.weight;
  for (index::FieldId f : fields.indexed) {
    index::PostingView v = snap_.lookup(f, n.term);
    const uint32_t slot = plan_.num_slots_++;
    bp.term_fields.push_back({f, v, slot});
    rank_term.fields.push_back({f, slot, doc_freq(f, n.term, v)});
    bp.estimate += v.count;
  }
  for (index::AttributeId a : fields.attributes) {
    const uint32_t slot = plan_.num_slots_++;
    bp.term_attributes.push_back({a, slot});
    rank_term.attributes.push_back({a, slot});
    bp.estimate += snap_.row_limit();
  }
  plan_.rank_terms_.push_back(std::move(rank_term));
  return bp;
}

Result<Blueprint> PlanBuilder::phrase(const QueryNode& n) {
  if (n.words.empty()) return Status::InvalidArgument("query: phrase without words");
  GROVE_ASSIGN_OR_RETURN(Fields fields, resolve(n.field));
  if (fields.indexed.empty()) {
    return Status::InvalidArgument(
        fmt::format("query: phrase search needs an indexed field, '{}' has none", n.field));
  }
  Blueprint bp;
  bp.kind = QueryNodeKind::kPhrase;
  ranking::RankTerm rank_term;
  rank_term.weight = n.weight;
  rank_term.phrase_length = static_cast<uint32_t>(n.words.size());
  for (index::FieldId f : fields.indexed) {
    Blueprint::PhraseField pf{f, {}, plan_.num_slots_++, config_.index_fields()[f].positions};
    double df = 0;
    uint64_t estimate = UINT64_MAX;
    for (const std::string& w : n.words) {
      pf.words.push_back(snap_.lookup(f, w));
      const double word_df = doc_freq(f, w, pf.words.back());
      df = pf.words.size() == 1 ? word_df : std::min(df, word_df);
      estimate = std::min<uint64_t>(estimate, pf.words.back().count);
    }
    rank_term.fields.push_back({f, pf.slot, df});
    bp.estimate += estimate;
    bp.phrase_fields.push_back(std::move(pf));
  }
  plan_.rank_terms_.push_back(std::move(rank_term));
  return bp;
}

Result<Blueprint> PlanBuilder::range(const QueryNode& n) {
  std::optional<index::AttributeId> a = config_.find_attribute(n.field);
  if (!a) {
    if (config_.find_index_field(n.field) || config_.find_fieldset(n.field)) {
      return Status::InvalidArgument(
          fmt::format("query: range on '{}' needs a numeric attribute", n.field));
    }
    return Status::InvalidArgument(fmt::format("query: unknown field '{}'", n.field));
  }
  if (config_.attributes()[*a].type == index::AttributeType::kString) {
    return Status::InvalidArgument(
        fmt::format("query: range on '{}' needs a numeric attribute, not a string", n.field));
  }
  Blueprint bp;
  bp.kind = QueryNodeKind::kRange;
  bp.attribute = *a;
  bp.lower = n.lower;
  bp.upper = n.upper;
  bp.estimate = snap_.row_limit();
  // Outside every value the column holds: nothing can match.
  const index::AttributeView column = snap_.attribute(*a);
  const bool below = n.upper && (n.upper->inclusive ? column.min_value > n.upper->value
                                                    : column.min_value >= n.upper->value);
  const bool above = n.lower && (n.lower->inclusive ? column.max_value < n.lower->value
                                                    : column.max_value <= n.lower->value);
  if (below || above || column.min_value > column.max_value) {
    bp.kind = QueryNodeKind::kFalse;
    bp.estimate = 0;
  }
  return bp;
}

Result<Blueprint> PlanBuilder::parent(const QueryNode& n, int depth) {
  if (n.children.empty())
    return Status::InvalidArgument("query: AND/OR/ANDNOT/WEAKAND without children");
  Blueprint bp;
  bp.kind = n.kind;
  bp.target_hits = n.target_hits;
  for (uint32_t c : n.children) {
    const size_t first_term = plan_.rank_terms_.size();
    GROVE_ASSIGN_OR_RETURN(Blueprint child, node(c, depth + 1));
    if (n.kind == QueryNodeKind::kWeakAnd) {
      // A term's weight: its query weight times the idf of its rarest field.
      double df = static_cast<double>(child.estimate);
      double weight = 1.0;
      if (plan_.rank_terms_.size() == first_term + 1) {
        const ranking::RankTerm& t = plan_.rank_terms_.back();
        weight = t.weight / 100.0;
        if (!t.fields.empty()) {
          df = t.fields[0].doc_freq;
          for (const auto& f : t.fields) df = std::min(df, f.doc_freq);
        }
      }
      bp.child_weights.push_back(weight * ranking::bm25_idf(plan_.total_docs_, df));
    }
    bp.children.push_back(std::move(child));
  }
  const bool empty_child =
      std::any_of(bp.children.begin(), bp.children.end(),
                  [](const Blueprint& c) { return c.kind == QueryNodeKind::kFalse; });
  if ((n.kind == QueryNodeKind::kAnd && empty_child) ||
      (n.kind == QueryNodeKind::kAndNot && bp.children[0].kind == QueryNodeKind::kFalse)) {
    bp.kind = QueryNodeKind::kFalse;  // its terms stay in the rank terms, matching nothing
    bp.children.clear();
    bp.estimate = 0;
    return bp;
  }
  const uint64_t limit = snap_.row_limit();
  switch (n.kind) {
    case QueryNodeKind::kAnd:
      bp.estimate = limit;
      for (const Blueprint& c : bp.children) bp.estimate = std::min(bp.estimate, c.estimate);
      break;
    case QueryNodeKind::kAndNot:
      bp.estimate = bp.children[0].estimate;
      break;
    default:
      for (const Blueprint& c : bp.children) bp.estimate += c.estimate;
      bp.estimate = std::min(bp.estimate, limit);
  }
  return bp;
}

Result<QueryPlan> QueryPlan::build(const index::IndexSnapshot& snapshot, const QueryTree& tree,
                                   const CorpusStats* global_stats) {
  return PlanBuilder(snapshot, tree, global_stats).run();
}

}  // namespace grove::search
