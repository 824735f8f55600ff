#include "content/node/query_cost_model.h"

#include <algorithm>

namespace grove::content {

void QueryCostModel::record(double documents, double milliseconds) {
  std::lock_guard lock(mutex_);
  n_ = n_ * decay_ + 1;
  sx_ = sx_ * decay_ + documents;
  sy_ = sy_ * decay_ + milliseconds;
  sxx_ = sxx_ * decay_ + documents * documents;
  sxy_ = sxy_ * decay_ + documents * milliseconds;
}

QueryCostModel::Estimate QueryCostModel::estimate() const {
  std::lock_guard lock(mutex_);
  Estimate e;
  e.queries = n_;
  if (n_ <= 0) return e;
  double var = n_ * sxx_ - sx_ * sx_;
  if (var <= 1e-9 * std::max(1.0, n_ * sxx_)) {
    e.sqc_ms = sy_ / n_;  // every query matched alike: all cost looks fixed
    return e;
  }
  e.dqc_ms = std::max(0.0, (n_ * sxy_ - sx_ * sy_) / var);
  e.sqc_ms = std::max(0.0, (sy_ - e.dqc_ms * sx_) / n_);
  return e;
}

}  // namespace grove::content
