#pragma once
/// @file scoring.hpp
/// Scoring (计分): components, deductions, composite, ranks, grades, flags and
/// the receipt that spells a department's computation out.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
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

/// Grade (等次): 优秀, 良好, 一般, 较差.
enum class Grade : std::uint8_t { none = 0, excellent, good, fair, poor };
/// The grades with a word (vocabulary.hpp), best first: every Grade but none.
inline constexpr Grade kGrades[] = {Grade::excellent, Grade::good, Grade::fair, Grade::poor};
/// The grade's code (`excellent`, ...; empty for none), from the vocabulary.
REVIEW_API std::string_view to_string(Grade g);
/// The grade's Chinese label (`优秀`, ...; empty for none), from the vocabulary.
REVIEW_API std::string_view label_zh(Grade g);

/// A department's result in the latest earlier cycle of the same region (上年结果), for year over year.
struct PreviousResult {
  std::string department_id;
  std::optional<double> composite;  ///< none when it was exempt
  int rank_overall = 0;             ///< 1-based, 0 when it was not ranked
  Grade grade = Grade::none;
};

/// A rectification item of the latest earlier cycle never verified and closed (上年结转事项).
struct CarriedItem {
  int year = 0;
  std::string department_id;
  std::string item_id;
  std::string category;
  std::string description;
  std::optional<Date> deadline;
  RectificationStatus status = RectificationStatus::open;
  /// Overdue on `as_of`: not closed (rectified or verified) and its deadline passed.
  [[nodiscard]] bool overdue(const Date& as_of) const noexcept {
    return deadline && *deadline < as_of && status != RectificationStatus::rectified &&
           status != RectificationStatus::verified;
  }
};

/// What the store knows of earlier cycles of the cycle's region (历史).
struct History {
  std::vector<PastItem> verified_items;
  /// The latest earlier cycle's items never verified (上年结转): this year's ledger and
  /// letters show them; they count in O only where `rectification.carry_over_counts`.
  std::vector<CarriedItem> carried;
  /// The year of the latest earlier cycle of the region in the store (上年), 0 when none.
  int previous_year = 0;
  /// That cycle's results (上年结果): those `run` stored with it or, for a cycle only
  /// imported, its scores under its own region's profile (history_of() in session.hpp).
  std::vector<PreviousResult> previous;
};

/// Everything a scoring rule sees.
struct ScoringInput {
  const Cycle& cycle;
  const History& history;
  const RegionProfile& profile;
};

/// How one rating-based component was computed (the receipt's line for B or Q).
struct ComponentReceipt {
  std::string component;                             ///< `ballot`, `questionnaire`
  std::int64_t counts[kRatingCount] = {0, 0, 0, 0};  ///< votes by Rating
  double points[kRatingCount] = {0, 0, 0, 0};        ///< points per Rating (unknown unused)
  std::int64_t valid = 0;                            ///< votes in the denominator
  std::optional<double> score;                       ///< mean points, none without valid votes
  std::string note;                                  ///< rule-specific explanation (e.g. majority verdict)
};

/// An immutable text shared by copies (共享文本): copying it copies a pointer,
/// not the characters, so that the same explanation on thousands of receipts
/// is stored once. Reads as a std::string_view; empty by default.
class SharedText {
 public:
  SharedText() = default;
  SharedText(std::string text)  // NOLINT(google-explicit-constructor): a text is a text
      : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
  SharedText(const char* text) : SharedText(std::string(text)) {}       // NOLINT(google-explicit-constructor)
  SharedText(std::string_view text) : SharedText(std::string(text)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] std::string_view view() const noexcept {
    return text_ ? std::string_view(*text_) : std::string_view();
  }
  operator std::string_view() const noexcept { return view(); }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] std::string str() const { return std::string(view()); }
  [[nodiscard]] bool empty() const noexcept { return view().empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return view().size(); }
  friend bool operator==(const SharedText& a, const SharedText& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const SharedText& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const SharedText& a, const char* b) noexcept { return a.view() == b; }
  friend bool operator==(const SharedText& a, const std::string& b) noexcept { return a.view() == b; }

 private:
  std::shared_ptr<const std::string> text_;
};

/// One deduction with the items behind it (扣分).
struct DeductionReceipt {
  std::string kind;                ///< `complaint`, `overdue`, `relapse`
  double points_each = 0;          ///< e.g. 2 per substantiated complaint
  std::vector<std::string> items;  ///< ids of the complaints or items, or the relapsed categories
  double points = 0;               ///< points_each × items (before the cap)
  SharedText note;                 ///< e.g. the focus theme a deduction weighs more for
};

/// The weights applied to a department's components (权重), after
/// renormalising over the components with data: a fixed map from `ballot`,
/// `commitment`, `daily_work`, `questionnaire` to a weight, without heap storage.
/// Empty for a department that was not scored (exempt); `commitment` (K) is set
/// only where the profile weights it.
class ComponentWeights {
 public:
  /// The components, in the order for_each() visits them (alphabetical).
  static constexpr std::array<std::string_view, 4> kComponents = {"ballot", "commitment", "daily_work",
                                                                  "questionnaire"};

  ComponentWeights() = default;
  /// `{{"ballot", 0.5}, {"questionnaire", 0.3}, {"daily_work", 0.2}}`; throws std::out_of_range on another
  /// name.
  ComponentWeights(std::initializer_list<std::pair<std::string_view, double>> weights) {
    for (const auto& [component, weight] : weights) set(component, weight);
  }

  /// Sets the weight of `component`; throws std::out_of_range for a name not in kComponents.
  void set(std::string_view component, double weight) {
    const std::size_t i = slot(component);
    values_[i] = weight;
    present_ |= static_cast<std::uint8_t>(1U << i);
  }
  /// The weight of `component`, or nothing when it was not set.
  [[nodiscard]] std::optional<double> get(std::string_view component) const noexcept {
    for (std::size_t i = 0; i < kComponents.size(); ++i)
      if (kComponents[i] == component) return has(i) ? std::optional(values_[i]) : std::nullopt;
    return std::nullopt;
  }
  /// The weight of `component`; throws std::out_of_range when it was not set.
  [[nodiscard]] double at(std::string_view component) const {
    if (auto w = get(component)) return *w;
    throw std::out_of_range("no weight for this component");
  }
  [[nodiscard]] bool contains(std::string_view component) const noexcept {
    return get(component).has_value();
  }
  [[nodiscard]] bool empty() const noexcept { return present_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept {
    return static_cast<std::size_t>(has(0)) + has(1) + has(2) + has(3);
  }
  /// Calls `f(component, weight)` for every weight set, components in alphabetical order.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < kComponents.size(); ++i)
      if (has(i)) f(kComponents[i], values_[i]);
  }
  friend bool operator==(const ComponentWeights& a, const ComponentWeights& b) noexcept {
    if (a.present_ != b.present_) return false;
    for (std::size_t i = 0; i < kComponents.size(); ++i)
      if (a.has(i) && a.values_[i] != b.values_[i]) return false;
    return true;
  }

 private:
  [[nodiscard]] bool has(std::size_t i) const noexcept { return (present_ >> i & 1U) != 0; }
  static std::size_t slot(std::string_view component) {
    for (std::size_t i = 0; i < kComponents.size(); ++i)
      if (kComponents[i] == component) return i;
    throw std::out_of_range("unknown component for a weight (ballot, commitment, daily_work, questionnaire)");
  }

  std::array<double, 4> values_{};
  std::uint8_t present_ = 0;
};

/// How K was computed (承诺兑现率, office-year.md section 3): the department's commitments
/// due by the judging day, how many of them were fulfilled, and the others by id.
struct CommitmentReceipt {
  std::int64_t due = 0;                    ///< commitments due by the judging day
  std::int64_t fulfilled = 0;              ///< of them, fulfilled (已兑现)
  std::vector<std::string> not_fulfilled;  ///< ids of the others (推进中, 未兑现, no status)
  std::optional<double> score;             ///< K = fulfilled ÷ due × 100; none when none is due
};

/// The computation of a department's score spelled out (计分明细), so that a
/// department can check its own score.
struct Receipt {
  std::vector<ComponentReceipt> components;
  std::optional<double> daily_work;
  std::optional<CommitmentReceipt> commitments;  ///< K, only where the profile weights it (`weights.K`)
  ComponentWeights weights;                      ///< weights as applied (after renormalising)
  std::vector<DeductionReceipt> deductions;
  double deduction_cap = 0;
  double deductions_total = 0;  ///< after the cap
  std::optional<double> composite_unclipped;
  std::vector<std::string> notes;  ///< anything else a person should read (region rules, ...)
};

/// The result for one department (部门评议结果).
struct DepartmentResult {
  std::uint32_t department = 0;               ///< index into Cycle::departments
  std::optional<double> ballot_score;         ///< B
  std::optional<double> questionnaire_score;  ///< Q
  std::optional<double> daily_work_score;     ///< W
  std::optional<double> commitment_score;     ///< K (承诺兑现): none when no commitment is due
  double deductions = 0;                      ///< D, after the cap
  std::optional<double> composite;            ///< none for exempt departments
  int rank_overall = 0;                       ///< 1-based, 0 when not ranked
  int rank_in_category = 0;                   ///< 1-based within the sector sequence, 0 when not ranked
  Grade grade = Grade::none;
  std::vector<std::string> flags;  ///< sorted
  Receipt receipt;
  /// The department in the latest earlier cycle of the region (较上年), from History::previous;
  /// filled by score_cycle() whatever the rule. Year 0 when there is none.
  int previous_year = 0;
  std::optional<double> previous_composite;  ///< 上年综合得分
  int previous_rank_overall = 0;             ///< 上年名次, 0 when it was not ranked
  Grade previous_grade = Grade::none;        ///< 上年等次
  /// Places moved since the earlier cycle (名次变化): previous rank − this rank, positive
  /// when it moved up; none unless ranked in both.
  [[nodiscard]] std::optional<int> rank_change() const {
    if (rank_overall == 0 || previous_rank_overall == 0) return std::nullopt;
    return previous_rank_overall - rank_overall;
  }
};

/// What a flag is about.
enum class SubjectKind : std::uint8_t { department = 0, representative, sheet };
REVIEW_API std::string_view to_string(SubjectKind k);
/// True for flags about one rater (a representative, or an anonymous ballot sheet 测评表):
/// they go only to the office's integrity sheet, never to departments or the public.
constexpr bool about_a_rater(SubjectKind k) noexcept { return k != SubjectKind::department; }

/// A flag for people to review (提示), never a penalty by itself.
struct Flag {
  std::string flag;  ///< e.g. `straight_lining`
  SubjectKind subject_kind = SubjectKind::department;
  std::string subject_id;
  std::string detail;
};

/// The results of scoring one cycle (评议结果).
struct Results {
  std::string rule;                           ///< scoring rule id
  std::string profile;                        ///< region profile id
  std::vector<DepartmentResult> departments;  ///< one per department, in Cycle::departments order
  std::vector<Flag> flags;                    ///< every flag, department and representative
  std::vector<CarriedItem> carried_over;      ///< 上年结转, from History::carried (score_cycle())
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
