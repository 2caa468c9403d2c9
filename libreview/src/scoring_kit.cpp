// The shared parts of scoring rules: tally, deductions, composite, ranks,
// grades, flags and receipts (spec sections 3 and 4).
#include "libreview/scoring_kit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <future>
#include <map>
#include <set>
#include <span>
#include <thread>

#include "id_table_internal.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/report_util.hpp"
#include "libreview/vocabulary.hpp"
#include "ranking_internal.hpp"
#include "scoring_kit_internal.hpp"

namespace review::kit {

namespace {

/// Flag details follow the language of messages (flags.csv is read by clerks); codes stay English.
bool in_chinese() noexcept { return language() == Language::zh; }

constexpr std::string_view kBallot = "ballot";
constexpr std::string_view kQuestionnaire = "questionnaire";
constexpr std::string_view kDailyWork = "daily_work";
constexpr std::string_view kCommitment = "commitment";

detail::IdTable department_ids(const Cycle& cycle) {
  detail::IdTable ids;
  ids.reserve(cycle.departments.size());
  bool added = false;
  for (const Department& d : cycle.departments) {
    ids.insert(d.id, added);
    if (!added) refuse<ValidationError>("LR-D174", d.id);
  }
  ids.index();
  return ids;
}

/// `what` is the catalogue code of the kind of item (投诉, 整改事项), looked up only for a refusal.
std::uint32_t department_of(const detail::IdTable& ids, const std::string& id, std::string_view what,
                            const std::string& item) {
  if (const std::uint32_t i = ids.find(id); i != detail::IdTable::npos) return i;
  refuse<ValidationError>("LR-D175", message(what), item, id);
}

[[noreturn]] void throw_bad_index(std::size_t row, std::string_view what) {
  refuse<InternalError>("LR-E011", message("LR-E012", row + 1, what));
}

}  // namespace

Parameters Parameters::from(const RegionProfile& profile) {
  Parameters p;
  p.points[static_cast<int>(Rating::satisfied)] = profile.number("points.satisfied");
  p.points[static_cast<int>(Rating::basic)] = profile.number("points.basic");
  p.points[static_cast<int>(Rating::dissatisfied)] = profile.number("points.dissatisfied");
  p.points[static_cast<int>(Rating::unknown)] = 0;
  p.weight_ballot = profile.number("weights.ballot");
  p.weight_questionnaire = profile.number("weights.questionnaire");
  p.weight_daily_work = profile.number("weights.daily_work");
  p.weight_commitment = profile.number_or("weights.K", 0);
  p.deduction_complaint = profile.number("deductions.complaint");
  p.deduction_overdue = profile.number("deductions.overdue");
  p.deduction_relapse = profile.number("deductions.relapse");
  p.deduction_cap = profile.number("deductions.cap");
  p.carry_over_counts = profile.flag_or("rectification.carry_over_counts", false);
  p.focus_category = profile.text("focus.category");
  p.focus_complaint_factor = profile.number("focus.complaint_factor");
  p.grade_excellent = profile.number("grades.excellent");
  p.grade_good = profile.number("grades.good");
  p.grade_fair = profile.number("grades.fair");
  p.insufficient_ballots_min = profile.number("flags.insufficient_ballots.min");
  p.straight_lining_min_departments = profile.number("flags.straight_lining.min_departments");
  p.divergence_z = profile.number("flags.divergence.z");
  p.divergence_gap = profile.number("flags.divergence.gap");
  p.self_overestimate_gap = profile.number("flags.self_overestimate.gap");
  p.last_place_min_category_size = profile.number("flags.last_place.min_category_size");
  p.clip_min = profile.number("clip.min");
  p.clip_max = profile.number("clip.max");
  p.rounding_digits = static_cast<int>(profile.number("rounding.digits"));
  if (p.clip_min > p.clip_max) refuse<UsageError>("LR-P150", profile.id, p.clip_min, p.clip_max);
  for (double w : {p.weight_ballot, p.weight_questionnaire, p.weight_daily_work, p.weight_commitment})
    if (w < 0) refuse<UsageError>("LR-P151", profile.id);
  return p;
}

namespace {

/// Adds rows [begin, end) of `columns` into `t` (sized for `departments` and `raters`).
void count_rows(const RatingColumns& columns, std::size_t begin, std::size_t end, std::size_t departments,
                std::size_t raters, Tally& t) {
  const std::uint32_t* dep = columns.department.data();
  const Rating* rating = columns.rating.data();
  RatingCounts* by_dep = t.by_department.data();
  if (raters == 0) {
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t d = dep[i];
      const auto k = static_cast<std::uint8_t>(rating[i]);
      if (d >= departments || k >= kRatingCount) [[unlikely]]
        throw_bad_index(i, "department or rating");
      ++by_dep[d][k];
    }
    return;
  }
  const std::uint32_t* rater = columns.rater.data();
  RatingCounts* by_rater = t.by_rater.data();
  for (std::size_t i = begin; i < end; ++i) {
    const std::uint32_t d = dep[i];
    const std::uint32_t r = rater[i];
    const auto k = static_cast<std::uint8_t>(rating[i]);
    if (d >= departments || r >= raters || k >= kRatingCount) [[unlikely]]
      throw_bad_index(i, "department, rater or rating");
    ++by_dep[d][k];
    ++by_rater[r][k];
  }
}

void check_sizes(const RatingColumns& columns, std::size_t raters) {
  const std::size_t n = columns.size();
  if (columns.department.size() != n || (raters > 0 && columns.rater.size() != n))
    refuse<InternalError>("LR-E011", message("LR-E013"));
}

Tally empty_tally(std::size_t departments, std::size_t raters) {
  Tally t;
  t.by_department.assign(departments, RatingCounts{});
  t.by_rater.assign(raters, RatingCounts{});
  return t;
}

/// Below this many rating rows, or complaints, rectification items and commitments,
/// a second thread costs more than it saves.
constexpr std::size_t kRowsForTwoThreads = 400'000;
constexpr std::size_t kItemsForTwoThreads = 20'000;
constexpr std::size_t kDepartmentsForTwoThreads = 1'000;

std::atomic<unsigned> scoring_threads{0};

/// Whether a big cycle's scoring takes a second thread (set_scoring_threads()).
bool two_threads() noexcept {
  const unsigned set = scoring_threads.load(std::memory_order_relaxed);
  return set == 0 ? std::thread::hardware_concurrency() >= 2 : set >= 2;
}

/// Runs `there` on another thread while `here` runs on this one, and returns what `there`
/// gave. An error of `here` comes first, as it would in one go (`here` is the work before).
template <class Here, class There>
auto beside(Here&& here, There&& there) {
  auto later = std::async(std::launch::async, std::forward<There>(there));
  try {
    here();
  } catch (...) {
    later.wait();
    throw;
  }
  return later.get();
}

}  // namespace

unsigned set_scoring_threads(unsigned threads) noexcept { return scoring_threads.exchange(threads); }

Tally tally(const RatingColumns& columns, std::size_t departments, std::size_t raters) {
  check_sizes(columns, raters);
  Tally t = empty_tally(departments, raters);
  count_rows(columns, 0, columns.size(), departments, raters, t);
  return t;
}

namespace {

/// The ballots' and the questionnaires' tallies, on two threads for a big cycle.
std::pair<Tally, Tally> tally_both(const Cycle& cycle) {
  const std::size_t n = cycle.departments.size(), raters = cycle.rater_count();
  const RatingColumns &ballots = cycle.ballots, &questionnaires = cycle.questionnaires;
  check_sizes(ballots, raters);
  check_sizes(questionnaires, 0);
  std::pair<Tally, Tally> out{empty_tally(n, raters), empty_tally(n, 0)};
  const std::size_t nb = ballots.size(), nq = questionnaires.size();
  if (nb + nq < kRowsForTwoThreads || !two_threads()) {
    count_rows(ballots, 0, nb, n, raters, out.first);
    count_rows(questionnaires, 0, nq, n, 0, out.second);
    return out;
  }
  // Both threads get about as many counts to add: a ballot adds two (department and
  // representative), a questionnaire row one. This thread takes the ballots and the
  // questionnaires before `split`, the other the rest, counted apart and added after.
  const std::size_t split = std::min(nq, nq > 2 * nb ? (nq - 2 * nb) / 2 : 0);
  const Tally other = beside(
      [&] {
        count_rows(ballots, 0, nb, n, raters, out.first);
        count_rows(questionnaires, 0, split, n, 0, out.second);
      },
      [&] {
        Tally t = empty_tally(n, 0);
        count_rows(questionnaires, split, nq, n, 0, t);
        return t;
      });
  for (std::size_t d = 0; d < n; ++d)
    for (int k = 0; k < kRatingCount; ++k) out.second.by_department[d][k] += other.by_department[d][k];
  return out;
}

}  // namespace

ComponentReceipt mean_points(std::string_view component, const RatingCounts& counts, const Parameters& p) {
  ComponentReceipt c;
  c.component = std::string(component);
  double sum = 0;
  for (int k = 0; k < kRatingCount; ++k) {
    c.counts[k] = counts[k];
    c.points[k] = p.points[k];
    if (k != static_cast<int>(Rating::unknown)) sum += counts[k] * p.points[k];
  }
  c.valid = valid_votes(counts);
  if (c.valid > 0) c.score = sum / static_cast<double>(c.valid);
  return c;
}

MeanPointScores mean_point_scores(const Cycle& cycle, const Parameters& p) {
  const std::size_t n = cycle.departments.size();
  auto [ballots, questionnaires] = tally_both(cycle);
  MeanPointScores out{std::move(ballots), std::move(questionnaires), {}};
  out.components.ballot.reserve(n);
  out.components.questionnaire.reserve(n);
  for (std::size_t d = 0; d < n; ++d) {
    out.components.ballot.push_back(mean_points("ballot", out.ballots.by_department[d], p));
    out.components.questionnaire.push_back(
        mean_points("questionnaire", out.questionnaires.by_department[d], p));
  }
  return out;
}

namespace {

std::vector<CommitmentReceipt> commitments_kept_impl(const Cycle& cycle, const detail::IdTable& ids) {
  const Date day = cycle.info.judged_on();
  std::vector<CommitmentReceipt> out(cycle.departments.size());
  for (const Commitment& c : cycle.commitments) {
    // The import refuses a commitment of an unknown department; one built by hand counts for none.
    const std::uint32_t d = ids.find(c.department_id);
    if (d == detail::IdTable::npos || !c.due_by(day, cycle.info.year)) continue;
    auto& k = out[d];
    ++k.due;
    if (c.fulfilled())
      ++k.fulfilled;
    else
      k.not_fulfilled.push_back(c.id);
  }
  for (auto& k : out)
    if (k.due > 0) k.score = static_cast<double>(k.fulfilled) / static_cast<double>(k.due) * 100.0;
  return out;
}

// deductions() without the copies of the overdue ids and relapsed categories in
// DepartmentDeductions::overdue and ::relapsed when `copies` is false (assemble()
// reads them from the receipt's lines instead).
std::vector<DepartmentDeductions> deductions_impl(const Cycle& cycle, const History& history,
                                                  const Parameters& p, bool copies,
                                                  const detail::IdTable& ids) {
  const std::size_t n = cycle.departments.size();
  const Date as_of = cycle.info.judged_on();
  const bool focus = !p.focus_category.empty();

  // Relapse needs the categories of this cycle only where an earlier cycle verified items.
  std::vector<std::vector<std::string_view>> past;
  for (const auto& item : history.verified_items) {
    if (item.year >= cycle.info.year || item.category.empty()) continue;
    const std::uint32_t d = ids.find(item.department_id);
    if (d == detail::IdTable::npos) continue;
    if (past.empty()) past.resize(n);
    past[d].push_back(item.category);
  }
  std::vector<std::set<std::string>> relapsed(past.empty() ? 0 : n);
  auto now = [&](std::uint32_t d, const std::string& category) {
    if (past.empty() || category.empty() || past[d].empty()) return;
    if (std::find(past[d].begin(), past[d].end(), category) != past[d].end()) relapsed[d].insert(category);
  };

  // Each department's receipt lines in their order: complaint, complaint_focus, overdue, relapse.
  const std::size_t kinds = focus ? 4 : 3;
  const std::size_t focus_at = 1, overdue_at = focus ? 2 : 1, relapse_at = focus ? 3 : 2;
  // Notes are the same for every department: formatted once, shared by every receipt.
  const SharedText focus_note =
      focus ? fmt::format("focus theme {} ×{}", p.focus_category, p.focus_complaint_factor) : std::string();
  const SharedText overdue_note = fmt::format("deadline before {}", as_of.to_string());
  const SharedText relapse_note = "categories verified in an earlier cycle and raised again";
  // assemble() reads no deductions of exempt departments: without the copies, they get no lines.
  auto skipped = [&](std::size_t d) {
    return !copies && cycle.departments[d].status == DepartmentStatus::exempt;
  };
  std::vector<DepartmentDeductions> out(n);
  for (std::size_t d = 0; d < n; ++d) {
    if (skipped(d)) continue;
    auto& dd = out[d];
    dd.items.reserve(kinds);
    dd.items.push_back(DeductionReceipt{"complaint", p.deduction_complaint, {}, 0, {}});
    if (focus)
      dd.items.push_back(DeductionReceipt{
          "complaint_focus", p.deduction_complaint * p.focus_complaint_factor, {}, 0, focus_note});
    dd.items.push_back(DeductionReceipt{"overdue", p.deduction_overdue, {}, 0, overdue_note});
    dd.items.push_back(DeductionReceipt{"relapse", p.deduction_relapse, {}, 0, relapse_note});
  }

  // Which receipt line of which department each complaint and overdue item goes to,
  // counted first so that every list is allocated once.
  struct Hit {
    std::uint32_t department;
    std::uint32_t line;
    const std::string* id;
  };
  std::vector<Hit> hits;
  hits.reserve(cycle.complaints.size() + cycle.rectifications.size());
  for (const auto& c : cycle.complaints) {
    const auto d = department_of(ids, c.department_id, "LR-D176", c.id);
    if (!c.substantiated) continue;
    const std::size_t line = focus && c.category == p.focus_category ? focus_at : 0;
    if (!skipped(d)) hits.push_back(Hit{d, static_cast<std::uint32_t>(line), &c.id});
    now(d, c.category);
  }
  for (const auto& r : cycle.rectifications) {
    const auto d = department_of(ids, r.department_id, "LR-D177", r.id);
    if (r.overdue(as_of) && !skipped(d))
      hits.push_back(Hit{d, static_cast<std::uint32_t>(overdue_at), &r.id});
    now(d, r.category);
  }
  // Last cycle's items never verified (上年结转) count in O only where the profile says so;
  // a department that is gone or exempt this year is left out.
  if (p.carry_over_counts)
    for (const auto& c : history.carried) {
      const std::uint32_t d = ids.find(c.department_id);
      if (d != detail::IdTable::npos && c.year < cycle.info.year && c.overdue(as_of) && !skipped(d))
        hits.push_back(Hit{d, static_cast<std::uint32_t>(overdue_at), &c.item_id});
    }
  std::vector<std::uint32_t> counts(n * kinds, 0);
  for (const Hit& h : hits) ++counts[h.department * kinds + h.line];
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (counts[i] > 0) out[i / kinds].items[i % kinds].items.reserve(counts[i]);
  for (const Hit& h : hits) out[h.department].items[h.line].items.push_back(*h.id);

  for (std::size_t d = 0; d < n; ++d) {
    if (skipped(d)) continue;
    auto& dd = out[d];
    if (!relapsed.empty() && !relapsed[d].empty()) {
      dd.items[relapse_at].items.assign(relapsed[d].begin(), relapsed[d].end());
      if (copies) dd.relapsed = dd.items[relapse_at].items;
    }
    if (copies && !dd.items[overdue_at].items.empty()) dd.overdue = dd.items[overdue_at].items;
    for (auto& r : dd.items) {  // in receipt order, as the total always added up
      r.points = r.points_each * static_cast<double>(r.items.size());
      dd.total_uncapped += r.points;
    }
    dd.total = std::min(p.deduction_cap, dd.total_uncapped);
  }
  return out;
}

}  // namespace

std::vector<DepartmentDeductions> deductions(const Cycle& cycle, const History& history,
                                             const Parameters& p) {
  return deductions_impl(cycle, history, p, true, department_ids(cycle));
}

std::vector<CommitmentReceipt> commitments_kept(const Cycle& cycle) {
  return commitments_kept_impl(cycle, department_ids(cycle));
}

void rank(const Cycle& cycle, std::vector<DepartmentResult>& results) {
  std::uint32_t categories = 0;
  const auto category_of = detail::category_ids(cycle, &categories);
  const auto ranks = detail::competition_ranks(results, category_of, categories);
  for (std::size_t i = 0; i < results.size(); ++i) {
    results[i].rank_overall = ranks.overall[i];
    results[i].rank_in_category = ranks.in_category[i];
  }
}

Grade grade_for(double composite, const Parameters& p) {
  const double printed = round_half_away(composite, p.rounding_digits);
  if (printed >= p.grade_excellent) return Grade::excellent;
  if (printed >= p.grade_good) return Grade::good;
  if (printed >= p.grade_fair) return Grade::fair;
  return Grade::poor;
}

namespace {

/// flag_department(), the flag's row going to `list` (results.flags, or a thread's part of it).
void flag_into(const Cycle& cycle, Results& results, std::vector<Flag>& list, std::uint32_t department,
               std::string_view flag, std::string detail) {
  auto& flags = results.departments.at(department).flags;
  auto it = std::lower_bound(flags.begin(), flags.end(), flag);
  if (it == flags.end() || *it != flag) flags.insert(it, std::string(flag));
  list.push_back(Flag{std::string(flag), SubjectKind::department, cycle.departments.at(department).id,
                      std::move(detail)});
}

}  // namespace

void flag_department(const Cycle& cycle, Results& results, std::uint32_t department, std::string_view flag,
                     std::string detail) {
  flag_into(cycle, results, results.flags, department, flag, std::move(detail));
}

void sort_flags(Results& results) {
  auto less = [](const Flag& a, const Flag& b) {
    return std::tie(a.flag, a.subject_kind, a.subject_id, a.detail) <
           std::tie(b.flag, b.subject_kind, b.subject_id, b.detail);
  };
  auto& flags = results.flags;
  if (std::is_sorted(flags.begin(), flags.end(), less)) return;
  // Flags come by kind of flag, each kind mostly in subject order: group them by
  // flag (a counting sort over the few distinct flags), then sort only the groups
  // that are not in order already. The order is the same as one sort's: it is total.
  std::vector<std::string_view> names;
  std::vector<std::uint32_t> name_of(flags.size());
  for (std::size_t i = 0; i < flags.size(); ++i) {
    const std::string_view name = flags[i].flag;
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      if (names.size() >= 64) {  // many distinct flags: one plain sort
        std::sort(flags.begin(), flags.end(), less);
        return;
      }
      it = names.insert(names.end(), name);
    }
    name_of[i] = static_cast<std::uint32_t>(it - names.begin());
  }
  std::vector<std::uint32_t> order(names.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return names[a] < names[b]; });
  std::vector<std::size_t> start(names.size() + 1, 0);
  for (std::uint32_t k : name_of) ++start[k + 1];
  std::vector<std::size_t> at(names.size());  // where each name's group starts, names in order
  std::size_t offset = 0;
  for (std::uint32_t k : order) {
    at[k] = offset;
    offset += start[k + 1];
  }
  std::vector<Flag> sorted(flags.size());
  for (std::size_t i = 0; i < flags.size(); ++i) sorted[at[name_of[i]]++] = std::move(flags[i]);
  for (std::uint32_t k : order) {
    const auto end = sorted.begin() + static_cast<std::ptrdiff_t>(at[k]);
    const auto begin = end - static_cast<std::ptrdiff_t>(start[k + 1]);
    if (!std::is_sorted(begin, end, less)) std::sort(begin, end, less);
  }
  flags = std::move(sorted);
}

namespace {

// Thresholds compare figures as printed, so that a flag agrees with the numbers people read.
double printed(double value, const Parameters& p) { return round_half_away(value, p.rounding_digits); }

// Composite with renormalised weights, clipped (spec section 3); fills the receipt.
/// Department d's composite from its components (its flag's row, if any, going to `flags`).
void combine(const Cycle& cycle, Results& results, std::uint32_t d, const Parameters& p,
             std::vector<Flag>& flags) {
  DepartmentResult& r = results.departments[d];
  struct Part {
    std::string_view name;
    double weight;
    std::optional<double> value;
  };
  // K takes part only where the profile weights it: elsewhere the arithmetic is B, Q and W's alone.
  const Part parts[] = {{kBallot, p.weight_ballot, r.ballot_score},
                        {kQuestionnaire, p.weight_questionnaire, r.questionnaire_score},
                        {kDailyWork, p.weight_daily_work, r.daily_work_score},
                        {kCommitment, p.weight_commitment, r.commitment_score}};
  const std::size_t used = p.weight_commitment > 0 ? std::size(parts) : std::size(parts) - 1;
  const std::span<const Part> weighed(parts, used);
  double present = 0;
  std::array<std::string_view, std::size(parts)> missing;
  std::size_t missing_count = 0;
  for (const auto& part : weighed) {
    if (part.value)
      present += part.weight;
    else if (part.weight > 0)
      missing[missing_count++] = part.name;
  }
  double weighted = 0;
  for (const auto& part : weighed) {
    const double applied = part.value && present > 0 ? part.weight / present : 0.0;
    r.receipt.weights.set(part.name, applied);
    if (part.value) weighted += applied * *part.value;
  }
  if (missing_count > 0) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < missing_count; ++i)
      names.emplace_back(in_chinese() ? label_zh(TermFamily::component, missing[i]) : missing[i]);
    flag_into(cycle, results, flags, d, "missing_component",
              in_chinese() ? fmt::format("无{}数据，权重按其余各项重新折算", fmt::join(names, "、"))
                           : fmt::format("no data: {}; weights renormalised", fmt::join(names, ", ")));
  }
  if (present <= 0) {
    r.receipt.notes.push_back("各评分项均无数据，不计分");
    return;
  }
  const double unclipped = weighted - r.deductions;
  r.receipt.composite_unclipped = unclipped;
  r.composite = std::clamp(unclipped, p.clip_min, p.clip_max);
  if (*r.composite != unclipped)
    r.receipt.notes.push_back(fmt::format("加权得分减去扣分后为{}分，超出{}至{}分的范围，按{}分计",
                                          format_figure(unclipped), p.clip_min, p.clip_max,
                                          format_figure(*r.composite)));
}

void flag_representatives(const Cycle& cycle, const Parameters& p, const Tally& ballots, Results& results) {
  const std::size_t reps = cycle.representatives.size();
  for (std::size_t i = 0; i < ballots.by_rater.size() && i < cycle.rater_count(); ++i) {
    const auto& c = ballots.by_rater[i];
    const auto valid = valid_votes(c);
    if (valid == 0 || static_cast<double>(valid) < p.straight_lining_min_departments) continue;
    for (int k = 0; k < 3; ++k) {
      if (c[k] == valid) {
        // An anonymous sheet (测评表) is flagged by its number, as written.
        results.flags.push_back(Flag{
            "straight_lining", i < reps ? SubjectKind::representative : SubjectKind::sheet,
            i < reps ? cycle.representatives[i].id : cycle.ballot_sheets[i - reps].sheet_no,
            in_chinese()
                ? fmt::format("评价{}个部门，全部为“{}”", valid, label_zh(static_cast<Rating>(k)))
                : fmt::format("{} departments rated, all {}", valid, to_string(static_cast<Rating>(k)))});
      }
    }
  }
}

void flag_divergence(const Cycle& cycle, const Parameters& p, Results& results) {
  std::vector<std::pair<std::uint32_t, double>> gaps;
  for (const auto& r : results.departments)
    if (r.ballot_score && r.questionnaire_score && r.composite)
      gaps.emplace_back(r.department, *r.ballot_score - *r.questionnaire_score);
  if (gaps.size() < 2) return;
  double mean = 0;
  for (const auto& [_, g] : gaps) mean += g;
  mean /= static_cast<double>(gaps.size());
  double var = 0;
  for (const auto& [_, g] : gaps) var += (g - mean) * (g - mean);
  const double sd = std::sqrt(var / static_cast<double>(gaps.size()));
  if (!(sd > 0)) return;
  for (const auto& [d, g] : gaps) {
    const double z = (g - mean) / sd;
    if (printed(z, p) > p.divergence_z && printed(g, p) > p.divergence_gap)
      flag_department(
          cycle, results, d, "ballot_public_divergence",
          in_chinese()
              ? fmt::format("测评得分比问卷得分高{}分，z = {}（全县平均差{}分，标准差{}）", format_figure(g),
                            format_figure(z), format_figure(mean), format_figure(sd))
              : fmt::format("B - Q = {}, z = {} (mean {}, sd {})", format_figure(g), format_figure(z),
                            format_figure(mean), format_figure(sd)));
  }
}

void flag_last_place(const Cycle& cycle, const Parameters& p, const std::vector<std::uint32_t>& category_of,
                     std::uint32_t categories, Results& results) {
  std::vector<std::pair<int, int>> worst(categories);  // by category: (ranked, worst rank)
  for (const auto& r : results.departments) {
    if (r.rank_in_category == 0) continue;
    auto& [count, rank] = worst[category_of[r.department]];
    ++count;
    rank = std::max(rank, r.rank_in_category);
  }
  for (std::size_t i = 0; i < results.departments.size(); ++i) {
    const auto& r = results.departments[i];
    if (r.rank_in_category == 0) continue;
    const auto& [count, rank] = worst[category_of[r.department]];
    if (r.rank_in_category == rank && static_cast<double>(count) >= p.last_place_min_category_size)
      flag_department(cycle, results, r.department, "last_place",
                      in_chinese() ? fmt::format("在{}序列{}个部门中排第{}名",
                                                 cycle.departments[r.department].category, count, rank)
                                   : fmt::format("rank {} of {} in {}", rank, count,
                                                 cycle.departments[r.department].category));
  }
}

}  // namespace

Results assemble(const ScoringInput& input, const Parameters& p, std::string rule_id, Components components,
                 const Tally& ballot_tally) {
  const Cycle& cycle = input.cycle;
  const std::size_t n = cycle.departments.size();
  if (components.ballot.size() != n || components.questionnaire.size() != n)
    refuse<PluginError>("LR-G170", rule_id, components.ballot.size(), n);
  Results results;
  results.rule = std::move(rule_id);
  results.profile = input.profile.id;
  results.departments.resize(n);
  const auto ids = department_ids(cycle);  // one table for both
  std::vector<DepartmentDeductions> ded;
  std::vector<CommitmentReceipt> kept;
  std::uint32_t categories = 0;
  std::vector<std::uint32_t> category_of;
  if (cycle.complaints.size() + cycle.rectifications.size() + cycle.commitments.size() <
          kItemsForTwoThreads ||
      !two_threads()) {
    ded = deductions_impl(cycle, input.history, p, false, ids);
    kept = commitments_kept_impl(cycle, ids);
    category_of = detail::category_ids(cycle, &categories);
  } else {  // a big cycle's deductions are gathered beside its commitments and categories
    ded = beside(
        [&] {
          kept = commitments_kept_impl(cycle, ids);
          category_of = detail::category_ids(cycle, &categories);
        },
        [&] { return deductions_impl(cycle, input.history, p, false, ids); });
  }
  // The receipt lines the overdue and relapse flags list (complaint, [complaint_focus,] overdue, relapse).
  const std::size_t overdue_at = p.focus_category.empty() ? 1 : 2, relapse_at = overdue_at + 1;

  // Departments [from, to): their results, their flags' rows going to `flags`.
  auto score_departments = [&](std::uint32_t from, std::uint32_t to, std::vector<Flag>& flags) {
    auto flag = [&](std::uint32_t d, std::string_view name, std::string detail) {
      flag_into(cycle, results, flags, d, name, std::move(detail));
    };
    for (std::uint32_t d = from; d < to; ++d) {
      DepartmentResult& r = results.departments[d];
      r.department = d;
      const Department& dep = cycle.departments[d];
      if (dep.status == DepartmentStatus::exempt) {
        r.receipt.notes.push_back(dep.exempt_reason.empty() ? std::string("免评，不计分")
                                                            : fmt::format("免评：{}", dep.exempt_reason));
        continue;
      }
      r.ballot_score = components.ballot[d].score;
      r.questionnaire_score = components.questionnaire[d].score;
      if (d < cycle.daily_work.size()) r.daily_work_score = cycle.daily_work[d];
      r.commitment_score = kept[d].score;
      r.deductions = ded[d].total;
      r.receipt.components.reserve(2);
      r.receipt.components.push_back(std::move(components.ballot[d]));
      r.receipt.components.push_back(std::move(components.questionnaire[d]));
      r.receipt.daily_work = r.daily_work_score;
      if (p.weight_commitment > 0) r.receipt.commitments = std::move(kept[d]);
      r.receipt.deductions = std::move(ded[d].items);
      r.receipt.deduction_cap = p.deduction_cap;
      r.receipt.deductions_total = ded[d].total;
      if (ded[d].total < ded[d].total_uncapped)
        r.receipt.notes.push_back(fmt::format("扣分合计{}分，超过扣分上限，按{}分计",
                                              format_figure(ded[d].total_uncapped),
                                              format_figure(p.deduction_cap)));
      combine(cycle, results, d, p, flags);
      if (r.composite) r.grade = grade_for(*r.composite, p);

      const auto valid_ballots =
          d < ballot_tally.by_department.size() ? valid_votes(ballot_tally.by_department[d]) : 0;
      if (static_cast<double>(valid_ballots) < p.insufficient_ballots_min)
        flag(d, "insufficient_ballots",
             in_chinese() ? fmt::format("有效测评票{}张，少于{}张", valid_ballots, p.insufficient_ballots_min)
                          : fmt::format("valid ballots {} < {}", valid_ballots, p.insufficient_ballots_min));
      if (d < cycle.expected_scores.size() && cycle.expected_scores[d] && r.composite &&
          printed(*cycle.expected_scores[d] - *r.composite, p) > p.self_overestimate_gap)
        flag(d, "self_overestimate",
             fmt::format(fmt::runtime(in_chinese() ? "自评{}分，综合得分{}分，相差{}分"
                                                   : "expected {}, composite {}, gap {}"),
                         format_figure(*cycle.expected_scores[d]), format_figure(*r.composite),
                         format_figure(*cycle.expected_scores[d] - *r.composite)));
      const auto& overdue = r.receipt.deductions[overdue_at].items;
      if (!overdue.empty())
        flag(d, "overdue_rectification",
             in_chinese() ? fmt::format("逾期{}项：{}", overdue.size(), fmt::join(overdue, "、"))
                          : fmt::format("{} overdue: {}", overdue.size(), fmt::join(overdue, ", ")));
      const auto& relapsed = r.receipt.deductions[relapse_at].items;
      if (!relapsed.empty())
        flag(d, "relapse",
             in_chinese() ? fmt::format("问题重犯的类别：{}", fmt::join(relapsed, "、"))
                          : fmt::format("relapsed categories: {}", fmt::join(relapsed, ", ")));
    }
  };
  // A big cycle's second half on another thread; its flags follow the first half's, as in one go.
  const auto half = static_cast<std::uint32_t>(n / 2);
  if (n < kDepartmentsForTwoThreads || !two_threads()) {
    score_departments(0, static_cast<std::uint32_t>(n), results.flags);
  } else {
    std::vector<Flag> later_flags;
    beside([&] { score_departments(0, half, results.flags); },
           [&] { score_departments(half, static_cast<std::uint32_t>(n), later_flags); });
    results.flags.insert(results.flags.end(), std::make_move_iterator(later_flags.begin()),
                         std::make_move_iterator(later_flags.end()));
  }
  const auto ranks = detail::competition_ranks(results.departments, category_of, categories);
  for (std::uint32_t d = 0; d < n; ++d) {
    results.departments[d].rank_overall = ranks.overall[d];
    results.departments[d].rank_in_category = ranks.in_category[d];
  }
  flag_divergence(cycle, p, results);
  flag_last_place(cycle, p, category_of, categories, results);
  flag_representatives(cycle, p, ballot_tally, results);
  sort_flags(results);
  return results;
}

}  // namespace review::kit
