#pragma once

// ApplicationValidator: the rules that span clusters and files of an application package:
//   - every cluster id (content and container) is unique;
//   - two container clusters on a common host do not share an HTTP port;
//   - a host alias serves at most one node of a container cluster;
//   - every `<document type="T">` has its schema in schemas/T.sd; a schema no cluster uses is
//     a warning;
//   - content clusters without a container that searches or feeds them are a warning.
// Rules within one content cluster are ContentValidator's.
//
// Usage:
//   ApplicationValidator(diagnostics).validate(services, schemas);
//
// Borrows the DiagnosticList; stateless between calls.

#include "config-model/model/diagnostic_list.h"
#include "config-model/model/schema_loader.h"
#include "config-model/model/services_parser.h"

namespace grove::config {

class ApplicationValidator {
 public:
  explicit ApplicationValidator(DiagnosticList& out) : out_(out) {}

  void validate(const ParsedServices& services, const LoadedSchemas& schemas) const;

 private:
  void check_cluster_ids(const ParsedServices& services) const;
  void check_ports(const ParsedServices& services) const;
  void check_container_aliases(const ParsedServices& services) const;
  void check_document_types(const ParsedServices& services, const LoadedSchemas& schemas) const;
  void check_reachable(const ParsedServices& services) const;

  DiagnosticList& out_;
};

}  // namespace grove::config
