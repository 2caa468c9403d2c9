#pragma once
/// @file error.hpp
/// The one error hierarchy of libreview. Every failure raises one of these;
/// nothing returns an empty value on failure.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "libreview/export.hpp"

namespace review {

/// One problem found in input data, located as `file:line:column`.
/// Lines and columns count from 1; 0 means "not applicable" (a whole file).
struct REVIEW_API Diagnostic {
  std::string file;     ///< file name as the user gave it (relative to the cycle folder)
  std::size_t line = 0;    ///< 1-based line (for a workbook: the sheet row)
  std::size_t column = 0;  ///< 1-based column
  std::string field;    ///< canonical column or key name, e.g. `rating`
  std::string value;    ///< the offending value as read
  std::string message;  ///< what is wrong, e.g. `rating not in the list`

  /// `file:line:column: message (value)`, the one format used everywhere.
  [[nodiscard]] std::string to_string() const;
  bool operator==(const Diagnostic&) const = default;
};

/// Base of every libreview error (错误).
class REVIEW_API Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message);
  ~Error() override;
};

/// Input data was refused; carries every diagnostic found (校验错误).
class REVIEW_API ValidationError : public Error {
 public:
  /// `total` counts every problem, also those beyond the kept diagnostics.
  ValidationError(std::vector<Diagnostic> diagnostics, std::size_t total = 0);
  explicit ValidationError(const std::string& message);
  ~ValidationError() override;
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }
  /// Number of problems found, possibly more than diagnostics().size() when capped.
  [[nodiscard]] std::size_t total() const noexcept { return total_; }

 private:
  std::vector<Diagnostic> diagnostics_;
  std::size_t total_ = 0;
};

/// A plugin could not be found, loaded or run (插件错误). The message names the file.
class REVIEW_API PluginError : public Error {
 public:
  using Error::Error;
  ~PluginError() override;
};

/// The SQLite store failed or holds something unexpected (存储错误).
class REVIEW_API StoreError : public Error {
 public:
  using Error::Error;
  ~StoreError() override;
};

/// A report could not be written (报表错误).
class REVIEW_API ReportError : public Error {
 public:
  using Error::Error;
  ~ReportError() override;
};

}  // namespace review
