#include "content/index/posting_list.h"

#include <boost/test/unit_test.hpp>

#include <random>
#include <vector>

#include "content/index/posting_iterator.h"
#include "content/index/varint.h"

namespace grove::index {
namespace {

struct Posting {
  RowId row;
  uint32_t tf;
  std::vector<uint32_t> positions;
};

// Field lengths for any row the tests use.
const uint32_t* lengths() {
  static const std::vector<uint32_t> kLengths(4000000, 10);
  return kLengths.data();
}

// Appends `n` postings with random gaps, frequencies and positions; returns what it wrote.
std::vector<Posting> fill(PostingList& list, GenerationHolder& holder, uint32_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Posting> out;
  RowId row = rng() % 3;
  for (uint32_t i = 0; i < n; ++i) {
    Posting p{row, 1 + static_cast<uint32_t>(rng() % 4), {}};
    uint32_t pos = rng() % 5;
    for (uint32_t k = 0; k < p.tf; ++k, pos += 1 + rng() % 300) p.positions.push_back(pos);
    list.append(p.row, p.tf, p.positions, lengths(), holder);
    out.push_back(p);
    row += 1 + (rng() % 4 == 0 ? rng() % 3000 : rng() % 5);
  }
  return out;
}

struct Fixture {
  GenerationHandler handler;
  GenerationHolder holder{handler};
  PostingList list;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(posting_list)

BOOST_FIXTURE_TEST_CASE(iteration_returns_every_posting_with_its_frequency_and_positions, Fixture) {
  std::vector<Posting> expected = fill(list, holder, 1000, 7);
  list.publish();
  PostingIterator it(list.view(), kEndRow);
  for (const Posting& p : expected) {
    BOOST_REQUIRE_EQUAL(it.row(), p.row);
    BOOST_REQUIRE_EQUAL(it.tf(), p.tf);
    auto pos = it.positions();
    BOOST_REQUIRE(std::vector<uint32_t>(pos.begin(), pos.end()) == p.positions);
    it.next();
  }
  BOOST_TEST(it.row() == kEndRow);
}

BOOST_FIXTURE_TEST_CASE(seek_lands_on_the_first_row_at_or_after_the_target, Fixture) {
  std::vector<Posting> expected = fill(list, holder, 3000, 11);
  list.publish();
  std::mt19937 rng(3);
  for (int round = 0; round < 50; ++round) {
    PostingIterator it(list.view(), kEndRow);
    RowId target = 0;
    for (;;) {
      target += rng() % 20000;
      auto want = std::lower_bound(expected.begin(), expected.end(), target,
                                   [](const Posting& p, RowId t) { return p.row < t; });
      RowId got = it.seek(target);
      if (want == expected.end()) {
        BOOST_REQUIRE_EQUAL(got, kEndRow);
        break;
      }
      BOOST_REQUIRE_EQUAL(got, want->row);
      BOOST_REQUIRE_EQUAL(it.tf(), want->tf);
      if (rng() % 3 == 0) {
        auto pos = it.positions();
        BOOST_REQUIRE(std::vector<uint32_t>(pos.begin(), pos.end()) == want->positions);
      }
    }
  }
}

BOOST_FIXTURE_TEST_CASE(unpublished_postings_are_invisible, Fixture) {
  fill(list, holder, 200, 5);
  BOOST_TEST(list.view().count == 0u);
  list.publish();
  BOOST_TEST(list.view().count == 200u);
}

BOOST_FIXTURE_TEST_CASE(rows_at_or_beyond_the_row_limit_count_as_the_end, Fixture) {
  for (RowId r : {1u, 5u, 9u, 300u}) {
    const uint32_t pos[] = {0};
    list.append(r, 1, pos, lengths(), holder);
  }
  list.publish();
  PostingIterator it(list.view(), 9);
  BOOST_TEST(it.row() == 1u);
  BOOST_TEST(it.next() == 5u);
  BOOST_TEST(it.next() == kEndRow);
  PostingIterator it2(list.view(), 301);
  BOOST_TEST(it2.seek(6) == 9u);
  BOOST_TEST(it2.seek(10) == 300u);
}

BOOST_FIXTURE_TEST_CASE(block_impacts_bound_every_posting_in_the_block, Fixture) {
  std::mt19937 rng(9);
  std::vector<uint32_t> tfs;
  std::vector<uint32_t> lens;
  for (RowId r = 0; r < 1000; ++r) {
    tfs.push_back(1 + rng() % 9);
    lens.push_back(5 + rng() % 100);
    list.append(r, tfs.back(), {}, lens.data(), holder);
  }
  list.publish();
  PostingIterator it(list.view(), kEndRow);
  for (RowId r = it.row(); r != kEndRow; r = it.next()) {
    BOOST_REQUIRE(it.block_last_row() >= r);
    bool covered = false;
    for (const Impact& i : it.block_impacts()) covered |= i.tf >= tfs[r] && i.length <= lens[r];
    BOOST_REQUIRE(covered);
  }
}

BOOST_AUTO_TEST_CASE(impacts_keep_the_pareto_frontier_when_it_is_small) {
  const uint32_t tfs[] = {1, 3, 2, 3, 1, 5};
  const uint32_t lens[] = {4, 10, 6, 12, 2, 40};
  Impact out[kImpactsPerBlock];
  compute_impacts(tfs, lens, 6, out);
  // Frontier by descending tf: (5,40) (3,10) (2,6) (1,2).
  BOOST_TEST(out[0].tf == 5);
  BOOST_TEST(out[0].length == 40);
  BOOST_TEST(out[1].tf == 3);
  BOOST_TEST(out[1].length == 10);
  BOOST_TEST(out[3].tf == 1);
  BOOST_TEST(out[3].length == 2);
}

BOOST_FIXTURE_TEST_CASE(growth_keeps_old_buffers_until_reclaimed, Fixture) {
  fill(list, holder, 500, 1);
  BOOST_TEST(holder.held_bytes() > 0u);
  handler.bump();
  holder.reclaim();
  BOOST_TEST(holder.held_bytes() == 0u);
}

BOOST_AUTO_TEST_CASE(skipping_varints_in_words_lands_after_the_nth_value) {
  std::mt19937 rng(17);
  std::vector<uint8_t> bytes(4000);
  std::vector<const uint8_t*> starts;
  uint8_t* out = bytes.data();
  for (int i = 0; i < 500; ++i) {
    starts.push_back(out);
    out = write_varint(out, rng() % 3 == 0 ? rng() : rng() % 200);
  }
  starts.push_back(out);
  for (uint32_t from = 0; from < 480; from += 7) {
    for (uint32_t n : {0u, 1u, 5u, 8u, 9u, 16u, 19u}) {
      const uint8_t* p = starts[from];
      skip_varints(p, n, out);
      BOOST_REQUIRE(p == starts[from + n]);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::index
