// The SQLite store.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "libreview/store.hpp"
#include "py_convert.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

void init_store(py::module_& m) {
  py::class_<Store>(m, "Store")
      .def(py::init<const std::filesystem::path&>(), py::arg("file"),
           py::call_guard<py::gil_scoped_release>())
      .def("save", &Store::save, py::arg("cycle"), py::call_guard<py::gil_scoped_release>())
      .def(
          "load",
          [](const Store& s, const std::string& region, int year) {
            return std::make_shared<Cycle>(s.load(region, year));
          },
          py::arg("region"), py::arg("year"), py::call_guard<py::gil_scoped_release>())
      .def(
          "history",
          [](const Store& s, const std::string& region, int year) {
            return std::make_shared<History>(s.history(region, year));
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
