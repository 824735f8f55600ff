#pragma once

// `grove query`: one query to a container's /search/, pretty-printed.
//
//   grove query [--endpoint http://127.0.0.1:8080] [--raw] [--timeout S] QUERY [name=value...]
//
// QUERY whose first word is "select" is YQL (yql=), anything else the simple language (query=).
// Extra name=value parameters pass through (hits, ranking, model.searchGroup, ...). Prints
// totalCount, coverage and searchGroup, then per hit its relevance, id and summary fields
// (compact JSON); errors go to stderr. --raw prints the response JSON as it came.
// Exit: 0 on a 200 answer, 1 on an error answer or none, 2 on bad usage.
//
// Thread-compatible; one call per command.

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/base/result.h"

namespace grove::cli {

int run_query(int argc, char** argv, std::FILE* out, std::FILE* err);

// The /search/ request target for QUERY and extra name=value pairs (percent-encoded).
std::string search_target(std::string_view query,
                          const std::vector<std::pair<std::string, std::string>>& params);

struct FormattedResult {
  std::string text;                 // for stdout
  std::vector<std::string> errors;  // for stderr, one line each
};

// The human-readable form of a Vespa search result; InvalidArgument when `json` is not one.
Result<FormattedResult> format_search_result(std::string_view json);

}  // namespace grove::cli
