// ConfigSubscriber against FakeConfigServer, a test HTTP server playing the config server's
// long-poll: the first generation, a new one during a poll, the server going away and coming
// back, a corrupt package, cluster-state changes, pruning and a bounded stop().

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

#include "config-model/deploy/package_archive.h"
#include "config-model/subscription/config_subscriber.h"
#include "config-model/subscription/generation_dirs.h"
#include "tests/unit/config-model/subscription/fake_config_server.h"

namespace grove::subscription {

namespace {

using namespace std::chrono_literals;
using testing::FakeConfigServer;
namespace fs = std::filesystem;

const std::string kApp = std::string(GROVE_SOURCE_DIR) + "/schemas/music-flat";

std::string package_bytes() {
  static const std::string bytes = deploy::pack_package(kApp, {}).value();
  return bytes;
}

deploy::ProcessPlan plan_of(uint64_t generation, uint16_t nodes) {
  deploy::ProcessPlan plan;
  plan.generation = generation;
  for (uint16_t key = 0; key < nodes; ++key) {
    plan.processes.push_back({deploy::ProcessKind::kContent, "music", key, "node" + std::to_string(key), "localhost",
                              static_cast<uint16_t>(19100 + 2 * key), static_cast<uint16_t>(19101 + 2 * key), 0,
                              "music/node" + std::to_string(key)});
  }
  return plan;
}

void deploy_good(FakeConfigServer& server, uint64_t generation, uint16_t nodes = 1) {
  server.deploy(generation, package_bytes(), "application/x-gzip", plan_of(generation, nodes).to_json());
}

// Polls `condition` every 10 ms for at most `timeout`.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

Deadline in(std::chrono::milliseconds d) { return Deadline::after(SystemClock::instance(), d); }

// A work directory, the fake server and what the callback saw.
struct Fixture {
  Fixture() : work_dir(fs::temp_directory_path() / ("grove-sub-" + std::to_string(::getpid()) + "-" + std::to_string(counter++))) {
    fs::remove_all(work_dir);
    BOOST_REQUIRE(server.start().ok());
  }
  ~Fixture() {
    server.stop();  // closes a held poll, so the subscriber stops at once
    subscriber.reset();
    fs::remove_all(work_dir);
  }

  SubscriberOptions options() {
    SubscriberOptions o;
    o.port = server.port();
    o.work_dir = work_dir.string();
    o.poll_timeout = 1s;
    o.request_margin = 1s;
    o.backoff = {.initial = 20ms, .max = 100ms, .jitter = 0.2};
    return o;
  }
  ConfigSubscriber& start(SubscriberOptions o) {
    subscriber = std::make_unique<ConfigSubscriber>(o, [this](const ConfigSnapshot& s, ConfigChange change) {
      std::lock_guard lock(mutex);
      seen.emplace_back(s, change);
    });
    BOOST_REQUIRE(subscriber->start().ok());
    return *subscriber;
  }
  ConfigSubscriber& start() { return start(options()); }
  std::vector<std::pair<ConfigSnapshot, ConfigChange>> calls() {
    std::lock_guard lock(mutex);
    return seen;
  }
  uint64_t last_generation() {
    std::lock_guard lock(mutex);
    for (auto it = seen.rbegin(); it != seen.rend(); ++it) {
      if (it->second == ConfigChange::kGeneration) return it->first.generation;
    }
    return 0;
  }

  static inline int counter = 0;
  fs::path work_dir;
  FakeConfigServer server;
  std::mutex mutex;
  std::vector<std::pair<ConfigSnapshot, ConfigChange>> seen;
  std::unique_ptr<ConfigSubscriber> subscriber;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(config_subscriber)

BOOST_AUTO_TEST_CASE(first_generation_is_downloaded_unpacked_and_reported) {
  Fixture f;
  deploy_good(f.server, 1, 2);
  ConfigSubscriber& subscriber = f.start();
  Result<ConfigSnapshot> first = subscriber.fetch_first(in(10s));
  BOOST_REQUIRE_MESSAGE(first.ok(), first.status().to_string());
  BOOST_TEST(first->generation == 1u);
  BOOST_TEST(fs::exists(first->app_dir + "/services.xml"));
  BOOST_TEST(first->app_dir.rfind(generation_dir(f.work_dir.string(), 1), 0) == 0u, first->app_dir);
  BOOST_TEST((first->plan == plan_of(1, 2)));
  BOOST_REQUIRE(eventually([&] { return f.calls().size() == 1; }));
  BOOST_TEST((f.calls()[0].second == ConfigChange::kGeneration));
  BOOST_TEST(f.calls()[0].first.app_dir == first->app_dir);
}

BOOST_AUTO_TEST_CASE(nothing_deployed_means_fetch_first_times_out_and_polls_go_on) {
  Fixture f;
  ConfigSubscriber& subscriber = f.start();
  auto begin = std::chrono::steady_clock::now();
  Result<ConfigSnapshot> first = subscriber.fetch_first(in(300ms));
  BOOST_TEST((first.status().code() == StatusCode::kDeadlineExceeded));
  BOOST_TEST((std::chrono::steady_clock::now() - begin < 3s));
  deploy_good(f.server, 4);
  BOOST_TEST(subscriber.fetch_first(in(10s)).ok());
  BOOST_TEST(subscriber.current().generation == 4u);
}

BOOST_AUTO_TEST_CASE(a_new_generation_wakes_the_poll_that_holds_it) {
  Fixture f;
  deploy_good(f.server, 1);
  SubscriberOptions o = f.options();
  o.poll_timeout = 30s;  // an answer within seconds can only come from the wake-up
  ConfigSubscriber& subscriber = f.start(o);
  BOOST_REQUIRE(subscriber.fetch_first(in(10s)).ok());
  uint64_t polls = f.server.watch_requests();
  BOOST_REQUIRE(eventually([&] { return f.server.watch_requests() > polls; }));  // the held poll
  std::this_thread::sleep_for(100ms);
  auto begin = std::chrono::steady_clock::now();
  deploy_good(f.server, 2, 2);
  BOOST_REQUIRE(eventually([&] { return f.last_generation() == 2; }, 5s));
  BOOST_TEST((std::chrono::steady_clock::now() - begin < 5s));
  BOOST_TEST(subscriber.current().plan.processes.size() == 2u);
  BOOST_TEST(f.calls().size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_server_going_away_keeps_the_generation_and_a_new_one_is_taken_at_recovery) {
  Fixture f;
  deploy_good(f.server, 1);
  ConfigSubscriber& subscriber = f.start();
  BOOST_REQUIRE(subscriber.fetch_first(in(10s)).ok());
  f.server.stop();
  BOOST_REQUIRE(eventually([&] { return subscriber.stats().failed_attempts >= 5; }));
  BOOST_TEST(!subscriber.stats().connected);
  BOOST_TEST(subscriber.stats().outages == 1u);  // one outage however many attempts
  BOOST_TEST(subscriber.current().generation == 1u);
  BOOST_TEST(fs::exists(subscriber.current().app_dir + "/services.xml"));
  deploy_good(f.server, 2);
  BOOST_REQUIRE(f.server.start().ok());  // the same port
  BOOST_REQUIRE(eventually([&] { return f.last_generation() == 2; }));
  BOOST_TEST(subscriber.stats().connected);
  BOOST_TEST(subscriber.stats().outages == 1u);
}

BOOST_AUTO_TEST_CASE(a_corrupt_package_is_reported_the_previous_kept_and_the_next_taken) {
  Fixture f;
  deploy_good(f.server, 1);
  ConfigSubscriber& subscriber = f.start();
  BOOST_REQUIRE(subscriber.fetch_first(in(10s)).ok());
  std::string corrupt = package_bytes().substr(0, package_bytes().size() / 2);
  f.server.deploy(2, corrupt, "application/x-gzip", plan_of(2, 1).to_json());
  BOOST_REQUIRE(eventually([&] { return subscriber.stats().bad_generations == 1; }));
  BOOST_TEST(subscriber.stats().last_error.find("generation 2 refused") != std::string::npos,
             subscriber.stats().last_error);
  BOOST_TEST(subscriber.current().generation == 1u);
  BOOST_TEST(fs::exists(subscriber.current().app_dir + "/services.xml"));
  BOOST_TEST(!fs::exists(generation_dir(f.work_dir.string(), 2)));
  // The bad generation is not fetched again while it is the active one.
  uint64_t downloads = f.server.package_requests();
  uint64_t polls = f.server.watch_requests();
  BOOST_REQUIRE(eventually([&] { return f.server.watch_requests() >= polls + 2; }));
  BOOST_TEST(f.server.package_requests() == downloads);
  BOOST_TEST(f.last_generation() == 1u);
  deploy_good(f.server, 3);
  BOOST_REQUIRE(eventually([&] { return f.last_generation() == 3; }));
  BOOST_TEST(subscriber.stats().bad_generations == 1u);
}

BOOST_AUTO_TEST_CASE(a_plan_that_cannot_be_read_is_refused_like_a_corrupt_package) {
  Fixture f;
  deploy_good(f.server, 1);
  ConfigSubscriber& subscriber = f.start();
  BOOST_REQUIRE(subscriber.fetch_first(in(10s)).ok());
  f.server.deploy(2, package_bytes(), "application/x-gzip", R"({"generation":2,"processes":[{"kind":"x"}]})");
  BOOST_REQUIRE(eventually([&] { return subscriber.stats().bad_generations == 1; }));
  BOOST_TEST(subscriber.current().generation == 1u);
}

BOOST_AUTO_TEST_CASE(a_cluster_state_change_alone_calls_back_and_is_asked_for_in_the_poll) {
  Fixture f;
  deploy_good(f.server, 1);
  f.server.set_cluster_state("music", 3, "version:3 distributor:1 storage:1");
  SubscriberOptions o = f.options();
  o.watch_cluster_states = true;
  o.poll_timeout = 30s;
  ConfigSubscriber& subscriber = f.start(o);
  BOOST_REQUIRE(subscriber.fetch_first(in(10s)).ok());
  BOOST_TEST(subscriber.current().cluster_states.at("music").version == 3u);
  BOOST_REQUIRE(eventually([&] { return f.server.watch_requests() >= 2; }));
  f.server.set_cluster_state("music", 4, "version:4 distributor:1 storage:1 .0.s:d");
  BOOST_REQUIRE(eventually([&] { return f.calls().size() == 2; }, 5s));
  auto [snapshot, change] = f.calls().back();
  BOOST_TEST((change == ConfigChange::kClusterStates));
  BOOST_TEST(snapshot.generation == 1u);
  BOOST_TEST(snapshot.cluster_states.at("music").state == "version:4 distributor:1 storage:1 .0.s:d");
  // The next poll asks for what it now has.
  BOOST_TEST(eventually([&] { return f.server.watch_targets().back().find("states=music:4") != std::string::npos; }, 5s),
             f.server.watch_targets().back());
}

BOOST_AUTO_TEST_CASE(older_generations_are_pruned_to_the_newest_few) {
  Fixture f;
  SubscriberOptions o = f.options();
  o.keep_generations = 2;
  deploy_good(f.server, 1);
  ConfigSubscriber& subscriber = f.start(o);
  BOOST_REQUIRE(subscriber.fetch_first(in(10s)).ok());
  for (uint64_t g : {2, 3, 5}) {
    deploy_good(f.server, g);
    BOOST_REQUIRE(eventually([&] { return f.last_generation() == g; }));
  }
  BOOST_TEST((list_generations(f.work_dir.string()) == std::vector<uint64_t>{3, 5}));
}

BOOST_AUTO_TEST_CASE(stop_returns_within_the_poll_timeout_while_a_poll_is_held) {
  Fixture f;
  deploy_good(f.server, 1);
  SubscriberOptions o = f.options();
  o.poll_timeout = 2s;
  o.request_margin = 500ms;
  ConfigSubscriber& subscriber = f.start(o);
  BOOST_REQUIRE(subscriber.fetch_first(in(10s)).ok());
  BOOST_REQUIRE(eventually([&] { return f.server.watch_requests() >= 2; }));
  auto begin = std::chrono::steady_clock::now();
  subscriber.stop();
  auto took = std::chrono::steady_clock::now() - begin;
  BOOST_TEST((took < 2s + 500ms + 500ms));
  BOOST_TEST((subscriber.fetch_first(in(10ms)).status().code() == StatusCode::kUnavailable));
}

BOOST_AUTO_TEST_CASE(bad_options_are_refused_naming_the_option) {
  Fixture f;
  SubscriberOptions o = f.options();
  o.poll_timeout = 61s;
  ConfigSubscriber a(o, {});
  Status s = a.start();
  BOOST_TEST(s.message().find("poll_timeout") != std::string::npos, s.to_string());
  o = f.options();
  o.work_dir.clear();
  ConfigSubscriber b(o, {});
  BOOST_TEST(b.start().message().find("work_dir") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::subscription
