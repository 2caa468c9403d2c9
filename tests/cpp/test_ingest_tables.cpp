// The importer's lookup tables (ingest/pair_set_internal.hpp, id_table_internal.hpp):
// duplicate detection through import_tables() and PairSet itself, and IdTable.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "ingest/pair_set_internal.hpp"
#include "libreview/ingest.hpp"

using namespace review;

// Duplicate detection (ingest/pair_set_internal.hpp): stamps per department while the rows
// of each rater follow each other; a rater coming back moves it to a bitmap of
// raters × departments, or, for a province of merged counties (responses ×
// departments past the bitmap's budget), to a hash set. A pair first seen
// before the move and again after it is still caught, and rows refused for
// another reason (here a bad rating) mark nothing. (PairSet's own tests below
// also go from the bitmap on to the hash set.)
TEST(ImportTables, DuplicateAnswersAreCaughtAcrossTheMoveToTheHashSet) {
  constexpr std::uint32_t kDepartments = 6400;  // 100 words of bits per response
  constexpr std::uint32_t kResponses = 22000;   // 2.2 M words: past the 2 M-word bitmap
  CycleTables t;
  t.info.year = 2017;
  t.info.as_of = Date{2017, 12, 31};
  TextTable deps{"departments", {"id", "name", "category", "status"}, {{}, {}, {}, {}}};
  for (std::uint32_t d = 0; d < kDepartments; ++d) {
    deps.columns[0].push_back("D" + std::to_string(d));
    deps.columns[1].push_back("部门" + std::to_string(d));
    deps.columns[2].push_back("类" + std::to_string(d % 4));
    deps.columns[3].push_back("participating");
  }
  t.tables.push_back(std::move(deps));
  t.tables.push_back(
      TextTable{"representatives", {"id", "sector", "trained"}, {{"R1"}, {"企业代表"}, {"true"}}});
  RatingTable ballots;
  ballots.name = "ballots";
  ballots.department = Column<std::uint32_t>(std::vector<std::uint32_t>{0});
  ballots.rater = Column<std::uint32_t>(std::vector<std::uint32_t>{0});
  ballots.rating = Column<std::uint8_t>(std::vector<std::uint8_t>{0});
  t.ballots = std::move(ballots);
  // (response, department, rating) by row; row i is line i + 1 of the diagnostics.
  std::vector<std::uint32_t> dep, rater;
  std::vector<std::uint8_t> rating;
  auto row = [&](std::uint32_t r, std::uint32_t d, std::uint8_t v = 1) {
    rater.push_back(r);
    dep.push_back(d);
    rating.push_back(v);
  };
  row(0, 0);
  row(1, 1);
  row(1, 3, 7);  // line 3: a bad rating, the pair is not marked
  row(0, 2);     // response 0 comes back: the move to the hash set
  row(0, 0);     // line 5: a pair marked before the move
  row(1, 3);     // not a duplicate: line 3 was refused
  for (std::uint32_t r = 2; r < kResponses; ++r) row(r, r % kDepartments);
  row(5, 5);  // again
  RatingTable answers;
  answers.name = "questionnaires";
  answers.department = Column<std::uint32_t>(dep);
  answers.rater = Column<std::uint32_t>(rater);
  answers.rating = Column<std::uint8_t>(rating);
  t.questionnaires = std::move(answers);
  try {
    (void)import_tables(std::move(t));
    FAIL() << "the duplicate answers were not caught";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.total(), 3U);
    EXPECT_EQ(e.diagnostics()[0].line, 3U);
    EXPECT_EQ(e.diagnostics()[0].message, "rating not in the list");
    for (std::size_t i : {1U, 2U})
      EXPECT_EQ(e.diagnostics()[i].message,
                "second answer of this questionnaire response for this department");
    EXPECT_EQ(e.diagnostics()[1].line, 5U);
    EXPECT_EQ(e.diagnostics()[1].value, "D0");
    EXPECT_EQ(e.diagnostics()[2].line, dep.size());
    EXPECT_EQ(e.diagnostics()[2].value, "D5");
  }
}

// The same through PairSet itself, looking at how it holds the pairs.
TEST(PairSet, StampsWhileTheRowsOfEachRaterFollowEachOther) {
  ingest::PairSet set;
  set.reset(100);
  int replays = 0;
  auto replay = [&](auto&&) { ++replays; };
  for (std::uint32_t r = 0; r < 1000; ++r)
    for (std::uint32_t d = r % 7; d < 100; d += 7) EXPECT_TRUE(set.insert(r, d, replay));
  EXPECT_FALSE(set.insert(999, 999 % 7, replay));  // the last rater's first department
  EXPECT_EQ(set.mode(), ingest::PairSet::Mode::runs);
  EXPECT_EQ(replays, 0);
}

TEST(PairSet, FallsBackWhenARaterComesBack) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> marked;
  auto replay = [&](auto&& mark) {
    for (auto [r, d] : marked) mark(r, d);
  };
  ingest::PairSet set;
  constexpr std::uint32_t kDepartments = 64 * 64;  // 64 words per rater: the bitmap holds 32 K raters
  set.reset(kDepartments);
  auto insert = [&](std::uint32_t r, std::uint32_t d) {
    const bool first = set.insert(r, d, replay);
    if (first) marked.emplace_back(r, d);
    return first;
  };
  EXPECT_TRUE(insert(7, 1));
  EXPECT_TRUE(insert(7, 2));
  EXPECT_TRUE(insert(3, 1));
  EXPECT_FALSE(insert(3, 1));
  EXPECT_EQ(set.mode(), ingest::PairSet::Mode::runs);
  EXPECT_TRUE(insert(7, 3));  // rater 7 again
  EXPECT_EQ(set.mode(), ingest::PairSet::Mode::bitmap);
  EXPECT_FALSE(insert(7, 2));
  EXPECT_FALSE(insert(3, 1));
  EXPECT_TRUE(insert(3, 2));
  for (std::uint32_t r = 8; r < 40000; ++r) EXPECT_TRUE(insert(r, r % kDepartments));
  EXPECT_EQ(set.mode(), ingest::PairSet::Mode::hashed);
  EXPECT_FALSE(insert(7, 1));
  EXPECT_FALSE(insert(3, 2));
  EXPECT_FALSE(insert(20000, 20000 % kDepartments));
  EXPECT_TRUE(insert(20000, 1 + 20000 % kDepartments));
}

// With the raters known the bitmap gets its full size at once, or, past its
// budget, the set goes straight to hashing.
TEST(PairSet, KnownRatersSizeTheFallBack) {
  auto nothing = [](auto&&) {};
  for (const std::uint32_t raters : {100U, 40000U}) {
    ingest::PairSet set;
    set.reset(64 * 64, raters);
    EXPECT_TRUE(set.insert(1, 5, nothing));
    EXPECT_TRUE(set.insert(2, 5, nothing));
    EXPECT_TRUE(set.insert(1, 6, [](auto&& mark) {
      mark(1, 5);
      mark(2, 5);
    }));
    EXPECT_EQ(set.mode(), raters == 100 ? ingest::PairSet::Mode::bitmap : ingest::PairSet::Mode::hashed);
    EXPECT_FALSE(set.insert(1, 5, nothing));
    EXPECT_FALSE(set.insert(2, 5, nothing));
    EXPECT_FALSE(set.insert(1, 6, nothing));
    EXPECT_TRUE(set.insert(raters - 1, 4095, nothing));
    EXPECT_FALSE(set.insert(raters - 1, 4095, nothing));
  }
}

TEST(IdTable, InternsAndFinds) {
  ingest::IdTable ids;
  EXPECT_EQ(ids.find("x"), ingest::IdTable::npos);
  bool added = false;
  for (std::uint32_t i = 0; i < 50000; ++i) {
    EXPECT_EQ(ids.insert("C" + std::to_string(i % 100) + "-Q" + std::to_string(i), added), i);
    EXPECT_TRUE(added);
  }
  EXPECT_EQ(ids.insert("", added), 50000U);  // the empty id is an id
  EXPECT_TRUE(added);
  EXPECT_EQ(ids.insert("C42-Q142", added), 142U);
  EXPECT_FALSE(added);
  EXPECT_EQ(ids.size(), 50001U);
  for (std::uint32_t i = 0; i < 50000; ++i) {
    const std::string id = "C" + std::to_string(i % 100) + "-Q" + std::to_string(i);
    EXPECT_EQ(ids.find(id), i);
    EXPECT_EQ(ids.key(i), id);
  }
  EXPECT_EQ(ids.find(""), 50000U);
  EXPECT_EQ(ids.find("C42-Q143"), ingest::IdTable::npos);
  EXPECT_EQ(ids.find("C42-Q14"), ingest::IdTable::npos);
  ids.clear();
  EXPECT_EQ(ids.find("C42-Q142"), ingest::IdTable::npos);
  EXPECT_EQ(ids.size(), 0U);
}

// Increasing ids (shortlex: Q9 before Q10) are told apart without a hash table;
// lookups then search the sorted ids, and the first id out of order moves the
// table to hashing with every id kept.
TEST(IdTable, IncreasingIdsThenOneOutOfOrder) {
  ingest::IdTable ids;
  bool added = false;
  for (std::uint32_t i = 1; i <= 20000; ++i) {
    EXPECT_EQ(ids.insert("Q" + std::to_string(i), added), i - 1);
    EXPECT_TRUE(added);
  }
  EXPECT_EQ(ids.insert("Q20000", added), 19999U);  // the last one again: not greater, so hashed
  EXPECT_FALSE(added);
  ingest::IdTable sorted;
  for (std::uint32_t i = 1; i <= 20000; ++i) sorted.insert("Q" + std::to_string(i), added);
  for (std::uint32_t i = 1; i <= 20000; ++i) EXPECT_EQ(sorted.find("Q" + std::to_string(i)), i - 1);
  EXPECT_EQ(sorted.find("Q0"), ingest::IdTable::npos);
  EXPECT_EQ(sorted.find("Q20001"), ingest::IdTable::npos);
  EXPECT_EQ(sorted.find("Q"), ingest::IdTable::npos);
  EXPECT_EQ(sorted.insert("Q9", added), 8U);  // out of order
  EXPECT_FALSE(added);
  EXPECT_EQ(sorted.insert("P1", added), 20000U);
  EXPECT_TRUE(added);
  for (std::uint32_t i = 1; i <= 20000; ++i) EXPECT_EQ(sorted.find("Q" + std::to_string(i)), i - 1);
  EXPECT_EQ(sorted.find("P1"), 20000U);
  ingest::IdTable indexed;
  for (const char* id : {"a", "b", "c"}) indexed.insert(id, added);
  indexed.index();
  EXPECT_EQ(indexed.find("b"), 1U);
  EXPECT_EQ(indexed.find("d"), ingest::IdTable::npos);
}

// Ids of one shape (one length, each byte in a small range: C001-D33) are
// looked up by their bytes in mixed radix once indexed; every id of the shape
// that was not added, every id of another shape, and ids added later are told
// right.
TEST(IdTable, IdsOfOneShapeIndexedDirectly) {
  auto id = [](int county, int dept) { return fmt::format("C{:03}-D{:02}", county, dept); };
  ingest::IdTable ids;
  bool added = false;
  std::uint32_t n = 0;
  for (int c = 1; c <= 100; ++c)
    for (int d = 1; d <= 40 + c % 7; ++d) EXPECT_EQ(ids.insert(id(c, d), added), n++);
  ids.index();
  n = 0;
  for (int c = 1; c <= 100; ++c)
    for (int d = 1; d <= 40 + c % 7; ++d) EXPECT_EQ(ids.find(id(c, d)), n++);
  for (int c = 0; c <= 199; ++c) {
    for (int d = 0; d <= 99; ++d) {
      if (c == 0 || c > 100 || d == 0 || d > 40 + c % 7) {
        EXPECT_EQ(ids.find(id(c, d)), ingest::IdTable::npos);
      }
    }
  }
  for (const char* other : {"", "C001-D0", "C001-D011", "C001_D01", "D001-D01", "C001-E01", "c001-D01",
                            "C001-D0\x01", "C0:1-D01", "C001-D1/", "X", "C001-D01C001-D01"})
    EXPECT_EQ(ids.find(other), ingest::IdTable::npos) << other;
  EXPECT_EQ(ids.insert(id(3, 5), added), ids.find(id(3, 5)));
  EXPECT_FALSE(added);
  const auto size = static_cast<std::uint32_t>(ids.size());
  EXPECT_EQ(ids.insert(id(150, 1), added), size);  // of the shape, not in the direct table
  EXPECT_TRUE(added);
  EXPECT_EQ(ids.insert("other", added), size + 1);
  EXPECT_TRUE(added);
  EXPECT_EQ(ids.find(id(150, 1)), size);
  EXPECT_EQ(ids.find("other"), size + 1);
  EXPECT_EQ(ids.find(id(100, 42)), size - 1);
  ids.clear();
  EXPECT_EQ(ids.find(id(1, 1)), ingest::IdTable::npos);
  // Short ids of one shape (byte by byte), and ids of 9 to 16 bytes (two overlapping words).
  for (const int width : {3, 12}) {
    ingest::IdTable t;
    std::vector<std::string> all;
    for (int i = 0; i < 500; ++i) {
      const std::string s =
          std::string(static_cast<std::size_t>(width) - 3, 'K') + std::to_string(1000 + i).substr(1);
      all.push_back(s);
      EXPECT_EQ(t.insert(s, added), static_cast<std::uint32_t>(i));
    }
    t.index();
    for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(t.find(all[i]), i);
    std::string wrong = all[7];
    wrong[0] = 'J';
    EXPECT_EQ(t.find(wrong), ingest::IdTable::npos);
    wrong = all[7];
    wrong[wrong.size() - 3] = 'L';
    EXPECT_EQ(t.find(wrong), ingest::IdTable::npos);
  }
}

// Ids that share their first bytes, of every length from 0 to 20, and ids of
// the same length that differ in one byte anywhere: each found as itself.
TEST(IdTable, IdsOfEveryLengthAndSharedHeads) {
  std::vector<std::string> all;
  const std::string base = "abcdefghijklmnopqrst";
  for (std::size_t n = 0; n <= base.size(); ++n) {
    all.push_back(base.substr(0, n));
    for (std::size_t i = 0; i < n; ++i) {
      std::string other = base.substr(0, n);
      other[i] = 'Z';
      all.push_back(other);
    }
  }
  ingest::IdTable ids;
  ids.index();  // hashed from the start
  bool added = false;
  for (std::size_t k = 0; k < all.size(); ++k) {
    EXPECT_EQ(ids.insert(all[k], added), k) << all[k];
    EXPECT_TRUE(added) << all[k];
  }
  for (std::size_t k = 0; k < all.size(); ++k) {
    EXPECT_EQ(ids.find(all[k]), k) << all[k];
    EXPECT_EQ(ids.insert(all[k], added), k) << all[k];
    EXPECT_FALSE(added);
  }
  EXPECT_EQ(ids.find("abcdefghijklmnopqrsu"), ingest::IdTable::npos);
  EXPECT_EQ(ids.find("abcdefgi"), ingest::IdTable::npos);
  EXPECT_EQ(ids.find("aZZ"), ingest::IdTable::npos);
}
