// Profiles, scoring, results and receipts, and scoring rules written in Python.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <ctime>

#include "libreview/calendar.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/scoring_kit.hpp"
#include "libreview/session.hpp"
#include "libreview/store.hpp"
#include "py_convert.hpp"
#include "py_module.hpp"

namespace review::python {

namespace {

py::object param(const ParamValue& v) {
  return std::visit([](const auto& x) -> py::object { return py::cast(x); }, v);
}

py::dict parameters(const RegionProfile& p) {
  py::dict d;
  for (const auto& [k, v] : p.parameters()) d[py::str(k)] = param(v);
  return d;
}

py::dict receipt(const Cycle& cycle, const Results& results, std::uint32_t i) {
  const auto& r = results.departments.at(i);
  const auto& rc = r.receipt;
  py::list components;
  for (const auto& c : rc.components) {
    py::dict d;
    d["component"] = c.component;
    d["counts"] = std::vector<std::int64_t>(std::begin(c.counts), std::end(c.counts));
    d["points"] = std::vector<double>(std::begin(c.points), std::end(c.points));
    d["valid"] = c.valid;
    d["score"] = number_or_none(c.score);
    d["note"] = c.note;
    components.append(d);
  }
  py::list deductions;
  for (const auto& x : rc.deductions) {
    py::dict d;
    d["kind"] = x.kind;
    d["points_each"] = x.points_each;
    d["items"] = x.items;
    d["points"] = x.points;
    d["note"] = x.note.view();
    deductions.append(d);
  }
  py::dict out;
  const auto& dep = cycle.departments.at(r.department);
  out["department_id"] = dep.id;
  out["department_name"] = dep.name;
  out["category"] = dep.category;
  out["status"] = std::string(to_string(dep.status));
  out["components"] = components;
  out["daily_work"] = number_or_none(rc.daily_work);
  if (rc.commitments) {
    py::dict k;
    k["due"] = rc.commitments->due;
    k["fulfilled"] = rc.commitments->fulfilled;
    k["not_fulfilled"] = rc.commitments->not_fulfilled;
    k["score"] = number_or_none(rc.commitments->score);
    out["commitments"] = k;
  } else {
    out["commitments"] = py::none();
  }
  py::dict weights;
  rc.weights.for_each([&](std::string_view component, double w) {
    weights[py::str(component.data(), component.size())] = w;
  });
  out["weights"] = weights;
  out["deductions"] = deductions;
  out["deduction_cap"] = rc.deduction_cap;
  out["deductions_total"] = rc.deductions_total;
  out["composite_unclipped"] = number_or_none(rc.composite_unclipped);
  out["composite"] = number_or_none(r.composite);
  out["rank_overall"] = r.rank_overall;
  out["rank_in_category"] = r.rank_in_category;
  out["grade"] = std::string(to_string(r.grade));
  out["grade_zh"] = std::string(label_zh(r.grade));
  out["flags"] = r.flags;
  out["notes"] = rc.notes;
  return out;
}

/// A scoring rule whose components come from a Python function (Python 计分规则).
/// The function is called through `libreview._rules._call(function, view)` with
/// the tallies as numpy arrays, under the GIL; everything else is the kit's.
class PythonRule final : public ScoringRule {
 public:
  PythonRule(std::string id, py::object function) : id_(std::move(id)), function_(std::move(function)) {}
  ~PythonRule() override {
    if (Py_IsInitialized() == 0) {
      function_.release();
      return;
    }
    py::gil_scoped_acquire gil;
    function_ = py::object();
  }

  Results score(const ScoringInput& in) const override {
    const Cycle& cycle = in.cycle;
    const auto p = kit::Parameters::from(in.profile);
    const std::size_t n = cycle.departments.size();
    // The default rule's tallies and components; the Python function replaces the components it returns.
    auto scores = kit::mean_point_scores(cycle, p);
    const kit::Tally& ballots = scores.ballots;
    const kit::Tally& questionnaires = scores.questionnaires;
    kit::Components& components = scores.components;
    {
      py::gil_scoped_acquire gil;
      try {
        auto counts = [](const std::vector<kit::RatingCounts>& v) {
          py::array_t<std::int64_t> a({static_cast<py::ssize_t>(v.size()), py::ssize_t{kRatingCount}});
          auto w = a.mutable_unchecked<2>();
          for (std::size_t i = 0; i < v.size(); ++i)
            for (int k = 0; k < kRatingCount; ++k)
              w(static_cast<py::ssize_t>(i), k) = v[i][static_cast<std::size_t>(k)];
          return a;
        };
        py::dict view;
        view["rule"] = id_;
        view["ballots"] = counts(ballots.by_department);
        view["questionnaires"] = counts(questionnaires.by_department);
        view["representatives"] = counts(ballots.by_rater);
        view["points"] = std::vector<double>(p.points.begin(), p.points.end());
        py::list ids, names, categories;
        py::list exempt;
        std::vector<double> daily(n, std::nan(""));
        for (std::size_t d = 0; d < n; ++d) {
          const auto& dep = cycle.departments[d];
          ids.append(dep.id);
          names.append(dep.name);
          categories.append(dep.category);
          exempt.append(dep.status == DepartmentStatus::exempt);
          if (d < cycle.daily_work.size() && cycle.daily_work[d]) daily[d] = *cycle.daily_work[d];
        }
        view["department_ids"] = ids;
        view["department_names"] = names;
        view["categories"] = categories;
        view["exempt"] = exempt;
        view["daily_work"] = py::array_t<double>(static_cast<py::ssize_t>(n), daily.data());
        view["profile_id"] = in.profile.id;
        view["parameters"] = parameters(in.profile);
        view["year"] = cycle.info.year;
        view["region"] = cycle.info.region;
        py::object call = py::module_::import("libreview._rules").attr("_call");
        py::dict got = call(function_, view).cast<py::dict>();
        for (const char* key : {"ballot", "questionnaire"}) {
          if (!got.contains(key)) continue;
          auto a = got[key].cast<py::array_t<double, py::array::c_style | py::array::forcecast>>();
          if (a.ndim() != 1 || static_cast<std::size_t>(a.size()) != n) refuse<PluginError>("LR-G171", key);
          auto& into = std::string(key) == "ballot" ? components.ballot : components.questionnaire;
          const double* v = a.data();
          for (std::size_t d = 0; d < n; ++d) {
            into[d].score = std::isnan(v[d]) ? std::nullopt : std::optional<double>(v[d]);
            into[d].note = "Python 规则“" + id_ + "”";
          }
        }
      } catch (py::error_already_set& e) {
        // "Type: message (at file:line)", the innermost frame being the rule's own code.
        std::string what = py::str(e.type().attr("__name__")).cast<std::string>() + ": " +
                           py::str(e.value()).cast<std::string>();
        try {
          py::list frames = py::module_::import("traceback").attr("extract_tb")(e.trace());
          if (!frames.empty()) {
            py::object last = frames[frames.size() - 1];
            what += " (at " + py::str(last.attr("filename")).cast<std::string>() + ":" +
                    py::str(last.attr("lineno")).cast<std::string>() + ")";
          }
        } catch (const py::error_already_set&) {
        }
        throw PluginError(what);
      }
    }
    return kit::assemble(in, p, id_, std::move(components), ballots);
  }

 private:
  std::string id_;
  py::object function_;
};

Date today() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return Date{tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1), static_cast<unsigned>(tm.tm_mday)};
}

}  // namespace

void init_scoring(py::module_& m) {
  py::class_<RegionProfile, std::shared_ptr<RegionProfile>>(m, "Profile")
      .def_readonly("id", &RegionProfile::id)
      .def_readonly("name", &RegionProfile::name)
      .def_readonly("summary", &RegionProfile::summary)
      .def_readonly("lineage", &RegionProfile::lineage)
      .def_readonly("scoring_rule", &RegionProfile::scoring_rule)
      .def_readonly("region_rules", &RegionProfile::region_rules)
      .def_property_readonly("file", [](const RegionProfile& p) { return p.file.string(); })
      .def_property_readonly("as_of", [](const RegionProfile& p) { return p.as_of.to_string(); })
      .def("parameters", &parameters);

  py::class_<Results, std::shared_ptr<Results>>(m, "Results")
      .def_readonly("rule", &Results::rule)
      .def_readonly("profile", &Results::profile)
      .def("table",
           [](const Results& res) {
             using R = DepartmentResult;
             return columns(
                 res.departments, Field{"department", [](const R& r) { return r.department; }},
                 Field{"ballot_score", [](const R& r) { return number_or_none(r.ballot_score); }},
                 Field{"questionnaire_score",
                       [](const R& r) { return number_or_none(r.questionnaire_score); }},
                 Field{"daily_work_score", [](const R& r) { return number_or_none(r.daily_work_score); }},
                 Field{"commitment_score", [](const R& r) { return number_or_none(r.commitment_score); }},
                 Field{"deductions",
                       [](const R& r) {
                         return r.composite ? py::object(py::float_(r.deductions)) : py::object(py::none());
                       }},
                 Field{"composite", [](const R& r) { return number_or_none(r.composite); }},
                 Field{"rank_overall", [](const R& r) { return r.rank_overall; }},
                 Field{"rank_in_category", [](const R& r) { return r.rank_in_category; }},
                 Field{"grade", [](const R& r) { return std::string(to_string(r.grade)); }},
                 Field{"grade_zh", [](const R& r) { return std::string(label_zh(r.grade)); }},
                 Field{"flags", [](const R& r) { return r.flags; }},
                 Field{"previous_composite", [](const R& r) { return number_or_none(r.previous_composite); }},
                 Field{"previous_rank_overall", [](const R& r) { return r.previous_rank_overall; }},
                 Field{"rank_change", [](const R& r) {
                         return r.rank_change() ? py::object(py::int_(*r.rank_change()))
                                                : py::object(py::none());
                       }});
           })
      .def("flags",
           [](const Results& res) {
             py::list out;
             for (const auto& f : res.flags)
               out.append(
                   py::make_tuple(f.flag, std::string(to_string(f.subject_kind)), f.subject_id, f.detail));
             return out;
           })
      .def(
          "receipt",
          [](const Results& res, const Cycle& cycle, std::uint32_t i) { return receipt(cycle, res, i); },
          py::arg("cycle"), py::arg("index"));

  m.def(
      "_round", [](double value, int digits) { return round_half_away(value, digits); }, py::arg("value"),
      py::arg("digits") = 2, "Rounds half away from zero, as printed figures are.");
  m.def("_profiles", [] {
    const ProfileLibrary library(PluginRegistry::global());
    using P = ProfileInfo;
    return records(library.list(), Field{"id", [](const P& p) { return p.id; }},
                   Field{"name", [](const P& p) { return p.name; }},
                   Field{"inherits", [](const P& p) { return p.inherits; }},
                   Field{"summary", [](const P& p) { return p.summary; }},
                   Field{"file", [](const P& p) { return p.file.string(); }});
  });
  m.def(
      "_resolve_profile_for",
      [](const std::string& id, const std::string& as_of) {
        const ProfileLibrary library(PluginRegistry::global());
        std::optional<Date> d = as_of.empty() ? today() : Date::parse(as_of);
        if (!d) refuse<UsageError>("LR-U113", as_of);
        return std::make_shared<RegionProfile>(library.resolve(id, *d));
      },
      py::arg("profile"), py::arg("as_of") = "", py::call_guard<py::gil_scoped_release>());
  m.def(
      "_stage_calendar",
      [](const std::string& id, int year) {
        const ProfileLibrary library(PluginRegistry::global());
        const auto stages = dated_stages(library.resolve(id, Date{year, 12, 31}).stages);
        std::vector<std::tuple<std::string, std::string, std::string, std::string>> out;
        for (const Stage& s : stages)
          out.emplace_back(s.id, s.name, s.start->to_string(), s.end->to_string());
        return out;
      },
      py::arg("profile"), py::arg("year"), py::call_guard<py::gil_scoped_release>(),
      "The profile's stages with both dates for `year`, by start: (id, name, start, end).");
  m.def(
      "_score_and_save",
      [](const Cycle& cycle, const History& history, const std::string& profile, const std::string& rule,
         const std::filesystem::path& store) {
        std::optional<Store> s;
        if (!store.empty()) s.emplace(store);
        Scored scored = score_and_save(cycle, history, profile, rule, s ? &*s : nullptr);
        return std::make_pair(std::make_shared<RegionProfile>(std::move(scored.profile)),
                              std::make_shared<Results>(std::move(scored.results)));
      },
      py::arg("cycle"), py::arg("history"), py::arg("profile"), py::arg("rule"), py::arg("store"),
      py::call_guard<py::gil_scoped_release>(),
      "score_and_save(): the profile and rule resolved and the cycle scored, then saved into the store when "
      "one is given.");
  m.def(
      "_check_scoring_rule",
      [](const std::string& rule, const RegionProfile& profile, std::uint64_t seed, int trials) {
        check_scoring_rule(rule, profile, seed, trials);
      },
      py::arg("rule"), py::arg("profile"), py::arg("seed") = 2017, py::arg("trials") = 20,
      py::call_guard<py::gil_scoped_release>());
  m.def(
      "_add_python_rule",
      [](const std::string& id, const std::string& version, const std::string& summary, py::object function) {
        PluginInfo info;
        info.kind = PluginKind::scoring;
        info.id = id;
        info.version = version;
        info.summary = summary;
        auto rule = std::make_shared<PythonRule>(id, std::move(function));
        py::gil_scoped_release release;
        PluginRegistry::global().add_scoring_rule(info, std::move(rule));
      },
      py::arg("id"), py::arg("version"), py::arg("summary"), py::arg("function"));
  m.def(
      "_remove_scoring_rule", [](const std::string& id) { PluginRegistry::global().remove_scoring_rule(id); },
      py::arg("id"), py::call_guard<py::gil_scoped_release>());
}

}  // namespace review::python
