#pragma once
/// @file session.hpp
/// The glue of a scoring session (评分会话) that the `libreview` command and the
/// Python package share: import a cycle with the history of its region from a
/// store, resolve a profile for the cycle's as_of and score through the pipeline;
/// and the whole run (import → history → profile → score → save → reports,
/// run_cycle()) that `libreview run`/`demo` and the C API share.
///
/// @code
///   review::RunOptions o;
///   o.store = "review.db";   // history for relapse, and the cycle is saved there
///   o.out_dir = "out/2017";  // every installed report format (csv first)
///   review::RunResult r = review::run_cycle("data/sample/2017", o);
/// @endcode

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/ingest.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/report.hpp"
#include "libreview/scoring.hpp"
#include "libreview/store.hpp"

namespace review {

/// A cycle imported from a folder (or workbook), with the history of its region (已载入的周期).
struct LoadedCycle {
  Cycle cycle;
  History history;
  std::optional<Store> store;  ///< open when a store was given
};

/// How to import a cycle that will be scored under `profile_id` (按方案导入): the tables the
/// profile requires — questionnaires unless it sets `required.questionnaires = false`
/// (`shortened-cycle`). `profile_id` is a profile id or .toml file; empty: the cycle's region
/// as cycle.toml names it. A profile that is not found or does not resolve keeps the spec's
/// requirements (the scoring then refuses it with its own message). `registry` is used while
/// importing.
REVIEW_API ImportOptions import_options_for(std::string_view profile_id = {},
                                            const PluginRegistry& registry = PluginRegistry::global());

/// Imports `source` with `options` (by default those of the cycle's own region; throws
/// ValidationError, storing nothing, on bad data); with a store file, opens it and takes the
/// history of earlier years of the cycle's region from it. Nothing is saved: call
/// `store->save(cycle)` once the cycle is wanted there (`libreview run` saves after scoring).
REVIEW_API LoadedCycle load_cycle(const std::filesystem::path& source,
                                  const std::filesystem::path& store_file = {},
                                  const ImportOptions& options = import_options_for());

/// A cycle scored under one profile and rule (已评分).
struct Scored {
  RegionProfile profile;
  Results results;
};

/// What the store knows of earlier cycles of `region` before `year` (Store::history):
/// with the latest earlier cycle's results scored under its own region's profile when
/// that cycle was only imported, not run (year over year, office-year.md section 2).
/// When it cannot be scored (its region has no profile here), History::previous stays
/// empty and a warning is logged.
REVIEW_API History history_of(const Store& store, const std::string& region, int year,
                              const PluginRegistry& registry = PluginRegistry::global());

/// Resolves `profile_id` (the cycle's region when empty; a profile id or a
/// .toml path) for the cycle's as_of from the registry's profile folders.
REVIEW_API RegionProfile resolve_profile(const Cycle& cycle, std::string_view profile_id,
                                         const PluginRegistry& registry = PluginRegistry::global());

/// Resolves `profile_id` as resolve_profile() does and scores with `rule` (the
/// profile's own when empty) through score_cycle().
REVIEW_API Scored score_session(const Cycle& cycle, const History& history, std::string_view profile_id,
                                std::string_view rule,
                                const PluginRegistry& registry = PluginRegistry::global());

/// Scores as score_session() does and only then, when `store` is given, saves
/// the cycle into it (评分后保存): the order of run_cycle(), so that nothing is
/// stored when the profile or rule is unknown or the scoring fails. The
/// Python package's `Cycle.score()` of a cycle loaded with a store goes through it.
REVIEW_API Scored score_and_save(const Cycle& cycle, const History& history, std::string_view profile_id,
                                 std::string_view rule, Store* store,
                                 const PluginRegistry& registry = PluginRegistry::global());

/// Progress of a long step (进度): `step` names it (`import`, `score`, `save`,
/// `report:<format>`, `report`), `done` of `total` units are finished. Called
/// from the calling thread, with done == 0 when a step starts and done == total when it ends.
using Progress = std::function<void(std::string_view step, std::size_t done, std::size_t total)>;

/// The report formats to write: `csv` first, then `requested` in order without
/// repeats, or, when `requested` is empty, every report plugin of the registry.
REVIEW_API std::vector<std::string> report_formats(const std::vector<std::string>& requested = {},
                                                   const PluginRegistry& registry = PluginRegistry::global());

/// The options each of `formats` declares (报表选项), in order: the writers are
/// made, nothing is written. Throws as PluginRegistry::report_writer() for an unknown format.
REVIEW_API std::vector<FormatOptions> report_options(
    const std::vector<std::string>& formats, const PluginRegistry& registry = PluginRegistry::global());

/// check_report_options() against what the writers of `formats` declare:
/// the options normalised, or UsageError naming the key, value and what is allowed.
REVIEW_API ReportOptions check_report_options(const std::vector<std::string>& formats,
                                              const ReportOptions& options,
                                              const PluginRegistry& registry = PluginRegistry::global());

/// Writes `formats` (ids of report plugins) for `cycle` and `scored` into
/// `out_dir` (created when needed) and returns every file written. Every
/// writer is found and every option checked against what the writers declare
/// before anything is written (an unknown format is a PluginError, an unknown option or a malformed value a
/// UsageError, and nothing is written, not even the folder); then the temporary files an interrupted run left
/// in `out_dir` are removed, and the writers run in order.
REVIEW_API std::vector<std::filesystem::path> write_reports(
    const Cycle& cycle, const Scored& scored, const std::vector<std::string>& formats,
    const std::filesystem::path& out_dir, const ReportOptions& options = {},
    const PluginRegistry& registry = PluginRegistry::global(), const Progress& progress = {});

/// What run_cycle() does (运行选项).
struct RunOptions {
  std::filesystem::path store;       ///< history from it, and the cycle saved into it; empty: no store
  bool save = true;                  ///< save the cycle into `store` after scoring
  std::string profile;               ///< profile id or .toml file; empty: the cycle's region
  std::string rule;                  ///< scoring rule id; empty: the profile's
  std::filesystem::path out_dir;     ///< where reports go; empty: no reports
  std::vector<std::string> formats;  ///< report formats; empty: every installed one (csv first)
  ReportOptions report_options;
  Progress progress;  ///< optional
};

/// Everything one run produced (运行结果).
struct RunResult {
  Cycle cycle;
  History history;
  RegionProfile profile;
  Results results;
  std::vector<std::filesystem::path> written;  ///< report files, in the order written
  bool saved = false;                          ///< the cycle was saved into the store
};

/// The whole run (完整运行): import `source`, take the history from the store,
/// find the report writers, score, save into the store, write the reports.
/// Bad data is refused before anything is stored or written (ValidationError);
/// an unknown format or report option before anything is scored, and an
/// unknown profile or rule before anything is stored.
REVIEW_API RunResult run_cycle(const std::filesystem::path& source, const RunOptions& options = {},
                               const PluginRegistry& registry = PluginRegistry::global());

/// The bundled sample county (示例县数据: folders `2016` and `2017`): the folder
/// of `LIBREVIEW_SAMPLE_DIR` when set, else `<datadir>/libreview/sample` of the
/// prefix the core library is installed in (or the build tree's copy). Throws
/// review::Error naming the places looked at when there is none.
REVIEW_API std::filesystem::path sample_folder();

}  // namespace review
