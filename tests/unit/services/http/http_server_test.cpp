#include "services/http/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <thread>

namespace grove::http {

namespace {

// A blocking test client on one TCP connection to 127.0.0.1.
class RawClient {
 public:
  explicit RawClient(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawClient() { close(fd_); }
  bool connected() const { return connected_; }

  // Sends raw bytes and reads one response (headers + Content-Length body).
  std::string roundtrip(const std::string& request) {
    ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
    return read_response();
  }

  std::string read_response() {
    std::string data;
    char buf[4096];
    while (true) {
      size_t header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        size_t cl = data.find("Content-Length: ");
        size_t length = cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 16));
        if (data.size() >= header_end + 4 + length) return data.substr(0, header_end + 4 + length);
      }
      ssize_t n = recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) return data;
      data.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

std::string get(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

struct EchoServer {
  explicit EchoServer(HttpServerOptions options = {}) : server(options, [](HttpRequest req, HttpResponder respond) {
    if (req.path == "/later") {
      // Answer from another thread, as a scatter-gather handler would.
      std::thread([respond] { respond(HttpResponse::json(200, R"({"later":true})")); }).detach();
      return;
    }
    const std::string* q = req.param("q");
    std::string body = "{\"method\":\"" + req.method + "\",\"path\":\"" + req.path + "\",\"q\":\"" +
                       (q ? *q : "") + "\",\"body\":\"" + req.body + "\"}";
    respond(HttpResponse::json(200, body));
  }) {
    BOOST_REQUIRE(server.start().ok());
  }
  HttpServer server;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(http_server)

BOOST_AUTO_TEST_CASE(serves_several_requests_on_one_kept_alive_connection) {
  EchoServer s;
  RawClient c(s.server.port());
  BOOST_REQUIRE(c.connected());
  std::string first = c.roundtrip(get("/search/?q=hello%20world+again"));
  BOOST_TEST(contains(first, "HTTP/1.1 200"), first);
  BOOST_TEST(contains(first, R"("q":"hello world again")"), first);
  std::string second = c.roundtrip("POST /doc HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde");
  BOOST_TEST(contains(second, R"("method":"POST","path":"/doc","q":"","body":"abcde")"), second);
}

BOOST_AUTO_TEST_CASE(handler_may_answer_from_another_thread) {
  EchoServer s;
  RawClient c(s.server.port());
  BOOST_TEST(contains(c.roundtrip(get("/later")), R"({"later":true})"));
}

BOOST_AUTO_TEST_CASE(oversized_body_gets_413_with_a_json_message) {
  HttpServerOptions options;
  options.max_request_bytes = 100;
  EchoServer s(options);
  RawClient c(s.server.port());
  std::string body(1000, 'x');
  std::string r = c.roundtrip("POST /doc HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + body);
  BOOST_TEST(contains(r, "HTTP/1.1 413"), r);
  BOOST_TEST(contains(r, R"("message":"request body is over the limit of 100 bytes")"), r);
}

BOOST_AUTO_TEST_CASE(malformed_request_gets_400) {
  EchoServer s;
  RawClient c(s.server.port());
  std::string r = c.roundtrip("THIS IS NOT HTTP\r\n\r\n");
  BOOST_TEST(contains(r, "HTTP/1.1 400"), r);
  BOOST_TEST(contains(r, "malformed HTTP request"), r);
}

BOOST_AUTO_TEST_CASE(connections_over_the_limit_get_503) {
  HttpServerOptions options;
  options.max_connections = 1;
  EchoServer s(options);
  RawClient first(s.server.port());
  BOOST_TEST(contains(first.roundtrip(get("/a")), "HTTP/1.1 200"));
  RawClient second(s.server.port());
  std::string r = second.read_response();
  BOOST_TEST(contains(r, "HTTP/1.1 503"), r);
  BOOST_TEST(contains(r, "too many connections (limit 1)"), r);
}

BOOST_AUTO_TEST_CASE(taken_port_is_an_io_error_naming_the_address) {
  EchoServer s;
  HttpServerOptions options;
  options.port = s.server.port();
  HttpServer second(options, [](HttpRequest, HttpResponder) {});
  Status status = second.start();
  BOOST_TEST(status.code() == StatusCode::kIoError);
  BOOST_TEST(contains(status.message(), "127.0.0.1:" + std::to_string(s.server.port())));
}

// Regression: the acceptor stayed open after stop() when io.stop() beat the posted close, so a
// client's connect succeeded and then hung until its own timeout.
BOOST_AUTO_TEST_CASE(stop_closes_the_listening_socket) {
  for (int round = 0; round < 20; ++round) {
    EchoServer s;
    uint16_t port = s.server.port();
    BOOST_TEST(contains(RawClient(port).roundtrip(get("/a")), "HTTP/1.1 200"));
    s.server.stop();
    BOOST_TEST(!RawClient(port).connected(), "round " << round);
  }
}

BOOST_AUTO_TEST_CASE(url_decoding_handles_escapes_and_plus) {
  BOOST_TEST(url_decode("a%2Fb+c%zz", true) == "a/b c%zz");
  BOOST_TEST(url_decode("a+b", false) == "a+b");
  BOOST_TEST(url_decode("%4", true) == "%4");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::http
