// report-json: the full results with every receipt as results.json
// (unrounded numbers, null where there is no value), written atomically.
#include <nlohmann/json.hpp>

#include "libreview/plugin_author.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"

namespace {

using namespace review;
using nlohmann::json;

json number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json ratings(const auto& values) {
  json out = json::object();
  for (int k = 0; k < kRatingCount; ++k) out[std::string(to_string(static_cast<Rating>(k)))] = values[k];
  return out;
}

json receipt(const Receipt& r) {
  json components = json::array();
  for (const auto& c : r.components)
    components.push_back({{"component", c.component},
                          {"counts", ratings(c.counts)},
                          {"points", ratings(c.points)},
                          {"valid", c.valid},
                          {"score", number(c.score)},
                          {"note", c.note}});
  json deductions = json::array();
  for (const auto& d : r.deductions)
    deductions.push_back({{"kind", d.kind},
                          {"points_each", d.points_each},
                          {"items", d.items},
                          {"points", d.points},
                          {"note", d.note.view()}});
  json weights = json::object();
  r.weights.for_each([&](std::string_view component, double w) { weights[std::string(component)] = w; });
  return {{"components", components},
          {"daily_work", number(r.daily_work)},
          {"weights", weights},
          {"deductions", deductions},
          {"deduction_cap", r.deduction_cap},
          {"deductions_total", r.deductions_total},
          {"composite_unclipped", number(r.composite_unclipped)},
          {"notes", r.notes}};
}

/// The JSON report (JSON 报表): results.json.
class JsonReport final : public ReportWriter {
 public:
  std::vector<std::filesystem::path> write(const ReportInput& in, const std::filesystem::path& out_dir,
                                           const ReportOptions& /*options*/) const override {
    const Cycle& cycle = in.cycle;
    json departments = json::array();
    for (const auto& r : in.results.departments) {
      const Department& d = cycle.departments.at(r.department);
      departments.push_back({{"department_id", d.id},
                             {"department_name", d.name},
                             {"category", d.category},
                             {"status", to_string(d.status)},
                             {"ballot_score", number(r.ballot_score)},
                             {"questionnaire_score", number(r.questionnaire_score)},
                             {"daily_work_score", number(r.daily_work_score)},
                             {"deductions", r.deductions},
                             {"composite", number(r.composite)},
                             {"rank_overall", r.rank_overall},
                             {"rank_in_category", r.rank_in_category},
                             {"grade", to_string(r.grade)},
                             {"grade_zh", label_zh(r.grade)},
                             {"flags", r.flags},
                             {"receipt", receipt(r.receipt)}});
    }
    json flags = json::array();
    // Representative-level flags go only to the office's integrity sheet (spec section 5).
    for (const auto& f : in.results.flags)
      if (f.subject_kind != SubjectKind::representative)
        flags.push_back({{"flag", f.flag},
                       {"subject_kind", to_string(f.subject_kind)},
                       {"subject_id", f.subject_id},
                       {"detail", f.detail}});
    const json doc = {{"cycle",
                       {{"year", cycle.info.year},
                        {"region", cycle.info.region},
                        {"name", cycle.info.name},
                        {"as_of", cycle.info.as_of.to_string()}}},
                      {"rule", in.results.rule},
                      {"profile", in.results.profile},
                      {"lineage", in.profile.lineage},
                      {"departments", departments},
                      {"flags", flags}};
    write_file_atomically(out_dir / "results.json", doc.dump(2) + "\n");
    return {out_dir / "results.json"};
  }
};

std::unique_ptr<Plugin> make() { return std::make_unique<JsonReport>(); }

}  // namespace

LIBREVIEW_PLUGIN("report", "json", "1.0.0", "results.json: every result with its receipt", make)
