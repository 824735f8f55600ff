#include "content/rpc/local_content_service.h"

#include <boost/asio/post.hpp>

#include <fmt/format.h>

namespace grove::content {

LocalContentService::LocalContentService(NodeService& service, boost::asio::any_io_executor executor,
                                         std::string endpoint)
    : state_(std::make_shared<State>(service, std::move(endpoint))), executor_(std::move(executor)) {}

template <typename Reply, typename Run>
void LocalContentService::post(const char* call, Run run, protocol::Callback<Reply> done) {
  boost::asio::post(executor_, [state = state_, call, run = std::move(run), done = std::move(done)]() mutable {
    if (state->stopped) {
      return done(Status::Unavailable(fmt::format("{} to content node {}: shutting down", call, state->endpoint)));
    }
    done(run(state->service));
  });
}

void LocalContentService::ping(const protocol::PingRequest& request, Deadline deadline,
                               protocol::Callback<protocol::PingReply> done) {
  post<protocol::PingReply>(
      "ping", [request, deadline](NodeService& s) { return s.ping(request, deadline); }, std::move(done));
}

void LocalContentService::set_cluster_state(const protocol::SetClusterStateRequest& request,
                                            Deadline deadline,
                                            protocol::Callback<protocol::SetClusterStateReply> done) {
  post<protocol::SetClusterStateReply>(
      "set_cluster_state",
      [request, deadline](NodeService& s) { return s.set_cluster_state(request, deadline); }, std::move(done));
}

void LocalContentService::term_stats(const protocol::TermStatsRequest& request, Deadline deadline,
                                     protocol::Callback<protocol::TermStatsReply> done) {
  post<protocol::TermStatsReply>(
      "term_stats", [request, deadline](NodeService& s) { return s.term_stats(request, deadline); },
      std::move(done));
}

void LocalContentService::search(const protocol::SearchRequest& request, Deadline deadline,
                                 protocol::Callback<protocol::SearchReply> done) {
  post<protocol::SearchReply>(
      "search", [request, deadline](NodeService& s) { return s.search(request, deadline); }, std::move(done));
}

void LocalContentService::docsum(const protocol::DocsumRequest& request, Deadline deadline,
                                 protocol::Callback<protocol::DocsumReply> done) {
  post<protocol::DocsumReply>(
      "docsum", [request, deadline](NodeService& s) { return s.docsum(request, deadline); }, std::move(done));
}

void LocalContentService::get(const protocol::GetRequest& request, Deadline deadline,
                              protocol::Callback<protocol::GetReply> done) {
  post<protocol::GetReply>(
      "get", [request, deadline](NodeService& s) { return s.get(request, deadline); }, std::move(done));
}

void LocalContentService::visit(const protocol::VisitRequest& request, Deadline deadline,
                                protocol::Callback<protocol::VisitReply> done) {
  post<protocol::VisitReply>(
      "visit", [request, deadline](NodeService& s) { return s.visit(request, deadline); }, std::move(done));
}

void LocalContentService::feed_batch(protocol::FeedBatchRequest request, Deadline deadline,
                                     protocol::Callback<protocol::FeedBatchReply> done) {
  post<protocol::FeedBatchReply>(
      "feed_batch",
      [request = std::move(request), deadline](NodeService& s) mutable {
        return s.feed_batch(std::move(request), deadline);
      },
      std::move(done));
}

void LocalContentService::write_batch(protocol::WriteBatchRequest request, Deadline deadline,
                                      protocol::Callback<protocol::WriteBatchReply> done) {
  post<protocol::WriteBatchReply>(
      "write_batch",
      [request = std::move(request), deadline](NodeService& s) mutable {
        return s.write_batch(std::move(request), deadline);
      },
      std::move(done));
}

void LocalContentService::list_buckets(const protocol::ListBucketsRequest& request, Deadline deadline,
                                       protocol::Callback<protocol::ListBucketsReply> done) {
  post<protocol::ListBucketsReply>(
      "list_buckets", [request, deadline](NodeService& s) { return s.list_buckets(request, deadline); },
      std::move(done));
}

void LocalContentService::bucket_entries(const protocol::BucketEntriesRequest& request, Deadline deadline,
                                         protocol::Callback<protocol::BucketEntriesReply> done) {
  post<protocol::BucketEntriesReply>(
      "bucket_entries", [request, deadline](NodeService& s) { return s.bucket_entries(request, deadline); },
      std::move(done));
}

void LocalContentService::fetch_entries(const protocol::FetchEntriesRequest& request, Deadline deadline,
                                        protocol::Callback<protocol::FetchEntriesReply> done) {
  post<protocol::FetchEntriesReply>(
      "fetch_entries", [request, deadline](NodeService& s) { return s.fetch_entries(request, deadline); },
      std::move(done));
}

void LocalContentService::apply_entries(protocol::ApplyEntriesRequest request, Deadline deadline,
                                        protocol::Callback<protocol::ApplyEntriesReply> done) {
  post<protocol::ApplyEntriesReply>(
      "apply_entries",
      [request = std::move(request), deadline](NodeService& s) mutable {
        return s.apply_entries(std::move(request), deadline);
      },
      std::move(done));
}

void LocalContentService::set_bucket_states(const protocol::SetBucketStatesRequest& request,
                                            Deadline deadline,
                                            protocol::Callback<protocol::SetBucketStatesReply> done) {
  post<protocol::SetBucketStatesReply>(
      "set_bucket_states",
      [request, deadline](NodeService& s) { return s.set_bucket_states(request, deadline); }, std::move(done));
}

void LocalContentService::delete_buckets(const protocol::DeleteBucketsRequest& request, Deadline deadline,
                                         protocol::Callback<protocol::DeleteBucketsReply> done) {
  post<protocol::DeleteBucketsReply>(
      "delete_buckets", [request, deadline](NodeService& s) { return s.delete_buckets(request, deadline); },
      std::move(done));
}

}  // namespace grove::content
