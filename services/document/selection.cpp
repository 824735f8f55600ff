#include "services/document/selection.h"

#include <fmt/format.h>

#include <type_traits>
#include <variant>

namespace grove::document {

namespace {

using Op = DocumentSelection::Op;
using Literal = DocumentSelection::Literal;
using V = SelectionValue;

V of(bool b) { return b ? V::kTrue : V::kFalse; }

template <typename T>
V ordered(const T& a, Op op, const T& b) {
  switch (op) {
    case Op::kEq:
    case Op::kGlob: return of(a == b);
    case Op::kNe: return of(a != b);
    case Op::kLt: return of(a < b);
    case Op::kLe: return of(a <= b);
    case Op::kGt: return of(a > b);
    case Op::kGe: return of(a >= b);
  }
  return V::kInvalid;
}

V compare_scalar(std::string_view value, Op op, const Literal& lit) {
  if (lit.kind != Literal::kString) return V::kInvalid;
  if (op == Op::kGlob) return of(glob_match(lit.text, value));
  return ordered(value, op, std::string_view(lit.text));
}

V compare_scalar(bool value, Op op, const Literal& lit) {
  if (lit.kind != Literal::kBool) return V::kInvalid;
  if (op == Op::kEq || op == Op::kGlob) return of(value == lit.boolean);
  if (op == Op::kNe) return of(value != lit.boolean);
  return V::kInvalid;
}

template <typename T>
  requires std::is_arithmetic_v<T>
V compare_scalar(T value, Op op, const Literal& lit) {
  if (lit.kind == Literal::kInteger && std::is_integral_v<T>) {
    return ordered(static_cast<int64_t>(value), op, lit.integer);
  }
  if (lit.kind != Literal::kInteger && lit.kind != Literal::kDouble) return V::kInvalid;
  return ordered(static_cast<double>(value), op, lit.number);
}

// A collection matches when one of its elements does; `!=` is "no element is equal".
// `project` gives the compared value of an element (the key of a weighted-set entry).
template <typename Range, typename Project>
V compare_any(const Range& elements, Op op, const Literal& lit, Project project) {
  const Op each = op == Op::kNe ? Op::kEq : op;
  bool found = false;
  bool any_valid = elements.empty();
  for (const auto& element : elements) {
    V v = compare_scalar(project(element), each, lit);
    any_valid = any_valid || v != V::kInvalid;
    if (v == V::kTrue) {
      found = true;
      break;
    }
  }
  if (!any_valid) return V::kInvalid;
  return of(op == Op::kNe ? !found : found);
}

V compare_value(const FieldValue& value, Op op, const Literal& lit) {
  if (lit.kind == Literal::kNull) {
    return op == Op::kEq ? V::kFalse : op == Op::kNe ? V::kTrue : V::kInvalid;
  }
  return std::visit(
      [&](const auto& v) -> V {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, WeightedSet>) {
          return compare_any(v, op, lit, [](const WeightedSetEntry& e) { return std::string_view(e.key); });
        } else if constexpr (std::is_same_v<T, std::string>) {
          return compare_scalar(std::string_view(v), op, lit);
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          return compare_any(v, op, lit, [](const std::string& e) { return std::string_view(e); });
        } else if constexpr (std::is_same_v<T, std::vector<bool>>) {
          return compare_any(v, op, lit, [](bool e) { return e; });
        } else if constexpr (requires { v.begin(); }) {
          return compare_any(v, op, lit, [](auto e) { return e; });
        } else {
          return compare_scalar(v, op, lit);
        }
      },
      value.storage());
}

V both(V a, V b, V dominant) {
  if (a == dominant || b == dominant) return dominant;
  if (a == V::kInvalid || b == V::kInvalid) return V::kInvalid;
  return dominant == V::kFalse ? V::kTrue : V::kFalse;
}

bool literal_fits(const Literal& lit, const ValueType& type) {
  switch (lit.kind) {
    case Literal::kNull: return true;
    case Literal::kString: return type.element == ValueType::kString;
    case Literal::kBool: return type.element == ValueType::kBool;
    case Literal::kInteger:
    case Literal::kDouble: return type.is_numeric();
  }
  return false;
}

std::string_view literal_kind_name(const Literal& lit) {
  switch (lit.kind) {
    case Literal::kNull: return "null";
    case Literal::kString: return "a string";
    case Literal::kBool: return "a boolean";
    case Literal::kInteger:
    case Literal::kDouble: return "a number";
  }
  return "a value";
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

SelectionValue DocumentSelection::evaluate(const Document& doc) const {
  return eval(root_, doc);
}

SelectionValue DocumentSelection::eval(uint32_t index, const Document& doc) const {
  const Node& n = nodes_[index];
  switch (n.kind) {
    case Node::kConstant: return of(n.constant);
    case Node::kAnd: return both(eval(n.left, doc), eval(n.right, doc), V::kFalse);
    case Node::kOr: return both(eval(n.left, doc), eval(n.right, doc), V::kTrue);
    case Node::kNot: {
      V v = eval(n.left, doc);
      return v == V::kInvalid ? v : of(v == V::kFalse);
    }
    case Node::kDocType: return of(doc.type().name() == n.doc_type);
    case Node::kFieldSet:
      if (doc.type().name() != n.doc_type) return V::kInvalid;
      return of(doc.get(n.field) != nullptr);
    case Node::kCompare: {
      if (doc.type().name() != n.doc_type) return V::kInvalid;
      const FieldValue* value = doc.get(n.field);
      if (value != nullptr) return compare_value(*value, n.op, n.literal);
      if (n.literal.kind != Literal::kNull) return V::kInvalid;
      return n.op == Op::kEq ? V::kTrue : n.op == Op::kNe ? V::kFalse : V::kInvalid;
    }
  }
  return V::kInvalid;
}

Status DocumentSelection::validate(const DocumentTypeRepo& repo) const {
  for (const Node& n : nodes_) {
    if (n.kind != Node::kDocType && n.kind != Node::kFieldSet && n.kind != Node::kCompare) continue;
    const DocumentType* type = repo.find(n.doc_type);
    if (type == nullptr) {
      return Status::InvalidArgument(fmt::format(
          "selection: unknown document type '{}' at position {} (known: {})", n.doc_type,
          n.position, repo.type_list()));
    }
    if (n.kind == Node::kDocType) continue;
    if (type->find(n.field) == nullptr) {
      return Status::InvalidArgument(fmt::format(
          "selection: document type '{}' has no field '{}' at position {} (fields: {})",
          n.doc_type, n.field, n.position, type->field_list()));
    }
    if (n.kind == Node::kCompare) GROVE_RETURN_IF_ERROR(validate_compare(n, *type));
  }
  return Status::Ok();
}

Status DocumentSelection::validate_compare(const Node& n, const DocumentType& type) const {
  const FieldDef& field = *type.find(n.field);
  if (!literal_fits(n.literal, field.type)) {
    return Status::InvalidArgument(fmt::format(
        "selection: field '{}.{}' is {} and cannot be compared with {} at position {}",
        n.doc_type, n.field, field.type.to_string(), literal_kind_name(n.literal), n.position));
  }
  const bool ordering = n.op != Op::kEq && n.op != Op::kNe && n.op != Op::kGlob;
  if (ordering && (n.literal.kind == Literal::kNull || n.literal.kind == Literal::kBool)) {
    return Status::InvalidArgument(fmt::format(
        "selection: {} has no order; use == or != at position {}", literal_kind_name(n.literal),
        n.position));
  }
  return Status::Ok();
}

}  // namespace grove::document
