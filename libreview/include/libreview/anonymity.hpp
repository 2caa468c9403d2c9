#pragma once
/// @file anonymity.hpp
/// Anonymity (匿名保护), the one place every report goes through for anything
/// broken down below the department (spec section 5). Ballots are secret and
/// respondents fear retaliation, so no output for departments or the public
/// shows a single person's rating or a cell computed from fewer than k answers
/// (k = 5 unless the profile sets `anonymity.k`); where one cell of a row (or
/// column) with a shown total is suppressed, the next smallest is suppressed
/// too, until the hidden cells of every such line are at least two and hold at
/// least k answers together, so nothing can be recovered by subtraction.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"

namespace review {

/// The smallest number of answers a shown cell may come from, by default.
inline constexpr int kDefaultMinCell = 5;

/// A breakdown table (分组统计表): rows × columns of answer counts, with the
/// row totals and column totals that will be shown beside it.
struct REVIEW_API Breakdown {
  std::string title;
  std::vector<std::string> row_labels;
  std::vector<std::string> column_labels;
  std::vector<std::int64_t> counts;  ///< row-major, row_labels.size() × column_labels.size()
  bool show_row_totals = true;
  bool show_column_totals = false;

  [[nodiscard]] std::int64_t count(std::size_t row, std::size_t col) const {
    return counts[row * column_labels.size() + col];
  }
  [[nodiscard]] std::int64_t row_total(std::size_t row) const;
  [[nodiscard]] std::int64_t column_total(std::size_t col) const;
};

/// A breakdown as it may be shown: cells and totals that must not be shown are marked.
struct REVIEW_API SuppressedBreakdown {
  Breakdown table;
  std::vector<bool> suppressed;              ///< per cell, row-major
  std::vector<bool> row_total_suppressed;    ///< per row
  std::vector<bool> column_total_suppressed; ///< per column

  [[nodiscard]] bool is_suppressed(std::size_t row, std::size_t col) const {
    return suppressed[row * table.column_labels.size() + col];
  }
  /// The cell's count, or nothing when suppressed.
  [[nodiscard]] std::optional<std::int64_t> shown(std::size_t row, std::size_t col) const;
  /// The row total, or nothing when suppressed or not shown.
  [[nodiscard]] std::optional<std::int64_t> shown_row_total(std::size_t row) const;
  /// Number of suppressed cells.
  [[nodiscard]] std::size_t suppressed_count() const;
};

/// Suppresses cells of 1 to k−1 answers (primary), then the next smallest cell
/// of any row or column whose total is shown and whose hidden cells are fewer
/// than two or hold fewer than k answers together (complementary), until
/// nothing changes; a line with no shown cell left to hide gets its total
/// hidden. A shown total of 1 to k−1 answers is suppressed with its whole row
/// or column.
REVIEW_API SuppressedBreakdown suppress_small_cells(Breakdown table, int k = kDefaultMinCell);

/// One opinion text as it may be shown: who said it, where and when are dropped.
struct ShownOpinion {
  std::string text;
  std::int64_t times = 0;  ///< how many visits recorded this same text
};

/// What a department may be shown of its ratings and opinions (部门可见数据).
///
/// Each question reads the cycle as it is then, unless build_index() was called.
class REVIEW_API AnonymousView {
 public:
  explicit AnonymousView(const Cycle& cycle, int k = kDefaultMinCell);

  /// Reads the whole cycle once now and answers every later question from
  /// every department's counts kept then (a few numbers per department), so
  /// asking about each of thousands of departments is linear instead of
  /// departments × ratings. The cycle must not change afterwards.
  void build_index();

  /// The smallest cell shown.
  [[nodiscard]] int k() const noexcept { return k_; }
  /// A department's ballots by representative sector (界别) × rating, suppressed.
  [[nodiscard]] SuppressedBreakdown ballots_by_sector(std::uint32_t department) const;
  /// A department's questionnaire answers by respondent group (对象类别) × rating, suppressed.
  [[nodiscard]] SuppressedBreakdown questionnaires_by_group(std::uint32_t department) const;
  /// Opinions collected in survey visits about a department, without the
  /// representative, the site or the date, sorted; empty when fewer than k
  /// visits recorded an opinion about it.
  [[nodiscard]] std::vector<ShownOpinion> opinions(std::uint32_t department) const;
  /// Number of survey visits with an opinion about the department.
  [[nodiscard]] std::int64_t opinion_count(std::uint32_t department) const;

 private:
  struct Index;

  const Cycle& cycle_;
  int k_;
  std::shared_ptr<const Index> index_;  // from build_index(), shared by copies
};

}  // namespace review
