// The byte layout of the LMDB store (docs/format.md) and the payload codec.

#include "content/store/store_format.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstring>
#include <vector>

#include "content/store/payload_codec.h"
#include "tests/unit/content/store/store_test_support.h"

namespace grove::store::testing {

BOOST_AUTO_TEST_SUITE(store_format)

BOOST_AUTO_TEST_CASE(doc_keys_sort_by_bucket_then_gid) {
  auto k1 = format::doc_key(BucketId(0x0100), gid(9));
  auto k2 = format::doc_key(BucketId(0x0200), gid(1));
  auto k3 = format::doc_key(BucketId(0x0200), gid(2));
  BOOST_TEST(std::lexicographical_compare(k1.begin(), k1.end(), k2.begin(), k2.end()));
  BOOST_TEST(std::lexicographical_compare(k2.begin(), k2.end(), k3.begin(), k3.end()));
  BOOST_TEST(format::key_bucket(k3) == BucketId(0x0200));
  BOOST_TEST(format::key_gid(k3) == gid(2));
  BOOST_TEST(k3[6] == 0x02);  // big-endian bucket
}

BOOST_AUTO_TEST_CASE(bucket_info_round_trips) {
  BucketInfo info{3, 2, 0x1234567890abcdefull, 999, true, false};
  auto bytes = format::encode_bucket_info(info);
  BOOST_TEST((format::decode_bucket_info(bytes).value() == info));
  BOOST_TEST(format::decode_bucket_info(std::span(bytes).first(32)).status().code() ==
             StatusCode::kCorruption);
}

BOOST_AUTO_TEST_CASE(doc_values_with_unknown_flags_or_short_headers_are_corruption) {
  uint8_t value[12] = {};
  format::encode_doc_header(5, 0x80, value);
  BOOST_TEST(format::decode_doc_value(value).status().code() == StatusCode::kCorruption);
  BOOST_TEST(format::decode_doc_value(std::span(value).first(8)).status().code() ==
             StatusCode::kCorruption);
  format::encode_doc_header(5, format::kTombstoneFlag, value);
  BOOST_TEST(format::decode_doc_value(value).status().code() == StatusCode::kCorruption);
  BOOST_TEST(format::decode_doc_value(std::span(value).first(9)).value().tombstone());
}

BOOST_AUTO_TEST_CASE(small_and_incompressible_payloads_are_stored_raw) {
  PayloadEncoder encoder(1, 64);
  BOOST_TEST(encoder.encode("short").flags == 0);
  std::string noise = payload(1, 4096, /*random=*/true);
  EncodedBody body = encoder.encode(noise);
  BOOST_TEST(body.flags == 0);
  BOOST_TEST(body.size() == noise.size());
}

BOOST_AUTO_TEST_CASE(compressible_payloads_are_stored_as_zstd_and_decode_back) {
  PayloadEncoder encoder(1, 64);
  std::string text = payload(2, 10000);
  EncodedBody body = encoder.encode(text);
  BOOST_TEST(body.flags == format::kZstdFlag);
  BOOST_TEST(body.size() < text.size() / 4);
  std::vector<uint8_t> value(format::kDocHeaderSize + body.size());
  format::encode_doc_header(77, body.flags, value.data());
  std::memcpy(value.data() + 9, body.prefix.data(), body.prefix.size());
  std::memcpy(value.data() + 9 + body.prefix.size(), body.data.data(), body.data.size());
  auto decoded = format::decode_doc_value(value).value();
  BOOST_TEST(decoded.payload_size == text.size());
  std::string out;
  BOOST_TEST(decode_payload(decoded, out).ok());
  BOOST_TEST((out == text));
  value.back() ^= 0xff;  // damage the frame
  std::string damaged;
  BOOST_TEST(decode_payload(format::decode_doc_value(value).value(), damaged).code() ==
             StatusCode::kCorruption);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::store::testing
