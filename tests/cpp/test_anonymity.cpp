// Small-cell suppression with complementary suppression (spec section 5).
#include <gtest/gtest.h>

#include <random>

#include "fixtures.hpp"
#include "libreview/anonymity.hpp"

using namespace review;

namespace {

Breakdown table(std::vector<std::vector<std::int64_t>> rows, bool row_totals = true,
                bool col_totals = false) {
  Breakdown b;
  for (std::size_t r = 0; r < rows.size(); ++r) b.row_labels.push_back("r" + std::to_string(r));
  for (std::size_t c = 0; c < rows.at(0).size(); ++c) b.column_labels.push_back("c" + std::to_string(c));
  for (const auto& row : rows) b.counts.insert(b.counts.end(), row.begin(), row.end());
  b.show_row_totals = row_totals;
  b.show_column_totals = col_totals;
  return b;
}

}  // namespace

TEST(Suppression, SmallCellAndTheNextSmallestOfItsRow) {
  auto s = suppress_small_cells(table({{12, 3, 9, 20}}));
  EXPECT_TRUE(s.is_suppressed(0, 1));  // 3 < 5
  EXPECT_TRUE(s.is_suppressed(0, 2));  // next smallest, complementary
  EXPECT_FALSE(s.is_suppressed(0, 0));
  EXPECT_FALSE(s.is_suppressed(0, 3));
  EXPECT_EQ(s.shown_row_total(0), 44);
}

TEST(Suppression, HiddenCellsOfALineHoldAtLeastKTogether) {
  // 2 and the next smallest, 0, hold 2 < 5 answers: 12 is hidden too.
  auto s = suppress_small_cells(table({{12, 0, 2, 20}}));
  EXPECT_TRUE(s.is_suppressed(0, 2));
  EXPECT_TRUE(s.is_suppressed(0, 1));
  EXPECT_TRUE(s.is_suppressed(0, 0));
  EXPECT_FALSE(s.is_suppressed(0, 3));
  EXPECT_EQ(s.suppressed_count(), 3U);
}

TEST(Suppression, HiddenZerosAreNotLeftAloneInALine) {
  // The case of a letter: a sector row 5 0 — — with total 5 would tell that
  // the hidden cells are 0. Hiding must go on until they hold k answers.
  auto s = suppress_small_cells(table({{5, 0, 0, 0}, {20, 10, 3, 1}}, true, true));
  EXPECT_EQ(s.shown_row_total(0), 5);
  EXPECT_FALSE(s.shown(0, 0)) << "the 5 would show that the hidden cells of its row are 0";
}

TEST(Suppression, CellsOfALineWithAShownTotalOfZeroAreShown) {
  // D13's case in the sample: no one answered 不满意, so the column's total 0 is shown and
  // every cell of it is 0 to anyone who reads it. Such a cell protects nothing when hidden:
  // the small 3 takes its partner elsewhere in its row, and the zeros are shown.
  auto s = suppress_small_cells(table({{3, 12, 9, 0}, {20, 10, 6, 0}, {11, 8, 7, 0}}, true, true));
  EXPECT_FALSE(s.column_total_suppressed[3]);
  for (std::size_t r = 0; r < 3; ++r) EXPECT_EQ(s.shown(r, 3), 0) << r;
  EXPECT_TRUE(s.is_suppressed(0, 0));
  EXPECT_TRUE(s.is_suppressed(0, 1) || s.is_suppressed(0, 2)) << "the 3 needs a partner that is not 0";
  EXPECT_TRUE(s.is_suppressed(1, 0) || s.is_suppressed(2, 0));
  // A row whose shown total is 0 is shown whole, even under a column hidden for its small total.
  auto z = suppress_small_cells(table({{0, 0, 0}, {1, 10, 10}, {1, 10, 10}}, true, true));
  EXPECT_TRUE(z.column_total_suppressed[0]);
  for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ(z.shown(0, c), 0) << c;
}

TEST(Suppression, NoTotalNoComplement) {
  auto s = suppress_small_cells(table({{12, 3, 9, 20}}, /*row_totals=*/false));
  EXPECT_EQ(s.suppressed_count(), 1U);
}

TEST(Suppression, SmallRowTotalHidesTheWholeRow) {
  auto s = suppress_small_cells(table({{1, 0, 2, 0}, {10, 10, 10, 10}}));
  EXPECT_FALSE(s.shown_row_total(0));
  for (std::size_t c = 0; c < 4; ++c) EXPECT_TRUE(s.is_suppressed(0, c));
  EXPECT_EQ(s.shown_row_total(1), 40);
}

TEST(Suppression, ColumnTotalsAreProtectedToo) {
  auto s = suppress_small_cells(table({{2, 10, 10}, {10, 10, 10}, {10, 11, 12}}, true, true));
  EXPECT_TRUE(s.is_suppressed(0, 0));
  // Row 0 needs a partner, and so does column 0.
  EXPECT_TRUE(s.is_suppressed(0, 1) || s.is_suppressed(0, 2));
  EXPECT_TRUE(s.is_suppressed(1, 0) || s.is_suppressed(2, 0));
}

// Property: over random tables, no shown line (total shown) has exactly one
// hidden cell, and no shown cell holds 1..k-1 answers.
TEST(Suppression, NothingRecoverableBySubtractionOverRandomTables) {
  std::mt19937 rng(20171231);
  std::uniform_int_distribution<int> dim(1, 6), val(0, 12);
  for (int trial = 0; trial < 3000; ++trial) {
    const int rows = dim(rng), cols = dim(rng);
    std::vector<std::vector<std::int64_t>> t(rows, std::vector<std::int64_t>(cols));
    for (auto& r : t)
      for (auto& v : r) v = val(rng);
    auto s = suppress_small_cells(table(t, true, trial % 2 == 0));
    const auto& b = s.table;
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c)
        if (!s.is_suppressed(r, c)) {
          EXPECT_FALSE(b.count(r, c) > 0 && b.count(r, c) < 5);
        }
    // Every line with a shown total hides nothing, or at least two cells
    // holding at least k answers together.
    for (int r = 0; r < rows; ++r) {
      if (s.row_total_suppressed[r]) continue;
      int hidden = 0;
      std::int64_t sum = 0;
      for (int c = 0; c < cols; ++c)
        if (s.is_suppressed(r, c)) ++hidden, sum += b.count(r, c);
      EXPECT_TRUE(hidden == 0 || (hidden >= 2 && sum >= 5)) << "row " << r << " of trial " << trial;
    }
    if (b.show_column_totals)
      for (int c = 0; c < cols; ++c) {
        if (s.column_total_suppressed[c]) continue;
        int hidden = 0;
        std::int64_t sum = 0;
        for (int r = 0; r < rows; ++r)
          if (s.is_suppressed(r, c)) ++hidden, sum += b.count(r, c);
        EXPECT_TRUE(hidden == 0 || (hidden >= 2 && sum >= 5)) << "column " << c << " of trial " << trial;
      }
  }
}

TEST(AnonymousView, BreakdownsAndOpinionsOfADepartment) {
  Cycle c;
  c.departments = {{"D01", "县公安局", "执法监督类", DepartmentStatus::participating, "", ""}};
  for (int i = 0; i < 12; ++i)
    c.representatives.push_back({"R" + std::to_string(i), i < 9 ? "人大代表" : "政协委员", true});
  std::vector<std::uint32_t> dep(12, 0), rater;
  std::vector<Rating> rating;
  for (std::uint32_t i = 0; i < 12; ++i) {
    rater.push_back(i);
    rating.push_back(i < 9 ? Rating::satisfied : Rating::dissatisfied);
  }
  c.ballots.department = Column<std::uint32_t>(dep);
  c.ballots.rater = Column<std::uint32_t>(rater);
  c.ballots.rating = Column<Rating>(rating);
  for (int i = 0; i < 4; ++i)
    c.surveys.push_back({"S" + std::to_string(i), "R1", SiteKind::shop, "某门店", {}, "D01", "态度好"});
  c.build_index();
  AnonymousView view(c);
  auto by_sector = view.ballots_by_sector(0);
  // 政协委员: 3 dissatisfied, a row total of 3 < 5: whole row hidden.
  ASSERT_EQ(by_sector.table.row_labels.size(), 2U);
  const std::size_t zx = by_sector.table.row_labels[0] == "政协委员" ? 0 : 1;
  EXPECT_FALSE(by_sector.shown_row_total(zx));
  EXPECT_FALSE(by_sector.shown(zx, static_cast<std::size_t>(Rating::dissatisfied)));
  EXPECT_TRUE(view.opinions(0).empty()) << "4 opinions < k";
  c.surveys.push_back({"S9", "R2", SiteKind::shop, "某门店", {}, "D01", "办事快"});
  ASSERT_EQ(view.opinions(0).size(), 2U);
  EXPECT_EQ(view.opinions(0)[0].times + view.opinions(0)[1].times, 5);
}

TEST(AnonymousView, TheIndexAnswersAsTheCycleDoes) {
  Cycle c = review::test::sample_cycle();
  // Opinions: enough about the first department to be shown, one about an unknown id.
  for (int i = 0; i < 6; ++i)
    c.surveys.push_back({"SX" + std::to_string(i),
                         c.representatives.front().id,
                         SiteKind::shop,
                         "某门店",
                         {},
                         c.departments.front().id,
                         i % 2 ? "态度好" : "办事快"});
  c.surveys.push_back({"SY", c.representatives.front().id, SiteKind::shop, "某门店", {}, "NO-SUCH", "x"});
  const AnonymousView plain(c, 3);
  AnonymousView indexed(c, 3);
  indexed.build_index();
  auto same = [](const SuppressedBreakdown& a, const SuppressedBreakdown& b) {
    EXPECT_EQ(a.table.row_labels, b.table.row_labels);
    EXPECT_EQ(a.table.counts, b.table.counts);
    EXPECT_EQ(a.suppressed, b.suppressed);
    EXPECT_EQ(a.row_total_suppressed, b.row_total_suppressed);
    EXPECT_EQ(a.column_total_suppressed, b.column_total_suppressed);
  };
  std::int64_t shown = 0;
  for (std::uint32_t d = 0; d < c.departments.size() + 1; ++d) {  // and one past the last
    same(plain.ballots_by_sector(d), indexed.ballots_by_sector(d));
    same(plain.questionnaires_by_group(d), indexed.questionnaires_by_group(d));
    if (d == c.departments.size()) break;
    EXPECT_EQ(plain.opinion_count(d), indexed.opinion_count(d));
    const auto a = plain.opinions(d), b = indexed.opinions(d);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].text, b[i].text);
      EXPECT_EQ(a[i].times, b[i].times);
      shown += a[i].times;
    }
  }
  EXPECT_GE(shown, 6) << "the test should show some opinions";
  EXPECT_THROW((void)indexed.opinion_count(static_cast<std::uint32_t>(c.departments.size())),
               std::out_of_range);
}
