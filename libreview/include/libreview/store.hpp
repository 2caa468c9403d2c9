#pragma once
/// @file store.hpp
/// The store (数据库): SQLite, one file, by default; or a PostgreSQL server that the
/// counties of a city or province share (`postgresql://…`). Same versioned schema on
/// both. Each import is one transaction; re-importing a cycle (same region and year)
/// replaces it atomically; earlier years stay and feed history (relapse).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/scoring.hpp"
#include "libreview/track.hpp"

namespace review {

/// A cycle held in the store, as listed.
struct StoredCycle {
  std::string region;
  int year = 0;
  std::string name;
  std::string content_hash;  ///< SHA-256 of the imported files
  std::string imported_at;   ///< UTC, ISO 8601
};

/// One department's stored result (历年结果), as `run` scored and saved it.
struct StoredResult {
  std::string region;
  int year = 0;
  std::string department_id;
  std::string department_name;
  std::string category;  ///< sector sequence (序列)
  std::string profile;   ///< region profile scored under
  std::string rule;      ///< scoring rule
  std::optional<double> ballot_score;
  std::optional<double> questionnaire_score;
  std::optional<double> daily_work_score;
  std::optional<double> commitment_score;
  double deductions = 0;
  std::optional<double> composite;
  int rank_overall = 0;      ///< 0 when not ranked
  int rank_in_category = 0;  ///< 0 when not ranked
  Grade grade = Grade::none;
  std::string flags;  ///< department flags, `;`-separated
};

/// A county package held by a city store (已导入的数据包), as `libreview import X.lrpkg` saved it.
struct StoredPackage {
  std::string county;
  int year = 0;
  std::string imported_at;                     ///< UTC, ISO 8601
  std::string manifest;                        ///< manifest.json
  std::map<std::string, std::string> members;  ///< member name → bytes
};

/// How to open the store (存储选项).
struct StoreOptions {
  /// Test hook (测试钩子): called by save() after each row it writes, with the number written so far.
  /// For tests: a hook that throws aborts the save (which then leaves the store
  /// as it was), one that ends the process simulates a crash mid-transaction.
  std::function<void(std::size_t rows)> row_hook;
};

/// The default store file name in the working directory, `review.db`.
REVIEW_API const char* default_store_name() noexcept;

/// True when `where` names a PostgreSQL server (共享数据库服务器): `postgresql://…` or
/// `postgres://…` (libpq's connection URI), rather than a store file.
REVIEW_API bool is_server_store(std::string_view where) noexcept;

/// True when there may be a store at `where` to read: the file exists, or `where` is a
/// server URI (whether it answers shows when the store is opened).
REVIEW_API bool store_exists(const std::filesystem::path& where);

/// `where` fit to print or log: a server URI's password replaced by `***`.
REVIEW_API std::string store_display_name(std::string_view where);

/// The store (评议数据库). Not thread-safe: use one Store per thread.
class REVIEW_API Store {
 public:
  /// Opens (creating and migrating as needed) the store at `file`: a SQLite file, or a
  /// `postgresql://` URI (see is_server_store()). Throws StoreError with the server's
  /// own message when it cannot be reached.
  explicit Store(const std::filesystem::path& file);
  /// Opens (creating and migrating as needed) the store (数据库) at `file` with `options`.
  Store(const std::filesystem::path& file, StoreOptions options);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  /// The newest schema version (数据库结构版本) this libreview writes; stores are migrated up to it on open.
  static int latest_schema_version() noexcept;
  /// Schema version of the open store.
  [[nodiscard]] int schema_version() const;

  /// Saves `cycle` in one transaction, replacing a stored cycle of the same
  /// region and year; a failure leaves the store as it was.
  void save(const Cycle& cycle);
  /// Saves `cycle` with its `results` (评议结果) in one transaction, as `run --store` does:
  /// a later cycle of the region compares with them (year over year, History::previous).
  void save(const Cycle& cycle, const Results& results);
  /// The cycle of `region` and `year`; throws StoreError when absent.
  [[nodiscard]] Cycle load(const std::string& region, int year) const;
  /// Every stored cycle, by region then year.
  [[nodiscard]] std::vector<StoredCycle> cycles() const;
  /// Saves a county package (上报数据包, verified by the caller: read_package()) in one
  /// transaction, replacing a package of the same county and year.
  void save_package(const std::string& county, int year, const std::string& manifest,
                    const std::map<std::string, std::string>& members);
  /// The packages held for `year`, by county.
  [[nodiscard]] std::vector<StoredPackage> packages(int year) const;
  /// Applies a progress file (整改进展) to the stored cycle of `region` and `year` in one
  /// transaction: each item's status and closing date, its status history, and the
  /// records. A line naming a complaint (投诉, 市转办 ones included) closes it on its date
  /// when it says 已整改 or 已销号. A line already recorded (same item, date, status, note and inspector) is
  /// skipped, so applying a file again changes nothing. Refuses with ValidationError
  /// (file:line:column, nothing changed) an item the cycle does not hold, a status going
  /// back without a note, or an item and date recorded before with another status or note.
  /// Returns the lines applied.
  std::size_t apply_progress(const std::string& region, int year, const ProgressFile& progress);
  /// The progress records kept for the cycle of `region` and `year`, in the order applied.
  [[nodiscard]] std::vector<ProgressRecord> progress(const std::string& region, int year) const;
  /// Every result stored with a cycle (历年结果), by region, year and department order.
  [[nodiscard]] std::vector<StoredResult> results() const;
  /// What earlier cycles (year < `year`) of `region` hold: verified items (relapse), and
  /// the latest earlier cycle's year and stored results (year over year; empty when that
  /// cycle was only imported: history_of() in session.hpp scores it then).
  [[nodiscard]] History history(const std::string& region, int year) const;
  /// Removes the cycle of `region` and `year`; false when there was none.
  bool remove(const std::string& region, int year);

 private:
  void save_cycle(const Cycle& cycle, const Results* results);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace review
