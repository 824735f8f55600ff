#include "perf/node/system_stats.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace grove::perf {

Result<uint16_t> free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Status::Unavailable("free_port: socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  close(fd);
  if (!ok) return Status::Unavailable("free_port: cannot bind 127.0.0.1:0");
  return static_cast<uint16_t>(ntohs(addr.sin_port));
}


DiskUsage disk_usage_of(const std::string& path) {
  namespace fs = std::filesystem;
  DiskUsage usage;
  auto add = [&usage](const fs::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    usage.allocated += static_cast<uint64_t>(st.st_blocks) * 512;
    usage.apparent += static_cast<uint64_t>(st.st_size);
  };
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    add(path);
    return usage;
  }
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    add(it->path());
  }
  return usage;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  if (!(in >> a >> b >> c)) return "?";
  return a + " " + b + " " + c;
}

}  // namespace grove::perf
