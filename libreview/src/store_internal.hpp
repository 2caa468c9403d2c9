#pragma once
// Internals of the store: the backend seam (Connection, Cursor) with its two backends,
// SQLite (store_sqlite.cpp, the embedded default) and PostgreSQL (store_postgres.cpp, a
// city's shared server), a RAII Statement over either, and the schema migrations.
// SQL is written once in SQLite's dialect with ?1, ?2 … parameters; the PostgreSQL
// backend translates placeholders and, in DDL, the column types.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "libreview/cycle.hpp"
#include "libreview/error.hpp"

namespace review::store {

/// One prepared statement of a backend.
class Cursor {
 public:
  virtual ~Cursor() = default;
  /// Clears the bindings and any result.
  virtual void clear() = 0;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_integer(int i, std::int64_t v) = 0;
  virtual void bind_real(int i, double v) = 0;
  virtual void bind_null(int i) = 0;
  /// Runs the statement on first call; true while there is a row.
  virtual bool step() = 0;
  virtual void reset() = 0;
  [[nodiscard]] virtual bool is_null(int col) const = 0;
  [[nodiscard]] virtual std::int64_t integer(int col) const = 0;
  [[nodiscard]] virtual double real(int col) const = 0;
  [[nodiscard]] virtual std::string text(int col) const = 0;
};

/// A connection to the store's database.
class Connection {
 public:
  virtual ~Connection() = default;
  /// Runs one or more statements without parameters or results (DDL in SQLite's dialect).
  virtual void exec(const std::string& sql) = 0;
  [[nodiscard]] virtual std::unique_ptr<Cursor> prepare(std::string_view sql) = 0;
  /// Begins a write transaction that no other writer of the same `scope` and `key`
  /// interleaves with (SQLite: BEGIN IMMEDIATE, one writer at a time; PostgreSQL: an
  /// advisory transaction lock on (scope, key)).
  virtual void begin(std::string_view scope, int key) = 0;
  /// Begins a read-only transaction: every read until rollback() sees one snapshot, so a
  /// cycle loaded while another process replaces it is the old one or the new one whole.
  virtual void begin_read() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  /// The schema version (0 for an empty store).
  [[nodiscard]] virtual int user_version() = 0;
  virtual void set_user_version(int version) = 0;
};

/// True for `postgresql://…` and `postgres://…`.
[[nodiscard]] bool is_server_uri(std::string_view where) noexcept;
/// `where` fit to show: a URI's password replaced by ***.
[[nodiscard]] std::string display_name(std::string_view where);
/// Opens (creating) the SQLite store file.
[[nodiscard]] std::unique_ptr<Connection> open_sqlite(const std::filesystem::path& file);
/// Connects to the PostgreSQL server at `uri`; throws StoreError with the server's message.
[[nodiscard]] std::unique_ptr<Connection> open_postgres(const std::string& uri);

/// A prepared statement. Bind with run()/query() in parameter order.
class Statement {
 public:
  Statement(Connection* db, std::string_view sql) : cursor_(db->prepare(sql)) {}

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
  bool step() { return cursor_->step(); }
  void reset() { cursor_->reset(); }

  [[nodiscard]] bool is_null(int col) const { return cursor_->is_null(col); }
  [[nodiscard]] std::int64_t integer(int col) const { return cursor_->integer(col); }
  [[nodiscard]] double real(int col) const { return cursor_->real(col); }
  [[nodiscard]] std::string text(int col) const { return cursor_->text(col); }
  [[nodiscard]] std::optional<Date> date(int col) const;
  [[nodiscard]] std::optional<double> optional_real(int col) const;

 private:
  template <class... Args>
  void bind_all(const Args&... args) {
    cursor_->clear();
    int i = 0;
    (bind(++i, args), ...);
  }
  void bind(int i, std::string_view v) { cursor_->bind_text(i, v); }
  void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
  void bind(int i, const char* v) { bind(i, std::string_view(v)); }
  void bind(int i, std::int64_t v) { cursor_->bind_integer(i, v); }
  void bind(int i, int v) { bind(i, static_cast<std::int64_t>(v)); }
  void bind(int i, std::uint32_t v) { bind(i, static_cast<std::int64_t>(v)); }
  void bind(int i, bool v) { bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  void bind(int i, double v) { cursor_->bind_real(i, v); }
  void bind(int i, const std::optional<double>& v);
  void bind(int i, const std::optional<Date>& v);
  void bind(int i, std::nullopt_t) { cursor_->bind_null(i); }

  std::unique_ptr<Cursor> cursor_;
};

/// A read-only snapshot (Connection::begin_read) for as long as it lives.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection* db) : db_(db) { db_->begin_read(); }
  ~ReadTransaction() { db_->rollback(); }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Connection* db_;
};

/// A write transaction (Connection::begin); rolls back unless committed.
class Transaction {
 public:
  Transaction(Connection* db, std::string_view scope, int key) : db_(db) { db_->begin(scope, key); }
  ~Transaction() {
    if (open_) db_->rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    db_->commit();
    open_ = false;
  }

 private:
  Connection* db_;
  bool open_ = true;
};

/// The newest schema version.
int latest_version() noexcept;

/// The tables that hold a cycle's rows (each with `cycle_id`), children first of none:
/// a cycle is removed by deleting its rows from each, then its row of `cycles`.
/// (SQLite's schema also cascades; PostgreSQL's has no per-row foreign-key checks,
/// which made COPY three times slower.)
[[nodiscard]] std::span<const char* const> cycle_tables() noexcept;

/// Brings the schema of `db` up to latest_version(), one transaction per step.
/// Throws StoreError when the store is newer than this libreview.
void migrate(Connection* db);

}  // namespace review::store
