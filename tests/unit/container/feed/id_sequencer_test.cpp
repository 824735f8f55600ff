#include "container/feed/id_sequencer.h"

#include <boost/test/unit_test.hpp>

namespace grove::feed {

namespace {

PendingOp op_on(uint8_t id_byte) {
  PendingOp op;
  op.op.gid.bytes[5] = id_byte;
  return op;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(id_sequencer)

BOOST_AUTO_TEST_CASE(the_first_op_on_an_id_is_active_and_later_ones_wait_in_order) {
  IdSequencer sequencer;
  PendingOp a1 = op_on(1), a2 = op_on(1), b1 = op_on(2), a3 = op_on(1);
  BOOST_TEST(sequencer.admit(a1));
  BOOST_TEST(!sequencer.admit(a2));
  BOOST_TEST(sequencer.admit(b1));
  BOOST_TEST(!sequencer.admit(a3));
  BOOST_TEST(sequencer.parked() == 2u);
  BOOST_TEST(sequencer.active() == 2u);

  BOOST_TEST(sequencer.complete(b1) == nullptr);
  BOOST_TEST(sequencer.complete(a1) == &a2);
  BOOST_TEST(sequencer.parked() == 1u);
  BOOST_TEST(sequencer.complete(a2) == &a3);
  BOOST_TEST(sequencer.complete(a3) == nullptr);
  BOOST_TEST(sequencer.parked() == 0u);
  BOOST_TEST(sequencer.active() == 0u);
}

BOOST_AUTO_TEST_CASE(an_id_is_free_again_once_its_chain_is_done) {
  IdSequencer sequencer;
  PendingOp a1 = op_on(1), a2 = op_on(1);
  BOOST_TEST(sequencer.admit(a1));
  BOOST_TEST(sequencer.complete(a1) == nullptr);
  BOOST_TEST(sequencer.admit(a2));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::feed
