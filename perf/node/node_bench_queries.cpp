// NodeBench's query steps: Grove over RPC, through the protocol's in-process twin and in
// process, and the peers.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include <unistd.h>

#include <boost/asio/thread_pool.hpp>
#include <fmt/format.h>

#include "content/distributor/distributor.h"
#include "content/rpc/local_content_service.h"
#include "content/rpc/node_service.h"
#include "perf/node/agreement.h"
#include "perf/node/node_bench.h"
#include "perf/node/system_stats.h"

namespace grove::perf {

namespace {

using Clock = std::chrono::steady_clock;

void append(std::vector<ResultLine>& all, const std::vector<ResultLine>& more) {
  all.insert(all.end(), more.begin(), more.end());
}

uint64_t own_resident_bytes() {
  Result<uint64_t> rss = resident_bytes(getpid());
  return rss.ok() ? *rss : 0;
}

double cpu_or_zero(pid_t pid) {
  Result<double> cpu = cpu_seconds(pid);
  return cpu.ok() ? *cpu : 0;
}

// CPU time of the node (if any) and of this process at one moment, to say where the CPU of a
// measurement went.
struct CpuMark {
  double node = 0;
  double self = 0;
  Clock::time_point wall;
};

CpuMark cpu_mark(pid_t node_pid) {
  return CpuMark{.node = node_pid > 0 ? cpu_or_zero(node_pid) : 0,
                 .self = cpu_or_zero(getpid()),
                 .wall = Clock::now()};
}

void print_cpu(const MeasureLabel& label, int threads, const CpuMark& a, const CpuMark& b,
               size_t queries) {
  const double wall = std::chrono::duration<double>(b.wall - a.wall).count();
  const double n = static_cast<double>(std::max<size_t>(1, queries));
  std::printf("%s threads=%d CPU per query (warm-up included, %zu queries): node %.1f us, this "
              "process %.1f us; cores busy: node %.2f, this process %.2f  [load %s]\n",
              label.engine.c_str(), threads, queries, (b.node - a.node) * 1e6 / n,
              (b.self - a.self) * 1e6 / n, (b.node - a.node) / wall, (b.self - a.self) / wall,
              load_average().c_str());
}

size_t queries_in(const TypeIndices& types) {
  size_t n = 0;
  for (const auto& [type, indices] : types) n += indices.size();
  return n;
}

std::string join_threads(const std::vector<int>& threads) {
  return fmt::format("{}", fmt::join(threads, ","));
}

}  // namespace

template <typename Make>
Result<std::vector<int32_t>> NodeBench::measure_engine(const std::string& engine, pid_t node_pid, Make make) {
  const MeasureLabel label{.engine = engine, .corpus = options_.corpus_name};
  std::vector<int32_t> first_hits;
  for (int threads : options_.threads) {
    std::vector<std::unique_ptr<PeerSearcher>> searchers;
    for (int t = 0; t < threads; ++t) {
      GROVE_ASSIGN_OR_RETURN(std::unique_ptr<PeerSearcher> s, make());
      searchers.push_back(std::move(s));
    }
    BenchRunner runner(std::move(searchers));
    const CpuMark before = cpu_mark(node_pid);
    GROVE_ASSIGN_OR_RETURN(Measured m, measure_queries(runner, types_, label, queries_.queries.size()));
    print_cpu(label, threads, before, cpu_mark(node_pid), 2 * queries_in(types_));
    if (first_hits.empty()) first_hits = std::move(m.hits);
    append(results_, m.results);
  }
  return first_hits;
}

Status NodeBench::rpc_queries() {
  auto rpc = measure_engine("grove-rpc", node_->pid(), [&]() -> Result<std::unique_ptr<PeerSearcher>> {
    GROVE_ASSIGN_OR_RETURN(auto s, RpcSearcher::connect(node_->port(), protocol_requests_, corpus_));
    return std::unique_ptr<PeerSearcher>(std::move(s));
  });
  GROVE_RETURN_IF_ERROR(rpc.status());
  sample_ = sample_queries(types_, QueryOp::kAnd, queries_, options_.sample);
  GROVE_ASSIGN_OR_RETURN(auto searcher, RpcSearcher::connect(node_->port(), protocol_requests_, corpus_));
  GROVE_ASSIGN_OR_RETURN(rpc_answers_, answers(*searcher));
  return Status::Ok();
}

template <typename Searcher>
Result<std::vector<GroveAnswer>> NodeBench::answers(Searcher& searcher) const {
  std::vector<GroveAnswer> out;
  for (uint32_t i : sample_) {
    GROVE_ASSIGN_OR_RETURN(GroveAnswer a, searcher.answer(i));
    out.push_back(std::move(a));
  }
  return out;
}

Status NodeBench::local_queries(content::ContentNode& node) {
  // The node's distributor role and NodeService, as grove-content has them, behind the
  // in-process twin; its calls run on a pool as wide as the widest run.
  MetricRegistry metrics;
  content::Distributor distributor(node, nullptr, metrics);
  content::NodeService service(node, distributor, SystemClock::instance());
  const int widest = *std::max_element(options_.threads.begin(), options_.threads.end());
  boost::asio::thread_pool pool(static_cast<size_t>(std::max(1, widest)));
  content::LocalContentService local(service, pool.get_executor(), "local:0");
  auto measured = measure_engine("grove-local", 0, [&]() -> Result<std::unique_ptr<PeerSearcher>> {
    return std::unique_ptr<PeerSearcher>(std::make_unique<ServiceSearcher>(local, protocol_requests_, corpus_));
  });
  GROVE_RETURN_IF_ERROR(measured.status());
  ServiceSearcher searcher(local, protocol_requests_, corpus_);
  GROVE_ASSIGN_OR_RETURN(local_answers_, answers(searcher));
  pool.join();
  distributor.stop();
  return Status::Ok();
}

Status NodeBench::check_grove_paths() const {
  for (size_t k = 0; k < sample_.size(); ++k) {
    const GroveAnswer& inproc = sample_answers_[k];
    for (const auto& [engine, answers] : {std::pair{"grove-rpc", &rpc_answers_}, {"grove-local", &local_answers_}}) {
      const GroveAnswer& other = (*answers)[k];
      if (inproc == other) continue;
      return Status::Internal(fmt::format(
          "{} and grove-inproc disagree on query {} ('{}'): {} hits against {}, {} top hits against {}",
          engine, sample_[k], format_query(queries_.queries[sample_[k]]), other.total_hits, inproc.total_hits,
          other.ordinals.size(), inproc.ordinals.size()));
    }
  }
  std::printf("grove-rpc, grove-local and grove-inproc agree on all %zu sample AND queries (total "
              "hits and ranked top hits)\n",
              sample_.size());
  return Status::Ok();
}

Status NodeBench::inproc_queries() {
  content::NodeOptions options;
  options.application = options_.app_dir;
  options.data_dir = path("data");
  MetricRegistry metrics;
  const uint64_t rss_before = own_resident_bytes();
  auto start = Clock::now();
  GROVE_ASSIGN_OR_RETURN(auto node, content::ContentNode::open(options, metrics));
  figures_.inproc_open_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const uint64_t rss_after = own_resident_bytes();
  const content::NodeCounts counts = node->counts();
  std::printf("in-process ContentNode opened in %.2f s: %llu active documents, %.0f docs/s; this "
              "process's RSS grew %.0f bytes/doc  [load %s]\n",
              figures_.inproc_open_seconds,
              static_cast<unsigned long long>(counts.active_documents),
              counts.active_documents / figures_.inproc_open_seconds,
              (static_cast<double>(rss_after) - static_cast<double>(rss_before)) /
                  static_cast<double>(std::max<uint64_t>(1, counts.active_documents)),
              load_average().c_str());
  GROVE_ASSIGN_OR_RETURN(grove_hits_, measure_engine("grove-inproc", 0, [&]() -> Result<std::unique_ptr<PeerSearcher>> {
    return std::unique_ptr<PeerSearcher>(
        std::make_unique<InprocSearcher>(*node, target_.document_type, search_requests_, corpus_));
  }));
  InprocSearcher searcher(*node, target_.document_type, search_requests_, corpus_);
  GROVE_ASSIGN_OR_RETURN(sample_answers_, answers(searcher));
  GROVE_RETURN_IF_ERROR(local_queries(*node));
  node->close();
  return check_grove_paths();
}

Status NodeBench::peer_runs() {
  for (const std::string& engine : options_.peers) {
    PeerRunOptions o{.binary = options_.bin_dir + "/grove-peer-bench",
                     .corpus = options_.corpus_path,
                     .queries = options_.queries_path,
                     .workdir = path(engine),
                     .filter_field = options_.filter_field,
                     .threads = join_threads(options_.threads),
                     .max_per_type = options_.max_per_type,
                     .log_path = path(engine + ".log"),
                     .dump_hits = path(engine + ".hits")};
    std::filesystem::create_directories(o.workdir);
    std::printf("running grove-peer-bench --engine %s (output in %s)  [load %s]\n", engine.c_str(),
                o.log_path.c_str(), load_average().c_str());
    std::fflush(stdout);
    GROVE_ASSIGN_OR_RETURN(PeerRun run, run_peer_bench(engine, o));
    GROVE_ASSIGN_OR_RETURN(auto hits, read_dump_hits(o.dump_hits));
    for (const ResultLine& r : run.results) std::printf("%s\n", format_result_line(r).c_str());
    std::printf("grove-peer-bench --engine %s done  [load %s]\n", engine.c_str(),
                load_average().c_str());
    append(results_, run.results);
    peers_.push_back(std::move(run));
    peer_hits_.push_back(std::move(hits));
  }
  return Status::Ok();
}

}  // namespace grove::perf
