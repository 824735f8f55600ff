#include "services/text/tokenizer.h"

#include "services/text/char_class.h"
#include "services/text/utf8.h"

namespace grove::text {

Tokenizer::Tokenizer(size_t stem_cache_slots) : stem_cache_slots_(stem_cache_slots) {}
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

const std::vector<Token>& Tokenizer::tokenize(std::string_view text, Stemming stemming) {
  normalized_.clear();
  stems_.clear();
  spans_.clear();
  next_position_ = 0;
  normalizer_.append_normalized(text, normalized_);
  split();
  if (stemming == Stemming::kBest) stem_spans();
  make_tokens();
  return tokens_;
}

// Splits normalized_ (valid UTF-8) into spans_. ASCII is classified by table lookup.
void Tokenizer::split() {
  const auto* data = reinterpret_cast<const unsigned char*>(normalized_.data());
  const size_t size = normalized_.size();
  size_t begin = 0;          // start of the open token
  bool open = false;         // a token is open
  bool open_single = false;  // the open token is one unspaced-script character
  size_t i = 0;
  while (i < size) {
    CharClass cls;
    uint32_t length = 1;
    if (data[i] < 0x80) {
      cls = classify_ascii(data[i]);
    } else {
      DecodedChar d = decode_valid_utf8(data + i);
      cls = classify(d.code_point);
      length = d.length;
    }
    bool starts = cls == CharClass::kSingle || (cls == CharClass::kWord && (!open || open_single));
    if (open && (starts || cls == CharClass::kSeparator)) {
      end_token(begin, i, open_single);
      open = false;
    }
    if (starts) {
      begin = i;
      open = true;
      open_single = cls == CharClass::kSingle;
    }
    i += length;
  }
  if (open) end_token(begin, size, open_single);
}

void Tokenizer::end_token(size_t begin, size_t end, bool single) {
  uint32_t position = next_position_++;
  if (end - begin > kMaxTokenBytes) return;
  spans_.push_back(
      {static_cast<uint32_t>(begin), static_cast<uint32_t>(end - begin), position, single, false});
}

void Tokenizer::stem_spans() {
  if (!stemmer_) stemmer_ = std::make_unique<EnglishStemmer>(stem_cache_slots_);
  for (Span& span : spans_) {
    if (span.single) continue;
    std::string_view word(normalized_.data() + span.offset, span.size);
    std::string_view stem = stemmer_->stem(word);
    if (stem == word) continue;
    span.offset = static_cast<uint32_t>(stems_.size());
    span.size = static_cast<uint32_t>(stem.size());
    span.stemmed = true;
    stems_.append(stem);
  }
}

// Views are made last: stems_ may reallocate while it grows.
void Tokenizer::make_tokens() {
  tokens_.clear();
  for (const Span& span : spans_) {
    const std::string& buffer = span.stemmed ? stems_ : normalized_;
    tokens_.push_back({std::string_view(buffer.data() + span.offset, span.size), span.position});
  }
}

}  // namespace grove::text
