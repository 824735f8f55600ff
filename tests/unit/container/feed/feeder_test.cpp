#include "container/feed/feeder.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

#include <map>

#include "tests/unit/container/feed/feed_test_support.h"
#include "tests/unit/container/feed/scripted_server.h"

namespace grove::feed {

using namespace std::chrono_literals;
using testing::CapturedFile;
using testing::Recorded;
using testing::Reply;
using testing::ScriptedServer;

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

const Recorded* find_request(const std::vector<Recorded>& requests, std::string_view method,
                             std::string_view path) {
  for (const auto& r : requests) {
    if (r.method == method && r.path == path) return &r;
  }
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(feeder)

BOOST_AUTO_TEST_CASE(every_operation_type_maps_to_its_method_path_body_and_query) {
  ScriptedServer server;
  CapturedFile errors;
  std::string feed = R"({"put": "id:music:song::a b/c", "fields": {"title": "x"}, "condition": "song.n==1 & 2", "create": true}
{"update": "id:music:song:n=42:u1", "create": true, "fields": {"n": {"assign": 3}}}
{"update": "id:music:song:g=grp 1:u2", "fields": {"n": {"increment": 1}}}
{"remove": "id:music:song::gone", "condition": "song.n > 2"}
)";
  FeedSummary summary = testing::feed_text(testing::fast_options(server.endpoint()), feed, errors);
  BOOST_TEST(summary.stats.ok == 4u);
  BOOST_TEST(summary.stats.errors == 0u);
  auto requests = server.requests();
  BOOST_REQUIRE_EQUAL(requests.size(), 4u);

  const Recorded* put = find_request(requests, "POST", "/document/v1/music/song/docid/a b/c");
  BOOST_REQUIRE(put != nullptr);
  BOOST_TEST(contains(put->target, "/document/v1/music/song/docid/a%20b%2Fc?"));
  BOOST_TEST(put->body == R"({"fields":{"title":"x"}})");
  BOOST_REQUIRE(put->param("condition") != nullptr);
  BOOST_TEST(*put->param("condition") == "song.n==1 & 2");
  BOOST_TEST(put->param("create") != nullptr);
  BOOST_REQUIRE(put->param("timeout") != nullptr);
  BOOST_TEST(put->param("timeout")->ends_with("ms"));

  const Recorded* number = find_request(requests, "PUT", "/document/v1/music/song/number/42/u1");
  BOOST_REQUIRE(number != nullptr);
  BOOST_TEST(number->body == R"({"fields":{"n":{"assign":3}}})");
  BOOST_REQUIRE(number->param("create") != nullptr);
  BOOST_TEST(*number->param("create") == "true");

  const Recorded* group = find_request(requests, "PUT", "/document/v1/music/song/group/grp 1/u2");
  BOOST_REQUIRE(group != nullptr);
  BOOST_TEST(contains(group->target, "/group/grp%201/u2"));
  BOOST_TEST(group->param("create") == nullptr);
  BOOST_TEST(group->param("condition") == nullptr);

  const Recorded* remove = find_request(requests, "DELETE", "/document/v1/music/song/docid/gone");
  BOOST_REQUIRE(remove != nullptr);
  BOOST_TEST(remove->body.empty());
  BOOST_REQUIRE(remove->param("condition") != nullptr);
  BOOST_TEST(*remove->param("condition") == "song.n > 2");
}

BOOST_AUTO_TEST_CASE(a_json_array_feed_is_sent_like_jsonl) {
  ScriptedServer server;
  CapturedFile errors;
  std::string feed = R"(  [
  {
    "put": "id:ns:t::{a}",
    "fields": { "s": "}{ \" ][", "nested": { "x": [ { "y": "}" } ] } }
  } ,
  { "remove": "id:ns:t::b" }
  ]
)";
  FeedSummary summary = testing::feed_text(testing::fast_options(server.endpoint()), feed, errors);
  BOOST_TEST(summary.stats.operations == 2u);
  BOOST_TEST(summary.stats.ok == 2u);
  auto requests = server.requests();
  const Recorded* put = find_request(requests, "POST", "/document/v1/ns/t/docid/{a}");
  BOOST_REQUIRE(put != nullptr);
  BOOST_TEST(put->body == R"({"fields":{"s":"}{ \" ][","nested":{"x":[{"y":"}"}]}}})");
  BOOST_TEST(find_request(requests, "DELETE", "/document/v1/ns/t/docid/b") != nullptr);
}

BOOST_AUTO_TEST_CASE(retries_429_503_and_504_with_back_off_then_succeeds) {
  std::map<std::string, int> codes = {{"/document/v1/ns/t/docid/a", 429},
                                      {"/document/v1/ns/t/docid/b", 503},
                                      {"/document/v1/ns/t/docid/c", 504}};
  ScriptedServer server([&](const Recorded& r) {
    return r.attempt <= 2 ? Reply{codes.at(r.path)} : Reply{200};
  });
  CapturedFile errors;
  FeedOptions options = testing::fast_options(server.endpoint());
  options.retry_base_delay = 20ms;
  options.retry_max_delay = 200ms;
  FeedSummary summary = testing::feed_text(
      options, "{\"put\":\"id:ns:t::a\"}\n{\"put\":\"id:ns:t::b\"}\n{\"put\":\"id:ns:t::c\"}\n", errors);
  BOOST_TEST(summary.stats.ok == 3u);
  BOOST_TEST(summary.stats.errors == 0u);
  BOOST_TEST(summary.stats.retries == 6u);
  BOOST_TEST(summary.stats.requests == 9u);
  BOOST_TEST(summary.stats.status_counts[200] == 3u);
  BOOST_TEST(summary.stats.status_counts[429] == 2u);
  BOOST_TEST(summary.stats.status_counts[503] == 2u);
  BOOST_TEST(summary.stats.status_counts[504] == 2u);
  BOOST_TEST(errors.text().empty());
  // The back-off: at least base/2 before the first retry, and at least base before the second.
  auto requests = server.requests();
  for (const auto& [path, code] : codes) {
    std::vector<std::chrono::steady_clock::time_point> times;
    for (const auto& r : requests) {
      if (r.path == path) times.push_back(r.at);
    }
    BOOST_REQUIRE_EQUAL(times.size(), 3u);
    BOOST_TEST((times[1] - times[0] >= 10ms));
    BOOST_TEST((times[2] - times[1] >= 20ms));
  }
}

BOOST_AUTO_TEST_CASE(never_retries_400_404_412_or_413) {
  ScriptedServer server([](const Recorded& r) {
    int code = std::stoi(r.path.substr(r.path.rfind('/') + 1));
    return Reply{code};
  });
  CapturedFile errors;
  FeedSummary summary = testing::feed_text(testing::fast_options(server.endpoint()),
                                           "{\"put\":\"id:ns:t::400\"}\n{\"put\":\"id:ns:t::404\"}\n"
                                           "{\"put\":\"id:ns:t::412\"}\n{\"put\":\"id:ns:t::413\"}\n",
                                           errors);
  BOOST_TEST(summary.stats.errors == 4u);
  BOOST_TEST(summary.stats.ok == 0u);
  BOOST_TEST(summary.stats.retries == 0u);
  BOOST_TEST(server.request_count() == 4u);
  std::string text = errors.text();
  BOOST_TEST(contains(text, "feed.jsonl:3: id:ns:t::412: HTTP 412: scripted 412\n"));
  BOOST_TEST(contains(text, "feed.jsonl:1: id:ns:t::400: HTTP 400: scripted 400\n"));
}

BOOST_AUTO_TEST_CASE(gives_up_after_the_retry_limit) {
  ScriptedServer server([](const Recorded&) { return Reply{503}; });
  CapturedFile errors;
  FeedOptions options = testing::fast_options(server.endpoint());
  options.retries = 3;
  FeedSummary summary = testing::feed_text(options, "{\"remove\":\"id:ns:t::x\"}\n", errors);
  BOOST_TEST(summary.stats.errors == 1u);
  BOOST_TEST(server.request_count() == 4u);
  BOOST_TEST(contains(errors.text(), "id:ns:t::x: HTTP 503: scripted 503 (gave up after 4 attempts)"));
}

BOOST_AUTO_TEST_CASE(an_operation_past_its_timeout_fails_and_the_others_go_on) {
  ScriptedServer server([](const Recorded& r) {
    return r.path.ends_with("/slow") ? Reply{200, "", 3000ms} : Reply{200};
  });
  CapturedFile errors;
  FeedOptions options = testing::fast_options(server.endpoint());
  options.timeout = 300ms;
  auto start = std::chrono::steady_clock::now();
  FeedSummary summary = testing::feed_text(
      options, "{\"put\":\"id:ns:t::slow\"}\n{\"put\":\"id:ns:t::a\"}\n{\"put\":\"id:ns:t::b\"}\n",
      errors);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 2500ms));
  BOOST_TEST(summary.stats.ok == 2u);
  BOOST_TEST(summary.stats.errors == 1u);
  BOOST_TEST(summary.stats.exceptions == 1u);
  BOOST_TEST(contains(errors.text(), "id:ns:t::slow: timed out"));
}

BOOST_AUTO_TEST_CASE(operations_on_one_id_arrive_in_file_order_under_concurrency) {
  // Answers take 0-3 ms and some first attempts get 429, so completions reorder freely.
  ScriptedServer server([](const Recorded& r) {
    size_t h = std::hash<std::string>()(r.body) + static_cast<size_t>(r.attempt);
    if (r.attempt == 1 && h % 5 == 0) return Reply{429};
    return Reply{200, "", std::chrono::milliseconds(h % 4)};
  }, 4);
  CapturedFile errors;
  FeedOptions options = testing::fast_options(server.endpoint());
  options.connections = 8;
  std::string feed;
  constexpr int kIds = 10, kRounds = 40;
  for (int round = 0; round < kRounds; ++round) {
    for (int id = 0; id < kIds; ++id) {
      feed += fmt::format("{{\"put\":\"id:ns:t::d{}\",\"fields\":{{\"seq\":{}}}}}\n", id, round);
    }
  }
  FeedSummary summary = testing::feed_text(options, feed, errors);
  BOOST_TEST(summary.stats.ok == static_cast<uint64_t>(kIds * kRounds));
  BOOST_TEST(server.overlaps() == 0u);
  BOOST_TEST(server.peak_concurrent() > 1u);
  std::map<std::string, int> last_seq;
  for (const auto& r : server.requests()) {
    int seq = std::stoi(r.body.substr(r.body.find(':', 10) + 1));
    auto [it, inserted] = last_seq.try_emplace(r.path, seq);
    if (!inserted) {
      BOOST_TEST(seq >= it->second);  // a retry repeats the same seq
      it->second = seq;
    }
  }
  BOOST_TEST(last_seq.size() == static_cast<size_t>(kIds));
  for (const auto& [path, seq] : last_seq) BOOST_TEST(seq == kRounds - 1);
}

BOOST_AUTO_TEST_CASE(malformed_operations_are_reported_with_their_line_and_the_rest_succeed) {
  ScriptedServer server;
  CapturedFile errors;
  std::string feed = "{\"put\":\"id:ns:t::a\"}\n"
                     "{\"put\":\"id:ns:t::b\", \"fields\": {\"x\": 1,}}\n"
                     "\n"
                     "{\"put\":\"id:ns:t::c\", \"colour\": 1}\n"
                     "{\"put\":\"doc:ns:t::d\"}\n"
                     "{\"remove\":\"id:ns:t::e\"}\n";
  FeedSummary summary = testing::feed_text(testing::fast_options(server.endpoint()), feed, errors);
  BOOST_TEST(summary.stats.operations == 5u);
  BOOST_TEST(summary.stats.ok == 2u);
  BOOST_TEST(summary.stats.errors == 3u);
  BOOST_TEST(server.request_count() == 2u);
  std::string text = errors.text();
  BOOST_TEST(contains(text, "feed.jsonl:2: malformed operation: malformed JSON at byte"));
  BOOST_TEST(contains(text, "feed.jsonl:4: malformed operation: unknown key 'colour'"));
  BOOST_TEST(contains(text, "feed.jsonl:5: malformed operation: document id \"doc:ns:t::d\""));
}

BOOST_AUTO_TEST_CASE(a_syntax_error_inside_a_multi_line_array_object_names_its_own_line) {
  ScriptedServer server;
  CapturedFile errors;
  std::string feed = "[\n{\"put\":\"id:ns:t::a\"},\n{\n  \"put\": \"id:ns:t::b\",\n  \"fields\": "
                     "{\"x\": tru}\n},\n{\"put\":\"id:ns:t::c\"}\n]\n";
  FeedSummary summary =
      testing::feed_text(testing::fast_options(server.endpoint()), feed, errors, "feed.json");
  BOOST_TEST(summary.stats.ok == 2u);
  BOOST_TEST(summary.stats.errors == 1u);
  BOOST_TEST(contains(errors.text(), "feed.json:5: malformed operation: malformed JSON at byte"));
}

BOOST_AUTO_TEST_CASE(a_refused_connection_is_retried_then_reported) {
  // A port bound but not listening: connecting is refused, and no one else can take it meanwhile.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  BOOST_REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  uint16_t port = ntohs(address.sin_port);
  CapturedFile errors;
  FeedOptions options = testing::fast_options(fmt::format("http://127.0.0.1:{}", port));
  options.retries = 2;
  FeedSummary summary = testing::feed_text(
      options, "{\"put\":\"id:ns:t::a\"}\n{\"put\":\"id:ns:t::b\"}\n", errors);
  BOOST_TEST(summary.stats.errors == 2u);
  BOOST_TEST(summary.stats.exceptions == 6u);
  BOOST_TEST(summary.stats.responses == 0u);
  BOOST_TEST(contains(errors.text(), "id:ns:t::a: connect failed"));
  ::close(fd);
}

BOOST_AUTO_TEST_CASE(overload_answers_shrink_the_window) {
  std::atomic<int> seen{0};
  ScriptedServer server([&](const Recorded&) { return Reply{++seen <= 40 ? 429 : 200}; });
  CapturedFile errors;
  FeedOptions options = testing::fast_options(server.endpoint());
  options.max_pending = 64;
  std::string feed;
  for (int i = 0; i < 100; ++i) feed += fmt::format("{{\"put\":\"id:ns:t::{}\"}}\n", i);
  FeedSummary summary = testing::feed_text(options, feed, errors);
  BOOST_TEST(summary.stats.ok == 100u);
  BOOST_TEST(summary.stats.retries == 40u);
  BOOST_TEST(summary.final_window < 64u);
}

BOOST_AUTO_TEST_CASE(the_summary_json_counts_operations_requests_and_codes) {
  ScriptedServer server([](const Recorded& r) {
    if (r.path.ends_with("/bad")) return Reply{400};
    return Reply{r.attempt == 1 && r.path.ends_with("/busy") ? 429 : 200};
  });
  CapturedFile errors;
  FeedSummary summary = testing::feed_text(
      testing::fast_options(server.endpoint()),
      "{\"put\":\"id:ns:t::ok\"}\n{\"put\":\"id:ns:t::bad\"}\n{\"put\":\"id:ns:t::busy\"}\nnope\n",
      errors);
  std::string json = summary_json(summary.stats, summary.in_flight, summary.seconds);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  BOOST_REQUIRE(!parser.parse(json).get(root));
  auto count = [&](const char* key) { return uint64_t(root[key].get_uint64().value()); };
  BOOST_TEST(count("feeder.operation.count") == 4u);
  BOOST_TEST(count("feeder.ok.count") == 2u);
  BOOST_TEST(count("feeder.error.count") == 2u);
  BOOST_TEST(count("feeder.inflight.count") == 0u);
  BOOST_TEST(count("http.request.count") == 4u);
  BOOST_TEST(count("http.response.count") == 4u);
  BOOST_TEST(count("http.response.error.count") == 2u);
  BOOST_TEST(count("http.exception.count") == 0u);
  BOOST_TEST(count("http.request.bytes") > 100u);
  BOOST_TEST(count("http.response.bytes") > 100u);
  BOOST_TEST(root["feeder.seconds"].get_double().value() >= 0.0);
  BOOST_TEST(root["feeder.ok.rate"].get_double().value() >= 0.0);
  BOOST_TEST(!root["http.response.latency.millis.min"].error());
  BOOST_TEST(!root["http.response.latency.millis.avg"].error());
  BOOST_TEST(!root["http.response.latency.millis.max"].error());
  auto codes = root["http.response.code.counts"];
  BOOST_TEST(uint64_t(codes["200"].get_uint64().value()) == 2u);
  BOOST_TEST(uint64_t(codes["400"].get_uint64().value()) == 1u);
  BOOST_TEST(uint64_t(codes["429"].get_uint64().value()) == 1u);
}

BOOST_AUTO_TEST_CASE(progress_lines_and_verbose_retry_lines_are_printed_when_asked_for) {
  ScriptedServer server([](const Recorded& r) {
    return r.attempt == 1 ? Reply{429} : Reply{200, "", std::chrono::milliseconds(40)};
  });
  CapturedFile errors, progress;
  FeedOptions options = testing::fast_options(server.endpoint());
  options.connections = 1;
  options.progress_enabled = true;
  options.progress_interval = 20ms;
  options.verbose = true;
  std::vector<std::unique_ptr<FeedInput>> inputs;
  inputs.push_back(std::make_unique<testing::GeneratedFeed>(5));
  FeedReader reader(std::move(inputs));
  Result<FeedSummary> summary = feed(options, reader, errors.file(), progress.file());
  BOOST_REQUIRE(summary.ok());
  BOOST_TEST(summary->stats.ok == 5u);
  std::string text = progress.text();
  BOOST_TEST(contains(text, "ops/s  ok "));
  BOOST_TEST(contains(text, "in flight "));
  BOOST_TEST(contains(text, "ok 5  errors 0  in flight 0  retries 5\n"));
  BOOST_TEST(contains(errors.text(), "retrying id:ns:t::doc0 in "));
  BOOST_TEST(contains(errors.text(), "after attempt 1: HTTP 429: scripted 429"));
}

BOOST_AUTO_TEST_CASE(a_50k_operation_stream_stays_within_its_window) {
  ScriptedServer server;
  CapturedFile errors;
  FeedOptions options = testing::fast_options(server.endpoint());
  options.connections = 8;
  options.max_pending = 64;
  options.read_ahead = 256;
  std::vector<std::unique_ptr<FeedInput>> inputs;
  inputs.push_back(std::make_unique<testing::GeneratedFeed>(50'000));
  FeedReader reader(std::move(inputs));
  Result<FeedSummary> summary = feed(options, reader, errors.file(), errors.file());
  BOOST_REQUIRE(summary.ok());
  BOOST_TEST(summary->stats.ok == 50'000u);
  BOOST_TEST(summary->stats.errors == 0u);
  BOOST_TEST(summary->peak_in_flight <= 64u);
  BOOST_TEST(summary->ops_allocated <= 128u);
  BOOST_TEST(summary->peak_parked == 0u);
  BOOST_TEST_MESSAGE(fmt::format("50k puts against a server answering 200 at once: {:.0f} ops/s "
                                 "({} connections, window {})",
                                 50'000 / summary->seconds, options.connections,
                                 options.max_pending));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::feed
