#pragma once

// DocumentVisit: one /document/v1 visit request: a page of the documents of one content
// cluster, with a continuation token for the next page (docs/document-api.md).
//
// The cluster's nodes are visited in distribution-key order with the `visit` RPC; each node
// returns the documents of the buckets it is first ideal replica of, in (bucket, gid) order,
// so every document appears exactly once over a whole visit. A page ends when it holds
// `wanted` documents, when `time_budget` has passed (so a selective visit still answers
// regularly), or when the last node is done; the response has a "continuation" unless the
// visit is complete.
//
//   {"pathId": "/document/v1/music/music/docid", "documents": [{"id": ..., "fields": {...}}],
//    "documentCount": 3, "continuation": "AQEA..."}
//
// A node that fails ends the page: with the documents gathered so far (200) if there are any,
// else with its error (503, 504, ...) and the continuation of the position before the failed
// call, so the client can resume without losing a document.
//
// Usage:
//   auto visit = std::make_shared<DocumentVisit>(std::move(plan), router, respond);
//   visit->start();   // `respond` is called exactly once, from an I/O thread or from start()
//
// Lifetime: held by the callbacks it issues; the router must outlive it. One step at a time,
// so no lock.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "container/document/document_router.h"
#include "container/document/visit_token.h"
#include "services/base/json_writer.h"
#include "services/http/http_server.h"

namespace grove::container {

struct VisitPlan {
  std::string path_id;
  std::string document_type;  // empty: every type
  std::string id_prefix;  // e.g. "id:music:music:g=coldplay:"; documents without it are left out
  std::optional<std::string> selection;
  uint32_t wanted = 1;
  VisitPosition from;
  Deadline deadline = Deadline::never();
  Duration time_budget = std::chrono::seconds(5);
};

class DocumentVisit : public std::enable_shared_from_this<DocumentVisit> {
 public:
  using Respond = std::function<void(http::HttpResponse)>;

  DocumentVisit(VisitPlan plan, DocumentRouter& router, Respond respond);
  void start();

 private:
  void step();
  void on_reply(size_t node, Result<protocol::VisitReply> reply);
  void advance(const protocol::VisitReply& reply);
  void complete();
  void fail(int status, std::string message);

  VisitPlan plan_;
  DocumentRouter& router_;
  Respond respond_;
  SteadyTime started_;
  VisitPosition position_;  // where the next call starts
  uint32_t count_ = 0;      // documents written so far
  JsonWriter documents_;    // the "documents" array, open
};

}  // namespace grove::container
