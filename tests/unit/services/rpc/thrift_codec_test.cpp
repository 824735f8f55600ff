#include "services/rpc/thrift_codec.h"

#include <boost/test/unit_test.hpp>

#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

namespace grove::rpc {

namespace {

using apache::thrift::protocol::T_CALL;
using apache::thrift::protocol::T_EXCEPTION;
using apache::thrift::protocol::T_REPLY;
using apache::thrift::protocol::TBinaryProtocol;
using apache::thrift::protocol::TMessageType;
using apache::thrift::transport::TMemoryBuffer;

wire::SearchRequest sample_request() {
  wire::SearchRequest request;
  request.document_type = "music";
  request.hits = 17;
  request.query.nodes.resize(1);
  request.query.nodes[0].kind = wire::QueryNodeKind::TERM;
  request.query.nodes[0].field = "title";
  request.query.nodes[0].term = "yellow";
  return request;
}

std::string encode_search(const wire::SearchRequest& request, int32_t timeout_ms) {
  wire::CallContext ctx;
  ctx.timeout_ms = timeout_ms;
  auto frame = ThriftCodec::for_this_thread().encode(
      [&](wire::ContentServiceClient& c) { c.send_search(ctx, request); });
  BOOST_REQUIRE(frame.ok());
  return std::move(frame).value();
}

// What a server reads from a call frame.
template <typename Request>
struct Call {
  std::string name;
  wire::CallContext ctx;
  Request request;
};

// Reads a call whose args struct is `Args` (the generated args structs cannot be moved, so the
// parts are copied out).
template <typename Args>
Call<decltype(Args::request)> read_call(const std::string& frame) {
  auto buffer = std::make_shared<TMemoryBuffer>();
  buffer->write(reinterpret_cast<const uint8_t*>(frame.data()) + kFrameHeaderBytes,
                static_cast<uint32_t>(frame.size() - kFrameHeaderBytes));
  TBinaryProtocol protocol(buffer);
  std::string name;
  TMessageType type;
  int32_t seqid = 0;
  protocol.readMessageBegin(name, type, seqid);
  BOOST_TEST(type == T_CALL);
  Args args;
  args.read(&protocol);
  return {name, args.ctx, args.request};
}

using SearchCall = Call<wire::SearchRequest>;

SearchCall read_search_call(const std::string& frame) { return read_call<wire::ContentService_search_args>(frame); }

template <typename Send>
std::string encode_call(Send&& send) {
  auto frame = ThriftCodec::for_this_thread().encode(std::forward<Send>(send));
  BOOST_REQUIRE(frame.ok());
  return std::move(frame).value();
}

// A reply message as a node writes it, built by `write(protocol)`.
template <typename Write>
std::string reply_body(const std::string& name, TMessageType type, Write&& write) {
  auto buffer = std::make_shared<TMemoryBuffer>();
  TBinaryProtocol protocol(buffer);
  protocol.writeMessageBegin(name, type, 0);
  write(protocol);
  protocol.writeMessageEnd();
  return buffer->getBufferAsString();
}

std::string ping_reply_body(int16_t key) {
  return reply_body("ping", T_REPLY, [&](TBinaryProtocol& p) {
    wire::ContentService_ping_result result;
    result.success.distribution_key = key;
    result.success.cluster = "music";
    result.__isset.success = true;
    result.write(&p);
  });
}

Decoded<wire::PingReply> decode_ping(std::string_view body) {
  return ThriftCodec::for_this_thread().decode<wire::PingReply>(
      body, [](wire::ContentServiceClient& c, wire::PingReply& r) { c.recv_ping(r); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(thrift_codec)

BOOST_AUTO_TEST_CASE(encoded_call_is_one_frame_announcing_its_body_length) {
  std::string frame = encode_search(sample_request(), 500);
  BOOST_REQUIRE_GT(frame.size(), kFrameHeaderBytes);
  BOOST_TEST(frame_length(reinterpret_cast<const uint8_t*>(frame.data())) == frame.size() - kFrameHeaderBytes);
  SearchCall call = read_search_call(frame);
  BOOST_TEST(call.name == "search");
  BOOST_TEST(call.ctx.timeout_ms == 500);
  BOOST_TEST(call.request == sample_request());
}

BOOST_AUTO_TEST_CASE(frame_timeout_is_rewritten_in_place_and_leaves_the_request_intact) {
  std::string frame = encode_search(sample_request(), 500);
  size_t size = frame.size();
  set_frame_timeout(frame, 37);
  BOOST_TEST(frame.size() == size);
  SearchCall call = read_search_call(frame);
  BOOST_TEST(call.ctx.timeout_ms == 37);
  BOOST_TEST(call.request == sample_request());
}

BOOST_AUTO_TEST_CASE(frame_timeout_is_found_for_every_method_name_length) {
  wire::CallContext ctx;
  ctx.timeout_ms = 1;
  std::string ping = encode_call([&](wire::ContentServiceClient& c) { c.send_ping(ctx); });
  std::string buckets = encode_call([&](wire::ContentServiceClient& c) {
    wire::ListBucketsRequest request;
    request.buckets = {5, 6};
    c.send_list_buckets(ctx, request);
  });
  std::string states = encode_call([&](wire::ContentServiceClient& c) {
    wire::SetBucketStatesRequest request;
    request.states.resize(2);
    c.send_set_bucket_states(ctx, request);
  });
  set_frame_timeout(ping, 2'000'000'000);
  set_frame_timeout(buckets, 9);
  set_frame_timeout(states, 77);
  // Ping's value is the last four bytes of its args struct (before two stop bytes).
  const auto* p = reinterpret_cast<const uint8_t*>(ping.data() + ping.size() - 6);
  BOOST_TEST(static_cast<int32_t>((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) == 2'000'000'000);
  auto list_call = read_call<wire::ContentService_list_buckets_args>(buckets);
  BOOST_TEST(list_call.name == "list_buckets");
  BOOST_TEST(list_call.ctx.timeout_ms == 9);
  BOOST_TEST(list_call.request.buckets == (std::vector<int64_t>{5, 6}));
  auto states_call = read_call<wire::ContentService_set_bucket_states_args>(states);
  BOOST_TEST(states_call.name == "set_bucket_states");
  BOOST_TEST(states_call.ctx.timeout_ms == 77);
  BOOST_TEST(states_call.request.states.size() == 2u);
}

BOOST_AUTO_TEST_CASE(apply_entries_call_carries_its_documents_whole) {
  wire::CallContext ctx;
  ctx.timeout_ms = 40;
  wire::ApplyEntriesRequest request;
  request.buckets.resize(1);
  request.buckets[0].bucket = -3;  // a bucket id with the top bit set
  request.buckets[0].entries.resize(2);
  request.buckets[0].entries[0].gid = std::string(12, 'g');
  request.buckets[0].entries[0].document = std::string("\0doc\0", 5);
  request.buckets[0].entries[1].tombstone = true;
  std::string frame = encode_call([&](wire::ContentServiceClient& c) { c.send_apply_entries(ctx, request); });
  set_frame_timeout(frame, 39);
  auto call = read_call<wire::ContentService_apply_entries_args>(frame);
  BOOST_TEST(call.name == "apply_entries");
  BOOST_TEST(call.ctx.timeout_ms == 39);
  BOOST_TEST(call.request == request);
}

BOOST_AUTO_TEST_CASE(reply_decodes_to_the_typed_result) {
  auto decoded = decode_ping(ping_reply_body(3));
  BOOST_TEST(decoded.well_formed);
  BOOST_REQUIRE(decoded.result.ok());
  BOOST_TEST(decoded.result->distribution_key == 3);
  BOOST_TEST(decoded.result->cluster == "music");
}

BOOST_AUTO_TEST_CASE(grove_error_reply_becomes_its_status_and_is_well_formed) {
  std::string body = reply_body("ping", T_REPLY, [](TBinaryProtocol& p) {
    wire::ContentService_ping_result result;
    result.error.code = wire::ErrorCode::NOT_FOUND;
    result.error.message = "no such thing";
    result.__isset.error = true;
    result.write(&p);
  });
  auto decoded = decode_ping(body);
  BOOST_TEST(decoded.well_formed);
  BOOST_TEST(decoded.result.status().code() == StatusCode::kNotFound);
  BOOST_TEST(decoded.result.status().message() == "no such thing");
}

BOOST_AUTO_TEST_CASE(application_exception_becomes_internal_and_is_well_formed) {
  std::string body = reply_body("ping", T_EXCEPTION, [](TBinaryProtocol& p) {
    apache::thrift::TApplicationException x(apache::thrift::TApplicationException::UNKNOWN_METHOD, "no ping");
    x.write(&p);
  });
  auto decoded = decode_ping(body);
  BOOST_TEST(decoded.well_formed);
  BOOST_TEST(decoded.result.status().code() == StatusCode::kInternal);
  BOOST_TEST(decoded.result.status().message().find("no ping") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(garbage_and_truncated_replies_are_malformed) {
  for (std::string body : {std::string("\x01\x02\x03", 3), ping_reply_body(1).substr(0, 20),
                           ping_reply_body(1) + "extra"}) {
    auto decoded = decode_ping(body);
    BOOST_TEST(!decoded.well_formed);
    BOOST_TEST(decoded.result.status().code() == StatusCode::kUnavailable);
  }
}

BOOST_AUTO_TEST_CASE(reply_to_another_method_is_malformed) {
  auto decoded = ThriftCodec::for_this_thread().decode<wire::SearchReply>(
      ping_reply_body(1), [](wire::ContentServiceClient& c, wire::SearchReply& r) { c.recv_search(r); });
  BOOST_TEST(!decoded.well_formed);
  BOOST_TEST(decoded.result.status().code() == StatusCode::kUnavailable);
}

BOOST_AUTO_TEST_CASE(large_request_is_encoded_whole_and_the_codec_stays_usable) {
  wire::SearchRequest big = sample_request();
  big.document_type = std::string(3 << 20, 'x');
  std::string frame = encode_search(big, 5);
  BOOST_TEST(read_search_call(frame).request.document_type.size() == size_t{3} << 20);
  BOOST_TEST(read_search_call(encode_search(sample_request(), 6)).ctx.timeout_ms == 6);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::rpc
