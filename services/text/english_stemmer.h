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
// returned view points into it or into the cache. Creating one allocates the cache (about
// 200 KiB); keep one per thread.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;

namespace grove::text {

class EnglishStemmer {
 public:
  EnglishStemmer();

  // Returns the stem of `word`. The view stays valid until the next call; it is `word` itself
  // when libstemmer fails to allocate.
  std::string_view stem(std::string_view word);

 private:
  static constexpr size_t kCacheSlots = 4096;    // a power of two
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
  // Invariant: size kCacheSlots; slot.stem is the stem of slot.word.
  std::vector<Slot> cache_;
};

}  // namespace grove::text
