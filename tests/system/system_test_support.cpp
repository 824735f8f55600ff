#include "tests/system/system_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <string>

namespace grove::testing {

CommandResult run_command(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout,
                          const std::vector<std::string>& env) {
  CommandResult result;
  std::string dir = make_temp_dir("grove-cmd");
  std::string log = dir + "/out.log";
  Status started;
  {
    Result<ChildProcess> child = ChildProcess::start(argv, {.output_path = log, .env = env});
    started = child.status();
    if (child.ok()) result.exit_code = child->wait_exit(timeout).value_or(-1);
  }  // a child still running past the timeout is killed here
  if (started.ok()) {
    std::ifstream in(log);
    result.output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    result.output = started.message();
  }
  std::filesystem::remove_all(dir);
  return result;
}

namespace {

// Ports this process handed out. The kernel may hand out the same ephemeral port to two binds in
// a row once the first socket is closed, so this keeps two servers from ever getting one port.
std::mutex handed_out_mutex;
std::set<uint16_t> handed_out;

bool bindable(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

}  // namespace

uint16_t free_port_block(int count) {
  // Below the kernel's ephemeral range (32768 and up), where outgoing connections take ports
  // at random and a block of neighbours is often broken up.
  std::lock_guard lock(handed_out_mutex);
  static uint16_t next = static_cast<uint16_t>(20000 + (getpid() % 500) * 20);
  for (int attempt = 0; attempt < 500; ++attempt) {
    uint16_t base = next;
    next = static_cast<uint16_t>(next + count + 1 >= 32000 ? 20000 : next + count + 1);
    bool free = true;
    for (int i = 0; i < count && free; ++i) {
      uint16_t port = static_cast<uint16_t>(base + i);
      free = !handed_out.count(port) && bindable(port);
    }
    if (!free) continue;
    for (int i = 0; i < count; ++i) handed_out.insert(static_cast<uint16_t>(base + i));
    return base;
  }
  return 0;
}

uint16_t free_port() {
  std::lock_guard lock(handed_out_mutex);
  for (int attempt = 0; attempt < 100; ++attempt) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    uint16_t port = ntohs(addr.sin_port);
    // Keep clear of the next port too: grove-content defaults its state port to port + 1.
    if (handed_out.count(port) || handed_out.count(port + 1) || handed_out.count(port - 1)) continue;
    handed_out.insert(port);
    return port;
  }
  return 0;
}

std::string make_temp_dir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  char* made = mkdtemp(pattern.data());
  return made == nullptr ? std::string() : std::string(made);
}

}  // namespace grove::testing
