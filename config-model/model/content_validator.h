#pragma once

// ContentValidator: Vespa's rules for an indexed, possibly grouped content cluster (DESIGN §3),
// checked over a parsed cluster, with errors an operator can act on:
//   - distribution keys are unique in the cluster, group keys and names among siblings;
//   - a host alias serves at most one node of the cluster;
//   - the number of leaf groups divides the redundancy;
//   - the top group's partitions are exactly "r|r|...|*" with r = redundancy / groups;
//   - searchable-copies <= redundancy and divisible by the number of groups;
//   - leaf groups are of equal size when dispatch-policy is round-robin;
//   - finally Distribution::create accepts the cluster's distribution_config().
// Rules whose input was already reported broken (ContentTree::groups_ok, nodes_ok,
// ContentSource::copies_ok) are skipped, so one mistake gives one error. Follow-on errors are
// folded in: when the redundancy does not divide, the partitions and searchable-copies advice is
// part of that one message.
//
// Usage:
//   size_t before = diagnostics.error_count();
//   ParsedContent parsed = ContentParser(file, hosts).parse(element);
//   ContentValidator(diagnostics).validate(parsed, before);
//
// Borrows the DiagnosticList; stateless between calls.

#include <cstddef>

#include "config-model/model/content_parser.h"
#include "config-model/model/diagnostic_list.h"

namespace grove::config {

class ContentValidator {
 public:
  explicit ContentValidator(DiagnosticList& out) : out_(out) {}

  // Checks the cluster. `errors_before` is the error count before the cluster was parsed: the
  // Distribution cross-check runs only when no error was found in the cluster since.
  void validate(const ParsedContent& parsed, size_t errors_before) const;

 private:
  void check_node_keys(const ParsedContent& parsed) const;
  void check_hostaliases(const ParsedContent& parsed) const;
  void check_sibling_groups(const ParsedContent& parsed) const;
  // Returns false when the redundancy is not divisible by the number of groups (reported).
  bool check_redundancy(const ParsedContent& parsed) const;
  void check_partitions(const ParsedContent& parsed) const;
  void check_searchable_copies(const ParsedContent& parsed, bool redundancy_ok) const;
  void check_group_sizes(const ParsedContent& parsed) const;
  void check_copies_fit(const ParsedContent& parsed) const;
  void cross_check(const ParsedContent& parsed) const;

  void error(const ParsedContent& parsed, int line, std::string message) const;
  void warning(const ParsedContent& parsed, int line, std::string message) const;

  DiagnosticList& out_;
};

}  // namespace grove::config
