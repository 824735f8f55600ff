#include "content/distributor/replica_reader.h"

#include <fmt/format.h>

#include <future>
#include <memory>

#include "services/base/clock.h"
#include "services/document/document_json_parser.h"

namespace grove::content {

using distribution::BucketPlacement;
using distribution::DocumentId;

Result<RemoteDocument> ReplicaReader::remote_get(uint16_t node, const std::string& id,
                                                 const Deadline& deadline) {
  if (peers_ == nullptr) return Status::Unavailable("this node knows no peers (--nodes)");
  const std::string name = replica_name(node, node_.options().distribution_key, peers_);
  // Shared with the callback, which may run after a timed-out wait has returned.
  auto reply = std::make_shared<std::promise<Result<RemoteDocument>>>();
  std::future<Result<RemoteDocument>> answer = reply->get_future();
  peers_->get(node, id, deadline, [reply](Result<RemoteDocument> r) { reply->set_value(std::move(r)); });
  const SteadyTime limit = callback_wait_limit(deadline);
  if (limit == SteadyTime::max()) {
    answer.wait();
  } else if (answer.wait_until(limit) != std::future_status::ready) {
    return Status::DeadlineExceeded(fmt::format("{} did not answer get before the deadline", name));
  }
  Result<RemoteDocument> got = answer.get();
  if (!got.ok()) {
    return Status(got.status().code(), fmt::format("get from {}: {}", name, got.status().message()));
  }
  return got;
}

Result<std::optional<document::Document>> ReplicaReader::read(const BucketPlacement& placement,
                                                              const DocumentId& id,
                                                              const document::DocumentType& type,
                                                              const Deadline& deadline) {
  using Found = std::optional<document::Document>;
  const uint16_t self = node_.options().distribution_key;
  for (const auto& r : placement.replicas) {
    if (r.node != self) continue;
    GROVE_ASSIGN_OR_RETURN(auto stored, node_.get_document(id));
    if (!stored) return Found();
    return Found(std::move(stored->document));
  }
  if (placement.replicas.empty()) return Status::Unavailable("the bucket has no replica");
  GROVE_ASSIGN_OR_RETURN(RemoteDocument remote, remote_get(placement.replicas.front().node, id.str(), deadline));
  if (!remote.found || remote.removed) return Found();
  thread_local document::DocumentJsonParser parser;  // reused by this worker thread
  GROVE_ASSIGN_OR_RETURN(document::Document doc, parser.parse_fields(type, id, remote.fields_json));
  return Found(std::move(doc));
}

}  // namespace grove::content
