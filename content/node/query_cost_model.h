#pragma once

// QueryCostModel: estimates the two parts of a query's cost on this node (DESIGN §1):
//   cost = SQC + DQC × documents
// where SQC is the static cost paid once per query and DQC the cost per matched document. It
// fits a least-squares line through the recent queries' (matched documents, milliseconds),
// weighting older queries down exponentially so the estimate follows the load.
//
// Thread-safe (a mutex; one short update per query).

#include <mutex>

namespace grove::content {

class QueryCostModel {
 public:
  explicit QueryCostModel(double decay = 0.999) : decay_(decay) {}

  void record(double documents, double milliseconds);

  struct Estimate {
    double sqc_ms = 0;       // fixed cost per query
    double dqc_ms = 0;       // cost per matched document
    double queries = 0;      // effective (decayed) number of queries behind the fit
  };
  Estimate estimate() const;

 private:
  const double decay_;
  mutable std::mutex mutex_;
  double n_ = 0, sx_ = 0, sy_ = 0, sxx_ = 0, sxy_ = 0;  // decayed sums; guarded by mutex_
};

}  // namespace grove::content
