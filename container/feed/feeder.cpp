#include "container/feed/feeder.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "container/feed/endpoint.h"
#include "container/feed/feed_session.h"
#include "container/feed/read_ahead.h"

namespace grove::feed {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kReadAheadBatch = 64;

Status check_options(const FeedOptions& options) {
  if (options.connections < 1) return Status::InvalidArgument("--connections must be at least 1");
  if (options.max_pending < 1) return Status::InvalidArgument("--max-pending must be at least 1");
  if (options.retries < 0) return Status::InvalidArgument("--retries must not be negative");
  if (options.timeout <= Duration::zero()) {
    return Status::InvalidArgument("--timeout must be positive");
  }
  return Status::Ok();
}

}  // namespace

Result<FeedSummary> feed(const FeedOptions& options, FeedReader& reader, std::FILE* errors,
                         std::FILE* progress) {
  GROVE_RETURN_IF_ERROR(check_options(options));
  GROVE_ASSIGN_OR_RETURN(Endpoint endpoint, parse_endpoint(options.endpoint));
  asio::io_context io(1);
  tcp::resolver resolver(io);
  boost::system::error_code ec;
  tcp::resolver::results_type addresses = resolver.resolve(endpoint.host, endpoint.port, ec);
  if (ec) {
    return Status::Unavailable(
        fmt::format("cannot resolve {}:{}: {}", endpoint.host, endpoint.port, ec.message()));
  }
  FeedSession session(io, options, addresses, endpoint.host_header, errors, progress);
  {
    ReadAhead ahead(reader, options.read_ahead, kReadAheadBatch,
                    [&io, &session] { asio::post(io, [&session] { session.on_input(); }); });
    session.start(ahead);
    ahead.start();
    io.run();
  }
  return session.summary();
}

}  // namespace grove::feed
