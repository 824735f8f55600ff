#pragma once

// ConfigServer's private types, shared by its .cpp files (config_server.cpp: lifecycle, routes,
// long-polls; config_server_deploy.cpp: the deploy and restoring a generation).

#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <string>

#include "config-model/configserver/config_server.h"
#include "config-model/deploy/process_plan.h"
#include "config-model/model/application_model.h"
#include "services/http/http_server.h"

namespace grove::configserver {

// The paths of the deploy API (Vespa's, with the one tenant and application Grove has).
inline constexpr std::string_view kApplicationPath = "/application/v2/tenant/default/application/default";
inline constexpr std::string_view kPrepareAndActivatePath = "/application/v2/tenant/default/prepareandactivate";

// Where generation `n`'s package is fetched from.
std::string package_path(uint64_t generation);

struct ConfigServer::Active {
  uint64_t generation = 0;
  int64_t created_us = 0;
  std::string content_type;
  std::string app_dir;  // the unpacked package root
  std::shared_ptr<const config::ApplicationModel> model;
  deploy::ProcessPlan plan;
  std::string plan_json;
};

// A long-poll waiting on the work thread (every field is the work thread's).
struct ConfigServer::Watch {
  uint64_t generation = 0;                 // what the caller has
  std::map<std::string, uint32_t> states;  // cluster -> the state version the caller has
  http::HttpResponder respond;
  std::unique_ptr<boost::asio::steady_timer> timer;
};

// A JSON error body in Vespa's deploy-API shape: {"error-code": CODE, "message": MESSAGE}.
http::HttpResponse deploy_error(int status, std::string_view code, std::string_view message);

}  // namespace grove::configserver
