#include "services/text/english_stemmer.h"

#include <libstemmer.h>

#include <algorithm>
#include <bit>
#include <new>

namespace grove::text {

namespace {

uint32_t hash_word(std::string_view word) {
  uint32_t hash = 2166136261u;  // FNV-1a
  for (char c : word) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash ^ (hash >> 16);
}

}  // namespace

void EnglishStemmer::Deleter::operator()(sb_stemmer* stemmer) const {
  sb_stemmer_delete(stemmer);
}

EnglishStemmer::EnglishStemmer(size_t cache_slots)
    : stemmer_(sb_stemmer_new("english", nullptr)),
      cache_(std::bit_ceil(std::max<size_t>(1, cache_slots))) {
  // "english" with the default (UTF-8) encoding is compiled into libstemmer; only a failed
  // allocation returns null.
  if (!stemmer_) throw std::bad_alloc();
}

std::string_view EnglishStemmer::stem(std::string_view word) {
  if (word.size() <= 2) return word;
  if (word.size() > kMaxCachedBytes) return stem_uncached(word);
  Slot& slot = cache_[hash_word(word) & (cache_.size() - 1)];
  if (slot.word == word) return slot.stem;
  std::string_view stem = stem_uncached(word);
  if (stem.data() == word.data()) return word;  // libstemmer failed: do not cache
  slot.word.assign(word);
  slot.stem.assign(stem);
  return slot.stem;
}

std::string_view EnglishStemmer::stem_uncached(std::string_view word) {
  const sb_symbol* out =
      sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  if (out == nullptr) return word;
  return {reinterpret_cast<const char*>(out),
          static_cast<size_t>(sb_stemmer_length(stemmer_.get()))};
}

}  // namespace grove::text
