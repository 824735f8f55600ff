#pragma once

// OperationParser: one operation object of Vespa's JSON feed format (see operation.h) into an
// Operation, with simdjson. The envelope is read by services/document's read_feed_envelope(),
// the one reader of the format, so the feed tool and parse_operation() agree on it.
//
// Errors are InvalidArgument and say what is wrong: malformed JSON (with the byte offset inside
// the operation, also available from error_offset()), the envelope's errors (a missing or
// doubled put/update/remove/id key, an unknown key, a value of the wrong type, a remove with
// fields or create), an update without fields, or a malformed document id.
//
// Usage:
//   OperationParser parser;
//   Result<Operation> op = parser.parse(raw.text);
//
// Reuses its simdjson buffers between calls. Not thread-safe; one parser per thread.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "container/feed/operation.h"
#include "services/base/result.h"

namespace simdjson::dom {
class parser;
}

namespace grove::feed {

class OperationParser {
 public:
  OperationParser();
  ~OperationParser();
  OperationParser(const OperationParser&) = delete;
  OperationParser& operator=(const OperationParser&) = delete;

  // Parses one operation. `text` should have SIMDJSON_PADDING bytes of spare capacity (as
  // RawOperation::text has); otherwise it is copied first.
  Result<Operation> parse(const std::string& text);

  // After a failed parse: the byte offset of a JSON syntax error in the text, if that was why.
  std::optional<size_t> error_offset() const { return error_offset_; }

 private:
  std::unique_ptr<simdjson::dom::parser> parser_;
  std::optional<size_t> error_offset_;
};

}  // namespace grove::feed
