#include "container/feed/document_path.h"

#include <boost/test/unit_test.hpp>

namespace grove::feed {

namespace {

std::string path_of(std::string_view id) {
  Result<distribution::DocumentId> parsed = distribution::DocumentId::parse(id);
  BOOST_REQUIRE(parsed.ok());
  return document_path(*parsed);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_path_mapping)

BOOST_AUTO_TEST_CASE(url_encode_keeps_only_unreserved_bytes) {
  BOOST_TEST(url_encode("AZaz09-._~") == "AZaz09-._~");
  BOOST_TEST(url_encode("a b/c?d&e=f:g%h+i#") == "a%20b%2Fc%3Fd%26e%3Df%3Ag%25h%2Bi%23");
  BOOST_TEST(url_encode("\xC3\xA6\x01") == "%C3%A6%01");
  BOOST_TEST(url_encode("").empty());
}

BOOST_AUTO_TEST_CASE(each_id_form_maps_to_its_document_v1_path) {
  BOOST_TEST(path_of("id:music:song::one") == "/document/v1/music/song/docid/one");
  BOOST_TEST(path_of("id:music:song:n=1234:one") == "/document/v1/music/song/number/1234/one");
  BOOST_TEST(path_of("id:music:song:g=a group:one") ==
             "/document/v1/music/song/group/a%20group/one");
  BOOST_TEST(path_of("id:music:song::a/b:c?d") == "/document/v1/music/song/docid/a%2Fb%3Ac%3Fd");
}

BOOST_AUTO_TEST_CASE(the_query_carries_condition_create_and_timeout) {
  Operation op;
  op.path = "/document/v1/ns/t/docid/u";
  BOOST_TEST(request_target(op, std::chrono::milliseconds(0)) == op.path);
  op.condition = "t.n > 3 and t.s == \"x&y\"";
  op.create = true;
  BOOST_TEST(request_target(op, std::chrono::milliseconds(1500)) ==
             "/document/v1/ns/t/docid/u?condition=t.n%20%3E%203%20and%20t.s%20%3D%3D%20%22x%26y%22"
             "&create=true&timeout=1500ms");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::feed
