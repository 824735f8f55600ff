#pragma once

// The Vespa JSON form of field values, both ways:
//
//   string                JSON string
//   byte, int, long       JSON integer, range-checked (byte -128..127, int 32-bit, long 64-bit)
//   float, double         JSON number (integers accepted); float range-checked
//   bool                  true or false (strings such as "true" are rejected, as in Vespa)
//   array<T>              JSON array of T
//   weightedset<string>   JSON object {"key": weight, ...}, weights 32-bit integers
//
// Errors are InvalidArgument and name the field, its type and what was found instead, e.g.
//   field 'year' is int but got string "abc"
//   field 'rank' is byte but 300 is out of range [-128, 127]
//
// Usage:
//   Result<FieldValue> v = value_from_json(*type.find("year"), element);
//   write_value_json(v.value(), writer);
//
// Free functions without state; thread-safe.

#include <simdjson.h>

#include "services/base/json_writer.h"
#include "services/base/result.h"
#include "services/document/document_type.h"
#include "services/document/field_value.h"

namespace grove::document {

// Converts the JSON value `json` to a value of `field`'s type.
Result<FieldValue> value_from_json(const FieldDef& field, simdjson::dom::element json);

// Converts a JSON number to an arithmetic update operand (a long when it is an integer that
// fits, else a double). InvalidArgument names `field` and the operation when it is not a number.
Result<FieldValue> operand_from_json(const FieldDef& field, std::string_view op,
                                     simdjson::dom::element json);

// Converts the keys of a weighted-set removal: an object {"key": any, ...} or an array of key
// strings. The weights of the result are 0.
Result<FieldValue> weighted_set_keys_from_json(const FieldDef& field, simdjson::dom::element json);

// Writes `value` as Vespa JSON. Floats and doubles are written in their shortest form that
// reads back to the same value; a non-finite number (never produced by parsing) becomes null.
void write_value_json(const FieldValue& value, JsonWriter& writer);

// Describes a JSON value for an error message: `string "abc"`, `number 1.5`, `object`, ...
std::string describe_json(simdjson::dom::element json);

}  // namespace grove::document
