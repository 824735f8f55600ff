#pragma once

// DocumentApiFixture: a DocumentHandler over the music-flat package (two content nodes) whose
// nodes are FakeContentNodes (their canned answers are in fake_content_node.h), with its own
// io_context on a thread. Shared by the document API's unit tests.
//
// Usage:
//   DocumentApiFixture f;                       // or f(options)
//   auto pending = f.start(request);            // the handler's answer, later
//   http::HttpResponse r = DocumentApiFixture::wait(pending);
//
// Every wait is bounded (10 s). The destructor shuts the cluster down and joins the thread.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "container/document/document_handler.h"
#include "services/rpc/thrift_content_client.h"
#include "tests/unit/services/rpc/fake_content_node.h"

namespace grove::container::testing {

struct DocumentApiFixture {
  explicit DocumentApiFixture(DocumentApiOptions options = {}) {
    auto loaded =
        config::ApplicationModel::load(std::string(GROVE_SOURCE_DIR) + "/schemas/music-flat");
    BOOST_REQUIRE(loaded.ok());
    model.emplace(std::move(*loaded.model));
    for (auto& n : nodes) n = std::make_unique<rpc::testing::FakeContentNode>();
    SearchCluster::Connect connect = [this](const std::string&, uint16_t key)
        -> Result<std::unique_ptr<protocol::ContentService>> {
      return std::unique_ptr<protocol::ContentService>(
          std::make_unique<rpc::ThriftContentClient>(io, "127.0.0.1", nodes[key]->port()));
    };
    cluster = SearchCluster::create(model->content_clusters()[0], connect, metrics, 1).value();
    handler = DocumentHandler::create(*model, {cluster.get()}, io, metrics, options).value();
    thread = std::thread([this] { io.run(); });
  }
  ~DocumentApiFixture() {
    cluster->shutdown();
    guard.reset();
    io.stop();
    thread.join();
  }
  DocumentApiFixture(const DocumentApiFixture&) = delete;
  DocumentApiFixture& operator=(const DocumentApiFixture&) = delete;

  // Hands `request` to the handler; the future gets its response.
  std::future<http::HttpResponse> start(http::HttpRequest request) {
    auto promise = std::make_shared<std::promise<http::HttpResponse>>();
    auto future = promise->get_future();
    handler->handle(request, [promise](http::HttpResponse r) { promise->set_value(std::move(r)); });
    return future;
  }
  // The response, which must come within 10 s.
  static http::HttpResponse wait(std::future<http::HttpResponse>& f) {
    BOOST_REQUIRE(f.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    return f.get();
  }

  std::optional<config::ApplicationModel> model;
  std::unique_ptr<rpc::testing::FakeContentNode> nodes[2];
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{io.get_executor()};
  MetricRegistry metrics;
  std::unique_ptr<SearchCluster> cluster;
  std::unique_ptr<DocumentHandler> handler;
  std::thread thread;
};

}  // namespace grove::container::testing
