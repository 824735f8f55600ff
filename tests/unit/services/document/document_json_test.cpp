#include "services/document/document_json.h"

#include <boost/test/unit_test.hpp>

#include "services/document/document_json_parser.h"
#include "services/document/document_serializer.h"
#include "tests/unit/services/document/test_types.h"

namespace grove::document {

using namespace testing;

namespace {

constexpr const char* kId = "id:ns:music::song-1";

Result<Document> parse(std::string_view fields_json) {
  DocumentJsonParser parser;
  return parser.parse_fields(music(), id(kId), fields_json);
}

std::string error_of(std::string_view fields_json) {
  auto doc = parse(fields_json);
  BOOST_REQUIRE_MESSAGE(!doc.ok(), "expected an error for " << fields_json);
  BOOST_TEST(doc.status().code() == StatusCode::kInvalidArgument);
  return doc.status().message();
}

std::string fields_json(const Document& doc) {
  JsonWriter w;
  write_fields(doc, w);
  return std::move(w).take();
}

// JSON -> Document -> binary -> Document -> JSON gives back the canonical JSON.
void check_round_trip(std::string_view json, std::string_view canonical) {
  auto doc = parse(json);
  BOOST_REQUIRE_MESSAGE(doc.ok(), doc.status().to_string());
  std::string bytes;
  serialize(*doc, bytes);
  BOOST_TEST(bytes.size() == serialized_size(*doc));
  auto copy = deserialize(music(), bytes);
  BOOST_REQUIRE_MESSAGE(copy.ok(), copy.status().to_string());
  BOOST_TEST((*copy == *doc));
  BOOST_TEST(fields_json(*copy) == canonical);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_json)

BOOST_AUTO_TEST_CASE(every_type_round_trips_through_json_and_binary) {
  check_round_trip(R"({"title": "Yellow \"live\"\n", "artist": "Coldplay"})",
                   R"({"title":"Yellow \"live\"\n","artist":"Coldplay"})");
  check_round_trip(R"({"year": -2147483648, "duration": 9223372036854775807, "level": -128})",
                   R"({"year":-2147483648,"duration":9223372036854775807,"level":-128})");
  check_round_trip(R"({"rating": 0.1, "score": 0.30000000000000004, "live": true})",
                   R"({"rating":0.1,"score":0.30000000000000004,"live":true})");
  check_round_trip(R"({"rating": 3, "score": -1e-300})", R"({"rating":3,"score":-1e-300})");
  check_round_trip(
      R"({"tags": ["a", "", "東京"], "years": [1, -2], "longs": [-9223372036854775808]})",
      R"({"tags":["a","","東京"],"years":[1,-2],"longs":[-9223372036854775808]})");
  check_round_trip(
      R"({"floats": [1.5, 3.4028235e38], "doubles": [2.5e-308], "flags": [true, false], "bytes": [127]})",
      R"({"floats":[1.5,3.4028235e+38],"doubles":[2.5e-308],"flags":[true,false],"bytes":[127]})");
  check_round_trip(R"({"genres": {"rock": 10, "pop": -5, "ambient": 2147483647}})",
                   R"({"genres":{"ambient":2147483647,"pop":-5,"rock":10}})");
  check_round_trip(R"({"tags": [], "genres": {}})", R"({"tags":[],"genres":{}})");
  check_round_trip("{}", "{}");
}

BOOST_AUTO_TEST_CASE(null_leaves_a_field_absent) {
  auto doc = parse(R"({"title": null, "year": 1})");
  BOOST_REQUIRE(doc.ok());
  BOOST_TEST(doc->get("title") == nullptr);
  BOOST_TEST(doc->get("year")->as_int() == 1);
}

BOOST_AUTO_TEST_CASE(typed_accessors_read_the_parsed_values) {
  auto doc = parse(
      R"({"year": 1999, "rating": 4.5, "level": 3, "years": [1, 2], "genres": {"b": 2, "a": 1}})");
  BOOST_REQUIRE(doc.ok());
  BOOST_TEST(doc->get("year")->as_int() == 1999);
  BOOST_TEST(doc->get("year")->integer() == 1999);
  BOOST_TEST(doc->get("rating")->as_float() == 4.5f);
  BOOST_TEST(doc->get("level")->number() == 3.0);
  BOOST_TEST(doc->get("years")->as_array<int32_t>().size() == 2u);
  BOOST_TEST(doc->get("genres")->as_weighted_set().front().key == "a");
  BOOST_TEST(doc->get("artist") == nullptr);
}

BOOST_AUTO_TEST_CASE(unknown_field_is_named_with_the_known_fields) {
  std::string e = error_of(R"({"title": "x", "foo": 1})");
  BOOST_TEST(contains(e, "unknown field 'foo' in document type 'music'"), e);
  BOOST_TEST(contains(e, "(fields: title, artist, year"), e);
}

BOOST_AUTO_TEST_CASE(wrong_types_name_the_field_and_what_was_found) {
  BOOST_TEST(error_of(R"({"year": "abc"})") == R"(field 'year' is int but got string "abc")");
  BOOST_TEST(error_of(R"({"year": 1.5})") == "field 'year' is int but got number 1.5");
  BOOST_TEST(error_of(R"({"title": 12})") == "field 'title' is string but got number 12");
  BOOST_TEST(error_of(R"({"live": "true"})") == R"(field 'live' is bool but got string "true")");
  BOOST_TEST(error_of(R"({"score": [1]})") == "field 'score' is double but got an array");
  BOOST_TEST(error_of(R"({"tags": "rock"})") ==
             R"(field 'tags' is array<string> but got string "rock")");
  BOOST_TEST(error_of(R"({"years": [1, "2"]})") ==
             R"(field 'years' is array<int> but element 1 is string "2")");
  BOOST_TEST(contains(error_of(R"({"genres": ["rock"]})"), "not an object {\"key\": weight}"));
  BOOST_TEST(
      error_of(R"({"genres": {"rock": "high"}})") ==
      R"(field 'genres' is weightedset<string> but the weight of "rock" is string "high", not a 32-bit integer)");
}

BOOST_AUTO_TEST_CASE(long_strings_are_clipped_in_messages) {
  std::string e = error_of(R"({"year": ")" + std::string(100, 'x') + "\"}");
  BOOST_TEST(contains(e, std::string(40, 'x') + "...\""), e);
  BOOST_TEST(!contains(e, std::string(41, 'x')), e);
}

BOOST_AUTO_TEST_CASE(out_of_range_numbers_are_rejected_with_the_range) {
  BOOST_TEST(error_of(R"({"level": 128})") ==
             "field 'level' is byte but 128 is out of range [-128, 127]");
  BOOST_TEST(error_of(R"({"level": -129})") ==
             "field 'level' is byte but -129 is out of range [-128, 127]");
  BOOST_TEST(error_of(R"({"year": 2147483648})") ==
             "field 'year' is int but 2147483648 is out of range [-2147483648, 2147483647]");
  BOOST_TEST(contains(error_of(R"({"duration": 9223372036854775808})"),
                      "field 'duration' is long but 9223372036854775808 is out of range"));
  BOOST_TEST(error_of(R"({"rating": 1e39})") ==
             "field 'rating' is float but 1e+39 is out of range of float");
  BOOST_TEST(
      error_of(R"({"floats": [3.4028236e38]})") ==
      "field 'floats' is array<float> but element 0 (3.4028236e+38) is out of range of float");
  BOOST_TEST(error_of(R"({"bytes": [1, 300]})") ==
             "field 'bytes' is array<byte> but element 1 (300) is out of range [-128, 127]");
  BOOST_TEST(contains(error_of(R"({"genres": {"a": 2147483648}})"), "not a 32-bit integer"));
}

BOOST_AUTO_TEST_CASE(id_of_another_document_type_is_rejected) {
  DocumentJsonParser parser;
  auto doc = parser.parse_fields(music(), id("id:ns:books::1"), "{}");
  BOOST_REQUIRE(!doc.ok());
  BOOST_TEST(
      doc.status().message() ==
      R"(document id "id:ns:books::1" has document type 'books' but the operation is for 'music')");
}

BOOST_AUTO_TEST_CASE(fields_must_be_an_object) {
  BOOST_TEST(error_of("[1]") == "'fields' must be an object but got an array");
}

BOOST_AUTO_TEST_CASE(a_subset_of_fields_renders_in_the_order_asked) {
  auto doc = parse(R"({"title": "t", "year": 1, "artist": "a"})");
  BOOST_REQUIRE(doc.ok());
  std::vector<const FieldDef*> subset = {music().find("year"), music().find("score"),
                                         music().find("title")};
  JsonWriter w;
  write_fields(*doc, subset, w);
  BOOST_TEST(w.str() == R"({"year":1,"title":"t"})");
}

BOOST_AUTO_TEST_CASE(a_document_renders_with_its_id) {
  auto doc = parse(R"({"year": 1})");
  BOOST_REQUIRE(doc.ok());
  BOOST_TEST(to_json(*doc) == R"({"id":"id:ns:music::song-1","fields":{"year":1}})");
}

BOOST_AUTO_TEST_CASE(floats_render_in_their_shortest_exact_form) {
  for (const char* text : {"0.1", "1.0000001", "3.1415927", "1e-45", "16777216", "-0.33333334"}) {
    auto doc = parse(std::string(R"({"rating": )") + text + "}");
    BOOST_REQUIRE(doc.ok());
    float original = doc->get("rating")->as_float();
    std::string json = fields_json(*doc);
    auto again = parse(json);
    BOOST_REQUIRE_MESSAGE(again.ok(), json);
    BOOST_TEST(again->get("rating")->as_float() == original, json);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::document
