#pragma once

// ContentServiceHandler: the Thrift handler of grove-content. It checks each call's deadline,
// converts wire types (only here and in services/idl/wire_status) and delegates.
//
// This first version answers ping only; storage, search and the bucket operations arrive with
// the content-node work.
//
// Owned by the ContentServer; thread-safe (called from the server's worker threads).

#include <atomic>
#include <cstdint>
#include <string>

#include "services/base/clock.h"
#include "services/idl/ContentService.h"

namespace grove::content {

struct NodeIdentity {
  std::string cluster;
  uint16_t distribution_key = 0;
  int64_t config_generation = 0;
};

class ContentServiceHandler : public wire::ContentServiceIf {
 public:
  ContentServiceHandler(NodeIdentity identity, const Clock& clock)
      : identity_(std::move(identity)), clock_(clock) {}

  void ping(wire::PingReply& reply, const wire::CallContext& ctx) override;

  // Not served yet: each answers Unavailable until storage and search are wired in.
  void search(wire::SearchReply&, const wire::CallContext&, const wire::SearchRequest&) override;
  void docsum(wire::DocsumReply&, const wire::CallContext&, const wire::DocsumRequest&) override;
  void term_stats(wire::TermStatsReply&, const wire::CallContext&,
                  const wire::SearchRequest&) override;
  void get(wire::GetReply&, const wire::CallContext&, const wire::GetRequest&) override;
  void put(wire::WriteReply&, const wire::CallContext&, const wire::PutRequest&) override;
  void remove(wire::WriteReply&, const wire::CallContext&, const wire::RemoveRequest&) override;
  void list_buckets(std::vector<wire::BucketInfo>&, const wire::CallContext&) override;
  void list_bucket_entries(std::vector<wire::BucketEntry>&, const wire::CallContext&,
                           int64_t bucket) override;
  void fetch_bucket_documents(std::vector<wire::BucketEntry>&, const wire::CallContext&,
                              int64_t bucket, const std::vector<std::string>& gids) override;
  int32_t apply_bucket_entries(const wire::CallContext&, int64_t bucket,
                               const std::vector<wire::BucketEntry>& entries) override;
  void delete_bucket(const wire::CallContext&, int64_t bucket) override;
  void set_bucket_state(const wire::CallContext&, int64_t bucket, bool ready, bool active) override;

  // Marks the node as stopping; pings report it so that callers stop sending.
  void set_stopping() { stopping_ = true; }

 private:
  NodeIdentity identity_;
  const Clock& clock_;
  std::atomic<bool> stopping_{false};
};

}  // namespace grove::content
