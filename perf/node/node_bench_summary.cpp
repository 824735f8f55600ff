// NodeBench's summary: the QPS table, the headline figures and the agreement check.

#include <cstdio>

#include <fmt/format.h>

#include "perf/node/agreement.h"
#include "perf/node/node_bench.h"
#include "perf/node/system_stats.h"

namespace grove::perf {

namespace {

double per_doc(double bytes, uint64_t docs) {
  return bytes / static_cast<double>(std::max<uint64_t>(1, docs));
}

}  // namespace

void NodeBench::summary() const {
  std::printf("\n== summary: %s, %llu documents, %zu cores, load %s\n", options_.corpus_name.c_str(),
              static_cast<unsigned long long>(figures_.docs),
              static_cast<size_t>(std::thread::hardware_concurrency()), load_average().c_str());
  std::vector<std::string> types;
  for (const auto& [type, indices] : types_) types.push_back(type);
  types.push_back("all");
  print_qps_table(results_, types, options_.threads);
  std::printf("\n");
  print_headlines(headlines());
  std::printf("\n");
  print_agreement();
  std::fflush(stdout);
}

std::vector<Headline> NodeBench::headlines() const {
  std::vector<Headline> out;
  if (figures_.feed.has_value()) {
    const FeedStats& f = *figures_.feed;
    out.push_back({"grove feed (RPC)",
                   fmt::format("{:.0f} docs/s with {} connections, {} per write_batch call; "
                               "call p50 {:.2f} ms, p99 {:.2f} ms",
                               f.docs / f.wall_seconds, options_.feed_threads, options_.feed_batch,
                               f.latency.p50_us / 1000, f.latency.p99_us / 1000)});
  }
  if (figures_.startup.has_value()) {
    out.push_back({"grove index start-up",
                   fmt::format("{:.0f} docs/s ({:.2f} s; ping answered after {:.2f} s)",
                               figures_.startup->docs_per_second, figures_.startup->seconds,
                               figures_.ready_seconds)});
  }
  out.push_back({"grove memory (RSS)",
                 fmt::format("{:.0f} bytes/doc after the feed, {:.0f} bytes/doc after a restart",
                             per_doc(double(figures_.rss_after_feed) - figures_.rss_empty, figures_.docs),
                             per_doc(double(figures_.rss_after_restart) - figures_.rss_empty,
                                     figures_.docs))});
  out.push_back({"grove memory (RssAnon)",
                 fmt::format("{:.0f} bytes/doc after the feed, {:.0f} bytes/doc after a restart "
                             "(resident memory without the store's mapped file: the index and the "
                             "node's tables)",
                             per_doc(double(figures_.anon_after_feed) - figures_.anon_empty, figures_.docs),
                             per_doc(double(figures_.anon_after_restart) - figures_.anon_empty,
                                     figures_.docs))});
  out.push_back({"grove store on disk", fmt::format("{:.0f} bytes/doc (LMDB, documents zstd-compressed)",
                                                    per_doc(figures_.store_bytes, figures_.docs))});
  for (const PeerRun& p : peers_) {
    if (!p.load.has_value()) continue;
    out.push_back({p.engine + " index on disk",
                   fmt::format("{:.0f} bytes/doc (stored text included); load {:.0f} docs/s",
                               p.load->bytes_per_doc, p.load->docs_per_second)});
  }
  return out;
}

void NodeBench::print_agreement() const {
  for (size_t p = 0; p < peers_.size(); ++p) {
    print_sample_agreement(compare_sample(peers_[p].engine, queries_, sample_, sample_answers_,
                                          peer_hits_[p]));
    print_type_agreement(peers_[p].engine, compare_hit_counts(types_, grove_hits_, peer_hits_[p]));
  }
}

}  // namespace grove::perf
