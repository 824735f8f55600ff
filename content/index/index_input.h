#pragma once

// IndexInput: what the index is fed for one document. The caller has already tokenized and
// normalized the text (services/text does that at integration time) and converted attribute
// values; the index only stores them.
//
// Usage:
//   IndexInput in;
//   in.fields.push_back({"title", {{"quick", 0}, {"fox", 1}}});
//   in.attributes.push_back({"year", int64_t{2001}});
//   Status s = index.add(lid, in);
//
// A plain value type.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace grove::index {

// One token: the term as it is stored in the dictionary, and its word position in the field.
// Several terms may share a position (e.g. stems); a field's length is its number of distinct
// positions.
struct IndexToken {
  std::string term;
  uint32_t position = 0;
};

struct IndexFieldInput {
  std::string field;
  std::vector<IndexToken> tokens;
};

// A typed attribute value. Integer types accept int64_t (range-checked), float and double
// accept double or int64_t, bool accepts bool, byte accepts int64_t in [-128, 127], string
// accepts std::string. Arrays take the vector forms; weighted sets take (key, weight) pairs.
using WeightedStrings = std::vector<std::pair<std::string, int32_t>>;
using AttributeValue =
    std::variant<std::monostate, int64_t, double, bool, std::string, std::vector<int64_t>,
                 std::vector<double>, std::vector<std::string>, WeightedStrings>;

struct AttributeInput {
  std::string field;
  AttributeValue value;
};

struct IndexInput {
  std::vector<IndexFieldInput> fields;     // indexed fields; absent ones are empty
  std::vector<AttributeInput> attributes;  // absent attributes get the "missing" value
};

}  // namespace grove::index
