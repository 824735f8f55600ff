#pragma once

// How many hits to ask each node of a group for, so that the merged top k is right with
// probability p (DESIGN §7, Vespa's top-k-probability):
//
//   k' = k/n + t(p, 30) * sqrt(k * (1/n) * (1 - 1/n))
//
// where n is the number of nodes and t(p, 30) the p-quantile of Student's t distribution with
// 30 degrees of freedom. The hits of a query are spread over the nodes like draws from a
// binomial distribution; this asks for the mean plus a safety margin of standard deviations.
//
// Pure functions; thread-safe.

#include <cstdint>

namespace grove::dispatch {

// The p-quantile of the standard normal distribution, 0 < p < 1.
double normal_quantile(double p);

// The p-quantile of Student's t distribution with `df` degrees of freedom (Cornish-Fisher
// expansion around the normal quantile; accurate to about 1e-4 for df >= 30).
double student_t_quantile(double p, int df);

// Hits per node for `k` hits over `nodes` nodes; never more than k, never less than
// ceil(k / nodes), and k itself when p >= 1 or there is one node. `max_per_node` (0 = none) caps
// the result, as Vespa's max-hits-per-partition does.
uint32_t hits_per_node(uint32_t k, uint32_t nodes, double p, uint32_t max_per_node = 0);

}  // namespace grove::dispatch
