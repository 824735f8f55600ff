#include "content/index/generation_handler.h"

#include <boost/test/unit_test.hpp>

#include "content/index/generation_holder.h"

namespace grove::index {

BOOST_AUTO_TEST_SUITE(generation_handler)

BOOST_AUTO_TEST_CASE(generation_guard_delays_reclamation) {
  GenerationHandler handler;
  GenerationHolder holder(handler);
  GenerationHandler::Guard guard = handler.take_guard();  // a query started in generation 0
  holder.hold(OwnedMemory::allocate(100));                // retired while it runs
  handler.bump();
  BOOST_TEST(holder.reclaim() == 0u);
  BOOST_TEST(holder.held_bytes() == 100u);
  holder.hold(OwnedMemory::allocate(50));  // retired in generation 1
  handler.bump();
  BOOST_TEST(holder.reclaim() == 0u);  // the old guard still pins everything after it
  guard = GenerationHandler::Guard();
  BOOST_TEST(holder.reclaim() == 150u);
  BOOST_TEST(holder.held_bytes() == 0u);
}

BOOST_AUTO_TEST_CASE(a_guard_taken_after_the_bump_does_not_delay_older_memory) {
  GenerationHandler handler;
  GenerationHolder holder(handler);
  holder.hold(OwnedMemory::allocate(64));
  handler.bump();
  GenerationHandler::Guard guard = handler.take_guard();
  BOOST_TEST(guard.generation() == 1u);
  BOOST_TEST(holder.reclaim() == 64u);
}

BOOST_AUTO_TEST_CASE(memory_retired_in_the_current_generation_waits_for_a_bump) {
  GenerationHandler handler;
  GenerationHolder holder(handler);
  holder.hold(OwnedMemory::allocate(8));
  BOOST_TEST(holder.reclaim() == 0u);
  handler.bump();
  BOOST_TEST(holder.reclaim() == 8u);
}

BOOST_AUTO_TEST_CASE(guards_many_generations_apart_are_still_respected) {
  GenerationHandler handler;
  GenerationHolder holder(handler);
  GenerationHandler::Guard old_guard = handler.take_guard();
  for (size_t i = 0; i < 3 * GenerationHandler::kSlots; ++i) {
    holder.hold(OwnedMemory::allocate(1));
    handler.bump();
    holder.reclaim();
  }
  BOOST_TEST(holder.held_bytes() == 3 * GenerationHandler::kSlots);
  BOOST_TEST(handler.guard_count() == 1u);
  old_guard = GenerationHandler::Guard();
  holder.reclaim();
  BOOST_TEST(holder.held_bytes() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::index
