#pragma once

// ForwardingContentService: a ContentService that hands every call to another one. It is the
// base of decorators (a test's fault injector overrides the calls it changes) and the handle to
// a shared service that someone else owns (SearchCluster owns its nodes' clients, so an
// in-process cluster gives it forwarding handles to its nodes).
//
// target() is resolved at each call, so a subclass may bind late (the nodes of an in-process
// cluster are each other's replica peers before all of them exist). shutdown() is forwarded:
// it ends the shared service's calls for every holder, which is what a cluster being stopped
// wants.
//
// Thread-safe as far as the target is.

#include <string>
#include <utility>

#include "services/protocol/content_service.h"

namespace grove::protocol {

class ForwardingContentService : public ContentService {
 public:
  explicit ForwardingContentService(ContentService* target = nullptr) : target_(target) {}

  void ping(const PingRequest& request, Deadline deadline, Callback<PingReply> done) override {
    target().ping(request, deadline, std::move(done));
  }
  void set_cluster_state(const SetClusterStateRequest& request, Deadline deadline,
                         Callback<SetClusterStateReply> done) override {
    target().set_cluster_state(request, deadline, std::move(done));
  }
  void term_stats(const TermStatsRequest& request, Deadline deadline,
                  Callback<TermStatsReply> done) override {
    target().term_stats(request, deadline, std::move(done));
  }
  void search(const SearchRequest& request, Deadline deadline, Callback<SearchReply> done) override {
    target().search(request, deadline, std::move(done));
  }
  void docsum(const DocsumRequest& request, Deadline deadline, Callback<DocsumReply> done) override {
    target().docsum(request, deadline, std::move(done));
  }
  void get(const GetRequest& request, Deadline deadline, Callback<GetReply> done) override {
    target().get(request, deadline, std::move(done));
  }
  void visit(const VisitRequest& request, Deadline deadline, Callback<VisitReply> done) override {
    target().visit(request, deadline, std::move(done));
  }
  void feed_batch(FeedBatchRequest request, Deadline deadline, Callback<FeedBatchReply> done) override {
    target().feed_batch(std::move(request), deadline, std::move(done));
  }
  void write_batch(WriteBatchRequest request, Deadline deadline, Callback<WriteBatchReply> done) override {
    target().write_batch(std::move(request), deadline, std::move(done));
  }
  void list_buckets(const ListBucketsRequest& request, Deadline deadline,
                    Callback<ListBucketsReply> done) override {
    target().list_buckets(request, deadline, std::move(done));
  }
  void bucket_entries(const BucketEntriesRequest& request, Deadline deadline,
                      Callback<BucketEntriesReply> done) override {
    target().bucket_entries(request, deadline, std::move(done));
  }
  void fetch_entries(const FetchEntriesRequest& request, Deadline deadline,
                     Callback<FetchEntriesReply> done) override {
    target().fetch_entries(request, deadline, std::move(done));
  }
  void apply_entries(ApplyEntriesRequest request, Deadline deadline, Callback<ApplyEntriesReply> done) override {
    target().apply_entries(std::move(request), deadline, std::move(done));
  }
  void set_bucket_states(const SetBucketStatesRequest& request, Deadline deadline,
                         Callback<SetBucketStatesReply> done) override {
    target().set_bucket_states(request, deadline, std::move(done));
  }
  void delete_buckets(const DeleteBucketsRequest& request, Deadline deadline,
                      Callback<DeleteBucketsReply> done) override {
    target().delete_buckets(request, deadline, std::move(done));
  }

  bool healthy() const override { return target().healthy(); }
  const std::string& endpoint() const override { return target().endpoint(); }
  void shutdown() override { target().shutdown(); }

 protected:
  // The service calls go to; the one given to the constructor unless a subclass binds late.
  virtual ContentService& target() const { return *target_; }

 private:
  ContentService* target_;
};

}  // namespace grove::protocol
