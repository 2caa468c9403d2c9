#pragma once
// What `run` and `compare` share; the glue itself lives in the core
// (libreview/session.hpp) so that the Python package uses the same.

#include <string>

#include "libreview/session.hpp"

namespace review::cli {

using review::LoadedCycle;
using review::Scored;

/// Imports `source` with the history of its region from `store_file` (when given).
inline LoadedCycle load_cycle(const std::string& source, const std::string& store_file) {
  return review::load_cycle(source, store_file);
}

/// Scores `loaded` under `profile_id` (the cycle's region when empty) with `rule` (the profile's when empty).
inline Scored score(const LoadedCycle& loaded, const std::string& profile_id, const std::string& rule) {
  return score_session(loaded.cycle, loaded.history, profile_id, rule);
}

}  // namespace review::cli
