// QueryPlan::make_iterator: turns blueprints into executor iterators. Kept apart from the
// planner so each file does one thing.

#include <algorithm>
#include <numeric>

#include "content/search/attribute_iterators.h"
#include "content/search/blueprint.h"
#include "content/search/boolean_iterators.h"
#include "content/search/phrase_iterator.h"
#include "content/search/term_iterator.h"
#include "content/search/weak_and_iterator.h"

namespace grove::search {
namespace {

struct Context {
  const index::IndexSnapshot& snapshot;
  ranking::MatchData& md;
  bool positions;
  bool rematch;
};

SearchIteratorPtr build_node(const Blueprint& bp, const Context& ctx);

SearchIteratorPtr one_or_many(std::vector<SearchIteratorPtr> its) {
  if (its.empty()) return std::make_unique<EmptyIterator>();
  if (its.size() == 1) return std::move(its[0]);
  return std::make_unique<OrIterator>(std::move(its));
}

SearchIteratorPtr term(const Blueprint& bp, const Context& ctx) {
  std::vector<SearchIteratorPtr> its;
  const RowId limit = ctx.snapshot.row_limit();
  for (const Blueprint::TermField& tf : bp.term_fields) {
    if (tf.postings.empty()) continue;
    its.push_back(
        std::make_unique<TermIterator>(tf.postings, limit, &ctx.md.slot(tf.slot), ctx.positions));
  }
  for (const Blueprint::TermAttribute& ta : bp.term_attributes) {
    its.push_back(make_attribute_term_iterator(ctx.snapshot.attribute(ta.attribute), limit, bp.term,
                                               &ctx.md.slot(ta.slot)));
  }
  return one_or_many(std::move(its));
}

SearchIteratorPtr phrase(const Blueprint& bp, const Context& ctx) {
  std::vector<SearchIteratorPtr> its;
  for (const Blueprint::PhraseField& pf : bp.phrase_fields) {
    const bool empty = std::any_of(pf.words.begin(), pf.words.end(),
                                   [](const index::PostingView& v) { return v.empty(); });
    if (empty) continue;
    its.push_back(std::make_unique<PhraseIterator>(pf.words, ctx.snapshot.row_limit(), pf.positions,
                                                   &ctx.md.slot(pf.slot)));
  }
  return one_or_many(std::move(its));
}

// Strict children lead (cheapest first); column scans only check candidates.
SearchIteratorPtr and_(const Blueprint& bp, const Context& ctx) {
  std::vector<const Blueprint*> strict;
  std::vector<const Blueprint*> scans;
  for (const Blueprint& c : bp.children) {
    if (c.kind == QueryNodeKind::kTrue) continue;  // x AND true = x
    (c.is_scan() ? scans : strict).push_back(&c);
  }
  auto by_estimate = [](const Blueprint* a, const Blueprint* b) {
    return a->estimate < b->estimate;
  };
  std::stable_sort(strict.begin(), strict.end(), by_estimate);
  std::stable_sort(scans.begin(), scans.end(), by_estimate);
  if (strict.empty() && scans.empty()) return build_node(bp.children[0], ctx);
  if (strict.empty()) {
    strict.push_back(scans.front());
    scans.erase(scans.begin());
  }
  std::vector<SearchIteratorPtr> strict_its;
  std::vector<SearchIteratorPtr> filter_its;
  for (const Blueprint* c : strict) strict_its.push_back(build_node(*c, ctx));
  for (const Blueprint* c : scans) filter_its.push_back(build_node(*c, ctx));
  if (strict_its.size() == 1 && filter_its.empty()) return std::move(strict_its[0]);
  return std::make_unique<AndIterator>(std::move(strict_its), std::move(filter_its));
}

SearchIteratorPtr or_(const Blueprint& bp, const Context& ctx) {
  std::vector<SearchIteratorPtr> its;
  for (const Blueprint& c : bp.children) {
    if (c.kind != QueryNodeKind::kFalse) its.push_back(build_node(c, ctx));
  }
  return one_or_many(std::move(its));
}

SearchIteratorPtr and_not(const Blueprint& bp, const Context& ctx) {
  SearchIteratorPtr positive = build_node(bp.children[0], ctx);
  std::vector<SearchIteratorPtr> negatives;
  for (size_t i = 1; i < bp.children.size(); ++i)
    negatives.push_back(build_node(bp.children[i], ctx));
  if (negatives.empty()) return positive;
  return std::make_unique<AndNotIterator>(std::move(positive), std::move(negatives));
}

SearchIteratorPtr weak_and(const Blueprint& bp, const Context& ctx) {
  std::vector<SearchIteratorPtr> its;
  for (const Blueprint& c : bp.children) its.push_back(build_node(c, ctx));
  return std::make_unique<WeakAndIterator>(std::move(its), bp.child_weights, bp.target_hits,
                                           ctx.snapshot.active(), ctx.rematch);
}

SearchIteratorPtr build_node(const Blueprint& bp, const Context& ctx) {
  switch (bp.kind) {
    case QueryNodeKind::kTerm:
      return term(bp, ctx);
    case QueryNodeKind::kPhrase:
      return phrase(bp, ctx);
    case QueryNodeKind::kAnd:
      return and_(bp, ctx);
    case QueryNodeKind::kOr:
      return or_(bp, ctx);
    case QueryNodeKind::kAndNot:
      return and_not(bp, ctx);
    case QueryNodeKind::kWeakAnd:
      return weak_and(bp, ctx);
    case QueryNodeKind::kRange:
      return make_range_iterator(ctx.snapshot.attribute(bp.attribute), ctx.snapshot.row_limit(),
                                 bp.lower, bp.upper);
    case QueryNodeKind::kTrue:
      return std::make_unique<TrueIterator>(ctx.snapshot.active(), ctx.snapshot.row_limit());
    case QueryNodeKind::kFalse:
      return std::make_unique<EmptyIterator>();
  }
  return std::make_unique<EmptyIterator>();
}

}  // namespace

SearchIteratorPtr QueryPlan::make_iterator(const index::IndexSnapshot& snapshot,
                                           ranking::MatchData& md, bool positions,
                                           bool rematch) const {
  return build_node(root_, Context{snapshot, md, positions, rematch});
}

SearchIteratorPtr QueryPlan::make_node_iterator(const Blueprint& node,
                                                const index::IndexSnapshot& snapshot,
                                                ranking::MatchData& md, bool positions,
                                                bool rematch) {
  return build_node(node, Context{snapshot, md, positions, rematch});
}

}  // namespace grove::search
