#pragma once
// The scoring kit's test hook: how many threads scoring a big cycle takes.

#include "libreview/export.hpp"

namespace review::kit {

/// Test hook: the threads kit's scoring of a big cycle may take from now on (0: two where
/// the machine has two cores or more, as by default; 1: one), so that tests compare both
/// ways. Returns the setting before.
REVIEW_API unsigned set_scoring_threads(unsigned threads) noexcept;

}  // namespace review::kit
