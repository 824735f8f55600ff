// Every protocol message survives protocol -> wire -> bytes -> wire -> protocol unchanged, with
// every optional field both set and absent; and Status codes cross the wire both ways.
#include "services/idl/protocol_wire.h"

#include <boost/test/unit_test.hpp>

#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include "services/idl/wire_status.h"

namespace grove::idl {
namespace {

using apache::thrift::protocol::TBinaryProtocol;
using apache::thrift::transport::TMemoryBuffer;

// Serializes a wire value to Thrift's binary protocol and reads it back, as the network would.
template <typename Wire>
Wire through_bytes(const Wire& value) {
  auto buffer = std::make_shared<TMemoryBuffer>();
  TBinaryProtocol out(buffer);
  value.write(&out);
  Wire back;
  TBinaryProtocol in(buffer);
  back.read(&in);
  return back;
}

template <typename Wire>
std::vector<Wire> through_bytes(const std::vector<Wire>& values) {
  std::vector<Wire> back;
  for (const Wire& v : values) back.push_back(through_bytes(v));
  return back;
}

template <typename Message>
Message round_trip(const Message& message) {
  return from_wire(through_bytes(to_wire(Message(message))));
}

protocol::QueryTree sample_tree() {
  protocol::QueryTree tree;
  tree.nodes.push_back({.kind = protocol::QueryNodeKind::kAnd, .children = {1, 2, 3}});
  tree.nodes.push_back({.kind = protocol::QueryNodeKind::kTerm, .field = "title", .term = "love", .weight = 150});
  tree.nodes.push_back({.kind = protocol::QueryNodeKind::kPhrase, .field = "body", .phrase_terms = {"a", "b"}});
  tree.nodes.push_back({.kind = protocol::QueryNodeKind::kRange, .field = "year", .lower = 1900.5,
                        .upper_inclusive = false});
  tree.nodes.push_back({.kind = protocol::QueryNodeKind::kWeakAnd, .target_hits = 7});
  tree.root = 0;
  return tree;
}

protocol::GlobalStats sample_stats() {
  return {.total_documents = 1234,
          .terms = {{"title", "love", 17}, {"body", "night", 3}},
          .fields = {{"title", 4000, 1200}}};
}

// Every field set, none to its default; the bucket id uses the top bit (negative as i64).
protocol::BucketInfo sample_info(uint64_t bucket) {
  return {.bucket = bucket, .document_count = 3, .checksum = -5, .ready = true, .active = true,
          .tombstone_count = 2, .total_bytes = 1234, .previous_active = true};
}

// A put with a document that holds a NUL byte, and a tombstone.
std::vector<protocol::BucketEntry> sample_entries() {
  return {{std::string(12, 'a'), 10, false, std::string("d\0c", 3)}, {std::string(12, 'b'), 11, true, ""}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(protocol_wire)

BOOST_AUTO_TEST_CASE(ping_reply_round_trips) {
  protocol::PingReply ping{.state = protocol::NodeServiceState::kStopping, .distribution_key = 7,
                           .cluster = "music", .active_docs = 10, .total_docs = 20, .buckets = 3,
                           .config_generation = 4, .static_query_cost_ms = 0.25,
                           .document_query_cost_ms = 0.001, .cluster_state_version = 12};
  BOOST_TEST((round_trip(ping) == ping));
  // The layout ids are u64 carried as i64: the top bit survives.
  ping.layout_id = 0xfedcba9876543210ULL;
  ping.previous_layout_id = 0x8000000000000001ULL;
  ping.previous_layout_docs = 1234;
  ping.maintenance = {.state_version = 9, .layout = 0xffffffffffffffffULL, .buckets = 100, .pending = 40,
                      .pending_merge = 30, .too_few_copies = 20, .too_many_copies = 10, .out_of_sync = 5,
                      .without_active = 2, .documents_moved = 5000, .bytes_moved = 1 << 30, .cycles = 7,
                      .roles_pending = 3};
  BOOST_TEST((round_trip(ping) == ping));
  BOOST_TEST(round_trip(ping).maintenance.layout == 0xffffffffffffffffULL);
  // A node that runs no maintenance sends none; the reader gets the all-zero report.
  ping.maintenance = {};
  BOOST_TEST((round_trip(ping) == ping));
}

BOOST_AUTO_TEST_CASE(set_cluster_state_round_trips) {
  protocol::SetClusterStateRequest request{"version:12 distributor:4 storage:4 .1.s:d"};
  BOOST_TEST((round_trip(request) == request));
  protocol::SetClusterStateReply reply{.version = 12};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(search_request_round_trips_with_and_without_optional_fields) {
  protocol::SearchRequest request{.document_type = "music", .query = sample_tree(), .rank_profile = "fresh",
                                  .hits = 30, .offset = 5, .sort = {{"year", false}, {"title", true}},
                                  .global_stats = sample_stats(), .rank_inputs = {{"boost", 2.5}},
                                  .trace_level = 2, .layout = 0x9abcdef012345678ULL};
  BOOST_TEST((round_trip(request) == request));
  request.layout = 0;  // unset on the wire: the node's current layout
  BOOST_TEST((round_trip(request) == request));
  request.global_stats.reset();
  request.query.nodes[3].lower.reset();
  request.query.nodes[3].upper = 2000;
  BOOST_TEST((round_trip(request) == request));
  BOOST_TEST(!round_trip(request).global_stats.has_value());
}

BOOST_AUTO_TEST_CASE(search_reply_round_trips) {
  protocol::SearchReply reply{.hits = {{std::string(12, 'a'), 1.5, std::nullopt, 3},
                                       {std::string(12, '\0'), -2, std::string("\x01\xff", 2), 65535}},
                              .total_hits = 99,
                              .metrics = {5, 6, 0.5, 0.25, 1.0},
                              .total_hits_exact = false};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(term_stats_round_trip) {
  protocol::TermStatsRequest request{.document_type = "music", .query = sample_tree()};
  BOOST_TEST((term_stats_from_wire(through_bytes(to_wire(request))) == request));
  protocol::TermStatsReply reply{sample_stats()};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(docsum_round_trips) {
  protocol::DocsumRequest request{.document_type = "music", .summary_class = "short",
                                  .gids = {std::string(12, 'x'), std::string(12, 'y')}};
  BOOST_TEST((round_trip(request) == request));
  protocol::DocsumReply reply{{{std::string(12, 'x'), true, R"({"title":"a"})"}, {std::string(12, 'y'), false, ""}}};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(get_and_visit_round_trip) {
  protocol::GetRequest get{"id:music:music::a"};
  BOOST_TEST((round_trip(get) == get));
  protocol::GetReply got{.found = true, .timestamp = 123, .removed = true, .fields_json = "{}"};
  BOOST_TEST((round_trip(got) == got));
  protocol::VisitRequest visit{.document_type = "music", .after_bucket = 0xEC00000000001234ULL,
                               .after_gid = std::string(12, 'g'), .max_documents = 50,
                               .selection = "music.year > 2000"};
  BOOST_TEST((round_trip(visit) == visit));
  visit.selection.reset();
  BOOST_TEST((round_trip(visit) == visit));
  protocol::VisitReply page{.documents = {{"id:music:music::a", R"({"a":1})", 5}}, .done = true,
                            .last_bucket = 0xEC00000000000001ULL, .last_gid = std::string(12, 'h')};
  BOOST_TEST((round_trip(page) == page));
}

BOOST_AUTO_TEST_CASE(feed_batch_round_trips_every_operation_kind) {
  protocol::FeedBatchRequest request;
  request.operations.push_back({protocol::FeedPut{"id:a:a::1", std::string("\0doc", 4), "a.x == 1"}, 250});
  request.operations.push_back({protocol::FeedPut{"id:a:a::2", "doc", std::nullopt}, std::nullopt});
  request.operations.push_back({protocol::FeedUpdate{"id:a:a::3", R"({"fields":{}})", std::nullopt, true}, 10});
  request.operations.push_back({protocol::FeedUpdate{"id:a:a::4", "{}", "true", false}, std::nullopt});
  request.operations.push_back({protocol::FeedRemove{"id:a:a::5", "false"}, 1});
  request.operations.push_back({protocol::FeedRemove{"id:a:a::6", std::nullopt}, std::nullopt});
  Result<protocol::FeedBatchRequest> back = from_wire(through_bytes(to_wire(request)));
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST((*back == request));

  protocol::FeedBatchReply reply{{{protocol::FeedOutcome::kOk, 77, "", 3, "", std::nullopt},
                                  {protocol::FeedOutcome::kWrongDistribution, 0, "not mine", 4,
                                   "version:4 distributor:2 storage:2", std::nullopt},
                                  {protocol::FeedOutcome::kOk, 0, "busy", 0, "", StatusCode::kResourceExhausted}}};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(a_feed_operation_that_is_none_of_the_three_is_refused) {
  std::vector<wire::FeedOperation> operations(1);
  Result<protocol::FeedBatchRequest> back = from_wire(std::move(operations));
  BOOST_TEST(back.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(back.status().message().find("exactly one of put, update and remove") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(write_batch_round_trips) {
  protocol::WriteBatchRequest request{{{"id:a:a::1", 10, false, std::string("d\0c", 3), true},
                                       {"id:a:a::2", 11, true, "", false}}};
  BOOST_TEST((round_trip(request) == request));
  protocol::WriteBatchReply reply{{{true, std::nullopt, ""}, {false, StatusCode::kIoError, "disk"}}};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(a_replica_write_from_an_older_distributor_is_not_for_a_new_bucket) {
  wire::ReplicaWrite old;
  old.document_id = "id:a:a::1";
  old.timestamp = 10;
  protocol::WriteBatchRequest back = from_wire(through_bytes(std::vector<wire::ReplicaWrite>{old}));
  BOOST_TEST(!back.writes.at(0).new_bucket);
}

BOOST_AUTO_TEST_CASE(list_buckets_round_trips) {
  protocol::ListBucketsRequest request{{0xEC00000000000001ULL, 7}};
  BOOST_TEST((round_trip(request) == request));
  BOOST_TEST((round_trip(protocol::ListBucketsRequest{}) == protocol::ListBucketsRequest{}));
  protocol::ListBucketsReply reply{{sample_info(0xEC00000000000001ULL), {1, 0, 0, false, true, 0, 0}}};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(bucket_info_from_an_older_node_has_no_tombstones_or_size) {
  wire::BucketInfo old;
  old.bucket = 5;
  old.document_count = 2;
  protocol::ListBucketsReply back = from_wire(through_bytes(std::vector<wire::BucketInfo>{old}));
  BOOST_TEST((back.buckets.at(0) == protocol::BucketInfo{.bucket = 5, .document_count = 2}));
}

BOOST_AUTO_TEST_CASE(bucket_entries_round_trip) {
  protocol::BucketEntriesRequest request{{0xEC00000000000001ULL, 2}};
  BOOST_TEST((round_trip(request) == request));
  protocol::BucketEntriesReply reply{{{0xEC00000000000001ULL, {{std::string(12, 'a'), 10, false},
                                                               {std::string(12, '\0'), 11, true}}},
                                      {2, {}}}};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(fetch_entries_round_trip) {
  protocol::FetchEntriesRequest request{{{0xEC00000000000001ULL, {std::string(12, 'a'), std::string(12, 'b')}},
                                         {3, {}}}};
  BOOST_TEST((round_trip(request) == request));
  protocol::FetchEntriesReply reply{{{0xEC00000000000001ULL, sample_entries()}, {3, {}}}};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(apply_entries_round_trip) {
  protocol::ApplyEntriesRequest request{{{0xEC00000000000001ULL, sample_entries()}, {4, {}}}};
  BOOST_TEST((round_trip(request) == request));
  protocol::ApplyEntriesReply reply{.applied = 2, .buckets = {sample_info(0xEC00000000000001ULL), sample_info(4)}};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(set_bucket_states_round_trip) {
  protocol::SetBucketStatesRequest request{{{0xEC00000000000001ULL, true, true}, {5, true, false}, {6, false, false}}};
  BOOST_TEST((round_trip(request) == request));
  protocol::SetBucketStatesReply reply{{sample_info(0xEC00000000000001ULL), {5, 0, 0, true, false, 0, 0}}};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(delete_buckets_round_trip) {
  protocol::DeleteBucketsRequest request{{0xEC00000000000001ULL, 8}};
  BOOST_TEST((round_trip(request) == request));
  protocol::DeleteBucketsReply reply{.documents = 42};
  BOOST_TEST((round_trip(reply) == reply));
}

BOOST_AUTO_TEST_CASE(every_status_code_crosses_the_wire_both_ways) {
  for (StatusCode code : {StatusCode::kNotFound, StatusCode::kInvalidArgument, StatusCode::kCorruption,
                          StatusCode::kIoError, StatusCode::kUnavailable, StatusCode::kDeadlineExceeded,
                          StatusCode::kResourceExhausted, StatusCode::kInternal}) {
    Status status(code, "why");
    Status back = status_from_wire(through_bytes(status_to_wire(status)));
    BOOST_TEST((back.code() == code));
    BOOST_TEST(back.message() == "why");
    BOOST_TEST((code_from_wire(code_to_wire(code)) == code));
  }
  BOOST_TEST((code_to_wire(StatusCode::kOk) == wire::ErrorCode::INTERNAL));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::idl
