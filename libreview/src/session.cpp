// The shared glue of `libreview run`/`compare` and the Python package.
#include "libreview/session.hpp"

#include "libreview/ingest.hpp"
#include "libreview/pipeline.hpp"

namespace review {

LoadedCycle load_cycle(const std::filesystem::path& source, const std::filesystem::path& store_file) {
  LoadedCycle loaded{import_cycle(source), {}, std::nullopt};
  if (!store_file.empty()) {
    loaded.store.emplace(store_file);
    loaded.history = loaded.store->history(loaded.cycle.info.region, loaded.cycle.info.year);
  }
  return loaded;
}

RegionProfile resolve_profile(const Cycle& cycle, std::string_view profile_id, const PluginRegistry& registry) {
  const ProfileLibrary library(registry);
  return library.resolve(profile_id.empty() ? std::string_view(cycle.info.region) : profile_id,
                         cycle.info.as_of);
}

Scored score_session(const Cycle& cycle, const History& history, std::string_view profile_id,
                     std::string_view rule, const PluginRegistry& registry) {
  RegionProfile profile = resolve_profile(cycle, profile_id, registry);
  Results results = score_cycle(cycle, history, profile, registry, rule);
  return Scored{std::move(profile), std::move(results)};
}

}  // namespace review
