#include "services/base/flags.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace grove {

namespace {

Result<Flags> parse(std::vector<const char*> args, const FlagSpec& spec) {
  return Flags::parse(static_cast<int>(args.size()), args.data(), spec);
}

std::string error_of(std::vector<const char*> args, const FlagSpec& spec) {
  auto flags = parse(std::move(args), spec);
  return flags.ok() ? "OK" : flags.status().message();
}

const FlagSpec kSpec{.with_value = {"port", "doc", "timeout", "threads"}, .switches = {"json"}};

}  // namespace

BOOST_AUTO_TEST_SUITE(flags)

BOOST_AUTO_TEST_CASE(values_are_read_in_both_spellings) {
  auto flags = parse({"--port", "8080", "--doc=id:a:b::c", "--json"}, kSpec);
  BOOST_REQUIRE(flags.ok());
  BOOST_TEST(flags->get("port") == "8080");
  BOOST_TEST(flags->get("doc") == "id:a:b::c");
  BOOST_TEST(flags->has("json"));
  BOOST_TEST(!flags->has("timeout"));
  BOOST_TEST(flags->get("timeout", "30") == "30");
}

BOOST_AUTO_TEST_CASE(an_inline_value_may_contain_equals_signs_and_be_empty) {
  auto flags = parse({"--doc=a=b", "--port="}, kSpec);
  BOOST_REQUIRE(flags.ok());
  BOOST_TEST(flags->get("doc") == "a=b");
  BOOST_TEST(flags->has("port"));
  BOOST_TEST(flags->get("port", "x") == "");
}

BOOST_AUTO_TEST_CASE(unknown_flag_is_an_error_that_names_it) {
  BOOST_TEST(error_of({"--prot", "1"}, kSpec) == "unknown option --prot");
  BOOST_TEST(error_of({"--prot=1"}, kSpec) == "unknown option --prot");
}

BOOST_AUTO_TEST_CASE(missing_value_is_an_error_that_names_the_flag) {
  BOOST_TEST(error_of({"--json", "--port"}, kSpec) == "--port needs a value");
}

BOOST_AUTO_TEST_CASE(a_switch_takes_no_value) {
  BOOST_TEST(error_of({"--json=yes"}, kSpec) == "--json takes no value");
}

BOOST_AUTO_TEST_CASE(positional_words_are_errors_unless_the_spec_allows_them) {
  BOOST_TEST(error_of({"file.json"}, kSpec) == "unexpected argument 'file.json'");
  FlagSpec with_files = kSpec;
  with_files.positional = true;
  auto flags = parse({"a", "--port", "1", "-", "--", "b"}, with_files);
  BOOST_REQUIRE(flags.ok());
  BOOST_TEST(flags->positional() == (std::vector<std::string>{"a", "-", "--", "b"}));
}

BOOST_AUTO_TEST_CASE(help_is_always_understood) {
  auto flags = parse({"--help"}, {});
  BOOST_REQUIRE(flags.ok());
  BOOST_TEST(flags->help());
  BOOST_TEST(parse({"-h"}, {})->help());
  BOOST_TEST(!parse({}, {})->help());
}

BOOST_AUTO_TEST_CASE(repeated_flags_keep_every_value_in_order_and_get_gives_the_last) {
  auto flags = parse({"--doc", "a", "--port", "1", "--doc", "b"}, kSpec);
  BOOST_REQUIRE(flags.ok());
  BOOST_TEST(flags->get("doc") == "b");
  BOOST_TEST(flags->get_all("doc") == (std::vector<std::string>{"a", "b"}));
  BOOST_TEST(flags->options().size() == 3u);
  BOOST_TEST(flags->options()[1].first == "port");
}

BOOST_AUTO_TEST_CASE(integers_are_checked_against_their_range) {
  auto flags = parse({"--port", "70000", "--threads", "4"}, kSpec);
  BOOST_REQUIRE(flags.ok());
  BOOST_TEST(flags->get_int("threads", 1, 1, 64).value() == 4);
  BOOST_TEST(flags->get_int("timeout", 7, 1, 64).value() == 7);
  BOOST_TEST(flags->get_int("port", 0, 1, 65535).status().message() ==
             "--port takes a whole number from 1 to 65535, not '70000'");
  BOOST_TEST(flags->get_int("port", 0).value() == 70000);
}

BOOST_AUTO_TEST_CASE(an_integer_flag_with_junk_is_an_error_that_names_it) {
  auto flags = parse({"--port", "80a"}, kSpec);
  BOOST_REQUIRE(flags.ok());
  BOOST_TEST(flags->get_int("port", 0).status().message() ==
             "--port takes a whole number, not '80a'");
  BOOST_TEST(flags->get_int("port", 0).status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(lists_split_on_commas) {
  auto flags = parse({"--threads", "1,,2,8"}, kSpec);
  BOOST_REQUIRE(flags.ok());
  BOOST_TEST(flags->get_list("threads") == (std::vector<std::string>{"1", "2", "8"}));
  BOOST_TEST(flags->get_list("doc").empty());
}

BOOST_AUTO_TEST_CASE(seconds_are_positive_and_bounded) {
  auto flags = parse({"--timeout", "0.5", "--port", "0", "--doc", "soon"}, kSpec);
  BOOST_REQUIRE(flags.ok());
  BOOST_TEST(flags->get_seconds("timeout", std::chrono::seconds(9))->count() == 0.5);
  BOOST_TEST(flags->get_seconds("threads", std::chrono::seconds(9))->count() == 9.0);
  BOOST_TEST(flags->get_seconds("port", std::chrono::seconds(1)).status().message() ==
             "--port takes a positive number of seconds, not '0'");
  BOOST_TEST(!flags->get_seconds("doc", std::chrono::seconds(1)).ok());
  BOOST_TEST(!flags->get_seconds("timeout", std::chrono::seconds(1), 0.1).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove
