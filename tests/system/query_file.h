#pragma once

// QueryFile: the text format of tests/queries/*.test, and the comparison of a /search/ result
// with what a case expects (tests/queries/README.md describes the format).
//
//   # a comment
//   query love-in-titles
//   param yql=select * from music where title contains "love"
//   param hits=5
//   fields year                  (optional: the hits are ordered by these fields)
//   total 31
//   hit id:music:music::love-song-12 3.418204 year=1999
//   end
//
// Hits are expected in order of their key: the relevance, or with a `fields` line the values of
// those fields (for order by). Hits with one key are a tie: the same documents with the same
// relevance, in any order. A tie cut by the page (at the hit limit, or at the start when there is
// an offset) only has to match in its key: which of the tied documents fill it depends on the
// layout. `total any` leaves totalCount unchecked (weakAnd's count depends on the layout).
//
// Pure functions over strings; thread-safe.

#include <map>
#include <string>
#include <vector>

namespace grove::testing {

struct ExpectedHit {
  std::string id;
  double relevance = 0;
  std::vector<std::pair<std::string, std::string>> fields;  // summary field = JSON text of its value
};

struct QueryCase {
  std::string name;
  int line = 0;
  std::vector<std::pair<std::string, std::string>> params;  // unencoded
  int status = 200;
  std::string message;       // with status != 200: a substring of the error message
  long long total = -1;      // -1: not checked ("total any")
  std::vector<std::string> sort_fields;  // "fields": the order is by these, not by relevance
  std::vector<ExpectedHit> hits;
};

struct QueryFile {
  std::string path;
  std::vector<QueryCase> cases;
};

// Throws std::runtime_error naming the file and line of a malformed line.
QueryFile parse_query_file(const std::string& path, const std::string& text);

// The query string for /search/: every param percent-encoded, plus `extra` (already encoded).
std::string encode_params(const QueryCase& c, const std::string& extra = "");

// Compares an HTTP status and JSON body with the case. Returns "" when they match, else what
// differs, for a test message.
std::string compare_result(const QueryCase& c, int status, const std::string& body);

}  // namespace grove::testing
