#include "container/query/yql_annotations.h"

#include <fmt/format.h>

#include <charconv>

namespace grove::query {

namespace {

std::string join_names(std::initializer_list<std::string_view> names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace

YqlAnnotations YqlAnnotations::parse(YqlCursor& cursor) {
  YqlAnnotations out;
  cursor.expect_symbol("{", "'{'");
  if (cursor.accept_symbol("}")) return out;
  do {
    const YqlToken& name = cursor.peek();
    if (name.kind != YqlTokenKind::kIdentifier && name.kind != YqlTokenKind::kString) {
      cursor.fail_expected("an annotation name");
    }
    Entry entry{cursor.take(), {}};
    cursor.expect_symbol(":", "':'");
    entry.value = value(cursor);
    if (out.find(entry.name.text) != nullptr) {
      cursor.fail_at(entry.name, fmt::format("annotation '{}' is given twice", entry.name.text));
    }
    out.entries_.push_back(std::move(entry));
  } while (cursor.accept_symbol(","));
  cursor.expect_symbol("}", "',' or '}'");
  return out;
}

YqlToken YqlAnnotations::value(YqlCursor& cursor) {
  std::string sign;
  if (cursor.at_symbol("-") || cursor.at_symbol("+")) sign = cursor.take().text;
  YqlToken v = cursor.peek();
  const bool boolean = cursor.at_keyword("true") || cursor.at_keyword("false");
  if (v.kind == YqlTokenKind::kNumber || (sign.empty() && (boolean || v.kind == YqlTokenKind::kString))) {
    cursor.take();
    if (sign == "-") v.text = "-" + v.text;
    return v;
  }
  cursor.fail_expected(sign.empty() ? "a number, a string, true or false" : "a number");
}

void YqlAnnotations::merge(const YqlAnnotations& other, const YqlCursor& cursor) {
  for (const Entry& e : other.entries_) {
    if (find(e.name.text) != nullptr) {
      cursor.fail_at(e.name, fmt::format("annotation '{}' is given twice", e.name.text));
    }
    entries_.push_back(e);
  }
}

void YqlAnnotations::allow_only(std::initializer_list<std::string_view> allowed,
                                std::string_view target, const YqlCursor& cursor) const {
  for (const Entry& e : entries_) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || equals_ignore_case(e.name.text, a);
    if (ok) continue;
    const std::string supported =
        allowed.size() == 0 ? std::string("none") : join_names(allowed);
    cursor.fail_at(e.name, fmt::format("annotation '{}' is not supported on {}; supported: {}",
                                       e.name.text, target, supported));
  }
}

const YqlAnnotations::Entry* YqlAnnotations::find(std::string_view name) const {
  for (const Entry& e : entries_) {
    if (equals_ignore_case(e.name.text, name)) return &e;
  }
  return nullptr;
}

int32_t YqlAnnotations::integer(std::string_view name, int64_t min, int64_t max, int32_t fallback,
                                const YqlCursor& cursor) const {
  const Entry* e = find(name);
  if (e == nullptr) return fallback;
  int64_t v = 0;
  const std::string& t = e->value.text;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (e->value.kind != YqlTokenKind::kNumber || ec != std::errc() || ptr != t.data() + t.size() ||
      v < min || v > max) {
    cursor.fail_at(e->value, fmt::format("annotation '{}' must be a whole number from {} to {}",
                                         e->name.text, min, max));
  }
  return static_cast<int32_t>(v);
}

std::optional<std::string> YqlAnnotations::string(std::string_view name,
                                                  const YqlCursor& cursor) const {
  const Entry* e = find(name);
  if (e == nullptr) return std::nullopt;
  if (e->value.kind != YqlTokenKind::kString) {
    cursor.fail_at(e->value, fmt::format("annotation '{}' must be a string", e->name.text));
  }
  return e->value.text;
}

}  // namespace grove::query
