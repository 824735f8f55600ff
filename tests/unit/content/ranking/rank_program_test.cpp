#include "content/ranking/rank_program.h"

#include <boost/test/unit_test.hpp>

#include <cmath>

#include "config-model/schema/rank_expression_parser.h"
#include "content/ranking/linear_form.h"
#include "content/ranking/rank_setup.h"

namespace grove::ranking {
namespace {

index::IndexConfig config() {
  return index::IndexConfig::create({{"title"}, {"body"}}, {{"year", index::AttributeType::kInt}},
                                    {})
      .value();
}

// Evaluates `text` with the given feature values by name.
double eval(const std::string& text, const std::map<std::string, double>& values = {},
            const schema::RankProfile* profile = nullptr) {
  index::IndexConfig c = config();
  schema::RankProfile p;
  if (profile != nullptr) p = *profile;
  Result<schema::RankExprPtr> expr = schema::parse_rank_expression(text);
  BOOST_REQUIRE_MESSAGE(expr.ok(), expr.status().to_string());
  FeatureTable table(c);
  Result<RankProgram> program = RankProgram::compile(**expr, p, true, table);
  BOOST_REQUIRE_MESSAGE(program.ok(), program.status().to_string());
  std::vector<double> features;
  for (const FeatureSpec& f : table.features()) {
    auto it = values.find(f.name);
    features.push_back(it == values.end() ? 0.0 : it->second);
  }
  std::vector<double> stack(program->max_stack() + 1);
  return program->run(features.data(), stack.data());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rank_program)

BOOST_AUTO_TEST_CASE(arithmetic_follows_precedence_and_unary_minus) {
  BOOST_TEST(eval("1 + 2 * 3") == 7.0);
  BOOST_TEST(eval("(1 + 2) * 3") == 9.0);
  BOOST_TEST(eval("-2 * -3 - 1") == 5.0);
  BOOST_TEST(eval("7 / 2") == 3.5);
  BOOST_TEST(eval("7 % 4") == 3.0);
}

BOOST_AUTO_TEST_CASE(math_functions_compute_their_values) {
  BOOST_TEST(eval("log(exp(2))") == 2.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(eval("sqrt(16) + pow(2, 10)") == 1028.0);
  BOOST_TEST(eval("max(3, 4) + min(3, 4)") == 7.0);
  BOOST_TEST(eval("abs(-2) + fabs(-1) + floor(1.5) + ceil(1.2)") == 6.0);
  BOOST_TEST(eval("log10(1000)") == 3.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(if_picks_a_branch_by_comparison_and_logic) {
  BOOST_TEST(eval("if(attribute(year) > 2000, 1, 2)", {{"attribute(year)", 2001}}) == 1.0);
  BOOST_TEST(eval("if(attribute(year) > 2000, 1, 2)", {{"attribute(year)", 1999}}) == 2.0);
  BOOST_TEST(eval("if(1 < 2 && 2 <= 2, 10, 20)") == 10.0);
  BOOST_TEST(eval("if(1 > 2 || 3 == 4, 10, 20)") == 20.0);
  BOOST_TEST(eval("if(1 != 1, 5, if(2 >= 3, 6, 7)) + 1") == 8.0);
}

BOOST_AUTO_TEST_CASE(features_are_read_by_name) {
  BOOST_TEST(eval("bm25(title) + 2 * bm25(body)", {{"bm25(title)", 1.5}, {"bm25(body)", 2}}) ==
             5.5);
  BOOST_TEST(eval("firstPhase * 2", {{"firstPhase", 4}}) == 8.0);
}

BOOST_AUTO_TEST_CASE(profile_functions_are_inlined_with_their_arguments) {
  auto body = schema::parse_rank_expression_at("x * 2 + y", 1, {"x", "y"}).expr;
  BOOST_REQUIRE(body != nullptr);
  schema::RankProfile p;
  p.name = "p";
  p.functions["f"] = schema::RankFunction{"f", {"x", "y"}, body, 0};
  auto g = schema::parse_rank_expression("bm25(body)").value();
  p.functions["g"] = schema::RankFunction{"g", {}, g, 0};
  schema::RankExprPtr call = schema::RankExpr::make_call(
      "f", {schema::RankExpr::make_number(3), schema::RankExpr::make_call("g", {})});
  index::IndexConfig c = config();
  FeatureTable table(c);
  Result<RankProgram> program = RankProgram::compile(*call, p, false, table);
  BOOST_REQUIRE(program.ok());
  BOOST_REQUIRE(table.features().size() == 1u);
  double features[] = {10};
  std::vector<double> stack(program->max_stack() + 1);
  BOOST_TEST(program->run(features, stack.data()) == 16.0);
}

BOOST_AUTO_TEST_CASE(bad_features_and_fields_are_rejected_by_name) {
  index::IndexConfig c = config();
  auto compile = [&](const std::string& text, bool second = false) {
    schema::RankProfile p;
    FeatureTable table(c);
    return RankProgram::compile(*schema::parse_rank_expression(text).value(), p, second, table);
  };
  Status s = compile("bm25(nope)").status();
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(s.message().find("'nope'") != std::string::npos);
  BOOST_TEST(!compile("attribute(title)").ok());  // indexed, not an attribute
  BOOST_TEST(!compile("firstPhase").ok());        // only in the second phase
  BOOST_TEST(compile("firstPhase", true).ok());
  // The schema parser rejects outputs today; the resolver still checks them.
  auto with_output = [&](const std::string& output) {
    auto node = std::make_shared<schema::RankExpr>(
        *schema::RankExpr::make_feature("fieldMatch", {"title"}));
    node->output = output;
    return resolve_feature(*node, c, false);
  };
  BOOST_TEST(!with_output("nonsense").ok());
  BOOST_TEST(with_output("proximity").ok());
}

BOOST_AUTO_TEST_CASE(linear_form_is_found_only_for_non_negative_bm25_sums) {
  index::IndexConfig c = config();
  schema::RankProfile p;
  auto form = [&](const std::string& text) {
    return linear_bm25_form(*schema::parse_rank_expression(text).value(), p, c);
  };
  auto f = form("bm25(body) + 2 * bm25(title) / 4 + 3");
  BOOST_REQUIRE(f.has_value());
  BOOST_TEST(f->constant == 3.0);
  BOOST_TEST(f->field_weights.at(0) == 0.5);
  BOOST_TEST(f->field_weights.at(1) == 1.0);
  BOOST_TEST(!form("bm25(body) - bm25(title)").has_value());
  BOOST_TEST(!form("bm25(body) * bm25(title)").has_value());
  BOOST_TEST(!form("bm25(body) + attribute(year)").has_value());
  BOOST_TEST(!form("log(bm25(body))").has_value());
  BOOST_TEST(form("-(-bm25(body))").has_value());
}

BOOST_AUTO_TEST_CASE(setup_records_phases_rerank_count_and_position_needs) {
  index::IndexConfig c = config();
  auto profile = make_rank_profile("p", "bm25(body)", "firstPhase + nativeRank(body)", 7).value();
  auto setup = RankSetup::compile(profile, c);
  BOOST_REQUIRE(setup.ok());
  BOOST_TEST((*setup)->has_second_phase());
  BOOST_TEST((*setup)->rerank_count() == 7u);
  BOOST_TEST((*setup)->needs_positions());
  BOOST_TEST((*setup)->linear_first_phase().has_value());
  BOOST_TEST((*setup)->first_phase_features().size() == 1u);
  BOOST_TEST((*setup)->second_phase_features().size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::ranking
