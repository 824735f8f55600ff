#include "services/metrics/metrics.h"
#include "services/metrics/prometheus_text.h"

#include <boost/test/unit_test.hpp>

#include <thread>

namespace grove {

namespace {
bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(same_name_and_labels_give_the_same_metric) {
  MetricRegistry r;
  Counter& a = r.counter("queries", "Queries", {{"group", "0"}});
  Counter& b = r.counter("queries", "Queries", {{"group", "0"}});
  Counter& c = r.counter("queries", "Queries", {{"group", "1"}});
  BOOST_TEST(&a == &b);
  BOOST_TEST(&a != &c);
}

BOOST_AUTO_TEST_CASE(counters_add_up_across_threads) {
  MetricRegistry r;
  Counter& c = r.counter("ops", "Operations");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&] { for (int i = 0; i < 10000; ++i) c.add(); });
  for (auto& t : threads) t.join();
  BOOST_TEST(c.value() == 40000u);
}

BOOST_AUTO_TEST_CASE(histogram_estimates_quantiles_from_buckets) {
  Histogram h;
  for (int i = 0; i < 99; ++i) h.record(0.3);
  h.record(40);
  BOOST_TEST(h.count() == 100u);
  BOOST_TEST(h.quantile(0.5) == 0.5);
  BOOST_TEST(h.quantile(1.0) == 50.0);
  BOOST_TEST(std::abs(h.sum() - (99 * 0.3 + 40)) < 0.01);
}

BOOST_AUTO_TEST_CASE(renders_json_and_prometheus) {
  MetricRegistry r;
  r.counter("queries", "Queries received", {{"group", "g0"}}).add(3);
  r.gauge("active_documents", "Active documents").set(42);
  r.histogram("latency_ms", "Latency").record(2);
  std::string json = r.render_json();
  BOOST_TEST(contains(json, R"("name":"queries","description":"Queries received","dimensions":{"group":"g0"},"values":{"count":3})"), json);
  BOOST_TEST(contains(json, R"("values":{"last":42})"), json);
  std::string prom = r.render_prometheus();
  BOOST_TEST(contains(prom, "# TYPE grove_queries counter\ngrove_queries{group=\"g0\"} 3\n"), prom);
  BOOST_TEST(contains(prom, "grove_latency_ms_bucket{le=\"2.5\"} 1\n"), prom);
  BOOST_TEST(contains(prom, "grove_latency_ms_count 1\n"), prom);
}

BOOST_AUTO_TEST_CASE(a_sample_is_read_back_from_the_rendered_text_not_from_its_help_line) {
  MetricRegistry r;
  r.gauge("content_total_documents", "Documents stored").set(0);
  r.gauge("content_total_documents_indexed", "Documents indexed").set(7);
  r.counter("queries", "Queries received", {{"group", "g0"}}).add(3);
  const std::string prom = r.render_prometheus();
  // The "# HELP grove_content_total_documents" line comes first and is not the value.
  BOOST_TEST(prometheus_sample(prom, "grove_content_total_documents").value_or(-1) == 0);
  BOOST_TEST(prometheus_sample(prom, "grove_content_total_documents_indexed").value_or(-1) == 7);
  BOOST_TEST(!prometheus_sample(prom, "grove_content_total").has_value());
  BOOST_TEST(!prometheus_sample(prom, "grove_queries").has_value());  // labelled only
  BOOST_TEST(!prometheus_sample("grove_x nonsense\n", "grove_x").has_value());
  BOOST_TEST(prometheus_sample("grove_x 2.5", "grove_x").value_or(-1) == 2.5);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove
