#include "libreview/anonymity.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <string_view>
#include <unordered_map>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"

namespace review {

std::int64_t Breakdown::row_total(std::size_t row) const {
  std::int64_t t = 0;
  for (std::size_t c = 0; c < column_labels.size(); ++c) t += count(row, c);
  return t;
}

std::int64_t Breakdown::column_total(std::size_t col) const {
  std::int64_t t = 0;
  for (std::size_t r = 0; r < row_labels.size(); ++r) t += count(r, col);
  return t;
}

std::optional<std::int64_t> SuppressedBreakdown::shown(std::size_t row, std::size_t col) const {
  if (is_suppressed(row, col)) return std::nullopt;
  return table.count(row, col);
}

std::optional<std::int64_t> SuppressedBreakdown::shown_row_total(std::size_t row) const {
  if (!table.show_row_totals || row_total_suppressed[row]) return std::nullopt;
  return table.row_total(row);
}

std::size_t SuppressedBreakdown::suppressed_count() const {
  return static_cast<std::size_t>(std::count(suppressed.begin(), suppressed.end(), true));
}

SuppressedBreakdown suppress_small_cells(Breakdown table, int k) {
  if (k < 1) refuse<UsageError>("LR-U108");
  const std::size_t rows = table.row_labels.size();
  const std::size_t cols = table.column_labels.size();
  if (table.counts.size() != rows * cols) refuse<UsageError>("LR-U109");
  SuppressedBreakdown out;
  out.suppressed.assign(rows * cols, false);
  out.row_total_suppressed.assign(rows, false);
  out.column_total_suppressed.assign(cols, false);
  auto small = [k](std::int64_t n) { return n > 0 && n < k; };

  // Primary suppression: small cells, and whole rows/columns whose total is small.
  for (std::size_t i = 0; i < rows * cols; ++i) out.suppressed[i] = small(table.counts[i]);
  if (table.show_row_totals)
    for (std::size_t r = 0; r < rows; ++r)
      if (small(table.row_total(r))) {
        out.row_total_suppressed[r] = true;
        for (std::size_t c = 0; c < cols; ++c) out.suppressed[r * cols + c] = true;
      }
  if (table.show_column_totals)
    for (std::size_t c = 0; c < cols; ++c)
      if (small(table.column_total(c))) {
        out.column_total_suppressed[c] = true;
        for (std::size_t r = 0; r < rows; ++r) out.suppressed[r * cols + c] = true;
      }

  // Complementary suppression. In a line with a shown total, the hidden cells
  // can be summed by subtraction: so they must be at least two, and together
  // at least k answers (else "the hidden cells are 0" or "hold 3" is learnt).
  // Hide the next smallest shown cell until that holds; when no shown cell is
  // left, hide the total. A cell whose crossing line shows a total of 0 is 0 for
  // anyone who reads that total: hiding it protects nothing, so it is never chosen.
  auto zero_line = [&](bool in_row, std::size_t line) {
    return in_row ? table.show_row_totals && !out.row_total_suppressed[line] && table.row_total(line) == 0
                  : table.show_column_totals && !out.column_total_suppressed[line] &&
                        table.column_total(line) == 0;
  };
  auto complement = [&](std::size_t n, auto index_of, std::vector<bool>::reference total_hidden,
                        bool along_row) {
    std::size_t hidden = 0;
    std::int64_t hidden_sum = 0;
    std::size_t best = n;
    std::int64_t best_count = std::numeric_limits<std::int64_t>::max();
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t i = index_of(j);
      if (zero_line(!along_row, along_row ? i % cols : i / cols)) continue;  // known to be 0
      if (out.suppressed[i]) {
        ++hidden;
        hidden_sum += table.counts[i];
      } else if (table.counts[i] < best_count) {
        best_count = table.counts[i];
        best = j;
      }
    }
    if (hidden == 0 || (hidden >= 2 && hidden_sum >= k)) return false;
    if (best < n)
      out.suppressed[index_of(best)] = true;
    else
      total_hidden = true;
    return true;
  };
  for (bool changed = true; changed;) {
    changed = false;
    if (table.show_row_totals)
      for (std::size_t r = 0; r < rows; ++r)
        if (!out.row_total_suppressed[r] && !zero_line(true, r))
          changed |= complement(
              cols, [&](std::size_t c) { return r * cols + c; }, out.row_total_suppressed[r], true);
    if (table.show_column_totals)
      for (std::size_t c = 0; c < cols; ++c)
        if (!out.column_total_suppressed[c] && !zero_line(false, c))
          changed |= complement(
              rows, [&](std::size_t r) { return r * cols + c; }, out.column_total_suppressed[c], false);
  }
  // What the shown totals force is shown: the hidden cells of a line whose shown total is 0.
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c)
      if (out.suppressed[r * cols + c] && (zero_line(true, r) || zero_line(false, c)))
        out.suppressed[r * cols + c] = false;
  out.table = std::move(table);
  return out;
}

// ---- AnonymousView -------------------------------------------------------------

/// Every department's counts, from one pass over the cycle (build_index()).
struct AnonymousView::Index {
  std::vector<std::string> sectors;          // representative sectors, sorted
  std::vector<std::int64_t> ballots;         // department × sector × rating
  std::vector<std::int64_t> questionnaires;  // department × respondent group × rating
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> opinions;  // department id -> surveys
};

AnonymousView::AnonymousView(const Cycle& cycle, int k) : cycle_(cycle), k_(k) {
  if (k < 1) refuse<UsageError>("LR-U108");
}

namespace {

/// Representative sectors, sorted, and the row of each representative.
std::vector<std::string> sector_rows(const Cycle& cycle, std::vector<std::size_t>& row_of_rep) {
  std::map<std::string, std::size_t> sector_row;
  for (const auto& rep : cycle.representatives) sector_row.emplace(rep.sector, 0);
  for (const auto& sheet : cycle.ballot_sheets) sector_row.emplace(sheet.sector, 0);
  std::vector<std::string> labels;
  for (auto& [name, row] : sector_row) {
    row = labels.size();
    labels.push_back(name);
  }
  row_of_rep.resize(cycle.rater_count());
  for (std::size_t i = 0; i < cycle.representatives.size(); ++i)
    row_of_rep[i] = sector_row.at(cycle.representatives[i].sector);
  for (std::size_t i = 0; i < cycle.ballot_sheets.size(); ++i)  // anonymous sheets, after the representatives
    row_of_rep[cycle.representatives.size() + i] = sector_row.at(cycle.ballot_sheets[i].sector);
  return labels;
}

std::uint32_t group_of(const Cycle& cycle, std::size_t i) {
  const auto& q = cycle.questionnaires;
  return q.group.empty() ? cycle.responses[q.rater[i]].group : q.group[i];
}

Breakdown rating_breakdown(std::string title, std::vector<std::string> row_labels) {
  Breakdown b;
  b.title = std::move(title);
  b.row_labels = std::move(row_labels);
  for (int r = 0; r < kRatingCount; ++r) b.column_labels.emplace_back(label_zh(static_cast<Rating>(r)));
  b.counts.assign(b.row_labels.size() * b.column_labels.size(), 0);
  b.show_row_totals = true;
  b.show_column_totals = true;
  return b;
}

/// Copies a department's block of counts into `b` (nothing for an unknown department).
void fill_counts(Breakdown& b, const std::vector<std::int64_t>& all, std::uint32_t department) {
  const std::size_t n = b.counts.size();
  if (n == 0 || (static_cast<std::size_t>(department) + 1) * n > all.size()) return;
  std::copy_n(all.begin() + static_cast<std::ptrdiff_t>(department * n), n, b.counts.begin());
}

}  // namespace

void AnonymousView::build_index() {
  auto x = std::make_shared<Index>();
  const std::size_t departments = cycle_.departments.size();
  std::vector<std::size_t> row_of_rep;
  x->sectors = sector_rows(cycle_, row_of_rep);
  const std::size_t per_ballot_dept = x->sectors.size() * kRatingCount;
  x->ballots.assign(departments * per_ballot_dept, 0);
  const auto& b = cycle_.ballots;
  for (std::size_t i = 0; i < b.size(); ++i)
    if (b.department[i] < departments)
      ++x->ballots[b.department[i] * per_ballot_dept + row_of_rep[b.rater[i]] * kRatingCount +
                   static_cast<std::size_t>(b.rating[i])];
  const std::size_t groups = cycle_.respondent_groups.size();
  x->questionnaires.assign(departments * groups * kRatingCount, 0);
  const auto& q = cycle_.questionnaires;
  for (std::size_t i = 0; i < q.size(); ++i) {
    const std::uint32_t group = group_of(cycle_, i);
    if (q.department[i] < departments && group < groups)
      ++x->questionnaires[(q.department[i] * groups + group) * kRatingCount +
                          static_cast<std::size_t>(q.rating[i])];
  }
  for (std::size_t i = 0; i < cycle_.surveys.size(); ++i) {
    const auto& s = cycle_.surveys[i];
    if (!s.opinion.empty()) x->opinions[s.department_id].push_back(static_cast<std::uint32_t>(i));
  }
  index_ = std::move(x);
}

SuppressedBreakdown AnonymousView::ballots_by_sector(std::uint32_t department) const {
  if (index_) {
    Breakdown b = rating_breakdown("测评票按界别分布", index_->sectors);
    fill_counts(b, index_->ballots, department);
    return suppress_small_cells(std::move(b), k_);
  }
  std::vector<std::size_t> row_of_rep;
  Breakdown b = rating_breakdown("测评票按界别分布", sector_rows(cycle_, row_of_rep));
  const auto& cols = cycle_.ballots;
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (cols.department[i] == department)
      ++b.counts[row_of_rep[cols.rater[i]] * kRatingCount + static_cast<std::size_t>(cols.rating[i])];
  return suppress_small_cells(std::move(b), k_);
}

SuppressedBreakdown AnonymousView::questionnaires_by_group(std::uint32_t department) const {
  Breakdown b = rating_breakdown("问卷按对象类别分布", cycle_.respondent_groups);
  if (index_) {
    fill_counts(b, index_->questionnaires, department);
    return suppress_small_cells(std::move(b), k_);
  }
  const auto& cols = cycle_.questionnaires;
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (cols.department[i] == department)
      ++b.counts[group_of(cycle_, i) * kRatingCount + static_cast<std::size_t>(cols.rating[i])];
  return suppress_small_cells(std::move(b), k_);
}

std::int64_t AnonymousView::opinion_count(std::uint32_t department) const {
  const std::string& id = cycle_.departments.at(department).id;
  if (index_) {
    const auto it = index_->opinions.find(id);
    return it == index_->opinions.end() ? 0 : static_cast<std::int64_t>(it->second.size());
  }
  std::int64_t n = 0;
  for (const auto& s : cycle_.surveys) n += (s.department_id == id && !s.opinion.empty()) ? 1 : 0;
  return n;
}

std::vector<ShownOpinion> AnonymousView::opinions(std::uint32_t department) const {
  if (opinion_count(department) < k_) return {};
  const std::string& id = cycle_.departments.at(department).id;
  std::map<std::string, std::int64_t> texts;
  if (index_) {
    for (std::uint32_t i : index_->opinions.find(id)->second) ++texts[cycle_.surveys[i].opinion];
  } else {
    for (const auto& s : cycle_.surveys)
      if (s.department_id == id && !s.opinion.empty()) ++texts[s.opinion];
  }
  std::vector<ShownOpinion> out;
  for (auto& [text, n] : texts) out.push_back({text, n});
  return out;
}

}  // namespace review
