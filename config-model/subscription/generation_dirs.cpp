#include "config-model/subscription/generation_dirs.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "services/base/parse_number.h"

namespace grove::subscription {

namespace fs = std::filesystem;

std::string generation_dir(const std::string& work_dir, uint64_t generation) {
  return fmt::format("{}/gen-{}", work_dir, generation);
}

Result<std::string> unpack_generation(const std::string& work_dir, uint64_t generation,
                                      std::string_view bytes, std::string_view content_type,
                                      const deploy::PackageLimits& limits) {
  std::error_code ec;
  fs::create_directories(work_dir, ec);
  if (ec) return Status::IoError(fmt::format("cannot create {}: {}", work_dir, ec.message()));
  std::string dir = generation_dir(work_dir, generation);
  fs::remove_all(dir, ec);
  if (ec) return Status::IoError(fmt::format("cannot remove the old {}: {}", dir, ec.message()));
  GROVE_ASSIGN_OR_RETURN(deploy::UnpackedPackage package,
                         deploy::unpack_package(bytes, content_type, dir, limits));
  return package.root;
}

std::vector<uint64_t> list_generations(const std::string& work_dir) {
  std::vector<uint64_t> generations;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(work_dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("gen-", 0) != 0 || !entry.is_directory(ec)) continue;
    uint64_t number = 0;
    if (parse_number(std::string_view(name).substr(4), number)) generations.push_back(number);
  }
  std::sort(generations.begin(), generations.end());
  return generations;
}

void prune_generations(const std::string& work_dir, size_t keep, uint64_t current) {
  std::vector<uint64_t> generations = list_generations(work_dir);
  keep = std::max<size_t>(keep, 1);
  if (generations.size() <= keep) return;
  generations.resize(generations.size() - keep);  // the older ones
  for (uint64_t generation : generations) {
    if (generation == current) continue;
    std::error_code ec;
    fs::remove_all(generation_dir(work_dir, generation), ec);
  }
}

}  // namespace grove::subscription
