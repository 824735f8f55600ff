#pragma once

// Visiting: one page of a node's documents for `grove visit` and /document/v1 listing, so that
// visiting every node of a cluster gives every stored document exactly once.
//
// A node returns the live documents of the buckets whose FIRST ideal replica it is
// (PlacementTable::at(b).replicas[0]); without a placement, of every bucket it stores. Pages
// run in (bucket id, gid) order; the next page starts after the last document returned.
//
// Usage:
//   VisitSpec spec;  spec.max_documents = 500;
//   for (;;) {
//     GROVE_ASSIGN_OR_RETURN(VisitPage page, visit_documents(node, spec));
//     emit(page.documents);
//     if (page.done) break;
//     spec.after_bucket = page.last_bucket;  spec.after_gid = page.last_gid;
//   }
//
// Free function; thread-safe (reads a consistent snapshot per bucket; writes that land between
// pages may or may not be seen).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "content/node/content_node.h"
#include "services/document/selection.h"

namespace grove::content {

// The most documents one page returns.
inline constexpr size_t kMaxVisitDocuments = 1000;

struct VisitSpec {
  std::string document_type;           // empty: every type
  distribution::BucketId after_bucket;  // raw 0: from the start
  distribution::Gid after_gid;
  size_t max_documents = kMaxVisitDocuments;  // capped at kMaxVisitDocuments; 0 means the cap
  std::optional<document::DocumentSelection> selection;  // validated by the caller
};

struct VisitedDocument {
  std::string id;
  std::string fields_json;  // as ContentNode::get
  uint64_t timestamp = 0;
};

struct VisitPage {
  std::vector<VisitedDocument> documents;
  bool done = false;  // nothing after the last document returned
  // Where the next page starts: the last document returned (or the spec's position when none).
  distribution::BucketId last_bucket;
  distribution::Gid last_gid;
};

// One page. InvalidArgument for a document type the cluster does not have; store errors as
// they come.
Result<VisitPage> visit_documents(const ContentNode& node, const VisitSpec& spec);

}  // namespace grove::content
