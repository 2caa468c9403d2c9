#include "libreview/error.hpp"

#include <fmt/format.h>

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
  if (diagnostics.empty()) return "invalid data";
  std::string out = diagnostics.front().to_string();
  if (total > 1) out += fmt::format(" (and {} more problem{})", total - 1, total == 2 ? "" : "s");
  return out;
}
}  // namespace

Error::Error(const std::string& message) : std::runtime_error(message) {}
Error::~Error() = default;

ValidationError::ValidationError(std::vector<Diagnostic> diagnostics, std::size_t total)
    : Error(summarise(diagnostics, total == 0 ? diagnostics.size() : total)),
      diagnostics_(std::move(diagnostics)),
      total_(total == 0 ? diagnostics_.size() : total) {}
ValidationError::ValidationError(const std::string& message) : Error(message) {}
ValidationError::~ValidationError() = default;
PluginError::~PluginError() = default;
StoreError::~StoreError() = default;
ReportError::~ReportError() = default;

}  // namespace review
