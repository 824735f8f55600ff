#include "perf/node/grove_searchers.h"

#include <fmt/format.h>

namespace grove::perf {

namespace {

std::string gid_bytes(const distribution::Gid& gid) {
  return std::string(reinterpret_cast<const char*>(gid.bytes.data()), gid.bytes.size());
}

// The corpus ordinal of a hit; Internal when Grove returned a document the corpus lacks.
Result<uint64_t> ordinal_of(const FeedCorpus& corpus, const std::string& gid) {
  std::optional<uint64_t> ordinal = corpus.ordinal_of(gid);
  if (!ordinal.has_value()) return Status::Internal("a hit whose gid is not in the corpus");
  return *ordinal;
}

Result<GroveAnswer> answer_of(const protocol::SearchReply& reply, const FeedCorpus& corpus) {
  GroveAnswer out{.total_hits = static_cast<uint64_t>(reply.total_hits),
                  .total_hits_exact = reply.total_hits_exact,
                  .ordinals = {}};
  for (const protocol::SearchHit& hit : reply.hits) {
    GROVE_ASSIGN_OR_RETURN(uint64_t ordinal, ordinal_of(corpus, hit.gid));
    out.ordinals.push_back(ordinal);
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<RpcSearcher>> RpcSearcher::connect(
    uint16_t port, const std::vector<protocol::SearchRequest>& requests, const FeedCorpus& corpus,
    rpc::BlockingContentClient::Timeout timeout) {
  GROVE_ASSIGN_OR_RETURN(auto client, rpc::BlockingContentClient::connect("127.0.0.1", port));
  return std::unique_ptr<RpcSearcher>(
      new RpcSearcher(std::move(client), requests, corpus, timeout));
}

Result<uint32_t> RpcSearcher::search(size_t i) {
  GROVE_ASSIGN_OR_RETURN(protocol::SearchReply reply, client_->search(requests_[i], timeout_));
  return static_cast<uint32_t>(reply.hits.size());
}

Result<GroveAnswer> RpcSearcher::answer(size_t i) {
  GROVE_ASSIGN_OR_RETURN(protocol::SearchReply reply, client_->search(requests_[i], timeout_));
  return answer_of(reply, corpus_);
}

Result<std::vector<uint64_t>> RpcSearcher::hits(size_t i) {
  GROVE_ASSIGN_OR_RETURN(GroveAnswer a, answer(i));
  return std::move(a.ordinals);
}

Result<protocol::SearchReply> ServiceSearcher::call(size_t i) {
  service_.search(requests_[i], Deadline::after(SystemClock::instance(), timeout_),
                  [this](Result<protocol::SearchReply> r) {
                    std::lock_guard lock(mutex_);
                    reply_.emplace(std::move(r));
                    arrived_.notify_one();
                  });
  std::unique_lock lock(mutex_);
  arrived_.wait(lock, [this] { return reply_.has_value(); });
  Result<protocol::SearchReply> out = std::move(*reply_);
  reply_.reset();
  return out;
}

Result<uint32_t> ServiceSearcher::search(size_t i) {
  GROVE_ASSIGN_OR_RETURN(protocol::SearchReply reply, call(i));
  return static_cast<uint32_t>(reply.hits.size());
}

Result<GroveAnswer> ServiceSearcher::answer(size_t i) {
  GROVE_ASSIGN_OR_RETURN(protocol::SearchReply reply, call(i));
  return answer_of(reply, corpus_);
}

Result<std::vector<uint64_t>> ServiceSearcher::hits(size_t i) {
  GROVE_ASSIGN_OR_RETURN(GroveAnswer a, answer(i));
  return std::move(a.ordinals);
}

Result<uint32_t> InprocSearcher::search(size_t i) {
  GROVE_ASSIGN_OR_RETURN(content::NodeSearchResult r, node_.search(document_type_, requests_[i]));
  return static_cast<uint32_t>(r.result.hits.size());
}

Result<GroveAnswer> InprocSearcher::answer(size_t i) {
  GROVE_ASSIGN_OR_RETURN(content::NodeSearchResult r, node_.search(document_type_, requests_[i]));
  GroveAnswer out{.total_hits = r.result.total_hits,
                  .total_hits_exact = r.result.total_hits_exact,
                  .ordinals = {}};
  for (const distribution::Gid& gid : r.gids) {
    GROVE_ASSIGN_OR_RETURN(uint64_t ordinal, ordinal_of(corpus_, gid_bytes(gid)));
    out.ordinals.push_back(ordinal);
  }
  return out;
}

Result<std::vector<uint64_t>> InprocSearcher::hits(size_t i) {
  GROVE_ASSIGN_OR_RETURN(GroveAnswer a, answer(i));
  return std::move(a.ordinals);
}

}  // namespace grove::perf
