#pragma once

// EnglishStemmer: the Snowball English ("porter2") stemmer from libstemmer.
//
//   stem("running") == "run", stem("dictionaries") == "dictionari"
//
// Input is one normalized (lower-case, NFKC) word in UTF-8. Words of up to two bytes are
// returned unchanged without calling libstemmer (porter2 leaves words of two letters or less
// alone). Short words go through a direct-mapped cache of recent stems: word frequencies in
// text are Zipfian, so most lookups hit and skip libstemmer (about 190 ns per word).
//
// Owns its sb_stemmer. Confined to one thread: libstemmer keeps per-stemmer state and the
// returned view points into it or into the cache. Creating one allocates the cache (64 bytes
// a slot: 256 KiB by default); keep one per thread. A document indexer sees the whole
// vocabulary and wants a larger cache (kIndexingCacheSlots: on GCIDE, 16,384 slots stem 14%
// faster than 4,096; more gain nothing); a query thread sees a few words at a time.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;

namespace grove::text {

class EnglishStemmer {
 public:
  static constexpr size_t kDefaultCacheSlots = 4096;
  static constexpr size_t kIndexingCacheSlots = 16384;

  // `cache_slots` is rounded up to a power of two (at least 1).
  explicit EnglishStemmer(size_t cache_slots = kDefaultCacheSlots);

  // Returns the stem of `word`. The view stays valid until the next call; it is `word` itself
  // when libstemmer fails to allocate.
  std::string_view stem(std::string_view word);

 private:
  static constexpr size_t kMaxCachedBytes = 24;  // longer words are rare and not cached

  struct Slot {
    std::string word;  // empty: unused (empty words are never cached)
    std::string stem;
  };
  struct Deleter {
    void operator()(sb_stemmer* stemmer) const;
  };

  std::string_view stem_uncached(std::string_view word);

  std::unique_ptr<sb_stemmer, Deleter> stemmer_;
  // Invariant: the size is a power of two; slot.stem is the stem of slot.word.
  std::vector<Slot> cache_;
};

}  // namespace grove::text
