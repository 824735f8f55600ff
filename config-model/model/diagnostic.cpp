#include "config-model/model/diagnostic.h"

namespace grove::config {

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  if (!out.empty()) out += ": ";
  out += is_error() ? "error: " : "warning: ";
  if (!element.empty()) out += element + ": ";
  out += message;
  return out;
}

}  // namespace grove::config
