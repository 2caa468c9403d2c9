#pragma once
// The `libreview` command: shared state of the subcommands and their registration.

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/error.hpp"
#include "libreview/session.hpp"

namespace review::cli {

/// Exit codes, documented in `libreview --help` and the README: the core's table (error.hpp),
/// which also maps every error class to its code (review::exit_code).
enum Exit : int {
  kOk = review::kExitOk,
  kInvalidData = review::kExitInvalidData,
  kUsage = review::kExitUsage,
  kEnvironment = review::kExitEnvironment
};

/// Options every subcommand shares.
struct Globals {
  int verbose = 0;
  bool quiet = false;
  std::string lang;  ///< "zh" or "en"; from --lang, else the locale (known before the help is built)
  int exit_code = kOk;
  /// True when Chinese messages are wanted.
  [[nodiscard]] bool zh() const { return lang == "zh"; }
};

/// Picks a message in the user's language. Every user-facing text goes through it.
inline const char* tr(const Globals& g, const char* en, const char* zh) { return g.zh() ? zh : en; }

/// A text in both languages, for tr().
struct Text {
  const char* en;
  const char* zh;
};

/// Adds the subcommand `name` with its one-line description and its footer
/// (what it does, examples), each in the user's language.
CLI::App* add_command(CLI::App& app, const Globals& g, const char* name, Text about, Text footer);

/// The `source` arguments of validate and import: cycle folders or workbooks, at least one.
void add_sources(CLI::App& cmd, const Globals& g, std::vector<std::string>& sources);

// One function per subcommand, each in its own file (cmd_<name>.cpp), called in main.cpp.
void add_plugins_command(CLI::App& app, Globals& g);
void add_profiles_command(CLI::App& app, Globals& g);
void add_run_command(CLI::App& app, Globals& g);
void add_compare_command(CLI::App& app, Globals& g);
void add_validate_command(CLI::App& app, Globals& g);
void add_import_command(CLI::App& app, Globals& g);
void add_demo_command(CLI::App& app, Globals& g);
void add_reconcile_command(CLI::App& app, Globals& g);
void add_export_command(CLI::App& app, Globals& g);
void add_rollup_command(CLI::App& app, Globals& g);
void add_calendar_command(CLI::App& app, Globals& g);
void add_track_command(CLI::App& app, Globals& g);
void add_forms_command(CLI::App& app, Globals& g);

/// One line of what a cycle holds (region, year, counts), for validate and import.
std::string cycle_summary(const Globals& g, const Cycle& cycle);

/// One line of what a run did (departments scored, rule, profile, flags), for run and demo.
std::string run_summary(const Globals& g, const RunResult& run);

/// A progress bar on standard error (进度条), drawn only when standard error is a
/// terminal and --quiet is not given; cleared when done or destroyed.
class ProgressBar {
 public:
  explicit ProgressBar(const Globals& g);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  /// Shows `step` (import, score, save, report:<format>, or any text) at `done` of `total`.
  void update(std::string_view step, std::size_t done, std::size_t total);
  /// Clears the bar's line (before printing results on standard output).
  void clear();
  /// A review::Progress that draws on this bar (empty when the bar is off).
  [[nodiscard]] Progress callback();
  [[nodiscard]] bool enabled() const { return enabled_; }

 private:
  const Globals& g_;
  bool enabled_ = false;
  bool drawn_ = false;
};

}  // namespace review::cli
