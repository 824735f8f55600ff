#include "config-model/model/application_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "config-model/model/application_validator.h"
#include "config-model/model/diagnostic_list.h"
#include "config-model/model/hosts.h"
#include "config-model/model/schema_loader.h"
#include "config-model/model/services_parser.h"
#include "config-model/model/xml_file.h"

namespace grove::config {

namespace {

namespace fs = std::filesystem;

constexpr const char* kServices = "services.xml";

// services.xml's text, or nullopt after reporting why the package cannot be read.
std::optional<std::string> read_services(const std::string& app_dir, DiagnosticList& out) {
  std::error_code ec;
  if (!fs::is_directory(app_dir, ec)) {
    // Named services.xml, like every problem that makes the package unreadable, so a tool that
    // prefixes the directory prints the path it could not read.
    out.error(kServices, 0, "",
              fmt::format("the application directory '{}' does not exist or is "
                          "not a directory; give the folder that holds "
                          "services.xml",
                          app_dir));
    return std::nullopt;
  }
  fs::path path = fs::path(app_dir) / kServices;
  if (!fs::exists(path, ec)) {
    out.error(kServices, 0, "",
              fmt::format("'{}' has no services.xml; an application package "
                          "needs services.xml (and schemas/*.sd)",
                          app_dir));
    return std::nullopt;
  }
  std::optional<std::string> text = read_text_file(path);
  if (!text) {
    out.error(kServices, 0, "",
              "services.xml cannot be read; check that it is a file and its "
              "permissions");
  }
  return text;
}

}  // namespace

bool ApplicationModel::LoadOutput::ok() const {
  return readable && std::none_of(diagnostics.begin(), diagnostics.end(),
                                  [](const Diagnostic& d) { return d.is_error(); });
}

ApplicationModel::LoadOutput ApplicationModel::load(const std::string& app_dir) {
  LoadOutput output;
  DiagnosticList out;
  std::optional<std::string> text = read_services(app_dir, out);
  if (!text) {
    output.readable = false;
    output.diagnostics = std::move(out).sorted();
    return output;
  }
  Hosts hosts = Hosts::read(app_dir, out);
  std::optional<XmlFile> file = XmlFile::parse(kServices, *text, out);
  ParsedServices services = file ? ServicesParser(*file, hosts).parse() : ParsedServices{};
  LoadedSchemas schemas = SchemaLoader::load(app_dir, out);
  if (file) ApplicationValidator(out).validate(services, schemas);
  if (!out.has_errors()) {
    std::vector<ContentCluster> content;
    for (ParsedContent& parsed : services.contents) content.push_back(std::move(parsed.cluster));
    std::vector<ContainerCluster> containers;
    for (ParsedContainer& parsed : services.containers) {
      containers.push_back(std::move(parsed.cluster));
    }
    output.model = ApplicationModel(app_dir, std::move(content), std::move(containers),
                                    std::move(services.admin), std::move(schemas.schemas));
  }
  output.diagnostics = std::move(out).sorted();
  return output;
}

ApplicationModel::ApplicationModel(std::string app_dir, std::vector<ContentCluster> content,
                                   std::vector<ContainerCluster> containers, AdminModel admin,
                                   std::vector<schema::Schema> schemas)
    : app_dir_(std::move(app_dir)),
      content_(std::move(content)),
      containers_(std::move(containers)),
      admin_(std::move(admin)),
      schemas_(std::move(schemas)) {}

const ContentCluster* ApplicationModel::find_content_cluster(std::string_view id) const {
  for (const ContentCluster& cluster : content_) {
    if (cluster.id == id) return &cluster;
  }
  return nullptr;
}

const schema::Schema* ApplicationModel::find_schema(std::string_view name) const {
  for (const schema::Schema& s : schemas_) {
    if (s.name() == name) return &s;
  }
  return nullptr;
}

const ContentCluster* ApplicationModel::content_cluster_or_only(std::string_view id) const {
  if (!id.empty()) return find_content_cluster(id);
  return content_.size() == 1 ? &content_[0] : nullptr;
}

std::string ApplicationModel::LoadOutput::first_error() const {
  for (const Diagnostic& d : diagnostics) {
    if (d.is_error()) return d.to_string();
  }
  return {};
}

}  // namespace grove::config
