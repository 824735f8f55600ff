#include "perf/node/feed_corpus.h"

#include <chrono>
#include <fstream>

#include <fmt/format.h>

#include "services/document/document_json_parser.h"
#include "services/document/document_serializer.h"

namespace grove::perf {

namespace {

std::string gid_key(const distribution::Gid& gid) {
  return std::string(reinterpret_cast<const char*>(gid.bytes.data()), gid.bytes.size());
}

// Parses one line into `corpus`. InvalidArgument without the position (the caller adds it).
Status add_line(const document::DocumentTypeRepo& repo, document::DocumentJsonParser& parser,
                std::string_view line, FeedCorpus& corpus) {
  GROVE_ASSIGN_OR_RETURN(document::FeedOperation op, parser.parse_operation(repo, line));
  if (op.kind != document::FeedOperation::kPut || !op.document.has_value()) {
    return Status::InvalidArgument("not a put");
  }
  std::string type(op.id.doc_type());
  if (corpus.document_type.empty()) corpus.document_type = type;
  if (type != corpus.document_type) {
    return Status::InvalidArgument(
        fmt::format("document type {} after {}; one type per corpus", type, corpus.document_type));
  }
  FeedDoc doc{.id = op.id.str(), .bytes = {}};
  document::serialize(*op.document, doc.bytes);
  corpus.serialized_bytes += doc.bytes.size();
  corpus.ordinal_by_gid.emplace(gid_key(op.id.gid()), corpus.docs.size());
  corpus.docs.push_back(std::move(doc));
  return Status::Ok();
}

}  // namespace

std::optional<uint64_t> FeedCorpus::ordinal_of(std::string_view gid_bytes) const {
  auto it = ordinal_by_gid.find(std::string(gid_bytes));
  if (it == ordinal_by_gid.end()) return std::nullopt;
  return it->second;
}

Result<FeedCorpus> read_feed_corpus(const std::string& path,
                                    const document::DocumentTypeRepo& repo) {
  auto start = std::chrono::steady_clock::now();
  std::ifstream in(path);
  if (!in) return Status::IoError(fmt::format("{}: cannot read", path));
  FeedCorpus corpus;
  document::DocumentJsonParser parser;
  std::string line;
  for (uint64_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    corpus.json_bytes += line.size() + 1;
    Status s = add_line(repo, parser, line, corpus);
    if (!s.ok()) return Status::InvalidArgument(fmt::format("{}:{}: {}", path, number, s.message()));
  }
  if (in.bad()) return Status::IoError(fmt::format("{}: read failed", path));
  corpus.parse_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return corpus;
}

}  // namespace grove::perf
