// Ballots and questionnaires keyed one paper sheet per row (测评表, 问卷表): the
// header's department columns, then each sheet's cells turned into the same
// ratings the long tables give (ballots.csv, questionnaires.csv).
#include <algorithm>
#include <utility>

#include "ingest/importer_internal.hpp"

namespace review::ingest {

bool Importer::sheet_header(const Record& header, const std::vector<int>& pos) {
  sheet_columns_.clear();
  bool ok = true;
  std::vector<bool> taken(cycle_.departments.size(), false);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    if (std::find(pos.begin(), pos.end(), static_cast<int>(i)) != pos.end()) continue;
    auto name = trim(header.fields[i]);
    if (name.starts_with("\xEF\xBB\xBF")) name.remove_prefix(3);
    if (name.empty() || !departments_known_) continue;
    auto d = department_ids_.find(name);
    if (d == IdIndex::npos) d = department_names_.find(name);
    std::string_view message;
    if (d == IdIndex::npos)
      message = kNotADepartmentColumn;
    else if (exempt_[d] != 0)
      message = kExemptColumn;
    else if (taken[d])
      message = kDepartmentColumnTwice;
    if (!message.empty()) {
      // A column spec'd elsewhere (a ballots.csv header in the wrong file) is named as such too.
      diags_.add(file_, 1, i + 1, name, name, message);
      ok = false;
      continue;
    }
    taken[d] = true;
    sheet_columns_.push_back(SheetColumn{i, d, std::string(name)});
  }
  return ok;
}

bool Importer::sheet_votes(const Row& row, const Record& r, std::size_t number, Votes& votes,
                           bool& complete) {
  if (!required_text(row, number)) return false;
  bool added = false;
  ids_.insert(row[number], added);
  if (!added) {
    fail(row, number, kSheetTwice);
    return false;
  }
  complete = true;
  for (const auto& c : sheet_columns_) {
    const auto t = trim(r.field(c.field));
    if (t.empty()) continue;  // a box left blank
    std::optional<Rating> v;
    if (t.size() == 1 && t[0] >= '1' && t[0] <= '4')
      v = static_cast<Rating>(t[0] - '1');
    else
      v = parse_enum<Rating>(t);
    if (v) {
      votes.emplace_back(c.department, *v);
    } else {
      diags_.add(file_, r.line_of(c.field), c.field + 1, c.header, t, kBadSheetRating);
      complete = false;
    }
  }
  return true;
}

void Importer::ballot_sheets(const Row& row, const Record& r) {
  Votes votes;
  bool complete = false;
  if (!sheet_votes(row, r, sht::sheet_no, votes, complete)) return;
  std::optional<std::uint32_t> who;
  if (!row[sht::representative_id].empty()) {
    who = representative(row, sht::representative_id);
    if (!who) return;
  }
  // A row without a vote is a pre-numbered sheet that was not returned: no ballot.
  if (!complete || votes.empty()) return;
  if (!who) {
    who = static_cast<std::uint32_t>(cycle_.representatives.size() + cycle_.ballot_sheets.size());
    cycle_.ballot_sheets.push_back(
        BallotSheet{std::string(row[sht::sheet_no]), std::string(row[sht::sector])});
  }
  for (const auto& [d, rating] : votes) {
    if (add_ballot(d, *who, rating)) continue;
    const auto c = std::find_if(sheet_columns_.begin(), sheet_columns_.end(),
                                [department = d](const SheetColumn& s) { return s.department == department; });
    diags_.add(file_, r.line_of(c->field), c->field + 1, c->header, trim(r.field(c->field)), kSecondBallot);
  }
}

void Importer::questionnaire_sheets(const Row& row, const Record& r) {
  Votes votes;
  bool complete = false;
  if (!sheet_votes(row, r, qsh::response_id, votes, complete) || !complete || votes.empty()) return;
  const auto group_name = row[qsh::respondent_group];
  const auto group = group_ids_(group_name, [&] { cycle_.respondent_groups.emplace_back(group_name); });
  const auto response = response_ids_(row[qsh::response_id], [&] {
    cycle_.responses.push_back(Response{std::string(row[qsh::response_id]), group});
  });
  for (const auto& [d, rating] : votes) {
    q_department_.push_back(d);
    q_response_.push_back(response);
    q_group_.push_back(group);
    q_rating_.push_back(rating);
  }
}

}  // namespace review::ingest
