#pragma once

// FeedCorpus: a JSONL feed file (one Vespa `{"put": ...}` per line) parsed and serialized up
// front into the binary document form grove-content's put takes, so that the feed measures the
// node rather than JSON parsing. It also maps each document's GID to its line ordinal, which is
// how Grove's hits are compared with the peers' (they report corpus ordinals).
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(FeedCorpus corpus, read_feed_corpus("var/corpus/gcide.jsonl", repo));
//   client->put(corpus.docs[0].id, timestamp, corpus.docs[0].bytes, timeout);
//
// A value; const use is thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "services/base/result.h"
#include "services/document/document_type_repo.h"

namespace grove::perf {

struct FeedDoc {
  std::string id;     // "id:gcide:gcide::42"
  std::string bytes;  // services/document binary form
};

struct FeedCorpus {
  std::string document_type;  // of the documents (all of one type)
  std::vector<FeedDoc> docs;  // in file order: docs[i] is corpus ordinal i
  // 12 GID bytes (as on the wire) → corpus ordinal.
  std::unordered_map<std::string, uint64_t> ordinal_by_gid;
  uint64_t json_bytes = 0;
  uint64_t serialized_bytes = 0;
  double parse_seconds = 0;  // reading, parsing and serializing

  // The corpus ordinal of a hit's GID bytes, if it is one of these documents.
  std::optional<uint64_t> ordinal_of(std::string_view gid_bytes) const;
};

// Reads every line of `path`. IoError when it cannot be read; InvalidArgument (with file:line)
// for a line that is not a put, or a put of another document type than the first.
Result<FeedCorpus> read_feed_corpus(const std::string& path,
                                    const document::DocumentTypeRepo& repo);

}  // namespace grove::perf
