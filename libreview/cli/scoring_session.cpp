#include "scoring_session.hpp"

#include "libreview/ingest.hpp"
#include "libreview/pipeline.hpp"

namespace review::cli {

LoadedCycle load_cycle(const std::string& source, const std::string& store_file) {
  LoadedCycle loaded{import_cycle(source), {}, std::nullopt};
  if (!store_file.empty()) {
    loaded.store.emplace(store_file);
    loaded.history = loaded.store->history(loaded.cycle.info.region, loaded.cycle.info.year);
  }
  return loaded;
}

Scored score(const LoadedCycle& loaded, const std::string& profile_id, const std::string& rule) {
  const auto& registry = PluginRegistry::global();
  const ProfileLibrary library(registry);
  const Cycle& cycle = loaded.cycle;
  RegionProfile profile =
      library.resolve(profile_id.empty() ? cycle.info.region : profile_id, cycle.info.as_of);
  Results results = score_cycle(cycle, loaded.history, profile, registry, rule);
  return Scored{std::move(profile), std::move(results)};
}

}  // namespace review::cli
