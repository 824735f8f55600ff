// grove-queryset: writes a benchmark query set drawn from a corpus' own vocabulary.
//
//   grove-queryset --corpus var/corpus/kjv.jsonl --out var/perf/kjv.queries --seed 42
//       [--per-type 1000] [--text-field text] [--filter-field book_number]
//       [--sort-fields book_number,chapter,verse] [--min-df 10] [--max-df-fraction 0.1]
//
// Without --seed a random seed is drawn; either way it is printed and written into the file's
// header, so any set can be generated again. The format is in perf/common/docs/queryset.md.

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "perf/queryset/query_generator.h"
#include "services/base/flags.h"
#include "services/base/parse_number.h"

namespace grove::perf {
namespace {

constexpr const char* kUsage =
    "usage: grove-queryset --corpus FILE.jsonl --out FILE [--seed N] [--per-type N]\n"
    "           [--text-field text] [--filter-field FIELD] [--sort-fields F1,F2,...]\n"
    "           [--min-df N] [--max-df-fraction X]\n";

Result<GeneratorOptions> options_from(const Flags& flags) {
  GeneratorOptions o;
  o.corpus_path = flags.get("corpus");
  o.text_field = flags.get("text-field", "text");
  o.filter_field = flags.get("filter-field");
  o.sort_fields = flags.get_list("sort-fields");
  std::random_device random;
  const int64_t fallback_seed = static_cast<int64_t>((uint64_t{random()} << 16) ^ random());
  GROVE_ASSIGN_OR_RETURN(int64_t seed, flags.get_int("seed", fallback_seed));
  GROVE_ASSIGN_OR_RETURN(int64_t per_type, flags.get_int("per-type", 1000));
  GROVE_ASSIGN_OR_RETURN(int64_t min_df, flags.get_int("min-df", 10));
  if (seed < 0 || per_type <= 0 || per_type > 1000000 || min_df < 1) {
    return Status::InvalidArgument("--seed, --per-type and --min-df must be positive");
  }
  o.seed = static_cast<uint64_t>(seed);
  o.per_type = static_cast<uint32_t>(per_type);
  o.min_df = static_cast<uint64_t>(min_df);
  if (flags.has("max-df-fraction") &&
      !parse_double(flags.get("max-df-fraction"), o.max_df_fraction)) {
    return Status::InvalidArgument("--max-df-fraction wants a number");
  }
  return o;
}

Status run(int argc, char** argv) {
  GROVE_ASSIGN_OR_RETURN(
      Flags flags, Flags::parse(argc - 1, argv + 1,
                                {.with_value = {"corpus", "out", "seed", "per-type", "text-field", "filter-field",
                                 "sort-fields", "min-df", "max-df-fraction"}}));
  if (flags.help() || !flags.has("corpus") || !flags.has("out")) {
    std::fputs(kUsage, flags.help() ? stdout : stderr);
    return flags.help() ? Status::Ok() : Status::InvalidArgument("--corpus and --out are needed");
  }
  GROVE_ASSIGN_OR_RETURN(GeneratorOptions options, options_from(flags));
  std::printf("grove-queryset: seed=%llu corpus=%s\n",
              static_cast<unsigned long long>(options.seed), options.corpus_path.c_str());
  auto start = std::chrono::steady_clock::now();
  GROVE_ASSIGN_OR_RETURN(QuerySet set, generate_query_set(options));
  GROVE_RETURN_IF_ERROR(write_query_set(flags.get("out"), set));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const std::string& line : set.header) {
    if (line.find('=') != std::string::npos) std::printf("  %s\n", line.c_str());
  }
  std::printf("grove-queryset: %zu queries of %zu types written to %s in %.1f s\n",
              set.queries.size(), set.types().size(), flags.get("out").c_str(), seconds);
  return Status::Ok();
}

}  // namespace
}  // namespace grove::perf

int main(int argc, char** argv) {
  grove::Status status = grove::perf::run(argc, argv);
  if (!status.ok()) {
    std::fprintf(stderr, "grove-queryset: %s\n", status.to_string().c_str());
    return 1;
  }
  return 0;
}
