#pragma once
/// @file log.hpp
/// Logging (日志). libreview logs through spdlog, one logger per area
/// (`review.ingest`, `review.plugin`, `review.store`, `review.scoring`,
/// `review.report`, `review.cli`). The level comes from `LIBREVIEW_LOG`
/// (trace, debug, info, warn, error, critical, off) unless set here.

#include <functional>
#include <string>
#include <string_view>

#include "libreview/export.hpp"

namespace review::log {

/// Severity, in spdlog's order.
enum class Level { trace = 0, debug, info, warn, error, critical, off };

/// Sets the level of every libreview logger.
REVIEW_API void set_level(Level level);
/// The current level.
REVIEW_API Level level();
/// Parses `trace` ... `off` (also `warning`); throws review::Error on anything else.
REVIEW_API Level parse_level(std::string_view text);

/// Receives every message: logger name (e.g. `review.ingest`), level, text.
using Callback = std::function<void(std::string_view logger, Level level, std::string_view message)>;

/// Sends messages to `callback` instead of standard error (pass an empty
/// function to go back to standard error). Used by the Python bridge.
REVIEW_API void set_callback(Callback callback);

/// Writes one message to the logger of `area` (e.g. "cli").
REVIEW_API void write(std::string_view area, Level level, std::string_view message);

}  // namespace review::log
