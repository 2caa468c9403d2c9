#pragma once
/// @file region.hpp
/// Region profiles (地区方案) and region rules.
///
/// A profile is data: a TOML file in a `regions/` folder on the plugin path that
/// names the profile it `inherits` and overrides parameters. A parameter may
/// carry values by the date they take effect. `default` holds every number of
/// the spec. A region rule is code, in a plugin, for what data cannot say; a
/// profile lists the rules it applies.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/plugin.hpp"

namespace review {

/// A parameter's value once resolved for a date.
using ParamValue = std::variant<bool, double, std::string, std::vector<std::string>>;

/// A profile resolved for one cycle: every parameter by dotted key
/// (`weights.ballot`, `points.basic`, `flags.divergence.z`), as of one date.
class REVIEW_API RegionProfile {
 public:
  std::string id;                      ///< e.g. `default`, `seed-county`
  std::string name;                    ///< Chinese name for people
  std::string summary;
  std::vector<std::string> lineage;    ///< this profile first, then what it inherits, up to `default`
  std::filesystem::path file;          ///< the TOML file of this profile
  std::string scoring_rule = "default";  ///< the scoring plugin this profile uses
  std::vector<std::string> region_rules;  ///< region-rule plugins applied after scoring
  std::vector<Stage> stages;           ///< stage calendar (阶段安排), for the cycle's year
  Date as_of;                          ///< the date parameters were resolved for

  /// A number; throws review::Error naming the key and the profile when absent.
  [[nodiscard]] double number(std::string_view key) const;
  /// A number, or `fallback` when the profile does not set it.
  [[nodiscard]] double number_or(std::string_view key, double fallback) const;
  /// A string; throws when absent.
  [[nodiscard]] std::string text(std::string_view key) const;
  /// A string or `fallback`.
  [[nodiscard]] std::string text_or(std::string_view key, std::string_view fallback) const;
  /// A boolean or `fallback`.
  [[nodiscard]] bool flag_or(std::string_view key, bool fallback) const;
  /// True when the profile sets `key`.
  [[nodiscard]] bool has(std::string_view key) const;
  /// Every key with a value whose key starts with `prefix` (e.g. `strata.`).
  [[nodiscard]] std::map<std::string, ParamValue> with_prefix(std::string_view prefix) const;
  /// Every parameter.
  [[nodiscard]] const std::map<std::string, ParamValue>& parameters() const noexcept { return values_; }
  /// Sets a parameter (profiles are built by ProfileLibrary; tests and what-if use this).
  void set(std::string key, ParamValue value);

 private:
  std::map<std::string, ParamValue> values_;
};

/// A profile as listed (`libreview profiles`).
struct ProfileInfo {
  std::string id;
  std::string name;
  std::string inherits;  ///< empty for `default`
  std::string summary;
  std::filesystem::path file;
};

/// The profiles found in a set of folders (地区方案库).
class REVIEW_API ProfileLibrary {
 public:
  /// The profiles in the registry's profile folders.
  explicit ProfileLibrary(const PluginRegistry& registry = PluginRegistry::global());
  /// The profiles in exactly these folders.
  explicit ProfileLibrary(std::vector<std::filesystem::path> folders);
  ~ProfileLibrary();
  ProfileLibrary(ProfileLibrary&&) noexcept;
  ProfileLibrary& operator=(ProfileLibrary&&) noexcept;

  /// Every profile, sorted by id. A malformed file is an error naming file, line and key.
  [[nodiscard]] std::vector<ProfileInfo> list() const;
  /// Resolves `id` (a profile id, or a path to a .toml file) for the date `as_of`.
  [[nodiscard]] RegionProfile resolve(std::string_view id, const Date& as_of) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct Results;
struct ScoringInput;

/// A rule of a region that data cannot express (地区规则), applied to the
/// results after scoring, e.g. "the last place of each sequence below 75 is
/// graded poor". Made by a `region` plugin.
class REVIEW_API RegionRule : public Plugin {
 public:
  ~RegionRule() override;
  [[nodiscard]] PluginKind kind() const final { return PluginKind::region; }
  /// Adjusts `results` in place; must keep ranks consistent with composites.
  virtual void apply(const ScoringInput& input, Results& results) const = 0;
};

}  // namespace review
