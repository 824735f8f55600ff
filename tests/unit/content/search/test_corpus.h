#pragma once

// A seeded random corpus, the index built from it, and a brute-force reference evaluator of
// QueryExpr trees with the same matching and BM25 rules as the engine (docs/query-evaluation.md),
// for the search tests.

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "content/index/index.h"
#include "content/ranking/bm25.h"
#include "content/search/query_tree.h"

namespace grove::search::testing {

struct TestDoc {
  index::LocalDocId lid = 0;
  std::vector<std::string> title;
  std::vector<std::string> body;
  std::optional<int64_t> year;
  std::optional<double> price;
  std::string tag;

  const std::vector<std::string>& field(const std::string& name) const {
    return name == "title" ? title : body;
  }
};

inline index::IndexConfig corpus_config() {
  using index::AttributeType;
  return index::IndexConfig::create(
             {{"title"}, {"body"}},
             {{"year", AttributeType::kInt},
              {"price", AttributeType::kDouble},
              {"tag", AttributeType::kString}},
             {{"default", {"title", "body"}}, {"all", {"title", "body", "tag"}}})
      .value();
}

inline index::IndexInput to_input(const TestDoc& d) {
  index::IndexInput in;
  auto add = [&](const char* name, const std::vector<std::string>& words) {
    index::IndexFieldInput f{name, {}};
    for (uint32_t i = 0; i < words.size(); ++i) f.tokens.push_back({words[i], i});
    in.fields.push_back(std::move(f));
  };
  add("title", d.title);
  add("body", d.body);
  if (d.year) in.attributes.push_back({"year", *d.year});
  if (d.price) in.attributes.push_back({"price", *d.price});
  if (!d.tag.empty()) in.attributes.push_back({"tag", d.tag});
  return in;
}

class TestCorpus {
 public:
  TestCorpus(uint32_t seed, uint32_t docs, double remove_fraction) : rng_(seed) {
    for (uint32_t i = 0; i < docs; ++i) docs_.push_back(random_doc(i));
    for (uint32_t i = 0; i < docs; ++i) {
      if (std::uniform_real_distribution<>(0, 1)(rng_) < remove_fraction) removed_.insert(i);
    }
  }

  const std::vector<TestDoc>& docs() const { return docs_; }
  bool active(index::LocalDocId lid) const { return removed_.count(lid) == 0; }
  std::mt19937& rng() { return rng_; }

  // Skewed: small indices are common.
  std::string word() {
    const double u = std::uniform_real_distribution<>(1e-9, 1)(rng_);
    return "w" + std::to_string(std::min(39, static_cast<int>(-std::log(u) * 7)));
  }

  std::unique_ptr<index::Index> build() const {
    auto idx = index::Index::create(corpus_config()).value();
    for (const TestDoc& d : docs_) {
      if (!idx->add(d.lid, to_input(d)).ok()) return nullptr;
    }
    for (index::LocalDocId lid : removed_) {
      if (!idx->remove(lid).ok()) return nullptr;
    }
    idx->commit();
    return idx;
  }

 private:
  TestDoc random_doc(uint32_t lid) {
    TestDoc d;
    d.lid = lid;
    const int title_len = 1 + static_cast<int>(rng_() % 6);
    const int body_len = 3 + static_cast<int>(rng_() % 60);
    for (int i = 0; i < title_len; ++i) d.title.push_back(word());
    for (int i = 0; i < body_len; ++i) d.body.push_back(word());
    if (rng_() % 10 != 0) d.year = 1990 + static_cast<int64_t>(rng_() % 31);
    if (rng_() % 10 != 0) d.price = std::uniform_real_distribution<>(0, 100)(rng_);
    if (rng_() % 3 == 0) d.tag = rng_() % 2 == 0 ? "red" : "blue";
    return d;
  }

  std::mt19937 rng_;
  std::vector<TestDoc> docs_;
  std::set<index::LocalDocId> removed_;
};

// Brute-force evaluation with the engine's rules: local statistics (document frequencies count
// every added row, N and average lengths only active ones), first phase
// sum(field_weight * bm25(field)), weakAnd only at the root.
class BruteForce {
 public:
  BruteForce(const TestCorpus& corpus, std::map<std::string, double> field_weights)
      : corpus_(corpus), weights_(std::move(field_weights)) {
    for (const TestDoc& d : corpus.docs()) {
      if (!corpus.active(d.lid)) continue;
      ++active_;
      for (const char* f : {"title", "body"}) {
        if (!d.field(f).empty()) {
          length_sum_[f] += d.field(f).size();
          with_field_[f] += 1;
        }
      }
    }
  }

  struct Match {
    index::LocalDocId lid;
    double score;
  };

  // Every active match in lid (= row) order, with its brute-force score.
  std::vector<Match> evaluate(const QueryExpr& q) const {
    std::vector<Match> out;
    if (q.node.kind == QueryNodeKind::kWeakAnd) return weak_and(q);
    for (const TestDoc& d : corpus_.docs()) {
      if (!corpus_.active(d.lid)) continue;
      double score = 0;
      if (eval(q, d, score)) out.push_back({d.lid, score});
    }
    return out;
  }

  double avg_length(const std::string& f) const {
    auto it = with_field_.find(f);
    return it == with_field_.end() ? 1.0 : static_cast<double>(length_sum_.at(f)) / it->second;
  }
  double doc_freq(const std::string& f, const std::string& w) const {
    auto [it, inserted] = df_cache_.try_emplace(f + "/" + w, 0.0);
    if (!inserted) return it->second;
    double n = 0;
    for (const TestDoc& d : corpus_.docs()) {
      const auto& words = d.field(f);
      n += std::find(words.begin(), words.end(), w) != words.end() ? 1 : 0;
    }
    return it->second = n;
  }

 private:
  std::vector<std::string> fields_of(const std::string& name) const {
    if (name == "default" || name.empty() || name == "all") return {"title", "body"};
    return {name};
  }

  static uint32_t occurrences(const std::vector<std::string>& words,
                              const std::vector<std::string>& phrase) {
    uint32_t n = 0;
    for (size_t s = 0; s + phrase.size() <= words.size(); ++s) {
      bool all = true;
      for (size_t k = 0; k < phrase.size() && all; ++k) all = words[s + k] == phrase[k];
      n += all ? 1 : 0;
    }
    return n;
  }

  double bm25(const std::string& f, double df, uint32_t tf, size_t len) const {
    ranking::Bm25Scorer s(ranking::bm25_idf(active_, df), avg_length(f));
    return weights_.at(f) * s.score(tf, static_cast<uint32_t>(len));
  }

  bool term_or_phrase(const QueryNode& n, const TestDoc& d, double& score) const {
    const std::vector<std::string> words =
        n.kind == QueryNodeKind::kTerm ? std::vector<std::string>{n.term} : n.words;
    bool matched = n.field == "all" && d.tag == n.term;
    for (const std::string& f : fields_of(n.field)) {
      const uint32_t tf = occurrences(d.field(f), words);
      if (tf == 0) continue;
      matched = true;
      double df = 1e300;
      for (const std::string& w : words) df = std::min(df, doc_freq(f, w));
      score += bm25(f, df, tf, d.field(f).size());
    }
    return matched;
  }

  static bool in_range(const QueryNode& n, std::optional<double> v) {
    if (!v) return false;
    if (n.lower && (n.lower->inclusive ? *v < n.lower->value : *v <= n.lower->value)) return false;
    if (n.upper && (n.upper->inclusive ? *v > n.upper->value : *v >= n.upper->value)) return false;
    return true;
  }

  bool eval(const QueryExpr& q, const TestDoc& d, double& score) const {
    const QueryNode& n = q.node;
    switch (n.kind) {
      case QueryNodeKind::kTerm:
      case QueryNodeKind::kPhrase:
        return term_or_phrase(n, d, score);
      case QueryNodeKind::kRange:
        if (n.field == "year")
          return in_range(n, d.year ? std::optional<double>(*d.year) : std::nullopt);
        return in_range(n, d.price);
      case QueryNodeKind::kTrue:
        return true;
      case QueryNodeKind::kFalse:
        return false;
      case QueryNodeKind::kAnd: {
        double sum = 0;
        for (const QueryExpr& c : q.children) {
          if (!eval(c, d, sum)) return false;
        }
        score += sum;
        return true;
      }
      case QueryNodeKind::kOr: {
        bool any = false;
        for (const QueryExpr& c : q.children) {
          double s = 0;
          if (eval(c, d, s)) {
            any = true;
            score += s;
          }
        }
        return any;
      }
      case QueryNodeKind::kAndNot: {
        double s = 0;
        if (!eval(q.children[0], d, s)) return false;
        for (size_t i = 1; i < q.children.size(); ++i) {
          double ignored = 0;
          if (eval(q.children[i], d, ignored)) return false;
        }
        score += s;
        return true;
      }
      case QueryNodeKind::kWeakAnd:
        return false;
    }
    return false;
  }

  std::vector<Match> weak_and(const QueryExpr& q) const {
    std::vector<double> weights;
    for (const QueryExpr& c : q.children) {
      double df = 1e300;
      for (const std::string& f : fields_of(c.node.field))
        df = std::min(df, doc_freq(f, c.node.term));
      weights.push_back(c.node.weight / 100.0 * ranking::bm25_idf(active_, df));
    }
    std::vector<double> heap;
    std::vector<Match> out;
    for (const TestDoc& d : corpus_.docs()) {
      if (!corpus_.active(d.lid)) continue;
      double wand = 0;
      double score = 0;
      bool any = false;
      for (size_t i = 0; i < q.children.size(); ++i) {
        if (eval(q.children[i], d, score)) {
          wand += weights[i];
          any = true;
        }
      }
      if (!any) continue;
      if (heap.size() < q.node.target_hits) {
        heap.push_back(wand);
        std::push_heap(heap.begin(), heap.end(), std::greater<>());
      } else if (wand > heap.front()) {
        std::pop_heap(heap.begin(), heap.end(), std::greater<>());
        heap.back() = wand;
        std::push_heap(heap.begin(), heap.end(), std::greater<>());
      } else {
        continue;
      }
      out.push_back({d.lid, score});
    }
    return out;
  }

  const TestCorpus& corpus_;
  std::map<std::string, double> weights_;
  double active_ = 0;
  std::map<std::string, uint64_t> length_sum_;
  std::map<std::string, uint64_t> with_field_;
  mutable std::map<std::string, double> df_cache_;
};

}  // namespace grove::search::testing
