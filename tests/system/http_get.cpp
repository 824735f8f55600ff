#include "tests/system/http_get.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace grove::testing {

HttpResult http_get(uint16_t port, const std::string& target) {
  HttpResult result;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return result;
  }
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string data;
  char buf[8192];
  for (ssize_t n; (n = recv(fd, buf, sizeof(buf), 0)) > 0;) data.append(buf, static_cast<size_t>(n));
  close(fd);
  if (data.size() > 12 && data.starts_with("HTTP/1.1 ")) result.status = std::stoi(data.substr(9, 3));
  size_t body = data.find("\r\n\r\n");
  if (body != std::string::npos) result.body = data.substr(body + 4);
  return result;
}

}  // namespace grove::testing
