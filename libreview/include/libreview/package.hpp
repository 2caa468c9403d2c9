#pragma once
/// @file package.hpp
/// The county package (上报数据包, `.lrpkg`, office-year.md section 4): what a county
/// office sends up to the city. A zip holding `manifest.json` (county, region, year,
/// profile, rule, libreview version, format version and the SHA-256 of every other
/// member), `results.csv` and `flags.csv` as the county printed them, `departments.csv`
/// (id, name, category and 部门类型 of each department) and `breakdowns.csv` (each
/// department's ballots by sector and questionnaire answers by group, suppressed at
/// k = 5 or the profile's larger k). No ballot, answer, representative code or
/// complaint summary leaves the county.
///
/// Part of the static library review_city (with rollup.hpp), linked into the
/// `libreview` command and the Python package; not part of libreview.so.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "libreview/plugin.hpp"

namespace review {

/// The format version (数据包格式版本) of the packages this libreview writes and reads.
inline constexpr int kPackageFormatVersion = 1;
/// The file name ending of a county package.
inline constexpr const char* kPackageExtension = ".lrpkg";

/// What `manifest.json` says (数据包清单).
struct PackageManifest {
  int format_version = kPackageFormatVersion;
  std::string libreview_version;  ///< the libreview that exported it
  std::string county;             ///< cycle.toml `county`, else the region id
  std::string region;
  int year = 0;
  std::string name;                            ///< the cycle's name
  std::string profile;                         ///< region profile id scored with
  std::string rule;                            ///< scoring rule id
  std::map<std::string, std::string> members;  ///< member name → SHA-256 (hex)
};

/// A county package read and verified (已核验的数据包): the manifest and every member's bytes.
struct CountyPackage {
  std::filesystem::path file;  ///< the .lrpkg, or where a city store holds it
  PackageManifest manifest;
  std::string manifest_text;                   ///< manifest.json as read
  std::map<std::string, std::string> members;  ///< member name → bytes (manifest.json not among them)
};

/// Exports the cycle of `year` (and `region`; empty: the store's only region of that
/// year) from the store at `store_file` as a county package at `out_file`: the cycle
/// scored with `profile` and `rule` (empty: its region's profile and that profile's
/// rule, as `libreview run` scores), the package written atomically
/// (nothing is left at `out_file` when it fails). Throws NotFoundError when the
/// store holds no such cycle, UsageError when `region` is empty and several regions
/// have that year.
REVIEW_API PackageManifest export_package(const std::filesystem::path& store_file, int year,
                                          const std::string& region, const std::filesystem::path& out_file,
                                          const std::string& profile = {}, const std::string& rule = {},
                                          const PluginRegistry& registry = PluginRegistry::global());

/// Reads and verifies the package at `file` (核验): a zip within bounded sizes and
/// names (no `../`, no absolute name), a manifest of a known format version, and
/// exactly the members the manifest lists, each with its SHA-256. Throws
/// ValidationError naming the file and the member (changed, missing, extra), or the
/// version (a package from a newer libreview says so).
REVIEW_API CountyPackage read_package(const std::filesystem::path& file);

/// Verifies a package's manifest.json (`manifest_text`) and `members` (name → bytes)
/// as read_package() does, with `where` naming it in messages: how a package kept in a
/// city store (Store::packages) is checked again before it is rolled up.
REVIEW_API CountyPackage verify_package(const std::filesystem::path& where, const std::string& manifest_text,
                                        std::map<std::string, std::string> members);

}  // namespace review
