// System test: a real grove-content process on 127.0.0.1, reached over Thrift, stopped by pid.

#include <signal.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSocket.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <thread>

#include "services/idl/ContentService.h"
#include "tests/system/child_process.h"
#include "tests/system/http_get.h"

namespace grove::testing {

namespace {

using apache::thrift::protocol::TBinaryProtocol;
using apache::thrift::transport::TFramedTransport;
using apache::thrift::transport::TSocket;

const std::string kBinary = std::string(GROVE_BIN_DIR) + "/grove-content";

struct Client {
  std::shared_ptr<TSocket> socket;
  std::shared_ptr<TFramedTransport> transport;
  std::unique_ptr<wire::ContentServiceClient> rpc;
};

// Connects, retrying for up to 10 s while the node starts.
std::optional<Client> connect(uint16_t port) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    Client c;
    c.socket = std::make_shared<TSocket>("127.0.0.1", port);
    c.socket->setConnTimeout(1000);
    c.socket->setRecvTimeout(5000);
    c.transport = std::make_shared<TFramedTransport>(c.socket);
    try {
      c.transport->open();
      c.rpc = std::make_unique<wire::ContentServiceClient>(std::make_shared<TBinaryProtocol>(c.transport));
      return c;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return std::nullopt;
}

struct Node {
  std::string dir = make_temp_dir("grove-content-test");
  uint16_t port = free_port();
  uint16_t http_port = free_port();
  std::optional<ChildProcess> process = ChildProcess::start(
      {kBinary, "--data-dir", dir + "/data", "--port", std::to_string(port), "--http-port",
       std::to_string(http_port), "--cluster", "music", "--key", "3"},
      dir + "/node.log");
  ~Node() {
    process.reset();
    std::filesystem::remove_all(dir);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(content_node)

BOOST_AUTO_TEST_CASE(answers_ping_with_its_identity_and_stops_cleanly_on_sigterm) {
  Node node;
  BOOST_REQUIRE(node.process.has_value());
  auto client = connect(node.port);
  BOOST_REQUIRE_MESSAGE(client.has_value(), "grove-content did not accept connections");
  wire::CallContext ctx;
  ctx.timeout_ms = 1000;
  wire::PingReply reply;
  client->rpc->ping(reply, ctx);
  BOOST_TEST(reply.state == wire::NodeServiceState::UP);
  BOOST_TEST(reply.distribution_key == 3);
  BOOST_TEST(reply.cluster == "music");
  BOOST_TEST(std::filesystem::is_directory(node.dir + "/data"));

  node.process->signal(SIGTERM);
  BOOST_TEST(node.process->wait_exit(std::chrono::seconds(20)).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(serves_health_and_metrics_over_http) {
  Node node;
  BOOST_REQUIRE(connect(node.port).has_value());
  HttpResult health = http_get(node.http_port, "/state/v1/health");
  BOOST_TEST(health.status == 200);
  BOOST_TEST(health.body == R"({"status":{"code":"up"}})");
  HttpResult metrics = http_get(node.http_port, "/state/v1/metrics");
  BOOST_TEST(metrics.status == 200);
  BOOST_TEST(metrics.body.find(R"("status":{"code":"up"})") != std::string::npos, metrics.body);
  BOOST_TEST(http_get(node.http_port, "/prometheus/v1/values").status == 200);
  BOOST_TEST(http_get(node.http_port, "/nope").status == 404);
}

BOOST_AUTO_TEST_CASE(call_arriving_past_its_deadline_is_refused) {
  Node node;
  auto client = connect(node.port);
  BOOST_REQUIRE(client.has_value());
  wire::CallContext ctx;
  ctx.timeout_ms = 0;
  wire::PingReply reply;
  try {
    client->rpc->ping(reply, ctx);
    BOOST_FAIL("ping past its deadline was executed");
  } catch (const wire::GroveError& e) {
    BOOST_TEST(e.code == wire::ErrorCode::DEADLINE_EXCEEDED);
    BOOST_TEST(e.message.find("deadline") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(bad_arguments_exit_2_with_usage) {
  std::string dir = make_temp_dir("grove-content-args");
  auto bad_port = ChildProcess::start({kBinary, "--data-dir", dir, "--port", "http"}, dir + "/a.log");
  BOOST_REQUIRE(bad_port.has_value());
  BOOST_TEST(bad_port->wait_exit(std::chrono::seconds(10)).value_or(-1) == 2);
  auto unknown = ChildProcess::start({kBinary, "--frobnicate", "1"}, dir + "/b.log");
  BOOST_REQUIRE(unknown.has_value());
  BOOST_TEST(unknown->wait_exit(std::chrono::seconds(10)).value_or(-1) == 2);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
