#pragma once
/// @file version.hpp
/// The library's version and plugin ABI.

#include "libreview/export.hpp"

namespace review {
/// The version of libreview, e.g. "0.1.0".
REVIEW_API const char* version() noexcept;
/// The plugin ABI this library was built with (LIBREVIEW_PLUGIN_ABI).
REVIEW_API int plugin_abi() noexcept;
}  // namespace review
