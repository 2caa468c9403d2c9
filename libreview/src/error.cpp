#include "libreview/error.hpp"

#include <fmt/format.h>

#include "libreview/messages.hpp"

namespace review {

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  out += ": ";
  out += message;
  if (!value.empty() || !field.empty()) out += fmt::format(" ({})", value);
  return out;
}

namespace {
std::string summarise(const std::vector<Diagnostic>& diagnostics, std::size_t total) {
  const bool zh = language() == Language::zh;
  if (diagnostics.empty()) return zh ? "数据有误" : "invalid data";
  std::string out = diagnostics.front().to_string();
  if (total > 1)
    out += zh ? fmt::format("（另有 {} 处问题）", total - 1)
              : fmt::format(" (and {} more problem{})", total - 1, total == 2 ? "" : "s");
  return out;
}
}  // namespace

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_data:
      return "invalid_data";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::io:
      return "io";
    case ErrorCode::plugin:
      return "plugin";
    case ErrorCode::store:
      return "store";
    case ErrorCode::report:
      return "report";
    case ErrorCode::usage:
      return "usage";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

std::string error_message_code(ErrorCode code) { return fmt::format("LR-E{:03}", static_cast<int>(code)); }

std::string Error::message_code() const {
  if (!message_code_.empty()) return message_code_;
  if (const auto* v = dynamic_cast<const ValidationError*>(this);
      v != nullptr && !v->diagnostics().empty() && !v->diagnostics().front().code.empty())
    return v->diagnostics().front().code;
  return error_message_code(code_);
}

int exit_code(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_data:
      return kExitInvalidData;
    case ErrorCode::usage:
      return kExitUsage;
    case ErrorCode::not_found:
    case ErrorCode::io:
    case ErrorCode::plugin:
    case ErrorCode::store:
    case ErrorCode::report:
    case ErrorCode::internal:
      return kExitEnvironment;
  }
  return kExitEnvironment;
}

void throw_error(ErrorCode code, const std::string& message) {
  switch (code) {
    case ErrorCode::invalid_data:
      throw ValidationError(message);
    case ErrorCode::not_found:
      throw NotFoundError(message);
    case ErrorCode::io:
      throw IoError(message);
    case ErrorCode::plugin:
      throw PluginError(message);
    case ErrorCode::store:
      throw StoreError(message);
    case ErrorCode::report:
      throw ReportError(message);
    case ErrorCode::usage:
      throw UsageError(message);
    case ErrorCode::internal:
      break;
  }
  throw InternalError(message);
}

void throw_error(ErrorCode code, const std::string& message, std::string message_code) {
  switch (code) {
    case ErrorCode::invalid_data:
      throw ValidationError(message, std::move(message_code));
    case ErrorCode::not_found:
      throw NotFoundError(message, std::move(message_code));
    case ErrorCode::io:
      throw IoError(message, std::move(message_code));
    case ErrorCode::plugin:
      throw PluginError(message, std::move(message_code));
    case ErrorCode::store:
      throw StoreError(message, std::move(message_code));
    case ErrorCode::report:
      throw ReportError(message, std::move(message_code));
    case ErrorCode::usage:
      throw UsageError(message, std::move(message_code));
    case ErrorCode::internal:
      break;
  }
  throw InternalError(message, std::move(message_code));
}

Error::Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
Error::Error(ErrorCode code, const std::string& message, std::string message_code)
    : std::runtime_error(message), code_(code), message_code_(std::move(message_code)) {}
Error::~Error() = default;

ValidationError::ValidationError(std::vector<Diagnostic> diagnostics, std::size_t total)
    : Error(ErrorCode::invalid_data, summarise(diagnostics, total == 0 ? diagnostics.size() : total)),
      diagnostics_(std::move(diagnostics)),
      total_(total == 0 ? diagnostics_.size() : total) {}
ValidationError::ValidationError(const std::string& message)
    : Error(ErrorCode::invalid_data, message), total_(1) {}
ValidationError::ValidationError(const std::string& message, std::string message_code)
    : Error(ErrorCode::invalid_data, message, std::move(message_code)), total_(1) {}
ValidationError::~ValidationError() = default;
PluginError::~PluginError() = default;
StoreError::~StoreError() = default;
ReportError::~ReportError() = default;
NotFoundError::~NotFoundError() = default;
IoError::~IoError() = default;
UsageError::~UsageError() = default;
InternalError::~InternalError() = default;

}  // namespace review
