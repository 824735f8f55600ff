// System test: a real grove-content process on 127.0.0.1 holding the music application, fed,
// searched and restarted over Thrift, and stopped by its pid.

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "config-model/model/document_types.h"
#include "services/document/document_json_parser.h"
#include "services/document/document_serializer.h"
#include "services/rpc/blocking_content_client.h"
#include "services/http/http_client.h"
#include "tests/system/replica_calls.h"
#include "tests/system/system_test_support.h"

namespace grove::testing {

namespace {

using rpc::BlockingContentClient;
using namespace std::chrono_literals;

const std::string kBinary = std::string(GROVE_BIN_DIR) + "/grove-content";
const std::string kSource = GROVE_SOURCE_DIR;
const std::string kApp = kSource + "/schemas/music-flat";

// Turns Vespa JSON puts into the binary form a node stores.
class Encoder {
 public:
  Encoder() {
    auto loaded = config::ApplicationModel::load(kApp);
    BOOST_REQUIRE(loaded.ok());
    repo_ = std::make_unique<document::DocumentTypeRepo>(config::make_document_type_repo(*loaded.model).value());
  }
  std::pair<std::string, std::string> encode(std::string_view json) {
    auto op = parser_.parse_operation(*repo_, json);
    BOOST_REQUIRE_MESSAGE(op.ok(), op.status().to_string());
    std::string bytes;
    document::serialize(*op->document, bytes);
    return {op->id.str(), bytes};
  }

 private:
  std::unique_ptr<document::DocumentTypeRepo> repo_;
  document::DocumentJsonParser parser_;
};

struct Node {
  explicit Node(std::vector<std::string> extra = {}) { start(std::move(extra)); }
  ~Node() {
    process.reset();
    std::filesystem::remove_all(dir);
  }
  void start(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {kBinary, "--data-dir", dir + "/data", "--port",
                                     std::to_string(port), "--http-port", std::to_string(http_port),
                                     "--app", kApp, "--key", "0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process.reset();
    auto started = ChildProcess::start(argv, {.output_path = dir + "/node.log"});
    BOOST_REQUIRE_MESSAGE(started.ok(), started.status().to_string());
    process.emplace(std::move(*started));
  }
  // Connects, retrying for up to 60 s while the node starts (CI machines can be loaded).
  std::unique_ptr<BlockingContentClient> connect() {
    for (int attempt = 0; attempt < 1200; ++attempt) {
      auto c = BlockingContentClient::connect("127.0.0.1", port);
      if (c.ok()) {
        auto ping = (*c)->ping(1000ms);  // a node still rebuilding its indexes answers "initializing"
        if (ping.ok() && ping->state == protocol::NodeServiceState::kUp) return std::move(c).value();
      }
      if (auto code = process->wait_exit(0ms)) {
        std::ifstream log(dir + "/node.log");
        std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
        BOOST_FAIL("grove-content exited with " << *code << " during start-up:\n" << text);
      }
      std::this_thread::sleep_for(50ms);
    }
    BOOST_FAIL("grove-content did not answer ping within 60 s");
    return nullptr;
  }
  std::string dir = make_temp_dir("grove-content-test");
  uint16_t port = free_port();
  uint16_t http_port = free_port();
  std::optional<ChildProcess> process;
};

protocol::QueryTree term(const std::string& field, const std::string& word) {
  protocol::QueryNode node;
  node.kind = protocol::QueryNodeKind::kTerm;
  node.field = field;
  node.term = word;
  protocol::QueryTree tree;
  tree.nodes = {node};
  tree.root = 0;
  return tree;
}

protocol::SearchRequest search_request(protocol::QueryTree query, int hits = 10) {
  protocol::SearchRequest r;
  r.document_type = "music";
  r.query = std::move(query);
  r.hits = hits;
  return r;
}

std::vector<std::string> sample_feed() {
  std::ifstream in(kSource + "/schemas/feeds/music-sample.jsonl");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

void feed_sample(BlockingContentClient& client, Encoder& encoder) {
  int64_t ts = 1000;
  for (const std::string& line : sample_feed()) {
    auto [id, bytes] = encoder.encode(line);
    auto applied = replica_put(client, id, ++ts, bytes, 5000ms);
    BOOST_REQUIRE_MESSAGE(applied.ok(), applied.status().to_string());
    BOOST_REQUIRE(*applied);
  }
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(content_node)

BOOST_AUTO_TEST_CASE(answers_ping_with_its_identity_and_stops_cleanly_on_sigterm) {
  Node node;
  auto client = node.connect();
  auto reply = client->ping(1000ms);
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST((reply->state == protocol::NodeServiceState::kUp));
  BOOST_TEST(reply->distribution_key == 0);
  BOOST_TEST(reply->cluster == "music");
  BOOST_TEST(reply->total_docs == 0);
  node.process->signal(SIGTERM);
  BOOST_TEST(node.process->wait_exit(20s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(serves_health_and_metrics_over_http) {
  Node node;
  node.connect();
  http::HttpReply health = http::http_get("127.0.0.1", node.http_port, "/state/v1/health");
  BOOST_TEST(health.status == 200);
  BOOST_TEST(health.body == R"({"status":{"code":"up"}})");
  http::HttpReply metrics = http::http_get("127.0.0.1", node.http_port, "/state/v1/metrics");
  BOOST_TEST(metrics.status == 200);
  BOOST_TEST(contains(metrics.body, R"("name":"content_query_static_cost_ms")"), metrics.body);
  BOOST_TEST(http::http_get("127.0.0.1", node.http_port, "/prometheus/v1/values").status == 200);
  BOOST_TEST(http::http_get("127.0.0.1", node.http_port, "/nope").status == 404);
}

BOOST_AUTO_TEST_CASE(fed_documents_are_searchable_at_once_with_summaries) {
  Node node;
  Encoder encoder;
  auto client = node.connect();
  feed_sample(*client, encoder);

  auto reply = client->search(search_request(term("", "Coldplay")), 2000ms);
  BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
  BOOST_TEST(reply->total_hits == 3);
  BOOST_TEST(reply->hits.size() == 3u);
  BOOST_TEST(reply->metrics.searched_documents == 12);
  BOOST_TEST(reply->hits[0].relevance > 0.0);

  protocol::DocsumRequest docsum;
  docsum.document_type = "music";
  for (const auto& h : reply->hits) docsum.gids.push_back(h.gid);
  auto sums = client->docsum(docsum, 2000ms);
  BOOST_REQUIRE(sums.ok());
  BOOST_REQUIRE_EQUAL(sums->docsums.size(), 3u);
  for (const auto& s : sums->docsums) {
    BOOST_TEST(s.found);
    BOOST_TEST(contains(s.fields_json, R"("artist":"coldplay")"), s.fields_json);
  }

  auto phrase = term("title", "");
  phrase.nodes[0].kind = protocol::QueryNodeKind::kPhrase;
  phrase.nodes[0].phrase_terms = {"eleanor", "rigby"};
  BOOST_TEST(client->search(search_request(phrase), 2000ms)->total_hits == 1);

  auto got = client->get("id:music:music:g=coldplay:yellow", 2000ms);
  BOOST_REQUIRE(got.ok());
  BOOST_TEST(got->found);
  BOOST_TEST(contains(got->fields_json, R"("year":2000)"), got->fields_json);

  auto stats = client->term_stats({"music", term("artist", "coldplay")}, 2000ms);
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(stats->stats.total_documents == 12);
  BOOST_REQUIRE_EQUAL(stats->stats.terms.size(), 1u);
  BOOST_TEST(stats->stats.terms[0].document_frequency == 3);
}

BOOST_AUTO_TEST_CASE(newer_timestamps_win_and_removed_documents_stop_matching) {
  Node node;
  Encoder encoder;
  auto client = node.connect();
  auto [id, v1] = encoder.encode(R"({"put":"id:music:music::t1","fields":{"title":"first version"}})");
  auto [id2, v2] = encoder.encode(R"({"put":"id:music:music::t1","fields":{"title":"second version"}})");
  BOOST_TEST(replica_put(*client, id, 20, v2, 2000ms).value());
  BOOST_TEST(!replica_put(*client, id, 10, v1, 2000ms).value());  // older: not applied
  BOOST_TEST(client->search(search_request(term("title", "second")), 2000ms)->total_hits == 1);
  BOOST_TEST(client->search(search_request(term("title", "first")), 2000ms)->total_hits == 0);
  BOOST_TEST(replica_remove(*client, id, 30, 2000ms).value());
  BOOST_TEST(client->search(search_request(term("title", "second")), 2000ms)->total_hits == 0);
  auto got = client->get(id, 2000ms);
  BOOST_TEST(got->found);
  BOOST_TEST(got->removed);
  BOOST_TEST(got->timestamp == 30);
  BOOST_TEST(!replica_put(*client, id, 25, v1, 2000ms).value());  // older than the remove
}

BOOST_AUTO_TEST_CASE(bad_input_gets_clear_errors_and_changes_nothing) {
  Node node;
  Encoder encoder;
  auto client = node.connect();
  feed_sample(*client, encoder);
  auto expect = [&](Status s, StatusCode code, std::string_view phrase) {
    BOOST_TEST(s.code() == code, s.to_string());
    BOOST_TEST(contains(s.message(), phrase), s.to_string());
  };
  expect(client->search(search_request(term("composer", "bach")), 2000ms).status(),
         StatusCode::kInvalidArgument, "composer");
  auto broken = term("title", "x");
  broken.nodes[0].kind = protocol::QueryNodeKind::kAnd;
  broken.nodes[0].children = {7};
  expect(client->search(search_request(broken), 2000ms).status(), StatusCode::kInvalidArgument,
         "child 7");
  auto profile = search_request(term("title", "yellow"));
  profile.rank_profile = "no-such-profile";
  expect(client->search(profile, 2000ms).status(), StatusCode::kInvalidArgument, "no-such-profile");
  protocol::DocsumRequest docsum;
  docsum.document_type = "music";
  docsum.summary_class = "no-such-class";
  expect(client->docsum(docsum, 2000ms).status(), StatusCode::kInvalidArgument, "no-such-class");
  expect(replica_put(*client, "id:music:music::x", 5, "\x01garbage", 2000ms).status(),
         StatusCode::kInvalidArgument, "id:music:music::x");
  expect(replica_put(*client, "id:music:book::x", 5, "", 2000ms).status(), StatusCode::kInvalidArgument,
         "document type 'book'");
  expect(replica_put(*client, "music:x", 5, "", 2000ms).status(), StatusCode::kInvalidArgument, "id:");
  auto [id, bytes] = encoder.encode(R"({"put":"id:music:music::big","fields":{"title":"x"}})");
  auto [other_id, other] = encoder.encode(R"({"put":"id:music:music::other","fields":{"title":"x"}})");
  expect(replica_put(*client, id, 5, other, 2000ms).status(), StatusCode::kInvalidArgument, "carries the id");
  // A document with a field the schema does not have (serialized with another "music" type).
  auto alien_type = document::DocumentType::make(
      "music", {{"composer", {document::ValueType::kString, document::ValueType::kSingle},
                 document::stable_field_id("composer")}}).value();
  document::Document alien(alien_type, distribution::DocumentId::parse("id:music:music::alien").value());
  alien.set(*alien_type.find("composer"), document::FieldValue::of_string("bach"));
  std::string alien_bytes;
  document::serialize(alien, alien_bytes);
  expect(replica_put(*client, "id:music:music::alien", 5, alien_bytes, 2000ms).status(),
         StatusCode::kInvalidArgument, "fields that document type 'music' does not have");
  BOOST_TEST(client->ping(1000ms)->total_docs == 12);
  BOOST_TEST(client->search(search_request(term("title", "yellow")), 2000ms)->total_hits == 1);
}

BOOST_AUTO_TEST_CASE(documents_over_the_size_limit_are_refused) {
  std::string config_dir = make_temp_dir("grove-content-config");
  std::string config = config_dir + "/node.json";
  std::ofstream(config) << R"({"application":")" << kApp << R"(","max_document_bytes":200})";
  Node node({"--config", config});
  Encoder encoder;
  auto client = node.connect();
  auto [id, bytes] = encoder.encode(
      R"({"put":"id:music:music::big","fields":{"title":")" + std::string(300, 'x') + R"("}})");
  auto result = replica_put(*client, id, 5, bytes, 2000ms);
  BOOST_TEST(result.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(result.status().message(), "over the limit of 200"), result.status().to_string());
  BOOST_TEST(client->ping(1000ms)->total_docs == 0);
  std::filesystem::remove_all(config_dir);
}

BOOST_AUTO_TEST_CASE(bad_config_file_is_reported_and_the_node_exits_2) {
  std::string config_dir = make_temp_dir("grove-content-config");
  std::string config = config_dir + "/node.json";
  std::ofstream(config) << R"({"application":"x","max_docs":1})";
  auto r = run_command({kBinary, "--data-dir", config_dir + "/d", "--port", "1", "--config", config});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.output, "unknown key \"max_docs\""), r.output);
  std::filesystem::remove_all(config_dir);
}

BOOST_AUTO_TEST_CASE(call_arriving_past_its_deadline_is_refused) {
  Node node;
  auto client = node.connect();
  auto reply = client->ping(0ms);
  BOOST_TEST(reply.status().code() == StatusCode::kDeadlineExceeded);
  BOOST_TEST(contains(reply.status().message(), "deadline"));
}

BOOST_AUTO_TEST_CASE(acknowledged_writes_survive_kill_9_and_are_indexed_at_restart) {
  Node node;
  Encoder encoder;
  std::vector<std::string> acked;
  std::mutex mutex;
  std::atomic<bool> stop{false};
  std::vector<std::thread> feeders;
  for (int t = 0; t < 4; ++t) {
    feeders.emplace_back([&, t] {
      auto client = node.connect();
      Encoder local;
      for (int i = 0; i < 5000 && !stop; ++i) {
        std::string json = fmt::format(
            R"({{"put":"id:music:music::doc-{}-{}","fields":{{"title":"crash test {}","year":{}}}}})", t, i, i, i);
        auto [id, bytes] = local.encode(json);
        auto applied = replica_put(*client, id, 1000 + i, bytes, 5000ms);
        if (!applied.ok()) return;  // the node died under us
        std::lock_guard lock(mutex);
        acked.push_back(id);
      }
    });
  }
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(mutex);
      if (acked.size() >= 2000) break;
    }
    std::this_thread::sleep_for(50ms);
  }
  node.process->signal(SIGKILL);
  node.process->wait_exit(10s);
  stop = true;
  for (auto& f : feeders) f.join();
  BOOST_REQUIRE_GT(acked.size(), 100u);

  node.start();
  auto client = node.connect();
  protocol::QueryTree all;
  all.nodes.resize(1);
  all.nodes[0].kind = protocol::QueryNodeKind::kTrue;
  auto everything = client->search(search_request(all, 0), 5000ms);
  BOOST_REQUIRE(everything.ok());
  BOOST_TEST(everything->total_hits >= static_cast<int64_t>(acked.size()));
  for (const std::string& id : acked) {
    auto got = client->get(id, 2000ms);
    BOOST_REQUIRE_MESSAGE(got.ok() && got->found && !got->removed, id << " was acknowledged but lost");
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::testing
