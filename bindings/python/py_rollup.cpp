// The county package and the city roll-up (package.hpp, rollup.hpp), and the paper forms of a
// cycle (forms.hpp): what the office writes beside the scoring.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "libreview/forms.hpp"
#include "libreview/rollup.hpp"
#include "py_convert.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

void init_rollup(py::module_& m) {
  m.def(
      "_export_package",
      [](const std::filesystem::path& store, int year, const std::string& region,
         const std::filesystem::path& out, const std::string& profile, const std::string& rule) {
        const PackageManifest mf = export_package(store, year, region, out, profile, rule);
        return py::dict(py::arg("county") = mf.county, py::arg("region") = mf.region,
                        py::arg("year") = mf.year, py::arg("profile") = mf.profile, py::arg("rule") = mf.rule,
                        py::arg("libreview_version") = mf.libreview_version,
                        py::arg("format_version") = mf.format_version, py::arg("members") = mf.members);
      },
      py::arg("store"), py::arg("year"), py::arg("region"), py::arg("out"), py::arg("profile") = "",
      py::arg("rule") = "");
  m.def("_read_kind_mapping", &read_kind_mapping, py::arg("file"), py::call_guard<py::gil_scoped_release>());
  m.def(
      "_rollup",
      [](const std::vector<std::filesystem::path>& files, const std::map<std::string, std::string>& kinds,
         const std::optional<std::filesystem::path>& out_dir, const std::string& store, int year) {
        Rollup r;
        {
          py::gil_scoped_release release;
          r = store.empty() ? rollup(files, kinds) : rollup(stored_packages(store, year), kinds);
          if (out_dir) write_rollup(r, *out_dir);
        }
        using R = RollupRow;
        py::dict rows = columns(r.rows, Field{"county", [](const R& x) { return x.county; }},
                                Field{"department_id", [](const R& x) { return x.department_id; }},
                                Field{"department_name", [](const R& x) { return x.department_name; }},
                                Field{"category", [](const R& x) { return x.category; }},
                                Field{"kind", [](const R& x) { return x.kind; }},
                                Field{"composite", [](const R& x) { return x.composite; }},
                                Field{"rank_overall", [](const R& x) { return x.rank_overall; }},
                                Field{"rank_in_category", [](const R& x) { return x.rank_in_category; }},
                                Field{"grade", [](const R& x) { return x.grade; }},
                                Field{"rank_in_kind", [](const R& x) { return x.rank_in_kind; }});
        return py::make_tuple(rows, r.unplaced, r.year);
      },
      py::arg("files"), py::arg("kinds"), py::arg("out_dir") = std::nullopt, py::arg("store") = "",
      py::arg("year") = 0);
  m.def(
      "_forms",
      [](const std::filesystem::path& source, const std::filesystem::path& out, const std::string& office,
         std::size_t sheets, const std::vector<std::string>& groups) {
        FormsOptions o;
        o.source = source;
        o.out_dir = out;
        if (!office.empty()) o.office = office;
        o.default_sheets = sheets;
        if (!groups.empty()) o.respondent_groups = groups;
        FormsResult r;
        {
          py::gil_scoped_release release;
          r = write_forms(o);
        }
        return py::dict(py::arg("ballot_sheets") = r.ballot_sheets, py::arg("departments") = r.departments,
                        py::arg("written") = r.written);
      },
      py::arg("source"), py::arg("out"), py::arg("office") = "", py::arg("sheets") = 200,
      py::arg("groups") = std::vector<std::string>{});
}

}  // namespace review::python
