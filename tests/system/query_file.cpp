#include "tests/system/query_file.h"

#include "services/base/strings.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

namespace grove::testing {

namespace {

[[noreturn]] void fail(const std::string& path, int line, const std::string& what) {
  throw std::runtime_error(fmt::format("{}:{}: {}", path, line, what));
}

ExpectedHit parse_hit(const std::string& path, int line, const std::string& rest) {
  std::istringstream in(rest);
  ExpectedHit hit;
  std::string relevance;
  if (!(in >> hit.id >> relevance)) fail(path, line, "a hit line is 'hit ID RELEVANCE [FIELD=JSON]...'");
  try {
    hit.relevance = std::stod(relevance);
  } catch (const std::exception&) {
    fail(path, line, "relevance '" + relevance + "' is not a number");
  }
  for (std::string field; in >> field;) {
    size_t eq = field.find('=');
    if (eq == std::string::npos || eq == 0) fail(path, line, "'" + field + "' is not FIELD=JSON");
    hit.fields.emplace_back(field.substr(0, eq), field.substr(eq + 1));
  }
  return hit;
}

std::string json_text(simdjson::dom::element e) { return simdjson::minify(e); }

std::string field_text(simdjson::dom::element hit, const std::string& name) {
  auto value = hit.at_pointer("/fields/" + name);
  return value.error() ? "<missing>" : json_text(value.value());
}

double hit_relevance(simdjson::dom::element hit) { return hit.at_pointer("/relevance").get_double().value(); }

std::string hit_id(simdjson::dom::element hit) { return std::string(hit.at_pointer("/id").get_string().value()); }

bool same_relevance(double a, double b) { return std::abs(a - b) <= 1e-5 * std::max(1.0, std::abs(b)); }

// The key that orders hits: the listed fields when the case sorts by them, else the relevance.
bool same_key(const QueryCase& c, const ExpectedHit& e, double relevance, simdjson::dom::element hit) {
  if (c.sort_fields.empty()) return same_relevance(relevance, e.relevance);
  for (const auto& [name, text] : e.fields) {
    if (field_text(hit, name) != text) return false;
  }
  return true;
}

bool has_offset(const QueryCase& c) {
  for (const auto& [name, value] : c.params) {
    if (name == "offset" && value != "0") return true;
    if (name == "yql" && value.find(" offset ") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

QueryFile parse_query_file(const std::string& path, const std::string& text) {
  QueryFile file;
  file.path = path;
  std::istringstream in(text);
  QueryCase* open = nullptr;
  int number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    std::string line(trim(raw));
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find(' ');
    std::string word = line.substr(0, space);
    std::string rest(space == std::string::npos ? "" : trim(std::string_view(line).substr(space + 1)));
    if (word == "query") {
      if (open != nullptr) fail(path, number, "'query' before the 'end' of " + open->name);
      if (rest.empty()) fail(path, number, "a query needs a name");
      open = &file.cases.emplace_back();
      open->name = rest;
      open->line = number;
      continue;
    }
    if (open == nullptr) fail(path, number, "'" + word + "' outside a query ... end block");
    if (word == "end") {
      if (open->params.empty()) fail(path, number, open->name + " has no param");
      open = nullptr;
    } else if (word == "param") {
      size_t eq = rest.find('=');
      if (eq == std::string::npos || eq == 0) fail(path, number, "a param line is 'param NAME=VALUE'");
      open->params.emplace_back(rest.substr(0, eq), rest.substr(eq + 1));
    } else if (word == "total") {
      open->total = rest == "any" ? -1 : std::stoll(rest);
    } else if (word == "hit") {
      open->hits.push_back(parse_hit(path, number, rest));
    } else if (word == "status") {
      open->status = std::stoi(rest);
    } else if (word == "fields") {
      std::istringstream names(rest);
      for (std::string name; names >> name;) open->sort_fields.push_back(name);
    } else if (word == "message") {
      open->message = rest;
    } else {
      fail(path, number, "unknown keyword '" + word + "'");
    }
  }
  if (open != nullptr) fail(path, number, open->name + " has no 'end'");
  return file;
}

std::string encode_params(const QueryCase& c, const std::string& extra) {
  std::string out;
  auto encode = [&out](const std::string& text) {
    for (unsigned char ch : text) {
      if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') out += static_cast<char>(ch);
      else out += fmt::format("%{:02X}", ch);
    }
  };
  for (const auto& [name, value] : c.params) {
    if (!out.empty()) out += '&';
    encode(name);
    out += '=';
    encode(value);
  }
  if (!extra.empty()) out += (out.empty() ? "" : "&") + extra;
  return out;
}

std::string compare_result(const QueryCase& c, int status, const std::string& body) {
  if (status != c.status) return fmt::format("status {} where {} was expected: {}", status, c.status, body);
  if (status != 200) {
    if (body.find(c.message) == std::string::npos) return fmt::format("no '{}' in {}", c.message, body);
    return "";
  }
  simdjson::dom::parser parser;
  simdjson::padded_string json(body);
  simdjson::dom::element root;
  if (parser.parse(json).get(root)) return "the result is not JSON: " + body;
  if (!root.at_pointer("/root/errors").error()) return "the result has errors: " + body;
  if (c.total >= 0) {
    long long total = root.at_pointer("/root/fields/totalCount").get_int64().value();
    if (total != c.total) return fmt::format("totalCount {} where {} was expected", total, c.total);
  }
  std::vector<simdjson::dom::element> hits;
  if (auto children = root.at_pointer("/root/children").get_array(); !children.error()) {
    for (auto hit : children.value()) hits.push_back(hit);
  }
  if (hits.size() != c.hits.size()) {
    return fmt::format("{} hits where {} were expected: {}", hits.size(), c.hits.size(), body);
  }
  // Runs of hits with one key are ties: the same documents in any order, with their relevance.
  // A run the page cuts (at the hit limit, or at the offset) only has to match in its key.
  bool cut_at_end = c.total < 0 || c.total > static_cast<long long>(c.hits.size()) + (has_offset(c) ? 1 : 0);
  for (size_t begin = 0; begin < hits.size();) {
    size_t end = begin + 1;
    while (end < hits.size() && same_key(c, c.hits[begin], hit_relevance(hits[end]), hits[end]) &&
           same_key(c, c.hits[end], hit_relevance(hits[end]), hits[end])) {
      ++end;
    }
    std::map<std::string, double> want, got;
    for (size_t i = begin; i < end; ++i) {
      if (!same_key(c, c.hits[i], hit_relevance(hits[i]), hits[i])) {
        return fmt::format("hit {} ({}, relevance {}) is out of order: {} {} was expected", i,
                           hit_id(hits[i]), hit_relevance(hits[i]), c.hits[i].id, c.hits[i].relevance);
      }
      want[c.hits[i].id] = c.hits[i].relevance;
      got[hit_id(hits[i])] = hit_relevance(hits[i]);
    }
    bool cut = (end == hits.size() && cut_at_end) || (begin == 0 && has_offset(c));
    if (cut) {
      begin = end;
      continue;
    }
    for (const auto& [id, relevance] : want) {
      auto it = got.find(id);
      if (it == got.end()) return fmt::format("hits {}..{} miss {}: {}", begin, end - 1, id, body);
      if (!same_relevance(it->second, relevance)) {
        return fmt::format("{} has relevance {} where {} was expected", id, it->second, relevance);
      }
    }
    if (got.size() != want.size()) return fmt::format("hits {}..{} repeat a document: {}", begin, end - 1, body);
    begin = end;
  }
  return "";
}

}  // namespace grove::testing
