#include "container/document/document_operations.h"

#include <boost/asio/steady_timer.hpp>

#include <boost/asio/post.hpp>

#include <fmt/format.h>

namespace grove::container {

namespace {

std::string node_name(DocumentRouter& router, size_t node) {
  return fmt::format("content node {}:{}", router.id(), router.nodes().node(node).key);
}

// The message for an outcome that is not OK.
std::string outcome_message(const protocol::FeedReply& reply,
                            const std::optional<std::string>& condition) {
  if (!reply.message.empty()) return reply.message;
  switch (reply.outcome) {
    case protocol::FeedOutcome::kConditionNotMet:
      return fmt::format("condition not met: {}", condition.value_or(""));
    case protocol::FeedOutcome::kNotFound:
      return condition
                 ? fmt::format("document not found, so the condition '{}' is not met", *condition)
                 : std::string();
    case protocol::FeedOutcome::kFeedBlocked:
      return "feeding is blocked: a content node is above its resource limits";
    default:
      return {};
  }
}

}  // namespace

DocumentWrite::DocumentWrite(WriteRequest request, DocumentRouter& router,
                             boost::asio::io_context& io, DocumentMetrics& metrics,
                             DocumentFinish finish)
    : op_(request.op),
      id_(request.id),
      path_id_(std::move(request.path_id)),
      condition_(request.condition),
      deadline_(request.deadline),
      operation_(operation_of(request)),
      router_(&router),
      io_(io),
      metrics_(metrics),
      finish_(std::move(finish)) {}

protocol::FeedOperation DocumentWrite::operation_of(WriteRequest& request) {
  protocol::FeedOperation op;
  switch (request.op) {
    case DocumentOp::kPut:
      op.op = protocol::FeedPut{request.id.str(), std::move(request.document), request.condition};
      break;
    case DocumentOp::kUpdate:
      op.op = protocol::FeedUpdate{request.id.str(), std::move(request.update_json), request.condition,
                                   request.create};
      break;
    default:
      op.op = protocol::FeedRemove{request.id.str(), request.condition};
      break;
  }
  return op;
}

void DocumentWrite::send() {
  router_ = &router_->newest();  // a newer config generation may own the bucket now
  auto table = router_->table();
  const distribution::BucketPlacement& placement = table->at(table->storage_bucket(id_.gid()));
  int node = router_->node_index(placement.owner);
  if (node < 0) {
    return finish(
        503, fmt::format("the owner of the document's bucket, node {} of content cluster '{}', "
                         "has no address",
                         placement.owner, router_->id()));
  }
  // A resend needs the request again, so the batch gets a copy.
  router_->batcher(static_cast<size_t>(node))
      .submit(operation_, deadline_, [self = shared_from_this(), node](Result<protocol::FeedReply> reply) {
        self->on_reply(static_cast<size_t>(node), std::move(reply));
      });
}

void DocumentWrite::on_reply(size_t node, Result<protocol::FeedReply> reply) {
  if (!reply.ok()) {
    if (reply.status().code() == StatusCode::kUnavailable) {
      router_->nodes().node_failed(node);
      const bool idempotent = op_ == DocumentOp::kPut || op_ == DocumentOp::kRemove;
      if (idempotent && send_after(retry_delay_)) {
        retry_delay_ = std::min<Duration>(retry_delay_ * 2, kRetryMax);
        metrics_.resends().add();
        return;
      }
    }
    return finish(http_status_of(reply.status()),
                  fmt::format("{}: {}", node_name(*router_, node), reply.status().message()));
  }
  if (reply->outcome == protocol::FeedOutcome::kWrongDistribution) {
    return resend(reply->cluster_state, reply->cluster_state_version);
  }
  if (reply->outcome == protocol::FeedOutcome::kOk) return finish(200, {});
  finish(http_status_of(reply->outcome, condition_.has_value()),
         outcome_message(*reply, condition_));
}

// Off the node's strand: adopting a new state may build a table (tens of milliseconds).
void DocumentWrite::resend(const std::string& state, int32_t version) {
  if (resends_ >= kMaxResends) {
    return finish(503,
                  fmt::format("the owner of the document's bucket kept changing: gave up after {} "
                              "resends (last cluster state version {})",
                              resends_, version));
  }
  ++resends_;
  metrics_.resends().add();
  // The first resend goes at once; later ones wait while ownership settles (nodes take a new
  // cluster state one after the other).
  const Duration wait = resends_ == 1 ? Duration::zero() : std::min<Duration>(kRetryInitial * (resends_ - 1), kRetryMax);
  boost::asio::post(io_, [self = shared_from_this(), state, wait] {
    Status adopted = self->router_->adopt_state(state);
    if (!adopted.ok())
      return self->finish(adopted.code() == StatusCode::kInvalidArgument ? 500 : 503,
                          adopted.message());
    if (!self->send_after(wait)) {
      self->finish(504, "the deadline passed while resending to the bucket's new owner");
    }
  });
}

bool DocumentWrite::send_after(Duration delay) {
  const Duration left = deadline_.remaining(SystemClock::instance());
  if (left <= delay) return false;
  if (delay == Duration::zero()) {
    send();
    return true;
  }
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, delay);
  timer->async_wait([self = shared_from_this(), timer](const boost::system::error_code&) { self->send(); });
  return true;
}

void DocumentWrite::finish(int status, std::string message) {
  DocumentFinish done = std::move(finish_);
  done(DocumentResponse{status, std::move(path_id_), id_.str(), std::move(message), {}});
}

DocumentGet::DocumentGet(distribution::DocumentId id, std::string path_id, DocumentRouter& router,
                         Deadline deadline, DocumentFinish finish)
    : id_(std::move(id)),
      path_id_(std::move(path_id)),
      router_(router),
      deadline_(deadline),
      finish_(std::move(finish)) {
  request_.document_id = id_.str();
}

void DocumentGet::start() {
  auto table = router_.table();
  std::vector<size_t> later;
  for (const distribution::IdealReplica& replica :
       table->at(table->storage_bucket(id_.gid())).replicas) {
    int node = router_.node_index(replica.node);
    if (node < 0) continue;
    SearchCluster::Node& n = router_.nodes().node(static_cast<size_t>(node));
    bool in_service = n.in_service() && n.client->healthy();
    (in_service ? candidates_ : later).push_back(static_cast<size_t>(node));
  }
  candidates_.insert(candidates_.end(), later.begin(), later.end());
  last_error_ = Status::Unavailable(
      fmt::format("content cluster '{}' has no replica of the document's bucket", router_.id()));
  try_next();
}

void DocumentGet::try_next() {
  if (next_ >= candidates_.size()) return finish(503, last_error_.message());
  size_t node = candidates_[next_++];
  auto self = shared_from_this();
  router_.nodes().node(node).client->get(
      request_, deadline_,
      [self, node](Result<protocol::GetReply> reply) { self->on_reply(node, std::move(reply)); });
}

void DocumentGet::on_reply(size_t node, Result<protocol::GetReply> reply) {
  if (reply.ok()) {
    if (!reply->found || reply->removed) return finish(404, {});
    return finish(200, {}, reply->fields_json.empty() ? "{}" : std::move(reply->fields_json));
  }
  std::string message = fmt::format("{}: {}", node_name(router_, node), reply.status().message());
  StatusCode code = reply.status().code();
  if (code == StatusCode::kInvalidArgument || code == StatusCode::kDeadlineExceeded) {
    return finish(http_status_of(reply.status()), std::move(message));
  }
  if (code == StatusCode::kUnavailable) router_.nodes().node_failed(node);
  last_error_ = Status(code, std::move(message));
  try_next();
}

void DocumentGet::finish(int status, std::string message, std::string fields) {
  DocumentFinish done = std::move(finish_);
  done(DocumentResponse{status, std::move(path_id_), id_.str(), std::move(message),
                        std::move(fields)});
}

}  // namespace grove::container
