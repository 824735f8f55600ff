#pragma once

// ApplicationModel: a validated application package (DESIGN §3): its content clusters,
// container clusters, admin settings and schemas, read from a folder holding services.xml, an
// optional hosts.xml and schemas/*.sd.
//
// load() reads everything and reports ALL problems at once, each with file, line, element and
// what would be right; it never stops at the first one, never crashes and never throws (except
// bad_alloc). A model exists only when there are no errors; warnings (accepted and ignored
// Vespa settings, unused schemas) are allowed.
//
// Usage:
//   ApplicationModel::LoadOutput out = ApplicationModel::load("schemas/music-grouped");
//   for (const Diagnostic& d : out.diagnostics) std::cerr << app_dir << "/" << d.to_string();
//   if (!out.ok()) return 1;
//   const ContentCluster* music = out.model->find_content_cluster("music");
//
// Immutable after load(); safe to share between threads.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config-model/model/admin_model.h"
#include "config-model/model/container_cluster.h"
#include "config-model/model/content_cluster.h"
#include "config-model/model/diagnostic.h"
#include "config-model/schema/schema.h"

namespace grove::config {

class ApplicationModel {
 public:
  struct LoadOutput;

  // Loads the package in `app_dir`. Diagnostics come sorted by file (services.xml, hosts.xml,
  // schemas) and line, with files named relative to `app_dir`. When the directory or its
  // services.xml is missing or unreadable, `readable` is false and there is one error.
  static LoadOutput load(const std::string& app_dir);

  const std::vector<ContentCluster>& content_clusters() const { return content_; }
  const std::vector<ContainerCluster>& container_clusters() const { return containers_; }
  const AdminModel& admin() const { return admin_; }
  // In schema file name order.
  const std::vector<schema::Schema>& schemas() const { return schemas_; }
  // The directory the model was loaded from, as given to load().
  const std::string& app_dir() const { return app_dir_; }

  // Each returns the element with that id or name, or nullptr.
  const ContentCluster* find_content_cluster(std::string_view id) const;
  // The content cluster `id`, or with an empty id the package's only one; nullptr when there is
  // no such cluster (or, with an empty id, none or several).
  const ContentCluster* content_cluster_or_only(std::string_view id) const;
  const schema::Schema* find_schema(std::string_view name) const;

 private:
  ApplicationModel(std::string app_dir, std::vector<ContentCluster> content,
                   std::vector<ContainerCluster> containers, AdminModel admin,
                   std::vector<schema::Schema> schemas);

  std::string app_dir_;
  std::vector<ContentCluster> content_;  // Invariant: unique ids, each cluster validated
  std::vector<ContainerCluster> containers_;
  AdminModel admin_;
  std::vector<schema::Schema> schemas_;  // Invariant: one per document type of every cluster
};

struct ApplicationModel::LoadOutput {
  std::optional<ApplicationModel> model;  // set iff ok()
  std::vector<Diagnostic> diagnostics;
  bool readable = true;  // false: the directory or services.xml is missing or unreadable

  // True when the package was readable and no diagnostic is an error.
  bool ok() const;
  // The first error diagnostic as text ("services.xml:3: ..."), or an empty string.
  std::string first_error() const;
};

}  // namespace grove::config
