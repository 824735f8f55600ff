#include "container/feed/document_path.h"

#include <fmt/format.h>

namespace grove::feed {

namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string document_path(const distribution::DocumentId& id) {
  std::string path = fmt::format("/document/v1/{}/{}/", url_encode(id.name_space()),
                                 url_encode(id.doc_type()));
  if (id.number()) {
    path += fmt::format("number/{}/", *id.number());
  } else if (auto group = id.group()) {
    path += "group/" + url_encode(*group) + "/";
  } else {
    path += "docid/";
  }
  path += url_encode(id.user_specific());
  return path;
}

std::string request_target(const Operation& op, std::chrono::milliseconds timeout) {
  std::string target = op.path;
  char separator = '?';
  auto add = [&](std::string_view name, std::string_view value) {
    target.push_back(separator);
    target.append(name).push_back('=');
    target.append(value);
    separator = '&';
  };
  if (!op.condition.empty()) add("condition", url_encode(op.condition));
  if (op.create) add("create", "true");
  if (timeout.count() > 0) add("timeout", fmt::format("{}ms", timeout.count()));
  return target;
}

}  // namespace grove::feed
