#pragma once

// The document-read concern of the content protocol (docs/protocol.md): getting one document
// from a replica, and visiting every stored document once.
//
// Plain value types; see search_messages.h.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace grove::protocol {

struct GetRequest {
  std::string document_id;
  bool operator==(const GetRequest&) const = default;
};

struct GetReply {
  bool found = false;
  int64_t timestamp = 0;  // µs; 0 when not found
  bool removed = false;   // found a tombstone
  std::string fields_json;
  bool operator==(const GetReply&) const = default;
};

// Each node returns the documents of the buckets whose first ideal replica it is, so visiting
// every node gives every document exactly once.
struct VisitRequest {
  std::string document_type;  // empty: every type
  uint64_t after_bucket = 0;  // resume after (bucket, gid); bucket 0: from the start
  std::string after_gid;
  int32_t max_documents = 0;
  std::optional<std::string> selection;  // a document selection; absent: every document
  bool operator==(const VisitRequest&) const = default;
};

struct VisitedDocument {
  std::string document_id;
  std::string fields_json;
  int64_t timestamp = 0;
  bool operator==(const VisitedDocument&) const = default;
};

struct VisitReply {
  std::vector<VisitedDocument> documents;
  bool done = false;  // nothing after the last document returned
  uint64_t last_bucket = 0;
  std::string last_gid;
  bool operator==(const VisitReply&) const = default;
};

}  // namespace grove::protocol
