#pragma once

// DocumentWrite and DocumentGet: one /document/v1 operation on one document, as an
// asynchronous flow over the content nodes (DESIGN §5). Each calls `finish` exactly once, from
// an I/O thread (or from start() for an answer that needs no node).
//
// DocumentWrite (put, update, remove): the document's storage bucket → its owner in the
// router's PlacementTable → the owner's FeedBatcher (a feed_batch call, shared with other
// writes to that owner). An owner that answers WRONG_DISTRIBUTION sends its cluster state; the
// router adopts it and this write alone is resent to the new owner, at most kMaxResends times
// (then 503), waiting a little more before each resend after the first (up to kRetryMax) while
// ownership settles: about 4 s in all, longer than a distributor's handover wait. A put or remove whose owner cannot be reached (Unavailable: a node that died) is
// tried again after a back-off (kRetryInitial doubling to kRetryMax) until the deadline: the
// cluster controller marks a dead node down within a second or two, its buckets get another
// owner, and the subscription brings that state to the router. Such a retry is safe: the
// distributor gives each attempt a new timestamp and replicas keep the last writer, so a put or
// remove applied twice leaves what one would. An update is not retried (it could apply twice).
// The reply's outcome maps to the HTTP status with http_status_of(); a failed call maps by its
// Status (an unreachable owner is 503, once the deadline leaves no room to retry, and is taken
// out of service).
//
// DocumentGet: the bucket's ideal replicas in order, those in service first; the first that
// answers decides (found → 200 with the fields; missing or removed → 404). A replica that fails
// is skipped; when none answers, 503 with the last error.
//
// Usage:
//   auto write = std::make_shared<DocumentWrite>(std::move(request), router, io, metrics, finish);
//   write->start();
//
// Lifetime: held by the callbacks they issue (shared_from_this). The router, the io_context
// and the metrics must outlive them. Confined to one callback at a time (each step starts the
// next), so they take no lock.

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "container/document/document_metrics.h"
#include "container/document/document_response.h"
#include "container/document/document_router.h"
#include "services/distribution/document_id.h"

namespace grove::container {

using DocumentFinish = std::function<void(DocumentResponse)>;

struct WriteRequest {
  DocumentOp op = DocumentOp::kPut;  // kPut, kUpdate or kRemove
  distribution::DocumentId id;
  std::string path_id;
  std::string document;     // kPut: the binary document (services/document serialization)
  std::string update_json;  // kUpdate: {"fields": {...}}
  std::optional<std::string> condition;
  bool create = false;  // kUpdate
  Deadline deadline = Deadline::never();
};

class DocumentWrite : public std::enable_shared_from_this<DocumentWrite> {
 public:
  static constexpr int kMaxResends = 24;
  static constexpr Duration kRetryInitial = std::chrono::milliseconds(50);
  static constexpr Duration kRetryMax = std::chrono::milliseconds(200);

  DocumentWrite(WriteRequest request, DocumentRouter& router, boost::asio::io_context& io,
                DocumentMetrics& metrics, DocumentFinish finish);
  void start() { send(); }

 private:
  static protocol::FeedOperation operation_of(WriteRequest& request);

  void send();
  void on_reply(size_t node, Result<protocol::FeedReply> reply);
  void resend(const std::string& state, int32_t version);
  // Sends again after `delay` (bounded by the deadline): false when the deadline leaves no room.
  bool send_after(Duration delay);
  void finish(int status, std::string message);

  DocumentOp op_;
  distribution::DocumentId id_;
  std::string path_id_;
  std::optional<std::string> condition_;
  Deadline deadline_;
  protocol::FeedOperation operation_;  // kept for a resend; each send takes a copy
  DocumentRouter* router_;  // the newest generation's router at the last send
  boost::asio::io_context& io_;
  DocumentMetrics& metrics_;
  DocumentFinish finish_;
  int resends_ = 0;  // Invariant: <= kMaxResends
  Duration retry_delay_ = kRetryInitial;  // the next back-off after an unreachable owner
};

class DocumentGet : public std::enable_shared_from_this<DocumentGet> {
 public:
  DocumentGet(distribution::DocumentId id, std::string path_id, DocumentRouter& router,
              Deadline deadline, DocumentFinish finish);
  void start();

 private:
  void try_next();
  void on_reply(size_t node, Result<protocol::GetReply> reply);
  void finish(int status, std::string message, std::string fields = {});

  distribution::DocumentId id_;
  std::string path_id_;
  DocumentRouter& router_;
  Deadline deadline_;
  DocumentFinish finish_;
  protocol::GetRequest request_;
  std::vector<size_t> candidates_;  // node indexes, in the order they are tried
  size_t next_ = 0;
  Status last_error_;
};

}  // namespace grove::container
