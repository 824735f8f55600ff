#include "config-model/model/document_types.h"

#include <boost/test/unit_test.hpp>

#include "config-model/schema/schema_parser.h"

namespace grove::config {

namespace {

schema::Schema parse(std::string_view text) {
  auto out = schema::parse_schema(text, "t.sd");
  BOOST_REQUIRE_MESSAGE(out.ok(), (out.diagnostics.empty() ? "" : out.diagnostics[0].to_string()));
  return *out.schema;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_types)

BOOST_AUTO_TEST_CASE(document_fields_become_typed_fields_with_stable_ids) {
  auto schema = parse(R"(schema t { document t {
      field title type string { indexing: summary | index }
      field year type int { indexing: attribute }
      field tags type weightedset<string> { indexing: attribute }
      field scores type array<double> { indexing: summary }
    }
    field title_copy type string { indexing: input title | index }
  })");
  auto type = to_document_type(schema);
  BOOST_REQUIRE(type.ok());
  BOOST_TEST(type->name() == "t");
  BOOST_TEST(type->fields().size() == 4u);  // the synthetic field is not part of the document
  const auto* year = type->find("year");
  BOOST_REQUIRE(year != nullptr);
  BOOST_TEST((year->type.element == document::ValueType::kInt));
  BOOST_TEST(year->id == document::stable_field_id("year"));
  BOOST_TEST((type->find("tags")->type.collection == document::ValueType::kWeightedSet));
  BOOST_TEST((type->find("scores")->type.collection == document::ValueType::kArray));
  BOOST_TEST(type->find("title_copy") == nullptr);
}

BOOST_AUTO_TEST_CASE(every_sample_package_converts) {
  auto loaded = ApplicationModel::load(std::string(GROVE_SOURCE_DIR) + "/schemas/music-grouped");
  BOOST_REQUIRE(loaded.ok());
  auto repo = make_document_type_repo(*loaded.model);
  BOOST_REQUIRE(repo.ok());
  BOOST_TEST(repo->find("music") != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::config
