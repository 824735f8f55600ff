#include "container/feed/operation_parser.h"

#include <boost/test/unit_test.hpp>

namespace grove::feed {

namespace {

Result<Operation> parse(const std::string& text) {
  OperationParser parser;
  return parser.parse(text);
}

std::string error_of(const std::string& text) {
  Result<Operation> op = parse(text);
  BOOST_REQUIRE(!op.ok());
  BOOST_TEST((op.status().code() == StatusCode::kInvalidArgument));
  return op.status().message();
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(operation_parser)

BOOST_AUTO_TEST_CASE(a_put_forwards_its_fields_as_compact_json) {
  Result<Operation> op = parse(R"({"put": "id:music:song::a b", "fields": {"title": "x", "n": [1, 2]},
                                  "condition": "song.n > 1", "create": true})");
  BOOST_REQUIRE(op.ok());
  BOOST_TEST((op->kind == Operation::Kind::kPut));
  BOOST_TEST(op->id == "id:music:song::a b");
  BOOST_TEST(op->body == R"({"fields":{"title":"x","n":[1,2]}})");
  BOOST_TEST(op->condition == "song.n > 1");
  BOOST_TEST(op->create);
  BOOST_TEST(op->path == "/document/v1/music/song/docid/a%20b");
  BOOST_TEST(http_method(op->kind) == "POST");
}

BOOST_AUTO_TEST_CASE(an_update_and_a_remove_are_parsed) {
  Result<Operation> update = parse(
      R"({"update": "id:ns:t:n=7:u", "create": true, "fields": {"f": {"assign": 3}}})");
  BOOST_REQUIRE(update.ok());
  BOOST_TEST((update->kind == Operation::Kind::kUpdate));
  BOOST_TEST(update->body == R"({"fields":{"f":{"assign":3}}})");
  BOOST_TEST(update->path == "/document/v1/ns/t/number/7/u");
  BOOST_TEST(http_method(update->kind) == "PUT");

  Result<Operation> remove = parse(R"({"remove": "id:ns:t:g=grp:u", "condition": "t.f==1"})");
  BOOST_REQUIRE(remove.ok());
  BOOST_TEST((remove->kind == Operation::Kind::kRemove));
  BOOST_TEST(remove->body.empty());
  BOOST_TEST(remove->path == "/document/v1/ns/t/group/grp/u");
  BOOST_TEST(http_method(remove->kind) == "DELETE");
}

BOOST_AUTO_TEST_CASE(a_put_without_fields_and_the_id_form_are_puts) {
  Result<Operation> op = parse(R"({"id": "id:ns:t::u"})");
  BOOST_REQUIRE(op.ok());
  BOOST_TEST((op->kind == Operation::Kind::kPut));
  BOOST_TEST(op->body == R"({"fields":{}})");
}

BOOST_AUTO_TEST_CASE(equal_ids_have_equal_gids) {
  Result<Operation> a = parse(R"({"put": "id:ns:t::u"})");
  Result<Operation> b = parse(R"({"remove": "id:ns:t::u"})");
  Result<Operation> c = parse(R"({"remove": "id:ns:t::v"})");
  BOOST_REQUIRE(a.ok() && b.ok() && c.ok());
  BOOST_TEST((a->gid == b->gid));
  BOOST_TEST((a->gid != c->gid));
}

BOOST_AUTO_TEST_CASE(malformed_json_names_the_byte_offset) {
  OperationParser parser;
  Result<Operation> op = parser.parse(R"({"put": "id:ns:t::u", "fields": {"a": 1,}})");
  BOOST_REQUIRE(!op.ok());
  BOOST_TEST(contains(op.status().message(), "malformed JSON at byte"));
  BOOST_REQUIRE(parser.error_offset().has_value());
  BOOST_TEST(*parser.error_offset() == 40u);  // the "}" after "1,"
}

BOOST_AUTO_TEST_CASE(wrong_shapes_are_explained) {
  BOOST_TEST(contains(error_of("[1,2]"), "a feed operation must be an object but got an array"));
  BOOST_TEST(contains(error_of(R"({"fields": {}})"), "feed operation has no document id"));
  BOOST_TEST(contains(error_of(R"({"put": "id:a:b::c", "remove": "id:a:b::c"})"),
                      "feed operation has both 'put' and 'remove'"));
  BOOST_TEST(contains(error_of(R"({"put": 5})"), "'put' must be a document id string"));
  BOOST_TEST(contains(error_of(R"({"put": "id:a:b::c", "fields": []})"),
                      "'fields' must be an object"));
  BOOST_TEST(contains(error_of(R"({"put": "id:a:b::c", "extra": 1})"), "unknown key 'extra'"));
  BOOST_TEST(contains(error_of(R"({"remove": "id:a:b::c", "fields": {}})"),
                      "a remove takes no 'fields'"));
  BOOST_TEST(contains(error_of(R"({"update": "id:a:b::c"})"), "an update needs 'fields'"));
  BOOST_TEST(contains(error_of(R"({"put": "id:a:b::c", "create": "yes"})"),
                      "'create' must be true or false"));
  BOOST_TEST(contains(error_of(R"({"put": "id:a:b::c", "condition": 1})"),
                      "'condition' must be a string"));
  BOOST_TEST(contains(error_of(R"({"put": "doc:a:b:c"})"), "does not start with 'id:'"));
  BOOST_TEST(contains(error_of(R"({"put": "id:a:b:x=1:c"})"), "neither n=<number> nor g=<group>"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::feed
