// The SQLite store.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "libreview/store.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

void init_store(py::module_& m) {
  py::class_<Store>(m, "Store")
      .def(py::init<const std::filesystem::path&>(), py::arg("file"), py::call_guard<py::gil_scoped_release>())
      .def("save", &Store::save, py::arg("cycle"), py::call_guard<py::gil_scoped_release>())
      .def("load", [](const Store& s, const std::string& region, int year) {
        return std::make_shared<Cycle>(s.load(region, year));
      }, py::arg("region"), py::arg("year"), py::call_guard<py::gil_scoped_release>())
      .def("history", [](const Store& s, const std::string& region, int year) {
        return std::make_shared<History>(s.history(region, year));
      }, py::arg("region"), py::arg("year"), py::call_guard<py::gil_scoped_release>())
      .def("remove", &Store::remove, py::arg("region"), py::arg("year"))
      .def("cycles", [](const Store& s) {
        py::list out;
        for (const auto& c : s.cycles()) {
          py::dict d;
          d["region"] = c.region;
          d["year"] = c.year;
          d["name"] = c.name;
          d["content_hash"] = c.content_hash;
          d["imported_at"] = c.imported_at;
          out.append(d);
        }
        return out;
      })
      .def_property_readonly("schema_version", &Store::schema_version);
}

}  // namespace review::python
