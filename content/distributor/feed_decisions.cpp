#include "content/distributor/feed_decisions.h"

#include <fmt/format.h>

#include "services/document/document_json.h"
#include "services/document/document_json_parser.h"

namespace grove::content {

Status no_placement_error(const ContentNode& node, const char* op) {
  return Status::Unavailable(fmt::format(
      "{}: content node {} of cluster '{}' was started without --nodes, so it cannot act as "
      "distributor: give --nodes KEY=HOST:PORT,... with every content node of the cluster",
      op, node.options().distribution_key, node.cluster()));
}

FeedResult wrong_distribution(const distribution::PlacementTable& table, distribution::BucketId bucket,
                              uint16_t owner, uint16_t self) {
  return FeedResult{FeedOutcome::kWrongDistribution, 0,
                    fmt::format("node {} does not own bucket {}: node {} does in cluster state "
                                "version {}", self, bucket.to_hex(), owner, table.state().version())};
}

std::optional<FeedResult> check_condition(const document::DocumentSelection& condition,
                                          const std::optional<document::Document>& current) {
  if (!current) {
    return FeedResult{FeedOutcome::kConditionNotMet, 0,
                      fmt::format("condition '{}' is not met: the document does not exist", condition.text())};
  }
  if (condition.matches(*current)) return std::nullopt;
  return FeedResult{FeedOutcome::kConditionNotMet, 0,
                    fmt::format("condition '{}' is not met by document {}", condition.text(),
                                current->id().str())};
}

bool is_feed_blocked(const Status& status) {
  if (status.code() != StatusCode::kResourceExhausted) return false;
  const std::string& m = status.message();
  return m.find("retry") == std::string::npos && m.find("calls already wait") == std::string::npos;
}

Result<FeedResult> written(Status status, uint64_t timestamp) {
  if (status.ok()) return FeedResult{FeedOutcome::kOk, timestamp, {}};
  if (is_feed_blocked(status)) return FeedResult{FeedOutcome::kFeedBlocked, 0, status.message()};
  return status;
}

Result<document::DocumentUpdate> parse_update_json(const document::DocumentType& type,
                                                   const distribution::DocumentId& id,
                                                   std::string_view json) {
  thread_local document::DocumentJsonParser parser;  // reused by this worker thread
  GROVE_ASSIGN_OR_RETURN(simdjson::dom::element root, parser.parse_json(json));
  simdjson::dom::object object;
  if (root.get(object)) return Status::InvalidArgument("update: the JSON must be an object with \"fields\"");
  std::optional<simdjson::dom::element> fields;
  for (auto [key, value] : object) {
    if (key == "fields") {
      fields = value;
    } else if (key != "update" && key != "id" && key != "create" && key != "condition") {
      return Status::InvalidArgument(fmt::format("update: unknown key \"{}\" (want {{\"fields\": {{...}}}})", key));
    }
  }
  if (!fields) return Status::InvalidArgument("update: \"fields\" is missing");
  return document::parse_update(type, id, *fields);
}

}  // namespace grove::content
