#pragma once
/// @file scoring.hpp
/// Scoring (计分): components, deductions, composite, ranks, grades, flags and
/// the receipt that spells a department's computation out.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"

namespace review {

/// A verified rectification item of an earlier cycle of the same region (历史销号事项), for relapse.
struct PastItem {
  int year = 0;
  std::string department_id;
  std::string category;
  std::string item_id;
};

/// What the store knows of earlier cycles of the cycle's region (历史).
struct History {
  std::vector<PastItem> verified_items;
};

/// Everything a scoring rule sees.
struct ScoringInput {
  const Cycle& cycle;
  const History& history;
  const RegionProfile& profile;
};

/// Grade (等次): 优秀, 良好, 一般, 较差.
enum class Grade : std::uint8_t { none = 0, excellent, good, fair, poor };
REVIEW_API std::string_view to_string(Grade g);
REVIEW_API std::string_view label_zh(Grade g);

/// How one rating-based component was computed (the receipt's line for B or Q).
struct ComponentReceipt {
  std::string component;              ///< `ballot`, `questionnaire`
  std::int64_t counts[kRatingCount] = {0, 0, 0, 0};  ///< votes by Rating
  double points[kRatingCount] = {0, 0, 0, 0};        ///< points per Rating (unknown unused)
  std::int64_t valid = 0;             ///< votes in the denominator
  std::optional<double> score;        ///< mean points, none without valid votes
  std::string note;                   ///< rule-specific explanation (e.g. majority verdict)
};

/// One deduction with the items behind it (扣分).
struct DeductionReceipt {
  std::string kind;                ///< `complaint`, `overdue`, `relapse`
  double points_each = 0;          ///< e.g. 2 per substantiated complaint
  std::vector<std::string> items;  ///< ids of the complaints or items, or the relapsed categories
  double points = 0;               ///< points_each × items (before the cap)
  std::string note;                ///< e.g. the focus theme a deduction weighs more for
};

/// The computation of a department's score spelled out (计分明细), so that a
/// department can check its own score.
struct Receipt {
  std::vector<ComponentReceipt> components;
  std::optional<double> daily_work;
  std::map<std::string, double> weights;  ///< weights as applied (after renormalising)
  std::vector<DeductionReceipt> deductions;
  double deduction_cap = 0;
  double deductions_total = 0;  ///< after the cap
  std::optional<double> composite_unclipped;
  std::vector<std::string> notes;  ///< anything else a person should read (region rules, ...)
};

/// The result for one department (部门评议结果).
struct DepartmentResult {
  std::uint32_t department = 0;  ///< index into Cycle::departments
  std::optional<double> ballot_score;         ///< B
  std::optional<double> questionnaire_score;  ///< Q
  std::optional<double> daily_work_score;     ///< W
  double deductions = 0;                      ///< D, after the cap
  std::optional<double> composite;            ///< none for exempt departments
  int rank_overall = 0;      ///< 1-based, 0 when not ranked
  int rank_in_category = 0;  ///< 1-based within the sector sequence, 0 when not ranked
  Grade grade = Grade::none;
  std::vector<std::string> flags;  ///< sorted
  Receipt receipt;
};

/// What a flag is about.
enum class SubjectKind : std::uint8_t { department = 0, representative };
REVIEW_API std::string_view to_string(SubjectKind k);

/// A flag for people to review (提示), never a penalty by itself.
struct Flag {
  std::string flag;  ///< e.g. `straight_lining`
  SubjectKind subject_kind = SubjectKind::department;
  std::string subject_id;
  std::string detail;
};

/// The results of scoring one cycle (评议结果).
struct Results {
  std::string rule;     ///< scoring rule id
  std::string profile;  ///< region profile id
  std::vector<DepartmentResult> departments;  ///< one per department, in Cycle::departments order
  std::vector<Flag> flags;                    ///< every flag, department and representative
};

/// A scoring rule (计分规则), made by a `scoring` plugin.
class REVIEW_API ScoringRule : public Plugin {
 public:
  ~ScoringRule() override;
  [[nodiscard]] PluginKind kind() const final { return PluginKind::scoring; }
  /// Scores every department of `input.cycle`.
  [[nodiscard]] virtual Results score(const ScoringInput& input) const = 0;
};

/// Rounds half away from zero to `digits` decimals, as printed figures are.
REVIEW_API double round_half_away(double value, int digits = 2);

}  // namespace review
