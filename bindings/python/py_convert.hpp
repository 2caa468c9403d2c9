#pragma once
// Conversions shared by the binding files: dates, optionals, tables and records
// as dicts, borrowed numpy columns.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "libreview/column.hpp"
#include "libreview/cycle.hpp"

namespace review::python {

namespace py = pybind11;

/// `YYYY-MM-DD`, or None.
inline py::object date_or_none(const std::optional<Date>& d) {
  return d ? py::object(py::str(d->to_string())) : py::object(py::none());
}

/// A float, or None.
inline py::object number_or_none(const std::optional<double>& v) {
  return v ? py::object(py::float_(*v)) : py::object(py::none());
}

/// One field of a table or record: its key and what it holds for a row (`get(row)`).
template <class Get>
struct Field {
  const char* key;
  Get get;
};
template <class Get>
Field(const char*, Get) -> Field<Get>;

/// A table as a dict of columns, one list a field (in the order given), one item a row.
template <class Rows, class... Get>
py::dict columns(const Rows& rows, const Field<Get>&... fields) {
  py::dict out;
  auto column = [&](const auto& field) {
    py::list values;
    for (const auto& row : rows) values.append(field.get(row));
    out[field.key] = values;
  };
  (column(fields), ...);
  return out;
}

/// A table as a list of records, one dict a row with the fields in the order given.
template <class Rows, class... Get>
py::list records(const Rows& rows, const Field<Get>&... fields) {
  py::list out;
  for (const auto& row : rows) {
    py::dict record;
    ((record[fields.key] = fields.get(row)), ...);
    out.append(record);
  }
  return out;
}

/// A shared owner that keeps a Python object alive; released under the GIL
/// (and leaked, harmlessly, when the interpreter is already gone).
inline std::shared_ptr<const void> keep_alive(py::object o) {
  auto* held = new py::object(std::move(o));
  return std::shared_ptr<const void>(held, [](const void* p) {
    auto* obj = static_cast<py::object*>(const_cast<void*>(p));
    if (Py_IsInitialized() == 0) {
      obj->release();
      delete obj;
      return;
    }
    py::gil_scoped_acquire gil;
    delete obj;
  });
}

/// Borrows a one-dimensional, C-contiguous integer array of sizeof(T)-byte items (no copy).
template <class T>
Column<T> borrow(const py::array& a, const char* what) {
  const char kind = a.dtype().kind();
  if (a.ndim() != 1 || (kind != 'i' && kind != 'u') || a.itemsize() != static_cast<py::ssize_t>(sizeof(T)) ||
      (a.flags() & py::array::c_style) == 0)
    throw py::type_error(std::string(what) + ": expected a contiguous 1-d integer array of " +
                         std::to_string(sizeof(T)) + "-byte items");
  return Column<T>(static_cast<const T*>(a.data()), static_cast<std::size_t>(a.size()), keep_alive(a));
}

/// A numpy view of a column (no copy); the view keeps the column's storage alive.
template <class T, class U = T>
py::array view(const Column<T>& c) {
  auto* keep = new Column<T>(c);
  py::capsule base(keep, [](void* p) { delete static_cast<Column<T>*>(p); });
  auto a = py::array_t<U>({static_cast<py::ssize_t>(c.size())}, {static_cast<py::ssize_t>(sizeof(T))},
                          reinterpret_cast<const U*>(c.data()), base);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

}  // namespace review::python
