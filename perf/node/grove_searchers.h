#pragma once

// Grove behind the peers' PeerSearcher interface (perf/peers/peer_engine.h), so that Grove's
// queries are measured by the very BenchRunner that measures Xapian and FTS5:
//  - RpcSearcher: one Thrift connection to grove-content (the full RPC path);
//  - ServiceSearcher: any protocol::ContentService, waited for on the calling thread; over the
//    node's LocalContentService (content/rpc) it is the protocol's in-process twin, the path a
//    container test or a LocalCluster takes (the node's NodeService, no sockets);
//  - InprocSearcher: ContentNode::search in this process (query preparation and search, no
//    RPC), which shows what the RPC layer costs.
// Requests are converted once, up front (grove_query.h); search(i) runs request i.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(auto s, RpcSearcher::connect(port, requests, corpus));
//   GROVE_ASSIGN_OR_RETURN(uint32_t hits, s->search(3));
//   GROVE_ASSIGN_OR_RETURN(GroveAnswer a, s->answer(3));  // total hits and corpus ordinals
//
// Each searcher is used by one thread at a time; the requests, the corpus and the node it
// borrows must outlive it.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "content/node/content_node.h"
#include "perf/node/feed_corpus.h"
#include "perf/peers/peer_engine.h"
#include "services/rpc/blocking_content_client.h"

namespace grove::perf {

// What Grove answered to one query, for comparing with the peers.
struct GroveAnswer {
  uint64_t total_hits = 0;
  bool total_hits_exact = true;
  std::vector<uint64_t> ordinals;  // corpus ordinals of the hits, in rank order
  friend bool operator==(const GroveAnswer&, const GroveAnswer&) = default;
};

class RpcSearcher final : public PeerSearcher {
 public:
  static Result<std::unique_ptr<RpcSearcher>> connect(
      uint16_t port, const std::vector<protocol::SearchRequest>& requests, const FeedCorpus& corpus,
      rpc::BlockingContentClient::Timeout timeout = rpc::BlockingContentClient::Timeout(10000));

  Result<uint32_t> search(size_t i) override;
  Result<std::vector<uint64_t>> hits(size_t i) override;
  Result<GroveAnswer> answer(size_t i);

 private:
  RpcSearcher(std::unique_ptr<rpc::BlockingContentClient> client,
              const std::vector<protocol::SearchRequest>& requests, const FeedCorpus& corpus,
              rpc::BlockingContentClient::Timeout timeout)
      : client_(std::move(client)), requests_(requests), corpus_(corpus), timeout_(timeout) {}

  std::unique_ptr<rpc::BlockingContentClient> client_;
  const std::vector<protocol::SearchRequest>& requests_;
  const FeedCorpus& corpus_;
  rpc::BlockingContentClient::Timeout timeout_;
};

class ServiceSearcher final : public PeerSearcher {
 public:
  ServiceSearcher(protocol::ContentService& service, const std::vector<protocol::SearchRequest>& requests,
                  const FeedCorpus& corpus, std::chrono::milliseconds timeout = std::chrono::milliseconds(10000))
      : service_(service), requests_(requests), corpus_(corpus), timeout_(timeout) {}

  Result<uint32_t> search(size_t i) override;
  Result<std::vector<uint64_t>> hits(size_t i) override;
  Result<GroveAnswer> answer(size_t i);

 private:
  // Sends request i and waits for its reply (one call at a time: the searcher is one thread's).
  Result<protocol::SearchReply> call(size_t i);

  protocol::ContentService& service_;
  const std::vector<protocol::SearchRequest>& requests_;
  const FeedCorpus& corpus_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::optional<Result<protocol::SearchReply>> reply_;
};

class InprocSearcher final : public PeerSearcher {
 public:
  InprocSearcher(const content::ContentNode& node, std::string document_type,
                 const std::vector<search::SearchRequest>& requests, const FeedCorpus& corpus)
      : node_(node), document_type_(std::move(document_type)), requests_(requests),
        corpus_(corpus) {}

  Result<uint32_t> search(size_t i) override;
  Result<std::vector<uint64_t>> hits(size_t i) override;
  Result<GroveAnswer> answer(size_t i);

 private:
  const content::ContentNode& node_;
  std::string document_type_;
  const std::vector<search::SearchRequest>& requests_;
  const FeedCorpus& corpus_;
};

}  // namespace grove::perf
