#include "config-model/supervisor/process_records.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "services/base/child_process.h"
#include "services/base/json_writer.h"
#include "services/base/logging.h"

namespace grove::supervisor {

namespace {

Status entry_error(size_t index, std::string_view field) {
  return Status::InvalidArgument(fmt::format("processes.json: processes[{}].{} is missing or mistyped", index, field));
}

Result<ProcessRecord> parse_record(simdjson::dom::element e, size_t index) {
  ProcessRecord record;
  std::string_view name;
  int64_t pid = 0;
  simdjson::dom::array argv;
  if (e["name"].get(name)) return entry_error(index, "name");
  if (e["pid"].get(pid) || pid <= 0) return entry_error(index, "pid");
  if (e["argv"].get(argv)) return entry_error(index, "argv");
  record.name = std::string(name);
  record.pid = static_cast<pid_t>(pid);
  for (simdjson::dom::element arg : argv) {
    std::string_view text;
    if (arg.get(text)) return entry_error(index, "argv");
    record.argv.emplace_back(text);
  }
  if (record.argv.empty()) return entry_error(index, "argv");
  return record;
}

}  // namespace

std::string render_process_records(const std::vector<ProcessRecord>& records) {
  JsonWriter w;
  w.begin_object().key("processes").begin_array();
  for (const ProcessRecord& r : records) {
    w.begin_object().key("name").string(r.name).key("pid").number(static_cast<int64_t>(r.pid));
    w.key("argv").begin_array();
    for (const std::string& arg : r.argv) w.string(arg);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return std::move(w).take() + "\n";
}

Result<std::vector<ProcessRecord>> parse_process_records(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(json.data(), json.size()).get(root)) {
    return Status::InvalidArgument(fmt::format("processes.json: not JSON: {}", simdjson::error_message(error)));
  }
  simdjson::dom::array processes;
  if (root["processes"].get(processes)) return Status::InvalidArgument("processes.json: 'processes' is missing");
  std::vector<ProcessRecord> records;
  size_t index = 0;
  for (simdjson::dom::element e : processes) {
    GROVE_ASSIGN_OR_RETURN(ProcessRecord record, parse_record(e, index++));
    records.push_back(std::move(record));
  }
  return records;
}

Status write_process_records(const std::string& path, const std::vector<ProcessRecord>& records) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << render_process_records(records);
    if (!out.flush()) return Status::IoError(fmt::format("cannot write {}", temporary));
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) return Status::IoError(fmt::format("cannot rename {} to {}: {}", temporary, path, ec.message()));
  return Status::Ok();
}

Result<std::vector<ProcessRecord>> read_process_records(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Status::NotFound(fmt::format("no {}", path));
    return Status::IoError(fmt::format("cannot read {}", path));
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_process_records(text);
}

bool is_recorded_process(const ProcessRecord& record) {
  if (record.pid <= 0 || !process_running(record.pid)) return false;
  std::ifstream in(fmt::format("/proc/{}/cmdline", record.pid), std::ios::binary);
  std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string expected;
  for (const std::string& arg : record.argv) expected += arg + '\0';
  return cmdline == expected;
}

size_t stop_recorded_processes(const std::string& path, std::chrono::milliseconds grace) {
  Result<std::vector<ProcessRecord>> records = read_process_records(path);
  std::error_code ec;
  if (!records.ok()) {
    if (records.status().code() != StatusCode::kNotFound) {
      GROVE_LOG_WARN("{}; nothing stopped", records.status().message());
      std::filesystem::remove(path, ec);
    }
    return 0;
  }
  std::vector<pid_t> pids;
  for (const ProcessRecord& r : *records) {
    if (!is_recorded_process(r)) continue;
    GROVE_LOG_INFO("stopping {} (pid {}) left by an earlier run", r.name, r.pid);
    pids.push_back(r.pid);
  }
  stop_processes(pids, grace, [&records](pid_t pid) {
    for (const ProcessRecord& r : *records) {
      if (r.pid == pid) return is_recorded_process(r);
    }
    return false;
  });
  std::filesystem::remove(path, ec);
  return pids.size();
}

}  // namespace grove::supervisor
