#pragma once

// YQL annotations: the `{name: value, ...}` maps that qualify a term, a phrase, a range, a
// weakAnd or a userInput, e.g. `{weight: 200}"fox"` or `{targetHits: 10}weakAnd(...)`.
//
// Values are numbers (with an optional sign), strings, `true` or `false`; names are
// identifiers or strings. Each construct accepts only the names it supports and names the
// others in its error, so that no annotation is silently ignored.
//
// Usage (inside the parser):
//   YqlAnnotations a = YqlAnnotations::parse(cursor);      // at '{'
//   a.allow_only({"weight"}, "a term", cursor);
//   int32_t w = a.integer("weight", 0, INT32_MAX, kDefaultWeight, cursor);
//
// Confined to one parse; failures throw YqlParseFailure through the cursor.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "container/query/yql_cursor.h"

namespace grove::query {

class YqlAnnotations {
 public:
  struct Entry {
    YqlToken name;   // where the annotation was written, for errors
    YqlToken value;  // kNumber (sign folded into text), kString, or kIdentifier true/false
  };

  // Parses `{ ... }` at the cursor (which must be at '{').
  static YqlAnnotations parse(YqlCursor& cursor);

  bool empty() const { return entries_.empty(); }
  // Adds `other`'s entries; a name given in both is an error.
  void merge(const YqlAnnotations& other, const YqlCursor& cursor);

  // Fails at the first entry whose name (ignoring case) is not in `allowed`.
  void allow_only(std::initializer_list<std::string_view> allowed, std::string_view target,
                  const YqlCursor& cursor) const;

  // The entry named `name` (ignoring case), or null.
  const Entry* find(std::string_view name) const;

  // The value of `name` as a whole number in [min, max]; `fallback` when absent.
  int32_t integer(std::string_view name, int64_t min, int64_t max, int32_t fallback,
                  const YqlCursor& cursor) const;
  // The value of `name` as a string; nullopt when absent.
  std::optional<std::string> string(std::string_view name, const YqlCursor& cursor) const;

 private:
  static YqlToken value(YqlCursor& cursor);

  std::vector<Entry> entries_;  // Invariant: names unique (ignoring case)
};

}  // namespace grove::query
