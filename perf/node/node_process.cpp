#include "perf/node/node_process.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "perf/node/system_stats.h"
#include "services/rpc/blocking_content_client.h"

namespace grove::perf {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// True when a node answers ping on `port` with state UP.
bool answers_up(uint16_t port) {
  using Timeout = rpc::BlockingContentClient::Timeout;
  auto client = rpc::BlockingContentClient::connect("127.0.0.1", port, Timeout(200));
  if (!client.ok()) return false;
  auto reply = (*client)->ping(Timeout(1000));
  return reply.ok() && reply->state == protocol::NodeServiceState::kUp;
}

}  // namespace

Result<std::unique_ptr<NodeProcess>> NodeProcess::start(const NodeLaunch& launch) {
  GROVE_ASSIGN_OR_RETURN(uint16_t port, free_port());
  GROVE_ASSIGN_OR_RETURN(uint16_t http_port, free_port());
  auto started = Clock::now();
  GROVE_ASSIGN_OR_RETURN(
      auto child,
      ChildProcess::start({launch.binary, "--data-dir", launch.data_dir, "--port",
                           std::to_string(port), "--http-port", std::to_string(http_port),
                           "--app", launch.app_dir, "--key", "0"},
                          {.output_path = launch.log_path}));
  std::unique_ptr<NodeProcess> node(new NodeProcess(launch, std::move(child), port));
  GROVE_RETURN_IF_ERROR(node->wait_ready());
  node->seconds_to_ready_ = seconds_since(started);
  return node;
}

Status NodeProcess::wait_ready() {
  auto deadline = Clock::now() + launch_.ready_timeout;
  while (Clock::now() < deadline) {
    if (!child_.running()) {
      return Status::Unavailable(fmt::format("grove-content exited during start-up; log {}:\n{}",
                                             launch_.log_path,
                                             last_lines(read_text_file(launch_.log_path), 20)));
    }
    if (answers_up(port_)) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Status::Unavailable(fmt::format("grove-content not ready within {} s; log {}",
                                         launch_.ready_timeout.count(), launch_.log_path));
}

Result<uint64_t> NodeProcess::resident_bytes() const { return perf::resident_bytes(pid()); }

Result<uint64_t> NodeProcess::anonymous_bytes() const { return perf::anonymous_bytes(pid()); }

Status NodeProcess::stop(std::chrono::milliseconds grace) {
  auto started = Clock::now();
  int code = child_.stop(grace);
  seconds_to_stop_ = seconds_since(started);
  if (code != 0) {
    return Status::Internal(fmt::format("grove-content exited with {} on SIGTERM; log {}", code,
                                        launch_.log_path));
  }
  return Status::Ok();
}

std::optional<StartupFigures> parse_startup_line(std::string_view log_text) {
  constexpr std::string_view kMarker = "index start-up: ";
  size_t at = log_text.rfind(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  std::string line(log_text.substr(at + kMarker.size()));
  line = line.substr(0, line.find('\n'));
  StartupFigures f;
  unsigned long long docs = 0, buckets = 0;
  if (std::sscanf(line.c_str(), "%llu documents in %llu buckets indexed in %lf s (%lf docs/s)",
                  &docs, &buckets, &f.seconds, &f.docs_per_second) != 4) {
    return std::nullopt;
  }
  f.documents = docs;
  f.buckets = buckets;
  return f;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string last_lines(std::string_view text, size_t lines) {
  size_t at = text.size();
  if (at > 0 && text[at - 1] == '\n') --at;
  for (size_t seen = 0; at > 0; --at) {
    if (text[at - 1] == '\n' && ++seen == lines) break;
  }
  return std::string(text.substr(at));
}

}  // namespace grove::perf
