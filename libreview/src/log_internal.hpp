#pragma once
// spdlog loggers of libreview, one per area. Only for the library's own sources.

#include <spdlog/spdlog.h>

#include <memory>
#include <string_view>

namespace review::log {

/// The logger `review.<area>` (created on first use, sharing the library's sinks and level).
std::shared_ptr<spdlog::logger> get(std::string_view area);

}  // namespace review::log
