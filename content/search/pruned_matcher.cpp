#include "content/search/pruned_matcher.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

namespace grove::search {
namespace {

using ranking::LinearBm25Form;

bool is_plain_term(const Blueprint& b) {
  return b.kind == QueryNodeKind::kTerm && b.term_attributes.empty();
}

bool is_group(const Blueprint& b) {
  if (is_plain_term(b)) return true;
  if (b.kind != QueryNodeKind::kOr) return false;
  return std::all_of(b.children.begin(), b.children.end(), is_plain_term);
}

bool is_single_phrase(const Blueprint& b) {
  return b.kind == QueryNodeKind::kPhrase && b.phrase_fields.size() == 1 &&
         b.phrase_fields[0].positions &&
         std::none_of(b.phrase_fields[0].words.begin(), b.phrase_fields[0].words.end(),
                      [](const index::PostingView& v) { return v.empty(); });
}

bool weighted(index::FieldId f, const LinearBm25Form& form) {
  auto it = form.field_weights.find(f);
  return it != form.field_weights.end() && it->second != 0;
}

bool has_scored_leaf(const Blueprint& b, const LinearBm25Form& form) {
  for (const auto& tf : b.term_fields) {
    if (weighted(tf.field, form)) return true;
  }
  for (const auto& pf : b.phrase_fields) {
    if (weighted(pf.field, form)) return true;
  }
  return std::any_of(b.children.begin(), b.children.end(),
                     [&](const Blueprint& c) { return has_scored_leaf(c, form); });
}

struct Shape {
  std::vector<const Blueprint*> groups;
  std::vector<const Blueprint*> filters;
  std::vector<const Blueprint*> negatives;
};

std::optional<Shape> shape_of(const Blueprint& root, const LinearBm25Form& form) {
  Shape shape;
  const Blueprint* positive = &root;
  if (root.kind == QueryNodeKind::kAndNot) {
    positive = &root.children[0];
    for (size_t i = 1; i < root.children.size(); ++i) shape.negatives.push_back(&root.children[i]);
  }
  if (is_group(*positive) || is_single_phrase(*positive)) {
    shape.groups.push_back(positive);
    return shape;
  }
  if (positive->kind != QueryNodeKind::kAnd) return std::nullopt;
  size_t phrases = 0;
  for (const Blueprint& c : positive->children) {
    if (is_group(c) || is_single_phrase(c)) {
      shape.groups.push_back(&c);
      phrases += c.kind == QueryNodeKind::kPhrase ? 1 : 0;
    } else if (!has_scored_leaf(c, form)) {
      shape.filters.push_back(&c);
    } else {
      return std::nullopt;
    }
  }
  // A phrase is supported as the only group.
  if (shape.groups.empty() || (phrases > 0 && shape.groups.size() > 1)) return std::nullopt;
  return shape;
}

}  // namespace

bool PrunedMatcher::applies(const QueryContext& q) {
  const auto& form = q.exec.setup().linear_first_phase();
  return form.has_value() && q.exec.linear_terms() != nullptr &&
         shape_of(q.plan.root(), *form).has_value();
}

PrunedMatcher::PrunedMatcher(const QueryContext& q, RelevanceTopK& top)
    : q_(q), top_(top), active_(q.snapshot.active()) {
  const Shape shape = *shape_of(q.plan.root(), *q.exec.setup().linear_first_phase());
  constant_ = q.exec.linear_constant();
  for (const Blueprint* g : shape.groups) {
    if (g->kind == QueryNodeKind::kPhrase) {
      add_phrase(*g);
    } else {
      add_group(*g, static_cast<uint32_t>(groups_.size()));
      groups_.push_back(Group{0, 0});
    }
  }
  for (const Blueprint* f : shape.filters) {
    filters_.push_back(QueryPlan::make_node_iterator(*f, q.snapshot, q.md, false, false));
  }
  for (const Blueprint* n : shape.negatives) {
    negatives_.push_back(QueryPlan::make_node_iterator(*n, q.snapshot, q.md, false, false));
  }
  if (phrase_ == nullptr && groups_.size() > 1) {
    prepare_conjunction();
  } else {
    prepare_disjunction();
  }
}

const ranking::Bm25Scorer* PrunedMatcher::scorer_of(uint32_t slot) const {
  for (const auto& s : *q_.exec.linear_terms()) {
    if (s.slot == slot) return &s.scorer;
  }
  return nullptr;
}

void PrunedMatcher::add_group(const Blueprint& node, uint32_t group) {
  if (node.kind == QueryNodeKind::kTerm) {
    for (const auto& tf : node.term_fields) add_leaf(tf, group);
    return;
  }
  for (const Blueprint& child : node.children) {
    for (const auto& tf : child.term_fields) add_leaf(tf, group);
  }
}

void PrunedMatcher::add_leaf(const Blueprint::TermField& tf, uint32_t group) {
  if (tf.postings.empty()) return;
  auto term = std::make_unique<TermIterator>(tf.postings, q_.snapshot.row_limit(),
                                             &q_.md.slot(tf.slot), false);
  Leaf leaf{&term->postings(), term.get(), q_.snapshot.field_lengths(tf.field), {}, 0, group};
  if (const ranking::Bm25Scorer* s = scorer_of(tf.slot)) {
    leaf.scorer = *s;
    leaf.bound = s->max_score();
  }
  owned_.push_back(std::move(term));
  leaves_.push_back(leaf);
}

void PrunedMatcher::add_phrase(const Blueprint& node) {
  const Blueprint::PhraseField& pf = node.phrase_fields[0];
  phrase_ = std::make_unique<PhraseIterator>(pf.words, q_.snapshot.row_limit(), true,
                                             &q_.md.slot(pf.slot));
  if (const ranking::Bm25Scorer* s = scorer_of(pf.slot)) phrase_scorer_ = *s;
  phrase_lengths_ = q_.snapshot.field_lengths(pf.field);
  for (size_t i = 0; i < phrase_->word_count(); ++i) {
    leaves_.push_back(Leaf{&phrase_->word(i), nullptr, phrase_lengths_, phrase_scorer_,
                           phrase_scorer_.max_score(), 0});
  }
}

void PrunedMatcher::prepare_disjunction() {
  if (phrase_ == nullptr) {
    std::stable_sort(leaves_.begin(), leaves_.end(),
                     [](const Leaf& a, const Leaf& b) { return a.bound < b.bound; });
  }
  for (const Leaf& leaf : leaves_) {
    rows_.push_back(leaf.postings->row());
    prefix_.push_back((prefix_.empty() ? 0.0 : prefix_.back()) + leaf.bound);
  }
  blocks_.resize(leaves_.size());
}

void PrunedMatcher::prepare_conjunction() {
  // Groups by ascending document frequency, so the rarest leads.
  std::vector<uint64_t> df(groups_.size(), 0);
  for (const Leaf& leaf : leaves_) df[leaf.group] += leaf.postings->view().count;
  std::vector<uint32_t> rank(groups_.size());
  std::iota(rank.begin(), rank.end(), 0);
  std::stable_sort(rank.begin(), rank.end(), [&](uint32_t a, uint32_t b) { return df[a] < df[b]; });
  std::vector<uint32_t> position(groups_.size());
  for (uint32_t i = 0; i < rank.size(); ++i) position[rank[i]] = i;
  for (Leaf& leaf : leaves_) leaf.group = position[leaf.group];
  std::stable_sort(leaves_.begin(), leaves_.end(),
                   [](const Leaf& a, const Leaf& b) { return a.group < b.group; });
  for (Group& g : groups_) g = Group{0, 0};
  blocks_.resize(leaves_.size());
  shallow_block_.assign(leaves_.size(), 0);
  shallow_last_.assign(leaves_.size(), 0);
  for (size_t i = 0; i < leaves_.size(); ++i) {
    rows_.push_back(leaves_[i].postings->row());
    Group& g = groups_[leaves_[i].group];
    if (g.end == 0) g.begin = i;
    g.end = i + 1;
  }
}

double PrunedMatcher::bound_of(Leaf& leaf, uint32_t block) {
  if (block != leaf.cached_block) {
    double best = 0;
    for (const index::Impact& i : leaf.postings->impacts_of(block)) {
      if (i.tf != 0) best = std::max(best, leaf.scorer.upper_bound(i.tf, i.length));
    }
    leaf.cached_block = block;
    leaf.cached_bound = best;
  }
  return leaf.cached_bound;
}

bool PrunedMatcher::passes_filters(RowId row) {
  if (!active_.test(row)) return false;
  for (auto& f : filters_) {
    if (!f->matches(row)) return false;
  }
  for (auto& n : negatives_) {
    if (n->matches(row)) return false;
  }
  return true;
}

void PrunedMatcher::raise_threshold() {
  if (!top_.full() || top_.size() == 0) return;
  heap_full_ = true;
  threshold_ = top_.worst().score;
  if (!pruning_ || phrase_ != nullptr || groups_.size() > 1) return;
  while (essential_ < leaves_.size() && !can_beat(constant_ + prefix_[essential_])) ++essential_;
}

void PrunedMatcher::start_pruning_if_due(MatchStats& stats) {
  if (pruning_ || !heap_full_ || stats.matched < q_.exact_hit_limit) return;
  pruning_ = true;
  stats.exact = false;
  raise_threshold();
}

void PrunedMatcher::rank(RowId row, MatchStats& stats) {
  ++stats.first_phase;
  if (phrase_ != nullptr) {
    phrase_->unpack(row);
  } else {
    for (size_t i = 0; i < leaves_.size(); ++i) {
      if (rows_[i] == row) leaves_[i].term->unpack(row);
    }
  }
  if (top_.add(ScoredRow{sanitize_score(q_.exec.first_phase(row)), row})) raise_threshold();
}

void PrunedMatcher::run(MatchStats& stats) {
  if (phrase_ != nullptr) return run_phrase(stats);
  if (leaves_.empty()) return;
  if (groups_.size() > 1) return run_conjunction(stats);
  run_disjunction(stats);
}

}  // namespace grove::search
