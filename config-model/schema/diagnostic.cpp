#include "config-model/schema/diagnostic.h"

namespace grove::schema {

std::string Diagnostic::to_string() const {
  const char* kind = severity == kWarning ? "warning" : unsupported ? "unsupported" : "error";
  return file + ":" + std::to_string(line) + ": " + kind + ": " + message;
}

}  // namespace grove::schema
