#pragma once
/// @file track.hpp
/// Following rectification through the year (整改督办, office-year.md section 3): a
/// progress file applied to the items a store holds, with their history kept, and the
/// office's ledger (整改督办台账.xlsx) and one notice (督办通知书) per department with
/// overdue items.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"

namespace review {

/// One line of a progress file (整改进展): a rectification item's new status on a date.
struct ProgressUpdate {
  std::string item_id;                                     ///< 整改编号
  Date date;                                               ///< 日期
  RectificationStatus status = RectificationStatus::open;  ///< 状态
  std::string note;                                        ///< 情况: what the inspector found
  std::string inspector;                                   ///< 督查人
  std::size_t line = 0;                                    ///< its line in the file, for messages
};

/// A progress file read (整改进展表): its updates, and where its item and status columns are,
/// for messages about a line that the store refuses.
struct ProgressFile {
  std::string file;                     ///< as given
  std::vector<ProgressUpdate> updates;  ///< in file order
  std::string item_header = "item_id";  ///< the item column as the header wrote it
  std::size_t item_column = 1;
  std::string status_header = "status";
  std::size_t status_column = 3;
};

/// Reads `progress.csv` / `整改进展.csv` (UTF-8 or GB18030; columns item_id 整改编号,
/// date 日期, status 状态, note 情况, inspector 督查人; the dates clerks write). Throws
/// ValidationError listing every bad cell as file:line:column with the header's wording.
REVIEW_API ProgressFile read_progress(const std::filesystem::path& file);

/// A progress update as the store keeps it (整改进展记录).
struct ProgressRecord {
  std::string item_id;
  Date date;
  RectificationStatus status = RectificationStatus::open;
  std::string note;
  std::string inspector;
};

/// What `libreview track` writes from.
struct TrackOptions {
  std::filesystem::path store;     ///< the store holding the cycle
  std::string region;              ///< empty: the store's only region of `year`
  int year = 0;                    ///< the cycle's year
  std::filesystem::path progress;  ///< the progress file; empty: none, only the ledger
  std::optional<Date> as_of;       ///< the day the ledger is drawn up; empty: today
  std::filesystem::path out_dir;   ///< where the ledger and notices go
  std::string office = "县民主评议行风工作领导小组办公室";  ///< who signs the notices
  int reply_days = 10;                                      ///< days a department has to report back
};

/// What `libreview track` did.
struct TrackResult {
  std::size_t applied = 0;                     ///< progress lines applied
  std::size_t overdue = 0;                     ///< items overdue on as_of
  std::size_t due_soon = 0;                    ///< items due within 30 days
  std::size_t closed_this_period = 0;          ///< items the progress file closed
  std::size_t carried_over = 0;                ///< last cycle's items never verified (上年结转)
  std::vector<std::filesystem::path> written;  ///< the ledger, then the notices
};

/// Applies the progress file to the stored items of the cycle (one transaction: an
/// unknown item, or a status going backwards without a note, refuses the whole file
/// naming file:line:column, and nothing changes), then writes 整改督办台账.xlsx and
/// 督办通知书/<id>-<name>.docx for each department with overdue items into
/// `out_dir`, all or none; then removes the notices an earlier ledger left there for
/// departments with nothing overdue now.
REVIEW_API TrackResult track(const TrackOptions& options);

}  // namespace review
