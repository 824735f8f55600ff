#pragma once

// Diagnostic: one error or warning found while loading an application package, with the file
// and line it is about, and the element it names.
//
//   services.xml:12: error: <content id='music'>/<redundancy>: "two" is not a whole number ...
//   services.xml:30: warning: <content id='music'>/<tuning>/<flush-strategy>: accepted and ...
//   schemas/music.sd:4: error: unsupported: tensor type 'tensor<float>(x[384])'
//
// `file` is the path relative to the application directory ("services.xml", "hosts.xml",
// "schemas/music.sd"), so a tool can prefix the directory it was given. Every message says what
// is wrong and what would be right. A plain value type.

#include <string>

namespace grove::config {

struct Diagnostic {
  enum class Severity { kError, kWarning };

  std::string file;
  int line = 0;  // 1-based; 0 when the problem is with the file or package as a whole
  Severity severity = Severity::kError;
  std::string element;  // e.g. "<group name='mygroup1'>"; may be empty
  std::string message;

  bool is_error() const { return severity == Severity::kError; }

  // "services.xml:12: error: <content id='music'>: message"; the line is left out when 0 and the
  // element part when empty; warnings say "warning".
  std::string to_string() const;
};

}  // namespace grove::config
