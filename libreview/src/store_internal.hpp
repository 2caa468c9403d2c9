#pragma once
// Internals of the store: a thin RAII layer over SQLite's C API and the schema migrations.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "libreview/cycle.hpp"
#include "libreview/error.hpp"

namespace review::store {

/// Throws StoreError with SQLite's message for `db`.
[[noreturn]] void fail(sqlite3* db, std::string_view what);

/// Runs one or more statements without results.
void exec(sqlite3* db, const char* sql);

/// A prepared statement. Bind with run()/query() in parameter order.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Binds `args` to ?1, ?2, ... and runs the statement to completion.
  template <class... Args>
  void run(const Args&... args) {
    bind_all(args...);
    while (step()) {
    }
    reset();
  }
  /// Binds `args` for a query; then call step() for each row and reset() at the end.
  template <class... Args>
  Statement& query(const Args&... args) {
    bind_all(args...);
    return *this;
  }
  /// Next row: true while there is one.
  bool step();
  void reset();

  [[nodiscard]] bool is_null(int col) const;
  [[nodiscard]] std::int64_t integer(int col) const;
  [[nodiscard]] double real(int col) const;
  [[nodiscard]] std::string text(int col) const;
  [[nodiscard]] std::optional<Date> date(int col) const;
  [[nodiscard]] std::optional<double> optional_real(int col) const;

 private:
  template <class... Args>
  void bind_all(const Args&... args) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    int i = 0;
    (bind(++i, args), ...);
  }
  void bind(int i, std::string_view v);
  void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
  void bind(int i, const char* v) { bind(i, std::string_view(v)); }
  void bind(int i, std::int64_t v);
  void bind(int i, int v) { bind(i, static_cast<std::int64_t>(v)); }
  void bind(int i, std::uint32_t v) { bind(i, static_cast<std::int64_t>(v)); }
  void bind(int i, bool v) { bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  void bind(int i, double v);
  void bind(int i, const std::optional<double>& v);
  void bind(int i, const std::optional<Date>& v);
  void bind(int i, std::nullopt_t);

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE … COMMIT; rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  sqlite3* db_;
  bool open_ = true;
};

/// The newest schema version.
int latest_version() noexcept;

/// Brings the schema of `db` up to latest_version(), one transaction per step.
/// Throws StoreError when the store is newer than this libreview.
void migrate(sqlite3* db);

}  // namespace review::store
