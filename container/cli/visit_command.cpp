#include "container/cli/visit_command.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "services/base/flags.h"
#include "container/feed/document_path.h"
#include "container/feed/endpoint.h"
#include "services/base/json_writer.h"
#include "services/http/http_client.h"

namespace grove::cli {

namespace {

constexpr const char* kUsage =
    "usage: grove visit [--endpoint http://127.0.0.1:8080] [--cluster C] [--type NS:TYPE]\n"
    "                   [--selection S] [--page-size N] [--timeout S]\n"
    "Prints every document as a JSONL feed line {\"put\": ID, \"fields\": {...}}.\n";

constexpr int kMaxRetries = 5;

struct Options {
  feed::Endpoint endpoint;
  VisitTarget target;
  std::chrono::milliseconds timeout{60000};
};

Result<Options> parse_options(const Flags& args) {
  Options o;
  GROVE_ASSIGN_OR_RETURN(o.endpoint,
                         feed::parse_endpoint(args.get("endpoint", "http://127.0.0.1:8080")));
  o.target.cluster = args.get("cluster");
  o.target.type = args.get("type");
  o.target.selection = args.get("selection");
  GROVE_ASSIGN_OR_RETURN(int64_t page_size, args.get_int("page-size", 1000, 1, 10000));
  o.target.page_size = static_cast<decltype(o.target.page_size)>(page_size);
  GROVE_ASSIGN_OR_RETURN(auto timeout, args.get_seconds("timeout", std::chrono::seconds(60)));
  o.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
  GROVE_RETURN_IF_ERROR(visit_page_target(o.target, {}).status());
  return o;
}

bool retryable(const Result<http::HttpReply>& reply) {
  return !reply.ok() || reply->status == 429 || reply->status == 503 || reply->status == 504;
}

// One page, retried while the answer says "later".
Result<http::HttpReply> fetch(const Options& o, const std::string& target) {
  uint16_t port = static_cast<uint16_t>(std::stoi(o.endpoint.port));
  Result<http::HttpReply> reply = Status::Internal("not sent");
  for (int attempt = 0; attempt <= kMaxRetries; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(250 << attempt));
    reply = http::http_request(o.endpoint.host, port, "GET", target, {}, {},
                               o.timeout + std::chrono::seconds(5));
    if (!retryable(reply)) break;
  }
  return reply;
}

std::string message_of(const http::HttpReply& reply) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string_view message;
  if (!parser.parse(reply.body).get(root) && !root["message"].get(message))
    return std::string(message);
  return reply.body;
}

}  // namespace

Result<std::string> visit_page_target(const VisitTarget& t, std::string_view continuation) {
  std::string target;
  char separator = '?';
  auto add = [&](std::string_view name, std::string_view value) {
    target += fmt::format("{}{}={}", separator, name, feed::url_encode(value));
    separator = '&';
  };
  if (!t.type.empty()) {
    size_t colon = t.type.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == t.type.size() ||
        t.type.find(':', colon + 1) != std::string::npos) {
      return Status::InvalidArgument(
          fmt::format("--type takes NS:TYPE, e.g. music:music, not '{}'", t.type));
    }
    target = fmt::format("/document/v1/{}/{}/docid", feed::url_encode(t.type.substr(0, colon)),
                         feed::url_encode(t.type.substr(colon + 1)));
  } else {
    // Without --cluster the container visits its only content cluster (or says which exist).
    target = "/document/v1/";
  }
  if (!t.cluster.empty()) add("cluster", t.cluster);
  if (!t.selection.empty()) add("selection", t.selection);
  add("wantedDocumentCount", std::to_string(t.page_size));
  if (!continuation.empty()) add("continuation", continuation);
  return target;
}

Result<VisitPage> parse_visit_page(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array documents;
  if (parser.parse(json.data(), json.size()).get(root) || root["documents"].get(documents)) {
    return Status::InvalidArgument(fmt::format("not a visit response: {}", json.substr(0, 200)));
  }
  VisitPage page;
  for (simdjson::dom::element doc : documents) {
    std::string_view id;
    simdjson::dom::element fields;
    if (doc["id"].get(id) || doc["fields"].get(fields)) {
      return Status::InvalidArgument("a visited document has no id or no fields");
    }
    JsonWriter w;
    w.begin_object().key("put").string(id).key("fields").raw(simdjson::minify(fields)).end_object();
    page.jsonl += std::move(w).take();
    page.jsonl += '\n';
    ++page.documents;
  }
  std::string_view continuation;
  if (!root["continuation"].get(continuation)) page.continuation = std::string(continuation);
  return page;
}

int run_visit(int argc, char** argv, std::FILE* out, std::FILE* err) {
  auto args = Flags::parse(
      argc, argv,
      {.with_value = {"endpoint", "cluster", "type", "selection", "page-size", "timeout"},
       .positional = true});
  Result<Options> options = args.ok() ? parse_options(*args) : Result<Options>(args.status());
  if (!options.ok() || args->help() || !args->positional().empty()) {
    fmt::print(
        err, "grove visit: {}\n{}",
        !options.ok() ? options.status().message() : std::string("takes no positional arguments"),
        kUsage);
    return 2;
  }
  bool progress = isatty(fileno(err));
  size_t total = 0;
  std::string continuation;
  auto started = std::chrono::steady_clock::now();
  while (true) {
    std::string target = visit_page_target(options->target, continuation).value();
    Result<http::HttpReply> reply = fetch(*options, target);
    if (!reply.ok()) {
      fmt::print(err, "grove visit: {} (after {} documents)\n", reply.status().message(), total);
      return 1;
    }
    Result<VisitPage> page =
        reply->status == 200 ? parse_visit_page(reply->body) : Status::Internal(message_of(*reply));
    if (!page.ok()) {
      fmt::print(err, "grove visit: HTTP {}: {} (after {} documents)\n", reply->status,
                 page.status().message(), total);
      return 1;
    }
    std::fwrite(page->jsonl.data(), 1, page->jsonl.size(), out);
    total += page->documents;
    if (progress) fmt::print(err, "\rvisited {} documents", total);
    if (!page->continuation) break;
    continuation = *page->continuation;
  }
  std::fflush(out);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print(err, "{}visited {} documents in {:.1f} s\n", progress ? "\r" : "", total, seconds);
  return 0;
}

}  // namespace grove::cli
