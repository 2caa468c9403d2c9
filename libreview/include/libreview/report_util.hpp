#pragma once
/// @file report_util.hpp
/// What every report writer shares (报表工具): files that appear whole or not at
/// all, text that never becomes a formula, widths of Chinese text, printed figures.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"

namespace review {

class AtomicFile;
REVIEW_API void commit_all(const std::vector<AtomicFile*>& files);

/// A file written under a temporary name in the same folder and renamed over
/// its final name by commit() (原子写入). Destroyed uncommitted, it removes the
/// temporary file, so a failed run leaves no half-written file and earlier
/// outputs stay whole.
class REVIEW_API AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path final_path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Where to write (`.<name>.tmp-<pid>-<n>` beside the final file).
  [[nodiscard]] const std::filesystem::path& temp_path() const noexcept { return temp_; }
  /// The name the file gets on commit().
  [[nodiscard]] const std::filesystem::path& final_path() const noexcept { return final_; }
  /// Flushes the temporary file to disk and renames it over the final name.
  void commit();
  /// True once commit() (or commit_all()) has renamed it.
  [[nodiscard]] bool committed() const noexcept { return committed_; }

 private:
  friend void commit_all(const std::vector<AtomicFile*>& files);
  std::filesystem::path final_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

/// Commits many files at once (a writer's whole set, e.g. thousands of feedback
/// letters): flushes every temporary file to disk, renames each over its final
/// name, then flushes each folder once. The same guarantee as commit() on each,
/// without a folder flush per file (on Linux one `syncfs` per file system
/// instead of an `fsync` per file). Throws ReportError when a file cannot be
/// flushed or renamed; files not renamed by then stay uncommitted.
REVIEW_API void commit_all(const std::vector<AtomicFile*>& files);

/// Removes the temporary files AtomicFile leaves behind when its process is
/// killed before commit (`.<name>.tmp-<pid>-<n>` in `dir` or below, whose process <pid>
/// is no longer running; those of running processes are kept). Returns how many
/// were removed. `libreview run` calls it on its output folder before writing.
REVIEW_API std::size_t remove_stale_temp_files(const std::filesystem::path& dir);

/// The same for one file written beside others it does not own (a package exported into
/// any folder): only `.<file name>.tmp-<pid>-<n>` next to `file`, not the folder below.
REVIEW_API std::size_t remove_stale_temp_files_of(const std::filesystem::path& file);

/// Writes `content` to `path` atomically (see AtomicFile).
REVIEW_API void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// True when a spreadsheet would read `text` as a formula or command: it starts
/// with = + - @, a tab or a carriage return (OWASP CSV injection), `{=` (an array
/// formula) or a full-width ＝ ＋ － ＠.
REVIEW_API bool looks_like_formula(std::string_view text) noexcept;

/// A CSV cell for `text`: quoted per RFC 4180 when needed, and prefixed with a
/// single quote when it looks like a formula, as OWASP advises.
REVIEW_API std::string csv_cell(std::string_view text);

/// Appends one CSV row of `cells` (already made cells, see csv_cell()) to `out`, with
/// the CRLF line end of RFC 4180 (results.csv, flags.csv, the county package, rollup.csv).
REVIEW_API void append_csv_row(std::string& out, std::initializer_list<std::string> cells);

/// Display width of UTF-8 text in a spreadsheet column: a CJK or full-width
/// character counts 2, others 1.
REVIEW_API int display_width(std::string_view utf8) noexcept;

/// A printed figure: rounded half away from zero to `digits` decimals and
/// written with exactly that many; empty for no value.
REVIEW_API std::string format_figure(std::optional<double> value, int digits = 2);

/// What a Chinese reader calls scoring rule `rule` (计分规则名称): 默认计分规则, 多数票计分规则,
/// 分界别加权计分规则 for the built-in rules; another rule's id in Chinese quotes (计分规则“id”).
REVIEW_API std::string scoring_rule_label(std::string_view rule);

/// A date as an office writes it (中文日期): `2018年1月15日`.
REVIEW_API std::string date_zh(const Date& d);

/// Today in the machine's local time (今天): the default date of documents and ledgers.
REVIEW_API Date today();

/// Calls `work(i)` for every i in [0, count) on up to `threads` threads (并行处理;
/// 0: one per core, never more than `count`), each i exactly once, in no set order:
/// for independent documents (one letter per department) that are then written in
/// order. `work` must only read what it shares. The first exception a call throws is
/// rethrown here once every thread has stopped; calls not yet started are skipped.
REVIEW_API void parallel_for(std::size_t count, const std::function<void(std::size_t)>& work,
                             unsigned threads = 0);

}  // namespace review
