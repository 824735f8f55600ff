#pragma once

// Diagnostic: one error or warning found while reading a schema file, with its file and line.
//
//   music.sd:12: error: rank-profile 'b' inherits unknown rank-profile 'x'; ...
//   music.sd:12: unsupported: tensor type 'tensor<float>(x[384])'
//   music.sd:30: warning: 'bolding: on' is ignored: Grove does not highlight terms
//
// An unsupported construct is an error (the schema is rejected) rendered with "unsupported:"
// and the construct's name, so an operator sees at once that the file is valid Vespa but outside
// what Grove does. A plain value type.

#include <string>

namespace grove::schema {

struct Diagnostic {
  enum Severity { kError, kWarning };

  std::string file;
  int line = 0;  // 1-based; 0 when the problem is with the file as a whole
  Severity severity = kError;
  bool unsupported = false;  // with kError: `message` names a Vespa construct Grove rejects
  std::string message;

  bool is_error() const { return severity == kError; }

  // "file:line: error: message", "file:line: warning: message" or
  // "file:line: unsupported: construct".
  std::string to_string() const;
};

}  // namespace grove::schema
