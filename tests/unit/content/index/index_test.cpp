#include "content/index/index.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "config-model/schema/schema_parser.h"
#include "content/index/posting_iterator.h"

namespace grove::index {
namespace {

IndexConfig test_config() {
  return IndexConfig::create(
             {{"title", true, 100}, {"body", true, 100}},
             {{"year", AttributeType::kInt},
              {"price", AttributeType::kDouble},
              {"tag", AttributeType::kString},
              {"lid", AttributeType::kLong},
              {"sizes", AttributeType::kInt, AttributeCollection::kArray},
              {"labels", AttributeType::kString, AttributeCollection::kWeightedSet}},
             {{"default", {"title", "body"}}})
      .value();
}

IndexFieldInput field(std::string name, std::vector<std::string> words) {
  IndexFieldInput f{std::move(name), {}};
  for (uint32_t i = 0; i < words.size(); ++i) f.tokens.push_back({words[i], i});
  return f;
}

std::unique_ptr<Index> make_index() {
  return Index::create(test_config()).value();
}

std::vector<RowId> rows_of(const IndexSnapshot& snap, FieldId f, std::string_view term) {
  std::vector<RowId> rows;
  PostingIterator it(snap.lookup(f, term), snap.row_limit());
  for (RowId r = it.row(); r != kEndRow; r = it.next()) rows.push_back(r);
  return rows;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(index)

BOOST_AUTO_TEST_CASE(committed_documents_are_visible_with_frequencies_and_lengths) {
  auto idx = make_index();
  IndexInput in;
  in.fields = {field("title", {"quick", "fox", "quick"}), field("body", {"a", "b"})};
  BOOST_REQUIRE(idx->add(7, in).ok());
  BOOST_TEST(idx->snapshot().row_limit() == 0u);  // nothing before commit
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  BOOST_TEST(snap.row_limit() == 1u);
  BOOST_TEST(snap.active_docs() == 1u);
  PostingIterator it(snap.lookup(0, "quick"), snap.row_limit());
  BOOST_TEST(it.row() == 0u);
  BOOST_TEST(it.tf() == 2u);
  auto pos = it.positions();
  BOOST_TEST(std::vector<uint32_t>(pos.begin(), pos.end()) == std::vector<uint32_t>({0, 2}));
  BOOST_TEST(snap.field_lengths(0)[0] == 3u);
  BOOST_TEST(snap.field_stats(1).average() == 2.0);
  BOOST_TEST(snap.local_doc_id(0) == 7u);
  BOOST_TEST(snap.lookup(0, "missing").count == 0u);
}

BOOST_AUTO_TEST_CASE(field_length_counts_distinct_positions) {
  auto idx = make_index();
  IndexInput in;
  in.fields = {IndexFieldInput{"title", {{"run", 0}, {"running", 0}, {"fast", 1}}}};
  BOOST_REQUIRE(idx->add(1, in).ok());
  idx->commit();
  BOOST_TEST(idx->snapshot().field_lengths(0)[0] == 2u);
}

// Tokens out of position order (a caller other than the document indexer): the field length
// still counts distinct positions and each posting's positions come out sorted.
BOOST_AUTO_TEST_CASE(tokens_in_any_order_give_sorted_positions_and_the_same_length) {
  auto idx = make_index();
  IndexInput in;
  in.fields = {IndexFieldInput{
      "title", {{"fox", 4}, {"the", 2}, {"fox", 1}, {"the", 0}, {"fox", 4}, {"jumps", 3}}}};
  BOOST_REQUIRE(idx->add(1, in).ok());
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  BOOST_TEST(snap.field_lengths(0)[0] == 5u);
  PostingIterator it(snap.lookup(0, "fox"), snap.row_limit());
  BOOST_TEST(it.tf() == 2u);  // position 4 twice counts once
  auto pos = it.positions();
  BOOST_TEST(std::vector<uint32_t>(pos.begin(), pos.end()) == std::vector<uint32_t>({1, 4}));
  PostingIterator the(snap.lookup(0, "the"), snap.row_limit());
  auto the_pos = the.positions();
  BOOST_TEST(std::vector<uint32_t>(the_pos.begin(), the_pos.end()) == std::vector<uint32_t>({0, 2}));
  BOOST_TEST(snap.lookup(0, "jumps").count == 1u);
}

// Many distinct terms per document and many documents: the dictionary grows through several
// rehashes while add() looks terms up with prefetched slots, and every term finds its rows.
BOOST_AUTO_TEST_CASE(every_term_finds_its_rows_across_dictionary_growth) {
  auto idx = make_index();
  constexpr uint32_t kDocs = 200, kTermsPerDoc = 150;
  for (uint32_t d = 0; d < kDocs; ++d) {
    std::vector<std::string> words;
    // Term t is in documents t % 7 == d % 7 (shared ones) plus a term of its own.
    for (uint32_t t = 0; t < kTermsPerDoc; ++t) words.push_back("t" + std::to_string(t * 7 + d % 7));
    words.push_back("own" + std::to_string(d));
    IndexInput in;
    in.fields = {field("body", words)};
    BOOST_REQUIRE(idx->add(d, in).ok());
    if (d % 16 == 0) idx->commit();
  }
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  for (uint32_t d = 0; d < kDocs; d += 37) {
    BOOST_TEST(rows_of(snap, 1, "own" + std::to_string(d)) == std::vector<RowId>({d}));
  }
  const std::vector<RowId> rows = rows_of(snap, 1, "t" + std::to_string(3 * 7 + 5));
  BOOST_TEST(rows.size() == kDocs / 7 + (kDocs % 7 > 5 ? 1 : 0));
  for (RowId r : rows) BOOST_TEST(r % 7 == 5u);
}

BOOST_AUTO_TEST_CASE(an_alternate_active_set_keeps_the_activation_it_started_from) {
  auto idx = make_index();
  IndexInput in;
  in.fields = {field("title", {"song"})};
  BOOST_REQUIRE(idx->add(0, in, true).ok());   // row 0, active
  BOOST_REQUIRE(idx->add(1, in, false).ok());  // row 1, ready only
  idx->commit();
  idx->begin_alternate();
  // The primary set changes: lid 1 activated, lid 0 deactivated (each re-added).
  BOOST_REQUIRE(idx->add(1, in, true, &in, false).ok());  // row 2
  BOOST_REQUIRE(idx->add(0, in, false, &in, true).ok());  // row 3: still active in the alternate
  BOOST_REQUIRE(idx->add(2, in, true, nullptr, true).ok());  // row 4: new, active in both
  idx->commit();
  IndexSnapshot primary = idx->snapshot();
  BOOST_TEST(primary.active_docs() == 2u);
  BOOST_TEST(primary.active().test(2));
  BOOST_TEST(!primary.active().test(3));
  BOOST_TEST(primary.active().test(4));
  IndexSnapshot alternate = idx->snapshot().alternate();
  BOOST_TEST(alternate.active_docs() == 2u);
  BOOST_TEST(!alternate.active().test(0));  // retired rows leave both sets
  BOOST_TEST(!alternate.active().test(2));
  BOOST_TEST(alternate.active().test(3));
  BOOST_TEST(alternate.active().test(4));
  BOOST_TEST(idx->has_alternate());
  idx->end_alternate();
  idx->commit();
  BOOST_TEST(idx->snapshot().alternate().active_docs() == 0u);
  BOOST_TEST(!idx->snapshot().alternate().active().test(4));
  BOOST_TEST(idx->snapshot().active().test(4));
}

BOOST_AUTO_TEST_CASE(re_adding_a_document_replaces_it_at_commit) {
  auto idx = make_index();
  IndexInput v1, v2;
  v1.fields = {field("title", {"old"})};
  v2.fields = {field("title", {"new", "words"})};
  BOOST_REQUIRE(idx->add(3, v1).ok());
  idx->commit();
  BOOST_REQUIRE(idx->add(3, v2).ok());
  {
    IndexSnapshot before = idx->snapshot();
    BOOST_TEST(before.active().test(0));
    BOOST_TEST(before.row_limit() == 1u);
  }
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  BOOST_TEST(snap.active_docs() == 1u);
  BOOST_TEST(!snap.active().test(0));
  BOOST_TEST(snap.active().test(1));
  BOOST_TEST(snap.local_doc_id(1) == 3u);
  BOOST_TEST(snap.field_stats(0).length_sum == 2u);
  // The old postings stay until compaction; queries skip them through the active bits.
  BOOST_TEST(rows_of(snap, 0, "old") == std::vector<RowId>({0}));
}

BOOST_AUTO_TEST_CASE(remove_clears_the_active_bit_at_commit_and_unknown_ids_are_not_found) {
  auto idx = make_index();
  IndexInput in;
  in.fields = {field("body", {"x"})};
  BOOST_REQUIRE(idx->add(0, in).ok());
  BOOST_REQUIRE(idx->add(1, in).ok());
  idx->commit();
  BOOST_REQUIRE(idx->remove(0).ok());
  BOOST_TEST(idx->snapshot().active().test(0));
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  BOOST_TEST(!snap.active().test(0));
  BOOST_TEST(snap.active_docs() == 1u);
  BOOST_TEST(snap.field_stats(1).doc_count == 1u);
  BOOST_TEST(idx->remove(0).code() == StatusCode::kNotFound);
  BOOST_TEST(idx->remove(99).code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_CASE(inactive_rows_are_indexed_but_neither_searched_nor_counted) {
  auto idx = make_index();
  IndexInput searched, ready;
  searched.fields = {field("title", {"fox"})};
  ready.fields = {field("title", {"fox", "quick", "brown"})};
  BOOST_REQUIRE(idx->add(1, searched).ok());
  BOOST_REQUIRE(idx->add(2, ready, /*active=*/false).ok());
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  BOOST_TEST(snap.row_limit() == 2u);
  BOOST_TEST(snap.active_docs() == 1u);
  BOOST_TEST(snap.indexed_docs() == 2u);
  BOOST_TEST(snap.active().test(0));
  BOOST_TEST(!snap.active().test(1));
  // Both rows are in the postings (the replica is ready), only the active one counts.
  BOOST_TEST(rows_of(snap, 0, "fox") == std::vector<RowId>({0, 1}));
  BOOST_TEST(snap.lookup(0, "fox").doc_freq() == 1u);
  BOOST_TEST(snap.lookup(0, "quick").count == 1u);
  BOOST_TEST(snap.lookup(0, "quick").doc_freq() == 0u);
  BOOST_TEST(snap.field_stats(0).length_sum == 1u);
  BOOST_TEST(snap.field_stats(0).doc_count == 1u);
}

BOOST_AUTO_TEST_CASE(replacing_or_removing_with_the_old_input_keeps_document_frequencies_exact) {
  auto idx = make_index();
  IndexInput v1, v2, other;
  v1.fields = {field("title", {"fox", "quick", "fox"})};
  v2.fields = {field("title", {"fox", "lazy"})};
  other.fields = {field("title", {"fox"})};
  BOOST_REQUIRE(idx->add(1, v1).ok());
  BOOST_REQUIRE(idx->add(2, other).ok());
  idx->commit();
  BOOST_TEST(idx->snapshot().lookup(0, "fox").doc_freq() == 2u);
  BOOST_REQUIRE(idx->add(1, v2, true, &v1).ok());  // the same document, fed again changed
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  BOOST_TEST(snap.lookup(0, "fox").doc_freq() == 2u);  // not 3: the replaced row left
  BOOST_TEST(snap.lookup(0, "quick").doc_freq() == 0u);
  BOOST_TEST(snap.lookup(0, "lazy").doc_freq() == 1u);
  BOOST_REQUIRE(idx->remove(1, &v2).ok());
  idx->commit();
  IndexSnapshot after = idx->snapshot();
  BOOST_TEST(after.lookup(0, "fox").doc_freq() == 1u);
  BOOST_TEST(after.lookup(0, "lazy").doc_freq() == 0u);
  BOOST_TEST(after.active_docs() == 1u);
  // Without the old input the retired postings keep counting (documented), never below zero.
  BOOST_REQUIRE(idx->add(2, other).ok());
  idx->commit();
  BOOST_TEST(idx->snapshot().lookup(0, "fox").doc_freq() == 2u);
}

BOOST_AUTO_TEST_CASE(removing_an_inactive_row_leaves_the_active_statistics_alone) {
  auto idx = make_index();
  IndexInput one, three;
  one.fields = {field("body", {"a"})};
  three.fields = {field("body", {"a", "b", "c"})};
  BOOST_REQUIRE(idx->add(1, one).ok());
  BOOST_REQUIRE(idx->add(2, three, false).ok());
  idx->commit();
  BOOST_REQUIRE(idx->remove(2).ok());
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  BOOST_TEST(snap.active_docs() == 1u);
  BOOST_TEST(snap.indexed_docs() == 1u);
  BOOST_TEST(snap.field_stats(1).length_sum == 1u);
  BOOST_TEST(snap.field_stats(1).doc_count == 1u);
  BOOST_REQUIRE(idx->remove(1).ok());
  idx->commit();
  IndexSnapshot empty = idx->snapshot();
  BOOST_TEST(empty.active_docs() == 0u);
  BOOST_TEST(empty.field_stats(1).length_sum == 0u);
  BOOST_TEST(empty.field_stats(1).doc_count == 0u);
}

BOOST_AUTO_TEST_CASE(adding_an_inactive_document_again_as_active_makes_it_counted) {
  auto idx = make_index();
  IndexInput in;
  in.fields = {field("title", {"x", "y"})};
  BOOST_REQUIRE(idx->add(5, in, false).ok());
  idx->commit();
  BOOST_TEST(idx->snapshot().active_docs() == 0u);
  BOOST_REQUIRE(idx->add(5, in, true).ok());
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  BOOST_TEST(snap.active_docs() == 1u);
  BOOST_TEST(snap.field_stats(0).length_sum == 2u);
  BOOST_TEST(snap.lookup(0, "x").doc_freq() == 1u);
  BOOST_TEST(rows_of(snap, 0, "x") == std::vector<RowId>({0, 1}));
  BOOST_TEST(snap.active().test(1));
  BOOST_TEST(!snap.active().test(0));
  // And back: the active version is retired, the inactive one is not counted.
  BOOST_REQUIRE(idx->add(5, in, false).ok());
  idx->commit();
  BOOST_TEST(idx->snapshot().active_docs() == 0u);
  BOOST_TEST(idx->snapshot().field_stats(0).length_sum == 0u);
}

BOOST_AUTO_TEST_CASE(an_inactive_row_far_beyond_the_active_ones_has_a_clear_bit) {
  auto idx = make_index();
  IndexInput in;
  in.fields = {field("body", {"z"})};
  for (LocalDocId d = 0; d < 200; ++d) BOOST_REQUIRE(idx->add(d, in, d == 0).ok());
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  BOOST_TEST(snap.active_docs() == 1u);
  for (RowId r = 1; r < 200; ++r) BOOST_TEST_REQUIRE(!snap.active().test(r));
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_naming_the_field_and_changes_nothing) {
  auto idx = make_index();
  IndexInput in;
  in.fields = {field("nope", {"x"})};
  Status s = idx->add(0, in);
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(s.message().find("'nope'") != std::string::npos);
  IndexInput typed;
  typed.fields = {field("title", {"x"})};
  typed.attributes = {{"year", std::string("1999")}};
  s = idx->add(0, typed);
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(s.message().find("'year'") != std::string::npos);
  IndexInput overflow;
  overflow.attributes = {{"year", int64_t{1} << 40}};
  BOOST_TEST(idx->add(0, overflow).code() == StatusCode::kInvalidArgument);
  idx->commit();
  BOOST_TEST(idx->snapshot().row_limit() == 0u);
  BOOST_TEST(!idx->contains(0));
}

BOOST_AUTO_TEST_CASE(attributes_store_typed_values_and_missing_values) {
  auto idx = make_index();
  IndexInput a;
  a.attributes = {{"year", int64_t{2001}},
                  {"price", 9.5},
                  {"tag", std::string("red")},
                  {"sizes", std::vector<int64_t>{3, 1, 2}},
                  {"labels", WeightedStrings{{"x", 10}, {"y", -2}}}};
  BOOST_REQUIRE(idx->add(0, a).ok());
  BOOST_REQUIRE(idx->add(1, IndexInput{}).ok());
  idx->commit();
  IndexSnapshot snap = idx->snapshot();
  const IndexConfig& c = snap.config();
  AttributeView year = snap.attribute(*c.find_attribute("year"));
  BOOST_TEST(year.as<int32_t>()[0] == 2001);
  BOOST_TEST(is_undefined(year.as<int32_t>()[1]));
  BOOST_TEST(year.number(1) == 0.0);
  AttributeView price = snap.attribute(*c.find_attribute("price"));
  BOOST_TEST(price.number(0) == 9.5);
  BOOST_TEST(std::isnan(price.as<double>()[1]));
  AttributeView tag = snap.attribute(*c.find_attribute("tag"));
  BOOST_TEST(tag.text(0) == "red");
  BOOST_TEST(tag.text(1) == "");
  AttributeView sizes = snap.attribute(*c.find_attribute("sizes"));
  BOOST_TEST(sizes.offsets[1] - sizes.offsets[0] == 3u);
  BOOST_TEST(sizes.as<int32_t>()[sizes.offsets[0] + 2] == 2);
  BOOST_TEST(sizes.offsets[2] == sizes.offsets[1]);
  AttributeView labels = snap.attribute(*c.find_attribute("labels"));
  BOOST_TEST(labels.text_of(labels.as<uint32_t>()[1]) == "y");
  BOOST_TEST(labels.weights[1] == -2);
}

BOOST_AUTO_TEST_CASE(config_from_schema_keeps_index_fields_attributes_and_fieldsets) {
  const char* sd = R"(schema doc {
    document doc {
      field title type string { indexing: summary | index }
      field year type int { indexing: summary | attribute }
      field tags type array<string> { indexing: attribute | index }
    }
    fieldset default { fields: title, tags }
  })";
  schema::ParseOutput out = schema::parse_schema(sd, "doc.sd");
  BOOST_REQUIRE(out.ok());
  Result<IndexConfig> c = IndexConfig::from_schema(*out.schema);
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c->index_fields().size() == 2u);
  BOOST_TEST(c->find_attribute("year").has_value());
  BOOST_TEST(c->find_attribute("tags").has_value());
  BOOST_TEST(
      (c->attributes()[*c->find_attribute("tags")].collection == AttributeCollection::kArray));
  BOOST_TEST(c->find_fieldset("default")->fields.size() == 2u);
}

BOOST_AUTO_TEST_CASE(shrink_to_fit_keeps_contents_and_frees_after_reclaim) {
  auto idx = make_index();
  for (LocalDocId d = 0; d < 300; ++d) {
    IndexInput in;
    in.fields = {field("body", {"common", "w" + std::to_string(d % 17)})};
    BOOST_REQUIRE(idx->add(d, in).ok());
  }
  idx->commit();
  const size_t before = idx->memory_usage().total();
  idx->shrink_to_fit();
  idx->commit();
  BOOST_TEST(idx->held_bytes() == 0u);
  BOOST_TEST(idx->memory_usage().total() <= before);
  IndexSnapshot snap = idx->snapshot();
  BOOST_TEST(rows_of(snap, 1, "common").size() == 300u);
  BOOST_TEST(idx->memory_usage().postings == 600u);
}

BOOST_AUTO_TEST_CASE(readers_concurrent_with_a_writer_see_consistent_rows) {
  auto idx = make_index();
  const AttributeId lid_attr = *idx->config().find_attribute("lid");
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> checked{0};
  std::atomic<bool> failed{false};
  std::thread reader([&] {
    while (!stop.load()) {
      IndexSnapshot snap = idx->snapshot();
      AttributeView lids = snap.attribute(lid_attr);
      ActiveBitsView active = snap.active();
      PostingIterator it(snap.lookup(1, "common"), snap.row_limit());
      RowId prev = kEndRow;
      uint64_t active_seen = 0;
      for (RowId r = it.row(); r != kEndRow; r = it.next()) {
        bool ok = r < snap.row_limit() && (prev == kEndRow || r > prev) &&
                  lids.as<int64_t>()[r] == snap.local_doc_id(r);
        if (!ok) failed = true;
        active_seen += active.test(r) ? 1 : 0;
        prev = r;
      }
      if (active_seen > snap.row_limit()) failed = true;
      checked.fetch_add(1);
    }
  });
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(400);
  uint32_t n = 0;
  while (std::chrono::steady_clock::now() < end && n < 200000) {
    IndexInput in;
    const LocalDocId lid = n % 5000;
    in.fields = {field("body", {"common", "t" + std::to_string(n % 1000)})};
    in.attributes = {{"lid", int64_t{lid}}};
    BOOST_REQUIRE(idx->add(lid, in).ok());
    if (n % 7 == 3 && idx->contains((n * 13) % 5000))
      BOOST_REQUIRE(idx->remove((n * 13) % 5000).ok());
    if (n % 50 == 0) idx->commit();
    ++n;
  }
  idx->commit();
  stop = true;
  reader.join();
  BOOST_TEST(!failed.load());
  BOOST_TEST(checked.load() > 0u);
  BOOST_TEST_MESSAGE("writer ops " << n << ", reader passes " << checked.load());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::index
