#include "content/node/document_visit.h"

#include <fmt/format.h>

#include "services/base/json_writer.h"
#include "services/document/document_json.h"
#include "services/document/document_serializer.h"

namespace grove::content {

using distribution::BucketId;
using distribution::Gid;

namespace {

// Collects one bucket's matching documents into the page; stops the visit (with kPageFull)
// when the page is full and one more matching document proves it is not the last.
class PageCollector : public store::DocumentVisitor {
 public:
  PageCollector(const document::DocumentTypeRepo& types, const VisitSpec& spec, size_t limit,
                VisitPage& page)
      : types_(types), spec_(spec), limit_(limit), page_(page) {}

  void start_bucket(BucketId bucket, const Gid* after) {
    bucket_ = bucket;
    after_ = after;
  }
  bool full() const { return more_; }

  Status visit(const store::DocumentView& view) override {
    if (after_ != nullptr && !(*after_ < view.gid)) return Status::Ok();
    GROVE_ASSIGN_OR_RETURN(std::string_view id_text, document::peek_document_id(view.payload));
    GROVE_ASSIGN_OR_RETURN(distribution::DocumentId id, distribution::DocumentId::parse(id_text));
    if (!spec_.document_type.empty() && id.doc_type() != spec_.document_type) return Status::Ok();
    const document::DocumentType* type = types_.find(id.doc_type());
    if (type == nullptr) return Status::Ok();  // a type this cluster no longer has
    GROVE_ASSIGN_OR_RETURN(document::Document doc, document::deserialize(*type, view.payload));
    if (spec_.selection && !spec_.selection->matches(doc)) return Status::Ok();
    if (page_.documents.size() == limit_) {
      more_ = true;
      return Status::ResourceExhausted("page full");  // stops the visit; see full()
    }
    JsonWriter w;
    document::write_fields(doc, w);
    page_.documents.push_back(VisitedDocument{id.str(), std::move(w).take(), view.timestamp});
    page_.last_bucket = bucket_;
    page_.last_gid = view.gid;
    return Status::Ok();
  }

 private:
  const document::DocumentTypeRepo& types_;
  const VisitSpec& spec_;
  const size_t limit_;
  VisitPage& page_;
  BucketId bucket_;
  const Gid* after_ = nullptr;  // skip gids up to this one (the resume bucket only)
  bool more_ = false;
};

bool visited_here(const ContentNode& node, BucketId bucket) {
  const std::shared_ptr<const distribution::PlacementTable> table = node.placement();
  if (table == nullptr) return true;
  const auto& replicas = table->at(bucket).replicas;
  return !replicas.empty() && replicas.front().node == node.options().distribution_key;
}

}  // namespace

Result<VisitPage> visit_documents(const ContentNode& node, const VisitSpec& spec) {
  if (!spec.document_type.empty() && node.types().find(spec.document_type) == nullptr) {
    return Status::InvalidArgument(fmt::format("visit: document type '{}' is not in content cluster '{}' (it has: {})",
                                               spec.document_type, node.cluster(), node.types().type_list()));
  }
  const size_t limit = spec.max_documents == 0 ? kMaxVisitDocuments
                                               : std::min(spec.max_documents, kMaxVisitDocuments);
  VisitPage page;
  page.last_bucket = spec.after_bucket;
  page.last_gid = spec.after_gid;
  PageCollector collector(node.types(), spec, limit, page);
  GROVE_ASSIGN_OR_RETURN(auto buckets, node.list_buckets());
  for (const store::BucketSummary& b : buckets) {
    if (b.bucket < spec.after_bucket || b.info.doc_count == 0) continue;
    if (!visited_here(node, b.bucket)) continue;
    collector.start_bucket(b.bucket, b.bucket == spec.after_bucket ? &spec.after_gid : nullptr);
    Status s = node.visit_bucket(b.bucket, collector);
    if (collector.full()) return page;
    GROVE_RETURN_IF_ERROR(s);
  }
  page.done = true;
  return page;
}

}  // namespace grove::content
