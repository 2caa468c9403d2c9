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

std::optional<Rating> Importer::sheet_cell(const Record& r, std::size_t i, bool& bad) {
  const auto t = trim(r.field(sheet_columns_[i].field));
  if (t.empty()) return std::nullopt;
  if (t.size() == 1 && t[0] >= '1' && t[0] <= '4') return static_cast<Rating>(t[0] - '1');
  if (auto v = parse_enum<Rating>(t)) return v;
  const auto& c = sheet_columns_[i];
  diags_.add(file_, r.line_of(c.field), c.field + 1, c.header, t, kBadSheetRating);
  bad = true;
  return std::nullopt;
}

void Importer::ballot_sheets(const Row& row, const Record& r) {
  if (!required_text(row, sht::sheet_no)) return;
  bool added = false;
  ids_.insert(row[sht::sheet_no], added);
  if (!added) {
    fail(row, sht::sheet_no, kSheetTwice);
    return;
  }
  std::vector<std::pair<std::uint32_t, Rating>> votes;
  bool bad = false;
  for (std::size_t i = 0; i < sheet_columns_.size(); ++i)
    if (auto v = sheet_cell(r, i, bad)) votes.emplace_back(sheet_columns_[i].department, *v);
  std::optional<std::uint32_t> who;
  if (!row[sht::representative_id].empty()) {
    who = representative(row, sht::representative_id);
    if (!who) return;
  }
  // A row without a vote is a pre-numbered sheet that was not returned: no ballot.
  if (bad || votes.empty()) return;
  if (!who) {
    who = static_cast<std::uint32_t>(cycle_.representatives.size() + cycle_.ballot_sheets.size());
    cycle_.ballot_sheets.push_back(
        BallotSheet{std::string(row[sht::sheet_no]), std::string(row[sht::sector])});
  }
  for (const auto& [d, rating] : votes) {
    if (add_ballot(d, *who, rating)) continue;
    const auto c = std::find_if(sheet_columns_.begin(), sheet_columns_.end(),
                                [&](const SheetColumn& s) { return s.department == d; });
    diags_.add(file_, r.line_of(c->field), c->field + 1, c->header, trim(r.field(c->field)), kSecondBallot);
  }
}

void Importer::questionnaire_sheets(const Row& row, const Record& r) {
  if (!required_text(row, qsh::response_id)) return;
  bool added = false;
  ids_.insert(row[qsh::response_id], added);
  if (!added) {
    fail(row, qsh::response_id, kSheetTwice);
    return;
  }
  bool bad = false;
  std::vector<std::pair<std::uint32_t, Rating>> votes;
  for (std::size_t i = 0; i < sheet_columns_.size(); ++i)
    if (auto v = sheet_cell(r, i, bad)) votes.emplace_back(sheet_columns_[i].department, *v);
  if (bad || votes.empty()) return;
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
