// The domain vocabulary (vocabulary.hpp) and the overdue rules of cycle.hpp.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "fixtures.hpp"
#include "libreview/cycle.hpp"
#include "libreview/error.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/scoring.hpp"
#include "libreview/vocabulary.hpp"

using namespace review;

namespace {

/// True when `text` holds a character outside ASCII (a Chinese label does).
bool has_non_ascii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

/// Every value of an enum of `n` values has a term whose code and labels round-trip.
template <class E>
void expect_every_value_named(TermFamily family, int first, int count) {
  const auto words = terms(family);
  ASSERT_EQ(words.size(), static_cast<std::size_t>(count)) << family_name(family);
  for (int i = 0; i < count; ++i) {
    const Term& t = term(static_cast<E>(first + i));
    EXPECT_EQ(&t, &words[static_cast<std::size_t>(i)]) << family_name(family) << " #" << i;
    EXPECT_EQ(&term(family, t.code), &t) << t.code;
  }
  EXPECT_THROW((void)term(static_cast<E>(first + count)), InternalError) << family_name(family);
}

}  // namespace

TEST(Vocabulary, EveryTermHasACodeAChineseAndAnEnglishWord) {
  for (const TermFamily family : kTermFamilies) {
    const auto words = terms(family);
    EXPECT_FALSE(words.empty()) << family_name(family);
    std::set<std::string_view> codes, zh, en;
    for (const Term& t : words) {
      EXPECT_FALSE(t.code.empty()) << family_name(family);
      EXPECT_TRUE(has_non_ascii(t.zh)) << family_name(family) << " " << t.code << ": " << t.zh;
      EXPECT_FALSE(t.en.empty()) << family_name(family) << " " << t.code;
      EXPECT_FALSE(has_non_ascii(t.en)) << family_name(family) << " " << t.code << ": " << t.en;
      // Every word is over a string literal: C callers (libxlsxwriter, review.h) take data().
      EXPECT_EQ(t.zh.data()[t.zh.size()], '\0') << t.code;
      EXPECT_EQ(t.code.data()[t.code.size()], '\0') << t.code;
      codes.insert(t.code);
      zh.insert(t.zh);
      en.insert(t.en);
    }
    // One word per concept: no two terms of a family share a code or a label.
    EXPECT_EQ(codes.size(), words.size()) << family_name(family);
    EXPECT_EQ(zh.size(), words.size()) << family_name(family);
    EXPECT_EQ(en.size(), words.size()) << family_name(family);
  }
}

TEST(Vocabulary, EveryEnumValueHasItsTermAndNoOtherValueDoes) {
  expect_every_value_named<FlagCode>(TermFamily::flag, 0, 8);
  expect_every_value_named<Component>(TermFamily::component, 0, 4);
  expect_every_value_named<DeductionKind>(TermFamily::deduction, 0, 4);
  expect_every_value_named<Grade>(TermFamily::grade, 1, 4);  // Grade::none has no word
  expect_every_value_named<Rating>(TermFamily::rating, 0, kRatingCount);
  expect_every_value_named<DepartmentStatus>(TermFamily::department_status, 0, 2);
  expect_every_value_named<RectificationStatus>(TermFamily::rectification_status, 0, 4);
  expect_every_value_named<RectificationSource>(TermFamily::rectification_source, 0, 3);
  expect_every_value_named<ComplaintChannel>(TermFamily::complaint_channel, 0, 4);
  expect_every_value_named<ActivityKind>(TermFamily::activity_kind, 0, 4);
  expect_every_value_named<SiteKind>(TermFamily::site_kind, 0, 5);
  expect_every_value_named<CommitmentStatus>(TermFamily::commitment_status, 0, 3);
  EXPECT_THROW((void)term(Grade::none), InternalError);
  EXPECT_EQ(to_string(Grade::none), "");
  EXPECT_EQ(label_zh(Grade::none), "");
  EXPECT_THROW((void)to_string(static_cast<Rating>(7)), InternalError);
  EXPECT_THROW((void)label_zh(static_cast<RectificationStatus>(4)), InternalError);
  EXPECT_THROW((void)family_name(static_cast<TermFamily>(99)), InternalError);
}

TEST(Vocabulary, TheSeedOfficesWords) {
  EXPECT_EQ(label_zh(TermFamily::flag, "insufficient_ballots"), "有效测评票不足");
  EXPECT_EQ(label_zh(TermFamily::flag, "straight_lining"), "评价雷同");
  EXPECT_EQ(label_zh(TermFamily::flag, "ballot_public_divergence"), "测评票与问卷差异大");
  EXPECT_EQ(label_zh(TermFamily::flag, "self_overestimate"), "自评偏高");
  EXPECT_EQ(label_zh(TermFamily::flag, "overdue_rectification"), "整改逾期");
  EXPECT_EQ(label_zh(TermFamily::flag, "relapse"), "问题重犯");
  EXPECT_EQ(label_zh(TermFamily::flag, "missing_component"), "评分项缺失");
  EXPECT_EQ(label_zh(TermFamily::flag, "last_place"), "序列末位");
  EXPECT_EQ(term(Component::ballot).zh, "代表测评");
  EXPECT_EQ(term(Component::questionnaire).zh, "群众问卷");
  EXPECT_EQ(term(Component::daily_work).zh, "日常考核");
  EXPECT_EQ(term(DeductionKind::complaint).zh, "属实投诉");
  EXPECT_EQ(term(DeductionKind::overdue).zh, "逾期未整改事项");
  EXPECT_EQ(term(DeductionKind::relapse).zh, term(FlagCode::relapse).zh);  // one concept, one word
  EXPECT_EQ(label_zh(Grade::excellent), "优秀");
  EXPECT_EQ(label_zh(Grade::poor), "较差");
  EXPECT_EQ(label_zh(RectificationStatus::verified), "已销号");
  EXPECT_EQ(label_zh(RectificationSource::hearing), "听证质询");
  EXPECT_EQ(label_zh(ComplaintChannel::city_referral), "市转办");
  EXPECT_EQ(label_zh(Rating::unknown), "不了解");
  EXPECT_EQ(term(Component::commitment).zh, "承诺兑现");
  EXPECT_EQ(label_zh(CommitmentStatus::fulfilled), "已兑现");
  EXPECT_EQ(label_zh(CommitmentStatus::in_progress), "推进中");
  EXPECT_EQ(label_zh(CommitmentStatus::unfulfilled), "未兑现");
  EXPECT_EQ(parse_enum<CommitmentStatus>("已兑现"), CommitmentStatus::fulfilled);
  EXPECT_EQ(parse_enum<CommitmentStatus>(" Unfulfilled "), CommitmentStatus::unfulfilled);
  EXPECT_EQ(parse_enum<CommitmentStatus>("done"), std::nullopt);
  // The receipt codes scoring writes are the vocabulary's codes.
  EXPECT_EQ(term(TermFamily::deduction, "complaint_focus").code, "complaint_focus");
  for (const auto component : ComponentWeights::kComponents)
    EXPECT_EQ(term(TermFamily::component, component).code, component);
}

TEST(Vocabulary, AnUnknownCodeFailsLoudly) {
  EXPECT_THROW((void)term(TermFamily::flag, "county_special_rule"), UsageError);
  EXPECT_THROW((void)label_zh(TermFamily::flag, ""), UsageError);
  EXPECT_THROW((void)label_zh(TermFamily::grade, "none"), UsageError);
  // Codes are exact: the aliases of the import (Chinese, other case) are not codes.
  EXPECT_THROW((void)term(TermFamily::rating, "Satisfied"), UsageError);
  EXPECT_THROW((void)term(TermFamily::rating, "满意"), UsageError);
  EXPECT_EQ(find_term(TermFamily::flag, "county_special_rule"), nullptr);
  try {
    (void)term(TermFamily::deduction, "late_fee");
    FAIL() << "no throw";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("late_fee"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("deduction"), std::string::npos) << e.what();
  }
}

TEST(Vocabulary, ScoringResultsOutsideTheVocabularyAreRefused) {
  const Cycle c = test::sample_cycle();
  const RegionProfile p = test::profile("default");
  Results r = test::sample_results(c);
  ASSERT_NO_THROW(check_results(c, r, p, "the test rule"));
  Results flagged = r;
  flagged.departments[0].flags.push_back("zzz_unheard_of");
  EXPECT_THROW(check_results(c, flagged, p, "the test rule"), PluginError);
  Results deducted = r;
  deducted.departments[0].receipt.deductions.push_back(DeductionReceipt{"late_fee", 1, {"X1"}, 1, {}});
  EXPECT_THROW(check_results(c, deducted, p, "the test rule"), PluginError);
}

TEST(Overdue, RectificationItemIsOverdueAfterItsDeadlineUntilClosed) {
  const Date as_of{2017, 12, 31};
  RectificationItem item;
  EXPECT_FALSE(item.overdue(as_of)) << "no deadline";
  item.deadline = Date{2017, 12, 30};
  EXPECT_TRUE(item.overdue(as_of));
  item.deadline = as_of;
  EXPECT_FALSE(item.overdue(as_of)) << "due on the day itself";
  item.deadline = Date{2017, 6, 1};
  for (const auto status : {RectificationStatus::open, RectificationStatus::in_progress})
    EXPECT_TRUE((item.status = status, item.overdue(as_of))) << to_string(status);
  for (const auto status : {RectificationStatus::rectified, RectificationStatus::verified})
    EXPECT_FALSE((item.status = status, item.overdue(as_of))) << to_string(status);
}

TEST(Overdue, ComplaintOverdueWhileOpenAndPastItsTimeLimitAlsoWhenClosedLate) {
  const Date as_of{2017, 12, 31};
  Complaint c;
  EXPECT_FALSE(c.overdue(as_of));
  EXPECT_FALSE(c.past_time_limit(as_of));
  c.due_on = Date{2017, 3, 1};
  EXPECT_TRUE(c.overdue(as_of));
  EXPECT_TRUE(c.past_time_limit(as_of));
  c.closed_on = Date{2017, 3, 5};  // closed late
  EXPECT_FALSE(c.overdue(as_of));
  EXPECT_TRUE(c.past_time_limit(as_of));
  c.closed_on = Date{2017, 2, 20};  // closed in time
  EXPECT_FALSE(c.past_time_limit(as_of));
}

TEST(Overdue, TheDayItemsAreJudgedOn) {
  CycleInfo info;
  info.year = 2017;
  EXPECT_EQ(info.judged_on(), (Date{2017, 12, 31})) << "as_of never set";
  info.as_of = Date{2017, 11, 30};
  EXPECT_EQ(info.judged_on(), info.as_of);
}
