#include "tests/system/music_grouped_nodes.h"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "config-model/model/document_types.h"
#include "services/document/document_serializer.h"

namespace grove::testing {

using namespace std::chrono_literals;

namespace {

const std::string kBin = GROVE_BIN_DIR;
const std::string kSource = GROVE_SOURCE_DIR;

}  // namespace

MusicGroupedNodes::MusicGroupedNodes(const std::string& temp_name)
    : dir(make_temp_dir(temp_name)), app(kSource + "/schemas/music-grouped") {
  auto loaded = config::ApplicationModel::load(app);
  BOOST_REQUIRE(loaded.ok());
  model = std::make_unique<config::ApplicationModel>(std::move(*loaded.model));
  types = std::make_unique<document::DocumentTypeRepo>(
      config::make_document_type_repo(*model).value());
  const config::ContentCluster* music = model->find_content_cluster("music");
  BOOST_REQUIRE(music != nullptr);
  auto d = distribution::Distribution::create(music->distribution_config()).value();
  auto state = distribution::PlacementTable::all_up_state(d);
  table = distribution::PlacementTable::build(std::move(d), state, music->searchable_copies).value();
  for (int key = 0; key < kNodes; ++key) {
    ports[key] = free_port();
    http_ports[key] = free_port();
    nodes_flag_ += fmt::format("{}{}=127.0.0.1:{}", key ? "," : "", key, ports[key]);
  }
  for (int key = 0; key < kNodes; ++key) start_node(key);
  for (int key = 0; key < kNodes; ++key) clients[key] = connect(key);
}

MusicGroupedNodes::~MusicGroupedNodes() {
  clients.clear();
  nodes.clear();  // each ChildProcess stops its process by pid
  std::filesystem::remove_all(dir);
}

void MusicGroupedNodes::start_node(int key) {
  nodes.erase(key);
  auto started = ChildProcess::start(
      {kBin + "/grove-content", "--data-dir", fmt::format("{}/n{}", dir, key), "--port",
       std::to_string(ports[key]), "--http-port", std::to_string(http_ports[key]), "--app", app,
       "--cluster", "music", "--key", std::to_string(key), "--nodes", nodes_flag_},
      {.output_path = fmt::format("{}/n{}.log", dir, key)});
  BOOST_REQUIRE_MESSAGE(started.ok(), started.status().to_string());
  nodes.emplace(key, std::move(*started));
}

std::unique_ptr<rpc::BlockingContentClient> MusicGroupedNodes::connect(int key) {
  for (int attempt = 0; attempt < 1200; ++attempt) {
    auto c = rpc::BlockingContentClient::connect("127.0.0.1", ports[key]);
    if (c.ok()) {
        auto ping = (*c)->ping(1000ms);  // a node still rebuilding its indexes answers "initializing"
        if (ping.ok() && ping->state == protocol::NodeServiceState::kUp) return std::move(c).value();
      }
    if (auto code = nodes.at(key).wait_exit(0ms)) {
      BOOST_FAIL("grove-content " << key << " exited with " << *code << ":\n" << log_of(key));
    }
    std::this_thread::sleep_for(50ms);
  }
  BOOST_FAIL("grove-content " << key << " did not answer ping within 60 s");
  return nullptr;
}

std::string MusicGroupedNodes::log_of(int key) const {
  std::ifstream log(fmt::format("{}/n{}.log", dir, key));
  return std::string((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
}

const distribution::BucketPlacement& MusicGroupedNodes::placement(const std::string& id) const {
  return table->at(table->storage_bucket(distribution::DocumentId::parse(id).value().gid()));
}

bool MusicGroupedNodes::on_node(const std::string& id, int key) const {
  for (const auto& r : placement(id).replicas) {
    if (r.node == key) return true;
  }
  return false;
}

std::string MusicGroupedNodes::encode(const std::string& id, const std::string& fields) {
  auto doc = parser_.parse_fields(*types->find("music"),
                                  distribution::DocumentId::parse(id).value(), fields);
  BOOST_REQUIRE_MESSAGE(doc.ok(), doc.status().to_string());
  std::string bytes;
  document::serialize(*doc, bytes);
  return bytes;
}

int MusicGroupedNodes::year(int key, const std::string& id) {
  auto got = clients.at(key)->get(id, 2000ms);
  BOOST_REQUIRE(got.ok() && got->found && !got->removed);
  size_t at = got->fields_json.find("\"year\":");
  BOOST_REQUIRE(at != std::string::npos);
  return std::stoi(got->fields_json.substr(at + 7));
}

std::string MusicGroupedNodes::container_nodes_flag() const {
  std::string flag;
  for (const auto& [key, port] : ports) {
    flag += fmt::format("{}music:{}=127.0.0.1:{}", flag.empty() ? "" : ",", key, port);
  }
  return flag;
}

}  // namespace grove::testing
