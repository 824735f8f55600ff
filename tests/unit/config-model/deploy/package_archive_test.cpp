// config-model/deploy/package_archive: packing, unpacking, and every hostile archive the
// unpacker must refuse (built here with libarchive, without Grove's checks).

#include "config-model/deploy/package_archive.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "config-model/deploy/archive_paths.h"
#include "tests/unit/config-model/deploy/archive_builder.h"
#include "tests/unit/config-model/deploy/deploy_test_support.h"

namespace grove::deploy::test {
namespace {

namespace fs = std::filesystem;

const PackageLimits kDefaults;

Status unpack_error(const std::string& bytes, std::string_view content_type,
                    const PackageLimits& limits = kDefaults) {
  TempDir dir;
  auto r = unpack_package(bytes, content_type, dir.sub("out"), limits);
  BOOST_TEST(!fs::exists(dir.sub("out")), "a failed unpack leaves nothing behind");
  return failure(r);
}

const std::vector<ArchiveFormat> kBothFormats = {ArchiveFormat::kZip, ArchiveFormat::kTarGzip};

void expect_refused(const std::vector<TestEntry>& entries, const std::string& needle,
                    const PackageLimits& limits = kDefaults,
                    const std::vector<ArchiveFormat>& formats = kBothFormats) {
  for (ArchiveFormat format : formats) {
    std::string bytes = make_archive(format, entries);
    Status s = unpack_error(bytes, "", limits);
    BOOST_TEST(s.code() == StatusCode::kInvalidArgument, s.to_string());
    BOOST_TEST(contains(s.message(), needle),
               archive_format_name(format) << ": '" << needle << "' not in: " << s.message());
  }
}

std::vector<TestEntry> with_services(std::vector<TestEntry> more) {
  more.insert(more.begin(), TestEntry{"services.xml", kMinimalServices});
  return more;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(package_archive)

BOOST_AUTO_TEST_CASE(pack_then_unpack_gives_the_same_files) {
  TempDir dir;
  std::string app = source_path("schemas/music-grouped");
  std::string bytes = must(pack_package(app, kDefaults));
  UnpackedPackage out = must(unpack_package(bytes, "application/x-gzip", dir.sub("out"), kDefaults));
  BOOST_TEST(out.root == dir.sub("out"));
  BOOST_TEST((out.format == ArchiveFormat::kTarGzip));
  uint64_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(app)) {
    if (!e.is_regular_file()) continue;
    ++files;
    std::string relative = fs::relative(e.path(), app).string();
    BOOST_TEST(read_file(dir.sub("out/" + relative)) == read_file(e.path().string()), relative);
  }
  BOOST_TEST(files >= 2);
  BOOST_TEST(out.files == files);
}

BOOST_AUTO_TEST_CASE(packing_is_deterministic_and_skips_dot_directories) {
  TempDir dir;
  dir.write("app/services.xml", kMinimalServices);
  dir.write("app/schemas/b.sd", "schema b {}");
  dir.write("app/schemas/a.sd", "schema a {}");
  dir.write("app/.git/config", "[core]");
  dir.write("app/.gitignore", "build/");
  fs::create_symlink("services.xml", dir.sub("app/link.xml"));
  dir.write("shared/schemas/c.sd", "schema c {}");
  fs::create_symlink("../shared/schemas", dir.sub("app/linked"));  // a shared schema directory
  fs::create_symlink("missing.sd", dir.sub("app/dangling.sd"));
  std::string first = must(pack_package(dir.sub("app"), kDefaults));
  fs::last_write_time(dir.sub("app/schemas/a.sd"), fs::file_time_type::clock::now() - std::chrono::hours(1));
  std::string second = must(pack_package(dir.sub("app"), kDefaults));
  BOOST_TEST((first == second));
  UnpackedPackage out = must(unpack_package(first, "", dir.sub("out"), kDefaults));
  // services.xml, .gitignore, schemas/a.sd, schemas/b.sd, and what the links point to:
  // link.xml and linked/c.sd as regular files; the dangling link is left out.
  BOOST_TEST(out.files == 6u);
  BOOST_TEST(!fs::exists(dir.sub("out/.git")));
  BOOST_TEST(fs::is_regular_file(fs::symlink_status(dir.sub("out/link.xml"))));
  BOOST_TEST(read_file(dir.sub("out/linked/c.sd")) == "schema c {}");
  BOOST_TEST(!fs::exists(dir.sub("out/dangling.sd")));
  BOOST_TEST(read_file(dir.sub("out/schemas/a.sd")) == "schema a {}");
}

BOOST_AUTO_TEST_CASE(packing_refuses_a_directory_without_services_xml_or_over_a_limit) {
  TempDir dir;
  dir.write("app/hosts.xml", "<hosts/>");
  Status none = failure(pack_package(dir.sub("app"), kDefaults));
  BOOST_TEST(contains(none.message(), "has no services.xml"), none.message());
  dir.write("app/services.xml", kMinimalServices);
  dir.write("app/big.txt", std::string(2000, 'x'));
  PackageLimits small;
  small.max_file_bytes = 1000;
  Status big = failure(pack_package(dir.sub("app"), small));
  BOOST_TEST(contains(big.message(), "big.txt has 2000 bytes, more than 1000 (max_file_bytes)"),
             big.message());
}

BOOST_AUTO_TEST_CASE(a_zip_with_services_at_the_top_unpacks) {
  TempDir dir;
  std::string zip = make_archive(ArchiveFormat::kZip,
                                 with_services({{"schemas/", "", AE_IFDIR}, {"schemas/m.sd", "schema m {}"}}));
  UnpackedPackage out = must(unpack_package(zip, "application/zip", dir.sub("out"), kDefaults));
  BOOST_TEST(out.root == dir.sub("out"));
  BOOST_TEST((out.format == ArchiveFormat::kZip));
  BOOST_TEST(out.files == 2u);
  BOOST_TEST(read_file(dir.sub("out/schemas/m.sd")) == "schema m {}");
}

BOOST_AUTO_TEST_CASE(one_top_level_folder_is_the_root_and_macos_junk_does_not_count) {
  TempDir dir;
  std::string bytes = make_archive(ArchiveFormat::kTarGzip,
                                   {{"./music/services.xml", kMinimalServices},
                                    {"./music/schemas/m.sd", "schema m {}"},
                                    {"__MACOSX/music/._services.xml", "junk"}});
  UnpackedPackage out = must(unpack_package(bytes, "application/gzip", dir.sub("out"), kDefaults));
  BOOST_TEST(out.root == dir.sub("out/music"));
}

BOOST_AUTO_TEST_CASE(no_services_xml_names_what_the_top_level_holds) {
  expect_refused({{"a/services.xml", kMinimalServices}, {"b/readme", "x"}},
                 "no services.xml at its top nor inside exactly one top-level directory (its top "
                 "level holds: a/, b/)");
}

BOOST_AUTO_TEST_CASE(path_traversal_is_refused) {
  expect_refused(with_services({{"schemas/../../evil.sd", "x"}}),
                 "entry 'schemas/../../evil.sd' is refused: its path has a '..' component");
  expect_refused(with_services({{"/etc/evil", "x"}}), "entry '/etc/evil' is refused: its path is absolute");
}

BOOST_AUTO_TEST_CASE(links_devices_and_fifos_are_refused) {
  expect_refused(with_services({{"schemas", "", AE_IFLNK, "/etc"}}),
                 "entry 'schemas' is a symlink to '/etc'");
  // zip has no hard links, fifos or devices; tar does.
  expect_refused(with_services({{"copy.xml", "", AE_IFREG, "services.xml", true}}),
                 "entry 'copy.xml' is a hard link to 'services.xml'", kDefaults,
                 {ArchiveFormat::kTarGzip});
  for (mode_t type : {AE_IFIFO, AE_IFCHR}) {
    std::string bytes = make_archive(ArchiveFormat::kTarGzip, with_services({{"dev", "", type}}));
    Status s = unpack_error(bytes, "application/x-gzip");
    BOOST_TEST(contains(s.message(), type == AE_IFIFO ? "entry 'dev' is a fifo" : "entry 'dev' is a device"),
               s.message());
  }
}

BOOST_AUTO_TEST_CASE(a_duplicate_entry_is_refused) {
  expect_refused(with_services({{"services.xml", "<services/>"}}), "entry 'services.xml' is in the archive twice");
}

BOOST_AUTO_TEST_CASE(too_many_entries_are_refused) {
  PackageLimits limits;
  limits.max_entries = 5;
  std::vector<TestEntry> entries = with_services({});
  for (int i = 0; i < 5; ++i) entries.push_back({"schemas/s" + std::to_string(i) + ".sd", "x"});
  expect_refused(entries, "more than 5 entries (max_entries); entry 'schemas/s4.sd' is one too many",
                 limits);
}

BOOST_AUTO_TEST_CASE(a_zip_bomb_over_the_total_size_is_refused_while_it_inflates) {
  // Five files of 15 MiB of zeros: each under the 16 MiB per-file default, together over the
  // 64 MiB total, about 75 KiB compressed. Caught by counting what inflates.
  std::vector<TestEntry> entries = with_services({});
  for (int i = 0; i < 5; ++i) entries.push_back({"zeros" + std::to_string(i), std::string(15u << 20, '\0')});
  std::string zip = make_archive(ArchiveFormat::kZip, entries);
  BOOST_TEST(zip.size() < (1u << 20));
  Status s = unpack_error(zip, "application/zip");
  BOOST_TEST(contains(s.message(), "unpacks to more than 67108864 bytes in all (max_total_bytes), "
                                   "reached in entry 'zeros4'"),
             s.message());
}

BOOST_AUTO_TEST_CASE(one_file_over_its_limit_is_refused) {
  PackageLimits limits;
  limits.max_file_bytes = 1000;
  expect_refused(with_services({{"big", std::string(5000, 'b')}}),
                 "entry 'big' declares 5000 bytes, more than the 1000 bytes one file may have", limits);
}

BOOST_AUTO_TEST_CASE(truncated_bytes_are_invalid_and_name_the_entry) {
  std::string payload;
  for (int i = 0; i < 20000; ++i) payload += std::to_string(i * 7919) + " ";  // not compressible away
  std::string tgz = make_archive(ArchiveFormat::kTarGzip, with_services({{"schemas/m.sd", payload}}));
  Status tar = unpack_error(tgz.substr(0, tgz.size() / 2), "application/x-gzip");
  BOOST_TEST(tar.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(tar.message(), "truncated or corrupt"), tar.message());
  BOOST_TEST(contains(tar.message(), "'schemas/m.sd'"), tar.message());

  std::string zip = make_archive(ArchiveFormat::kZip, with_services({{"schemas/m.sd", payload}}));
  Status z = unpack_error(zip.substr(0, zip.size() / 2), "application/zip");
  BOOST_TEST(z.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(z.message(), "the zip archive is truncated or corrupt in entry 'schemas/m.sd'"), z.message());
  BOOST_TEST_MESSAGE("truncated tar.gz: " << tar.message() << "\ntruncated zip: " << z.message());
}

BOOST_AUTO_TEST_CASE(corrupt_data_in_an_entry_names_it) {
  std::string payload(100000, 'a');
  for (size_t i = 0; i < payload.size(); i += 7) payload[i] = static_cast<char>('a' + i % 26);
  std::string zip = make_archive(ArchiveFormat::kZip, with_services({{"schemas/m.sd", payload}}));
  size_t middle = zip.find("schemas/m.sd") + 200;  // inside the deflated data of the entry
  for (size_t i = middle; i < middle + 64; ++i) zip[i] = static_cast<char>(zip[i] ^ 0x5a);
  Status s = unpack_error(zip, "application/zip");
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(s.message(), "'schemas/m.sd'"), s.message());
}

BOOST_AUTO_TEST_CASE(a_wrong_or_unknown_content_type_is_named) {
  std::string zip = make_archive(ArchiveFormat::kZip, with_services({}));
  std::string tgz = make_archive(ArchiveFormat::kTarGzip, with_services({}));
  Status as_gzip = unpack_error(zip, "application/x-gzip");
  BOOST_TEST(contains(as_gzip.message(), "Content-Type is application/x-gzip but the bytes are a zip archive"),
             as_gzip.message());
  Status as_zip = unpack_error(tgz, "Application/ZIP; charset=binary");
  BOOST_TEST(contains(as_zip.message(), "Content-Type is application/zip but the bytes are a gzip stream"),
             as_zip.message());
  Status text = unpack_error(zip, "text/plain");
  BOOST_TEST(contains(text.message(), "Content-Type 'text/plain' is not a package archive"), text.message());
  Status xml = unpack_error(kMinimalServices, "");
  BOOST_TEST(contains(xml.message(), "neither a zip archive nor a gzip'ed tar: the bytes start with 3c 73 65 72"),
             xml.message());
  BOOST_TEST(contains(xml.message(), "looks like XML"), xml.message());
}

BOOST_AUTO_TEST_CASE(a_gzip_stream_that_is_not_a_tar_is_refused) {
  std::string gz = make_archive(ArchiveFormat::kTarGzip, {});  // a valid empty tar.gz ...
  // ... and a gzip of plain text, made by libarchive's raw writer.
  std::string out;
  archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_format_raw(a);
  BOOST_REQUIRE(archive_write_open(a, &out, nullptr, append_archive_bytes, nullptr) == ARCHIVE_OK);
  archive_entry* e = archive_entry_new();
  archive_entry_set_filetype(e, AE_IFREG);
  archive_write_header(a, e);
  archive_write_data(a, "just text, not a tar", 20);
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  Status s = unpack_error(out, "application/gzip");
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(s.message(), "tar"), s.message());
  Status empty = unpack_error(gz, "application/gzip");
  BOOST_TEST(contains(empty.message(), "top level holds: nothing"), empty.message());
}

BOOST_AUTO_TEST_CASE(the_destination_must_be_new_or_empty) {
  TempDir dir;
  dir.write("out/old.txt", "x");
  std::string zip = make_archive(ArchiveFormat::kZip, with_services({}));
  Status s = failure(unpack_package(zip, "", dir.sub("out"), kDefaults));
  BOOST_TEST(contains(s.message(), "is not empty"), s.message());
  BOOST_TEST(fs::exists(dir.sub("out/old.txt")), "what was there stays");
}

BOOST_AUTO_TEST_CASE(an_archive_over_its_byte_limit_is_refused_before_reading) {
  PackageLimits limits;
  limits.max_archive_bytes = 10;
  Status s = unpack_error(make_archive(ArchiveFormat::kZip, with_services({})), "", limits);
  BOOST_TEST(contains(s.message(), "(max_archive_bytes)"), s.message());
}

BOOST_AUTO_TEST_CASE(entry_paths_are_normalized_or_refused) {
  BOOST_TEST(must(safe_relative_path("./a//b/./c/", 100)) == "a/b/c");
  BOOST_TEST(must(safe_relative_path("./", 100)) == "");
  BOOST_TEST(failure(safe_relative_path("a\\b", 100)).message().find("backslash") != std::string::npos);
  BOOST_TEST(failure(safe_relative_path("a/..", 100)).message().find("'..'") != std::string::npos);
  BOOST_TEST(failure(safe_relative_path(std::string(101, 'a'), 100)).message().find("max_path_bytes") !=
             std::string::npos);
  BOOST_TEST(must(safe_relative_path("a..b/c", 100)) == "a..b/c");  // only a whole ".." component
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::deploy::test
