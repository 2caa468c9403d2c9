#pragma once
/// @file plugin.hpp
/// Plugins (插件): loadable modules that add scoring rules, report formats and
/// region rules, loaded with Boost.DLL.
///
/// A plugin is a shared module `review_<kind>_<name>.so` that exports, through
/// LIBREVIEW_PLUGIN():
///   - `extern "C" int libreview_plugin_abi()`, checked before any C++ call;
///   - `libreview_plugin_abi_<N>`, a marker whose name carries the ABI number,
///     so that a module of another ABI is refused from its symbol table before
///     it is even loaded (no code of it runs);
///   - `libreview_plugin_descriptor`, plain data (kind, id, version, summary)
///     read without calling into the plugin;
///   - the factory `libreview_plugin` (BOOST_DLL_ALIAS), called only when an
///     object is needed.
///
/// Discovery, first found wins for an id: the folders of `LIBREVIEW_PLUGIN_PATH`
/// (`:`-separated absolute paths; `disable` turns loading off), then
/// `<libdir>/libreview/plugins/<ABI>/` next to the core library (the install
/// prefix, and the wheel's own folder), then folders added with add_folder().
/// Relative paths are never searched.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/export.hpp"

/// The plugin ABI. Bump on every change to an interface a plugin sees.
/// History:
///   1  first release: Plugin, ScoringRule, ReportWriter, RegionRule (2026-11)
///   2  receipts without per-department heap storage: Receipt::weights is a
///      ComponentWeights, DeductionReceipt::note a SharedText (2026-11)
///   3  report writers declare their options: ReportWriter::options() returns
///      ReportOption (name, type, meaning in Chinese and English, default) (2026-12)
///   4  K, commitments kept (承诺兑现): DepartmentResult::commitment_score,
///      Receipt::commitments, a fourth ComponentWeights slot `commitment` (2026-12)
///   5  year over year (较上年): History::previous_year and History::previous,
///      DepartmentResult's previous_* fields (2026-12)
#define LIBREVIEW_PLUGIN_ABI 5

extern "C" {
/// Plain-data descriptor every plugin exports (read without running plugin code).
struct libreview_plugin_descriptor_t {
  int abi;              ///< LIBREVIEW_PLUGIN_ABI the plugin was built with
  const char* kind;     ///< "scoring", "report" or "region"
  const char* id;       ///< unique among plugins, e.g. "default", "xlsx"
  const char* version;  ///< the plugin's own version, e.g. "1.0.0"
  const char* summary;  ///< one line, for `libreview plugins`
};
}

namespace review {

/// What a plugin adds (插件类别).
enum class PluginKind { scoring, report, region };
REVIEW_API std::string_view to_string(PluginKind kind);

/// The descriptor of a plugin, as listed.
struct PluginInfo {
  PluginKind kind = PluginKind::scoring;
  std::string id;
  std::string version;
  std::string summary;
  std::filesystem::path file;  ///< the module it came from (empty for rules registered in-process)
};

/// A file that looked like a plugin and was refused, with the reason.
struct RefusedPlugin {
  std::filesystem::path file;
  std::string reason;
};

/// Base of every object a plugin makes. Each kind has its interface:
/// ScoringRule (scoring.hpp), ReportWriter (report.hpp), RegionRule (region.hpp).
class REVIEW_API Plugin {
 public:
  virtual ~Plugin();
  [[nodiscard]] virtual PluginKind kind() const = 0;
};

class ScoringRule;
class ReportWriter;
class RegionRule;

/// The registry of plugins (插件注册表): finds, checks and loads them. Objects
/// it hands out keep their module loaded for as long as they live, and every
/// exception they throw reaches the caller as a review::PluginError (or the
/// review error it was) naming the plugin and its file.
class REVIEW_API PluginRegistry {
 public:
  /// A registry over the default folders (see the file comment).
  PluginRegistry();
  /// A registry over exactly `folders` (absolute paths), ignoring the environment.
  explicit PluginRegistry(std::vector<std::filesystem::path> folders);
  ~PluginRegistry();
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  /// The process-wide registry over the default folders.
  static PluginRegistry& global();

  /// Adds a folder to search after the others (must be absolute).
  void add_folder(const std::filesystem::path& folder);
  /// The folders searched, in order.
  [[nodiscard]] std::vector<std::filesystem::path> folders() const;

  /// Every plugin found, sorted by kind then id (scans on first use).
  [[nodiscard]] std::vector<PluginInfo> list() const;
  /// Every file refused, with its reason.
  [[nodiscard]] std::vector<RefusedPlugin> refused() const;
  /// Scans the folders again (new files, changed environment).
  void rescan();

  /// The scoring rule `id`; throws PluginError naming what is missing.
  [[nodiscard]] std::shared_ptr<ScoringRule> scoring_rule(std::string_view id) const;
  /// The report writer `id` (e.g. "xlsx", "docx", "csv", "json").
  [[nodiscard]] std::shared_ptr<ReportWriter> report_writer(std::string_view id) const;
  /// The region rule `id`.
  [[nodiscard]] std::shared_ptr<RegionRule> region_rule(std::string_view id) const;

  /// Registers an in-process scoring rule (a rule written in Python, a test rule).
  /// It is listed with an empty file and replaces nothing: an id already taken is a PluginError.
  void add_scoring_rule(const PluginInfo& info, std::shared_ptr<ScoringRule> rule);
  /// Removes an in-process scoring rule registered with add_scoring_rule().
  void remove_scoring_rule(std::string_view id);

  /// Runs `check` (the pipeline's property check of a scoring rule, 规则性质检查) unless it
  /// already passed in this registry for `rule_id` under `profile_key` (profile id and parameter
  /// date). What passed is forgotten when an in-process rule of that id is removed or the
  /// folders are scanned again; a failed check is not remembered.
  void check_rule_once(std::string_view rule_id, std::string_view profile_key,
                       const std::function<void()>& check) const;

  /// Folders holding region profiles: `<folder>/regions` of every plugin folder.
  [[nodiscard]] std::vector<std::filesystem::path> profile_folders() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The default plugin folder next to the core library: `<libdir>/libreview/plugins/<ABI>`.
REVIEW_API std::filesystem::path default_plugin_folder();

}  // namespace review
