// parse_query_request() (the search handler's entry point) and the Vespa error response.

#include "container/query/query_request.h"

#include <boost/test/unit_test.hpp>

#include "container/query/query_error.h"

namespace grove::query {

BOOST_AUTO_TEST_SUITE(query_request)

BOOST_AUTO_TEST_CASE(a_query_parameter_alone_searches_every_source) {
  QueryParameters p;
  p.query = "quick fox";
  Result<Query> q = parse_query_request(p);
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(q->to_string() == "select * from sources * where AND(quick, fox)");
}

BOOST_AUTO_TEST_CASE(model_parameters_shape_the_simple_language) {
  QueryParameters p;
  p.query = "quick fox";
  p.default_index = "title";
  p.type = "any";
  Result<Query> q = parse_query_request(p);
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(q->root.to_string() == "OR(title:quick, title:fox)");
  p.type = "weakAnd";
  BOOST_TEST(parse_query_request(p)->root.to_string() == "WEAKAND[100](title:quick, title:fox)");
  p.type = "phrase";
  BOOST_TEST(parse_query_request(p)->root.to_string() == "title:phrase(quick, fox)");
}

BOOST_AUTO_TEST_CASE(yql_user_query_uses_the_query_and_model_parameters) {
  QueryParameters p;
  p.yql = "select * from music where userQuery() and year > 2000";
  p.query = "fox -cat";
  p.default_index = "title";
  Result<Query> q = parse_query_request(p);
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(q->to_string() ==
             "select * from sources music where AND(ANDNOT(title:fox, title:cat), "
             "year:(2000,*])");
}

BOOST_AUTO_TEST_CASE(yql_user_input_reads_other_request_parameters) {
  QueryParameters p;
  p.yql = "select * from sources * where userInput(@animal)";
  p.parameters = {{"animal", "red fox"}};
  BOOST_TEST(parse_query_request(p)->root.to_string() == "AND(red, fox)");
}

BOOST_AUTO_TEST_CASE(an_empty_query_is_a_null_query) {
  for (std::optional<std::string> text : {std::optional<std::string>(), std::optional<std::string>(""),
                                          std::optional<std::string>("  "),
                                          std::optional<std::string>("?!")}) {
    QueryParameters p;
    p.query = text;
    Result<Query> q = parse_query_request(p);
    BOOST_REQUIRE(!q.ok());
    QueryError e = to_query_error(q.status());
    BOOST_TEST(e.code == 1);
    BOOST_TEST(e.summary == "Null query");
    BOOST_TEST(e.message == "No query: the query is empty");
  }
  QueryParameters blank_yql;
  blank_yql.yql = " ";
  BOOST_TEST(to_query_error(parse_query_request(blank_yql).status()).code == 1);
}

BOOST_AUTO_TEST_CASE(a_bad_model_type_is_an_invalid_parameter) {
  QueryParameters p;
  p.query = "fox";
  p.type = "web";
  QueryError e = to_query_error(parse_query_request(p).status());
  BOOST_TEST(e.code == 4);
  BOOST_TEST(e.message == "model.type 'web' is not supported: use all, any, weakAnd or phrase");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_replaced_before_parsing) {
  QueryParameters p;
  p.yql = "select * from sources * where title contains \"a\xFF\" garbage";
  Result<Query> q = parse_query_request(p);
  BOOST_REQUIRE(!q.ok());
  BOOST_TEST(q.status().message().find("after \"a\xEF\xBF\xBD\"") != std::string::npos);
  p.yql.reset();
  p.query = "caf\xC3";
  BOOST_TEST(parse_query_request(p)->root.to_string() == "caf");
}

BOOST_AUTO_TEST_CASE(parse_errors_render_as_vespa_error_responses) {
  QueryParameters p;
  p.yql = "select * from sources * where title";
  std::vector<QueryError> errors = {to_query_error(parse_query_request(p).status())};
  BOOST_TEST(http_status_of(errors) == 400);
  BOOST_TEST(render_error_response(errors) ==
             R"({"root":{"id":"toplevel","relevance":1.0,"fields":{"totalCount":0},"errors":[)"
             R"({"code":4,"summary":"Invalid query parameter","message":"Could not parse query: )"
             R"(at position 36: expected 'contains' or a comparison after 'title'"}]}})");
}

BOOST_AUTO_TEST_CASE(status_codes_map_to_vespa_error_codes_and_http_statuses) {
  BOOST_TEST(to_query_error(Status::NotFound("x")).code == 1);
  BOOST_TEST(to_query_error(Status::InvalidArgument("x")).code == 4);
  BOOST_TEST(to_query_error(Status::DeadlineExceeded("x")).code == 12);
  BOOST_TEST(to_query_error(Status::Unavailable("x")).code == 10);
  BOOST_TEST(to_query_error(Status::ResourceExhausted("x")).code == 0);
  BOOST_TEST(to_query_error(Status::Internal("x")).code == 18);
  BOOST_TEST(http_status_of({QueryError::timeout("t")}) == 504);
  BOOST_TEST(http_status_of({QueryError::no_backends("n")}) == 503);
  BOOST_TEST(http_status_of({QueryError::illegal_query("i")}) == 400);
  BOOST_TEST(http_status_of({QueryError::internal("i")}) == 500);
  BOOST_TEST(http_status_of({}) == 500);
}

BOOST_AUTO_TEST_CASE(several_errors_render_in_order_with_escaped_messages) {
  std::string json = render_error_response(
      {QueryError::invalid_query_parameter("a \"quoted\" field"), QueryError::timeout("late")});
  BOOST_TEST(json ==
             R"({"root":{"id":"toplevel","relevance":1.0,"fields":{"totalCount":0},"errors":[)"
             R"({"code":4,"summary":"Invalid query parameter","message":"a \"quoted\" field"},)"
             R"({"code":12,"summary":"Timed out","message":"late"}]}})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::query
