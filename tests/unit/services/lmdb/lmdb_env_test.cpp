// services/lmdb: environments with named databases, transactions, cursors and the status codes.

#include "services/lmdb/lmdb_env.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace grove::lmdb {
namespace {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("grove-lmdb-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

LmdbEnvOptions options_at(const std::string& path) {
  LmdbEnvOptions options;
  options.path = path;
  options.map_size = 16ull << 20;
  options.databases = {"first", "second"};
  options.kind = "test store";
  return options;
}

template <typename T>
T must(Result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return std::move(r).value();
}

void must(const Status& s) { BOOST_REQUIRE_MESSAGE(s.ok(), s.to_string()); }

std::string text_of(LmdbBytes bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lmdb_env)

BOOST_AUTO_TEST_CASE(committed_values_survive_a_reopen_in_their_own_database) {
  TempDir dir;
  {
    auto env = must(LmdbEnv::open(options_at(dir.str())));
    LmdbTxn txn = must(LmdbTxn::begin_write(*env));
    must(txn.put(env->dbi(0), bytes_of("k"), bytes_of("in first"), "put"));
    must(txn.put(env->dbi(1), bytes_of("k"), bytes_of("in second"), "put"));
    must(txn.commit("commit"));
  }
  auto env = must(LmdbEnv::open(options_at(dir.str())));
  LmdbTxn txn = must(LmdbTxn::begin_read(*env));
  auto first = must(txn.find(env->dbi(0), bytes_of("k")));
  auto second = must(txn.find(env->dbi(1), bytes_of("k")));
  BOOST_REQUIRE(first.has_value());
  BOOST_REQUIRE(second.has_value());
  BOOST_TEST(text_of(*first) == "in first");
  BOOST_TEST(text_of(*second) == "in second");
  BOOST_TEST(!must(txn.find(env->dbi(0), bytes_of("absent"))).has_value());
}

BOOST_AUTO_TEST_CASE(an_aborted_transaction_leaves_nothing) {
  TempDir dir;
  auto env = must(LmdbEnv::open(options_at(dir.str())));
  {
    LmdbTxn txn = must(LmdbTxn::begin_write(*env));
    must(txn.put(env->dbi(0), bytes_of("k"), bytes_of("v"), "put"));
  }  // destroyed without commit
  LmdbTxn txn = must(LmdbTxn::begin_read(*env));
  BOOST_TEST(!must(txn.find(env->dbi(0), bytes_of("k"))).has_value());
}

BOOST_AUTO_TEST_CASE(cursors_walk_both_ways_and_erase) {
  TempDir dir;
  auto env = must(LmdbEnv::open(options_at(dir.str())));
  LmdbTxn txn = must(LmdbTxn::begin_write(*env));
  for (std::string k : {"a", "b", "c"}) must(txn.put(env->dbi(0), bytes_of(k), bytes_of(k), "put"));
  LmdbCursor cursor = must(LmdbCursor::open(txn, env->dbi(0)));
  std::string backwards;
  for (bool more = must(cursor.last()); more; more = must(cursor.prev())) {
    backwards += text_of(cursor.key());
  }
  BOOST_TEST(backwards == "cba");
  BOOST_REQUIRE(must(cursor.seek(bytes_of("b"))));
  must(cursor.erase());
  std::string forwards;
  for (bool more = must(cursor.first()); more; more = must(cursor.next())) {
    forwards += text_of(cursor.key());
  }
  BOOST_TEST(forwards == "ac");
  must(txn.erase(env->dbi(0), bytes_of("absent"), "erasing an absent key is fine"));
}

BOOST_AUTO_TEST_CASE(opening_one_environment_twice_in_a_process_is_refused) {
  TempDir dir;
  auto env = must(LmdbEnv::open(options_at(dir.str())));
  auto twice = LmdbEnv::open(options_at(dir.str()));
  BOOST_REQUIRE(!twice.ok());
  BOOST_TEST(twice.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(twice.status().message().find("test store at " + dir.str() + " is already open") !=
                 std::string::npos,
             twice.status().message());
  env.reset();
  BOOST_TEST(LmdbEnv::open(options_at(dir.str())).ok());  // closed: may open again
}

BOOST_AUTO_TEST_CASE(a_damaged_file_is_corruption_naming_the_path) {
  TempDir dir;
  std::filesystem::create_directories(dir.str());
  std::ofstream(dir.str() + "/data.mdb") << std::string(8192, 'x');
  auto env = LmdbEnv::open(options_at(dir.str()));
  BOOST_REQUIRE(!env.ok());
  BOOST_TEST(env.status().code() == StatusCode::kCorruption, env.status().to_string());
  BOOST_TEST(env.status().message().find(dir.str()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_full_map_is_resource_exhausted) {
  TempDir dir;
  LmdbEnvOptions options = options_at(dir.str());
  options.map_size = 1ull << 20;
  auto env = must(LmdbEnv::open(options));
  LmdbTxn txn = must(LmdbTxn::begin_write(*env));
  std::string big(2u << 20, 'z');
  Status s = txn.put(env->dbi(0), bytes_of("big"), bytes_of(big), "writing 2 MiB");
  BOOST_TEST(s.code() == StatusCode::kResourceExhausted, s.to_string());
  BOOST_TEST(s.message().find("writing 2 MiB: MDB_MAP_FULL") != std::string::npos, s.message());
}

BOOST_AUTO_TEST_CASE(status_codes_tell_what_to_do) {
  BOOST_TEST(lmdb_status(0, "x").ok());
  BOOST_TEST(lmdb_status(MDB_NOTFOUND, "x").code() == StatusCode::kNotFound);
  BOOST_TEST(lmdb_status(MDB_CORRUPTED, "x").code() == StatusCode::kCorruption);
  BOOST_TEST(lmdb_status(MDB_READERS_FULL, "x").code() == StatusCode::kResourceExhausted);
  BOOST_TEST(lmdb_status(EIO, "reading").code() == StatusCode::kIoError);
  BOOST_TEST(lmdb_status(EIO, "reading").message().find("reading: ") == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::lmdb
