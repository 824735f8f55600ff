#pragma once

// `grove visit`: exports every document of a content cluster (or of one document type) as
// JSONL that `grove feed` can feed again, following the continuation tokens of /document/v1.
//
//   grove visit [--endpoint http://127.0.0.1:8080] [--cluster C] [--type NS:TYPE]
//               [--selection S] [--page-size N] [--timeout S]
//
// Each document is one line: {"put":"id:...","fields":{...}}. --type visits
// /document/v1/NS/TYPE/docid; without it --cluster is required (the root /document/v1/).
// A page answered 429, 503 or 504, or not at all, is retried (up to 5 times, backing off);
// progress goes to stderr when it is a terminal.
// Exit: 0 when the visit completed, 1 when it stopped on an error, 2 on bad usage.
//
// Thread-compatible; one call per command.

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "services/base/result.h"

namespace grove::cli {

int run_visit(int argc, char** argv, std::FILE* out, std::FILE* err);

struct VisitTarget {
  std::string cluster;
  std::string type;  // "NS:TYPE" or empty
  std::string selection;
  uint32_t page_size = 1000;
};

// The request target of one page; InvalidArgument for a --type that is not NS:TYPE, or for
// neither --type nor --cluster.
Result<std::string> visit_page_target(const VisitTarget& target, std::string_view continuation);

struct VisitPage {
  std::string jsonl;  // one {"put":...,"fields":...} line per document
  size_t documents = 0;
  std::optional<std::string> continuation;  // absent: the visit is complete
};

// Turns a /document/v1 visit response into feed lines; InvalidArgument when it is not one.
Result<VisitPage> parse_visit_page(std::string_view json);

}  // namespace grove::cli
