// The cycle: import from a folder or workbook, build from tables in memory
// (numpy columns borrowed), and read-only views for the Python package.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"
#include "libreview/reconcile.hpp"
#include "libreview/session.hpp"
#include "py_convert.hpp"
#include "py_module.hpp"

namespace review::python {

namespace {

RatingTable rating_table(const std::string& name, const py::dict& d) {
  RatingTable t;
  t.name = name;
  auto values = [&](const char* key) {
    return d.contains(key) && !d[key].is_none() ? d[key].cast<std::vector<std::string>>()
                                                : std::vector<std::string>{};
  };
  t.department = borrow<std::uint32_t>(d["department"].cast<py::array>(), "department");
  t.department_values = values("department_values");
  t.rater = borrow<std::uint32_t>(d["rater"].cast<py::array>(), "rater");
  t.rater_values = values("rater_values");
  t.rating = borrow<std::uint8_t>(d["rating"].cast<py::array>(), "rating");
  t.rating_values = values("rating_values");
  if (d.contains("group") && !d["group"].is_none()) {
    t.group = borrow<std::uint32_t>(d["group"].cast<py::array>(), "group");
    t.group_values = values("group_values");
  }
  if (d.contains("names")) {
    auto names = d["names"].cast<std::vector<std::string>>();
    auto positions = d["positions"].cast<std::vector<std::size_t>>();
    auto is_signed = d["signed"].cast<std::vector<bool>>();
    for (std::size_t i = 0; i < 4 && i < names.size(); ++i)
      t.origin[i] = {names[i], positions[i], is_signed[i]};
  }
  return t;
}

py::dict departments(const Cycle& c) {
  py::dict out =
      columns(c.departments, Field{"id", [](const Department& d) { return d.id; }},
              Field{"name", [](const Department& d) { return d.name; }},
              Field{"category", [](const Department& d) { return d.category; }},
              Field{"status", [](const Department& d) { return std::string(to_string(d.status)); }},
              Field{"exempt_reason", [](const Department& d) { return d.exempt_reason; }},
              Field{"hotline", [](const Department& d) { return d.hotline; }});
  py::list daily, expected;
  for (std::size_t i = 0; i < c.departments.size(); ++i) {
    daily.append(number_or_none(i < c.daily_work.size() ? c.daily_work[i] : std::nullopt));
    expected.append(number_or_none(i < c.expected_scores.size() ? c.expected_scores[i] : std::nullopt));
  }
  out["daily_work"] = daily;
  out["expected_score"] = expected;
  return out;
}

py::dict representatives(const Cycle& c) {
  return columns(c.representatives, Field{"id", [](const Representative& r) { return r.id; }},
                 Field{"sector", [](const Representative& r) { return r.sector; }},
                 Field{"trained", [](const Representative& r) { return r.trained; }});
}

py::dict ballot_sheets(const Cycle& c) {
  return columns(c.ballot_sheets, Field{"sheet_no", [](const BallotSheet& s) { return s.sheet_no; }},
                 Field{"sector", [](const BallotSheet& s) { return s.sector; }});
}

py::dict complaints(const Cycle& c) {
  return columns(c.complaints, Field{"id", [](const Complaint& x) { return x.id; }},
                 Field{"department_id", [](const Complaint& x) { return x.department_id; }},
                 Field{"received_on", [](const Complaint& x) { return date_or_none(x.received_on); }},
                 Field{"channel", [](const Complaint& x) { return std::string(to_string(x.channel)); }},
                 Field{"category", [](const Complaint& x) { return x.category; }},
                 Field{"substantiated", [](const Complaint& x) { return x.substantiated; }},
                 Field{"due_on", [](const Complaint& x) { return date_or_none(x.due_on); }},
                 Field{"closed_on", [](const Complaint& x) { return date_or_none(x.closed_on); }},
                 Field{"summary", [](const Complaint& x) { return x.summary; }});
}

py::dict rectifications(const Cycle& c) {
  return columns(c.rectifications, Field{"id", [](const RectificationItem& x) { return x.id; }},
                 Field{"department_id", [](const RectificationItem& x) { return x.department_id; }},
                 Field{"source", [](const RectificationItem& x) { return std::string(to_string(x.source)); }},
                 Field{"source_ref", [](const RectificationItem& x) { return x.source_ref; }},
                 Field{"category", [](const RectificationItem& x) { return x.category; }},
                 Field{"description", [](const RectificationItem& x) { return x.description; }},
                 Field{"deadline", [](const RectificationItem& x) { return date_or_none(x.deadline); }},
                 Field{"status", [](const RectificationItem& x) { return std::string(to_string(x.status)); }},
                 Field{"closed_on", [](const RectificationItem& x) { return date_or_none(x.closed_on); }});
}

const RatingColumns& ratings_of(const Cycle& c, const std::string& kind) {
  if (kind == "ballots") return c.ballots;
  if (kind == "questionnaires") return c.questionnaires;
  throw py::value_error("kind is 'ballots' or 'questionnaires'");
}

}  // namespace

void init_cycle(py::module_& m) {
  py::class_<History, std::shared_ptr<History>>(m, "History")
      .def(py::init<>())
      .def_property_readonly("verified_items", [](const History& h) {
        py::list out;
        for (const auto& p : h.verified_items)
          out.append(py::make_tuple(p.year, p.department_id, p.category, p.item_id));
        return out;
      });

  py::class_<Cycle, std::shared_ptr<Cycle>>(m, "Cycle")
      .def_property_readonly("year", [](const Cycle& c) { return c.info.year; })
      .def_property_readonly("region", [](const Cycle& c) { return c.info.region; })
      .def_property_readonly("name", [](const Cycle& c) { return c.info.name; })
      .def_property_readonly("as_of", [](const Cycle& c) { return c.info.as_of.to_string(); })
      .def_property_readonly("source", [](const Cycle& c) { return c.source; })
      .def_property_readonly("content_hash", [](const Cycle& c) { return c.content_hash; })
      .def_property_readonly(
          "stages",
          [](const Cycle& c) {
            py::list out;
            for (const auto& s : c.info.stages)
              out.append(py::make_tuple(s.id, s.name, date_or_none(s.start), date_or_none(s.end)));
            return out;
          })
      .def("departments", &departments)
      .def("representatives", &representatives)
      .def("ballot_sheets", &ballot_sheets)
      .def("complaints", &complaints)
      .def("rectifications", &rectifications)
      .def("respondent_groups", [](const Cycle& c) { return c.respondent_groups; })
      .def("response_ids",
           [](const Cycle& c) {
             std::vector<std::string> out;
             out.reserve(c.responses.size());
             for (const auto& r : c.responses) out.push_back(r.id);
             return out;
           })
      .def("counts",
           [](const Cycle& c) {
             py::dict d;
             d["departments"] = c.departments.size();
             d["participating"] = c.participating_count();
             d["exempt"] = c.departments.size() - c.participating_count();
             d["representatives"] = c.representatives.size();
             d["ballots"] = c.ballots.size();
             d["responses"] = c.responses.size();
             d["questionnaire_answers"] = c.questionnaires.size();
             d["complaints"] = c.complaints.size();
             d["rectifications"] = c.rectifications.size();
             d["commitments"] = c.commitments.size();
             d["hearings"] = c.hearings.size();
             d["activities"] = c.activities.size();
             d["surveys"] = c.surveys.size();
             return d;
           })
      .def(
          "ratings",
          [](const Cycle& c, const std::string& kind) {
            const auto& r = ratings_of(c, kind);
            py::dict d;
            d["department"] = view(r.department);
            d["rater"] = view(r.rater);
            d["rating"] = view<Rating, std::uint8_t>(r.rating);
            if (!r.group.empty()) d["group"] = view(r.group);
            return d;
          },
          py::arg("kind"), "Read-only numpy views of the rating columns (no copy).")
      .def(
          "shares_memory",
          [](const Cycle& c, const py::array& a) {
            const void* p = a.data();
            for (const auto* r : {&c.ballots, &c.questionnaires})
              if (r->department.shares(p) || r->rater.shares(p) || r->group.shares(p) ||
                  static_cast<const void*>(r->rating.data()) == p)
                return true;
            return false;
          },
          py::arg("array"), "True when a rating column of the cycle is the array's own memory.");

  m.def(
      "_import_cycle",
      [](const std::filesystem::path& source) {
        return std::make_shared<Cycle>(import_cycle(source, import_options_for()));
      },
      py::arg("source"), py::call_guard<py::gil_scoped_release>());

  m.def(
      "_load_cycle",
      [](const std::filesystem::path& source, const std::filesystem::path& store, const std::string& profile) {
        LoadedCycle loaded;
        {
          py::gil_scoped_release release;
          loaded = load_cycle(source, store, import_options_for(profile));
        }
        return py::make_tuple(std::make_shared<Cycle>(std::move(loaded.cycle)),
                              std::make_shared<History>(std::move(loaded.history)));
      },
      py::arg("source"), py::arg("store"), py::arg("profile") = "",
      "load_cycle(): the cycle, imported for `profile` (its required tables; empty: the cycle's region), and "
      "the history of its region in the store.");

  m.def(
      "_reconcile",
      [](const std::filesystem::path& a, const std::filesystem::path& b) {
        std::vector<Difference> differences;
        {
          py::gil_scoped_release release;
          differences = reconcile(a, b);
        }
        py::list out;
        for (const auto& d : differences)
          out.append(py::make_tuple(d.table, d.key, d.column, d.a ? py::cast(*d.a) : py::none(),
                                    d.b ? py::cast(*d.b) : py::none()));
        return out;
      },
      py::arg("a"), py::arg("b"), "reconcile(): (table, key, column, a, b) of every difference.");

  m.def(
      "_validate_cycle",
      [](const std::filesystem::path& source) {
        ValidationReport report;
        {
          py::gil_scoped_release release;
          report = validate_cycle(source);
        }
        py::list diags;
        for (const auto& d : report.diagnostics)
          diags.append(py::make_tuple(d.file, d.line, d.column, d.field, d.value, d.message));
        return py::make_tuple(report.total, diags);
      },
      py::arg("source"));

  m.def("_canonical_column", &canonical_column, py::arg("table"), py::arg("header"),
        "canonical_column(): the spec's name of the column a header names (English in any case, or Chinese), "
        "or ''.");
  m.def(
      "_import_tables",
      [](const py::dict& info, const py::list& tables, const py::object& ballots,
         const py::object& questionnaires, std::size_t max_diagnostics) {
        CycleTables in;
        in.info.year = info["year"].cast<int>();
        in.info.region = info["region"].cast<std::string>();
        in.info.name = info["name"].cast<std::string>();
        if (!info["as_of"].is_none()) {
          const auto text = info["as_of"].cast<std::string>();
          const auto d = Date::parse(text);
          if (!d)
            throw ValidationError({Diagnostic{"cycle", 0, 0, "as_of", text, message("LR-D119"), "LR-D119"}},
                                  1);
          in.info.as_of = *d;
        }
        in.source = info["source"].cast<std::string>();
        for (auto [key, into] : {std::pair{"ballots_issued", &in.info.ballots_issued},
                                 std::pair{"questionnaires_issued", &in.info.questionnaires_issued}})
          if (info.contains(key) && !info[key].is_none()) *into = info[key].cast<std::uint32_t>();
        for (const auto& t : tables) {
          auto tuple = t.cast<py::tuple>();
          in.tables.push_back(TextTable{tuple[0].cast<std::string>(),
                                        tuple[1].cast<std::vector<std::string>>(),
                                        tuple[2].cast<std::vector<std::vector<std::string>>>()});
        }
        if (!ballots.is_none()) in.ballots = rating_table("ballots", ballots.cast<py::dict>());
        if (!questionnaires.is_none())
          in.questionnaires = rating_table("questionnaires", questionnaires.cast<py::dict>());
        ImportOptions options;
        options.max_diagnostics = max_diagnostics;
        py::gil_scoped_release release;
        return std::make_shared<Cycle>(import_tables(std::move(in), options));
      },
      py::arg("info"), py::arg("tables"), py::arg("ballots"), py::arg("questionnaires"),
      py::arg("max_diagnostics") = 100);
}

}  // namespace review::python
