// The shared glue of `libreview run`/`compare`/`demo`, the C API and the Python package.
#define BOOST_DLL_USE_STD_FS
#include "libreview/session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <cstdlib>
#include <memory>

#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/report_util.hpp"
#include "log_internal.hpp"

#ifndef LIBREVIEW_SAMPLE_RELDIR
#define LIBREVIEW_SAMPLE_RELDIR "../share/libreview/sample"
#endif

namespace fs = std::filesystem;

namespace review {

ImportOptions import_options_for(std::string_view profile_id, const PluginRegistry& registry) {
  ImportOptions options;
  options.questionnaires_required = [id = std::string(profile_id), &registry](const CycleInfo& info) {
    const Date as_of = info.as_of.year != 0 ? info.as_of : Date{info.year, 12, 31};
    try {
      const ProfileLibrary library(registry);
      return library.resolve(id.empty() ? info.region : id, as_of).flag_or("required.questionnaires", true);
    } catch (const Error&) {
      // No such profile, or one that does not resolve: the spec's requirement here; scoring
      // then refuses the profile with its own message.
      return true;
    }
  };
  return options;
}

LoadedCycle load_cycle(const std::filesystem::path& source, const std::filesystem::path& store_file,
                       const ImportOptions& options) {
  LoadedCycle loaded{import_cycle(source, options), {}, std::nullopt};
  if (!store_file.empty()) {
    loaded.store.emplace(store_file);
    loaded.history = history_of(*loaded.store, loaded.cycle.info.region, loaded.cycle.info.year);
  }
  return loaded;
}

History history_of(const Store& store, const std::string& region, int year, const PluginRegistry& registry) {
  History history = store.history(region, year);
  if (history.previous_year == 0 || !history.previous.empty()) return history;
  const Cycle earlier = store.load(region, history.previous_year);
  History before = store.history(region, history.previous_year);
  before.previous_year = 0;  // its ranks need no earlier year
  before.previous.clear();
  before.carried.clear();
  try {
    const Scored scored = score_session(earlier, before, "", "", registry);
    for (const auto& r : scored.results.departments)
      history.previous.push_back(
          PreviousResult{earlier.departments.at(r.department).id, r.composite, r.rank_overall, r.grade});
  } catch (const Error& e) {
    log::get("store")->warn(message("LR-W106", region, history.previous_year, e.what()));
  }
  return history;
}

RegionProfile resolve_profile(const Cycle& cycle, std::string_view profile_id,
                              const PluginRegistry& registry) {
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

namespace {

void report_progress(const Progress& progress, std::string_view step, std::size_t done, std::size_t total) {
  if (progress) progress(step, done, total);
}

Scored score_then_save(const Cycle& cycle, const History& history, std::string_view profile_id,
                       std::string_view rule, Store* store, const PluginRegistry& registry,
                       const Progress& progress) {
  report_progress(progress, "score", 0, 1);
  Scored scored = score_session(cycle, history, profile_id, rule, registry);
  report_progress(progress, "score", 1, 1);
  if (store != nullptr) {
    report_progress(progress, "save", 0, 1);
    store->save(cycle, scored.results);
    report_progress(progress, "save", 1, 1);
  }
  return scored;
}

}  // namespace

Scored score_and_save(const Cycle& cycle, const History& history, std::string_view profile_id,
                      std::string_view rule, Store* store, const PluginRegistry& registry) {
  return score_then_save(cycle, history, profile_id, rule, store, registry, {});
}

std::vector<std::string> report_formats(const std::vector<std::string>& requested,
                                        const PluginRegistry& registry) {
  std::vector<std::string> out{"csv"};
  if (requested.empty()) {
    for (const auto& p : registry.list())
      if (p.kind == PluginKind::report && p.id != "csv") out.push_back(p.id);
    return out;
  }
  for (const auto& f : requested)
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  return out;
}

namespace {

using Writers = std::vector<std::pair<std::string, std::shared_ptr<ReportWriter>>>;

Writers find_writers(const std::vector<std::string>& formats, const PluginRegistry& registry) {
  Writers writers;
  for (const auto& f : formats) writers.emplace_back(f, registry.report_writer(f));
  return writers;
}

std::vector<FormatOptions> declared_options(const Writers& writers) {
  std::vector<FormatOptions> out;
  for (const auto& [id, writer] : writers) out.push_back(FormatOptions{id, writer->options()});
  return out;
}

std::vector<fs::path> write_with(const Writers& writers, const Cycle& cycle, const Scored& scored,
                                 const fs::path& out_dir, const ReportOptions& options,
                                 const Progress& progress) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw ReportError(message("LR-R112", out_dir.string(), ec.message()), "LR-R112");
  // Temporary files of an earlier run that was killed (their process is gone).
  if (const auto stale = remove_stale_temp_files(out_dir); stale > 0)
    log::get("report")->info(message("LR-W111", stale, out_dir.string()));
  const ReportInput input{cycle, scored.results, scored.profile};
  std::vector<fs::path> written;
  for (std::size_t i = 0; i < writers.size(); ++i) {
    const auto& [id, writer] = writers[i];
    report_progress(progress, "report:" + id, i, writers.size());
    auto files = writer->write(input, out_dir, options);
    written.insert(written.end(), files.begin(), files.end());
  }
  report_progress(progress, "report", writers.size(), writers.size());
  return written;
}

}  // namespace

std::vector<FormatOptions> report_options(const std::vector<std::string>& formats,
                                          const PluginRegistry& registry) {
  return declared_options(find_writers(formats, registry));
}

ReportOptions check_report_options(const std::vector<std::string>& formats, const ReportOptions& options,
                                   const PluginRegistry& registry) {
  return check_report_options(options, report_options(formats, registry));
}

std::vector<fs::path> write_reports(const Cycle& cycle, const Scored& scored,
                                    const std::vector<std::string>& formats, const fs::path& out_dir,
                                    const ReportOptions& options, const PluginRegistry& registry,
                                    const Progress& progress) {
  const Writers writers = find_writers(formats, registry);
  const ReportOptions checked = check_report_options(options, declared_options(writers));
  return write_with(writers, cycle, scored, out_dir, checked, progress);
}

RunResult run_cycle(const fs::path& source, const RunOptions& options, const PluginRegistry& registry) {
  report_progress(options.progress, "import", 0, 1);
  LoadedCycle loaded = load_cycle(source, options.store, import_options_for(options.profile, registry));
  report_progress(options.progress, "import", 1, 1);
  RunResult run;
  run.cycle = std::move(loaded.cycle);
  run.history = std::move(loaded.history);
  std::optional<Store>& store = loaded.store;
  // Every writer is found and every report option checked before anything is scored, stored or written.
  Writers writers;
  ReportOptions checked_options;
  if (!options.out_dir.empty()) {
    writers = find_writers(report_formats(options.formats, registry), registry);
    checked_options = check_report_options(options.report_options, declared_options(writers));
  }
  Store* save_into = store && options.save ? &*store : nullptr;
  Scored scored = score_then_save(run.cycle, run.history, options.profile, options.rule, save_into, registry,
                                  options.progress);
  run.saved = save_into != nullptr;
  if (!writers.empty())
    run.written = write_with(writers, run.cycle, scored, options.out_dir, checked_options, options.progress);
  run.profile = std::move(scored.profile);
  run.results = std::move(scored.results);
  return run;
}

fs::path sample_folder() {
  if (const char* env = std::getenv("LIBREVIEW_SAMPLE_DIR"); env != nullptr && *env != '\0') {
    const fs::path dir(env);
    if (!fs::is_directory(dir)) throw NotFoundError(message("LR-R114", dir.string()), "LR-R114");
    return dir;
  }
  const fs::path libdir = fs::weakly_canonical(boost::dll::this_line_location()).parent_path();
  std::vector<fs::path> candidates{libdir / LIBREVIEW_SAMPLE_RELDIR, libdir / "../share/libreview/sample"};
  std::string looked;
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_directory(c / "2017", ec)) return fs::weakly_canonical(c);
    looked += (looked.empty() ? "" : ", ") + fs::weakly_canonical(c).string();
  }
  throw NotFoundError(message("LR-R113", looked), "LR-R113");
}

}  // namespace review
