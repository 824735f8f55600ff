#pragma once

// The documents grove-store-feeder writes, derived from a counter id so that the crash test can
// check each acknowledged one without the feeder telling it more than the id.
//
// Usage:
//   std::string payload;
//   feeder_docs::fill_payload(id, 1024, payload);
//   store.put(feeder_docs::bucket(id), feeder_docs::gid(id), feeder_docs::timestamp(id), payload);
//
// Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "content/store/store_types.h"

namespace grove::testing::feeder_docs {

inline constexpr uint64_t kBaseTimestampUs = 1'700'000'000'000'000;
inline constexpr uint64_t kBuckets = 64;

inline uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

// The id of the i-th document of feeder thread `thread`.
inline uint64_t doc_id(uint64_t thread, uint64_t i) { return (thread << 40) | i; }

inline store::BucketId bucket(uint64_t id) {
  return store::BucketId((58ull << 58) | (mix(id) % kBuckets));
}

inline store::Gid gid(uint64_t id) {
  store::Gid g;
  uint64_t m = mix(id ^ 0x5bd1e995);
  for (int i = 0; i < 8; ++i) g.bytes[i] = static_cast<uint8_t>(id >> (8 * i));
  for (int i = 0; i < 4; ++i) g.bytes[8 + i] = static_cast<uint8_t>(m >> (8 * i));
  return g;
}

inline uint64_t timestamp(uint64_t id) { return kBaseTimestampUs + id; }

// `size` bytes of text-like content (words from a small vocabulary, like a dictionary entry),
// different for every id; compresses about as well as real documents.
inline void fill_payload(uint64_t id, size_t size, std::string& out) {
  static constexpr std::string_view kWords[] = {
      "the ",     "of ",       "a ",       "to ",     "in ",        "plant ",   "which ",
      "having ",  "species ",  "genus ",   "small ",  "used ",      "form ",    "water ",
      "called ",  "English ",  "Latin ",   "root ",   "leaf ",      "growing ", "tree ",
      "flower ",  "color ",    "seed ",    "native ", "cultivated ", "kind ",   "any ",
      "several ", "European ", "American ", "wood ",  "bark ",      "fruit ",   "large ",
      "hence ",   "(Bot.) ",   "[Obs.] ",  "Syn. ",   "See ",       "Also ",    "especially "};
  out.clear();
  out.reserve(size);
  out.append("id:");
  out.append(std::to_string(id));
  out.push_back(' ');
  uint64_t state = mix(id + 1);
  while (out.size() < size) {
    state = mix(state);
    std::string_view word = kWords[state % std::size(kWords)];
    out.append(word.substr(0, size - out.size()));
  }
  out.resize(size);
}

}  // namespace grove::testing::feeder_docs
