#pragma once

// DocumentHandler: the /document/v1 endpoint (docs/document-api.md): reads and checks the
// request (path, parameters, and the document JSON against the package's document types, so a
// bad request never reaches a node), picks the content cluster of the document type, and starts
// a DocumentWrite (POST put, PUT update, DELETE remove), a DocumentGet (GET with an id) or a
// DocumentVisit (GET without one).
//
// Admission: at most `max_in_flight` document requests at once; more are answered 429 at once
// (back-pressure the feed client understands). A body over `max_document_bytes` is 413.
//
// Usage:
//   auto handler = DocumentHandler::create(model, clusters, io, metrics, options);
//   (*handler)->handle(request, respond);   // `respond` is called exactly once
//
// Thread-safe: immutable after create() except for atomic counters. Borrows the model, the
// clusters, the io_context and the registry, which must outlive it and every request it
// started.

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "config-model/model/application_model.h"
#include "container/document/document_metrics.h"
#include "container/document/document_request.h"
#include "container/document/document_router.h"
#include "services/document/document_type_repo.h"

namespace grove::container {

struct DocumentApiOptions {
  int64_t max_in_flight = 1000;
  size_t max_document_bytes = 10 * 1024 * 1024;
  Duration default_timeout = std::chrono::seconds(175);  // Vespa's default
  Duration visit_time_budget = std::chrono::seconds(5);  // a visit page answers after this long
  FeedBatchOptions batching;  // writes to each owner (feed_batcher.h)
};

class DocumentHandler {
 public:
  // InvalidArgument when the schemas do not make document types, or a cluster's group tree is
  // unusable for placement.
  static Result<std::unique_ptr<DocumentHandler>> create(const config::ApplicationModel& model,
                                                         std::vector<SearchCluster*> clusters,
                                                         boost::asio::io_context& io,
                                                         MetricRegistry& metrics,
                                                         DocumentApiOptions options);

  void handle(const http::HttpRequest& request, http::HttpResponder respond);

  // Routes the writes of content cluster `cluster` by `state` when it is newer than the state
  // they route by (DocumentRouter::adopt_state). NotFound for a cluster the package lacks.
  Status set_cluster_state(const std::string& cluster, const distribution::ClusterState& state);

  // A newer config generation's handler takes over: writes of this one that are sent again go
  // by its routers (DocumentRouter::hand_over_to), cluster by cluster. `next` must outlive this.
  void hand_over_to(DocumentHandler& next);

  // Document requests being handled now.
  int64_t in_flight() const { return in_flight_.load(); }

 private:
  DocumentHandler(document::DocumentTypeRepo repo, boost::asio::io_context& io,
                  MetricRegistry& metrics, DocumentApiOptions options, bool enabled);

  http::HttpResponder admit(DocumentOp op, std::string_view path, http::HttpResponder respond);
  void dispatch(DocumentOp op, const http::HttpRequest& request, DocumentRequest parsed,
                http::HttpResponder respond);
  void write(DocumentOp op, const http::HttpRequest& request, DocumentRequest parsed,
             DocumentRouter& router, const document::DocumentType& type,
             http::HttpResponder respond);
  void visit(DocumentRequest parsed, http::HttpResponder respond);
  Result<DocumentRouter*> router_for(const std::string& type,
                                     const std::optional<std::string>& cluster) const;
  Deadline deadline_of(const DocumentRequest& parsed) const;

  document::DocumentTypeRepo repo_;
  boost::asio::io_context& io_;
  DocumentMetrics metrics_;
  DocumentApiOptions options_;
  bool enabled_;  // some container cluster of the package has <document-api/>
  std::vector<std::unique_ptr<DocumentRouter>> routers_;  // one per content cluster, in model order
  // Invariant: the number of responders handed out by admit() not yet called.
  std::atomic<int64_t> in_flight_{0};
};

}  // namespace grove::container
