#pragma once

// ContentTree: the node tree of one content cluster as read from services.xml, plus what the
// validator needs to know about how it was written (lines, the Vespa Cloud form, and whether
// problems already reported make some rules meaningless to check). A plain value type.

#include <optional>
#include <string>

#include "config-model/model/content_group.h"

namespace grove::config {

struct ContentTree {
  ContentGroup root;
  bool grouped = false;             // root holds leaf groups
  bool cloud_form = false;          // `<nodes count="N" groups="G"/>`: redundancy is per group
  int cloud_groups = 1;             // G of the Vespa Cloud form
  int top_group_line = 0;           // of the top `<group>`; 0 for `<nodes>`
  int partitions_line = 0;          // of `<distribution partitions>`; 0 when there is none
  bool partitions_invalid = false;  // the spec had a syntax error (already reported)
  // False when the list of leaf groups is not what the operator meant (mixed or nested groups,
  // already reported): rules about the number of groups are then not checked.
  bool groups_ok = true;
  // False when a node could not be read (already reported): rules about group sizes are then
  // not checked.
  bool nodes_ok = true;
};

}  // namespace grove::config
