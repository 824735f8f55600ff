#include "container/document/document_visit.h"

#include <fmt/format.h>

#include "container/document/document_response.h"

namespace grove::container {

DocumentVisit::DocumentVisit(VisitPlan plan, DocumentRouter& router, Respond respond)
    : plan_(std::move(plan)),
      router_(router),
      respond_(std::move(respond)),
      started_(std::chrono::steady_clock::now()),
      position_(plan_.from) {
  documents_.begin_array();
}

void DocumentVisit::start() {
  if (position_.node >= router_.nodes_by_key().size()) {
    return fail(
        400, fmt::format("the continuation token names node position {}, but content cluster '{}' "
                         "has {} nodes",
                         position_.node, router_.id(), router_.nodes_by_key().size()));
  }
  step();
}

void DocumentVisit::step() {
  size_t node = router_.nodes_by_key()[position_.node];
  protocol::VisitRequest request;
  request.document_type = plan_.document_type;
  request.after_bucket = position_.after_bucket;
  request.after_gid = position_.after_gid;
  request.max_documents = static_cast<int32_t>(plan_.wanted - count_);
  request.selection = plan_.selection;
  auto self = shared_from_this();
  router_.nodes().node(node).client->visit(
      request, plan_.deadline,
      [self, node](Result<protocol::VisitReply> reply) { self->on_reply(node, std::move(reply)); });
}

void DocumentVisit::on_reply(size_t node, Result<protocol::VisitReply> reply) {
  if (!reply.ok()) {
    if (reply.status().code() == StatusCode::kUnavailable) router_.nodes().node_failed(node);
    if (count_ > 0) return complete();  // the documents so far; the next page meets the error
    return fail(http_status_of(reply.status()),
                fmt::format("content node {}:{}: {}", router_.id(), router_.nodes().node(node).key,
                            reply.status().message()));
  }
  bool progressed = reply->done || !reply->documents.empty() ||
                    reply->last_bucket != position_.after_bucket ||
                    reply->last_gid != position_.after_gid;
  if (!progressed) {
    return fail(
        500, fmt::format("content node {}:{} returned no documents and did not advance the visit",
                         router_.id(), router_.nodes().node(node).key));
  }
  for (const protocol::VisitedDocument& doc : reply->documents) {
    if (!doc.document_id.starts_with(plan_.id_prefix)) continue;
    documents_.begin_object().key("id").string(doc.document_id);
    documents_.key("fields").raw(doc.fields_json.empty() ? "{}" : doc.fields_json).end_object();
    ++count_;
  }
  advance(*reply);
  bool out_of_time = std::chrono::steady_clock::now() - started_ >= plan_.time_budget;
  if (position_.node >= router_.nodes_by_key().size() || count_ >= plan_.wanted || out_of_time)
    return complete();
  step();
}

void DocumentVisit::advance(const protocol::VisitReply& reply) {
  if (reply.done) {
    position_ = VisitPosition{static_cast<uint16_t>(position_.node + 1), 0, {}};
  } else {
    position_.after_bucket = reply.last_bucket;
    position_.after_gid = reply.last_gid;
  }
}

void DocumentVisit::complete() {
  JsonWriter w;
  w.begin_object().key("pathId").string(plan_.path_id);
  documents_.end_array();
  w.key("documents").raw(documents_.str());
  w.key("documentCount").number(count_);
  if (position_.node < router_.nodes_by_key().size())
    w.key("continuation").string(encode_continuation(position_));
  w.end_object();
  Respond respond = std::move(respond_);
  respond(http::HttpResponse::json(200, std::move(w).take()));
}

void DocumentVisit::fail(int status, std::string message) {
  JsonWriter w;
  w.begin_object().key("pathId").string(plan_.path_id).key("message").string(message);
  if (position_.node < router_.nodes_by_key().size())
    w.key("continuation").string(encode_continuation(position_));
  w.end_object();
  Respond respond = std::move(respond_);
  respond(http::HttpResponse::json(status, std::move(w).take()));
}

}  // namespace grove::container
