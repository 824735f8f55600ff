#include "tests/system/child_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <mutex>
#include <set>
#include <fstream>
#include <iterator>
#include <thread>

namespace grove::testing {

std::optional<ChildProcess> ChildProcess::start(const std::vector<std::string>& argv,
                                                const std::string& log_path) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  return ChildProcess(pid);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void ChildProcess::signal(int signal) const {
  if (pid_ > 0) kill(pid_, signal);
}

namespace {

// The state letter of /proc/PID/task/TID/stat (after the parenthesised command name).
char thread_state(const std::filesystem::path& stat_path) {
  std::ifstream in(stat_path);
  std::string line;
  std::getline(in, line);
  const size_t close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() ? '?' : line[close + 2];
}

}  // namespace

bool ChildProcess::stop(std::chrono::milliseconds timeout) const {
  if (pid_ <= 0) return false;
  kill(pid_, SIGSTOP);
  const auto until = std::chrono::steady_clock::now() + timeout;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid_) + "/task";
  while (std::chrono::steady_clock::now() < until) {
    bool all_stopped = true;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
      if (thread_state(task.path() / "stat") != 'T') {
        all_stopped = false;
        break;
      }
    }
    if (!ec && all_stopped) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

std::optional<int> ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

CommandResult run_command(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout) {
  CommandResult result;
  std::string dir = make_temp_dir("grove-cmd");
  std::string log = dir + "/out.log";
  {
    auto child = ChildProcess::start(argv, log);
    if (!child) return result;
    result.exit_code = child->wait_exit(timeout).value_or(-1);
  }
  std::ifstream in(log);
  result.output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
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
