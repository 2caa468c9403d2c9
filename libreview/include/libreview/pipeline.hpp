#pragma once
/// @file pipeline.hpp
/// The scoring pipeline (评分流程): one way through for every rule, whether it
/// comes from a C++ plugin or is registered in-process (a rule written in
/// Python through PluginRegistry::add_scoring_rule): get the rule, check it
/// against the sanity properties, score, apply the profile's region rules, and
/// check the results before anyone sees them.

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/scoring.hpp"

namespace review {

/// Scores one cycle (评分) under `profile`: the rule is `rule`, or the
/// profile's scoring_rule when empty, taken from `registry`. The rule is
/// checked with check_scoring_rule() on its first use with this profile in the
/// process; then the cycle is scored, the profile's region rules are applied in
/// order, and check_results() runs after each step. Throws PluginError naming
/// the rule and what it got wrong.
REVIEW_API Results score_cycle(const Cycle& cycle, const History& history, const RegionProfile& profile,
                               const PluginRegistry& registry = PluginRegistry::global(),
                               std::string_view rule = {});

/// Scores with a rule object already in hand (用指定规则评分): score, check,
/// region rules, check, exactly as score_cycle() does after getting the rule.
REVIEW_API Results score_with(const ScoringRule& rule, std::string_view rule_id, const ScoringInput& input,
                              const std::vector<std::shared_ptr<RegionRule>>& region_rules = {});

/// The consistency every result must have (结果一致性检查): one result per
/// department in cycle order; exempt departments unscored and unranked;
/// composites within [clip.min, clip.max] of the profile; a grade exactly when
/// there is a composite; ranks equal to the standard competition ranking of
/// the unrounded composites, overall and within category; flags sorted and
/// unique. Throws PluginError naming `who` and the first problem.
REVIEW_API void check_results(const Cycle& cycle, const Results& results, const RegionProfile& profile,
                              std::string_view who);

/// A property every scoring rule must keep (计分规则性质).
enum class ScoringProperty : std::uint8_t {
  well_formed,               ///< check_results() passes
  in_range,                  ///< composites in [clip.min, clip.max], components within the points
  ranks_agree,               ///< ranks are the standard competition ranking of the composites
  monotone,                  ///< a valid vote turned satisfied never lowers its department's composite
  all_dissatisfied_minimum,  ///< every vote dissatisfied, no daily work, no deductions: the lowest points
  deterministic,             ///< the same input (also a copy of it) gives the same output
};
/// `monotone`, `ranks_agree`, ...
REVIEW_API std::string_view to_string(ScoringProperty p);

/// Checks `rule` under `profile` on `trials` random cycles made from `seed`
/// (性质检查). A broken property is a PluginError naming the rule, the property
/// (to_string()) and a counter-example with the seed to reproduce it.
REVIEW_API void check_scoring_rule(const ScoringRule& rule, std::string_view rule_id,
                                   const RegionProfile& profile, std::uint64_t seed = 2017, int trials = 20);

/// The same for the rule `rule_id` of `registry`: plugins and in-process rules alike.
REVIEW_API void check_scoring_rule(std::string_view rule_id, const RegionProfile& profile,
                                   std::uint64_t seed = 2017, int trials = 20,
                                   const PluginRegistry& registry = PluginRegistry::global());

}  // namespace review
