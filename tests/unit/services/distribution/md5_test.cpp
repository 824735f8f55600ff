#include "services/distribution/md5.h"

#include <boost/test/unit_test.hpp>

#include <string>

namespace grove::distribution {

namespace {

std::string hex(const std::array<uint8_t, 16>& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(md5_suite)

// The test suite of RFC 1321, appendix A.5.
BOOST_AUTO_TEST_CASE(rfc_1321_test_suite) {
  BOOST_TEST(hex(md5("")) == "d41d8cd98f00b204e9800998ecf8427e");
  BOOST_TEST(hex(md5("a")) == "0cc175b9c0f1b6a831c399e269772661");
  BOOST_TEST(hex(md5("abc")) == "900150983cd24fb0d6963f7d28e17f72");
  BOOST_TEST(hex(md5("message digest")) == "f96b697d7cb7938d525a2f31aaf161d0");
  BOOST_TEST(hex(md5("abcdefghijklmnopqrstuvwxyz")) == "c3fcd3d76192e4007dfb496cca67e13b");
  BOOST_TEST(hex(md5("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")) ==
             "d174ab98d277d9f5a5611c2c9f419d9f");
  BOOST_TEST(hex(md5("1234567890123456789012345678901234567890"
                     "1234567890123456789012345678901234567890")) ==
             "57edf4a22be3c955ac49da2e2107b67a");
}

// Inputs whose padding needs a second block (56..63 bytes left over) and exact multiples of the
// block size: the lengths where a padding mistake would show (digests from Python's hashlib).
BOOST_AUTO_TEST_CASE(block_boundaries) {
  BOOST_TEST(hex(md5(std::string(55, 'x'))) == "04364420e25c512fd958a70738aa8f72");
  BOOST_TEST(hex(md5(std::string(56, 'x'))) == "668a72d5ba17f08e62dabcafad6db14b");
  BOOST_TEST(hex(md5(std::string(64, 'x'))) == "c1bb4f81d892b2d57947682aeb252456");
  BOOST_TEST(hex(md5(std::string(128, 'x'))) == "d69cb61a6ee87200676eb0d4b90edbcb");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::distribution
