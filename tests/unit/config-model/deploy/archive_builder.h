#pragma once

// Archives built in a test with libarchive, without any of Grove's checks, so that hostile ones
// (traversal, links, devices, bombs) can be made.

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

#include "config-model/deploy/package_archive.h"

namespace grove::deploy::test {

// One entry of an archive a test builds.
struct TestEntry {
  TestEntry(std::string path, std::string data = "", mode_t type = AE_IFREG, std::string link = "",
            bool hardlink = false)
      : path(std::move(path)), data(std::move(data)), type(type), link(std::move(link)),
        hardlink(hardlink) {}

  std::string path;
  std::string data;
  mode_t type = AE_IFREG;  // AE_IFDIR, AE_IFLNK, AE_IFIFO, AE_IFCHR, ...
  std::string link;        // the target of a symlink or hard link
  bool hardlink = false;
};

inline la_ssize_t append_archive_bytes(archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

// An archive of `entries`, written by libarchive without any of Grove's checks.
inline std::string make_archive(ArchiveFormat format, const std::vector<TestEntry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  if (format == ArchiveFormat::kZip) {
    archive_write_set_format_zip(a);
  } else {
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
  }
  BOOST_REQUIRE(archive_write_open(a, &out, nullptr, append_archive_bytes, nullptr) == ARCHIVE_OK);
  for (const TestEntry& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.path.c_str());
    archive_entry_set_filetype(entry, e.type);
    archive_entry_set_perm(entry, e.type == AE_IFDIR ? 0755 : 0644);
    if (e.type == AE_IFLNK) archive_entry_set_symlink(entry, e.link.c_str());
    if (e.hardlink) archive_entry_set_hardlink(entry, e.link.c_str());
    archive_entry_set_size(entry, e.type == AE_IFREG && !e.hardlink
                                      ? static_cast<la_int64_t>(e.data.size())
                                      : 0);
    BOOST_REQUIRE_MESSAGE(archive_write_header(a, entry) == ARCHIVE_OK, archive_error_string(a));
    if (!e.data.empty() && e.type == AE_IFREG && !e.hardlink) {
      BOOST_REQUIRE(archive_write_data(a, e.data.data(), e.data.size()) ==
                    static_cast<la_ssize_t>(e.data.size()));
    }
    archive_entry_free(entry);
  }
  BOOST_REQUIRE(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);
  return out;
}

}  // namespace grove::deploy::test
