#pragma once

// BM25 exactly as Vespa's bm25(field) feature defines it, for one query term in one field:
//
//   idf(n, N)   = log(1 + (N - n + 0.5) / (n + 0.5))
//   score(tf,l) = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * l / avgdl)),  k1 = 1.2, b = 0.75
//
// where N is the number of documents, n the term's document frequency, l the field length of
// the document and avgdl the average field length. n is capped at N: a local document
// frequency still counts removed rows until their postings are compacted away, and the cap
// keeps idf (and so every score bound) positive. Bm25Scorer folds the per-query constants in
// once, so score() is two multiplies, an add and a divide per document.
//
// Usage:
//   Bm25Scorer s(bm25_idf(1000, 10), /*avg_field_length=*/12.5);
//   double x = s.score(tf, length);
//   double bound = s.upper_bound(max_tf, min_length);   // >= score() over those limits
//
// A value type; thread-safe.

#include <cmath>
#include <cstdint>

namespace grove::ranking {

inline constexpr double kBm25K1 = 1.2;
inline constexpr double kBm25B = 0.75;

inline double bm25_idf(double total_docs, double doc_freq) {
  if (doc_freq > total_docs) doc_freq = total_docs;
  return std::log(1.0 + (total_docs - doc_freq + 0.5) / (doc_freq + 0.5));
}

class Bm25Scorer {
 public:
  Bm25Scorer() = default;
  // `scale` multiplies every score (a rank expression weight folded in by the matcher).
  Bm25Scorer(double idf, double avg_field_length, double scale = 1.0)
      : numerator_(idf * (kBm25K1 + 1.0) * scale),
        constant_(kBm25K1 * (1.0 - kBm25B)),
        per_length_(kBm25K1 * kBm25B / (avg_field_length > 0 ? avg_field_length : 1.0)) {}

  double score(uint32_t tf, uint32_t field_length) const {
    const double t = tf;
    return numerator_ * t / (t + constant_ + per_length_ * field_length);
  }

  // An upper bound of score(tf, l) for every tf <= max_tf and l >= min_length.
  double upper_bound(uint32_t max_tf, uint32_t min_length) const {
    return score(max_tf, min_length);
  }
  // The bound for any tf and length: the limit as tf grows.
  double max_score() const { return numerator_; }

 private:
  double numerator_ = 0;   // idf * (k1 + 1) * scale
  double constant_ = 0;    // k1 * (1 - b)
  double per_length_ = 0;  // k1 * b / avgdl
};

}  // namespace grove::ranking
