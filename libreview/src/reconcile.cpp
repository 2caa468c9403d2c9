// Double entry (双录入核对): two imported cycles flattened into (table, key,
// column) → value and compared.
#include "libreview/reconcile.hpp"

#include <fmt/format.h>

#include <initializer_list>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "libreview/messages.hpp"

namespace review {
namespace {

using Cell = std::tuple<std::string, std::string, std::string>;  // table, key, column
using Row = std::pair<std::string, std::string>;                 // table, key

/// A cycle as (table, key, column) → value, with the rows it keys.
struct Flat {
  std::map<Cell, std::string> cells;
  std::set<Row> rows;

  void put(std::string_view table, const std::string& key, std::string_view column, std::string value) {
    rows.emplace(table, key);
    cells.emplace(Cell{std::string(table), key, std::string(column)}, std::move(value));
  }
  /// A row of `table` keyed `key`: its columns and values as the import read them.
  void row(std::string_view table, const std::string& key,
           std::initializer_list<std::pair<std::string_view, std::string>> values) {
    for (const auto& [column, value] : values) put(table, key, column, value);
  }
};

std::string date(const std::optional<Date>& d) { return d ? d->to_string() : std::string(); }
std::string boolean(bool b) { return b ? "true" : "false"; }
std::string number(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : std::string(); }

Flat flatten(const Cycle& c) {
  Flat f;
  for (const auto& d : c.departments) {
    f.row("departments", d.id,
          {{"name", d.name},
           {"category", d.category},
           {"status", std::string(to_string(d.status))},
           {"exempt_reason", d.exempt_reason},
           {"hotline", d.hotline}});
  }
  for (const auto& r : c.representatives) {
    f.row("representatives", r.id, {{"sector", r.sector}, {"trained", boolean(r.trained)}});
  }
  const std::size_t reps = c.representatives.size();
  for (std::size_t i = 0; i < c.ballots.size(); ++i) {
    const auto r = c.ballots.rater[i];
    const auto& dept = c.departments.at(c.ballots.department[i]).id;
    const std::string rating(to_string(c.ballots.rating[i]));
    if (r < reps)
      f.put("ballots", c.representatives[r].id + "/" + dept, "rating", rating);
    else
      f.put("ballot_sheets", c.ballot_sheets.at(r - reps).sheet_no, dept, rating);
  }
  for (const auto& s : c.ballot_sheets) f.put("ballot_sheets", s.sheet_no, "sector", s.sector);
  for (std::size_t i = 0; i < c.questionnaires.size(); ++i) {
    const auto a = c.questionnaire_answer(i);
    f.put("questionnaires", a.response_id + "/" + a.department_id, "rating",
          std::string(to_string(a.rating)));
  }
  for (const auto& r : c.responses)
    f.put("questionnaire_responses", r.id, "respondent_group", c.respondent_groups.at(r.group));
  for (std::size_t d = 0; d < c.departments.size(); ++d) {
    if (d < c.daily_work.size() && c.daily_work[d])
      f.put("daily_work", c.departments[d].id, "score", number(c.daily_work[d]));
    if (d < c.expected_scores.size() && c.expected_scores[d])
      f.put("self_assessment", c.departments[d].id, "expected_score", number(c.expected_scores[d]));
  }
  for (const auto& x : c.complaints) {
    f.row("complaints", x.id,
          {{"department_id", x.department_id},
           {"received_on", date(x.received_on)},
           {"channel", std::string(to_string(x.channel))},
           {"category", x.category},
           {"substantiated", boolean(x.substantiated)},
           {"due_on", date(x.due_on)},
           {"closed_on", date(x.closed_on)},
           {"summary", x.summary}});
  }
  for (const auto& x : c.rectifications) {
    f.row("rectifications", x.id,
          {{"department_id", x.department_id},
           {"source", std::string(to_string(x.source))},
           {"source_ref", x.source_ref},
           {"category", x.category},
           {"description", x.description},
           {"deadline", date(x.deadline)},
           {"status", std::string(to_string(x.status))},
           {"closed_on", date(x.closed_on)}});
  }
  for (const auto& x : c.commitments) {
    f.row("commitments", x.id,
          {{"department_id", x.department_id},
           {"text", x.text},
           {"published_on", date(x.published_on)},
           {"channel", x.channel},
           {"due_on", date(x.due_on)},
           {"status", x.status}});
  }
  for (const auto& x : c.hearings) {
    f.row("hearings", x.id,
          {{"department_id", x.department_id},
           {"held_on", date(x.held_on)},
           {"question", x.question},
           {"answer", x.answer},
           {"rectification_id", x.rectification_id}});
  }
  for (const auto& x : c.activities) {
    f.row("activities", x.id,
          {{"department_id", x.department_id},
           {"kind", std::string(to_string(x.kind))},
           {"target", x.target},
           {"date", date(x.date)},
           {"summary", x.summary}});
  }
  for (const auto& x : c.surveys) {
    f.row("surveys", x.id,
          {{"representative_id", x.representative_id},
           {"site_kind", std::string(to_string(x.site_kind))},
           {"site", x.site},
           {"visited_on", date(x.visited_on)},
           {"department_id", x.department_id},
           {"opinion", x.opinion}});
  }
  return f;
}

}  // namespace

std::vector<Difference> reconcile(const Cycle& a, const Cycle& b) {
  const Flat fa = flatten(a), fb = flatten(b);
  std::vector<Difference> out;
  std::set<Row> rows = fa.rows;
  rows.insert(fb.rows.begin(), fb.rows.end());
  for (const auto& [table, key] : rows) {
    const bool in_a = fa.rows.contains({table, key}), in_b = fb.rows.contains({table, key});
    if (!in_a || !in_b) {
      out.push_back(Difference{table, key, "", in_a ? std::optional<std::string>("") : std::nullopt,
                               in_b ? std::optional<std::string>("") : std::nullopt});
      continue;
    }
    // Both keyed: every column either side holds (a sheet's department left blank on one side).
    const Cell from{table, key, ""};
    auto ia = fa.cells.lower_bound(from), ib = fb.cells.lower_bound(from);
    auto in_row = [&, &table = table, &key = key](const auto& it, const auto& end) {
      return it != end && std::get<0>(it->first) == table && std::get<1>(it->first) == key;
    };
    while (in_row(ia, fa.cells.end()) || in_row(ib, fb.cells.end())) {
      const bool more_a = in_row(ia, fa.cells.end()), more_b = in_row(ib, fb.cells.end());
      const std::string* col_a = more_a ? &std::get<2>(ia->first) : nullptr;
      const std::string* col_b = more_b ? &std::get<2>(ib->first) : nullptr;
      if (col_b == nullptr || (col_a != nullptr && *col_a < *col_b)) {
        out.push_back(Difference{table, key, *col_a, ia->second, std::string()});
        ++ia;
      } else if (col_a == nullptr || *col_b < *col_a) {
        out.push_back(Difference{table, key, *col_b, std::string(), ib->second});
        ++ib;
      } else {
        if (ia->second != ib->second) out.push_back(Difference{table, key, *col_a, ia->second, ib->second});
        ++ia, ++ib;
      }
    }
  }
  return out;
}

std::vector<Difference> reconcile(const std::filesystem::path& a, const std::filesystem::path& b,
                                  const ImportOptions& options) {
  const Cycle ca = import_cycle(a, options);
  const Cycle cb = import_cycle(b, options);
  return reconcile(ca, cb);
}

std::string to_string(const Difference& d) {
  if (d.column.empty()) return message("LR-W121", d.table, d.key, d.a ? "A" : "B");
  return fmt::format("{}:{}:{}: {} ≠ {}", d.table, d.key, d.column, d.a.value_or(""), d.b.value_or(""));
}

}  // namespace review
