// config-model/deploy/generation_store: put, activate, get, list and prune, across reopens, with
// its limits and its damaged-file errors.

#include "config-model/deploy/generation_store.h"

#include <lmdb.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "tests/unit/config-model/deploy/deploy_test_support.h"

namespace grove::deploy::test {
namespace {

GenerationStoreOptions options_with(const ManualClock& clock, uint64_t max_generations = 10) {
  GenerationStoreOptions options;
  options.clock = &clock;
  options.max_generations = max_generations;
  options.map_size_bytes = 64ull << 20;
  return options;
}

NewGeneration generation(const std::string& tag) {
  NewGeneration g;
  g.content_type = "application/zip";
  g.package = "PK\x03\x04 package " + tag;
  g.config_json = "{\"config\":\"" + tag + "\"}";
  g.summary_json = "{\"summary\":\"" + tag + "\"}";
  return g;
}

std::vector<uint64_t> numbers_of(const std::vector<GenerationInfo>& infos) {
  std::vector<uint64_t> out;
  for (const GenerationInfo& info : infos) out.push_back(info.number);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(generation_store)

BOOST_AUTO_TEST_CASE(generations_are_numbered_from_one_and_read_back_whole) {
  TempDir dir;
  ManualClock clock;
  auto store = must(GenerationStore::open(dir.str(), options_with(clock)));
  BOOST_TEST(must(store->next_number()) == 1u);
  BOOST_TEST(!must(store->active()).has_value());
  BOOST_TEST(must(store->put(generation("a"))) == 1u);
  clock.advance(std::chrono::seconds(5));
  BOOST_TEST(must(store->put(generation("b"))) == 2u);
  BOOST_TEST(must(store->next_number()) == 3u);

  Generation two = must(store->get(2));
  BOOST_TEST(two.info.number == 2u);
  BOOST_TEST(two.info.created_us == clock.wall_us());
  BOOST_TEST(two.info.content_type == "application/zip");
  BOOST_TEST(two.package == generation("b").package);
  BOOST_TEST(two.config_json == "{\"config\":\"b\"}");
  BOOST_TEST(two.summary_json == "{\"summary\":\"b\"}");
  BOOST_TEST(two.info.package_bytes == two.package.size());

  std::vector<GenerationInfo> all = must(store->list());
  BOOST_TEST((numbers_of(all) == std::vector<uint64_t>{1, 2}));
  BOOST_TEST(all[1].created_us - all[0].created_us == 5'000'000);
}

BOOST_AUTO_TEST_CASE(a_reopened_store_serves_the_same) {
  TempDir dir;
  ManualClock clock;
  std::vector<GenerationInfo> before;
  {
    auto store = must(GenerationStore::open(dir.str(), options_with(clock)));
    for (const char* tag : {"a", "b", "c"}) (void)must(store->put(generation(tag)));
    must(store->activate(2));
    before = must(store->list());
  }
  auto store = must(GenerationStore::open(dir.str(), options_with(clock)));
  BOOST_TEST((must(store->list()) == before));
  BOOST_TEST((must(store->active()) == std::optional<uint64_t>(2)));
  BOOST_TEST(must(store->get(3)).config_json == "{\"config\":\"c\"}");
  BOOST_TEST(must(store->next_number()) == 4u);
}

BOOST_AUTO_TEST_CASE(activating_a_missing_generation_is_not_found) {
  TempDir dir;
  ManualClock clock;
  auto store = must(GenerationStore::open(dir.str(), options_with(clock)));
  (void)must(store->put(generation("a")));
  Status s = store->activate(7);
  BOOST_TEST(s.code() == StatusCode::kNotFound);
  BOOST_TEST(contains(s.message(), "generation 7 is not in the generation store at " + dir.str()), s.message());
  BOOST_TEST(!must(store->active()).has_value(), "a failed activate changes nothing");
  BOOST_TEST(failure(store->get(7)).code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_CASE(prune_keeps_the_newest_and_the_active_and_never_reuses_numbers) {
  TempDir dir;
  ManualClock clock;
  auto store = must(GenerationStore::open(dir.str(), options_with(clock, 3)));
  for (int i = 0; i < 6; ++i) (void)must(store->put(generation(std::to_string(i))));
  must(store->activate(2));
  BOOST_TEST((must(store->prune()) == std::vector<uint64_t>{1, 3}));
  BOOST_TEST((numbers_of(must(store->list())) == std::vector<uint64_t>{2, 4, 5, 6}));
  BOOST_TEST(must(store->get(2)).package == generation("1").package, "the active one is whole");
  BOOST_TEST(failure(store->get(1)).code() == StatusCode::kNotFound);
  BOOST_TEST(must(store->prune()).empty(), "pruning again removes nothing");

  must(store->activate(6));
  BOOST_TEST((must(store->prune()) == std::vector<uint64_t>{2}));
  BOOST_TEST(must(store->put(generation("next"))) == 7u);
}

BOOST_AUTO_TEST_CASE(prune_removes_everything_but_the_newest_when_nothing_is_active) {
  TempDir dir;
  ManualClock clock;
  auto store = must(GenerationStore::open(dir.str(), options_with(clock, 1)));
  for (int i = 0; i < 3; ++i) (void)must(store->put(generation(std::to_string(i))));
  BOOST_TEST((must(store->prune()) == std::vector<uint64_t>{1, 2}));
  BOOST_TEST((numbers_of(must(store->list())) == std::vector<uint64_t>{3}));
}

BOOST_AUTO_TEST_CASE(an_expected_number_that_is_taken_is_refused) {
  TempDir dir;
  ManualClock clock;
  auto store = must(GenerationStore::open(dir.str(), options_with(clock)));
  NewGeneration g = generation("a");
  g.expected_number = 1;
  BOOST_TEST(must(store->put(g)) == 1u);
  Status s = failure(store->put(g));
  BOOST_TEST(contains(s.message(), "generation 1 was expected, but the next generation is 2"), s.message());
  BOOST_TEST(must(store->list()).size() == 1u);
}

BOOST_AUTO_TEST_CASE(parts_over_their_limits_are_refused_naming_the_limit) {
  TempDir dir;
  ManualClock clock;
  GenerationStoreOptions options = options_with(clock);
  options.max_package_bytes = 10;
  options.max_summary_bytes = 5;
  auto store = must(GenerationStore::open(dir.str(), options));
  Status big = failure(store->put(generation("a")));
  BOOST_TEST(big.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(big.message(), "more than the 10 a generation may have (max_package_bytes)"),
             big.message());
  NewGeneration g = generation("a");
  g.package = "small";
  BOOST_TEST(contains(failure(store->put(g)).message(), "(max_summary_bytes)"));
  BOOST_TEST(must(store->next_number()) == 1u, "nothing was stored");
}

BOOST_AUTO_TEST_CASE(a_full_map_is_resource_exhausted_and_stores_nothing) {
  TempDir dir;
  ManualClock clock;
  GenerationStoreOptions options = options_with(clock);
  options.map_size_bytes = 1ull << 20;
  auto store = must(GenerationStore::open(dir.str(), options));
  NewGeneration g = generation("a");
  g.package = std::string(2u << 20, 'p');
  Status s = failure(store->put(g));
  BOOST_TEST(s.code() == StatusCode::kResourceExhausted, s.to_string());
  BOOST_TEST(contains(s.message(), "storing generation 1"), s.message());
  BOOST_TEST(must(store->list()).empty());
}

BOOST_AUTO_TEST_CASE(a_store_open_twice_in_one_process_is_refused) {
  TempDir dir;
  ManualClock clock;
  auto store = must(GenerationStore::open(dir.str(), options_with(clock)));
  Status s = failure(GenerationStore::open(dir.str(), options_with(clock)));
  BOOST_TEST(contains(s.message(), "generation store at " + dir.str() + " is already open"), s.message());
  BOOST_TEST(failure(GenerationStore::open(dir.sub("other"), options_with(clock, 0))).code() ==
             StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(a_newer_format_and_a_damaged_record_are_named) {
  TempDir dir;
  ManualClock clock;
  { auto store = must(GenerationStore::open(dir.str(), options_with(clock))); (void)must(store->put(generation("a"))); }
  // Write a newer format version and a short record straight into the environment.
  MDB_env* env = nullptr;
  BOOST_REQUIRE(mdb_env_create(&env) == 0);
  mdb_env_set_maxdbs(env, 3);
  BOOST_REQUIRE(mdb_env_open(env, dir.str().c_str(), 0, 0644) == 0);
  MDB_txn* txn = nullptr;
  MDB_dbi meta, generations;
  BOOST_REQUIRE(mdb_txn_begin(env, nullptr, 0, &txn) == 0);
  BOOST_REQUIRE(mdb_dbi_open(txn, "meta", 0, &meta) == 0);
  BOOST_REQUIRE(mdb_dbi_open(txn, "generations", 0, &generations) == 0);
  uint8_t key1[8] = {0, 0, 0, 0, 0, 0, 0, 1};
  MDB_val k{8, key1}, v{3, const_cast<char*>("bad")};
  BOOST_REQUIRE(mdb_put(txn, generations, &k, &v, 0) == 0);
  BOOST_REQUIRE(mdb_txn_commit(txn) == 0);
  mdb_env_close(env);
  {
    auto store = must(GenerationStore::open(dir.str(), options_with(clock)));
    Status s = failure(store->list());
    BOOST_TEST(s.code() == StatusCode::kCorruption);
    BOOST_TEST(contains(s.message(), "generation 1 in the generation store at"), s.message());
  }
  BOOST_REQUIRE(mdb_env_create(&env) == 0);
  mdb_env_set_maxdbs(env, 3);
  BOOST_REQUIRE(mdb_env_open(env, dir.str().c_str(), 0, 0644) == 0);
  BOOST_REQUIRE(mdb_txn_begin(env, nullptr, 0, &txn) == 0);
  BOOST_REQUIRE(mdb_dbi_open(txn, "meta", 0, &meta) == 0);
  uint8_t version[4] = {9, 0, 0, 0};
  MDB_val fk{14, const_cast<char*>("format_version")}, fv{4, version};
  BOOST_REQUIRE(mdb_put(txn, meta, &fk, &fv, 0) == 0);
  BOOST_REQUIRE(mdb_txn_commit(txn) == 0);
  mdb_env_close(env);
  Status newer = failure(GenerationStore::open(dir.str(), options_with(clock)));
  BOOST_TEST(contains(newer.message(), "format version 9, newer than version 1"), newer.message());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::deploy::test
