#include "services/document/document_type.h"

#include <boost/test/unit_test.hpp>

#include "services/document/document.h"
#include "tests/unit/services/document/test_types.h"

namespace grove::document {

using namespace testing;

namespace {

FieldDef field(std::string name, uint16_t id, ValueType::Kind kind = ValueType::kString) {
  return {std::move(name), {kind, ValueType::kSingle}, id};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_type)

BOOST_AUTO_TEST_CASE(fields_are_found_by_name_and_id) {
  const DocumentType& type = music();
  const FieldDef* year = type.find("year");
  BOOST_REQUIRE(year != nullptr);
  BOOST_TEST(year->type.to_string() == "int");
  BOOST_TEST(type.find_by_id(year->id) == year);
  BOOST_TEST(type.index_of(*year) == 2u);
  BOOST_TEST(type.find("nope") == nullptr);
  BOOST_TEST(type.find_by_id(0) == nullptr);
  BOOST_TEST(type.find("genres")->type.to_string() == "weightedset<string>");
  BOOST_TEST(type.find("floats")->type.to_string() == "array<float>");
}

BOOST_AUTO_TEST_CASE(duplicate_names_and_ids_are_rejected) {
  auto dup_name = DocumentType::make("t", {field("a", 1), field("a", 2)});
  BOOST_REQUIRE(!dup_name.ok());
  BOOST_TEST(dup_name.status().message() == "document type 't' declares field 'a' twice");
  auto dup_id = DocumentType::make("t", {field("a", 1), field("b", 1)});
  BOOST_REQUIRE(!dup_id.ok());
  BOOST_TEST(dup_id.status().message() ==
             "document type 't': fields 'a' and 'b' have the same id 1");
  BOOST_TEST(!DocumentType::make("", {}).ok());
  BOOST_TEST(!DocumentType::make("t", {field("", 1)}).ok());
}

BOOST_AUTO_TEST_CASE(stable_field_ids_depend_only_on_the_name) {
  BOOST_TEST(stable_field_id("title") == stable_field_id("title"));
  BOOST_TEST(stable_field_id("title") != stable_field_id("titles"));
  BOOST_TEST(stable_field_id("") != 0);
}

BOOST_AUTO_TEST_CASE(documents_keep_fields_in_declaration_order) {
  Document doc(music(), id("id:ns:music::1"));
  doc.set(*music().find("year"), FieldValue::of_int(1));
  doc.set(*music().find("title"), FieldValue::of_string("t"));
  doc.set(*music().find("year"), FieldValue::of_int(2));
  BOOST_REQUIRE_EQUAL(doc.fields().size(), 2u);
  BOOST_TEST(doc.fields()[0].field->name == "title");
  BOOST_TEST(doc.fields()[1].value.as_int() == 2);
  BOOST_TEST(doc.clear(*music().find("title")));
  BOOST_TEST(!doc.clear(*music().find("title")));
}

BOOST_AUTO_TEST_CASE(checked_set_names_unknown_fields_and_type_mismatches) {
  Document doc(music(), id("id:ns:music::1"));
  BOOST_TEST(doc.set("nope", FieldValue::of_int(1)).message() ==
             "unknown field 'nope' in document type 'music'");
  BOOST_TEST(doc.set("year", FieldValue::of_long(1)).message() ==
             "field 'year' is int but the value is long");
  BOOST_TEST(doc.set("year", FieldValue::of_int(1)).ok());
}

BOOST_AUTO_TEST_CASE(weighted_sets_are_sorted_and_a_repeated_key_keeps_its_last_weight) {
  FieldValue v = FieldValue::of_weighted_set({{"b", 1}, {"a", 2}, {"b", 3}});
  BOOST_TEST((v.as_weighted_set() == WeightedSet{{"a", 2}, {"b", 3}}));
  BOOST_TEST(v.type().to_string() == "weightedset<string>");
}

BOOST_AUTO_TEST_CASE(field_value_types_follow_their_storage) {
  BOOST_TEST(FieldValue::of_byte(1).type().to_string() == "byte");
  BOOST_TEST(FieldValue::of_array(std::vector<bool>{true}).type().to_string() == "array<bool>");
  BOOST_TEST(FieldValue::of_array(std::vector<double>{}).type().to_string() == "array<double>");
  BOOST_TEST(FieldValue().type().to_string() == "string");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::document
