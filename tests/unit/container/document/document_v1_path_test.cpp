// /document/v1 paths: the three one-document forms, the visit forms, percent-decoding, and bad
// paths with the status and message they get; plus the continuation token round trip.

#include "container/document/document_v1_path.h"

#include <boost/test/unit_test.hpp>

#include "container/document/visit_token.h"

namespace grove::container {

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_v1_path)

BOOST_AUTO_TEST_CASE(docid_form_names_a_document_without_location) {
  auto p = parse_document_v1_path("/document/v1/music/music/docid/a-head-full-of-dreams");
  BOOST_REQUIRE(p.ok());
  BOOST_REQUIRE(p->document_id.has_value());
  BOOST_TEST(p->document_id->str() == "id:music:music::a-head-full-of-dreams");
  BOOST_TEST(p->raw == "/document/v1/music/music/docid/a-head-full-of-dreams");
  BOOST_TEST(!p->is_visit());
}

BOOST_AUTO_TEST_CASE(number_and_group_forms_put_the_location_in_the_id) {
  auto n = parse_document_v1_path("/document/v1/ns/music/number/42/x");
  BOOST_REQUIRE(n.ok());
  BOOST_TEST(n->document_id->str() == "id:ns:music:n=42:x");
  BOOST_TEST(*n->document_id->number() == 42u);
  auto g = parse_document_v1_path("/document/v1/ns/music/group/coldplay/yellow");
  BOOST_REQUIRE(g.ok());
  BOOST_TEST(g->document_id->str() == "id:ns:music:g=coldplay:yellow");
  BOOST_TEST(std::string(*g->document_id->group()) == "coldplay");
}

BOOST_AUTO_TEST_CASE(segments_are_percent_decoded_and_slashes_stay_in_the_id) {
  auto p = parse_document_v1_path("/document/v1/n%73/music/group/a%20b/x%2Fy%3Az/more");
  BOOST_REQUIRE(p.ok());
  BOOST_TEST(p->document_id->str() == "id:ns:music:g=a b:x/y:z/more");
  auto plus = parse_document_v1_path("/document/v1/ns/music/docid/a+b%25");
  BOOST_REQUIRE(plus.ok());
  BOOST_TEST(plus->document_id->str() == "id:ns:music::a+b%");
}

BOOST_AUTO_TEST_CASE(paths_without_an_id_are_visits) {
  for (const char* path : {"/document/v1/ns/music/docid", "/document/v1/ns/music/docid/"}) {
    auto p = parse_document_v1_path(path);
    BOOST_REQUIRE_MESSAGE(p.ok(), path);
    BOOST_TEST(p->is_visit());
    BOOST_TEST(p->document_type == "music");
    BOOST_TEST(p->name_space == "ns");
  }
  auto group = parse_document_v1_path("/document/v1/ns/music/group/g1/");
  BOOST_REQUIRE(group.ok());
  BOOST_TEST(group->is_visit());
  BOOST_TEST(*group->group == "g1");
  auto number = parse_document_v1_path("/document/v1/ns/music/number/7");
  BOOST_REQUIRE(number.ok());
  BOOST_TEST(*number->number == 7u);
  for (const char* path : {"/document/v1", "/document/v1/"}) {
    auto root = parse_document_v1_path(path);
    BOOST_REQUIRE(root.ok());
    BOOST_TEST(root->is_visit());
    BOOST_TEST(root->document_type.empty());
  }
}

BOOST_AUTO_TEST_CASE(unknown_forms_are_not_found_and_list_the_forms) {
  for (const char* path :
       {"/document/v1/ns", "/document/v1/ns/music", "/document/v1/ns/music/doc/x",
        "/document/v1/ns/music/number", "/document/v2/ns/music/docid/x"}) {
    auto p = parse_document_v1_path(path);
    BOOST_REQUIRE_MESSAGE(!p.ok(), path);
    BOOST_TEST(p.status().code() == StatusCode::kNotFound, path);
    BOOST_TEST(contains(p.status().message(), "Nothing at"), p.status().message());
    BOOST_TEST(contains(p.status().message(), "/docid/"), p.status().message());
  }
}

BOOST_AUTO_TEST_CASE(bad_parts_are_invalid_argument_naming_the_part) {
  struct Case {
    const char* path;
    const char* message;
  };
  for (const Case& c :
       {Case{"/document/v1/ns/music/docid/a%2", "malformed %-escape at byte 1 of the document id"},
        Case{"/document/v1/ns/music/docid/a%zz", "malformed %-escape"},
        Case{"/document/v1/ns/music/number/-1/x",
             "the number '-1' in the path is not an unsigned 64-bit"},
        Case{"/document/v1/ns/music/number/99999999999999999999/x", "not an unsigned 64-bit"},
        Case{"/document/v1/a%3Ab/music/docid/x",
             "the namespace 'a:b' in the path may not contain ':'"},
        Case{"/document/v1/ns/mu:sic/docid/x", "document type 'mu:sic'"},
        Case{"/document/v1/ns/music/group/a:b/x", "the group 'a:b'"},
        Case{"/document/v1//music/docid/x", "the namespace in the path is empty"}}) {
    auto p = parse_document_v1_path(c.path);
    BOOST_REQUIRE_MESSAGE(!p.ok(), c.path);
    BOOST_TEST(p.status().code() == StatusCode::kInvalidArgument, c.path);
    BOOST_TEST(contains(p.status().message(), c.message), c.path << ": " << p.status().message());
  }
}

BOOST_AUTO_TEST_CASE(only_document_v1_paths_belong_to_the_document_api) {
  BOOST_TEST(is_document_v1_path("/document/v1"));
  BOOST_TEST(is_document_v1_path("/document/v1/ns/t/docid/x"));
  BOOST_TEST(!is_document_v1_path("/document/v10"));
  BOOST_TEST(!is_document_v1_path("/search/"));
}

BOOST_AUTO_TEST_CASE(continuation_token_round_trips_and_is_url_safe) {
  VisitPosition start{0, 0, {}};
  VisitPosition middle{3, static_cast<int64_t>(0xe97d537966d96720ull),
                       std::string("\x01\x02\xff\x00\x05\x06\x07\x08\x09\x0a\x0b\x0c", 12)};
  for (const VisitPosition& p : {start, middle}) {
    std::string token = encode_continuation(p);
    BOOST_TEST(token.find_first_not_of(
                   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
                   std::string::npos,
               token);
    auto back = decode_continuation(token);
    BOOST_REQUIRE(back.ok());
    BOOST_TEST(back->node == p.node);
    BOOST_TEST(back->after_bucket == p.after_bucket);
    BOOST_TEST(back->after_gid == p.after_gid);
  }
  BOOST_TEST(encode_continuation(start) != encode_continuation(middle));
}

BOOST_AUTO_TEST_CASE(malformed_continuation_tokens_are_invalid_argument) {
  std::string good = encode_continuation({1, 5, {}});
  for (const std::string& token : {std::string("x"), std::string("!!!!"), good.substr(1),
                                   good + "A", std::string(good.size(), 'A')}) {
    auto p = decode_continuation(token);
    BOOST_TEST(!p.ok(), token);
    BOOST_TEST(p.status().code() == StatusCode::kInvalidArgument);
    BOOST_TEST(contains(p.status().message(), "malformed continuation token"),
               p.status().message());
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::container
