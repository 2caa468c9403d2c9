#pragma once
// The `libreview` command: shared state of the subcommands and their registration.

#include <CLI/CLI.hpp>
#include <string>

#include "libreview/cycle.hpp"

namespace review::cli {

/// Exit codes, documented in `libreview --help` and the README.
enum Exit : int { kOk = 0, kInvalidData = 1, kUsage = 2, kEnvironment = 3 };

/// Options every subcommand shares.
struct Globals {
  int verbose = 0;
  bool quiet = false;
  std::string lang;  ///< "zh" or "en"; from --lang, else the locale
  int exit_code = kOk;
  /// True when Chinese messages are wanted.
  [[nodiscard]] bool zh() const { return lang == "zh"; }
};

/// Picks a message in the user's language.
inline const char* tr(const Globals& g, const char* en, const char* zh) { return g.zh() ? zh : en; }

// One function per subcommand, each in its own file (cmd_<name>.cpp), called in main.cpp.
void add_plugins_command(CLI::App& app, Globals& g);
void add_profiles_command(CLI::App& app, Globals& g);
void add_run_command(CLI::App& app, Globals& g);
void add_compare_command(CLI::App& app, Globals& g);
void add_validate_command(CLI::App& app, Globals& g);
void add_import_command(CLI::App& app, Globals& g);

/// One line of what a cycle holds (region, year, counts), for validate and import.
std::string cycle_summary(const Globals& g, const Cycle& cycle);

}  // namespace review::cli
