#pragma once

// DiagnosticSink: collects the Diagnostics of one schema file while it is parsed and checked,
// so that every stage reports all it finds instead of stopping at the first problem.
// Internal to the schema library. Confined to the parsing thread.

#include <string>
#include <utility>
#include <vector>

#include "config-model/schema/diagnostic.h"

namespace grove::schema {

class DiagnosticSink {
 public:
  explicit DiagnosticSink(std::string file) : file_(std::move(file)) {}

  void error(int line, std::string message) {
    add(line, Diagnostic::kError, false, std::move(message));
  }
  void warning(int line, std::string message) {
    add(line, Diagnostic::kWarning, false, std::move(message));
  }
  // `construct` names what Grove rejects, e.g. "tensor type 'tensor<float>(x[3])'".
  void unsupported(int line, std::string construct) {
    add(line, Diagnostic::kError, true, std::move(construct));
  }

  bool has_errors() const { return errors_ > 0; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::vector<Diagnostic> take() { return std::move(diagnostics_); }

 private:
  void add(int line, Diagnostic::Severity severity, bool unsupported, std::string message) {
    if (severity == Diagnostic::kError) ++errors_;
    diagnostics_.push_back(Diagnostic{file_, line, severity, unsupported, std::move(message)});
  }

  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  int errors_ = 0;
};

}  // namespace grove::schema
