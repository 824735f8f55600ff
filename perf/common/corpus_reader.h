#pragma once

// CorpusReader: streams a Vespa JSON feed file (JSONL, one `{"put": "id:...", "fields": {...}}`
// per line) and hands out, per document, its id, the chosen text fields and the chosen numeric
// fields. Memory stays constant: one line buffer and one parser, reused for every document.
//
// Usage:
//   CorpusFields fields{.text = {"text"}, .numeric = {"length"}};
//   GROVE_ASSIGN_OR_RETURN(auto reader, CorpusReader::open("var/corpus/gcide.jsonl", fields));
//   while (true) {
//     GROVE_ASSIGN_OR_RETURN(const CorpusDoc* doc, reader->next());
//     if (doc == nullptr) break;  // end of file
//     use(doc->id, doc->texts[0], doc->numbers[0]);
//   }
//
// A missing text field reads as empty; a text field that is an array of strings reads as its
// elements joined by '\n'. A missing or non-numeric numeric field is an error (a benchmark filter
// must see a value for every document). Blank lines are skipped.
//
// Owned by its caller; confined to one thread.

#include <simdjson.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"

namespace grove::perf {

struct CorpusFields {
  std::vector<std::string> text;     // names of string (or string-array) fields
  std::vector<std::string> numeric;  // names of integer fields
};

// One document. Views point into the reader's buffers and stay valid until the next next().
struct CorpusDoc {
  uint64_t ordinal = 0;                 // 0-based position in the file
  std::string_view id;                  // the "put" value, e.g. "id:kjv:verse::genesis-1-1"
  std::vector<std::string_view> texts;  // one per CorpusFields::text, same order
  std::vector<int64_t> numbers;         // one per CorpusFields::numeric, same order
};

class CorpusReader {
 public:
  // Opens `path`. IoError when it cannot be read.
  static Result<std::unique_ptr<CorpusReader>> open(const std::string& path, CorpusFields fields);

  // The next document, nullptr at end of file. InvalidArgument (with file:line) for a line that
  // is not a feed operation with the wanted fields; IoError when reading fails.
  Result<const CorpusDoc*> next();

  // Starts again from the first line.
  Status rewind();

  const std::string& path() const { return path_; }
  const CorpusFields& fields() const { return fields_; }

 private:
  CorpusReader(std::string path, CorpusFields fields);
  Status parse_line();
  Status parse_fields(simdjson::ondemand::object fields);
  Status read_text(simdjson::ondemand::value value, std::string& out);
  Status error(std::string_view what) const;

  std::string path_;
  CorpusFields fields_;
  std::ifstream in_;
  uint64_t line_number_ = 0;
  bool first_ = true;  // no document handed out since open() or rewind()
  std::string line_;   // the current line plus SIMDJSON_PADDING spaces
  simdjson::ondemand::parser parser_;
  std::string id_;
  std::vector<std::string> texts_;  // Invariant: texts_.size() == fields_.text.size()
  std::vector<bool> seen_numbers_;  // Invariant: same size as fields_.numeric
  CorpusDoc doc_;
};

}  // namespace grove::perf
