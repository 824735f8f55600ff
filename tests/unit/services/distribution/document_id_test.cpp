#include "services/distribution/document_id.h"

#include <boost/test/unit_test.hpp>

namespace grove::distribution {

namespace {

struct Vector {
  const char* id;
  const char* gid;
  const char* bucket;
};

// Gids and buckets as Vespa computes them.
constexpr Vector kVespaVectors[] = {
    {"id:ns:type::specific", "0x2067d966823ebdfb79537da1", "0xe97d537966d96720"},
    {"id:another:type::specific", "0x2067d9664809eb39a3b72218", "0xe822b7a366d96720"},
    {"id:ns:type::another", "0xb32d73e53e034c30c58a01ff", "0xeb018ac5e5732db3"},
    {"id:ns:type:n=100:specific", "0x64000000dd4c4b431749f95f", "0xebf9491700000064"},
    {"id:np:type:n=100:another", "0x6400000031359e4a70e670a8", "0xe870e67000000064"},
};

std::string error_of(std::string_view text) {
  auto id = DocumentId::parse(text);
  BOOST_REQUIRE(!id.ok());
  BOOST_TEST(id.status().code() == StatusCode::kInvalidArgument);
  return id.status().message();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_id)

BOOST_AUTO_TEST_CASE(gid_and_bucket_match_vespa) {
  for (const Vector& v : kVespaVectors) {
    auto id = DocumentId::parse(v.id);
    BOOST_REQUIRE_MESSAGE(id.ok(), v.id);
    BOOST_TEST(id->gid().to_hex() == v.gid, v.id);
    BOOST_TEST(id->bucket().to_hex() == v.bucket, v.id);
    BOOST_TEST(id->bucket().used_bits() == 58u);
  }
}

BOOST_AUTO_TEST_CASE(parts_are_split_and_user_part_may_hold_colons) {
  auto id = DocumentId::parse("id:music:song:g=tenant-7:a:b:c");
  BOOST_REQUIRE(id.ok());
  BOOST_TEST(id->name_space() == "music");
  BOOST_TEST(id->doc_type() == "song");
  BOOST_TEST(id->group().value() == "tenant-7");
  BOOST_TEST(id->user_specific() == "a:b:c");
  BOOST_TEST(!id->number().has_value());
}

BOOST_AUTO_TEST_CASE(same_location_shares_a_bucket_and_gid_prefix) {
  auto a = DocumentId::parse("id:ns:type:g=tenant:one");
  auto b = DocumentId::parse("id:ns:type:g=tenant:two");
  BOOST_REQUIRE(a.ok() && b.ok());
  BOOST_TEST(a->location() == b->location());
  BOOST_TEST((a->bucket().raw() & 0xFFFFFFFF) == (b->bucket().raw() & 0xFFFFFFFF));
  BOOST_TEST((a->gid() != b->gid()));
}

BOOST_AUTO_TEST_CASE(malformed_ids_name_the_wrong_part) {
  BOOST_TEST(contains(error_of("doc:ns:type::x"), "does not start with 'id:'"));
  BOOST_TEST(contains(error_of("id:ns:type"), "has only 3 of the 5"));
  BOOST_TEST(contains(error_of("id::type::x"), "namespace is empty"));
  BOOST_TEST(contains(error_of("id:ns:::x"), "document type is empty"));
  BOOST_TEST(contains(error_of("id:ns:type::"), "user-specified part is empty"));
  BOOST_TEST(contains(error_of("id:ns:type:n=abc:x"), "'n=abc' is not n=<unsigned 64-bit number>"));
  BOOST_TEST(contains(error_of("id:ns:type:n=-1:x"), "'n=-1'"));
  BOOST_TEST(contains(error_of("id:ns:type:g=:x"), "group in 'g=' is empty"));
  BOOST_TEST(contains(error_of("id:ns:type:x=1:x"), "'x=1' is neither"));
  BOOST_TEST(contains(error_of(std::string(70000, 'a')), "over the limit"));
}

BOOST_AUTO_TEST_CASE(bucket_hex_parses_and_rejects_garbage) {
  BOOST_TEST(BucketId::parse_hex("0x4000000000000001")->raw() == 0x4000000000000001ULL);
  BOOST_TEST(BucketId::parse_hex("4000000000000001")->used_bits() == 16u);
  BOOST_TEST(!BucketId::parse_hex("0xZZ").ok());
  BOOST_TEST(!BucketId::parse_hex("").ok());
  BOOST_TEST(!BucketId::parse_hex("0x12345678901234567").ok());
  BOOST_TEST(BucketId::from_bits(16, 0xFFFFFFFFULL).to_hex() == "0x400000000000ffff");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::distribution
