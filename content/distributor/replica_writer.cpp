#include "content/distributor/replica_writer.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "content/distributor/replica_acks.h"
#include "services/base/clock.h"
#include "services/document/document_json_parser.h"

namespace grove::content {

using distribution::BucketPlacement;
using distribution::DocumentId;

namespace {

// How long past the deadline to wait for a replica's callback before giving up on it: the
// transport ends every call by its deadline, so this is only a safety margin.
constexpr auto kCallbackSlack = std::chrono::seconds(1);

SteadyTime wait_limit(const Deadline& deadline) {
  return deadline.is_never() ? SteadyTime::max() : deadline.at() + kCallbackSlack;
}

}  // namespace

std::string ReplicaWriter::replica_name(uint16_t node) const {
  if (node == node_.options().distribution_key) return fmt::format("replica {} (this node)", node);
  return fmt::format("replica {} ({})", node, peers_ != nullptr ? peers_->endpoint(node) : "no peers");
}

template <typename SendRemote, typename WriteLocal>
Status ReplicaWriter::fan_out(const BucketPlacement& placement, const Deadline& deadline,
                              SendRemote send_remote, WriteLocal write_local) {
  const auto& replicas = placement.replicas;
  auto acks = std::make_shared<ReplicaAcks>(replicas.size());
  const uint16_t self = node_.options().distribution_key;
  size_t local = replicas.size();
  for (size_t i = 0; i < replicas.size(); ++i) {
    if (replicas[i].node == self) {
      local = i;
    } else if (peers_ == nullptr) {
      acks->done(i, Status::Unavailable("this node knows no peers (--nodes)"));
    } else {
      send_remote(replicas[i].node, [acks, i](Status s) { acks->done(i, std::move(s)); });
    }
  }
  if (local < replicas.size()) acks->done(local, write_local());
  if (!acks->wait_until(wait_limit(deadline))) {
    return Status::DeadlineExceeded("a replica did not answer before the deadline; the write may "
                                    "be applied on some replicas");
  }
  for (size_t i = 0; i < replicas.size(); ++i) {
    const Status& s = acks->status(i);
    if (!s.ok()) return Status(s.code(), fmt::format("{}: {}", replica_name(replicas[i].node), s.message()));
  }
  return Status::Ok();
}

Status ReplicaWriter::put(const BucketPlacement& placement, const DocumentId& id, uint64_t timestamp,
                          std::string document, const Deadline& deadline) {
  // Remote sends encode `document` in this thread, so the local write can take it afterwards.
  return fan_out(
      placement, deadline,
      [&](uint16_t node, ReplicaPeers::Done done) {
        peers_->put(node, id.str(), timestamp, document, deadline, std::move(done));
      },
      [&]() -> Status { return node_.put(id.str(), timestamp, std::move(document), deadline).status(); });
}

Status ReplicaWriter::remove(const BucketPlacement& placement, const DocumentId& id,
                             uint64_t timestamp, const Deadline& deadline) {
  return fan_out(
      placement, deadline,
      [&](uint16_t node, ReplicaPeers::Done done) {
        peers_->remove(node, id.str(), timestamp, deadline, std::move(done));
      },
      [&]() -> Status { return node_.remove(id.str(), timestamp, deadline).status(); });
}

Result<RemoteDocument> ReplicaWriter::remote_get(uint16_t node, const std::string& id,
                                                 const Deadline& deadline) {
  if (peers_ == nullptr) return Status::Unavailable("this node knows no peers (--nodes)");
  struct Wait {
    ReplicaAcks acks{1};
    std::optional<Result<RemoteDocument>> reply;  // set before acks.done()
  };
  auto wait = std::make_shared<Wait>();
  peers_->get(node, id, deadline, [wait](Result<RemoteDocument> reply) {
    wait->reply.emplace(std::move(reply));
    wait->acks.done(0, Status::Ok());
  });
  if (!wait->acks.wait_until(wait_limit(deadline))) {
    return Status::DeadlineExceeded(fmt::format("{} did not answer get before the deadline", replica_name(node)));
  }
  if (!wait->reply->ok()) {
    const Status& s = wait->reply->status();
    return Status(s.code(), fmt::format("get from {}: {}", replica_name(node), s.message()));
  }
  return std::move(*wait->reply);
}

Result<std::optional<document::Document>> ReplicaWriter::read(const BucketPlacement& placement,
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
