#include "container/query/close_names.h"

#include <algorithm>
#include <limits>

#include "container/query/yql_cursor.h"

namespace grove::query {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Optimal string alignment distance between `a` and `b`, ignoring ASCII case.
size_t edit_distance(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  const size_t m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1, 0));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

bool starts_with_ignore_case(std::string_view text, std::string_view prefix) {
  return prefix.size() <= text.size() && equals_ignore_case(text.substr(0, prefix.size()), prefix);
}

// How close `candidate` is to `name`: smaller is closer; max() when it is not close.
size_t closeness(std::string_view name, std::string_view candidate) {
  constexpr size_t kFar = std::numeric_limits<size_t>::max();
  if (name == candidate) return kFar;  // the name itself is no hint
  // Long names make the quadratic distance table expensive and the hint useless.
  if (name.size() > 64 || candidate.size() > 64) return kFar;
  const size_t distance = edit_distance(name, candidate);
  const size_t limit = name.size() < 5 ? 1 : 2;
  if (distance <= limit) return distance;
  const bool prefix = std::min(name.size(), candidate.size()) >= 3 &&
                      (starts_with_ignore_case(candidate, name) ||
                       starts_with_ignore_case(name, candidate));
  return prefix ? limit + 1 : kFar;
}

}  // namespace

std::vector<std::string> close_names(std::string_view name,
                                     const std::vector<std::string>& candidates, size_t max) {
  std::vector<std::pair<size_t, size_t>> scored;  // (closeness, index)
  for (size_t i = 0; i < candidates.size(); ++i) {
    const size_t c = closeness(name, candidates[i]);
    if (c != std::numeric_limits<size_t>::max()) scored.emplace_back(c, i);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [c, i] : scored) {
    if (out.size() >= max) break;
    if (std::find(out.begin(), out.end(), candidates[i]) == out.end()) out.push_back(candidates[i]);
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += "'" + names[i] + "'";
  }
  return out;
}

}  // namespace grove::query
