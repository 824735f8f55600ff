// System test: grove-store-feeder writes through the group-commit path and is killed with
// SIGKILL mid-feed; every document it acknowledged must then be in the store, with its payload,
// and the bucket info must match the entries actually stored (DESIGN §8: crash-safe).

#include <signal.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "content/store/bucket_accounting.h"
#include "content/store/lmdb_document_store.h"
#include "tests/system/system_test_support.h"
#include "tests/system/store_feeder_docs.h"

namespace grove::testing {

namespace {

const std::string kFeeder = std::string(GROVE_BIN_DIR) + "/grove-store-feeder";

// The ids on complete "ack <id>" lines of the feeder's output (a last, partial line is ignored).
std::vector<uint64_t> acked_ids(const std::string& log_path) {
  std::ifstream in(log_path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<uint64_t> ids;
  std::istringstream lines(content.substr(0, content.rfind('\n') + 1));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("ack ", 0) == 0) ids.push_back(std::stoull(line.substr(4)));
  }
  return ids;
}

// Waits (bounded) until the feeder has printed at least `count` acknowledgements.
bool wait_for_acks(const std::string& log_path, size_t count, std::chrono::seconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (acked_ids(log_path).size() >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Recomputes a bucket's info from its entries and compares it with the stored info.
void check_bucket_info(store::DocumentStore& store, const store::BucketSummary& summary) {
  auto entries = store.list_entries(summary.bucket);
  BOOST_REQUIRE(entries.ok());
  store::BucketInfo recomputed;
  for (const store::EntryMeta& e : *entries) {
    recomputed.checksum ^= store::entry_checksum(e.gid, e.timestamp);
    (e.tombstone ? recomputed.tombstone_count : recomputed.doc_count)++;
  }
  BOOST_TEST(summary.info.doc_count == recomputed.doc_count);
  BOOST_TEST(summary.info.tombstone_count == recomputed.tombstone_count);
  BOOST_TEST(summary.info.checksum == recomputed.checksum);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(store_crash)

BOOST_AUTO_TEST_CASE(every_acknowledged_document_survives_kill_9) {
  std::string dir = make_temp_dir("grove-store-crash");
  std::string log = dir + "/feeder.out";
  std::string store_dir = dir + "/store";
  constexpr size_t kPayloadBytes = 1024;
  {
    auto feeder = ChildProcess::start({kFeeder, "--dir", store_dir, "--threads", "4",
                                       "--payload-bytes", std::to_string(kPayloadBytes),
                                       "--seconds", "120"},
                                      {.output_path = log});
    BOOST_REQUIRE_MESSAGE(feeder.ok(), feeder.status().to_string());
    BOOST_REQUIRE_MESSAGE(wait_for_acks(log, 5000, std::chrono::seconds(60)),
                          "the feeder did not acknowledge 5000 documents in 60 s");
    feeder->signal(SIGKILL);
    BOOST_REQUIRE(feeder->wait_exit(std::chrono::seconds(10)) == 128 + SIGKILL);
  }
  std::vector<uint64_t> acked = acked_ids(log);
  BOOST_TEST_MESSAGE("feeder acknowledged " << acked.size() << " documents before SIGKILL");

  store::LmdbStoreOptions options;
  options.path = store_dir;
  auto opened = store::LmdbDocumentStore::open(options);
  BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
  store::DocumentStore& store = **opened;
  std::string expected;
  for (uint64_t id : acked) {
    auto entry = store.get(feeder_docs::bucket(id), feeder_docs::gid(id));
    BOOST_REQUIRE_MESSAGE(entry.ok(), "acknowledged document " << id << ": "
                                                               << entry.status().to_string());
    feeder_docs::fill_payload(id, kPayloadBytes, expected);
    BOOST_REQUIRE_MESSAGE(entry->payload == expected, "payload of document " << id);
    BOOST_REQUIRE(entry->timestamp == feeder_docs::timestamp(id));
  }
  auto buckets = store.list_buckets();
  BOOST_REQUIRE(buckets.ok());
  uint64_t docs = 0;
  for (const auto& summary : *buckets) {
    check_bucket_info(store, summary);
    docs += summary.info.doc_count;
  }
  BOOST_TEST(docs == store.document_count());
  BOOST_TEST(docs >= acked.size());
  store.close();
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
