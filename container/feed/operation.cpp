#include "container/feed/operation.h"

namespace grove::feed {

std::string_view http_method(Operation::Kind kind) {
  switch (kind) {
    case Operation::Kind::kPut: return "POST";
    case Operation::Kind::kUpdate: return "PUT";
    case Operation::Kind::kRemove: return "DELETE";
  }
  return "POST";
}

}  // namespace grove::feed
