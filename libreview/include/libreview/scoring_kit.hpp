#pragma once
/// @file scoring_kit.hpp
/// The shared parts of scoring rules (计分组件): parameters, the one-pass rating
/// tally, deductions with the items behind them, the composite with
/// renormalised weights, ranking, grades, flags and receipts. The built-in
/// rules are a few lines over these; a county's own rule can be too.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/region.hpp"
#include "libreview/scoring.hpp"

namespace review::kit {

/// Votes by rating (票数), indexed by Rating.
using RatingCounts = std::array<std::uint32_t, kRatingCount>;

/// Valid votes (有效票): every rating but `unknown`.
inline std::int64_t valid_votes(const RatingCounts& c) noexcept {
  return std::int64_t{c[0]} + std::int64_t{c[1]} + std::int64_t{c[2]};
}

/// The numbers of spec sections 3 and 4 (计分参数), read from a profile. Every
/// one is a parameter of `default`; the dotted key is beside each field.
struct REVIEW_API Parameters {
  std::array<double, kRatingCount>
      points{};                     ///< points.satisfied / basic / dissatisfied (unknown: 0, unused)
  double weight_ballot = 0;         ///< weights.ballot
  double weight_questionnaire = 0;  ///< weights.questionnaire
  double weight_daily_work = 0;     ///< weights.daily_work
  double weight_commitment = 0;     ///< weights.K (承诺兑现; 0 where a profile does not set it)
  double deduction_complaint = 0;   ///< deductions.complaint
  double deduction_overdue = 0;     ///< deductions.overdue
  double deduction_relapse = 0;     ///< deductions.relapse
  double deduction_cap = 0;         ///< deductions.cap
  bool carry_over_counts = false;   ///< rectification.carry_over_counts (上年结转计入 O; default false)
  std::string focus_category;       ///< focus.category (empty: no focus theme)
  double focus_complaint_factor = 1;           ///< focus.complaint_factor
  double grade_excellent = 0;                  ///< grades.excellent
  double grade_good = 0;                       ///< grades.good
  double grade_fair = 0;                       ///< grades.fair
  double insufficient_ballots_min = 0;         ///< flags.insufficient_ballots.min
  double straight_lining_min_departments = 0;  ///< flags.straight_lining.min_departments
  double divergence_z = 0;                     ///< flags.divergence.z
  double divergence_gap = 0;                   ///< flags.divergence.gap
  double self_overestimate_gap = 0;            ///< flags.self_overestimate.gap
  double last_place_min_category_size = 1;     ///< flags.last_place.min_category_size
  double clip_min = 0;                         ///< clip.min
  double clip_max = 100;                       ///< clip.max
  int rounding_digits = 2;                     ///< rounding.digits

  /// Reads every field from `profile`; throws review::Error naming a missing key.
  static Parameters from(const RegionProfile& profile);
};

/// Votes counted in one pass over rating columns (计票结果).
struct Tally {
  std::vector<RatingCounts> by_department;  ///< indexed like Cycle::departments
  std::vector<RatingCounts> by_rater;       ///< indexed like the columns' raters
};

/// Counts `columns` by department and by rater in a single pass, without
/// allocating per rating. Throws ValidationError on an index out of range.
REVIEW_API Tally tally(const RatingColumns& columns, std::size_t departments, std::size_t raters);

/// The mean-points component (平均分) of spec section 3 from vote counts.
REVIEW_API ComponentReceipt mean_points(std::string_view component, const RatingCounts& counts,
                                        const Parameters& p);

/// Deductions of one department (扣分) with the counts the flags need.
struct DepartmentDeductions {
  std::vector<DeductionReceipt> items;  ///< complaint, overdue, relapse (each listed, also when empty)
  double total_uncapped = 0;
  double total = 0;                   ///< min(cap, total_uncapped)
  std::vector<std::string> overdue;   ///< ids of overdue rectification items (O)
  std::vector<std::string> relapsed;  ///< relapsed categories (R), sorted
};

/// Deductions of every department (spec section 3, relapse of section 4):
/// complaints, overdue rectification items as of the cycle's as_of, and
/// relapses against `history` (only items of years before the cycle's).
REVIEW_API std::vector<DepartmentDeductions> deductions(const Cycle& cycle, const History& history,
                                                        const Parameters& p);

/// K of every department (承诺兑现, office-year.md section 3), indexed like Cycle::departments:
/// its commitments due by the cycle's judging day and how many of them are fulfilled; the
/// score none when none is due.
REVIEW_API std::vector<CommitmentReceipt> commitments_kept(const Cycle& cycle);

/// Per-department components a rule computed, indexed like Cycle::departments.
struct Components {
  std::vector<ComponentReceipt> ballot;         ///< B (score empty: no data)
  std::vector<ComponentReceipt> questionnaire;  ///< Q
};

/// The votes of a cycle and the default rule's components (平均分计分): both rating columns
/// tallied once, B and Q as mean points of the valid votes. The default rule's whole
/// computation before assemble(); other rules start from it and change what they need.
struct MeanPointScores {
  Tally ballots;
  Tally questionnaires;
  Components components;
};
REVIEW_API MeanPointScores mean_point_scores(const Cycle& cycle, const Parameters& p);

/// Everything after the rule's own components (汇总): W, K, deductions, composite
/// with renormalised weights and clipping, ranks, grades, every flag of
/// section 4, filled receipts, sorted flags. `ballot_tally` feeds
/// insufficient_ballots and straight_lining.
REVIEW_API Results assemble(const ScoringInput& input, const Parameters& p, std::string rule_id,
                            Components components, const Tally& ballot_tally);

/// Standard competition ranking (1, 2, 2, 4) on unrounded composites, overall
/// and within category; departments without a composite get rank 0.
REVIEW_API void rank(const Cycle& cycle, std::vector<DepartmentResult>& results);

/// The grade of a composite as printed (rounded to `p.rounding_digits`).
REVIEW_API Grade grade_for(double composite, const Parameters& p);

/// Flags a department (标记): adds `flag` to its sorted flag list (once) and a
/// Flag with `detail` to Results::flags.
REVIEW_API void flag_department(const Cycle& cycle, Results& results, std::uint32_t department,
                                std::string_view flag, std::string detail);

/// Sorts Results::flags by flag, subject kind and subject id.
REVIEW_API void sort_flags(Results& results);

}  // namespace review::kit
