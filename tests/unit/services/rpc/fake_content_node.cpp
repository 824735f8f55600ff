#include "tests/unit/services/rpc/fake_content_node.h"

#include <arpa/inet.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <vector>

#include "services/idl/ContentService.h"

namespace grove::rpc::testing {

namespace asio = boost::asio;
using asio::ip::tcp;
using apache::thrift::protocol::TBinaryProtocol;
using apache::thrift::transport::TMemoryBuffer;

namespace {

class Handler : public wire::ContentServiceNull {
 public:
  void ping(wire::PingReply& reply, const wire::CallContext&) override {
    reply.state = wire::NodeServiceState::UP;
    reply.distribution_key = 7;
    reply.cluster = "fake";
  }
  void search(wire::SearchReply& reply, const wire::CallContext&, const wire::SearchRequest& request) override {
    if (!request.query.nodes.empty() && request.query.nodes[0].field == "unknown") {
      wire::GroveError error;
      error.code = wire::ErrorCode::INVALID_ARGUMENT;
      error.message = "unknown field 'unknown'";
      throw error;
    }
    reply.total_hits = request.hits;
    for (int32_t i = 0; i < request.hits; ++i) {  // hits make a large request a large reply
      wire::SearchHit hit;
      hit.gid = std::string(12, static_cast<char>(i));
      hit.relevance = 1.0 / (1 + i);
      reply.hits.push_back(std::move(hit));
    }
  }
  void get(wire::GetReply& reply, const wire::CallContext&, const wire::GetRequest& request) override {
    if (request.document_id == "explode") throw std::runtime_error("handler exploded");
    reply.found = true;
    reply.fields_json = "{}";
  }
  void put(wire::FeedReply& reply, const wire::FeedPutRequest& request) {
    if (request.document_id.ends_with("::elsewhere")) {
      reply.outcome = wire::FeedOutcome::WRONG_DISTRIBUTION;
      reply.cluster_state_version = 3;
      reply.cluster_state = "version:3 distributor:2 storage:2";
      return;
    }
    reply.outcome = wire::FeedOutcome::OK;
    reply.timestamp = static_cast<int64_t>(request.document.size());
  }
  void update(wire::FeedReply& reply, const wire::FeedUpdateRequest& request) {
    if (request.__isset.condition && request.condition == "bad") {
      wire::GroveError error;
      error.code = wire::ErrorCode::INVALID_ARGUMENT;
      error.message = "bad condition";
      throw error;
    }
    reply.outcome = request.create ? wire::FeedOutcome::OK : wire::FeedOutcome::NOT_FOUND;
    reply.message = request.update_json;
  }
  void remove(wire::FeedReply& reply, const wire::FeedRemoveRequest& request) {
    reply.outcome = request.__isset.condition ? wire::FeedOutcome::CONDITION_NOT_MET : wire::FeedOutcome::OK;
  }
  // Each operation as put/update/remove above answer it; a GroveError becomes the reply's error.
  void feed_batch(std::vector<wire::FeedReply>& replies, const wire::CallContext&,
                  const std::vector<wire::FeedOperation>& operations) override {
    for (const wire::FeedOperation& op : operations) {
      wire::FeedReply reply;
      try {
        if (op.__isset.put) put(reply, op.put);
        else if (op.__isset.update) update(reply, op.update);
        else remove(reply, op.remove);
      } catch (const wire::GroveError& e) {
        reply.__set_error(e.code);
        reply.message = e.message;
      }
      replies.push_back(std::move(reply));
    }
  }
  // Documents after_bucket+1, +2, ... up to max_documents, done after bucket 5.
  void visit(wire::VisitReply& reply, const wire::CallContext&, const wire::VisitRequest& request) override {
    int64_t bucket = request.after_bucket;
    for (int i = 0; i < request.max_documents && bucket < 5; ++i) {
      ++bucket;
      wire::VisitedDocument doc;
      doc.document_id = "id:ns:" + request.document_type + "::" + std::to_string(bucket);
      doc.fields_json = "{}";
      reply.documents.push_back(std::move(doc));
    }
    reply.done = bucket >= 5;
    reply.last_bucket = bucket;
    reply.last_gid = std::string(12, static_cast<char>(bucket));
  }
};

// Runs one request body through the generated processor; returns the reply frame.
std::string process(wire::ContentServiceProcessor& processor, std::string& body) {
  auto in = std::make_shared<TMemoryBuffer>(reinterpret_cast<uint8_t*>(body.data()),
                                            static_cast<uint32_t>(body.size()));
  auto out = std::make_shared<TMemoryBuffer>();
  auto in_protocol = std::make_shared<TBinaryProtocol>(in);
  auto out_protocol = std::make_shared<TBinaryProtocol>(out);
  processor.process(in_protocol, out_protocol, nullptr);
  std::string message = out->getBufferAsString();
  uint32_t length = htonl(static_cast<uint32_t>(message.size()));
  return std::string(reinterpret_cast<const char*>(&length), 4) + message;
}

}  // namespace

struct FakeContentNode::Server {
  explicit Server(FakeContentNode& owner)
      : owner(owner), acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        processor(std::make_shared<Handler>()) {}

  struct Session : std::enable_shared_from_this<Session> {
    Session(Server& server, tcp::socket socket) : server(server), socket(std::move(socket)) {}
    void read_header() {
      auto self = shared_from_this();
      asio::async_read(socket, asio::buffer(header), [self](boost::system::error_code ec, size_t) {
        if (ec) return;
        uint32_t length;
        std::memcpy(&length, self->header, 4);
        self->body.resize(ntohl(length));
        asio::async_read(self->socket, asio::buffer(self->body),
                         [self](boost::system::error_code ec, size_t) { if (!ec) self->on_request(); });
      });
    }
    void on_request() {
      server.owner.requests_++;
      switch (server.owner.mode_.load()) {
        case Mode::kHold: return read_header();
        case Mode::kGarbageFrame: reply = std::string(4, '\xff'); break;
        case Mode::kAnswer: reply = process(server.processor, body); break;
        case Mode::kTrailingBytes: reply = process(server.processor, body) + "xyz"; break;
        case Mode::kTrickle: {
          // Blocking writes on the fake's own thread: this test double serves one reply at a time.
          reply = process(server.processor, body);
          const size_t half = 4 + (reply.size() - 4) / 2;
          boost::system::error_code ec;
          asio::write(socket, asio::buffer(reply.data(), 4), ec);
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          asio::write(socket, asio::buffer(reply.data() + 4, half - 4), ec);
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          asio::write(socket, asio::buffer(reply.data() + half, reply.size() - half), ec);
          if (!ec) read_header();
          return;
        }
      }
      auto self = shared_from_this();
      asio::async_write(socket, asio::buffer(reply), [self](boost::system::error_code ec, size_t) {
        if (!ec) self->read_header();
      });
    }
    Server& server;
    tcp::socket socket;
    uint8_t header[4];
    std::string body;
    std::string reply;
  };

  void accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      owner.accepted_++;
      auto session = std::make_shared<Session>(*this, std::move(socket));
      sessions.push_back(session);
      session->read_header();
      accept();
    });
  }

  FakeContentNode& owner;
  asio::io_context io;
  tcp::acceptor acceptor;
  wire::ContentServiceProcessor processor;
  std::vector<std::weak_ptr<Session>> sessions;  // confined to the server thread
};

FakeContentNode::FakeContentNode() : server_(std::make_unique<Server>(*this)) {
  server_->accept();
  thread_ = std::thread([this] { server_->io.run(); });
}

FakeContentNode::~FakeContentNode() {
  server_->io.stop();
  thread_.join();
}

uint16_t FakeContentNode::port() const { return server_->acceptor.local_endpoint().port(); }

void FakeContentNode::close_connections() {
  asio::post(server_->io, [this] {
    for (auto& weak : server_->sessions) {
      if (auto session = weak.lock()) session->socket.close();
    }
  });
}

}  // namespace grove::rpc::testing
