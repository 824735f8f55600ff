#include "perf/node/peer_runs.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "perf/node/node_process.h"
#include "services/base/child_process.h"
#include "services/base/parse_number.h"

namespace grove::perf {

namespace {

std::vector<std::string> peer_argv(const std::string& engine, const PeerRunOptions& o) {
  std::vector<std::string> argv{o.binary,    "--corpus",  o.corpus,  "--queries", o.queries,
                                "--engine",  engine,      "--workdir", o.workdir,  "--threads",
                                o.threads};
  if (!o.filter_field.empty()) argv.insert(argv.end(), {"--filter-field", o.filter_field});
  if (o.max_per_type > 0) argv.insert(argv.end(), {"--max-per-type", std::to_string(o.max_per_type)});
  if (!o.dump_hits.empty()) argv.insert(argv.end(), {"--dump-hits", o.dump_hits});
  return argv;
}

double number(const std::map<std::string, std::string>& kv, const std::string& key) {
  auto it = kv.find(key);
  double value = 0;
  if (it != kv.end() && !parse_double(it->second, value)) value = 0;
  return value;
}

PeerLoad parse_load(std::string_view line) {
  std::map<std::string, std::string> kv = parse_key_values(line);
  return PeerLoad{.docs = static_cast<uint64_t>(number(kv, "docs")),
                  .seconds = number(kv, "seconds"),
                  .docs_per_second = number(kv, "docs_per_s"),
                  .index_bytes = static_cast<uint64_t>(number(kv, "index_bytes")),
                  .bytes_per_doc = number(kv, "bytes_per_doc")};
}

}  // namespace

PeerRun parse_peer_output(const std::string& engine, std::string_view text) {
  PeerRun run{.engine = engine, .load = std::nullopt, .results = {}};
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("LOAD ", 0) == 0) run.load = parse_load(line);
    if (auto r = parse_result_line(line); r.ok()) run.results.push_back(std::move(r).value());
  }
  return run;
}

Result<PeerRun> run_peer_bench(const std::string& engine, const PeerRunOptions& options) {
  std::ofstream(options.log_path, std::ios::trunc).flush();
  GROVE_ASSIGN_OR_RETURN(ChildProcess child, ChildProcess::start(peer_argv(engine, options),
                                                                {.output_path = options.log_path}));
  std::optional<int> code =
      child.wait_exit(std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout));
  std::string log = read_text_file(options.log_path);
  if (!code.has_value() || *code != 0) {
    return Status::Internal(fmt::format("grove-peer-bench --engine {} {}; log {}:\n{}", engine,
                                        code ? fmt::format("exited with {}", *code) : "timed out",
                                        options.log_path, last_lines(log, 10)));
  }
  return parse_peer_output(engine, log);
}

Result<std::vector<std::vector<uint64_t>>> read_dump_hits(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IoError(fmt::format("{}: cannot read", path));
  std::vector<std::vector<uint64_t>> out;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<uint64_t>& hits = out.emplace_back();
    std::istringstream ordinals(line.substr(std::min(line.size(), line.rfind('\t') + 1)));
    uint64_t ordinal = 0;
    while (ordinals >> ordinal) hits.push_back(ordinal);
  }
  return out;
}

}  // namespace grove::perf
