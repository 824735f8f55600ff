// ClusterController against a whole in-process content cluster (content::LocalCluster, two
// groups of two) on a ManualClock: each round moves the clock, runs tick() and waits (bounded)
// until every call it caused has been answered. Every node's service is wrapped in a
// FaultyNode that can fail its pings or hold them unanswered.

#include <fmt/format.h>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config-model/controller/cluster_controller.h"
#include "config-model/model/application_model.h"
#include "content/node/content_node.h"
#include "content/rpc/local_cluster.h"
#include "services/distribution/document_id.h"
#include "services/protocol/forwarding_content_service.h"
#include "tests/unit/content/node/node_test_support.h"
#include "tests/unit/content/rpc/local_cluster_calls.h"

namespace grove::controller {
namespace {

using namespace std::chrono_literals;
using content::testing::TestPackage;
using distribution::NodeType;
using distribution::State;

enum class Fault { kNone, kUnavailable, kSilent };

// A node as the controller reaches it. kUnavailable fails its pings and states at once (a
// killed process); kSilent keeps ping callbacks unanswered until the fault is lifted or the
// service is shut down (a hung one). Without an inner service (a node the package adds but
// nobody started) every call fails.
class FaultyNode final : public protocol::ForwardingContentService {
 public:
  explicit FaultyNode(std::unique_ptr<protocol::ContentService> inner) : inner_(std::move(inner)) {}
  ~FaultyNode() override { release(); }

  std::atomic<Fault> fault{Fault::kNone};
  std::atomic<int> pings{0};
  std::atomic<int> states{0};
  // When set, pings report this cluster state version (a node that restarted, or one that
  // another controller gave a newer state).
  std::atomic<uint32_t> report_version{0};

  void ping(const protocol::PingRequest& request, Deadline deadline,
            protocol::Callback<protocol::PingReply> done) override {
    ++pings;
    if (fault == Fault::kSilent) {
      std::lock_guard lock(mutex_);
      held_.push_back(std::move(done));
      return;
    }
    if (fault == Fault::kUnavailable || !inner_) return later(std::move(done));
    if (uint32_t version = report_version.load(); version != 0) {
      auto wrapped = [version, done = std::move(done)](Result<protocol::PingReply> r) {
        if (r.ok()) r->cluster_state_version = version;
        done(std::move(r));
      };
      return inner_->ping(request, deadline, std::move(wrapped));
    }
    inner_->ping(request, deadline, std::move(done));
  }
  void set_cluster_state(const protocol::SetClusterStateRequest& request, Deadline deadline,
                         protocol::Callback<protocol::SetClusterStateReply> done) override {
    ++states;
    if (fault != Fault::kNone || !inner_) return later(std::move(done));
    inner_->set_cluster_state(request, deadline, std::move(done));
  }
  void shutdown() override {
    release();
    if (inner_) inner_->shutdown();
  }
  const std::string& endpoint() const override { return endpoint_; }
  bool healthy() const override { return fault == Fault::kNone; }

  size_t held() {
    std::lock_guard lock(mutex_);
    return held_.size();
  }
  // Answers the held pings (Unavailable).
  void release() {
    std::vector<protocol::Callback<protocol::PingReply>> held;
    {
      std::lock_guard lock(mutex_);
      held.swap(held_);
    }
    for (auto& done : held) done(Status::Unavailable("no answer"));
  }

 protected:
  protocol::ContentService& target() const override { return *inner_; }

 private:
  // The contract: a callback never runs inside the call.
  template <typename Reply>
  void later(protocol::Callback<Reply> done) {
    std::thread([done = std::move(done)] {
      done(Status::Unavailable("connection refused"));
    }).detach();
  }

  std::unique_ptr<protocol::ContentService> inner_;
  std::string endpoint_ = "faulty";
  std::mutex mutex_;
  std::vector<protocol::Callback<protocol::PingReply>> held_;
};

std::string grouped(const std::string& tuning = "") {
  return content::testing::grouped_cluster() + tuning;
}

struct Fixture {
  explicit Fixture(const std::string& body = grouped()) : package(body) {
    content::LocalClusterOptions options;
    options.application = package.app();
    options.data_dir = package.data_dir(0);
    options.threads_per_node = 4;
    auto opened = content::LocalCluster::open(std::move(options));
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    nodes = std::move(*opened);
    auto loaded = config::ApplicationModel::load(package.app());
    BOOST_REQUIRE_MESSAGE(loaded.ok(), loaded.first_error());
    model.emplace(std::move(*loaded.model));
  }
  ~Fixture() {
    controller.reset();
    nodes->stop();
  }

  Connect connect() {
    return [this](const std::string&,
                  uint16_t key) -> Result<std::unique_ptr<protocol::ContentService>> {
      std::unique_ptr<protocol::ContentService> inner;
      if (key < 4) {
        GROVE_ASSIGN_OR_RETURN(inner, nodes->connect(key));
      }
      auto node = std::make_unique<FaultyNode>(std::move(inner));
      node->fault = initial_fault[key];
      faulty[key] = node.get();
      return std::unique_ptr<protocol::ContentService>(std::move(node));
    };
  }

  ControllerOptions options() {
    ControllerOptions o;
    o.clock = &clock;
    o.metrics = &metrics;
    return o;
  }

  void start(ControllerOptions o) {
    auto made = ClusterController::create(*model, connect(), o);
    BOOST_REQUIRE_MESSAGE(made.ok(), made.status().to_string());
    controller = std::move(*made);
  }
  void start() { start(options()); }

  // Waits until every call of the controller has been answered, but the pings a silent node
  // holds (bounded).
  size_t held() {
    size_t n = 0;
    for (auto& [key, node] : faulty) n += node->held();
    return n;
  }
  void settle() {
    for (int i = 0; i < 10000 && controller->calls_in_flight() > held(); ++i)
      std::this_thread::sleep_for(1ms);
    BOOST_REQUIRE_EQUAL(controller->calls_in_flight(), held());
  }
  // One ping interval later.
  void round(Duration step = 1s) {
    clock.advance(step);
    controller->tick();
    settle();
  }
  void first_round() {
    controller->tick();
    settle();
  }

  PublishedState published() {
    auto p = controller->published("music");
    BOOST_REQUIRE_MESSAGE(p.ok(), p.status().to_string());
    return *p;
  }
  distribution::ClusterState node_state(uint16_t key) {
    return nodes->node(key).placement()->state();
  }
  uint32_t version_at(uint16_t key) { return nodes->node(key).cluster_state_version(); }

  uint16_t owner(uint16_t asked, const std::string& id) { return content::testing::owner_of(*nodes, asked, id); }
  protocol::FeedReply put(uint16_t key, const std::string& id) { return content::testing::put_through(*nodes, key, id); }

  TestPackage package;
  std::unique_ptr<content::LocalCluster> nodes;
  std::optional<config::ApplicationModel> model;
  ManualClock clock;
  MetricRegistry metrics;
  std::map<uint16_t, Fault> initial_fault;
  std::map<uint16_t, FaultyNode*> faulty;  // owned by the controller
  std::unique_ptr<ClusterController> controller;
};

BOOST_AUTO_TEST_SUITE(cluster_controller)

BOOST_AUTO_TEST_CASE(the_first_state_is_published_after_every_node_answered_above_their_versions) {
  Fixture f;
  f.start();
  BOOST_CHECK(f.controller->published("music").status().code() == StatusCode::kUnavailable);
  f.first_round();
  PublishedState p = f.published();
  BOOST_CHECK_EQUAL(p.version, 2u);  // the nodes start at 1
  BOOST_CHECK_EQUAL(p.state, "version:2 distributor:4 storage:4");
  for (uint16_t key : f.nodes->keys()) BOOST_CHECK_EQUAL(f.version_at(key), 2u);
  // Nothing changed: another round publishes nothing.
  f.round();
  BOOST_CHECK_EQUAL(f.published().version, 2u);
  auto status = f.controller->status("music").value();
  BOOST_REQUIRE_EQUAL(status.nodes.size(), 4u);
  for (const NodeFacts& n : status.nodes) {
    BOOST_CHECK(n.reported == ReportedState::kUp);
    BOOST_CHECK_EQUAL(n.acknowledged_version, 2u);
    BOOST_CHECK_GE(n.last_ping_latency_ms, 0.0);
  }
}

BOOST_AUTO_TEST_CASE(a_killed_node_is_down_within_one_interval_and_its_buckets_get_another_owner) {
  Fixture f;
  f.start();
  f.first_round();
  std::string id;
  for (int i = 0; i < 1000 && id.empty(); ++i) {
    if (f.owner(0, content::testing::doc_id(i)) == 1) id = content::testing::doc_id(i);
  }
  BOOST_REQUIRE(!id.empty());

  // The process is gone: the controller's calls fail, and so do the other nodes' calls to it.
  f.faulty[1]->fault = Fault::kUnavailable;
  f.nodes->service(1).shutdown();
  f.round();
  PublishedState p = f.published();
  BOOST_CHECK_EQUAL(p.state, "version:3 distributor:4 .1.s:d storage:4 .1.s:d");
  for (uint16_t key : {0, 2, 3}) BOOST_CHECK_EQUAL(f.version_at(key), 3u);
  const uint16_t owner = f.owner(0, id);
  BOOST_CHECK_NE(owner, 1);
  protocol::FeedReply reply = f.put(owner, id);
  BOOST_CHECK_MESSAGE(!reply.error && reply.outcome == protocol::FeedOutcome::kOk, reply.message);

  auto status = f.controller->status("music").value();
  BOOST_CHECK(status.nodes[1].reported == ReportedState::kDown);
  BOOST_CHECK_MESSAGE(status.nodes[1].reported_reason.find("ping failed") != std::string::npos,
                      status.nodes[1].reported_reason);
  bool down_in_history = false;
  for (const HistoryEntry& e : status.history)
    down_in_history |= e.event == HistoryEvent::kNodeDown && e.key == 1;
  BOOST_CHECK(down_in_history);
}

BOOST_AUTO_TEST_CASE(a_node_that_answers_again_comes_back_up_and_catches_up) {
  Fixture f;
  f.start();
  f.first_round();
  f.faulty[1]->fault = Fault::kUnavailable;
  f.round();
  BOOST_CHECK_EQUAL(f.published().state, "version:3 distributor:4 .1.s:d storage:4 .1.s:d");
  BOOST_CHECK_EQUAL(f.version_at(1), 2u);  // it heard nothing

  f.faulty[1]->fault = Fault::kNone;
  f.round();
  BOOST_CHECK_EQUAL(f.published().state, "version:4 distributor:4 storage:4");
  for (uint16_t key : f.nodes->keys()) BOOST_CHECK_EQUAL(f.version_at(key), 4u);
  auto status = f.controller->status("music").value();
  BOOST_CHECK(status.nodes[1].reported == ReportedState::kUp);
  BOOST_CHECK_EQUAL(
      f.metrics.gauge("cluster_controller_nodes_up", "", {{"cluster", "music"}}).value(), 4.0);
  BOOST_CHECK_EQUAL(
      f.metrics.gauge("cluster_controller_state_version", "", {{"cluster", "music"}}).value(), 4.0);
}

BOOST_AUTO_TEST_CASE(a_node_behind_gets_the_state_again_and_one_ahead_raises_the_version) {
  Fixture f;
  f.start();
  f.first_round();
  const int sent = f.faulty[2]->states.load();
  f.faulty[2]->report_version = 1;  // it restarted with the state it was started with
  f.round();
  BOOST_CHECK_EQUAL(f.faulty[2]->states.load(), sent + 1);
  BOOST_CHECK_EQUAL(f.faulty[0]->states.load(), 1);  // the others are not sent it again
  BOOST_CHECK_EQUAL(f.published().version, 2u);      // the content did not change

  f.faulty[2]->report_version = 9;  // another controller got further
  f.round();
  BOOST_CHECK_EQUAL(f.published().state, "version:10 distributor:4 storage:4");
  for (uint16_t key : f.nodes->keys()) BOOST_CHECK_EQUAL(f.version_at(key), 10u);
}

BOOST_AUTO_TEST_CASE(a_ping_without_an_answer_by_its_deadline_takes_the_node_down) {
  Fixture f;
  f.start();
  f.first_round();
  f.faulty[3]->fault = Fault::kSilent;
  f.round();  // pinged; no answer yet
  BOOST_CHECK_EQUAL(f.published().version, 2u);
  f.round(900ms);  // past the 800 ms ping timeout
  BOOST_CHECK_EQUAL(f.published().state, "version:3 distributor:4 .3.s:d storage:4 .3.s:d");
  auto status = f.controller->status("music").value();
  BOOST_CHECK_MESSAGE(status.nodes[3].reported_reason.find("no answer") != std::string::npos,
                      status.nodes[3].reported_reason);
  f.faulty[3]->release();  // the late answer is dropped
}

BOOST_AUTO_TEST_CASE(maintenance_and_retired_wanted_states_reach_the_nodes) {
  Fixture f;
  f.start();
  f.first_round();
  auto m = f.controller->set_wanted_state("music", 2, WantedState::kMaintenance, "disk swap");
  BOOST_REQUIRE_MESSAGE(m.ok(), m.status().to_string());
  BOOST_CHECK(m->modified);
  f.settle();
  BOOST_CHECK_EQUAL(
      f.published().state,
      "version:3 distributor:4 .2.s:d .2.m:disk\\x20swap storage:4 .2.s:m .2.m:disk\\x20swap");
  BOOST_CHECK(f.node_state(0).node_state(NodeType::kStorage, 2).state == State::kMaintenance);
  BOOST_CHECK(f.node_state(3).node_state(NodeType::kDistributor, 2).state == State::kDown);

  auto r = f.controller->set_wanted_state("music", 3, WantedState::kRetired, "");
  BOOST_REQUIRE(r.ok());
  f.settle();
  BOOST_CHECK(f.node_state(0).node_state(NodeType::kStorage, 3).state == State::kRetired);
  BOOST_CHECK(f.node_state(0).node_state(NodeType::kDistributor, 3).state == State::kUp);
  BOOST_CHECK_EQUAL(f.published().version, 4u);

  auto facts = f.controller->status("music").value().nodes[2];
  BOOST_CHECK(facts.wanted.state == WantedState::kMaintenance);
  BOOST_CHECK_EQUAL(facts.wanted.reason, "disk swap");
  BOOST_CHECK_EQUAL(facts.wanted.set_at_us, f.clock.wall_us());
}

BOOST_AUTO_TEST_CASE(bad_wanted_state_changes_are_refused_clearly) {
  Fixture f;
  f.start();
  f.first_round();
  auto cluster = f.controller->set_wanted_state("books", 0, WantedState::kDown, "");
  BOOST_CHECK(cluster.status().code() == StatusCode::kNotFound);
  BOOST_CHECK(cluster.status().message().find("no content cluster 'books'") != std::string::npos);
  auto key = f.controller->set_wanted_state("music", 7, WantedState::kDown, "");
  BOOST_CHECK(key.status().code() == StatusCode::kNotFound);
  BOOST_CHECK_MESSAGE(key.status().message().find("keys: 0, 1, 2, 3") != std::string::npos,
                      key.status().message());
  auto long_reason =
      f.controller->set_wanted_state("music", 0, WantedState::kDown, std::string(300, 'x'));
  BOOST_CHECK(long_reason.status().code() == StatusCode::kInvalidArgument);
  BOOST_CHECK_EQUAL(f.published().version, 2u);
}

BOOST_AUTO_TEST_CASE(the_safe_condition_keeps_one_group_whole) {
  Fixture f;
  f.start();
  f.first_round();
  BOOST_REQUIRE(
      f.controller->set_wanted_state("music", 2, WantedState::kMaintenance, "", SetCondition::kSafe)
          ->modified);
  f.settle();
  auto other_group = f.controller->set_wanted_state("music", 0, WantedState::kMaintenance, "",
                                                    SetCondition::kSafe);
  BOOST_REQUIRE(other_group.ok());
  BOOST_CHECK(!other_group->modified);
  BOOST_CHECK_MESSAGE(other_group->reason.find("node 2 of group group1") != std::string::npos,
                      other_group->reason);
  BOOST_CHECK(
      f.controller->set_wanted_state("music", 3, WantedState::kMaintenance, "", SetCondition::kSafe)
          ->modified);
  BOOST_CHECK(f.controller->set_wanted_state("music", 0, WantedState::kMaintenance, "")
                  ->modified);  // forced
}

BOOST_AUTO_TEST_CASE(min_node_ratio_takes_a_whole_group_down) {
  Fixture f(grouped("<tuning><min-node-ratio-per-group>0.6</min-node-ratio-per-group></tuning>"));
  BOOST_REQUIRE_CLOSE(f.model->content_clusters()[0].min_node_ratio_per_group, 0.6, 1e-9);
  f.start();
  f.first_round();
  f.faulty[0]->fault = Fault::kUnavailable;
  f.round();
  auto state = f.node_state(2);
  BOOST_CHECK_EQUAL(state.version(), 3u);
  BOOST_CHECK(state.node_state(NodeType::kStorage, 0).state == State::kDown);
  BOOST_CHECK(state.node_state(NodeType::kStorage, 1).state == State::kDown);
  BOOST_CHECK_EQUAL(state.node_state(NodeType::kStorage, 1).description,
                    "group group0 is below min-node-ratio-per-group 0.6");
  BOOST_CHECK(state.node_state(NodeType::kStorage, 2).state == State::kUp);
  BOOST_CHECK(state.node_state(NodeType::kDistributor, 1).state == State::kUp);
  auto facts = f.controller->status("music").value().nodes[1];
  BOOST_CHECK_EQUAL(facts.generated_reason, "group group0 is below min-node-ratio-per-group 0.6");
}

BOOST_AUTO_TEST_CASE(a_restarted_controller_does_not_publish_before_pinging_and_continues_above) {
  Fixture f;
  f.start();
  f.first_round();
  BOOST_REQUIRE(f.controller->set_wanted_state("music", 1, WantedState::kRetired, "")->modified);
  f.settle();
  BOOST_REQUIRE_EQUAL(f.version_at(0), 3u);
  f.controller.reset();

  f.initial_fault[3] = Fault::kSilent;  // one node does not answer the new controller at first
  f.start();
  BOOST_CHECK(f.controller->published("music").status().code() == StatusCode::kUnavailable);
  f.first_round();
  // Three have answered, one has not: nothing is published, nothing reaches the nodes.
  BOOST_CHECK(f.controller->published("music").status().code() == StatusCode::kUnavailable);
  for (uint16_t key : {0, 1, 2}) BOOST_CHECK_EQUAL(f.faulty[key]->states.load(), 0);
  f.round(900ms);  // node 3's ping times out: now every node is heard from
  PublishedState p = f.published();
  BOOST_CHECK_EQUAL(p.version,
                    4u);  // above the 3 the nodes hold, though this controller starts afresh
  BOOST_CHECK_EQUAL(p.state, "version:4 distributor:4 .3.s:d storage:4 .3.s:d");
  for (uint16_t key : {0, 1, 2}) BOOST_CHECK_EQUAL(f.version_at(key), 4u);
  f.faulty[3]->release();
}

BOOST_AUTO_TEST_CASE(the_startup_grace_publishes_unheard_nodes_as_down) {
  Fixture f;
  f.initial_fault[3] = Fault::kSilent;
  ControllerOptions o = f.options();
  o.startup_grace = 500ms;
  f.start(o);
  f.first_round();
  BOOST_CHECK(f.controller->published("music").status().code() == StatusCode::kUnavailable);
  f.round(600ms);  // the grace has passed before node 3's ping expires
  BOOST_CHECK_EQUAL(f.published().state, "version:2 distributor:4 .3.s:d storage:4 .3.s:d");
  f.faulty[3]->release();
}

BOOST_AUTO_TEST_CASE(a_state_leaving_buckets_without_a_node_is_not_published) {
  Fixture f;
  f.start();
  f.first_round();
  for (uint16_t key : f.nodes->keys()) f.faulty[key]->fault = Fault::kUnavailable;
  f.round();
  // The failures come one by one: the states with some node left are published, the last not.
  auto status = f.controller->status("music").value();
  int down = 0;
  for (uint16_t key : f.nodes->keys())
    down += status.state.node_state(NodeType::kDistributor, key).state == State::kDown;
  BOOST_CHECK_EQUAL(down, 3);
  for (uint16_t key : f.nodes->keys())
    BOOST_CHECK(status.nodes[key].reported == ReportedState::kDown);
  BOOST_CHECK_MESSAGE(status.not_published_reason.find("no distributor") != std::string::npos,
                      status.not_published_reason);
  BOOST_CHECK(status.history.back().event == HistoryEvent::kNotPublished);
  for (uint16_t key : f.nodes->keys()) f.faulty[key]->fault = Fault::kNone;
  f.round();
  status = f.controller->status("music").value();
  BOOST_CHECK_EQUAL(status.state.to_string().substr(status.state.to_string().find(' ')),
                    " distributor:4 storage:4");
  BOOST_CHECK_GT(status.state.version(), 3u);
  BOOST_CHECK_EQUAL(status.not_published_reason, "");
}

BOOST_AUTO_TEST_CASE(long_polls_run_when_the_version_passes_theirs_and_can_be_cancelled) {
  Fixture f;
  f.start();
  std::promise<Result<PublishedState>> first;
  auto id = f.controller->wait_for_version_above(
      "music", 0, [&](Result<PublishedState> s) { first.set_value(s); });
  BOOST_REQUIRE(id.ok());
  f.first_round();
  auto future = first.get_future();
  BOOST_REQUIRE(future.wait_for(10s) == std::future_status::ready);
  BOOST_CHECK_EQUAL(future.get()->version, 2u);

  // Already above: at once.
  bool now = false;
  BOOST_REQUIRE(
      f.controller->wait_for_version_above("music", 1, [&](Result<PublishedState>) { now = true; })
          .ok());
  BOOST_CHECK(now);

  bool cancelled_ran = false;
  auto cancelled = f.controller->wait_for_version_above(
      "music", 2, [&](Result<PublishedState>) { cancelled_ran = true; });
  BOOST_REQUIRE(cancelled.ok());
  BOOST_CHECK(f.controller->cancel_wait(*cancelled));
  BOOST_CHECK(!f.controller->cancel_wait(*cancelled));

  std::promise<Result<PublishedState>> next;
  BOOST_REQUIRE(
      f.controller
          ->wait_for_version_above("music", 2, [&](Result<PublishedState> s) { next.set_value(s); })
          .ok());
  BOOST_REQUIRE(f.controller->set_wanted_state("music", 0, WantedState::kDown, "")->modified);
  auto next_future = next.get_future();
  BOOST_REQUIRE(next_future.wait_for(10s) == std::future_status::ready);
  BOOST_CHECK_EQUAL(next_future.get()->version, 3u);
  BOOST_CHECK(!cancelled_ran);

  BOOST_CHECK(f.controller->wait_for_version_above("books", 0, [](Result<PublishedState>) {})
                  .status()
                  .code() == StatusCode::kNotFound);
  std::promise<Result<PublishedState>> at_stop;
  BOOST_REQUIRE(f.controller
                    ->wait_for_version_above(
                        "music", 9, [&](Result<PublishedState> s) { at_stop.set_value(s); })
                    .ok());
  f.settle();
  f.controller->stop();
  auto stopped = at_stop.get_future();
  BOOST_REQUIRE(stopped.wait_for(10s) == std::future_status::ready);
  BOOST_CHECK(stopped.get().status().code() == StatusCode::kUnavailable);
}

BOOST_AUTO_TEST_CASE(waiters_are_bounded) {
  Fixture f;
  ControllerOptions o = f.options();
  o.max_waiters = 2;
  f.start(o);
  for (int i = 0; i < 2; ++i)
    BOOST_REQUIRE(
        f.controller->wait_for_version_above("music", 0, [](Result<PublishedState>) {}).ok());
  auto third = f.controller->wait_for_version_above("music", 0, [](Result<PublishedState>) {});
  BOOST_CHECK(third.status().code() == StatusCode::kResourceExhausted);
}

BOOST_AUTO_TEST_CASE(a_new_model_with_a_node_added_keeps_the_others_wanted_states) {
  Fixture f;
  f.start();
  f.first_round();
  BOOST_REQUIRE(
      f.controller->set_wanted_state("music", 1, WantedState::kMaintenance, "kept")->modified);
  f.settle();

  // The new deploy adds node 4 to group1 (not running yet: its calls fail).
  TestPackage bigger(R"(<redundancy>2</redundancy>
    <group>
      <distribution partitions="1|*"/>
      <group name="group0" distribution-key="0">
        <node hostalias="node0" distribution-key="0"/><node hostalias="node1" distribution-key="1"/>
      </group>
      <group name="group1" distribution-key="1">
        <node hostalias="node2" distribution-key="2"/><node hostalias="node3" distribution-key="3"/>
        <node hostalias="node4" distribution-key="4"/>
      </group>
    </group>
    <engine><proton><searchable-copies>2</searchable-copies></proton></engine>)");
  auto loaded = config::ApplicationModel::load(bigger.app());
  BOOST_REQUIRE_MESSAGE(loaded.ok(), loaded.first_error());
  Status s = f.controller->set_model(*loaded.model);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.to_string());
  f.settle();
  f.round();
  PublishedState p = f.published();
  BOOST_CHECK_EQUAL(
      p.state, "version:4 distributor:5 .1.s:d .1.m:kept .4.s:d storage:5 .1.s:m .1.m:kept .4.s:d");
  auto status = f.controller->status("music").value();
  BOOST_REQUIRE_EQUAL(status.nodes.size(), 5u);
  BOOST_CHECK(status.nodes[1].wanted.state == WantedState::kMaintenance);
  BOOST_CHECK_EQUAL(status.nodes[1].wanted.reason, "kept");
  BOOST_CHECK(status.nodes[4].reported == ReportedState::kDown);
  // The running nodes (still on the old package) place by it too: node 4 is simply down.
  for (uint16_t key : {0, 2, 3}) {
    BOOST_CHECK_MESSAGE(status.nodes[key].last_publish_error.empty(),
                        status.nodes[key].last_publish_error);
    BOOST_CHECK_EQUAL(f.version_at(key), 4u);
  }

  // And back to the first package: node 4 goes, the wanted state stays.
  BOOST_REQUIRE(f.controller->set_model(*f.model).ok());
  f.settle();
  BOOST_CHECK_EQUAL(f.published().state,
                    "version:5 distributor:4 .1.s:d .1.m:kept storage:4 .1.s:m .1.m:kept");
  BOOST_CHECK_EQUAL(f.controller->status("music").value().nodes.size(), 4u);
}

BOOST_AUTO_TEST_CASE(the_ticker_thread_pings_on_its_own) {
  Fixture f;
  ControllerOptions o;  // the system clock
  o.ping_interval = 50ms;
  o.ping_timeout = 40ms;
  o.tick_period = 10ms;
  f.start(o);
  f.controller->start();
  bool published = false;
  for (int i = 0; i < 1000 && !published; ++i) {
    published = f.controller->published("music").ok();
    std::this_thread::sleep_for(5ms);
  }
  BOOST_REQUIRE(published);
  const int pings = f.faulty[0]->pings.load();
  for (int i = 0; i < 1000 && f.faulty[0]->pings.load() < pings + 2; ++i)
    std::this_thread::sleep_for(5ms);
  BOOST_CHECK_GE(f.faulty[0]->pings.load(), pings + 2);
  f.controller->stop();
  f.controller->stop();  // idempotent
}

BOOST_AUTO_TEST_CASE(options_out_of_range_are_refused) {
  Fixture f;
  ControllerOptions o = f.options();
  o.ping_timeout = 2s;
  auto made = ClusterController::create(*f.model, f.connect(), o);
  BOOST_CHECK(made.status().code() == StatusCode::kInvalidArgument);
  BOOST_CHECK(made.status().message().find("ping_timeout") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace grove::controller
