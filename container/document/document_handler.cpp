#include "container/document/document_handler.h"

#include <fmt/format.h>

#include <algorithm>

#include "config-model/model/document_types.h"
#include "container/document/document_operations.h"
#include "container/document/document_visit.h"

namespace grove::container {

namespace {

std::string_view raw_path_of(const http::HttpRequest& request) {
  std::string_view target = request.target;
  return target.substr(0, target.find('?'));
}

http::HttpResponse error_response(int status, std::string_view path, std::string message,
                                  std::string id = {}) {
  return DocumentResponse{status, std::string(path), std::move(id), std::move(message), {}}
      .to_http();
}

std::optional<DocumentOp> op_of(std::string_view method, bool visit) {
  if (method == "GET") return visit ? DocumentOp::kVisit : DocumentOp::kGet;
  if (method == "POST") return DocumentOp::kPut;
  if (method == "PUT") return DocumentOp::kUpdate;
  if (method == "DELETE") return DocumentOp::kRemove;
  return std::nullopt;
}

std::string id_prefix(const DocumentV1Path& path) {
  std::string prefix = fmt::format("id:{}:{}:", path.name_space, path.document_type);
  if (path.number) prefix += fmt::format("n={}:", *path.number);
  if (path.group) prefix += fmt::format("g={}:", *path.group);
  return prefix;
}

}  // namespace

DocumentHandler::DocumentHandler(document::DocumentTypeRepo repo, boost::asio::io_context& io,
                                 MetricRegistry& metrics, DocumentApiOptions options, bool enabled)
    : repo_(std::move(repo)), io_(io), metrics_(metrics), options_(options), enabled_(enabled) {}

Result<std::unique_ptr<DocumentHandler>> DocumentHandler::create(
    const config::ApplicationModel& model, std::vector<SearchCluster*> clusters,
    boost::asio::io_context& io, MetricRegistry& metrics, DocumentApiOptions options) {
  Result<document::DocumentTypeRepo> repo = config::make_document_type_repo(model);
  if (!repo.ok()) return Status::InvalidArgument("document types: " + repo.status().message());
  bool enabled = std::any_of(model.container_clusters().begin(), model.container_clusters().end(),
                             [](const config::ContainerCluster& c) { return c.document_api; });
  std::unique_ptr<DocumentHandler> handler(
      new DocumentHandler(std::move(repo).value(), io, metrics, options, enabled));
  for (SearchCluster* cluster : clusters) {
    GROVE_ASSIGN_OR_RETURN(auto router, DocumentRouter::create(*cluster, options.batching));
    handler->routers_.push_back(std::move(router));
  }
  return handler;
}

void DocumentHandler::handle(const http::HttpRequest& request, http::HttpResponder respond) {
  std::string_view path = raw_path_of(request);
  if (!enabled_) {
    return respond(error_response(404, path,
                                  "the document API is not enabled: add <document-api/> to a "
                                  "<container> in services.xml"));
  }
  Result<DocumentRequest> parsed = parse_document_request(request);
  std::optional<DocumentOp> op = op_of(request.method, parsed.ok() && parsed->path.is_visit());
  if (!op || (parsed.ok() && parsed->path.is_visit() && op != DocumentOp::kVisit)) {
    return respond(error_response(
        405, path,
        fmt::format("'{}' not allowed at '{}'. Allowed methods are: {}", request.method, path,
                    parsed.ok() && parsed->path.is_visit() ? "GET" : "DELETE, GET, POST, PUT")));
  }
  http::HttpResponder done = admit(*op, path, std::move(respond));
  if (!done) return;
  if (!parsed.ok())
    return done(error_response(http_status_of(parsed.status()), path, parsed.status().message()));
  dispatch(*op, request, std::move(parsed).value(), std::move(done));
}

http::HttpResponder DocumentHandler::admit(DocumentOp op, std::string_view path,
                                           http::HttpResponder respond) {
  int64_t now = in_flight_.fetch_add(1) + 1;
  metrics_.set_in_flight(now);
  SteadyTime started = std::chrono::steady_clock::now();
  http::HttpResponder done = [this, op, started,
                              respond = std::move(respond)](http::HttpResponse response) {
    metrics_.record(
        op, response.status,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    metrics_.set_in_flight(in_flight_.fetch_sub(1) - 1);
    respond(std::move(response));
  };
  if (now > options_.max_in_flight) {
    done(
        error_response(429, path,
                       fmt::format("too many document operations in flight (limit {}); retry later",
                                   options_.max_in_flight)));
    return nullptr;
  }
  return done;
}

void DocumentHandler::dispatch(DocumentOp op, const http::HttpRequest& request,
                               DocumentRequest parsed, http::HttpResponder respond) {
  if (op == DocumentOp::kVisit) return visit(std::move(parsed), std::move(respond));
  std::string id = parsed.path.document_id->str();
  auto fail = [&](const Status& s) {
    respond(error_response(http_status_of(s), parsed.path.raw, s.message(), id));
  };
  const document::DocumentType* type = repo_.find(parsed.path.document_type);
  if (type == nullptr) {
    return fail(Status::InvalidArgument(fmt::format("unknown document type '{}' (known types: {})",
                                                    parsed.path.document_type, repo_.type_list())));
  }
  Result<DocumentRouter*> router = router_for(type->name(), parsed.cluster);
  if (!router.ok()) return fail(router.status());
  if (op != DocumentOp::kGet)
    return write(op, request, std::move(parsed), **router, *type, std::move(respond));
  auto get = std::make_shared<DocumentGet>(
      *parsed.path.document_id, parsed.path.raw, **router, deadline_of(parsed),
      [respond = std::move(respond)](DocumentResponse r) { respond(r.to_http()); });
  get->start();
}

void DocumentHandler::write(DocumentOp op, const http::HttpRequest& request, DocumentRequest parsed,
                            DocumentRouter& router, const document::DocumentType& type,
                            http::HttpResponder respond) {
  WriteRequest w;
  w.op = op;
  w.id = *parsed.path.document_id;
  w.path_id = parsed.path.raw;
  w.deadline = deadline_of(parsed);
  w.condition = parsed.condition;
  w.create = parsed.create.value_or(false);
  if (op != DocumentOp::kRemove) {
    if (request.body.size() > options_.max_document_bytes) {
      return respond(
          error_response(413, w.path_id,
                         fmt::format("document JSON is {} bytes, over the limit of {} bytes",
                                     request.body.size(), options_.max_document_bytes),
                         w.id.str()));
    }
    Result<DocumentBody> body = parse_document_body(op, type, w.id, request.body);
    if (!body.ok())
      return respond(error_response(400, w.path_id, body.status().message(), w.id.str()));
    w.document = std::move(body->document);
    w.update_json = std::move(body->update_json);
    if (!w.condition) w.condition = std::move(body->condition);
    w.create = parsed.create.value_or(body->create.value_or(false));
  }
  if (w.condition && w.condition->empty()) w.condition.reset();
  auto operation = std::make_shared<DocumentWrite>(
      std::move(w), router, io_, metrics_,
      [respond = std::move(respond)](DocumentResponse r) { respond(r.to_http()); });
  operation->start();
}

void DocumentHandler::visit(DocumentRequest parsed, http::HttpResponder respond) {
  const DocumentV1Path& path = parsed.path;
  auto fail = [&](const Status& s) {
    respond(error_response(http_status_of(s), path.raw, s.message()));
  };
  VisitPlan plan;
  plan.path_id = path.raw;
  DocumentRouter* router = nullptr;
  if (path.document_type.empty()) {
    // With one content cluster there is only one to visit; with several the caller names one
    // (Vespa always asks for it).
    if (!parsed.cluster && routers_.size() != 1) {
      std::string ids;
      for (const auto& r : routers_) ids += (ids.empty() ? "" : ", ") + r->id();
      return fail(Status::InvalidArgument(fmt::format(
          "Must set 'cluster' parameter to a valid content cluster id when visiting at a root "
          "/document/v1/ level (clusters: {})", ids)));
    }
    auto found = parsed.cluster ? std::find_if(routers_.begin(), routers_.end(),
                                               [&](const auto& r) { return r->id() == *parsed.cluster; })
                                : routers_.begin();
    if (found == routers_.end()) return fail(router_for("", parsed.cluster).status());
    router = found->get();
  } else {
    if (repo_.find(path.document_type) == nullptr) {
      return fail(Status::InvalidArgument(fmt::format(
          "unknown document type '{}' (known types: {})", path.document_type, repo_.type_list())));
    }
    Result<DocumentRouter*> found = router_for(path.document_type, parsed.cluster);
    if (!found.ok()) return fail(found.status());
    router = *found;
    plan.document_type = path.document_type;
    plan.id_prefix = id_prefix(path);
  }
  plan.selection = parsed.selection;
  plan.wanted = parsed.wanted_documents;
  plan.from = parsed.continuation;
  plan.deadline = deadline_of(parsed);
  plan.time_budget =
      std::min(options_.visit_time_budget, parsed.timeout.value_or(options_.default_timeout) / 2);
  std::make_shared<DocumentVisit>(std::move(plan), *router, std::move(respond))->start();
}

Status DocumentHandler::set_cluster_state(const std::string& cluster, const distribution::ClusterState& state) {
  for (auto& router : routers_) {
    if (router->id() == cluster) return router->adopt_state(state.to_string());
  }
  return Status::NotFound(fmt::format("no content cluster '{}'", cluster));
}

void DocumentHandler::hand_over_to(DocumentHandler& next) {
  for (auto& router : routers_) {
    for (auto& newer : next.routers_) {
      if (newer->id() == router->id()) router->hand_over_to(*newer);
    }
  }
}

Result<DocumentRouter*> DocumentHandler::router_for(
    const std::string& type, const std::optional<std::string>& cluster) const {
  std::string ids;
  for (const auto& router : routers_) {
    ids += (ids.empty() ? "" : ", ") + router->id();
    if (cluster && router->id() != *cluster) continue;
    const auto& documents = router->config().documents;
    if (std::any_of(documents.begin(), documents.end(),
                    [&](const config::DocumentRef& d) { return d.type == type; })) {
      return router.get();
    }
    if (cluster) {
      return Status::InvalidArgument(
          fmt::format("content cluster '{}' does not hold document type '{}'", *cluster, type));
    }
  }
  if (cluster)
    return Status::InvalidArgument(
        fmt::format("no content cluster '{}' (clusters: {})", *cluster, ids));
  return Status::InvalidArgument(fmt::format("no content cluster holds document type '{}'", type));
}

Deadline DocumentHandler::deadline_of(const DocumentRequest& parsed) const {
  return Deadline::after(SystemClock::instance(),
                         parsed.timeout.value_or(options_.default_timeout));
}

}  // namespace grove::container
