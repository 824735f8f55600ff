#include "perf/queryset/query_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "perf/common/corpus_reader.h"
#include "perf/common/rng.h"
#include "perf/common/simple_tokenizer.h"
#include "perf/queryset/vocabulary.h"

namespace grove::perf {

namespace {

constexpr uint32_t kMaxTerms = 3;

struct TypeSpec {
  QueryOp op;
  uint32_t terms;
  bool filter;
  bool sort;
};

// One query to fill in pass 3.
struct Plan {
  uint32_t query = 0;        // index into QuerySet::queries
  uint32_t doc = 0;          // source document ordinal
  uint32_t phrase_rank = 0;  // phrases: which candidate of the document
  uint32_t terms = 0;        // how many terms the query has
  uint64_t seed = 0;         // AND/OR: draws the terms among the document's candidates
};

std::string type_name(const TypeSpec& spec) {
  Query q{.op = spec.op, .terms = std::vector<std::string>(spec.terms), .filter = {}, .sort = {}};
  if (spec.filter) q.filter = RangeFilter{};
  if (spec.sort) q.sort.push_back(SortKey{});
  return q.type();
}

std::vector<TypeSpec> type_specs(const GeneratorOptions& options) {
  std::vector<TypeSpec> specs = {
      {QueryOp::kAnd, 1, false, false},    {QueryOp::kAnd, 2, false, false},
      {QueryOp::kAnd, 3, false, false},    {QueryOp::kOr, 2, false, false},
      {QueryOp::kOr, 3, false, false},     {QueryOp::kPhrase, 2, false, false},
      {QueryOp::kPhrase, 3, false, false},
  };
  if (!options.filter_field.empty()) specs.push_back({QueryOp::kAnd, 2, true, false});
  if (!options.sort_fields.empty()) specs.push_back({QueryOp::kAnd, 2, false, true});
  return specs;
}

class Generator {
 public:
  explicit Generator(const GeneratorOptions& options) : options_(options), rng_(options.seed) {}

  Result<QuerySet> run() {
    GROVE_RETURN_IF_ERROR(count_words());
    GROVE_RETURN_IF_ERROR(count_candidates());
    plan_queries();
    GROVE_RETURN_IF_ERROR(fill_terms());
    write_header();
    return std::move(set_);
  }

 private:
  Status open_reader() {
    CorpusFields fields{.text = {options_.text_field}, .numeric = {}};
    if (!options_.filter_field.empty()) fields.numeric.push_back(options_.filter_field);
    for (const std::string& f : options_.sort_fields) fields.numeric.push_back(f);
    GROVE_ASSIGN_OR_RETURN(reader_, CorpusReader::open(options_.corpus_path, fields));
    return Status::Ok();
  }

  Status count_words() {
    GROVE_RETURN_IF_ERROR(open_reader());
    while (true) {
      GROVE_ASSIGN_OR_RETURN(const CorpusDoc* doc, reader_->next());
      if (doc == nullptr) break;
      vocabulary_.add_document(tokenizer_.tokenize(doc->texts[0]), tokenizer_);
      if (!options_.filter_field.empty()) filter_values_.push_back(doc->numbers[0]);
    }
    const uint64_t docs = vocabulary_.documents();
    if (docs == 0) return Status::InvalidArgument(options_.corpus_path + ": no documents");
    auto max_df = static_cast<uint64_t>(std::floor(options_.max_df_fraction * docs));
    vocabulary_.set_band(options_.min_df, std::max(options_.min_df, max_df));
    sorted_values_ = filter_values_;
    std::sort(sorted_values_.begin(), sorted_values_.end());
    return Status::Ok();
  }

  Status count_candidates() {
    GROVE_RETURN_IF_ERROR(reader_->rewind());
    for (auto& prefix : phrase_prefix_) prefix.assign(1, 0);
    while (true) {
      GROVE_ASSIGN_OR_RETURN(const CorpusDoc* doc, reader_->next());
      if (doc == nullptr) break;
      const std::vector<Token>& tokens = tokenizer_.tokenize(doc->texts[0]);
      size_t terms = vocabulary_.term_candidates(tokens, tokenizer_).size();
      for (uint32_t n = 1; n <= kMaxTerms; ++n) {
        if (terms >= n) term_docs_[n].push_back(static_cast<uint32_t>(doc->ordinal));
      }
      for (uint32_t n = 2; n <= kMaxTerms; ++n) {
        auto& prefix = phrase_prefix_[n];
        prefix.push_back(prefix.back() + vocabulary_.count_phrases(tokens, tokenizer_, n));
      }
    }
    return Status::Ok();
  }

  // Draws the source document of a query; false when the type has no candidate at all.
  bool draw_source(const TypeSpec& spec, Plan& plan) {
    if (spec.op == QueryOp::kPhrase) {
      const std::vector<uint64_t>& prefix = phrase_prefix_[spec.terms];
      if (prefix.back() == 0) return false;
      uint64_t r = rng_.below(prefix.back());
      auto it = std::upper_bound(prefix.begin(), prefix.end(), r) - 1;
      plan.doc = static_cast<uint32_t>(it - prefix.begin());
      plan.phrase_rank = static_cast<uint32_t>(r - *it);
      return true;
    }
    const std::vector<uint32_t>& docs = term_docs_[spec.terms];
    if (docs.empty()) return false;
    plan.doc = docs[rng_.below(docs.size())];
    return true;
  }

  // A range over the filter field covering 5-50% of the documents, around `doc`'s value.
  RangeFilter draw_range(uint32_t doc) {
    const int64_t value = filter_values_[doc];
    const size_t n = sorted_values_.size();
    const double width = 0.05 + 0.45 * rng_.unit();
    auto rank = std::lower_bound(sorted_values_.begin(), sorted_values_.end(), value) -
                sorted_values_.begin();
    double q = static_cast<double>(rank) / static_cast<double>(n);
    double lo_q = std::clamp(q - rng_.unit() * width, 0.0, std::max(0.0, 1.0 - width));
    auto index = [&](double f) {
      return std::min(n - 1, static_cast<size_t>(f * static_cast<double>(n - 1)));
    };
    return RangeFilter{.field = options_.filter_field,
                       .lo = std::min(sorted_values_[index(lo_q)], value),
                       .hi = std::max(sorted_values_[index(lo_q + width)], value)};
  }

  void plan_queries() {
    for (const TypeSpec& spec : type_specs(options_)) {
      for (uint32_t i = 0; i < options_.per_type; ++i) {
        Plan plan;
        if (!draw_source(spec, plan)) {
          skipped_.push_back(type_name(spec));
          break;
        }
        plan.seed = rng_.next();
        plan.terms = spec.terms;
        plan.query = static_cast<uint32_t>(set_.queries.size());
        Query q{.op = spec.op, .terms = {}, .filter = {}, .sort = {}};
        q.terms.reserve(spec.terms);
        if (spec.filter) q.filter = draw_range(plan.doc);
        if (spec.sort) {
          for (const std::string& f : options_.sort_fields) q.sort.push_back({f, false});
        }
        set_.queries.push_back(std::move(q));
        plans_.push_back(plan);
      }
    }
    std::sort(plans_.begin(), plans_.end(), [](const Plan& a, const Plan& b) {
      return a.doc != b.doc ? a.doc < b.doc : a.query < b.query;
    });
  }

  void fill_phrase(const std::vector<Token>& tokens, const Plan& plan, Query& q, size_t n) {
    uint32_t rank = 0;
    for (size_t i = 0; i + n <= tokens.size(); ++i) {
      if (!vocabulary_.phrase_at(tokens, tokenizer_, i, n)) continue;
      if (rank++ != plan.phrase_rank) continue;
      for (size_t j = i; j < i + n; ++j) q.terms.emplace_back(tokenizer_.term(tokens[j]));
      return;
    }
    GROVE_ASSERT(false && "pass 2 and pass 3 disagree on a document's phrases");
  }

  void fill_terms(const std::vector<Token>& tokens, const Plan& plan, Query& q, size_t n) {
    std::vector<std::string_view> candidates = vocabulary_.term_candidates(tokens, tokenizer_);
    GROVE_ASSERT(candidates.size() >= n);
    Rng rng(plan.seed);
    for (size_t i = 0; i < n; ++i) {  // a partial Fisher-Yates shuffle
      std::swap(candidates[i], candidates[i + rng.below(candidates.size() - i)]);
      q.terms.emplace_back(candidates[i]);
    }
  }

  Status fill_terms() {
    GROVE_RETURN_IF_ERROR(reader_->rewind());
    auto next_plan = plans_.begin();
    while (next_plan != plans_.end()) {
      GROVE_ASSIGN_OR_RETURN(const CorpusDoc* doc, reader_->next());
      if (doc == nullptr) return Status::Internal("the corpus shrank between passes");
      if (doc->ordinal != next_plan->doc) continue;
      const std::vector<Token>& tokens = tokenizer_.tokenize(doc->texts[0]);
      for (; next_plan != plans_.end() && next_plan->doc == doc->ordinal; ++next_plan) {
        Query& q = set_.queries[next_plan->query];
        const size_t n = next_plan->terms;
        if (q.op == QueryOp::kPhrase) {
          fill_phrase(tokens, *next_plan, q, n);
        } else {
          fill_terms(tokens, *next_plan, q, n);
        }
      }
    }
    return Status::Ok();
  }

  void write_header() {
    std::vector<std::string>& h = set_.header;
    h.push_back(
        "grove-queryset: benchmark queries drawn from the corpus' own vocabulary; the "
        "format is in perf/common/docs/queryset.md");
    h.push_back("format=1");
    h.push_back(fmt::format("seed={}", options_.seed));
    h.push_back(
        fmt::format("corpus={}", std::filesystem::path(options_.corpus_path).filename().string()));
    h.push_back(fmt::format("docs={}", vocabulary_.documents()));
    h.push_back(fmt::format("text_field={}", options_.text_field));
    if (!options_.filter_field.empty()) h.push_back("filter_field=" + options_.filter_field);
    if (!options_.sort_fields.empty()) {
      h.push_back(fmt::format("sort_fields={}", fmt::join(options_.sort_fields, ",")));
    }
    h.push_back(fmt::format("per_type={}", options_.per_type));
    h.push_back(fmt::format("df_band={}..{}", vocabulary_.min_df(), vocabulary_.max_df()));
    h.push_back(fmt::format("words={}", vocabulary_.words()));
    h.push_back(fmt::format("band_words={}", vocabulary_.band_words()));
    if (!skipped_.empty()) h.push_back(fmt::format("skipped={}", fmt::join(skipped_, ",")));
  }

  const GeneratorOptions& options_;
  Rng rng_;
  std::unique_ptr<CorpusReader> reader_;
  SimpleTokenizer tokenizer_;
  Vocabulary vocabulary_;
  std::vector<int64_t> filter_values_;  // by document ordinal
  std::vector<int64_t> sorted_values_;
  std::vector<uint32_t> term_docs_[kMaxTerms + 1];  // [n]: documents with >= n term candidates
  // [n]: prefix sums over documents of their phrase candidates of length n; size docs + 1.
  std::vector<uint64_t> phrase_prefix_[kMaxTerms + 1];
  std::vector<Plan> plans_;
  std::vector<std::string> skipped_;
  QuerySet set_;
};

Status check(const GeneratorOptions& options) {
  if (options.corpus_path.empty()) return Status::InvalidArgument("no corpus given");
  if (options.text_field.empty()) return Status::InvalidArgument("no text field given");
  if (options.per_type == 0) return Status::InvalidArgument("per_type must be > 0");
  if (!(options.max_df_fraction > 0 && options.max_df_fraction <= 1)) {
    return Status::InvalidArgument("max_df_fraction must be in (0, 1]");
  }
  return Status::Ok();
}

}  // namespace

Result<QuerySet> generate_query_set(const GeneratorOptions& options) {
  GROVE_RETURN_IF_ERROR(check(options));
  return Generator(options).run();
}

}  // namespace grove::perf
