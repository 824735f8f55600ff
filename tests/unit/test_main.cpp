// The one main() shared by every Grove unit-test executable.
#define BOOST_TEST_MODULE grove
#include <boost/test/unit_test.hpp>
