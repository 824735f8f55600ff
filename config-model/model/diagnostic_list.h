#pragma once

// DiagnosticList: collects the errors and warnings of one load of an application package.
// Loading never stops at the first problem; every reader appends here and the loader decides
// at the end whether a model can be built (no errors).
//
// Usage:
//   DiagnosticList out;
//   out.error("services.xml", 12, "<content id='music'>", "no <documents>; add ...");
//   if (!out.has_errors()) build();
//   std::vector<Diagnostic> all = std::move(out).sorted();
//
// Confined to the thread that loads the package.

#include <string>
#include <vector>

#include "config-model/model/diagnostic.h"

namespace grove::config {

class DiagnosticList {
 public:
  void add(Diagnostic diagnostic);
  void error(std::string file, int line, std::string element, std::string message);
  void warning(std::string file, int line, std::string element, std::string message);

  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& items() const { return items_; }

  // All diagnostics ordered by file (services.xml, hosts.xml, then the rest by name) and line;
  // diagnostics of one line keep the order they were found in.
  std::vector<Diagnostic> sorted() &&;

 private:
  std::vector<Diagnostic> items_;
  size_t error_count_ = 0;  // Invariant: the number of items_ with severity kError
};

}  // namespace grove::config
