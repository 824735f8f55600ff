#pragma once

// Application models for the deploy tests: a package written to a temporary directory (with
// the music schema) and loaded, failing the test when it does not validate.

#include <fmt/format.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "config-model/model/application_model.h"
#include "tests/unit/config-model/deploy/deploy_test_support.h"

namespace grove::deploy::test {

// A loaded package and the directory it came from.
struct TestModel {
  std::unique_ptr<TempDir> dir;
  std::optional<config::ApplicationModel> model;
  const config::ApplicationModel& operator*() const { return *model; }
  const config::ApplicationModel* get() const { return &*model; }
  const config::ApplicationModel* operator->() const { return &*model; }
};

inline TestModel load_services(const std::string& services) {
  TestModel out{std::make_unique<TempDir>(), std::nullopt};
  out.dir->write("services.xml", services);
  std::filesystem::create_directories(out.dir->sub("schemas"));
  std::filesystem::copy_file(source_path("schemas/music-flat/schemas/music.sd"), out.dir->sub("schemas/music.sd"));
  config::ApplicationModel::LoadOutput loaded = config::ApplicationModel::load(out.dir->str());
  std::string errors;
  for (const config::Diagnostic& d : loaded.diagnostics) errors += d.to_string() + "\n";
  BOOST_REQUIRE_MESSAGE(loaded.ok(), "the test package does not validate:\n" << errors << services);
  out.model = std::move(loaded.model);
  return out;
}

inline TestModel load_package(const std::string& relative) {
  TestModel out{std::make_unique<TempDir>(), std::nullopt};
  config::ApplicationModel::LoadOutput loaded = config::ApplicationModel::load(source_path(relative));
  BOOST_REQUIRE_MESSAGE(loaded.ok(), relative << ": " << loaded.first_error());
  out.model = std::move(loaded.model);
  return out;
}

// services.xml with a container on `port` and content cluster `id` holding `body`.
inline std::string services(const std::string& content, uint16_t port = 8080,
                            const std::string& more = "") {
  return fmt::format(
      "<services version=\"1.0\">\n"
      "  <container id=\"default\" version=\"1.0\"><search/><document-api/>"
      "<http><server id=\"default\" port=\"{}\"/></http></container>\n{}{}</services>\n",
      port, content, more);
}

// A flat content cluster with nodes (hostalias, key) and the given redundancy.
inline std::string flat_cluster(const std::string& id, int redundancy,
                                const std::vector<std::pair<std::string, int>>& nodes) {
  std::string text = fmt::format(
      "  <content id=\"{}\" version=\"1.0\">\n    <redundancy>{}</redundancy>\n"
      "    <documents><document type=\"music\" mode=\"index\"/></documents>\n    <nodes>\n",
      id, redundancy);
  for (const auto& [host, key] : nodes) {
    text += fmt::format("      <node hostalias=\"{}\" distribution-key=\"{}\"/>\n", host, key);
  }
  return text + fmt::format("    </nodes>\n    <engine><proton><searchable-copies>{}</searchable-copies>"
                            "</proton></engine>\n  </content>\n", redundancy);
}

}  // namespace grove::deploy::test
