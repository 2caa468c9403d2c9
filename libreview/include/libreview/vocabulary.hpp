#pragma once
/// @file vocabulary.hpp
/// The one domain vocabulary (词汇表) of libreview: every word a person reads for
/// a flag (提示), a grade (等次), a score component (评分项), a deduction (扣分项),
/// a rating (评价), a department status (参评状态), a rectification status
/// (整改状态) or source (整改来源), a complaint channel (投诉来源), an outreach
/// activity (三联系一走访), a surveyed site (调查地点) or how far a public commitment
/// was kept (承诺兑现情况). Each term has a stable
/// code for software (the CSV and JSON columns, the spec's enum names), its
/// Chinese label and an English label. Every report, the command line and
/// Python take their words from here, so that a department reads one word for
/// one concept in its letter, the workbook and the notebook (spec office-year 5).
///
/// Lookups fail loudly: a code not in its family throws UsageError, an enum value
/// outside its enum throws InternalError. Nothing falls back to the raw code.

#include <cstdint>
#include <span>
#include <string_view>

#include "libreview/export.hpp"

namespace review {

// The enums of cycle.hpp and scoring.hpp, declared here so that this header stands alone.
enum class Rating : std::uint8_t;
enum class DepartmentStatus : std::uint8_t;
enum class ComplaintChannel : std::uint8_t;
enum class RectificationSource : std::uint8_t;
enum class RectificationStatus : std::uint8_t;
enum class ActivityKind : std::uint8_t;
enum class SiteKind : std::uint8_t;
enum class CommitmentStatus : std::uint8_t;
enum class Grade : std::uint8_t;

/// A flag for people to review (提示), spec section 4. Results hold the code
/// (`Flag::flag`, `DepartmentResult::flags`); this enum names them in code.
enum class FlagCode : std::uint8_t {
  insufficient_ballots = 0,  ///< 有效测评票不足
  straight_lining,           ///< 评价雷同
  ballot_public_divergence,  ///< 测评票与问卷差异大
  self_overestimate,         ///< 自评偏高
  overdue_rectification,     ///< 整改逾期
  relapse,                   ///< 问题重犯
  missing_component,         ///< 评分项缺失
  last_place,                ///< 序列末位
};

/// A score component (评分项), spec section 3: B, Q and W; and K of office-year.md
/// section 3, weighted only where a profile sets `weights.K`.
enum class Component : std::uint8_t {
  ballot = 0,     ///< B, 代表测评
  questionnaire,  ///< Q, 群众问卷
  daily_work,     ///< W, 日常考核
  commitment,     ///< K, 承诺兑现
};

/// A kind of deduction (扣分项), the `kind` of a receipt's DeductionReceipt.
enum class DeductionKind : std::uint8_t {
  complaint = 0,    ///< 属实投诉
  complaint_focus,  ///< 属实投诉（年度重点）: a complaint of the profile's focus theme
  overdue,          ///< 逾期未整改事项
  relapse,          ///< 问题重犯
};

/// The families of terms (词汇类别).
enum class TermFamily : std::uint8_t {
  flag = 0,              ///< 提示: FlagCode
  grade,                 ///< 等次: Grade (not Grade::none, which has no word)
  component,             ///< 评分项: Component
  deduction,             ///< 扣分项: DeductionKind
  rating,                ///< 评价: Rating
  department_status,     ///< 参评状态: DepartmentStatus
  rectification_status,  ///< 整改状态: RectificationStatus
  rectification_source,  ///< 整改来源: RectificationSource
  complaint_channel,     ///< 投诉来源: ComplaintChannel
  activity_kind,         ///< 三联系一走访: ActivityKind
  site_kind,             ///< 调查地点: SiteKind
  commitment_status,     ///< 承诺兑现情况: CommitmentStatus
};

/// Every family, in TermFamily order.
inline constexpr TermFamily kTermFamilies[] = {
    TermFamily::flag,
    TermFamily::grade,
    TermFamily::component,
    TermFamily::deduction,
    TermFamily::rating,
    TermFamily::department_status,
    TermFamily::rectification_status,
    TermFamily::rectification_source,
    TermFamily::complaint_channel,
    TermFamily::activity_kind,
    TermFamily::site_kind,
    TermFamily::commitment_status,
};

/// One word of the vocabulary (词条).
struct Term {
  std::string_view code;  ///< for software: `last_place`, `excellent`, `ballot`, ...
  std::string_view zh;    ///< what a Chinese reader sees: 序列末位, 优秀, 代表测评, ...
  std::string_view en;    ///< what an English reader sees: last in its sequence, excellent, ...
};

/// The family's own name (`flag`, `grade`, `rectification_status`, ...); throws
/// InternalError for a value outside TermFamily.
[[nodiscard]] REVIEW_API std::string_view family_name(TermFamily family);

/// Every term of `family`, in the order of its enum.
[[nodiscard]] REVIEW_API std::span<const Term> terms(TermFamily family);

/// The term of `code` in `family` (exact code, as results and CSV files hold
/// it); throws UsageError naming the family and the code when it is not one of
/// them.
[[nodiscard]] REVIEW_API const Term& term(TermFamily family, std::string_view code);

/// The term of `code` in `family`, or null when it is not one of them (for
/// checking a plugin's results; throws InternalError only for a bad family).
[[nodiscard]] REVIEW_API const Term* find_term(TermFamily family, std::string_view code);

/// The Chinese label of `code` in `family` (`term(family, code).zh`); throws as term().
[[nodiscard]] REVIEW_API std::string_view label_zh(TermFamily family, std::string_view code);

/// The term of an enum value; throws InternalError for a value outside its enum
/// (and for Grade::none, which has no word).
[[nodiscard]] REVIEW_API const Term& term(FlagCode v);
[[nodiscard]] REVIEW_API const Term& term(Component v);
[[nodiscard]] REVIEW_API const Term& term(DeductionKind v);
[[nodiscard]] REVIEW_API const Term& term(Grade v);
[[nodiscard]] REVIEW_API const Term& term(Rating v);
[[nodiscard]] REVIEW_API const Term& term(DepartmentStatus v);
[[nodiscard]] REVIEW_API const Term& term(RectificationStatus v);
[[nodiscard]] REVIEW_API const Term& term(RectificationSource v);
[[nodiscard]] REVIEW_API const Term& term(ComplaintChannel v);
[[nodiscard]] REVIEW_API const Term& term(ActivityKind v);
[[nodiscard]] REVIEW_API const Term& term(SiteKind v);
[[nodiscard]] REVIEW_API const Term& term(CommitmentStatus v);

}  // namespace review
