#include "container/query/query_validator.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "config-model/schema/schema_parser.h"
#include "container/query/yql_parser.h"

namespace grove::query {

namespace {

schema::Schema parse_sd(std::string_view text, std::string_view file) {
  schema::ParseOutput out = schema::parse_schema(text, file);
  BOOST_REQUIRE_MESSAGE(out.ok(), (out.diagnostics.empty() ? "" : out.diagnostics[0].to_string()));
  return *out.schema;
}

const schema::Schema& music() {
  static const schema::Schema s = parse_sd(R"(schema music {
    document music {
      field title type string { indexing: summary | index }
      field artist type string { indexing: summary | index }
      field year type int { indexing: summary | attribute }
      field genre type string { indexing: summary | attribute }
      field rating type float { indexing: summary | index }
      field notes type string { indexing: summary }
      field flag type bool { indexing: attribute }
    }
    fieldset default { fields: title, artist }
  })", "music.sd");
  return s;
}

const schema::Schema& books() {
  static const schema::Schema s = parse_sd(R"(schema books {
    document books {
      field author type string { indexing: summary | index }
      field pages type int { indexing: attribute }
    }
  })", "books.sd");
  return s;
}

std::vector<std::string> errors_of(const std::string& yql) {
  QueryValidator validator({&music(), &books()});
  Result<Query> q = parse_yql(yql, {});
  BOOST_REQUIRE_MESSAGE(q.ok(), q.status().to_string());
  std::vector<std::string> out;
  for (const QueryError& e : validator.validate(*q)) {
    BOOST_TEST(e.code == 4);
    out.push_back(e.message);
  }
  return out;
}

using Messages = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(query_validator)

BOOST_AUTO_TEST_CASE(valid_queries_have_no_errors) {
  BOOST_TEST(errors_of("select title from music where title contains \"a\" and year > 5 and "
                       "genre contains \"rock\" and default contains \"x\" and "
                       "title contains phrase(\"a\", \"b\") order by year desc, genre")
                 .empty());
  BOOST_TEST(errors_of("select * from sources * where author contains \"x\" and pages < 100")
                 .empty());
}

BOOST_AUTO_TEST_CASE(unknown_fields_are_named_with_close_names) {
  BOOST_TEST((errors_of("select * from music where titel contains \"a\"") ==
              Messages{"unknown field 'titel' in music; did you mean 'title'?"}));
  BOOST_TEST((errors_of("select * from music where zzz contains \"a\"") ==
              Messages{"unknown field 'zzz' in music; known: title, artist, year, genre, rating, "
                       "flag, default"}));
  BOOST_TEST((errors_of("select * from sources * where yaer > 5") ==
              Messages{"unknown field 'yaer' in music, books; did you mean 'year'?"}));
}

BOOST_AUTO_TEST_CASE(a_field_valid_in_one_searched_schema_is_valid) {
  BOOST_TEST(errors_of("select * from sources * where author contains \"x\"").empty());
  BOOST_TEST((errors_of("select * from music where author contains \"x\"") ==
              Messages{"unknown field 'author' in music; known: title, artist, year, genre, rating, "
                       "flag, default"}));
}

BOOST_AUTO_TEST_CASE(terms_without_a_field_need_a_default_fieldset) {
  QueryValidator validator({&books()});
  Query q;
  q.root = QueryItem::term("", "x");
  std::vector<QueryError> errors = validator.validate(q);
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message ==
             "the query has terms without a field, but books has no field or fieldset named "
             "'default': name a field (title contains \"x\", or title:x) or set model.defaultIndex");
  QueryValidator with_default({&music()});
  BOOST_TEST(with_default.validate(q).empty());
}

BOOST_AUTO_TEST_CASE(fields_that_are_neither_indexed_nor_attributes_cannot_be_searched) {
  BOOST_TEST((errors_of("select * from music where notes contains \"a\"") ==
              Messages{"field 'notes' is neither indexed nor an attribute, so it cannot be "
                       "searched"}));
  BOOST_TEST((errors_of("select * from music where genre contains phrase(\"a\", \"b\")") ==
              Messages{"field 'genre' is not indexed, so it cannot hold a phrase"}));
}

BOOST_AUTO_TEST_CASE(comparisons_need_a_numeric_attribute) {
  BOOST_TEST((errors_of("select * from music where title > 5") ==
              Messages{"field 'title' is of type string: comparisons and range() need a numeric "
                       "attribute"}));
  BOOST_TEST((errors_of("select * from music where range(rating, 1, 2)") ==
              Messages{"field 'rating' is not an attribute: comparisons and range() need a "
                       "numeric attribute"}));
  BOOST_TEST((errors_of("select * from music where flag = 1") ==
              Messages{"field 'flag' is of type bool: comparisons and range() need a numeric "
                       "attribute"}));
  BOOST_TEST((errors_of("select * from music where default < 3") ==
              Messages{"'default' is a fieldset: comparisons and range() need a numeric "
                       "attribute"}));
}

BOOST_AUTO_TEST_CASE(order_by_needs_an_attribute) {
  BOOST_TEST((errors_of("select * from music where true order by title") ==
              Messages{"order by 'title': it is not an attribute, and sorting needs one (add "
                       "'attribute' to its indexing)"}));
  BOOST_TEST((errors_of("select * from music where true order by yeer") ==
              Messages{"order by 'yeer': no such attribute in music; did you mean 'year'?"}));
}

BOOST_AUTO_TEST_CASE(selected_fields_must_exist) {
  BOOST_TEST((errors_of("select title, artst from music where true") ==
              Messages{"select 'artst': no such field in music; did you mean 'artist'?"}));
}

BOOST_AUTO_TEST_CASE(unknown_sources_are_named) {
  BOOST_TEST((errors_of("select * from musik where true") ==
              Messages{"unknown source 'musik': not a document type or content cluster; did you "
                       "mean 'music'?"}));
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_once) {
  BOOST_TEST((errors_of("select * from music where titel contains \"a\" and titel contains \"b\" "
                        "and title > 1 order by title") ==
              Messages{"unknown field 'titel' in music; did you mean 'title'?",
                       "field 'title' is of type string: comparisons and range() need a numeric "
                       "attribute",
                       "order by 'title': it is not an attribute, and sorting needs one (add "
                       "'attribute' to its indexing)"}));
}

BOOST_AUTO_TEST_CASE(the_application_model_names_document_types_and_clusters) {
  auto loaded = config::ApplicationModel::load(std::string(GROVE_SOURCE_DIR) +
                                               "/schemas/music-grouped");
  BOOST_REQUIRE(loaded.ok());
  QueryValidator validator(*loaded.model);
  Result<std::vector<const schema::Schema*>> by_cluster = validator.resolve_sources({"music"});
  BOOST_REQUIRE(by_cluster.ok());
  BOOST_TEST(by_cluster->size() == 1u);
  BOOST_TEST(validator.searchable_names().contains("title"));
  BOOST_TEST(validator.searchable_names().contains("default"));
  Result<Query> q = parse_yql("select * from sources * where titel contains \"x\"", {});
  BOOST_REQUIRE(q.ok());
  std::vector<QueryError> errors = validator.validate(*q);
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message == "unknown field 'titel' in music; did you mean 'title'?");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::query
