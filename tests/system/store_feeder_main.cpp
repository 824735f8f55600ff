// grove-store-feeder: writes documents into an LmdbDocumentStore from several threads as fast as
// the asynchronous group-commit path takes them, and prints "ack <id>" (flushed) for each
// document only after its write was acknowledged. The crash test kills it with SIGKILL and checks
// that every printed id is in the store; run with --seconds it also reports docs/s on stderr.
//
//   grove-store-feeder --dir DIR [--threads 4] [--payload-bytes 1024] [--in-flight 256]
//                      [--seconds 0 (until killed)] [--quiet]
//
// Exit codes: 0 done, 1 the store failed, 2 bad arguments.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "content/store/lmdb_document_store.h"
#include "tests/system/store_feeder_docs.h"

namespace {

using grove::Status;
using grove::store::LmdbDocumentStore;
using grove::store::WriteBatch;
namespace docs = grove::testing::feeder_docs;

struct Args {
  std::string dir;
  int threads = 4;
  size_t payload_bytes = 1024;
  int in_flight = 256;
  double seconds = 0;
  bool quiet = false;  // no ack lines (for measuring)
};

bool parse_args(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--quiet") {
      args.quiet = true;
    } else if (a == "--dir" && has_value) {
      args.dir = argv[++i];
    } else if (a == "--threads" && has_value) {
      args.threads = std::atoi(argv[++i]);
    } else if (a == "--payload-bytes" && has_value) {
      args.payload_bytes = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--in-flight" && has_value) {
      args.in_flight = std::atoi(argv[++i]);
    } else if (a == "--seconds" && has_value) {
      args.seconds = std::atof(argv[++i]);
    } else {
      return false;
    }
  }
  return !args.dir.empty() && args.threads > 0 && args.in_flight > 0;
}

struct Shared {
  LmdbDocumentStore* store = nullptr;
  const Args* args = nullptr;
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> acked{0};
  std::atomic<uint64_t> failed{0};
};

// Runs on the committer thread: one line per acknowledged document.
void acknowledge(Shared& shared, uint64_t id, const Status& status) {
  if (!status.ok()) {
    shared.failed.fetch_add(1);
    std::fprintf(stderr, "write of %llu failed: %s\n", static_cast<unsigned long long>(id),
                 status.to_string().c_str());
    return;
  }
  shared.acked.fetch_add(1);
  if (shared.args->quiet) return;
  std::fprintf(stdout, "ack %llu\n", static_cast<unsigned long long>(id));
  std::fflush(stdout);
}

// One feeding thread's state; the write callback captures a pointer to it and the id, which
// fits std::function's inline storage (no allocation per document for the callback).
struct Feeder {
  Shared& shared;
  std::counting_semaphore<> permits;  // Invariant: in_flight minus the writes not yet acked
};

void feed(Shared& shared, uint64_t thread) {
  Feeder feeder{shared, std::counting_semaphore<>(shared.args->in_flight)};
  for (uint64_t i = 0; !shared.stop.load(std::memory_order_relaxed); ++i) {
    feeder.permits.acquire();
    uint64_t id = docs::doc_id(thread, i);
    std::string payload;
    docs::fill_payload(id, shared.args->payload_bytes, payload);
    WriteBatch batch;
    batch.put(docs::bucket(id), docs::gid(id), docs::timestamp(id), std::move(payload));
    Feeder* f = &feeder;
    shared.store->write(std::move(batch), [f, id](const Status& s, const WriteBatch&) {
      acknowledge(f->shared, id, s);
      f->permits.release();
    });
  }
  for (int i = 0; i < shared.args->in_flight; ++i) feeder.permits.acquire();  // drain
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) {
    std::fprintf(stderr, "usage: grove-store-feeder --dir DIR [--threads N] [--payload-bytes N] "
                         "[--in-flight N] [--seconds S] [--quiet]\n");
    return 2;
  }
  grove::store::LmdbStoreOptions options;
  options.path = args.dir;
  auto store = LmdbDocumentStore::open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().to_string().c_str());
    return 1;
  }
  Shared shared;
  shared.store = store->get();
  shared.args = &args;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < args.threads; ++t) threads.emplace_back(feed, std::ref(shared), t);
  if (args.seconds > 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(args.seconds));
    shared.stop.store(true);
  }
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto stats = (*store)->stats();
  (*store)->close();
  std::fprintf(stderr, "fed %llu documents of %zu bytes in %.2f s: %.0f docs/s, %llu commits, "
                       "%llu failed\n",
               static_cast<unsigned long long>(shared.acked.load()), args.payload_bytes, elapsed,
               static_cast<double>(shared.acked.load()) / elapsed,
               static_cast<unsigned long long>(stats.commits),
               static_cast<unsigned long long>(shared.failed.load()));
  return shared.failed.load() == 0 ? 0 : 1;
}
