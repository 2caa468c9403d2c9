// report-json: the full results with every receipt as results.json
// (unrounded numbers, null where there is no value), written atomically.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
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
  json out = {{"components", components},
              {"daily_work", number(r.daily_work)},
              {"weights", weights},
              {"deductions", deductions},
              {"deduction_cap", r.deduction_cap},
              {"deductions_total", r.deductions_total},
              {"composite_unclipped", number(r.composite_unclipped)},
              {"notes", r.notes}};
  if (r.commitments)  // K, where the profile weights it
    out["commitments"] = {{"due", r.commitments->due},
                          {"fulfilled", r.commitments->fulfilled},
                          {"not_fulfilled", r.commitments->not_fulfilled},
                          {"score", number(r.commitments->score)}};
  return out;
}

json department(const Cycle& cycle, const DepartmentResult& r) {
  const Department& d = cycle.departments.at(r.department);
  return {{"department_id", d.id},
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
          {"receipt", receipt(r.receipt)}};
}

json flag(const Flag& f) {
  return {{"flag", f.flag},
          {"subject_kind", to_string(f.subject_kind)},
          {"subject_id", f.subject_id},
          {"detail", f.detail}};
}

/// results.json as it is written, one array element at a time: the same bytes
/// as `dump(2)` of the whole document, without holding it as one JSON value
/// (thousands of departments with their receipts are ~100 MB of JSON nodes).
class JsonFile {
 public:
  explicit JsonFile(const std::filesystem::path& path) : file_(path) {
    out_ = std::fopen(file_.temp_path().c_str(), "wb");
    if (out_ == nullptr) refuse<ReportError>("LR-R116", file_.temp_path().string());
  }
  ~JsonFile() {
    if (out_ != nullptr) std::fclose(out_);
  }
  JsonFile(const JsonFile&) = delete;
  JsonFile& operator=(const JsonFile&) = delete;

  void put(std::string_view bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), out_) != bytes.size())
      refuse<ReportError>("LR-R116", file_.temp_path().string());
  }

  /// A member array of the top-level object (elements at indentation 4), as dump(2) writes it.
  template <class Element>
  void array(std::size_t count, Element element) {
    if (count == 0) {
      put("[]");
      return;
    }
    put("[\n");
    for (std::size_t i = 0; i < count; ++i) {
      const std::string text = element(i).dump(2);
      put("    ");
      // JSON text holds line feeds only between tokens (never inside a string): indent each line.
      for (std::size_t at = 0; at < text.size();) {
        const std::size_t nl = text.find('\n', at);
        put(std::string_view(text).substr(at, nl == std::string::npos ? std::string::npos : nl + 1 - at));
        if (nl == std::string::npos) break;
        put("    ");
        at = nl + 1;
      }
      put(i + 1 < count ? ",\n" : "\n");
    }
    put("  ]");
  }

  void commit() {
    const bool failed = std::ferror(out_) != 0;
    const int closed = std::fclose(out_);
    out_ = nullptr;
    if (failed || closed != 0) refuse<ReportError>("LR-R116", file_.temp_path().string());
    file_.commit();
  }

 private:
  AtomicFile file_;
  std::FILE* out_ = nullptr;
};

/// Ballot accounting (发放、收回、有效): issued (null when cycle.toml does not say), returned,
/// valid, and the return rate returned ÷ issued (null without issued).
json accounting(const BallotAccounting& a) {
  const auto rate = a.return_rate();
  return {{"issued", a.issued ? json(*a.issued) : json(nullptr)},
          {"returned", a.returned},
          {"valid", a.valid},
          {"return_rate", rate ? json(*rate) : json(nullptr)}};
}

/// The JSON report (JSON 报表): results.json.
class JsonReport final : public ReportWriter {
 public:
  std::vector<ReportOption> options() const override { return {}; }  // reads none

  std::vector<std::filesystem::path> write(const ReportInput& in, const std::filesystem::path& out_dir,
                                           const ReportOptions& /*options*/) const override {
    const Cycle& cycle = in.cycle;
    // Representative-level flags go only to the office's integrity sheet (spec section 5).
    std::vector<const Flag*> flags;
    for (const auto& f : in.results.flags)
      if (!about_a_rater(f.subject_kind)) flags.push_back(&f);
    // The document with a marker where each array goes; the arrays are written
    // element by element in their place.
    static constexpr std::string_view kDepartments = "\"@@departments@@\"", kFlags = "\"@@flags@@\"";
    const json doc = {{"cycle",
                       {{"year", cycle.info.year},
                        {"region", cycle.info.region},
                        {"name", cycle.info.name},
                        {"as_of", cycle.info.as_of.to_string()}}},
                      {"accounting",
                       {{"ballots", accounting(cycle.ballot_accounting())},
                        {"questionnaires", accounting(cycle.questionnaire_accounting())}}},
                      {"rule", in.results.rule},
                      {"profile", in.results.profile},
                      {"lineage", in.profile.lineage},
                      {"departments", kDepartments.substr(1, kDepartments.size() - 2)},
                      {"flags", kFlags.substr(1, kFlags.size() - 2)}};
    const std::string skeleton = doc.dump(2);
    // The markers follow their keys (a quote inside a string value is always escaped).
    auto after_key = [&](std::string_view key, std::string_view marker) {
      const std::string text = fmt::format("\"{}\": {}", key, marker);
      const std::size_t at = skeleton.find(text);
      if (at == std::string::npos) refuse<ReportError>("LR-R165", key);
      return at + text.size() - marker.size();
    };
    const std::size_t d = after_key("departments", kDepartments), f = after_key("flags", kFlags);
    if (f < d) refuse<ReportError>("LR-R166");
    const std::filesystem::path path = out_dir / "results.json";
    JsonFile out(path);
    out.put(std::string_view(skeleton).substr(0, d));
    out.array(in.results.departments.size(),
              [&](std::size_t i) { return department(cycle, in.results.departments[i]); });
    out.put(std::string_view(skeleton).substr(d + kDepartments.size(), f - d - kDepartments.size()));
    out.array(flags.size(), [&](std::size_t i) { return flag(*flags[i]); });
    out.put(std::string_view(skeleton).substr(f + kFlags.size()));
    out.put("\n");
    out.commit();
    return {path};
  }
};

std::unique_ptr<Plugin> make() { return std::make_unique<JsonReport>(); }

}  // namespace

LIBREVIEW_PLUGIN("report", "json", "1.0.0", "results.json: every result with its receipt", make)
