#pragma once
/// @file cycle.hpp
/// The review-cycle domain (民主评议行风周期): departments, representatives,
/// commitments, outreach, surveys, hearings, rectification items, complaints,
/// ballots, questionnaires, daily-work scores and self-assessments.
///
/// Ratings are held as columns (one byte each, ids interned to dense integers);
/// everything else as rows. A Cycle is built once by the importer (ingest.hpp)
/// or from Python frames, and read by scoring and reports.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "libreview/column.hpp"
#include "libreview/export.hpp"

namespace review {

/// A calendar date (日期), written `YYYY-MM-DD`.
struct REVIEW_API Date {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;

  /// Parses `YYYY-MM-DD` (a real calendar day); nothing on anything else.
  static std::optional<Date> parse(std::string_view text);
  /// Parses a date as county clerks write it (日期写法): `YYYY-MM-DD`, `YYYY/M/D`,
  /// `YYYY.M.D` or `YYYY年M月D日` (month and day with one or two digits); nothing
  /// on anything else, ambiguous forms such as `M/D/YYYY` included.
  static std::optional<Date> parse_written(std::string_view text);
  /// `YYYY-MM-DD`.
  [[nodiscard]] std::string to_string() const;
  /// Days since 1970-01-01.
  [[nodiscard]] int days() const;
  /// The date `days` days after 1970-01-01 (the inverse of days()).
  [[nodiscard]] static Date from_days(int days);
  auto operator<=>(const Date&) const = default;
};

/// An appraisal rating (评价): 满意, 基本满意, 不满意, 不了解.
enum class Rating : std::uint8_t { satisfied = 0, basic = 1, dissatisfied = 2, unknown = 3 };
inline constexpr int kRatingCount = 4;

/// Whether a department is under review (参评) or exempt (免评).
enum class DepartmentStatus : std::uint8_t { participating = 0, exempt = 1 };

/// Where a complaint came from (来源): 热线, 来信, 来访, 市转办.
enum class ComplaintChannel : std::uint8_t { hotline = 0, letter, visit, city_referral };

/// What raised a rectification item (整改来源): 听证质询, 投诉, 调查.
enum class RectificationSource : std::uint8_t { hearing = 0, complaint, survey };

/// Progress of a rectification item (整改状态): 未整改, 整改中, 已整改, 已销号.
enum class RectificationStatus : std::uint8_t { open = 0, in_progress, rectified, verified };

/// How far a public commitment was kept (承诺兑现情况): 已兑现, 推进中, 未兑现
/// (office-year.md section 3); K counts the fulfilled ones.
enum class CommitmentStatus : std::uint8_t { fulfilled = 0, in_progress, unfulfilled };

/// Kind of outreach activity (三联系一走访): enterprise, village, household, visit.
enum class ActivityKind : std::uint8_t { enterprise = 0, village, household, visit };

/// Kind of site a representative surveyed (调查地点): enterprise, village, school, shop, other.
enum class SiteKind : std::uint8_t { enterprise = 0, village, school, shop, other };

/// Canonical English name (code) of an enum value (`satisfied`, `exempt`, ...), from
/// the vocabulary (vocabulary.hpp); throws InternalError for a value outside its enum.
REVIEW_API std::string_view to_string(Rating v);
REVIEW_API std::string_view to_string(DepartmentStatus v);
REVIEW_API std::string_view to_string(ComplaintChannel v);
REVIEW_API std::string_view to_string(RectificationSource v);
REVIEW_API std::string_view to_string(RectificationStatus v);
REVIEW_API std::string_view to_string(CommitmentStatus v);
REVIEW_API std::string_view to_string(ActivityKind v);
REVIEW_API std::string_view to_string(SiteKind v);
/// Chinese label of an enum value (`满意`, `免评`, ...), from the vocabulary
/// (vocabulary.hpp); throws InternalError for a value outside its enum.
REVIEW_API std::string_view label_zh(Rating v);
REVIEW_API std::string_view label_zh(DepartmentStatus v);
REVIEW_API std::string_view label_zh(ComplaintChannel v);
REVIEW_API std::string_view label_zh(RectificationSource v);
REVIEW_API std::string_view label_zh(RectificationStatus v);
REVIEW_API std::string_view label_zh(CommitmentStatus v);
REVIEW_API std::string_view label_zh(ActivityKind v);
REVIEW_API std::string_view label_zh(SiteKind v);

/// Parses an enum value given in English or Chinese (the aliases of the spec);
/// nothing when the text is not in the list. Surrounding spaces are ignored.
template <class E>
std::optional<E> parse_enum(std::string_view text);
template <>
REVIEW_API std::optional<Rating> parse_enum<Rating>(std::string_view);
template <>
REVIEW_API std::optional<DepartmentStatus> parse_enum<DepartmentStatus>(std::string_view);
template <>
REVIEW_API std::optional<ComplaintChannel> parse_enum<ComplaintChannel>(std::string_view);
template <>
REVIEW_API std::optional<RectificationSource> parse_enum<RectificationSource>(std::string_view);
template <>
REVIEW_API std::optional<RectificationStatus> parse_enum<RectificationStatus>(std::string_view);
template <>
REVIEW_API std::optional<CommitmentStatus> parse_enum<CommitmentStatus>(std::string_view);
template <>
REVIEW_API std::optional<ActivityKind> parse_enum<ActivityKind>(std::string_view);
template <>
REVIEW_API std::optional<SiteKind> parse_enum<SiteKind>(std::string_view);

/// Parses `true/false`, `yes/no`, `是/否` (also `1/0`); nothing otherwise.
REVIEW_API std::optional<bool> parse_bool(std::string_view text);

/// One stage of the cycle's calendar (阶段), e.g. public commitment May 15 – Jun 1.
struct Stage {
  std::string id;    ///< `enrolment`, `commitment`, `outreach`, `survey`, `hearing`, `evaluation`, ...
  std::string name;  ///< Chinese name, e.g. 公开承诺
  std::optional<Date> start;
  std::optional<Date> end;
};

/// What `cycle.toml` says of the cycle (评议年度).
struct CycleInfo {
  int year = 0;
  std::string region = "default";  ///< region profile id; also the region cycles are grouped by
  std::string name;
  /// The county (县名, `county` in cycle.toml, e.g. XX县) the cycle is of, as a city roll-up
  /// names it; empty when not given (the roll-up then takes the region id).
  std::string county = {};
  Date as_of;                 ///< the day overdue items are judged on (default Dec 31 of year)
  std::vector<Stage> stages;  ///< stage calendar, from cycle.toml or the region profile

  /// The day overdue items and complaints are judged on (评判日): as_of, or Dec 31
  /// of year when as_of was never set (a cycle built by hand). Scoring and every
  /// report judge with this one day.
  [[nodiscard]] Date judged_on() const noexcept { return as_of.year != 0 ? as_of : Date{year, 12, 31}; }
  std::optional<std::uint32_t> ballots_issued;         ///< 发放测评票: `[ballots] issued`
  std::optional<std::uint32_t> questionnaires_issued;  ///< 发放问卷: `[questionnaires] issued`
};

/// Ballot accounting (发放、收回、有效) of ballots or questionnaires, counted in
/// sheets (or distinct representatives / responses), never in rating rows.
struct BallotAccounting {
  std::optional<std::uint32_t> issued;  ///< 发放, when cycle.toml says
  std::size_t returned = 0;             ///< 收回: sheets (raters) with at least one rating
  std::size_t valid = 0;                ///< 有效: sheets with at least one valid vote (not 不了解)
  /// 回收率: returned ÷ issued (0–1), when issued is known and not zero.
  [[nodiscard]] std::optional<double> return_rate() const {
    if (!issued || *issued == 0) return std::nullopt;
    return static_cast<double>(returned) / static_cast<double>(*issued);
  }
};

/// A paper ballot keyed without a representative's code (匿名测评表): the
/// number printed on it and the sector it carries.
struct BallotSheet {
  std::string sheet_no;  ///< 票号, as written in the file
  std::string sector;    ///< 界别, or empty
};

/// A department under appraisal (参评部门) or exempt from it (免评部门).
struct Department {
  std::string id;
  std::string name;
  std::string category;  ///< the sector sequence (序列) departments are ranked within
  DepartmentStatus status = DepartmentStatus::participating;
  std::string exempt_reason;  ///< 免评原因
  std::string hotline;        ///< published supervision hotline (监督电话)
  /// 部门类型: names the same kind of department across counties (公安, 市场监管 …) for the
  /// city roll-up (rank_in_kind); empty when departments.csv has no `kind` column.
  std::string kind = {};
};

/// An appraisal representative (评议代表), known only by a pseudonymous code.
struct Representative {
  std::string id;        ///< pseudonymous code, never a name
  std::string sector;    ///< 界别
  bool trained = false;  ///< attended the representatives' training (是否培训)
};

/// A public commitment (公开承诺) a department published.
struct Commitment {
  std::string id;
  std::string department_id;
  std::string text;  ///< 承诺内容
  std::optional<Date> published_on;
  std::string channel;
  std::optional<Date> due_on;
  /// 兑现情况: the code of a CommitmentStatus (`fulfilled`, `in_progress`, `unfulfilled`; the
  /// import writes the code whether the file gave it in English or Chinese), or empty when
  /// not given. A string, as the store keeps it; kept_status() reads it.
  std::string status;

  /// The status, read from its code or Chinese label; nothing when empty or not a status.
  [[nodiscard]] REVIEW_API std::optional<CommitmentStatus> kept_status() const;
  /// Fulfilled (已兑现).
  [[nodiscard]] bool fulfilled() const { return kept_status() == CommitmentStatus::fulfilled; }
  /// Due by `day` (到期): its time limit (due_on, or Dec 31 of `year` without one) is on or
  /// before `day`. K (spec office-year 3) counts the commitments due by the judging day.
  [[nodiscard]] bool due_by(const Date& day, int year) const noexcept {
    return due_on.value_or(Date{year, 12, 31}) <= day;
  }
};

/// An outreach activity (三联系一走访).
struct OutreachActivity {
  std::string id;
  std::string department_id;
  ActivityKind kind = ActivityKind::visit;
  std::string target;
  std::optional<Date> date;
  std::string summary;
};

/// A representative's survey visit (社情民意调查走访).
struct SurveyVisit {
  std::string id;
  std::string representative_id;
  SiteKind site_kind = SiteKind::other;
  std::string site;
  std::optional<Date> visited_on;
  std::string department_id;
  std::string opinion;
};

/// A question put to a department at a public hearing (听证质询).
struct Hearing {
  std::string id;
  std::string department_id;
  std::optional<Date> held_on;
  std::string question;  ///< 质询问题
  std::string answer;    ///< 答复
  std::string rectification_id;
};

/// One recorded change of a rectification item's status (整改进度).
struct StatusChange {
  RectificationStatus status = RectificationStatus::open;
  Date on;  ///< closed_on for closing statuses, else the cycle's as_of at the import that saw it
};

/// A committed fix tracked until verified and closed (整改事项, 销号).
struct RectificationItem {
  std::string id;
  std::string department_id;
  RectificationSource source = RectificationSource::hearing;
  std::string source_ref;
  std::string category;          ///< 问题类别
  std::string description;       ///< 整改内容
  std::optional<Date> deadline;  ///< 整改时限
  RectificationStatus status = RectificationStatus::open;
  std::optional<Date> closed_on;      ///< 销号日期
  std::vector<StatusChange> history;  ///< earliest first; filled by the store

  /// Closed (已整改 or 已销号): rectified or verified.
  [[nodiscard]] bool closed() const noexcept {
    return status == RectificationStatus::rectified || status == RectificationStatus::verified;
  }
  /// Overdue on `as_of` (整改逾期, 逾期未整改): its deadline is before `as_of` and it
  /// is not closed. The O of the deductions (spec section 3) counts these.
  [[nodiscard]] bool overdue(const Date& as_of) const noexcept {
    return deadline && *deadline < as_of && !closed();
  }
};

/// A complaint against a department (投诉).
struct Complaint {
  std::string id;
  std::string department_id;
  std::optional<Date> received_on;
  ComplaintChannel channel = ComplaintChannel::hotline;
  std::string category;        ///< 问题类别
  bool substantiated = false;  ///< 是否属实
  std::optional<Date> due_on;  ///< 办结时限
  std::optional<Date> closed_on;
  std::string summary;

  /// Overdue on `as_of` (逾期未办结): still open, its time limit before `as_of`.
  [[nodiscard]] bool overdue(const Date& as_of) const noexcept {
    return due_on && *due_on < as_of && !closed_on;
  }
  /// Past its time limit (超过办结时限): closed after due_on, or overdue(as_of).
  [[nodiscard]] bool past_time_limit(const Date& as_of) const noexcept {
    return due_on && (closed_on ? *due_on < *closed_on : *due_on < as_of);
  }
};

/// One secret ballot (测评票): a representative's rating of a department.
struct Ballot {
  std::string representative_id;
  std::string department_id;
  Rating rating = Rating::unknown;
};

/// One answer of a public questionnaire (问卷测评) about one department.
struct QuestionnaireAnswer {
  std::string response_id;
  std::string respondent_group;  ///< 对象类别
  std::string department_id;
  Rating rating = Rating::unknown;
};

/// Ratings as columns (评价数据列). `department` indexes Cycle::departments;
/// `rater` indexes Cycle::representatives (ballots; from
/// representatives.size() on, Cycle::ballot_sheets: anonymous sheets) or Cycle::responses
/// (questionnaires); `group` indexes Cycle::respondent_groups (questionnaires
/// only, else empty).
struct RatingColumns {
  Column<std::uint32_t> department;
  Column<std::uint32_t> rater;
  Column<Rating> rating;
  Column<std::uint32_t> group;
  [[nodiscard]] std::size_t size() const noexcept { return rating.size(); }
};

/// A questionnaire response (问卷): its id and respondent group.
struct Response {
  std::string id;
  std::uint32_t group = 0;  ///< index into Cycle::respondent_groups
};

/// One whole review cycle (评议周期) as imported.
struct REVIEW_API Cycle {
  CycleInfo info;
  std::vector<Department> departments;
  std::vector<Representative> representatives;
  std::vector<BallotSheet> ballot_sheets;  ///< anonymous ballot sheets (测评表 without 代表编号)
  RatingColumns ballots;                   ///< 测评投票
  RatingColumns questionnaires;            ///< 问卷测评
  std::vector<Response> responses;
  std::vector<std::string> respondent_groups;
  std::vector<std::optional<double>> daily_work;       ///< 日常考核得分, by department index
  std::vector<std::optional<double>> expected_scores;  ///< 自评得分, by department index
  std::vector<Complaint> complaints;
  std::vector<RectificationItem> rectifications;
  std::vector<Commitment> commitments;
  std::vector<Hearing> hearings;
  std::vector<OutreachActivity> activities;
  std::vector<SurveyVisit> surveys;
  std::string source;        ///< folder, workbook or store it came from
  std::string content_hash;  ///< SHA-256 of the imported files, hex

  /// Rebuilds the id lookups; call after changing departments or representatives.
  void build_index();
  /// Dense index of a department id, or nothing.
  [[nodiscard]] std::optional<std::uint32_t> department_index(std::string_view id) const;
  /// Dense index of a representative id, or nothing.
  [[nodiscard]] std::optional<std::uint32_t> representative_index(std::string_view id) const;
  /// The i-th ballot as a row.
  [[nodiscard]] Ballot ballot(std::size_t i) const;
  /// The i-th questionnaire answer as a row.
  [[nodiscard]] QuestionnaireAnswer questionnaire_answer(std::size_t i) const;
  /// Raters of the ballots: representatives, then anonymous ballot sheets.
  [[nodiscard]] std::size_t rater_count() const noexcept {
    return representatives.size() + ballot_sheets.size();
  }
  /// Ballot accounting of the ballots (测评票发放回收).
  [[nodiscard]] BallotAccounting ballot_accounting() const;
  /// Ballot accounting of the public questionnaires (问卷发放回收).
  [[nodiscard]] BallotAccounting questionnaire_accounting() const;
  /// Number of participating departments.
  [[nodiscard]] std::size_t participating_count() const;

 private:
  std::unordered_map<std::string, std::uint32_t> department_lookup_;
  std::unordered_map<std::string, std::uint32_t> representative_lookup_;
};

}  // namespace review
