// SearchHandler, SearchRun and SearchCluster against a whole cluster of in-process content
// nodes (content/rpc/local_cluster.h): two groups of two, round-robin dispatch, 40 documents
// fed through their owners. Every node's service is wrapped in a FaultyNode that a test can
// make fail, answer late, blame the query or fail only its summaries.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "config-model/model/application_model.h"
#include "container/server/search_handler.h"
#include "content/node/content_node.h"
#include "content/rpc/local_cluster.h"
#include "services/distribution/document_id.h"
#include "services/protocol/forwarding_content_service.h"
#include "tests/unit/content/node/node_test_support.h"

namespace grove::container {
namespace {

using namespace std::chrono_literals;
using content::testing::TestPackage;

constexpr int kDocuments = 40;

enum class Fault { kNone, kUnavailable, kSlow, kBlameQuery, kDocsum };

// A node's service with a switchable fault. kSlow makes its searches answer DeadlineExceeded
// when the call's deadline passes, as the Thrift client does for a node that does not answer
// in time (its statistics come at once, so only the search phase waits).
class FaultyNode final : public protocol::ForwardingContentService {
 public:
  FaultyNode(std::unique_ptr<protocol::ContentService> inner, boost::asio::io_context& timers)
      : inner_(std::move(inner)), timers_(timers) {}

  std::atomic<Fault> fault{Fault::kNone};

  void term_stats(const protocol::TermStatsRequest& request, Deadline deadline,
                  protocol::Callback<protocol::TermStatsReply> done) override {
    if (intercept(done)) return;
    inner_->term_stats(request, deadline, std::move(done));
  }
  void search(const protocol::SearchRequest& request, Deadline deadline,
              protocol::Callback<protocol::SearchReply> done) override {
    if (fault == Fault::kBlameQuery) {
      return done(Status::InvalidArgument("field 'title' cannot be searched like that"));
    }
    if (fault == Fault::kSlow) {
      auto timer = std::make_shared<boost::asio::steady_timer>(timers_, deadline.at());
      timer->async_wait([timer, done = std::move(done)](const boost::system::error_code&) {
        done(Status::DeadlineExceeded("no answer before the deadline"));
      });
      return;
    }
    if (intercept(done)) return;
    inner_->search(request, deadline, std::move(done));
  }
  void docsum(const protocol::DocsumRequest& request, Deadline deadline,
              protocol::Callback<protocol::DocsumReply> done) override {
    if (fault == Fault::kDocsum) return done(Status::Internal("summary store read failed"));
    if (intercept(done)) return;
    inner_->docsum(request, deadline, std::move(done));
  }
  void ping(const protocol::PingRequest& request, Deadline deadline,
            protocol::Callback<protocol::PingReply> done) override {
    if (intercept(done)) return;
    inner_->ping(request, deadline, std::move(done));
  }

 protected:
  protocol::ContentService& target() const override { return *inner_; }

 private:
  // Applies kUnavailable; true when it has answered `done`.
  template <typename Reply>
  bool intercept(protocol::Callback<Reply>& done) {
    if (fault != Fault::kUnavailable) return false;
    done(Status::Unavailable("connection refused"));
    return true;
  }

  std::unique_ptr<protocol::ContentService> inner_;
  boost::asio::io_context& timers_;
};

struct Response {
  int status = 0;
  std::string body;
};

std::string grouped_round_robin() {
  return content::testing::grouped_cluster() +
         "<tuning><dispatch><dispatch-policy>round-robin</dispatch-policy></dispatch></tuning>";
}

struct ClusterFixture {
  ClusterFixture() : package(grouped_round_robin()) {
    content::LocalClusterOptions options;
    options.application = package.app();
    options.data_dir = package.data_dir(0);
    options.threads_per_node = 4;
    auto opened = content::LocalCluster::open(std::move(options));
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    nodes = std::move(*opened);
    feed();
    auto loaded = config::ApplicationModel::load(package.app());
    BOOST_REQUIRE(loaded.ok());
    model.emplace(std::move(*loaded.model));
    SearchCluster::Connect connect = [this](const std::string&, uint16_t key)
        -> Result<std::unique_ptr<protocol::ContentService>> {
      GROVE_ASSIGN_OR_RETURN(auto inner, nodes->connect(key));
      auto node = std::make_unique<FaultyNode>(std::move(inner), timers);
      faulty[key] = node.get();
      return std::unique_ptr<protocol::ContentService>(std::move(node));
    };
    cluster = SearchCluster::create(model->content_clusters()[0], connect, metrics, 7).value();
    handler.emplace(*model, std::vector<SearchCluster*>{cluster.get()}, metrics);
    timer_thread = std::thread([this] { timers.run(); });
    ping();
  }
  ~ClusterFixture() {
    cluster->shutdown();
    guard.reset();
    timer_thread.join();
    nodes->stop();
  }

  // Feeds kDocuments songs through the owner of each; every one must be acknowledged.
  void feed() {
    const content::ContentNode& any = nodes->node(0);
    for (int i = 0; i < kDocuments; ++i) {
      std::string id = content::testing::doc_id(i);
      std::string fields = fmt::format(
          R"({{"title": "song {} common{}", "artist": "artist{}", "year": {}}})", i,
          i % 4 == 0 ? " rare" : "", i % 5, 1990 + i);
      auto parsed = distribution::DocumentId::parse(id);
      BOOST_REQUIRE(parsed.ok());
      const auto& placement = *any.placement();
      uint16_t owner = placement.at(placement.storage_bucket(parsed->gid())).owner;
      protocol::FeedBatchRequest request;
      request.operations.push_back(
          {protocol::FeedPut{id, content::testing::encode(any, id, fields), std::nullopt}, std::nullopt});
      std::promise<Result<protocol::FeedBatchReply>> promise;
      auto future = promise.get_future();
      nodes->service(owner).feed_batch(std::move(request), Deadline::after(SystemClock::instance(), 10s),
                                       [&](Result<protocol::FeedBatchReply> r) { promise.set_value(std::move(r)); });
      BOOST_REQUIRE(future.wait_for(10s) == std::future_status::ready);
      auto reply = future.get();
      BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
      BOOST_REQUIRE_EQUAL(reply->replies.size(), 1u);
      BOOST_REQUIRE(!reply->replies[0].error);
      BOOST_REQUIRE(reply->replies[0].outcome == protocol::FeedOutcome::kOk);
    }
  }

  // Whether the node of `key` is in service.
  bool up(uint16_t key) { return cluster->node(cluster->node_of_key(key)).up.load(); }

  void ping() {
    std::promise<void> pinged;
    cluster->ping_all(2s, [&] { pinged.set_value(); });
    BOOST_REQUIRE(pinged.get_future().wait_for(10s) == std::future_status::ready);
  }

  Response query(const std::string& yql, std::vector<std::pair<std::string, std::string>> extra = {}) {
    http::HttpRequest request;
    request.method = "GET";
    request.path = "/search/";
    request.target = "/search/";
    request.query = {{"yql", yql}, {"hits", "50"}};
    for (auto& p : extra) request.query.push_back(std::move(p));
    auto promise = std::make_shared<std::promise<http::HttpResponse>>();
    auto future = promise->get_future();
    handler->handle(request, [promise](http::HttpResponse r) { promise->set_value(std::move(r)); });
    BOOST_REQUIRE(future.wait_for(10s) == std::future_status::ready);
    http::HttpResponse r = future.get();
    return {r.status, r.body};
  }

  TestPackage package;
  std::unique_ptr<content::LocalCluster> nodes;
  std::optional<config::ApplicationModel> model;
  MetricRegistry metrics;
  boost::asio::io_context timers;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard{
      timers.get_executor()};
  std::map<uint16_t, FaultyNode*> faulty;
  std::unique_ptr<SearchCluster> cluster;
  std::optional<SearchHandler> handler;
  std::thread timer_thread;
};

constexpr const char* kAll = R"(select * from music where title contains "common")";
constexpr const char* kRare = R"(select * from music where title contains "rare")";

// What a test reads from a result.
struct Parsed {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  explicit Parsed(const std::string& body) { root = parser.parse(body).value()["root"]; }

  int64_t total() { return root["fields"]["totalCount"].get_int64().value(); }
  int64_t group() { return root["fields"]["searchGroup"].get_int64().value(); }
  bool full() { return root["coverage"]["full"].get_bool().value(); }
  int64_t coverage_nodes() { return root["coverage"]["nodes"].get_int64().value(); }
  // Runs `f` on each of the result's errors (none when it has no "errors").
  template <typename F>
  void for_each_error(F f) {
    simdjson::dom::array errors;
    if (root["errors"].get(errors)) return;
    for (auto e : errors) f(e);
  }
  std::vector<int64_t> error_codes() {
    std::vector<int64_t> out;
    for_each_error([&](simdjson::dom::element e) { out.push_back(e["code"].get_int64().value()); });
    return out;
  }
  std::string error_messages() {
    std::string out;
    for_each_error([&](simdjson::dom::element e) { out += std::string(e["message"].get_string().value()) + "\n"; });
    return out;
  }
  // The hits; empty when the result has no "children".
  std::vector<simdjson::dom::element> children() {
    std::vector<simdjson::dom::element> out;
    simdjson::dom::array hits;
    if (root["children"].get(hits)) return out;
    for (auto c : hits) out.push_back(c);
    return out;
  }
  // id → relevance of every hit.
  std::map<std::string, double> relevance() {
    std::map<std::string, double> out;
    for (auto c : children()) out[std::string(c["id"].get_string().value())] = c["relevance"].get_double().value();
    return out;
  }
};

BOOST_AUTO_TEST_SUITE(search_run)

BOOST_AUTO_TEST_CASE(every_group_answers_in_full_with_the_same_scores) {
  ClusterFixture f;
  std::map<std::string, double> scores[2];
  for (int group = 0; group < 2; ++group) {
    Response r = f.query(kRare, {{"model.searchGroup", std::to_string(group)}});
    BOOST_REQUIRE_EQUAL(r.status, 200);
    Parsed p(r.body);
    BOOST_CHECK_EQUAL(p.total(), kDocuments / 4);
    BOOST_CHECK_EQUAL(p.group(), group);
    BOOST_CHECK(p.full());
    BOOST_CHECK_EQUAL(p.coverage_nodes(), 2);
    BOOST_CHECK(p.error_codes().empty());
    for (auto c : p.children()) {
      std::string_view title = c["fields"]["title"].get_string().value();
      BOOST_CHECK(title.find("rare") != std::string_view::npos);
    }
    scores[group] = p.relevance();
    BOOST_CHECK_EQUAL(scores[group].size(), static_cast<size_t>(kDocuments / 4));
  }
  BOOST_REQUIRE_EQUAL(scores[0].size(), scores[1].size());
  for (const auto& [id, relevance] : scores[0]) {
    BOOST_REQUIRE(scores[1].contains(id));
    BOOST_CHECK_CLOSE(relevance, scores[1][id], 1e-9);
  }
  // Round-robin: unpinned queries alternate between the groups.
  std::set<int64_t> groups;
  for (int i = 0; i < 4; ++i) {
    Response r = f.query(kAll);
    BOOST_REQUIRE_EQUAL(r.status, 200);
    Parsed p(r.body);
    BOOST_CHECK_EQUAL(p.total(), kDocuments);
    groups.insert(p.group());
  }
  BOOST_CHECK_EQUAL(groups.size(), 2u);
}

BOOST_AUTO_TEST_CASE(a_failed_node_leaves_a_partial_result_and_goes_out_of_service) {
  ClusterFixture f;
  f.faulty[1]->fault = Fault::kUnavailable;
  Response r = f.query(kAll, {{"model.searchGroup", "0"}});
  BOOST_REQUIRE_EQUAL(r.status, 200);
  Parsed p(r.body);
  BOOST_CHECK(!p.full());
  BOOST_CHECK_EQUAL(p.coverage_nodes(), 1);
  BOOST_CHECK_GT(p.total(), 0);
  BOOST_CHECK_LT(p.total(), kDocuments);
  BOOST_CHECK(p.error_codes() == std::vector<int64_t>{10});
  BOOST_CHECK(p.error_messages().find("music:1") != std::string::npos);
  BOOST_CHECK(!f.up(1));

  // A good ping brings it back.
  f.faulty[1]->fault = Fault::kNone;
  f.ping();
  BOOST_CHECK(f.up(1));
  Parsed again(f.query(kAll, {{"model.searchGroup", "0"}}).body);
  BOOST_CHECK(again.full());
  BOOST_CHECK_EQUAL(again.total(), kDocuments);
}

BOOST_AUTO_TEST_CASE(the_cluster_state_takes_nodes_out_and_brings_them_back) {
  ClusterFixture f;
  auto state = [](const char* text) { return *distribution::ClusterState::parse(text); };
  // Node 1 (group 0) in maintenance: queries go to group 1, in full.
  BOOST_REQUIRE(f.cluster->set_cluster_state(state("version:4 distributor:4 storage:4 .1.s:m")));
  BOOST_CHECK(!f.cluster->node(static_cast<size_t>(f.cluster->node_of_key(1))).in_service());
  for (int i = 0; i < 4; ++i) {
    Parsed p(f.query(kAll).body);
    BOOST_CHECK_EQUAL(p.group(), 1);
    BOOST_CHECK(p.full());
    BOOST_CHECK_EQUAL(p.total(), kDocuments);
  }
  BOOST_CHECK_EQUAL(f.cluster->chosen(0).value(), 0u);
  // An older state is ignored; pings do not bring the node back while the state holds it out.
  BOOST_CHECK(!f.cluster->set_cluster_state(state("version:3 distributor:4 storage:4")));
  f.ping();
  BOOST_CHECK_EQUAL(f.cluster->cluster_state_version(), 4u);
  BOOST_CHECK_EQUAL(Parsed(f.query(kAll).body).group(), 1);
  // Retired nodes still hold their data and are searched; up again, both groups serve.
  BOOST_REQUIRE(f.cluster->set_cluster_state(state("version:5 distributor:4 storage:4 .1.s:r")));
  std::set<int64_t> groups;
  for (int i = 0; i < 4; ++i) {
    Parsed p(f.query(kAll).body);
    groups.insert(p.group());
    BOOST_CHECK(p.full());
  }
  BOOST_CHECK(groups == (std::set<int64_t>{0, 1}));
}

BOOST_AUTO_TEST_CASE(a_group_whose_nodes_all_fail_is_retried_on_the_other) {
  ClusterFixture f;
  f.faulty[0]->fault = Fault::kUnavailable;
  f.faulty[1]->fault = Fault::kUnavailable;
  for (int i = 0; i < 4; ++i) {
    Response r = f.query(kAll);
    BOOST_REQUIRE_EQUAL(r.status, 200);
    Parsed p(r.body);
    BOOST_CHECK_EQUAL(p.group(), 1);
    BOOST_CHECK_EQUAL(p.total(), kDocuments);
    BOOST_CHECK_EQUAL(p.children().size(), static_cast<size_t>(kDocuments));
  }
  // The first query went to group 0, failed there and was answered by group 1; then group 0
  // was out of service and not chosen again.
  BOOST_CHECK_EQUAL(f.cluster->chosen(0).value(), 1u);
  BOOST_CHECK_EQUAL(f.cluster->chosen(1).value(), 4u);
}

BOOST_AUTO_TEST_CASE(no_group_left_is_an_error_naming_the_cluster) {
  ClusterFixture f;
  for (auto& [key, node] : f.faulty) node->fault = Fault::kUnavailable;
  Response r = f.query(kAll);
  BOOST_CHECK_EQUAL(r.status, 503);
  BOOST_CHECK(r.body.find("music") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_node_that_does_not_answer_in_time_is_a_timeout_of_a_partial_result) {
  ClusterFixture f;
  f.faulty[3]->fault = Fault::kSlow;
  Response r = f.query(kAll, {{"model.searchGroup", "1"}, {"timeout", "300ms"}});
  BOOST_REQUIRE_EQUAL(r.status, 200);
  Parsed p(r.body);
  BOOST_CHECK(!p.full());
  BOOST_CHECK_EQUAL(p.coverage_nodes(), 1);
  std::vector<int64_t> codes = p.error_codes();
  BOOST_CHECK(std::find(codes.begin(), codes.end(), 12) != codes.end());
  BOOST_CHECK(p.error_messages().find("music:3") != std::string::npos);
  // The other node's hits are there (their summaries come after the deadline, so may lack
  // fields, with an error of their own).
  BOOST_CHECK_EQUAL(p.children().size(), static_cast<size_t>(p.total()));
  BOOST_CHECK_GT(p.total(), 0);
  BOOST_CHECK_LT(p.total(), kDocuments);
  // A late node stays in service: slowness is not a failure.
  BOOST_CHECK(f.up(3));
}

BOOST_AUTO_TEST_CASE(a_node_that_blames_the_query_gives_400) {
  ClusterFixture f;
  f.faulty[2]->fault = Fault::kBlameQuery;
  Response r = f.query(kAll, {{"model.searchGroup", "1"}});
  BOOST_CHECK_EQUAL(r.status, 400);
  BOOST_CHECK(r.body.find("cannot be searched like that") != std::string::npos);
  BOOST_CHECK(f.up(2));
}

BOOST_AUTO_TEST_CASE(a_failed_summary_fill_keeps_the_hits_without_fields) {
  ClusterFixture f;
  f.faulty[0]->fault = Fault::kDocsum;
  Response r = f.query(kAll, {{"model.searchGroup", "0"}});
  BOOST_REQUIRE_EQUAL(r.status, 200);
  Parsed p(r.body);
  BOOST_CHECK_EQUAL(p.total(), kDocuments);
  BOOST_CHECK(p.full());
  BOOST_CHECK_EQUAL(p.children().size(), static_cast<size_t>(kDocuments));
  size_t with_title = 0;
  for (auto c : p.children()) {
    simdjson::dom::element title;
    if (!c["fields"]["title"].get(title)) ++with_title;
  }
  BOOST_CHECK_GT(with_title, 0u);
  BOOST_CHECK_LT(with_title, static_cast<size_t>(kDocuments));
  BOOST_CHECK(p.error_messages().find("summary fill from content node music:0") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace grove::container
