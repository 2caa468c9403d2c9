// report-csv: results.csv and flags.csv exactly as spec section 6. UTF-8 with
// a byte order mark (Excel and WPS then read Chinese right), RFC 4180 quoting
// with CRLF line ends, text cells neutralised against formula injection,
// numbers rounded half away from zero; each file written atomically.
#include <fmt/format.h>

#include <string>

#include "libreview/plugin_author.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"

namespace {

using namespace review;

/// The UTF-8 byte order mark: Excel and WPS then read the file as UTF-8.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string rank_cell(int rank) { return rank > 0 ? std::to_string(rank) : std::string(); }

std::string join_flags(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) {
    if (!out.empty()) out += ';';
    out += f;
  }
  return out;
}

/// The CSV report (CSV 报表): results.csv and flags.csv.
class CsvReport final : public ReportWriter {
 public:
  std::vector<ReportOption> options() const override {
    return {
        {"integrity",
         OptionType::boolean,
         "另写 诚信核查_flags.csv：全部提示，含评议代表层面的提示（行评办内部使用）",
         "also write 诚信核查_flags.csv: every flag, the representatives' included (the office's own use)",
         "false",
         {},
         false}};
  }

  std::vector<std::filesystem::path> write(const ReportInput& in, const std::filesystem::path& out_dir,
                                           const ReportOptions& options) const override {
    const int digits = static_cast<int>(in.profile.number_or("rounding.digits", 2));
    std::string results(kUtf8Bom);
    append_csv_row(results, {"department_id", "department_name", "category", "status", "ballot_score",
                             "questionnaire_score", "daily_work_score", "deductions", "composite",
                             "rank_overall", "rank_in_category", "grade", "flags", "previous_composite",
                             "previous_rank_overall", "rank_change"});
    for (const auto& r : in.results.departments) {
      const Department& d = in.cycle.departments.at(r.department);
      const bool scored = d.status == DepartmentStatus::participating;
      append_csv_row(
          results,
          {csv_cell(d.id), csv_cell(d.name), csv_cell(d.category), std::string(to_string(d.status)),
           format_figure(r.ballot_score, digits), format_figure(r.questionnaire_score, digits),
           format_figure(r.daily_work_score, digits),
           scored ? format_figure(r.deductions, digits) : std::string(), format_figure(r.composite, digits),
           rank_cell(r.rank_overall), rank_cell(r.rank_in_category), std::string(to_string(r.grade)),
           csv_cell(join_flags(r.flags)), format_figure(r.previous_composite, digits),
           rank_cell(r.previous_rank_overall),
           r.rank_change() ? fmt::format("{}", *r.rank_change()) : std::string()});
    }
    // Representative-level flags (straight_lining) name a representative next to how
    // they voted: flags.csv, which may leave the office, holds department flags only
    // (spec section 5). Asked for (--integrity), the office gets every flag, the
    // representatives' included, in a file of its own name, 诚信核查_flags.csv.
    auto flag_table = [&](bool with_representatives) {
      std::string out(kUtf8Bom);
      append_csv_row(out, {"flag", "subject_kind", "subject_id", "detail"});
      for (const auto& f : in.results.flags)
        if (with_representatives || !about_a_rater(f.subject_kind))
          append_csv_row(out, {csv_cell(f.flag), std::string(to_string(f.subject_kind)),
                               csv_cell(f.subject_id), csv_cell(f.detail)});
      return out;
    };
    std::vector<std::filesystem::path> written{out_dir / "results.csv", out_dir / "flags.csv"};
    write_file_atomically(written[0], results);
    write_file_atomically(written[1], flag_table(false));
    if (options.include_integrity) {
      written.push_back(out_dir / "诚信核查_flags.csv");
      write_file_atomically(written.back(), flag_table(true));
    }
    return written;
  }
};

std::unique_ptr<Plugin> make() { return std::make_unique<CsvReport>(); }

}  // namespace

LIBREVIEW_PLUGIN("report", "csv", "1.0.0", "results.csv and flags.csv (spec section 6), UTF-8 with BOM", make)
