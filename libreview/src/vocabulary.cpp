// The domain vocabulary (词汇表): one table per family of terms, the lookups by
// enum and by code, and the enum names of cycle.hpp and scoring.hpp read from them.
#include "libreview/vocabulary.hpp"

#include <fmt/format.h>

#include <array>

#include "libreview/cycle.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/scoring.hpp"

namespace review {

namespace {

// Each table in the order of its enum: the enum value is the index.

constexpr Term kFlags[] = {
    {"insufficient_ballots", "有效测评票不足", "too few valid ballots"},
    {"straight_lining", "评价雷同", "the same rating for every department"},
    {"ballot_public_divergence", "测评票与问卷差异大", "ballots far above the questionnaire"},
    {"self_overestimate", "自评偏高", "self-assessment too high"},
    {"overdue_rectification", "整改逾期", "overdue rectification"},
    {"relapse", "问题重犯", "relapse"},
    {"missing_component", "评分项缺失", "missing component"},
    {"last_place", "序列末位", "last in its sequence"},
};

// Grade::none (0) has no word: kGrades[g - 1] is the term of Grade g.
constexpr Term kGrades[] = {
    {"excellent", "优秀", "excellent"},
    {"good", "良好", "good"},
    {"fair", "一般", "fair"},
    {"poor", "较差", "poor"},
};

constexpr Term kComponents[] = {
    {"ballot", "代表测评", "representatives' ballot"},
    {"questionnaire", "群众问卷", "public questionnaire"},
    {"daily_work", "日常考核", "daily work"},
    {"commitment", "承诺兑现", "commitments kept"},
};

constexpr Term kDeductions[] = {
    {"complaint", "属实投诉", "substantiated complaints"},
    {"complaint_focus", "属实投诉（年度重点）", "substantiated complaints (focus theme)"},
    {"overdue", "逾期未整改事项", "overdue rectification items"},
    {"relapse", "问题重犯", "relapses"},
};

constexpr Term kRatings[] = {
    {"satisfied", "满意", "satisfied"},
    {"basic", "基本满意", "basically satisfied"},
    {"dissatisfied", "不满意", "dissatisfied"},
    {"unknown", "不了解", "don't know"},
};

constexpr Term kDepartmentStatuses[] = {
    {"participating", "参评", "participating"},
    {"exempt", "免评", "exempt"},
};

constexpr Term kRectificationStatuses[] = {
    {"open", "未整改", "open"},
    {"in_progress", "整改中", "in progress"},
    {"rectified", "已整改", "rectified"},
    {"verified", "已销号", "verified and closed"},
};

constexpr Term kRectificationSources[] = {
    {"hearing", "听证质询", "hearing"},
    {"complaint", "投诉", "complaint"},
    {"survey", "调查", "survey"},
};

constexpr Term kComplaintChannels[] = {
    {"hotline", "热线", "hotline"},
    {"letter", "来信", "letter"},
    {"visit", "来访", "visit"},
    {"city_referral", "市转办", "referred by the city"},
};

constexpr Term kActivityKinds[] = {
    {"enterprise", "企业", "enterprise"},
    {"village", "乡村", "village"},
    {"household", "农户", "household"},
    {"visit", "走访", "visit"},
};

constexpr Term kSiteKinds[] = {
    {"enterprise", "企业", "enterprise"}, {"village", "农村", "village"},
    {"school", "学校", "school"},         {"shop", "门店", "shop"},
    {"other", "其他", "other"},
};

constexpr Term kCommitmentStatuses[] = {
    {"fulfilled", "已兑现", "fulfilled"},
    {"in_progress", "推进中", "in progress"},
    {"unfulfilled", "未兑现", "not fulfilled"},
};

struct FamilyTable {
  std::string_view name;
  std::span<const Term> terms;
};

// In TermFamily order.
constexpr std::array<FamilyTable, std::size(kTermFamilies)> kFamilies = {{
    {"flag", kFlags},
    {"grade", kGrades},
    {"component", kComponents},
    {"deduction", kDeductions},
    {"rating", kRatings},
    {"department_status", kDepartmentStatuses},
    {"rectification_status", kRectificationStatuses},
    {"rectification_source", kRectificationSources},
    {"complaint_channel", kComplaintChannels},
    {"activity_kind", kActivityKinds},
    {"site_kind", kSiteKinds},
    {"commitment_status", kCommitmentStatuses},
}};

const FamilyTable& family_table(TermFamily family) {
  const auto i = static_cast<std::size_t>(family);
  if (i >= kFamilies.size()) refuse<InternalError>("LR-E011", message("LR-E014", i));
  return kFamilies[i];
}

/// The term of enum value `v` (index `v - offset`) in `family`.
template <class E>
const Term& term_of(TermFamily family, E v, std::size_t offset = 0) {
  const FamilyTable& t = family_table(family);
  const auto i = static_cast<std::size_t>(v);
  if (i < offset || i - offset >= t.terms.size())
    refuse<InternalError>("LR-E011", message("LR-E015", t.name, i));
  return t.terms[i - offset];
}

std::string_view trim(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.remove_suffix(1);
  return t;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

/// An enum value from its code (ASCII case ignored) or Chinese label; nothing otherwise.
template <class E>
std::optional<E> parse_term(TermFamily family, std::string_view text) {
  text = trim(text);
  const auto terms = family_table(family).terms;
  for (std::size_t i = 0; i < terms.size(); ++i)
    if (iequals_ascii(terms[i].code, text) || terms[i].zh == text) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view family_name(TermFamily family) { return family_table(family).name; }

std::span<const Term> terms(TermFamily family) { return family_table(family).terms; }

const Term* find_term(TermFamily family, std::string_view code) {
  for (const Term& x : family_table(family).terms)
    if (x.code == code) return &x;
  return nullptr;
}

const Term& term(TermFamily family, std::string_view code) {
  const FamilyTable& t = family_table(family);
  if (const Term* x = find_term(family, code)) return *x;
  refuse<UsageError>("LR-U111", code, t.name);
}

std::string_view label_zh(TermFamily family, std::string_view code) { return term(family, code).zh; }

const Term& term(FlagCode v) { return term_of(TermFamily::flag, v); }
const Term& term(Component v) { return term_of(TermFamily::component, v); }
const Term& term(DeductionKind v) { return term_of(TermFamily::deduction, v); }
const Term& term(Grade v) { return term_of(TermFamily::grade, v, 1); }
const Term& term(Rating v) { return term_of(TermFamily::rating, v); }
const Term& term(DepartmentStatus v) { return term_of(TermFamily::department_status, v); }
const Term& term(RectificationStatus v) { return term_of(TermFamily::rectification_status, v); }
const Term& term(RectificationSource v) { return term_of(TermFamily::rectification_source, v); }
const Term& term(ComplaintChannel v) { return term_of(TermFamily::complaint_channel, v); }
const Term& term(ActivityKind v) { return term_of(TermFamily::activity_kind, v); }
const Term& term(SiteKind v) { return term_of(TermFamily::site_kind, v); }
const Term& term(CommitmentStatus v) { return term_of(TermFamily::commitment_status, v); }

// ---- the enum names of cycle.hpp and scoring.hpp -------------------------------------------

std::string_view to_string(Rating v) { return term(v).code; }
std::string_view to_string(DepartmentStatus v) { return term(v).code; }
std::string_view to_string(ComplaintChannel v) { return term(v).code; }
std::string_view to_string(RectificationSource v) { return term(v).code; }
std::string_view to_string(RectificationStatus v) { return term(v).code; }
std::string_view to_string(ActivityKind v) { return term(v).code; }
std::string_view to_string(SiteKind v) { return term(v).code; }
std::string_view to_string(CommitmentStatus v) { return term(v).code; }
std::string_view to_string(Grade g) { return g == Grade::none ? std::string_view() : term(g).code; }
std::string_view label_zh(Rating v) { return term(v).zh; }
std::string_view label_zh(DepartmentStatus v) { return term(v).zh; }
std::string_view label_zh(ComplaintChannel v) { return term(v).zh; }
std::string_view label_zh(RectificationSource v) { return term(v).zh; }
std::string_view label_zh(RectificationStatus v) { return term(v).zh; }
std::string_view label_zh(ActivityKind v) { return term(v).zh; }
std::string_view label_zh(SiteKind v) { return term(v).zh; }
std::string_view label_zh(CommitmentStatus v) { return term(v).zh; }
std::string_view label_zh(Grade g) { return g == Grade::none ? std::string_view() : term(g).zh; }

template <>
std::optional<Rating> parse_enum<Rating>(std::string_view t) {
  return parse_term<Rating>(TermFamily::rating, t);
}
template <>
std::optional<DepartmentStatus> parse_enum<DepartmentStatus>(std::string_view t) {
  return parse_term<DepartmentStatus>(TermFamily::department_status, t);
}
template <>
std::optional<ComplaintChannel> parse_enum<ComplaintChannel>(std::string_view t) {
  return parse_term<ComplaintChannel>(TermFamily::complaint_channel, t);
}
template <>
std::optional<RectificationSource> parse_enum<RectificationSource>(std::string_view t) {
  return parse_term<RectificationSource>(TermFamily::rectification_source, t);
}
template <>
std::optional<RectificationStatus> parse_enum<RectificationStatus>(std::string_view t) {
  return parse_term<RectificationStatus>(TermFamily::rectification_status, t);
}
template <>
std::optional<ActivityKind> parse_enum<ActivityKind>(std::string_view t) {
  return parse_term<ActivityKind>(TermFamily::activity_kind, t);
}
template <>
std::optional<SiteKind> parse_enum<SiteKind>(std::string_view t) {
  return parse_term<SiteKind>(TermFamily::site_kind, t);
}

template <>
std::optional<CommitmentStatus> parse_enum<CommitmentStatus>(std::string_view t) {
  return parse_term<CommitmentStatus>(TermFamily::commitment_status, t);
}

std::optional<bool> parse_bool(std::string_view t) {
  t = trim(t);
  for (auto s : {"true", "yes", "1", "是", "y"})
    if (iequals_ascii(t, s)) return true;
  for (auto s : {"false", "no", "0", "否", "n"})
    if (iequals_ascii(t, s)) return false;
  return std::nullopt;
}

}  // namespace review
