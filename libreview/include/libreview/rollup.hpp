#pragma once
/// @file rollup.hpp
/// The city roll-up (汇总, office-year.md section 4): county packages (package.hpp)
/// gathered into one table, rollup.csv, with each kind of department (部门类型)
/// ranked across the counties (rank_in_kind), a city workbook and a city report.
///
/// Part of the static library review_city, linked into the `libreview` command and
/// the Python package; not part of libreview.so.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "libreview/export.hpp"
#include "libreview/package.hpp"

namespace review {

/// One department of one county in the roll-up (汇总行), as rollup.csv prints it.
struct RollupRow {
  std::string county;
  std::string department_id;
  std::string department_name;
  std::string category;
  std::string kind;       ///< 部门类型; empty when neither the package nor the mapping file names one
  std::string composite;  ///< as the package prints it (2 decimals), empty for an exempt department
  std::string rank_overall;
  std::string rank_in_category;
  std::string grade;                ///< the grade's code (excellent …), empty when none
  std::optional<int> rank_in_kind;  ///< 同类排名: standard competition ranking of `kind` across counties
};

/// A county in the roll-up (汇总的县).
struct RollupCounty {
  PackageManifest manifest;
  std::filesystem::path file;
};

/// The roll-up of a set of county packages (全市汇总).
struct Rollup {
  int year = 0;
  std::vector<RollupCounty> counties;  ///< in the order of the packages given
  std::vector<RollupRow> rows;  ///< counties in the order given, departments as each package lists them
  /// Departments no kind could be found for (未归类部门): "county: id name".
  std::vector<std::string> unplaced;
};

/// Reads a mapping file (部门类型对照表): a CSV of `department,kind` (or 部门,部门类型),
/// where `department` is a department id or name, for packages whose departments.csv
/// names no kind. Throws ValidationError naming file:line for a malformed row.
REVIEW_API std::map<std::string, std::string> read_kind_mapping(const std::filesystem::path& file);

/// Rolls up the packages at `files` (each verified with read_package()). Refuses
/// (ValidationError, nothing returned) a damaged package, two packages of one county
/// and year, and packages of different years. Kinds come from each package's
/// departments.csv, else from `kinds` (department id first, then name).
REVIEW_API Rollup rollup(const std::vector<std::filesystem::path>& files,
                         const std::map<std::string, std::string>& kinds = {});

/// Rolls up packages already read and verified (read_package(), verify_package()), in
/// the order given: how a city store's packages (Store::packages) are rolled up.
REVIEW_API Rollup rollup(const std::vector<CountyPackage>& packages,
                         const std::map<std::string, std::string>& kinds = {});

/// The packages a city store holds for `year` (`libreview import X.lrpkg`), each verified
/// again against its manifest; NotFoundError when there is none.
REVIEW_API std::vector<CountyPackage> stored_packages(const std::filesystem::path& store, int year);

/// rollup.csv: UTF-8 with BOM, CRLF, RFC 4180, as results.csv is.
[[nodiscard]] REVIEW_API std::string rollup_csv(const Rollup& rollup);

/// Writes rollup.csv, the city workbook (全市汇总.xlsx) and the city report
/// (全市汇总报告.docx) into `out_dir`, each atomically; returns the files written.
REVIEW_API std::vector<std::filesystem::path> write_rollup(const Rollup& rollup,
                                                           const std::filesystem::path& out_dir);

}  // namespace review
