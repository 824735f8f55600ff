#include "container/feed/operation_splitter.h"

#include <boost/test/unit_test.hpp>

#include <cstring>

namespace grove::feed {

namespace {

// Hands out its text a few bytes at a time, so that every token crosses a read boundary.
class TrickleInput final : public FeedInput {
 public:
  TrickleInput(std::string text, size_t step) : text_(std::move(text)), step_(step) {}
  Result<size_t> read(char* buffer, size_t capacity) override {
    size_t n = std::min({capacity, step_, text_.size() - position_});
    std::memcpy(buffer, text_.data() + position_, n);
    position_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string text_;
  size_t step_;
  size_t position_ = 0;
  std::string name_ = "trickle";
};

struct Piece {
  std::string text;
  uint64_t line;
  std::string error;
};

std::vector<Piece> split(const std::string& text, size_t step = 1 << 20) {
  TrickleInput input(text, step);
  OperationSplitter splitter(input);
  std::vector<Piece> pieces;
  while (true) {
    Result<const RawOperation*> op = splitter.next();
    BOOST_REQUIRE(op.ok());
    if (*op == nullptr) break;
    pieces.push_back(Piece{(*op)->text, (*op)->line, (*op)->error});
    BOOST_REQUIRE(pieces.size() < 1000);
  }
  return pieces;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(operation_splitter)

BOOST_AUTO_TEST_CASE(jsonl_gives_one_operation_per_line_and_skips_blank_lines) {
  auto pieces = split("{\"put\":\"a\"}\n\n  {\"remove\":\"b\"}  \r\n\n{\"put\":\"c\"}");
  BOOST_REQUIRE_EQUAL(pieces.size(), 3u);
  BOOST_TEST(pieces[0].text == "{\"put\":\"a\"}");
  BOOST_TEST(pieces[0].line == 1u);
  BOOST_TEST(pieces[1].text == "{\"remove\":\"b\"}");
  BOOST_TEST(pieces[1].line == 3u);
  BOOST_TEST(pieces[2].line == 5u);
  for (const auto& p : pieces) BOOST_TEST(p.error.empty());
}

BOOST_AUTO_TEST_CASE(array_yields_each_top_level_object_with_its_line) {
  std::string feed = "\n [\n  {\"put\": \"a\", \"fields\": {\"n\": {\"x\": [1, {\"y\": 2}]}}},\n"
                     "  {\"remove\": \"b\"}\n\n,{\"put\":\"c\"}\n]\n";
  for (size_t step : {1u, 2u, 7u, 4096u}) {
    auto pieces = split(feed, step);
    BOOST_REQUIRE_EQUAL(pieces.size(), 3u);
    BOOST_TEST(pieces[0].text == R"({"put": "a", "fields": {"n": {"x": [1, {"y": 2}]}}})");
    BOOST_TEST(pieces[0].line == 3u);
    BOOST_TEST(pieces[1].text == R"({"remove": "b"})");
    BOOST_TEST(pieces[1].line == 4u);
    BOOST_TEST(pieces[2].text == R"({"put":"c"})");
    BOOST_TEST(pieces[2].line == 6u);
    for (const auto& p : pieces) BOOST_TEST(p.error.empty());
  }
}

BOOST_AUTO_TEST_CASE(braces_and_escaped_quotes_inside_strings_do_not_end_an_object) {
  std::string obj = R"({"put":"id:a:b::}{","fields":{"s":"}}]] \" {{ \\","t":"\\\\"}})";
  auto pieces = split("[" + obj + "," + obj + "]", 3);
  BOOST_REQUIRE_EQUAL(pieces.size(), 2u);
  BOOST_TEST(pieces[0].text == obj);
  BOOST_TEST(pieces[1].text == obj);
}

BOOST_AUTO_TEST_CASE(an_empty_array_and_an_empty_input_have_no_operations) {
  BOOST_TEST(split("[]").empty());
  BOOST_TEST(split("  [ \n ] \n").empty());
  BOOST_TEST(split("").empty());
  BOOST_TEST(split("\n\n  \n").empty());
}

BOOST_AUTO_TEST_CASE(a_trailing_comma_and_missing_commas_are_accepted) {
  auto pieces = split("[{\"put\":\"a\"} {\"put\":\"b\"},]");
  BOOST_REQUIRE_EQUAL(pieces.size(), 2u);
  BOOST_TEST(pieces[1].text == "{\"put\":\"b\"}");
}

BOOST_AUTO_TEST_CASE(junk_between_objects_is_an_error_with_its_line_and_the_rest_goes_on) {
  auto pieces = split("[\n{\"put\":\"a\"},\n42,\n{\"put\":\"b\"}\n]");
  BOOST_REQUIRE_EQUAL(pieces.size(), 3u);
  BOOST_TEST(pieces[1].line == 3u);
  BOOST_TEST(pieces[1].error.find("expected an operation object, got '4'") != std::string::npos);
  BOOST_TEST(pieces[2].text == "{\"put\":\"b\"}");
  BOOST_TEST(pieces[2].error.empty());
}

BOOST_AUTO_TEST_CASE(an_unterminated_object_or_array_is_reported) {
  auto pieces = split("[{\"put\":\"a\"},\n{\"put\":\"b\", \"fields\": {");
  BOOST_REQUIRE_EQUAL(pieces.size(), 2u);
  BOOST_TEST(pieces[1].line == 2u);
  BOOST_TEST(pieces[1].error.find("unterminated operation object") != std::string::npos);

  pieces = split("[{\"put\":\"a\"}\n");
  BOOST_REQUIRE_EQUAL(pieces.size(), 2u);
  BOOST_TEST(pieces[1].error.find("unterminated feed array") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(data_after_the_closing_bracket_is_reported_once) {
  auto pieces = split("[{\"put\":\"a\"}]\n[{\"put\":\"b\"}]");
  BOOST_REQUIRE_EQUAL(pieces.size(), 2u);
  BOOST_TEST(pieces[1].line == 2u);
  BOOST_TEST(pieces[1].error.find("after the closing ']'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_operation_over_the_size_limit_is_an_error_and_the_next_one_is_fine) {
  TrickleInput input("{\"put\":\"" + std::string(100, 'x') + "\"}\n{\"put\":\"y\"}\n", 16);
  OperationSplitter splitter(input, 50);
  Result<const RawOperation*> first = splitter.next();
  BOOST_REQUIRE(first.ok() && *first != nullptr);
  BOOST_TEST((*first)->error.find("larger than the limit of 50 bytes") != std::string::npos);
  Result<const RawOperation*> second = splitter.next();
  BOOST_REQUIRE(second.ok() && *second != nullptr);
  BOOST_TEST((*second)->error.empty());
  BOOST_TEST((*second)->text == "{\"put\":\"y\"}");
  BOOST_TEST((*second)->line == 2u);
}

BOOST_AUTO_TEST_CASE(the_format_is_detected_from_the_first_non_blank_byte) {
  auto array = string_feed_input("a", "  \n[{\"put\":\"a\"}]");
  OperationSplitter a(*array);
  BOOST_REQUIRE(a.next().ok());
  BOOST_TEST((a.format() == OperationSplitter::Format::kArray));
  auto lines = string_feed_input("b", "\xEF\xBB\xBF{\"put\":\"a\"}\n");
  OperationSplitter b(*lines);
  Result<const RawOperation*> op = b.next();
  BOOST_REQUIRE(op.ok() && *op != nullptr);
  BOOST_TEST((b.format() == OperationSplitter::Format::kLines));
  BOOST_TEST((*op)->text == "{\"put\":\"a\"}");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::feed
