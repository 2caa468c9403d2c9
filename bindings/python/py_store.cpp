// The SQLite store.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "libreview/session.hpp"
#include "libreview/store.hpp"
#include "py_convert.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

void init_store(py::module_& m) {
  py::class_<Store>(m, "Store")
      .def(py::init<const std::filesystem::path&>(), py::arg("file"),
           py::call_guard<py::gil_scoped_release>())
      .def("save", py::overload_cast<const Cycle&>(&Store::save), py::arg("cycle"),
           py::call_guard<py::gil_scoped_release>())
      .def("save", py::overload_cast<const Cycle&, const Results&>(&Store::save), py::arg("cycle"),
           py::arg("results"), py::call_guard<py::gil_scoped_release>())
      .def("results",
           [](const Store& s) {
             using R = StoredResult;
             auto grade = [](const R& x) { return std::string(to_string(x.grade)); };
             return records(
                 s.results(), Field{"region", [](const R& x) { return x.region; }},
                 Field{"year", [](const R& x) { return x.year; }},
                 Field{"department_id", [](const R& x) { return x.department_id; }},
                 Field{"department_name", [](const R& x) { return x.department_name; }},
                 Field{"category", [](const R& x) { return x.category; }},
                 Field{"profile", [](const R& x) { return x.profile; }},
                 Field{"rule", [](const R& x) { return x.rule; }},
                 Field{"ballot_score", [](const R& x) { return number_or_none(x.ballot_score); }},
                 Field{"questionnaire_score",
                       [](const R& x) { return number_or_none(x.questionnaire_score); }},
                 Field{"daily_work_score", [](const R& x) { return number_or_none(x.daily_work_score); }},
                 Field{"commitment_score", [](const R& x) { return number_or_none(x.commitment_score); }},
                 Field{"deductions", [](const R& x) { return x.deductions; }},
                 Field{"composite", [](const R& x) { return number_or_none(x.composite); }},
                 Field{"rank_overall", [](const R& x) { return x.rank_overall; }},
                 Field{"rank_in_category", [](const R& x) { return x.rank_in_category; }},
                 Field{"grade", grade}, Field{"flags", [](const R& x) { return x.flags; }});
           })
      .def(
          "load",
          [](const Store& s, const std::string& region, int year) {
            return std::make_shared<Cycle>(s.load(region, year));
          },
          py::arg("region"), py::arg("year"), py::call_guard<py::gil_scoped_release>())
      .def(
          "history",
          [](const Store& s, const std::string& region, int year) {
            return std::make_shared<History>(history_of(s, region, year));
          },
          py::arg("region"), py::arg("year"), py::call_guard<py::gil_scoped_release>())
      .def("remove", &Store::remove, py::arg("region"), py::arg("year"))
      .def("cycles",
           [](const Store& s) {
             using C = StoredCycle;
             return records(s.cycles(), Field{"region", [](const C& c) { return c.region; }},
                            Field{"year", [](const C& c) { return c.year; }},
                            Field{"name", [](const C& c) { return c.name; }},
                            Field{"content_hash", [](const C& c) { return c.content_hash; }},
                            Field{"imported_at", [](const C& c) { return c.imported_at; }});
           })
      .def_property_readonly("schema_version", &Store::schema_version);
}

}  // namespace review::python
