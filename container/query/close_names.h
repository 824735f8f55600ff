#pragma once

// close_names(): the candidates a mistyped name was probably meant to be, for "did you mean"
// hints in query errors ("unknown field 'titel'; did you mean 'title'?").
//
// A candidate is close when it differs only in case, when one name starts with the other
// (at least 3 characters), or when the edit distance (insertions, deletions, substitutions and
// swaps of adjacent characters) is at most 1 for names under 5 characters and 2 otherwise.
//
// Usage:
//   std::vector<std::string> hints = close_names("titel", {"title", "artist"});  // {"title"}
//
// Pure function; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace grove::query {

// Up to `max` close candidates, closest first (ties in candidate order), without duplicates.
std::vector<std::string> close_names(std::string_view name,
                                     const std::vector<std::string>& candidates, size_t max = 3);

// "'a', 'b' or 'c'"; "" for none.
std::string quoted_list(const std::vector<std::string>& names);

}  // namespace grove::query
