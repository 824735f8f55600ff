#include "config-model/schema/rank_expression_parser.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace grove::schema {
namespace {

std::string canonical(std::string_view text) {
  Result<RankExprPtr> e = parse_rank_expression(text);
  BOOST_REQUIRE_MESSAGE(e.ok(), std::string(text) + ": " + e.status().to_string());
  return e.value()->to_string();
}

std::string error_of(std::string_view text) {
  Result<RankExprPtr> e = parse_rank_expression(text);
  BOOST_REQUIRE_MESSAGE(!e.ok(), std::string(text) + " should not parse");
  return e.status().message();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rank_expression)

BOOST_AUTO_TEST_CASE(an_expression_prints_back_in_canonical_form) {
  BOOST_TEST(canonical("bm25(title)+2*attribute( year )") == "bm25(title) + 2 * attribute(year)");
  BOOST_TEST(canonical("nativeRank") == "nativeRank");
  BOOST_TEST(canonical("nativeRank(title , artist)") == "nativeRank(title,artist)");
  BOOST_TEST(canonical("log(1 + query(w)) / sqrt(fieldMatch(title))") ==
             "log(1 + query(w)) / sqrt(fieldMatch(title))");
  BOOST_TEST(canonical("1.5e3 + .25") == "1500 + 0.25");
}

BOOST_AUTO_TEST_CASE(printing_and_parsing_again_gives_the_same_tree) {
  for (std::string text : {"if(attribute(y) >= 2 || query(q) < 1 && matches(t) == 1, -1, 2)",
                           "pow(max(1, 2), min(3, -4)) % 7 - fabs(-2) - (3 - 4)",
                           "-(-bm25(t)) * (nativeProximity + exp(1e-5))"}) {
    std::string once = canonical(text);
    BOOST_TEST(canonical(once) == once);
  }
}

BOOST_AUTO_TEST_CASE(multiplication_binds_tighter_than_addition) {
  Result<RankExprPtr> e = parse_rank_expression("1+2*3");
  BOOST_REQUIRE(e.ok());
  const RankExpr& root = *e.value();
  BOOST_TEST((root.kind == RankExpr::Kind::kBinary));
  BOOST_TEST((root.op == RankOp::kAdd));
  BOOST_TEST((root.children[1]->op == RankOp::kMul));
  BOOST_TEST(root.to_string() == "1 + 2 * 3");
  BOOST_TEST(canonical("(1+2)*3") == "(1 + 2) * 3");
}

BOOST_AUTO_TEST_CASE(operators_of_equal_precedence_associate_to_the_left) {
  BOOST_TEST(canonical("(1 - 2) - 3") == "1 - 2 - 3");
  BOOST_TEST(canonical("1 - (2 - 3)") == "1 - (2 - 3)");
  BOOST_TEST(canonical("8 / 4 / 2") == "8 / 4 / 2");
  BOOST_TEST(canonical("8 / (4 * 2)") == "8 / (4 * 2)");
}

BOOST_AUTO_TEST_CASE(unary_minus_binds_tighter_than_multiplication) {
  Result<RankExprPtr> e = parse_rank_expression("-attribute(year) * 2");
  BOOST_REQUIRE(e.ok());
  BOOST_TEST((e.value()->op == RankOp::kMul));
  BOOST_TEST((e.value()->children[0]->kind == RankExpr::Kind::kUnary));
  BOOST_TEST(e.value()->to_string() == "-attribute(year) * 2");
  BOOST_TEST(canonical("-(1 + 2)") == "-(1 + 2)");
  BOOST_TEST(canonical("2 * -3") == "2 * -3");
}

BOOST_AUTO_TEST_CASE(if_takes_a_comparison_as_condition) {
  Result<RankExprPtr> e = parse_rank_expression("if (attribute(year) > 2000, 1, 0.5)");
  BOOST_REQUIRE(e.ok());
  const RankExpr& root = *e.value();
  BOOST_TEST((root.kind == RankExpr::Kind::kIf));
  BOOST_TEST((root.children[0]->kind == RankExpr::Kind::kCompare));
  BOOST_TEST((root.children[0]->op == RankOp::kGt));
  BOOST_TEST(root.to_string() == "if(attribute(year) > 2000, 1, 0.5)");
  BOOST_TEST(canonical("if((query(a) > 1) && (query(b) <= 2), 1, 2)") ==
             "if(query(a) > 1 && query(b) <= 2, 1, 2)");
}

BOOST_AUTO_TEST_CASE(a_comparison_outside_an_if_condition_is_an_error) {
  BOOST_TEST(error_of("attribute(year) > 2000").find("only allowed in the condition of if(") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_feature_is_named_with_the_supported_ones) {
  std::string message = error_of("bm25(title) + freshnes(year)");
  BOOST_TEST(message.find("unknown rank feature or function 'freshnes'") != std::string::npos);
  BOOST_TEST(message.find("bm25(field)") != std::string::npos);
  BOOST_TEST(message.find("attribute(field)") != std::string::npos);
  BOOST_TEST(message.find("log") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tensor_features_are_unsupported) {
  BOOST_TEST(error_of("closeness(field, embedding)") ==
             "unsupported: rank feature 'closeness(field,embedding)'");
  BOOST_TEST(error_of("sum(query(q) * attribute(e))") ==
             "unsupported: rank feature 'sum(query(q)*attribute(e))'");
  BOOST_TEST(error_of("term(0).significance") ==
             "unsupported: rank feature 'term(0).significance'");
  BOOST_TEST(error_of("fieldMatch(title).completeness") ==
             "unsupported: rank feature output 'fieldMatch(title).completeness'");
}

BOOST_AUTO_TEST_CASE(the_in_operator_is_unsupported) {
  BOOST_TEST(error_of("if(attribute(year) in [1, 2], 1, 0)") ==
             "unsupported: 'in' operator in rank expression");
}

BOOST_AUTO_TEST_CASE(syntax_errors_say_what_was_expected) {
  BOOST_TEST(error_of("1 +") == "unexpected end of rank expression");
  BOOST_TEST(error_of("log(1") == "expected ')' to close log( but found end of expression");
  BOOST_TEST(error_of("pow(2)") == "'pow' takes 2 arguments but got 1");
  BOOST_TEST(error_of("bm25") ==
             "wrong arguments for rank feature 'bm25'; write it as bm25(field)");
  BOOST_TEST(error_of("1 2") == "unexpected '2' after the end of the rank expression");
  BOOST_TEST(error_of("") == "empty rank expression");
}

BOOST_AUTO_TEST_CASE(deeply_nested_expressions_are_rejected_without_crashing) {
  std::string deep = std::string(100000, '(') + "1" + std::string(100000, ')');
  BOOST_TEST(error_of(deep) == "rank expression nested too deeply");
  BOOST_TEST(error_of(std::string(100000, '-') + "1") == "rank expression nested too deeply");
}

BOOST_AUTO_TEST_CASE(needed_features_lists_each_feature_once) {
  Result<RankExprPtr> e =
      parse_rank_expression("bm25(title) + bm25(title) * attribute(year) + log(query(w))");
  BOOST_REQUIRE(e.ok());
  std::vector<std::string> expected = {"attribute(year)", "bm25(title)", "query(w)"};
  BOOST_TEST(needed_features(*e.value()) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(lines_are_counted_in_multi_line_expressions) {
  RankExprParse p = parse_rank_expression_at("1 +\n  2 *\n  )", 10, {});
  BOOST_REQUIRE(!p.expr);
  BOOST_TEST(p.error.line == 12);
}

BOOST_AUTO_TEST_CASE(function_parameters_and_calls_are_told_apart) {
  RankExprParse p = parse_rank_expression_at("x * helper(x, 2) + other", 1, {"x"});
  BOOST_REQUIRE(p.expr);
  std::vector<const RankExpr*> nodes = all_nodes(*p.expr);
  int params = 0;
  int calls = 0;
  for (const RankExpr* n : nodes) {
    params += n->kind == RankExpr::Kind::kParam;
    calls += n->kind == RankExpr::Kind::kCall;
  }
  BOOST_TEST(params == 2);
  BOOST_TEST(calls == 2);
  BOOST_TEST(p.expr->to_string() == "x * helper(x, 2) + other");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::schema
