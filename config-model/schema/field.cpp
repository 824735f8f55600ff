#include "config-model/schema/field.h"

namespace grove::schema {

std::string_view match_mode_name(MatchMode mode) {
  switch (mode) {
    case MatchMode::kText:
      return "text";
    case MatchMode::kWord:
      return "word";
    case MatchMode::kExact:
      return "exact";
  }
  return "?";
}

std::string_view stemming_name(Stemming stemming) {
  switch (stemming) {
    case Stemming::kNone:
      return "none";
    case Stemming::kBest:
      return "best";
    case Stemming::kShortest:
      return "shortest";
    case Stemming::kMultiple:
      return "multiple";
  }
  return "?";
}

}  // namespace grove::schema
