#pragma once
/// @file session.hpp
/// The glue of a scoring session (评分会话) that the `libreview` command and the
/// Python package share: import a cycle with the history of its region from a
/// store, resolve a profile for the cycle's as_of and score through the pipeline.

#include <filesystem>
#include <optional>
#include <string_view>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/scoring.hpp"
#include "libreview/store.hpp"

namespace review {

/// A cycle imported from a folder (or workbook), with the history of its region (已载入的周期).
struct LoadedCycle {
  Cycle cycle;
  History history;
  std::optional<Store> store;  ///< open when a store was given
};

/// Imports `source` (throws ValidationError, storing nothing, on bad data);
/// with a store file, opens it and takes the history of earlier years of the
/// cycle's region from it. Nothing is saved: call `store->save(cycle)` once
/// the cycle is wanted there (`libreview run` saves after scoring).
REVIEW_API LoadedCycle load_cycle(const std::filesystem::path& source,
                                  const std::filesystem::path& store_file = {});

/// A cycle scored under one profile and rule (已评分).
struct Scored {
  RegionProfile profile;
  Results results;
};

/// Resolves `profile_id` (the cycle's region when empty; a profile id or a
/// .toml path) for the cycle's as_of from the registry's profile folders.
REVIEW_API RegionProfile resolve_profile(const Cycle& cycle, std::string_view profile_id,
                                         const PluginRegistry& registry = PluginRegistry::global());

/// Resolves `profile_id` as resolve_profile() does and scores with `rule` (the
/// profile's own when empty) through score_cycle().
REVIEW_API Scored score_session(const Cycle& cycle, const History& history, std::string_view profile_id,
                                std::string_view rule,
                                const PluginRegistry& registry = PluginRegistry::global());

}  // namespace review
