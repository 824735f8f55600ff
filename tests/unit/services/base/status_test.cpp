#include "services/base/result.h"
#include "services/base/status.h"

#include <boost/test/unit_test.hpp>

#include <string>

namespace grove {
namespace {

Result<int> half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd: " + std::to_string(x));
  return x / 2;
}

Result<int> quarter(int x) {
  GROVE_ASSIGN_OR_RETURN(int h, half(x));
  return half(h);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(status)

BOOST_AUTO_TEST_CASE(default_status_is_ok) {
  Status s;
  BOOST_TEST(s.ok());
  BOOST_TEST(s.to_string() == "OK");
}

BOOST_AUTO_TEST_CASE(error_status_prints_code_and_message) {
  Status s = Status::NotFound("bucket 0x12");
  BOOST_TEST(!s.ok());
  BOOST_TEST(s.to_string() == "NotFound: bucket 0x12");
}

BOOST_AUTO_TEST_CASE(only_transient_codes_are_retryable) {
  BOOST_TEST(Status::Unavailable("x").retryable());
  BOOST_TEST(Status::ResourceExhausted("x").retryable());
  BOOST_TEST(!Status::InvalidArgument("x").retryable());
  BOOST_TEST(!Status::Corruption("x").retryable());
}

BOOST_AUTO_TEST_CASE(result_carries_value_or_status) {
  BOOST_TEST(half(4).value() == 2);
  Result<int> r = half(3);
  BOOST_TEST(!r.ok());
  BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(assign_or_return_propagates_first_error) {
  BOOST_TEST(quarter(8).value() == 2);
  BOOST_TEST(quarter(6).status().message() == "odd: 3");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove
