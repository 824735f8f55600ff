#include "services/http/state_api.h"

#include "services/base/json_writer.h"

namespace grove::http {

bool StateApi::handle(const HttpRequest& req, const HttpResponder& respond) const {
  if (req.path != "/state/v1/health" && req.path != "/state/v1/metrics" &&
      req.path != "/prometheus/v1/values" && req.path != "/state/v1/" && req.path != "/state/v1") {
    return false;
  }
  if (req.method != "GET" && req.method != "HEAD") {
    respond(HttpResponse::error(405, req.path + " supports GET only"));
    return true;
  }
  if (req.path == "/state/v1/metrics") {
    respond(HttpResponse::json(200, registry_.render_json()));
  } else if (req.path == "/prometheus/v1/values") {
    respond(HttpResponse{200, "text/plain; version=0.0.4", registry_.render_prometheus(), {}});
  } else if (req.path == "/state/v1/health") {
    Health h = health_();
    JsonWriter w;
    w.begin_object().key("status").begin_object().key("code").string(h.code);
    if (!h.message.empty()) w.key("message").string(h.message);
    w.end_object().end_object();
    // A load balancer reads the status code; the body says why.
    respond(HttpResponse::json(h.code == "up" ? 200 : 503, std::move(w).take()));
  } else {
    respond(HttpResponse::json(
        200, R"({"resources":[{"url":"/state/v1/health"},{"url":"/state/v1/metrics"},)"
             R"({"url":"/prometheus/v1/values"}]})"));
  }
  return true;
}

}  // namespace grove::http
