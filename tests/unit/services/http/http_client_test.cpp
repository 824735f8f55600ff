#include "services/http/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "services/http/http_server.h"

namespace grove::http {

namespace {

using namespace std::chrono_literals;

// Answers /state/v1/health with 200 and any other path with 404, both naming the path.
struct PathServer {
  PathServer()
      : server({}, [](HttpRequest req, HttpResponder respond) {
          int status = req.path == "/state/v1/health" ? 200 : 404;
          respond(HttpResponse::json(status, "{\"path\":\"" + req.path + "\"}"));
        }) {
    BOOST_REQUIRE(server.start().ok());
  }
  HttpServer server;
};

// A socket on 127.0.0.1 that listens but never accepts: the kernel completes the handshake, and
// nothing ever answers.
struct SilentListener {
  SilentListener() {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    BOOST_REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    BOOST_REQUIRE(listen(fd, 4) == 0);
    BOOST_REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port = ntohs(addr.sin_port);
  }
  ~SilentListener() { close(fd); }
  int fd = -1;
  uint16_t port = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(http_client)

BOOST_AUTO_TEST_CASE(http_get_returns_the_status_and_body) {
  PathServer s;
  HttpReply health = http_get("127.0.0.1", s.server.port(), "/state/v1/health");
  BOOST_TEST(health.status == 200);
  BOOST_TEST(health.body == R"({"path":"/state/v1/health"})");
  BOOST_TEST(health.content_type == "application/json");
  BOOST_TEST(http_get("127.0.0.1", s.server.port(), "/nope").status == 404);
}

BOOST_AUTO_TEST_CASE(http_get_without_a_server_is_status_0_and_http_request_says_why) {
  constexpr uint16_t kNothingListens = 1;  // a privileged port no test server takes
  HttpReply reply = http_get("127.0.0.1", kNothingListens, "/state/v1/health", 2s);
  BOOST_TEST(reply.status == 0);
  BOOST_TEST(reply.body.empty());
  Result<HttpReply> why =
      http_request("127.0.0.1", kNothingListens, "GET", "/state/v1/health", {}, {}, 2s);
  BOOST_REQUIRE(!why.ok());
  BOOST_TEST((why.status().code() == StatusCode::kUnavailable));
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_times_out_on_time) {
  SilentListener silent;
  auto started = std::chrono::steady_clock::now();
  Result<HttpReply> reply = http_request("127.0.0.1", silent.port, "GET", "/", {}, {}, 300ms);
  auto elapsed = std::chrono::steady_clock::now() - started;
  BOOST_REQUIRE(!reply.ok());
  BOOST_TEST((reply.status().code() == StatusCode::kDeadlineExceeded), reply.status().to_string());
  BOOST_TEST(elapsed >= 300ms);
  BOOST_TEST(elapsed < 5s);
  BOOST_TEST(http_get("127.0.0.1", silent.port, "/", 300ms).status == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::http
