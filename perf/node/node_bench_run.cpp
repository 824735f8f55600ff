// NodeBench (node_bench.h): run(), preparation and the node steps (start, feed, restart).

#include "perf/node/node_bench.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "config-model/model/document_types.h"
#include "perf/node/app_variant.h"
#include "perf/node/system_stats.h"

namespace grove::perf {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

void say(const std::string& text) {
  std::printf("%s  [load %s]\n", text.c_str(), load_average().c_str());
  std::fflush(stdout);
}

Result<config::ApplicationModel> load_model(const std::string& app_dir) {
  config::ApplicationModel::LoadOutput out = config::ApplicationModel::load(app_dir);
  if (!out.ok()) {
    std::string errors;
    for (const auto& d : out.diagnostics) errors += "\n  " + d.to_string();
    return Status::InvalidArgument(fmt::format("{}: not a valid application package:{}", app_dir, errors));
  }
  return std::move(*out.model);
}

int64_t now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

NodeBench::NodeBench(NodeBenchOptions options) : options_(std::move(options)) {}

NodeBench::~NodeBench() = default;  // node_ (if any) is killed by its ChildProcess guard

Status NodeBench::run() {
  GROVE_RETURN_IF_ERROR(prepare());
  GROVE_RETURN_IF_ERROR(start_node("node-1.log"));
  GROVE_RETURN_IF_ERROR(feed());
  GROVE_RETURN_IF_ERROR(restart());
  GROVE_RETURN_IF_ERROR(rpc_queries());
  GROVE_RETURN_IF_ERROR(node_->stop());
  node_.reset();
  GROVE_RETURN_IF_ERROR(inproc_queries());
  GROVE_RETURN_IF_ERROR(peer_runs());
  summary();
  return Status::Ok();
}

Status NodeBench::prepare_app() {
  if (options_.stemming == "schema") {
    std::printf("application package %s as it is (stemming as its schemas say)\n",
                options_.app_dir.c_str());
    return Status::Ok();
  }
  GROVE_RETURN_IF_ERROR(copy_without_stemming(options_.app_dir, path("app")));
  std::printf("application package %s with stemming turned off (the peers do not stem), in %s\n",
              options_.app_dir.c_str(), path("app").c_str());
  options_.app_dir = path("app");
  return Status::Ok();
}

Status NodeBench::prepare() {
  GROVE_RETURN_IF_ERROR(prepare_app());
  GROVE_ASSIGN_OR_RETURN(config::ApplicationModel model, load_model(options_.app_dir));
  model_.emplace(std::move(model));
  GROVE_ASSIGN_OR_RETURN(document::DocumentTypeRepo repo, config::make_document_type_repo(*model_));
  repo_ = std::make_unique<document::DocumentTypeRepo>(std::move(repo));
  GROVE_ASSIGN_OR_RETURN(corpus_, read_feed_corpus(options_.corpus_path, *repo_));
  figures_.docs = corpus_.docs.size();
  say(fmt::format("corpus {}: {} documents, {:.1f} MB of JSON parsed and serialized up front in "
                  "{:.2f} s ({:.0f} docs/s; {:.1f} MB serialized)",
                  options_.corpus_name, corpus_.docs.size(), corpus_.json_bytes / 1e6,
                  corpus_.parse_seconds, corpus_.docs.size() / corpus_.parse_seconds,
                  corpus_.serialized_bytes / 1e6));
  GROVE_ASSIGN_OR_RETURN(queries_, read_query_set(options_.queries_path));
  types_ = indices_by_type(queries_, options_.max_per_type);
  target_ = QueryTarget{.document_type = corpus_.document_type,
                        .text_field = options_.text_field,
                        .rank_profile = options_.rank_profile,
                        .hits = kTopK};
  for (const Query& q : queries_.queries) {
    protocol_requests_.push_back(to_protocol_request(q, target_));
    search_requests_.push_back(to_search_request(q, target_));
  }
  std::printf("queries %s: %zu, document type %s, rank profile %s\n", options_.queries_path.c_str(),
              queries_.queries.size(), target_.document_type.c_str(), target_.rank_profile.c_str());
  return Status::Ok();
}

Status NodeBench::start_node(const std::string& log_name) {
  NodeLaunch launch{.binary = options_.bin_dir + "/grove-content",
                    .app_dir = options_.app_dir,
                    .data_dir = path("data"),
                    .log_path = path(log_name)};
  std::filesystem::remove(launch.log_path);
  GROVE_ASSIGN_OR_RETURN(node_, NodeProcess::start(launch));
  say(fmt::format("grove-content pid {} on 127.0.0.1:{} answered ping after {:.2f} s (log {})",
                  node_->pid(), node_->port(), node_->seconds_to_ready(), launch.log_path));
  return Status::Ok();
}

Status NodeBench::feed() {
  GROVE_ASSIGN_OR_RETURN(figures_.rss_empty, node_->resident_bytes());
  GROVE_ASSIGN_OR_RETURN(figures_.anon_empty, node_->anonymous_bytes());
  say(fmt::format("empty node RSS {:.1f} MiB", figures_.rss_empty / kMiB));
  FeedOptions options{.port = node_->port(),
                      .threads = options_.feed_threads,
                      .batch = options_.feed_batch,
                      .first_timestamp = now_micros()};
  GROVE_ASSIGN_OR_RETURN(FeedStats stats, feed_documents(corpus_, options));
  figures_.feed = stats;
  say(fmt::format("feed: {} docs ({} applied, {} retries) with {} connections, {} per write_batch "
                  "call, in {:.2f} s: {:.0f} docs/s; call latency p50 {:.2f} ms, p99 {:.2f} ms, "
                  "max {:.2f} ms",
                  stats.docs, stats.applied, stats.retries, options.threads, options.batch,
                  stats.wall_seconds,
                  stats.docs / stats.wall_seconds, stats.latency.p50_us / 1000,
                  stats.latency.p99_us / 1000, stats.latency.max_us / 1000));
  GROVE_ASSIGN_OR_RETURN(figures_.rss_after_feed, node_->resident_bytes());
  GROVE_ASSIGN_OR_RETURN(figures_.anon_after_feed, node_->anonymous_bytes());
  DiskUsage disk = disk_usage_of(path("data"));
  figures_.store_bytes = disk.allocated;
  const double docs = static_cast<double>(std::max<uint64_t>(1, stats.docs));
  say(fmt::format("memory: RSS {:.1f} MiB after the feed, {:.0f} bytes/doc over the empty node "
                  "({:.0f} bytes/doc without the store's mapped pages); "
                  "store on disk {:.1f} MiB allocated ({:.1f} MiB apparent), {:.0f} bytes/doc",
                  figures_.rss_after_feed / kMiB,
                  (static_cast<double>(figures_.rss_after_feed) - figures_.rss_empty) / docs,
                  (static_cast<double>(figures_.anon_after_feed) - figures_.anon_empty) / docs,
                  disk.allocated / kMiB, disk.apparent / kMiB, disk.allocated / docs));
  return Status::Ok();
}

Status NodeBench::restart() {
  GROVE_RETURN_IF_ERROR(node_->stop());
  figures_.stop_seconds = node_->seconds_to_stop();
  say(fmt::format("restart: SIGTERM to exit took {:.2f} s", figures_.stop_seconds));
  node_.reset();
  GROVE_RETURN_IF_ERROR(start_node("node-2.log"));
  figures_.ready_seconds = node_->seconds_to_ready();
  figures_.startup = parse_startup_line(read_text_file(path("node-2.log")));
  if (figures_.startup.has_value()) {
    const StartupFigures& s = *figures_.startup;
    say(fmt::format("index start-up (node log): {} documents in {} buckets in {:.2f} s: {:.0f} "
                    "docs/s; ping answered {:.2f} s after the start",
                    s.documents, s.buckets, s.seconds, s.docs_per_second, figures_.ready_seconds));
  } else {
    say("index start-up: no 'index start-up' line in " + path("node-2.log"));
  }
  GROVE_ASSIGN_OR_RETURN(figures_.rss_after_restart, node_->resident_bytes());
  GROVE_ASSIGN_OR_RETURN(figures_.anon_after_restart, node_->anonymous_bytes());
  const double docs = static_cast<double>(std::max<uint64_t>(1, figures_.docs));
  say(fmt::format("memory: RSS {:.1f} MiB after the restart, {:.0f} bytes/doc over the empty node "
                  "({:.0f} bytes/doc without the store's mapped pages)",
                  figures_.rss_after_restart / kMiB,
                  (static_cast<double>(figures_.rss_after_restart) - figures_.rss_empty) / docs,
                  (static_cast<double>(figures_.anon_after_restart) - figures_.anon_empty) / docs));
  return Status::Ok();
}

}  // namespace grove::perf
