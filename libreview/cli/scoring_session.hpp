#pragma once
// What `run` and `compare` share: importing a cycle with its history, and
// scoring it under a profile and rule.

#include <optional>
#include <string>

#include "libreview/cycle.hpp"
#include "libreview/region.hpp"
#include "libreview/scoring.hpp"
#include "libreview/store.hpp"

namespace review::cli {

/// A cycle imported from a folder (or workbook), with the history of its region.
struct LoadedCycle {
  Cycle cycle;
  History history;
  std::optional<Store> store;  ///< open when --store was given
};

/// Imports `source` (throws ValidationError, writing nothing, on bad data);
/// with a store, takes the history of earlier years of the cycle's region from it.
LoadedCycle load_cycle(const std::string& source, const std::string& store_file);

/// A cycle scored under one profile and rule.
struct Scored {
  RegionProfile profile;
  Results results;
};

/// Resolves `profile_id` (the cycle's region when empty) for the cycle's as_of
/// and scores with `rule` (the profile's own when empty) through score_cycle().
Scored score(const LoadedCycle& loaded, const std::string& profile_id, const std::string& rule);

}  // namespace review::cli
