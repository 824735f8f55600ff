#include "services/base/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <thread>
#include <utility>

#include <fmt/format.h>

extern char** environ;

namespace grove {

namespace {

using SteadyClock = std::chrono::steady_clock;

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// This process's environment with `overrides` ("NAME=value") added or replacing.
std::vector<std::string> merged_environment(const std::vector<std::string>& overrides) {
  auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    bool replaced = false;
    for (const std::string& o : overrides) replaced = replaced || name_of(o) == name_of(*e);
    if (!replaced) out.emplace_back(*e);
  }
  out.insert(out.end(), overrides.begin(), overrides.end());
  return out;
}

// What the child does between fork and exec; only async-signal-safe calls.
struct ChildSetup {
  char** argv;
  char** envp;   // nullptr: inherit
  int output_fd;  // -1: inherit
  int stdin_fd;   // -1: inherit
  bool new_session;
  int error_fd;  // the write end of the exec-error pipe (close-on-exec)
};

[[noreturn]] void exec_child(const ChildSetup& s) {
  if (s.new_session) setsid();
  if (s.output_fd >= 0) {
    dup2(s.output_fd, STDOUT_FILENO);
    dup2(s.output_fd, STDERR_FILENO);
  }
  if (s.stdin_fd >= 0) dup2(s.stdin_fd, STDIN_FILENO);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (s.envp != nullptr) {
    execve(s.argv[0], s.argv, s.envp);
  } else {
    execv(s.argv[0], s.argv);
  }
  int error = errno;
  ssize_t ignored = write(s.error_fd, &error, sizeof(error));
  (void)ignored;
  _exit(127);
}

// Opens `path` for the child (close-on-exec here; dup2 clears that on the copy); -1 for none.
Result<int> open_for_child(const std::string& path, int flags, std::string_view what) {
  if (path.empty()) return -1;
  int fd = open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::IoError(fmt::format("cannot open {} {}: {}", what, path, std::strerror(errno)));
  }
  return fd;
}

void close_if_open(int fd) {
  if (fd >= 0) close(fd);
}

// The errno the child reported before _exit, or 0 once exec succeeded (the pipe closed).
int read_exec_error(int fd) {
  int error = 0;
  ssize_t n;
  do {
    n = read(fd, &error, sizeof(error));
  } while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(sizeof(error)) ? error : 0;
}

void wait_blocking(pid_t pid, int* status) {
  while (waitpid(pid, status, 0) < 0 && errno == EINTR) {
  }
}

Status exec_failure(const std::string& program, int error) {
  std::string message = fmt::format("cannot run {}: {}", program, std::strerror(error));
  return error == ENOENT ? Status::NotFound(message) : Status::IoError(message);
}

// The state letter of /proc/PID/stat or /proc/PID/task/TID/stat (after the parenthesised
// command name); '?' when it cannot be read.
char process_state(const std::filesystem::path& stat_path) {
  std::ifstream in(stat_path);
  std::string line;
  std::getline(in, line);
  const size_t close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() ? '?' : line[close + 2];
}

bool all_threads_stopped(pid_t pid) {
  std::error_code ec;
  const std::filesystem::path tasks = fmt::format("/proc/{}/task", pid);
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    if (process_state(task.path() / "stat") != 'T') return false;
  }
  return !ec;
}

}  // namespace

Result<ChildProcess> ChildProcess::start(const std::vector<std::string>& argv,
                                         const SpawnOptions& options) {
  if (argv.empty()) return Status::InvalidArgument("ChildProcess::start: no program");
  GROVE_ASSIGN_OR_RETURN(int output_fd, open_for_child(options.output_path,
                                                       O_WRONLY | O_CREAT | O_APPEND, "output file"));
  Result<int> stdin_fd = open_for_child(options.detach ? "/dev/null" : "", O_RDONLY, "stdin");
  if (!stdin_fd.ok()) {
    close_if_open(output_fd);
    return stdin_fd.status();
  }
  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) {
    close_if_open(output_fd);
    close_if_open(*stdin_fd);
    return Status::IoError(fmt::format("pipe for {} failed: {}", argv[0], std::strerror(errno)));
  }
  std::vector<char*> args = c_strings(argv);
  std::vector<std::string> environment;
  if (!options.env.empty()) environment = merged_environment(options.env);
  std::vector<char*> envp = c_strings(environment);
  const ChildSetup setup{args.data(), options.env.empty() ? nullptr : envp.data(), output_fd,
                         *stdin_fd,   options.detach,                            error_pipe[1]};
  pid_t pid = fork();
  if (pid == 0) exec_child(setup);
  int fork_error = errno;
  close(error_pipe[1]);
  close_if_open(output_fd);
  close_if_open(*stdin_fd);
  if (pid < 0) {
    close(error_pipe[0]);
    return Status::IoError(fmt::format("fork for {} failed: {}", argv[0], std::strerror(fork_error)));
  }
  int exec_error = read_exec_error(error_pipe[0]);
  close(error_pipe[0]);
  if (exec_error == 0) return ChildProcess(pid);
  int status = 0;
  wait_blocking(pid, &status);
  return exec_failure(argv[0], exec_error);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), exit_code_(other.exit_code_) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    kill_and_reap();
    pid_ = std::exchange(other.pid_, -1);
    exit_code_ = other.exit_code_;
  }
  return *this;
}

ChildProcess::~ChildProcess() { kill_and_reap(); }

void ChildProcess::kill_and_reap() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  reap(true);
}

std::optional<int> ChildProcess::reap(bool block) {
  if (pid_ <= 0) return exit_code_;
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) {
    exit_code_ = exit_code_of(status);
    pid_ = -1;
  } else if (r < 0) {
    pid_ = -1;  // not our child any more (reaped elsewhere); nothing left to signal
  }
  return exit_code_;
}

bool ChildProcess::running() {
  reap(false);
  return pid_ > 0;
}

void ChildProcess::signal(int signal) const {
  if (pid_ > 0) ::kill(pid_, signal);
}

std::optional<int> ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
  const auto until = SteadyClock::now() + timeout;
  while (true) {
    std::optional<int> code = reap(false);
    if (code.has_value() || pid_ <= 0) return code;
    if (SteadyClock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
  signal(SIGTERM);
  if (std::optional<int> code = wait_exit(grace)) return *code;
  signal(SIGKILL);
  return reap(true).value_or(-1);
}

bool ChildProcess::suspend(std::chrono::milliseconds timeout) const {
  if (pid_ <= 0) return false;
  ::kill(pid_, SIGSTOP);
  const auto until = SteadyClock::now() + timeout;
  while (SteadyClock::now() < until) {
    if (all_threads_stopped(pid_)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

void ChildProcess::resume() const { signal(SIGCONT); }

pid_t ChildProcess::release() { return std::exchange(pid_, -1); }

bool process_running(pid_t pid) {
  if (pid <= 0) return false;
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) == pid) return false;  // a child of ours that has exited
  if (::kill(pid, 0) != 0) return false;
  const char state = process_state(fmt::format("/proc/{}/stat", pid));
  return state != 'Z' && state != 'X';  // exited, not yet reaped by its parent
}

void stop_processes(const std::vector<pid_t>& pids, std::chrono::milliseconds grace,
                    const std::function<bool(pid_t)>& still_same) {
  for (pid_t pid : pids) {
    if (process_running(pid)) ::kill(pid, SIGTERM);
  }
  const auto until = SteadyClock::now() + grace;
  for (pid_t pid : pids) {
    while (process_running(pid) && SteadyClock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!process_running(pid) || (still_same && !still_same(pid))) continue;
    ::kill(pid, SIGKILL);
    const auto killed_by = SteadyClock::now() + std::chrono::seconds(5);
    while (process_running(pid) && SteadyClock::now() < killed_by) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

}  // namespace grove
