#include "services/distribution/group.h"

namespace grove::distribution {

std::vector<uint16_t> Group::copies(uint16_t redundancy) const {
  if (redundancy < precomputed_.size()) return precomputed_[redundancy];
  if (!partitions_) return {};
  return partitions_->expand(redundancy);
}

std::string Group::path_name() const {
  if (parent_ == nullptr) return "root";
  if (parent_->parent_ == nullptr) return name_;
  return parent_->path_name() + "/" + name_;
}

}  // namespace grove::distribution
