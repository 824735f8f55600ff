#pragma once

// NodeBench: the steps of grove-node-bench (perf/node/docs/node-bench.md), in order:
//   1. start grove-content on free ports with a fresh data directory;
//   2. feed the corpus over RPC from many connections (parsed and serialized up front);
//   3. memory per document (the node's RSS before and after) and the store's size on disk;
//   4. restart: SIGTERM, start again, time to ping and the node's index start-up rate;
//   5. the query set over RPC (grove-rpc) with each thread count, and the answers to a sample
//      of AND queries;
//   6. stop the node, open its data directory in process and run the set through
//      ContentNode::search (grove-inproc) and through the node's LocalContentService, the
//      protocol's in-process twin (grove-local), with the same sample of answers from each;
//      the three Grove paths must give the same answers (the bench fails if they do not);
//   7. grove-peer-bench for Xapian and FTS5 on the same corpus and queries;
//   8. the agreement check with the peers and the summary table.
// Prints as it goes; asserts nothing about the figures.
//
// Usage:
//   NodeBench bench(options);
//   Status s = bench.run();
//
// Owned by main(); confined to one thread (it starts its own worker threads). Any process it
// started is stopped by its pid when it is destroyed, SIGKILL if need be.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config-model/model/application_model.h"
#include "content/node/content_node.h"
#include "perf/common/query_set.h"
#include "perf/node/feed_corpus.h"
#include "perf/node/feeder.h"
#include "perf/node/grove_query.h"
#include "perf/node/grove_searchers.h"
#include "perf/node/node_process.h"
#include "perf/node/peer_runs.h"
#include "perf/node/query_bench.h"
#include "perf/node/summary_table.h"
#include "services/document/document_type_repo.h"
#include "services/metrics/metrics.h"

namespace grove::perf {

struct NodeBenchOptions {
  std::string corpus_path;   // var/corpus/gcide.jsonl
  std::string corpus_name;   // gcide
  std::string app_dir;       // schemas/gcide
  // "none": run a copy of the package with stemming off (like the peers; app_variant.h);
  // "schema": the package as it is.
  std::string stemming = "none";
  std::string queries_path;  // written by grove-queryset
  std::string rank_profile;  // bm25(text): "bm25" for gcide, "default" for kjv
  std::string text_field = "text";
  std::string filter_field;  // passed to grove-peer-bench
  std::string workdir;       // var/perf/node/<corpus>
  std::string bin_dir;       // grove-content and grove-peer-bench
  int feed_threads = 16;
  int feed_batch = 16;  // documents per write_batch call
  std::vector<int> threads{1, 2};
  size_t max_per_type = 1000;
  size_t sample = 100;  // AND queries in the agreement check
  std::vector<std::string> peers{"xapian", "fts5"};
};

// Figures gathered on the way, for the summary.
struct NodeFigures {
  uint64_t docs = 0;
  std::optional<FeedStats> feed;
  uint64_t rss_empty = 0;
  uint64_t rss_after_feed = 0;
  uint64_t rss_after_restart = 0;
  uint64_t anon_empty = 0;  // RssAnon: resident memory without the store's mapped file
  uint64_t anon_after_feed = 0;
  uint64_t anon_after_restart = 0;
  uint64_t store_bytes = 0;  // allocated on disk, after the feed
  double stop_seconds = 0;
  double ready_seconds = 0;  // restart until ping answers UP
  std::optional<StartupFigures> startup;  // the restarted node's log line
  double inproc_open_seconds = 0;
};

class NodeBench {
 public:
  explicit NodeBench(NodeBenchOptions options);
  ~NodeBench();

  Status run();

 private:
  Status prepare();
  Status prepare_app();
  Status start_node(const std::string& log_name);
  Status feed();
  Status restart();
  Status rpc_queries();
  Status inproc_queries();
  // Runs the query set through searchers from `make` at each thread count, as `engine`;
  // `node_pid` (0: none) is the process whose CPU is reported besides this one. Returns the
  // hits per query of the first thread count's run.
  template <typename Make>
  Result<std::vector<int32_t>> measure_engine(const std::string& engine, pid_t node_pid, Make make);
  Status local_queries(content::ContentNode& node);
  // The sample's answers from `searcher` (ServiceSearcher, RpcSearcher or InprocSearcher).
  template <typename Searcher>
  Result<std::vector<GroveAnswer>> answers(Searcher& searcher) const;
  // grove-rpc, grove-local and grove-inproc gave the same sample answers; Internal naming the
  // first query where they differ.
  Status check_grove_paths() const;
  Status peer_runs();
  void summary() const;
  std::vector<Headline> headlines() const;
  void print_agreement() const;
  std::string path(const std::string& name) const { return options_.workdir + "/" + name; }

  NodeBenchOptions options_;
  std::optional<config::ApplicationModel> model_;
  std::unique_ptr<document::DocumentTypeRepo> repo_;
  FeedCorpus corpus_;
  QuerySet queries_;
  TypeIndices types_;
  QueryTarget target_;
  std::vector<protocol::SearchRequest> protocol_requests_;      // one per query of queries_
  std::vector<search::SearchRequest> search_requests_;  // one per query of queries_
  std::unique_ptr<NodeProcess> node_;                   // the running grove-content, if any
  NodeFigures figures_;
  std::vector<ResultLine> results_;  // every engine's
  std::vector<int32_t> grove_hits_;  // returned per query (grove-inproc, 1 thread)
  std::vector<uint32_t> sample_;
  std::vector<GroveAnswer> sample_answers_;  // grove-inproc's; parallel to sample_
  std::vector<GroveAnswer> rpc_answers_;     // grove-rpc's
  std::vector<GroveAnswer> local_answers_;   // grove-local's
  std::vector<PeerRun> peers_;
  std::vector<std::vector<std::vector<uint64_t>>> peer_hits_;  // parallel to peers_
};

}  // namespace grove::perf
