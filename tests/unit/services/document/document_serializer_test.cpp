#include "services/document/document_serializer.h"

#include <boost/test/unit_test.hpp>

#include <random>

#include "services/document/document_json_parser.h"
#include "tests/unit/services/document/test_types.h"

namespace grove::document {

using namespace testing;

namespace {

Document sample() {
  DocumentJsonParser parser;
  auto doc = parser.parse_fields(music(), id("id:ns:music:g=tenant:song-1"), R"({
      "title": "Viva la Vida", "artist": "Coldplay", "year": 2008, "duration": 242000,
      "rating": 4.5, "score": 0.125, "live": false, "level": -3,
      "tags": ["rock", "", "pop"], "years": [2008, 2009], "longs": [-1], "floats": [1.25],
      "doubles": [1e300], "flags": [true, false, true], "bytes": [1, -1],
      "genres": {"rock": 10, "baroque pop": 3}})");
  BOOST_REQUIRE_MESSAGE(doc.ok(), doc.status().to_string());
  return std::move(doc).value();
}

std::string bytes_of(const Document& doc) {
  std::string out;
  serialize(doc, out);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_serializer)

BOOST_AUTO_TEST_CASE(every_field_type_round_trips) {
  Document doc = sample();
  std::string bytes = bytes_of(doc);
  BOOST_TEST(bytes.size() == serialized_size(doc));
  BOOST_TEST(static_cast<uint8_t>(bytes[0]) == kSerializationVersion);
  auto copy = deserialize(music(), bytes);
  BOOST_REQUIRE_MESSAGE(copy.ok(), copy.status().to_string());
  BOOST_TEST((*copy == doc));
  BOOST_TEST(copy->id().gid().to_hex() == doc.id().gid().to_hex());
}

BOOST_AUTO_TEST_CASE(serialize_appends_to_the_buffer) {
  std::string out = "prefix";
  serialize(sample(), out);
  BOOST_TEST(out.substr(0, 6) == "prefix");
  BOOST_TEST(deserialize(music(), std::string_view(out).substr(6)).ok());
}

BOOST_AUTO_TEST_CASE(truncation_at_every_byte_is_corruption) {
  std::string bytes = bytes_of(sample());
  for (size_t size = 0; size < bytes.size(); ++size) {
    auto doc = deserialize(music(), std::string_view(bytes).substr(0, size));
    BOOST_REQUIRE_MESSAGE(!doc.ok(), "a prefix of " << size << " bytes was accepted");
    BOOST_TEST(doc.status().code() == StatusCode::kCorruption);
  }
}

BOOST_AUTO_TEST_CASE(trailing_bytes_are_corruption) {
  std::string bytes = bytes_of(sample()) + "x";
  auto doc = deserialize(music(), bytes);
  BOOST_REQUIRE(!doc.ok());
  BOOST_TEST(doc.status().code() == StatusCode::kCorruption);
  BOOST_TEST(contains(doc.status().message(), "bytes after the last field"));
}

BOOST_AUTO_TEST_CASE(unknown_version_is_corruption) {
  std::string bytes = bytes_of(sample());
  bytes[0] = 9;
  auto doc = deserialize(music(), bytes);
  BOOST_REQUIRE(!doc.ok());
  BOOST_TEST(doc.status().message() == "serialized document has unknown format version 9");
}

BOOST_AUTO_TEST_CASE(a_document_of_another_type_is_corruption) {
  auto doc = deserialize(*repo().find("books"), bytes_of(sample()));
  BOOST_REQUIRE(!doc.ok());
  BOOST_TEST(doc.status().code() == StatusCode::kCorruption);
  BOOST_TEST(contains(doc.status().message(), "document type 'music' is not 'books'"));
}

BOOST_AUTO_TEST_CASE(random_damage_never_crashes) {
  std::string original = bytes_of(sample());
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::string bytes = original;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < flips; ++i) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    auto doc = deserialize(music(), bytes);
    if (!doc.ok()) BOOST_TEST_REQUIRE(doc.status().code() == StatusCode::kCorruption);
  }
}

BOOST_AUTO_TEST_CASE(fields_the_schema_no_longer_has_are_skipped) {
  // The same type without "artist", and with "year" changed to long.
  std::vector<FieldDef> fields;
  for (const FieldDef& f : music().fields()) {
    if (f.name == "artist") continue;
    fields.push_back(f);
    if (f.name == "year") fields.back().type.element = ValueType::kLong;
  }
  auto changed = DocumentType::make("music", fields);
  BOOST_REQUIRE(changed.ok());
  auto doc = deserialize(*changed, bytes_of(sample()));
  BOOST_REQUIRE_MESSAGE(doc.ok(), doc.status().to_string());
  BOOST_TEST(doc->get("artist") == nullptr);
  BOOST_TEST(doc->get("year") == nullptr);
  BOOST_TEST(doc->get("title")->as_string() == "Viva la Vida");
}

BOOST_AUTO_TEST_CASE(an_empty_document_is_small) {
  Document doc(music(), id("id:ns:music::x"));
  std::string bytes = bytes_of(doc);
  BOOST_TEST(bytes.size() == 1u + 1u + doc.id().str().size() + 1u);
  auto copy = deserialize(music(), bytes);
  BOOST_REQUIRE(copy.ok());
  BOOST_TEST(copy->empty());
}

BOOST_AUTO_TEST_CASE(the_id_can_be_read_without_the_type) {
  Document doc = sample();
  std::string bytes = bytes_of(doc);
  auto peeked = peek_document_id(bytes);
  BOOST_REQUIRE(peeked.ok());
  BOOST_TEST(*peeked == doc.id().str());
  BOOST_TEST(peek_document_id(std::string_view(bytes).substr(0, 3)).status().code() ==
             StatusCode::kCorruption);
  BOOST_TEST(!peek_document_id("").ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::document
