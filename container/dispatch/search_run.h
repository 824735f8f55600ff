#pragma once

// SearchRun: one query's trip through one content cluster (DESIGN §7): pick a group, gather
// global term statistics from its nodes, scatter the search, merge, fill the summaries from the
// nodes that hold the hits, and answer with Vespa's JSON. Fully asynchronous: every step is
// started from the callback of the previous one, so no thread waits for a node.
//
// Failures: a node that is out of service, fails or times out leaves the result partial
// (coverage full:false and an errors entry, code 10 or 12). When no node of the group
// answered, the next attempt goes to another group (GroupSelector::kMaxAttempts in all). A node
// error that blames the query (InvalidArgument) is answered 400.
//
// Usage:
//   auto run = std::make_shared<SearchRun>(std::move(plan), metrics, respond);
//   run->start();   // `respond` is called exactly once, from an I/O thread
//
// Lifetime: held by the callbacks it issues (shared_from_this); the cluster and the metrics
// must outlive it. Per-node slots are written by one callback each; a phase continues in the
// callback that brings the pending count to zero (acquire-release), so no lock is taken.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "container/query/query_error.h"
#include "container/dispatch/result_renderer.h"
#include "container/dispatch/search_cluster.h"
#include "services/http/http_server.h"
#include "services/protocol/search_messages.h"

namespace grove::container {

struct QueryPlan {
  SearchCluster* cluster = nullptr;
  // Query, document type, rank profile, sort, rank inputs, trace level. SearchRun sends a copy
  // with the hits per node, offset 0 and the group's global statistics.
  protocol::SearchRequest request;
  uint32_t hits = 10;
  uint32_t offset = 0;
  std::string summary = "default";
  std::vector<std::string> select_fields;  // YQL `select a, b`: only these; empty: every one
  bool global_stats = true;
  double top_k_probability = 0.9999;
  std::optional<size_t> pinned_group;
  Deadline deadline = Deadline::never();
};

struct SearchMetrics {
  Counter* queries = nullptr;
  Counter* failed = nullptr;
  Histogram* latency = nullptr;
};

class SearchRun : public std::enable_shared_from_this<SearchRun> {
 public:
  SearchRun(QueryPlan plan, SearchMetrics metrics, http::HttpResponder respond);
  void start();

 private:
  struct Slot {
    size_t node = 0;
    Status status;  // OK while the node has not failed in this attempt
    protocol::TermStatsReply stats;
    protocol::SearchReply reply;
    std::vector<std::string> docsum_gids;
    protocol::DocsumReply docsums;
    Status docsum_status;  // a failed summary fill leaves the node's hits without fields
    double rtt_ms = 0;     // the search call's round trip
  };
  std::vector<Slot*> live_slots();
  // Called by each callback of a phase; the last one runs `next`.
  void arrive(void (SearchRun::*next)());

  void next_attempt();
  void gather_stats();
  void scatter();
  void after_scatter();
  void fill();
  void finish();
  void write_coverage();
  void record_failure(Slot& slot, const Status& status);
  void fail(std::vector<query::QueryError> errors);
  void respond(int status, std::string body);
  double elapsed_ms() const;
  // Milliseconds since the current phase started; starts the next phase.
  double phase_ms();
  void trace_nodes();

  QueryPlan plan_;
  SearchMetrics metrics_;
  http::HttpResponder respond_;
  SteadyTime started_;
  SteadyTime phase_started_;  // of the phase in progress, for the trace
  uint32_t attempt_ = 0;
  std::vector<bool> tried_;
  std::optional<size_t> group_;
  std::vector<Slot> slots_;  // one per node of the group, in key order
  std::atomic<size_t> pending_{0};
  protocol::SearchRequest search_;  // what this attempt sends to each node
  SearchResult result_;
};

}  // namespace grove::container
