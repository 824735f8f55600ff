#pragma once

// ValidationOverrides: the package's validation-overrides.xml in Vespa's format, which lets a
// deploy through a check that would otherwise refuse it because it loses data:
//
//   <validation-overrides>
//     <allow until="2026-12-31" comment="moving to grouped">content-cluster-removal</allow>
//   </validation-overrides>
//
// An allow counts through the whole of its `until` day and not after it. As in Vespa, an
// `until` more than 30 days after today is an error (an override is for one change, not for
// ever). "Today" is a parameter, so that tests are deterministic; the config server passes the
// UTC date. The ids Grove checks are in kGroveValidationIds; Vespa's other ids are accepted
// with a warning that Grove does not check them; any other id is an error. The rules are in
// docs/deploy-change.md.
//
// Usage:
//   GROVE_ASSIGN_OR_RETURN(ValidationOverrides overrides,
//                          ValidationOverrides::load(package_root, utc_today()));
//   if (overrides.allows("content-cluster-removal")) ...
//
// Immutable after parsing; thread-safe.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "services/base/result.h"

namespace grove::deploy {

// The validations Grove performs (deploy_change.h): Vespa's ids where Vespa has one.
inline constexpr std::string_view kContentClusterRemoval = "content-cluster-removal";
inline constexpr std::string_view kRedundancyOne = "redundancy-one";
// Grove's own: Vespa has no id for this (it refuses nothing; the node simply loses its data).
inline constexpr std::string_view kDistributionKeyChange = "distribution-key-change";
inline constexpr std::string_view kGroveValidationIds[] = {kContentClusterRemoval, kRedundancyOne,
                                                           kDistributionKeyChange};

// The furthest an `until` may be after today.
inline constexpr int kMaxOverrideDays = 30;

using Date = std::chrono::year_month_day;

// Today's date in UTC.
Date utc_today();
// "YYYY-MM-DD" -> a valid date; InvalidArgument naming the text otherwise.
Result<Date> parse_date(std::string_view text);
std::string format_date(Date date);

struct ValidationOverride {
  std::string id;
  Date until;
  std::string comment;
  int line = 0;
};

class ValidationOverrides {
 public:
  // None, judged on `today` (what a package without validation-overrides.xml has).
  explicit ValidationOverrides(Date today) : today_(today) {}

  // Parses the text of validation-overrides.xml. InvalidArgument with
  // "validation-overrides.xml:<line>: ..." for malformed XML, an unknown element or id, a
  // missing or malformed `until`, or an `until` more than kMaxOverrideDays after `today`.
  static Result<ValidationOverrides> parse(std::string_view xml, Date today);
  // Reads `<app_dir>/validation-overrides.xml`; none when the file is absent.
  static Result<ValidationOverrides> load(const std::string& app_dir, Date today);

  // True when an allow for `id` is in force today (its `until` is today or later).
  bool allows(std::string_view id) const;
  // Every allow in the file, expired ones included.
  const std::vector<ValidationOverride>& all() const { return overrides_; }
  // Allows that have no effect: expired ones, and Vespa ids Grove does not check.
  const std::vector<std::string>& warnings() const { return warnings_; }
  Date today() const { return today_; }

 private:
  std::vector<ValidationOverride> overrides_;
  std::vector<std::string> warnings_;
  Date today_;
};

}  // namespace grove::deploy
