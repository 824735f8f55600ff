#include "container/feed/feed_report.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "services/base/json_writer.h"

namespace grove::feed {

namespace {

constexpr size_t kMaxMessageBytes = 500;

double round3(double value) { return std::round(value * 1000.0) / 1000.0; }

std::string one_line(std::string_view text) {
  std::string out(text.substr(0, kMaxMessageBytes));
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  if (text.size() > kMaxMessageBytes) out += "...";
  return out;
}

}  // namespace

void FeedStats::record_response(int status, size_t bytes, Duration latency) {
  int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(latency).count();
  latency_min_us = responses == 0 ? us : std::min(latency_min_us, us);
  latency_max_us = responses == 0 ? us : std::max(latency_max_us, us);
  latency_sum_us += us;
  ++responses;
  response_bytes += bytes;
  if (status < 200 || status > 299) ++response_errors;
  ++status_counts[status];
}

std::string summary_json(const FeedStats& s, size_t in_flight, double seconds) {
  int64_t avg_us = s.responses == 0 ? 0 : s.latency_sum_us / static_cast<int64_t>(s.responses);
  JsonWriter w;
  w.begin_object();
  w.key("feeder.operation.count").number(s.operations);
  w.key("feeder.seconds").number(round3(seconds));
  w.key("feeder.ok.count").number(s.ok);
  w.key("feeder.ok.rate").number(round3(seconds > 0 ? static_cast<double>(s.ok) / seconds : 0.0));
  w.key("feeder.error.count").number(s.errors);
  w.key("feeder.inflight.count").number(static_cast<uint64_t>(in_flight));
  w.key("http.request.count").number(s.requests);
  w.key("http.request.bytes").number(s.request_bytes);
  w.key("http.exception.count").number(s.exceptions);
  w.key("http.response.count").number(s.responses);
  w.key("http.response.bytes").number(s.response_bytes);
  w.key("http.response.error.count").number(s.response_errors);
  w.key("http.response.latency.millis.min").number(s.latency_min_us / 1000);
  w.key("http.response.latency.millis.avg").number(avg_us / 1000);
  w.key("http.response.latency.millis.max").number(s.latency_max_us / 1000);
  w.key("http.response.code.counts").begin_object();
  for (const auto& [status, count] : s.status_counts) w.key(std::to_string(status)).number(count);
  w.end_object();
  w.end_object();
  return std::move(w).take();
}

std::string progress_line(const FeedStats& s, size_t in_flight, double seconds) {
  double rate = seconds > 0 ? static_cast<double>(s.ok + s.errors) / seconds : 0.0;
  return fmt::format("{:.1f} s  {:.0f} ops/s  ok {}  errors {}  in flight {}  retries {}", seconds,
                     rate, s.ok, s.errors, in_flight, s.retries);
}

std::string failure_line(std::string_view source, uint64_t line, std::string_view id, int status,
                         std::string_view message) {
  if (id.empty()) return fmt::format("{}:{}: malformed operation: {}", source, line, one_line(message));
  if (status == 0) return fmt::format("{}:{}: {}: {}", source, line, id, one_line(message));
  return fmt::format("{}:{}: {}: HTTP {}: {}", source, line, id, status, one_line(message));
}

std::string response_message(const std::string& body) {
  simdjson::dom::parser parser;
  std::string_view message;
  if (!parser.parse(body).at_key("message").get_string().get(message)) return one_line(message);
  return body.empty() ? std::string("(no message)") : one_line(body);
}

}  // namespace grove::feed
