#pragma once
/// @file error.hpp
/// The one error hierarchy of libreview. Every failure raises one of these;
/// nothing returns an empty value on failure.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "libreview/export.hpp"

namespace review {

/// One problem found in input data, located as `file:line:column`.
/// Lines and columns count from 1; 0 means "not applicable" (a whole file).
struct REVIEW_API Diagnostic {
  std::string file;        ///< file name as the user gave it (relative to the cycle folder)
  std::size_t line = 0;    ///< 1-based line (for a workbook: the sheet row)
  std::size_t column = 0;  ///< 1-based column
  std::string field;       ///< canonical column or key name, e.g. `rating`
  std::string value;       ///< the offending value as read
  std::string message;     ///< what is wrong, in the message language, e.g. `rating not in the list` /
                           ///< `评价不在可选值之内`
  std::string code;        ///< the message's stable code in the catalogue (messages.hpp), e.g. `LR-D137`

  /// `file:line:column: message (value)`, the one format used everywhere.
  [[nodiscard]] std::string to_string() const;
  bool operator==(const Diagnostic&) const = default;
};

/// What kind of failure an error is (错误类别), as Arrow's StatusCode: each class
/// below has one, and every front-end maps it in one place: the command's exit
/// code (exit_code()), the C API's review_status and the Python exception class.
enum class ErrorCode : int {
  invalid_data = 1,  ///< input data refused (ValidationError)
  not_found = 2,     ///< a named thing does not exist: a profile, folder, file, the sample (NotFoundError)
  io = 3,            ///< a file or system call failed (IoError)
  plugin =
      4,      ///< a plugin (rule, report format, region rule) could not be found, loaded or run (PluginError)
  store = 5,  ///< the store failed or holds something unexpected (StoreError)
  report = 6,    ///< a report could not be written (ReportError)
  usage = 7,     ///< the caller asked for something malformed: an option, a parameter (UsageError)
  internal = 8,  ///< a broken invariant inside libreview (InternalError)
};

/// The stable English name of a code (`invalid_data`, `not_found`, ...).
[[nodiscard]] REVIEW_API const char* error_code_name(ErrorCode code) noexcept;

/// Exit codes of the `libreview` command (退出码), one table for every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalidData = 1;  ///< the data was refused
inline constexpr int kExitUsage = 2;        ///< the command line or an option was malformed
inline constexpr int kExitEnvironment = 3;  ///< a plugin, profile, store, file or report failed

/// The catalogue code of a class of failure: `LR-E001` (invalid_data) ... `LR-E008` (internal).
[[nodiscard]] REVIEW_API std::string error_message_code(ErrorCode code);

/// The command's exit code for an error of `code`.
[[nodiscard]] REVIEW_API int exit_code(ErrorCode code) noexcept;

/// Base of every libreview error (错误). Abstract in practice: every throw
/// names one of the classes below, so each failure carries its ErrorCode.
class REVIEW_API Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message);
  /// An error whose message is catalogue entry `message_code` (messages.hpp).
  Error(ErrorCode code, const std::string& message, std::string message_code);
  ~Error() override;
  /// The kind of failure, mapped once to exit codes, C statuses and Python classes.
  [[nodiscard]] ErrorCode code() const noexcept { return code_; }
  /// The stable message code (提示代码) of messages.hpp: the first diagnostic's for
  /// invalid data, else that of the class of failure (`LR-E001` ... `LR-E008`).
  [[nodiscard]] std::string message_code() const;

 private:
  ErrorCode code_;
  std::string message_code_;
};

/// Input data was refused; carries every diagnostic found (校验错误).
class REVIEW_API ValidationError : public Error {
 public:
  /// `total` counts every problem, also those beyond the kept diagnostics.
  ValidationError(std::vector<Diagnostic> diagnostics, std::size_t total = 0);
  explicit ValidationError(const std::string& message);
  /// A refusal of a whole file under catalogue entry `message_code` (messages.hpp).
  ValidationError(const std::string& message, std::string message_code);
  ~ValidationError() override;
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }
  /// Number of problems found, possibly more than diagnostics().size() when capped.
  [[nodiscard]] std::size_t total() const noexcept { return total_; }

 private:
  std::vector<Diagnostic> diagnostics_;
  std::size_t total_ = 0;
};

/// Declares an error class of one code: `explicit Name(const std::string& message)`, and
/// `Name(message, message_code)` for a message of the catalogue (messages.hpp).
#define REVIEW_ERROR_CLASS(Name, Code)                                             \
  class REVIEW_API Name : public Error {                                           \
   public:                                                                         \
    explicit Name(const std::string& message) : Error(ErrorCode::Code, message) {} \
    Name(const std::string& message, std::string message_code)                     \
        : Error(ErrorCode::Code, message, std::move(message_code)) {}              \
    ~Name() override;                                                              \
  }

/// A plugin (a scoring rule, report format or region rule) could not be found, loaded or run
/// (插件错误). The message names the file, or the folders searched.
REVIEW_ERROR_CLASS(PluginError, plugin);
/// The store failed or holds something unexpected (存储错误).
REVIEW_ERROR_CLASS(StoreError, store);
/// A report could not be written (报表错误).
REVIEW_ERROR_CLASS(ReportError, report);
/// A named thing does not exist: a region profile, a folder or file, the sample county (未找到).
REVIEW_ERROR_CLASS(NotFoundError, not_found);
/// A file could not be opened, read or written, or a system facility failed (读写错误).
REVIEW_ERROR_CLASS(IoError, io);
/// The caller asked for something malformed: an unknown or bad option, parameter or level (用法错误).
REVIEW_ERROR_CLASS(UsageError, usage);
/// A broken invariant inside libreview or a plugin (内部错误): a bug to report.
REVIEW_ERROR_CLASS(InternalError, internal);

#undef REVIEW_ERROR_CLASS

/// Throws the error class of `code` with `message` (ValidationError without diagnostics for
/// invalid_data): for code that passes an error on under a new message, keeping its class.
[[noreturn]] REVIEW_API void throw_error(ErrorCode code, const std::string& message);
/// The same, the error carrying catalogue code `message_code` (Error::message_code()).
[[noreturn]] REVIEW_API void throw_error(ErrorCode code, const std::string& message,
                                         std::string message_code);

}  // namespace review
