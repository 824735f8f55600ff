// ConfigServer's deploy (POST .../prepareandactivate) and the restoring of the active generation
// at start-up (docs/deploy-api.md).

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "config-model/configserver/config_server.h"
#include "config-model/configserver/config_server_internal.h"
#include "config-model/deploy/deploy_change.h"
#include "config-model/deploy/validation_overrides.h"
#include "services/base/json_writer.h"
#include "services/base/logging.h"

namespace grove::configserver {

namespace fs = std::filesystem;

namespace {

std::string_view canonical_content_type(deploy::ArchiveFormat format) {
  return format == deploy::ArchiveFormat::kZip ? "application/zip" : "application/x-gzip";
}

std::string generation_dir(const std::string& root, uint64_t number) {
  return fmt::format("{}/gen-{}", root, number);
}

// 400 with every error of the package, each with its file and line (Vespa's error code).
http::HttpResponse invalid_package(const config::ApplicationModel::LoadOutput& loaded) {
  size_t errors = 0;
  JsonWriter list;
  list.begin_array();
  std::vector<std::string> warnings;
  for (const config::Diagnostic& d : loaded.diagnostics) {
    if (!d.is_error()) {
      warnings.push_back(d.to_string());
      continue;
    }
    ++errors;
    list.begin_object().key("file").string(d.file).key("line").number(d.line);
    if (!d.element.empty()) list.key("element").string(d.element);
    list.key("message").string(d.message).key("text").string(d.to_string()).end_object();
  }
  list.end_array();
  JsonWriter w;
  w.begin_object().key("error-code").string("INVALID_APPLICATION_PACKAGE");
  w.key("message").string(fmt::format("Invalid application package: {} error{}; the first: {}", errors,
                                      errors == 1 ? "" : "s", loaded.first_error()));
  w.key("errors").raw(std::move(list).take());
  w.key("warnings").begin_array();
  for (const std::string& text : warnings) w.string(text);
  w.end_array().end_object();
  return http::HttpResponse::json(400, std::move(w).take());
}

}  // namespace

Result<std::shared_ptr<const ConfigServer::Active>> ConfigServer::load_generation(uint64_t number,
                                                                                  std::string_view package,
                                                                                  std::string_view content_type,
                                                                                  std::string config_json) {
  const std::string dir = generation_dir(options_.data_dir + "/apps", number);
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(fs::path(dir).parent_path(), ec);
  GROVE_ASSIGN_OR_RETURN(deploy::UnpackedPackage unpacked,
                         deploy::unpack_package(package, content_type, dir, options_.package));
  config::ApplicationModel::LoadOutput loaded = config::ApplicationModel::load(unpacked.root);
  if (!loaded.ok()) {
    return Status::Corruption(fmt::format("stored generation {} no longer loads: {}", number, loaded.first_error()));
  }
  GROVE_ASSIGN_OR_RETURN(deploy::ProcessPlan plan, deploy::ProcessPlan::parse_json(config_json));
  auto active = std::make_shared<Active>();
  active->generation = number;
  active->content_type = std::string(content_type);
  active->app_dir = unpacked.root;
  active->model = std::make_shared<const config::ApplicationModel>(std::move(*loaded.model));
  active->plan = std::move(plan);
  active->plan_json = std::move(config_json);
  return std::shared_ptr<const Active>(std::move(active));
}

Status ConfigServer::restore() {
  GROVE_ASSIGN_OR_RETURN(std::optional<uint64_t> number, store_->active());
  if (!number) return Status::Ok();
  GROVE_ASSIGN_OR_RETURN(deploy::Generation stored, store_->get(*number));
  GROVE_ASSIGN_OR_RETURN(std::shared_ptr<const Active> active,
                         load_generation(*number, stored.package, stored.info.content_type,
                                         std::move(stored.config_json)));
  GROVE_RETURN_IF_ERROR(activate(std::move(active)));
  {
    std::lock_guard lock(mutex_);
    if (controller_) restore_wanted_states();
  }
  GROVE_LOG_INFO("restored active generation {} from {}", *number, store_->path());
  return Status::Ok();
}

Status ConfigServer::activate(std::shared_ptr<const Active> next) {
  connect_plan_.store(std::make_shared<const deploy::ProcessPlan>(next->plan));
  {
    std::lock_guard lock(mutex_);
    if (!controller_) {
      GROVE_RETURN_IF_ERROR(make_controller(*next->model));
      if (started_.load()) controller_->start();
    } else {
      GROVE_RETURN_IF_ERROR(controller_->set_model(*next->model));
    }
    active_ = next;
  }
  generation_gauge_->set(static_cast<double>(next->generation));
  if (started_.load()) {  // on the work thread
    arm_state_waiters();
    wake_watches();
  }
  remove_old_unpacked(next->generation);
  return Status::Ok();
}

// Keeps the newest unpacked_generations packages under apps/ (the active one always).
void ConfigServer::remove_old_unpacked(uint64_t active) {
  std::vector<uint64_t> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(options_.data_dir + "/apps", ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with("gen-")) continue;
    try {
      found.push_back(std::stoull(name.substr(4)));
    } catch (const std::exception&) {
    }
  }
  std::sort(found.rbegin(), found.rend());
  for (size_t i = options_.unpacked_generations; i < found.size(); ++i) {
    if (found[i] == active) continue;
    fs::remove_all(generation_dir(options_.data_dir + "/apps", found[i]), ec);
  }
}

http::HttpResponse ConfigServer::deploy(const http::HttpRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  auto refused = [&](http::HttpResponse response) {
    deploys_refused_->add();
    GROVE_LOG_INFO("deploy refused ({}): {}", response.status, response.body.substr(0, 300));
    return response;
  };
  if (request.body.empty()) {
    return refused(deploy_error(400, "BAD_REQUEST",
                                "the request has no body: send the application package as a zip "
                                "(Content-Type: application/zip) or a gzip'ed tar (application/x-gzip)"));
  }
  auto number = store_->next_number();
  if (!number.ok()) return deploy_error(500, "INTERNAL_SERVER_ERROR", number.status().message());
  const std::string staging = generation_dir(options_.data_dir + "/staging", *number);
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(fs::path(staging).parent_path(), ec);
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ignored;
      if (!dir.empty()) fs::remove_all(dir, ignored);
    }
  } cleanup{staging};

  auto unpacked = deploy::unpack_package(request.body, request.header("Content-Type"), staging, options_.package);
  if (!unpacked.ok()) {
    int status = unpacked.status().code() == StatusCode::kIoError ? 500 : 400;
    return refused(deploy_error(status, status == 400 ? "INVALID_APPLICATION_PACKAGE" : "INTERNAL_SERVER_ERROR",
                                unpacked.status().message()));
  }
  config::ApplicationModel::LoadOutput loaded = config::ApplicationModel::load(unpacked->root);
  if (!loaded.ok()) return refused(invalid_package(loaded));
  auto overrides = deploy::ValidationOverrides::load(unpacked->root, deploy::utc_today());
  if (!overrides.ok()) return refused(deploy_error(400, "INVALID_APPLICATION_PACKAGE", overrides.status().message()));

  std::shared_ptr<const Active> current = active();
  deploy::DeployChangeOptions change_options;
  change_options.documents_per_bucket = documents_per_bucket();
  auto change = deploy::compute_deploy_change(current ? current->model.get() : nullptr, *loaded.model, *overrides,
                                              change_options);
  if (!change.ok()) return refused(deploy_error(400, "INVALID_APPLICATION_PACKAGE", change.status().message()));
  if (change->refused()) {
    JsonWriter w;
    w.begin_object().key("error-code").string("INVALID_APPLICATION_PACKAGE");
    w.key("message").string(change->refusal_status().message()).key("change").raw(change->to_json()).end_object();
    return refused(http::HttpResponse::json(400, std::move(w).take()));
  }
  auto plan = deploy::plan_processes(*loaded.model, current ? &current->plan : nullptr, *number, options_.plan);
  if (!plan.ok()) return refused(deploy_error(400, "INVALID_APPLICATION_PACKAGE", plan.status().message()));

  const std::string content_type(canonical_content_type(unpacked->format));
  deploy::NewGeneration stored;
  stored.expected_number = *number;
  stored.content_type = content_type;
  stored.package = request.body;
  stored.config_json = plan->to_json();
  stored.summary_json = change->to_json();
  auto put = store_->put(stored);
  if (!put.ok()) {
    int status = put.status().code() == StatusCode::kInvalidArgument ? 400 : 500;
    return refused(deploy_error(status, status == 400 ? "INVALID_APPLICATION_PACKAGE" : "INTERNAL_SERVER_ERROR",
                                put.status().message()));
  }
  Status made_active = store_->activate(*number);
  if (!made_active.ok()) return deploy_error(500, "INTERNAL_SERVER_ERROR", made_active.message());
  auto pruned = store_->prune();
  if (!pruned.ok()) GROVE_LOG_WARN("pruning old generations failed: {}", pruned.status().to_string());

  // The unpacked package becomes the generation's served copy.
  const std::string app_root = generation_dir(options_.data_dir + "/apps", *number);
  fs::create_directories(fs::path(app_root).parent_path(), ec);
  fs::remove_all(app_root, ec);
  fs::rename(staging, app_root, ec);
  std::string root = unpacked->root;
  if (!ec) {
    cleanup.dir.clear();
    root = app_root + root.substr(staging.size());
  } else {
    return deploy_error(500, "INTERNAL_SERVER_ERROR",
                        fmt::format("cannot move the package to {}: {}", app_root, ec.message()));
  }
  auto next = std::make_shared<Active>();
  next->generation = *number;
  next->content_type = content_type;
  next->app_dir = root;
  next->model = std::make_shared<const config::ApplicationModel>(std::move(*loaded.model));
  next->plan = std::move(*plan);
  next->plan_json = stored.config_json;
  Status activated = activate(next);
  if (!activated.ok()) {
    GROVE_LOG_ERROR("generation {} is stored and active but the controller refused it: {}", *number,
                    activated.to_string());
    return deploy_error(500, "INTERNAL_SERVER_ERROR", activated.message());
  }
  deploys_ok_->add();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::vector<std::string> lines = change->to_lines();
  GROVE_LOG_INFO("generation {} activated in {:.1f} ms ({} bytes, {}){}", *number, ms, request.body.size(),
                 content_type, lines.empty() ? "" : ": " + lines.front());

  JsonWriter w;
  w.begin_object().key("tenant").string("default");
  w.key("session-id").string(std::to_string(*number)).key("generation").number(*number);
  w.key("message").string(fmt::format("Session {} for tenant 'default' prepared and activated.", *number));
  w.key("url").string(std::string(kApplicationPath));
  w.key("package").string(package_path(*number));
  w.key("change").raw(change->to_json());
  w.key("summary").begin_array();
  for (const std::string& line : lines) w.string(line);
  w.end_array();
  // A removed content node is retired: its data moves first, then its supervisor stops it.
  w.key("notes").begin_array();
  for (const deploy::ContentClusterChange& c : change->content) {
    for (const deploy::NodeRef& node : c.nodes_removed) {
      w.string(fmt::format("content node {} of '{}' is no longer in the package: it is retired, keeps serving "
                           "what it holds while bucket maintenance moves its documents to the nodes that keep "
                           "them, and is stopped by its host supervisor once it holds none",
                           node.distribution_key, c.id));
    }
  }
  w.end_array();
  w.key("log").begin_array();
  for (const std::string& warning : change->warnings) w.string(warning);
  for (const config::Diagnostic& d : loaded.diagnostics) w.string(d.to_string());
  w.end_array();
  w.key("deploy-ms").number(ms).end_object();
  return http::HttpResponse::json(200, std::move(w).take());
}

double ConfigServer::documents_per_bucket() const {
  std::lock_guard lock(mutex_);
  if (!controller_) return 0;
  double documents = 0;
  size_t clusters = 0;
  for (const std::string& id : controller_->cluster_ids()) {
    auto status = controller_->status(id);
    if (!status.ok()) continue;
    ++clusters;
    int64_t total = 0;
    uint16_t redundancy = 1;
    for (const controller::NodeFacts& node : status->nodes) total += node.total_docs;
    if (auto a = active_) {
      if (const config::ContentCluster* c = a->model->find_content_cluster(id)) redundancy = std::max<uint16_t>(1, c->redundancy);
    }
    documents += static_cast<double>(total) / redundancy;
  }
  return clusters == 0 ? 0 : documents / clusters / 65536.0;
}

}  // namespace grove::configserver
