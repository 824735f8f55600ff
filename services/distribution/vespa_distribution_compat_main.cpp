// grove-vespa-distribution-compat FILE...
//
// Checks Grove's placement against Vespa's published ideal-state test vectors. Prints
// "FILE: M/N match" per file (and the first mismatches), "FILE: unsupported (...)" for files
// using a mode Grove leaves out, and exits 1 on any mismatch or unreadable file.

#include <fmt/format.h>

#include <cstdio>

#include "services/distribution/vespa_test_vector.h"

int main(int argc, char** argv) {
  using grove::distribution::VespaTestVector;
  if (argc < 2) {
    std::fprintf(stderr, "usage: grove-vespa-distribution-compat FILE...\n");
    return 2;
  }
  int exit_code = 0;
  size_t files_matched = 0;
  for (int i = 1; i < argc; ++i) {
    auto vector = VespaTestVector::load(argv[i]);
    if (!vector.ok()) {
      fmt::print("{}: error: {}\n", argv[i], vector.status().message());
      exit_code = 1;
      continue;
    }
    auto check = vector->check();
    if (check.unsupported) {
      fmt::print("{}: unsupported ({}), not counted\n", argv[i], check.unsupported_reason);
      continue;
    }
    fmt::print("{}: {}/{} match\n", argv[i], check.matched, check.total);
    for (size_t k = 0; k < check.mismatches.size() && k < 5; ++k) {
      fmt::print("  {}\n", check.mismatches[k]);
    }
    if (check.matched != check.total || !check.mismatches.empty()) exit_code = 1;
    else ++files_matched;
  }
  return exit_code;
}
