#include "config-model/model/diagnostic_list.h"

#include <algorithm>
#include <tuple>

namespace grove::config {

namespace {

// services.xml first because it is what the operator edits most; then hosts.xml; then schemas.
int file_rank(const std::string& file) {
  if (file == "services.xml") return 0;
  if (file == "hosts.xml") return 1;
  return 2;
}

}  // namespace

void DiagnosticList::add(Diagnostic diagnostic) {
  if (diagnostic.is_error()) ++error_count_;
  items_.push_back(std::move(diagnostic));
}

void DiagnosticList::error(std::string file, int line, std::string element, std::string message) {
  add(Diagnostic{std::move(file), line, Diagnostic::Severity::kError, std::move(element),
                 std::move(message)});
}

void DiagnosticList::warning(std::string file, int line, std::string element, std::string message) {
  add(Diagnostic{std::move(file), line, Diagnostic::Severity::kWarning, std::move(element),
                 std::move(message)});
}

std::vector<Diagnostic> DiagnosticList::sorted() && {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::make_tuple(file_rank(a.file), std::cref(a.file), a.line) <
           std::make_tuple(file_rank(b.file), std::cref(b.file), b.line);
  });
  return std::move(items_);
}

}  // namespace grove::config
