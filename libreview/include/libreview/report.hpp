#pragma once
/// @file report.hpp
/// Reports (报表): the writers made by `report` plugins, and what they are given.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/scoring.hpp"

namespace review {

/// Options for a report (报表选项), from the command line, Python or the C API
/// (`key=value`). Every key is declared by a writer (ReportWriter::options())
/// and checked by check_report_options() before anything is written; the two
/// shared ones also have a field: `integrity` and `template`.
struct ReportOptions {
  bool include_integrity = false;  ///< `integrity`: add the office's integrity sheet (representative flags)
  std::filesystem::path template_path;        ///< `template`: an office's own .docx template, if any
  std::map<std::string, std::string> values;  ///< every option given as text, `key` → `value`
};

/// The kind of value a report option takes (选项类型).
enum class OptionType {
  boolean,  ///< true/false (also yes/no, 1/0, 是/否)
  string,   ///< any text
  date,     ///< YYYY-MM-DD
  path,     ///< an existing file
  choice,   ///< one of `choices`, or several comma-separated when `list` is set
};
/// `bool`, `string`, `date`, `path` or `choice`.
REVIEW_API std::string_view to_string(OptionType type);

/// One option a report writer reads (报表选项声明), declared as GDAL's drivers
/// declare their creation options: `libreview plugins --options` lists them and
/// the core refuses any other key, or a malformed value, before writing.
struct ReportOption {
  std::string name;  ///< the key of `--set KEY=VALUE`, e.g. `documents`
  OptionType type = OptionType::string;
  std::string meaning_zh;     ///< what it does (含义), in Chinese
  std::string meaning_en;     ///< what it does, in English
  std::string default_value;  ///< the value when not given; empty when there is none or the writer works it
                              ///< out (the meaning then says how, e.g. today's date)
  std::vector<std::string> choices;  ///< the allowed values of a `choice`
  bool list = false;                 ///< a `choice` that takes several values, comma-separated
};

/// The options one report format declares.
struct FormatOptions {
  std::string format;  ///< the report plugin id, e.g. `docx`
  std::vector<ReportOption> options;
};

/// Sets the option `KEY=VALUE` (one `--set`, one C API string) in `options.values`
/// (a key given again: the last value wins); throws UsageError naming the text
/// when there is no `=` or no key. Values are checked by check_report_options().
REVIEW_API void set_report_option(ReportOptions& options, std::string_view key_value);

/// Checks `options` against what `declared` formats read (报表选项校验) and
/// returns them normalised: `include_integrity` and `template_path` appear in
/// `values` as `integrity`/`template` (a value given in `values` wins), each
/// boolean reads `true` or `false`, and the two fields are set from `values`.
/// Throws UsageError naming the key, the value and what is allowed when a key
/// is declared by none of the formats, or its value is malformed for its type
/// (not a date, not a choice, no such file...).
REVIEW_API ReportOptions check_report_options(const ReportOptions& options,
                                              const std::vector<FormatOptions>& declared);

/// Everything a report writer sees.
struct ReportInput {
  const Cycle& cycle;
  const Results& results;
  const RegionProfile& profile;
};

/// A report writer (报表生成器), made by a `report` plugin.
class REVIEW_API ReportWriter : public Plugin {
 public:
  ~ReportWriter() override;
  [[nodiscard]] PluginKind kind() const final { return PluginKind::report; }
  /// The options this writer reads (its keys of ReportOptions::values, and
  /// `integrity`/`template` when it reads those fields), in the order to list them.
  [[nodiscard]] virtual std::vector<ReportOption> options() const = 0;
  /// Writes into `out_dir` and returns the files written. Every file is written
  /// under a temporary name and renamed when complete.
  virtual std::vector<std::filesystem::path> write(const ReportInput& input,
                                                   const std::filesystem::path& out_dir,
                                                   const ReportOptions& options) const = 0;
};

}  // namespace review
