// The city roll-up (汇总): county packages read and verified, their departments in one
// table, each kind of department ranked across the counties (rank_in_kind), rollup.csv.
#include "libreview/rollup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "libreview/error.hpp"
#include "libreview/report_util.hpp"
#include "libreview/store.hpp"
#include "package/messages_internal.hpp"
#include "package/package_internal.hpp"
#include "rollup/city_internal.hpp"

namespace review {

namespace msg = package_msg;
using package_detail::columns;
using package_detail::parse_csv;
using package_detail::problem;

namespace {

constexpr std::string_view kEol = "\r\n";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

/// A composite as printed ("96.20") in hundredths, for ranking without floating error.
long long hundredths(const std::string& composite) {
  return std::llround(std::strtod(composite.c_str(), nullptr) * 100.0);
}

/// A figure as results.csv prints it: digits, optionally a sign and one decimal point.
bool printed_figure(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  bool digit = false, point = false;
  for (char c : text) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c == '.' && !point)
      point = true;
    else
      return false;
  }
  return digit;
}

/// Standard competition ranking (1224) of each kind across the counties by the printed composite.
void rank_in_kind(std::vector<RollupRow>& rows) {
  std::map<std::string, std::vector<std::size_t>> by_kind;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!rows[i].kind.empty() && !rows[i].composite.empty()) by_kind[rows[i].kind].push_back(i);
  for (auto& [kind, members] : by_kind) {
    std::vector<long long> scores;
    scores.reserve(members.size());
    for (auto i : members) scores.push_back(hundredths(rows[i].composite));
    std::vector<long long> sorted = scores;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    for (std::size_t m = 0; m < members.size(); ++m) {
      const auto higher =
          std::lower_bound(sorted.begin(), sorted.end(), scores[m], std::greater<>()) - sorted.begin();
      rows[members[m]].rank_in_kind = static_cast<int>(higher) + 1;
    }
  }
}

}  // namespace

std::map<std::string, std::string> read_kind_mapping(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file))
    throw NotFoundError(fmt::format(fmt::runtime(msg::said(msg::kNoMapping)), file.string()),
                        std::string(msg::kNoMapping));
  const std::string bytes = package_detail::read_file(file);
  const std::string name = file.string();
  const auto rows = parse_csv(bytes, name, "");
  std::map<std::string, std::string> out;
  std::vector<Diagnostic> problems;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (i == 0 && r.size() >= 2 &&
        (r[0] == "department" || r[0] == "部门" || r[0] == "部门名称" || r[0] == "部门编号"))
      continue;                                   // a header row
    if (r.size() == 1 && r[0].empty()) continue;  // a blank line
    Diagnostic d;
    d.file = name;
    d.line = i + 1;
    if (r.size() != 2) {
      d.column = 1;
      d.field = "department";
      d.value = r.empty() ? std::string() : r[0];
      d.message = std::string(msg::said(msg::kMappingColumns));
      d.code = std::string(msg::kMappingColumns);
      problems.push_back(std::move(d));
    } else if (r[0].empty() || r[1].empty()) {
      d.column = r[0].empty() ? 1 : 2;
      d.field = r[0].empty() ? "department" : "kind";
      d.value = r[0];
      d.message = std::string(msg::said(msg::kMappingEmpty));
      d.code = std::string(msg::kMappingEmpty);
      problems.push_back(std::move(d));
    } else {
      out[r[0]] = r[1];
    }
  }
  if (!problems.empty()) throw ValidationError(std::move(problems));
  return out;
}

Rollup rollup(const std::vector<std::filesystem::path>& files,
              const std::map<std::string, std::string>& kinds) {
  if (files.empty())
    throw UsageError(std::string(msg::said(msg::kNoPackages)), std::string(msg::kNoPackages));
  std::vector<CountyPackage> packages;
  for (const auto& file : files) packages.push_back(read_package(file));
  return rollup(packages, kinds);
}

std::vector<CountyPackage> stored_packages(const std::filesystem::path& store, int year) {
  if (!store_exists(store))
    throw NotFoundError(fmt::format(fmt::runtime(msg::said(msg::kNoStoredPackages)), store.string(), year),
                        std::string(msg::kNoStoredPackages));
  std::vector<CountyPackage> out;
  for (auto& p : Store(store).packages(year))
    out.push_back(
        verify_package(fmt::format("{}#{}-{}", store_display_name(store.string()), p.county, p.year),
                       p.manifest, std::move(p.members)));
  if (out.empty())
    throw NotFoundError(fmt::format(fmt::runtime(msg::said(msg::kNoStoredPackages)),
                                    store_display_name(store.string()), year),
                        std::string(msg::kNoStoredPackages));
  return out;
}

Rollup rollup(const std::vector<CountyPackage>& packages, const std::map<std::string, std::string>& kinds) {
  if (packages.empty())
    throw UsageError(std::string(msg::said(msg::kNoPackages)), std::string(msg::kNoPackages));
  Rollup out;
  std::map<std::pair<std::string, int>, std::string> seen;  // (county, year) → package
  for (const auto& pkg : packages) {
    const auto& m = pkg.manifest;
    const std::string name = pkg.file.string();
    const auto& file = pkg.file;
    if (auto [it, fresh] = seen.emplace(std::pair{m.county, m.year}, name); !fresh)
      throw ValidationError(std::vector<Diagnostic>{
          problem(name, "manifest.json",
                  fmt::format(fmt::runtime(msg::said(msg::kSameCounty)), m.county, m.year, it->second),
                  std::string(msg::kSameCounty))});
    if (out.counties.empty())
      out.year = m.year;
    else if (m.year != out.year)
      throw ValidationError(
          std::vector<Diagnostic>{problem(name, "manifest.json",
                                          fmt::format(fmt::runtime(msg::said(msg::kOtherYear)), m.year,
                                                      out.year, out.counties.front().file.string()),
                                          std::string(msg::kOtherYear))});

    std::map<std::string, std::string> kind_of;  // department id → kind, from the package
    {
      const auto rows = parse_csv(pkg.members.at("departments.csv"), name, "departments.csv");
      if (!rows.empty()) {
        const auto at = columns(rows[0], {"department_id", "kind"}, name, "departments.csv");
        for (std::size_t i = 1; i < rows.size(); ++i)
          if (rows[i].size() > std::max(at[0], at[1])) kind_of[rows[i][at[0]]] = rows[i][at[1]];
      }
    }
    const auto rows = parse_csv(pkg.members.at("results.csv"), name, "results.csv");
    if (rows.empty())
      throw ValidationError(std::vector<Diagnostic>{problem(
          name, "results.csv", fmt::format(fmt::runtime(msg::said(msg::kMissingColumn)), "department_id"),
          std::string(msg::kMissingColumn))});
    const auto at = columns(rows[0],
                            {"department_id", "department_name", "category", "composite", "rank_overall",
                             "rank_in_category", "grade"},
                            name, "results.csv");
    const auto widest = *std::max_element(at.begin(), at.end());
    std::vector<Diagnostic> problems;
    auto bad_row = [&](std::size_t line, std::size_t column, std::string field, std::string value,
                       std::string_view message) {
      Diagnostic d = problem(name, "results.csv", std::string(message));
      d.line = line;
      d.column = column;
      d.field = std::move(field);
      d.value = std::move(value);
      problems.push_back(std::move(d));
    };
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto& r = rows[i];
      if (r.size() == 1 && r[0].empty()) continue;  // a blank line
      if (r.size() <= widest) {
        bad_row(i + 1, r.size() + 1, "", "", msg::said(msg::kShortRow));
        continue;
      }
      if (!r[at[3]].empty() && !printed_figure(r[at[3]])) {
        bad_row(i + 1, at[3] + 1, "composite", r[at[3]], msg::said(msg::kBadComposite));
        continue;
      }
      RollupRow row{m.county, r[at[0]], r[at[1]], r[at[2]], {},
                    r[at[3]], r[at[4]], r[at[5]], r[at[6]], std::nullopt};
      if (auto k = kind_of.find(row.department_id); k != kind_of.end()) row.kind = k->second;
      if (row.kind.empty()) {
        if (auto k = kinds.find(row.department_id); k != kinds.end())
          row.kind = k->second;
        else if (auto by_name = kinds.find(row.department_name); by_name != kinds.end())
          row.kind = by_name->second;
      }
      if (row.kind.empty())
        out.unplaced.push_back(fmt::format("{}: {} {}", m.county, row.department_id, row.department_name));
      out.rows.push_back(std::move(row));
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));
    out.counties.push_back(RollupCounty{pkg.manifest, file});
  }
  rank_in_kind(out.rows);
  return out;
}

std::string rollup_csv(const Rollup& rollup) {
  std::string out(kUtf8Bom);
  out +=
      "county,department_id,department_name,category,kind,composite,rank_overall,rank_in_category,grade,"
      "rank_in_kind";
  out += kEol;
  for (const auto& r : rollup.rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}", csv_cell(r.county), csv_cell(r.department_id),
                       csv_cell(r.department_name), csv_cell(r.category), csv_cell(r.kind),
                       csv_cell(r.composite), csv_cell(r.rank_overall), csv_cell(r.rank_in_category),
                       csv_cell(r.grade), r.rank_in_kind ? std::to_string(*r.rank_in_kind) : std::string());
    out += kEol;
  }
  return out;
}

std::vector<std::filesystem::path> write_rollup(const Rollup& rollup, const std::filesystem::path& out_dir) {
  std::filesystem::create_directories(out_dir);
  remove_stale_temp_files(out_dir);
  // Each document is built whole under its temporary name, then all three are renamed together.
  AtomicFile csv(out_dir / "rollup.csv");
  AtomicFile book(out_dir / "全市汇总.xlsx");
  AtomicFile report(out_dir / "全市汇总报告.docx");
  {
    std::FILE* f = std::fopen(csv.temp_path().c_str(), "wb");
    if (f == nullptr)
      throw IoError(fmt::format(fmt::runtime(msg::said(msg::kCannotWrite)), csv.temp_path().string()),
                    std::string(msg::kCannotWrite));
    const auto text = rollup_csv(rollup);
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (std::fclose(f) != 0 || !ok)
      throw IoError(fmt::format(fmt::runtime(msg::said(msg::kCannotWrite)), csv.final_path().string()),
                    std::string(msg::kCannotWrite));
  }
  city::write_workbook(rollup, book.temp_path());
  city::write_report(rollup, report.temp_path());
  commit_all({&csv, &book, &report});
  return {csv.final_path(), book.final_path(), report.final_path()};
}

}  // namespace review
