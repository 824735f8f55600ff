#include "container/document/document_response.h"

#include "services/base/json_writer.h"

namespace grove::container {

std::string_view document_op_name(DocumentOp op) {
  switch (op) {
    case DocumentOp::kPut:
      return "put";
    case DocumentOp::kUpdate:
      return "update";
    case DocumentOp::kRemove:
      return "remove";
    case DocumentOp::kGet:
      return "get";
    case DocumentOp::kVisit:
      return "visit";
  }
  return "unknown";
}

http::HttpResponse DocumentResponse::to_http() const {
  JsonWriter w;
  w.begin_object().key("pathId").string(path_id);
  if (!id.empty()) w.key("id").string(id);
  if (!fields_json.empty()) w.key("fields").raw(fields_json);
  if (!message.empty()) w.key("message").string(message);
  w.end_object();
  return http::HttpResponse::json(status, std::move(w).take());
}

int http_status_of(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

int http_status_of(protocol::FeedOutcome outcome, bool conditional) {
  switch (outcome) {
    case protocol::FeedOutcome::kOk:
      return 200;
    case protocol::FeedOutcome::kConditionNotMet:
      return 412;
    case protocol::FeedOutcome::kNotFound:
      return conditional ? 412 : 200;
    case protocol::FeedOutcome::kFeedBlocked:
      return 507;
    case protocol::FeedOutcome::kWrongDistribution:
      return 503;
  }
  return 500;
}

}  // namespace grove::container
