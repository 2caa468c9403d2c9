// A table read from records (a CSV file, a worksheet, a TextTable): its header
// mapped onto the spec's columns, then every row checked and stored.
#include <utility>

#include "ingest/importer_internal.hpp"
#include "log_internal.hpp"

namespace review::ingest {

void Importer::read(const TableSpec& spec, RecordReader& reader, const std::string& file,
                    std::size_t rows_hint) {
  spec_ = &spec;
  file_ = file;
  dated_column_ = kNoColumn;
  ids_.clear();
  seen_pairs_.reset(cycle_.departments.size(), spec.table == Table::ballots && representatives_known_
                                                   ? cycle_.representatives.size()
                                                   : 0);
  pairs_from_ = long_form(spec.table) == Table::ballots ? ballot_keys_.size() : q_response_.size();
  Record r;
  if (!reader.next(r)) {
    diags_.add(file_, 1, 0, "", "", kMissingHeader);
    missing(spec);
    return;
  }
  // Map the header onto the spec's columns.
  std::vector<int> pos(spec.columns.size(), -1);
  header_.assign(spec.columns.size(), std::string());
  for (std::size_t i = 0; i < r.fields.size(); ++i) {
    auto name = trim(r.fields[i]);
    if (name.starts_with("\xEF\xBB\xBF")) name.remove_prefix(3);
    const std::size_t c = find_column(spec, name);
    if (c == spec.columns.size()) {
      log::get("ingest")->debug("{}: column '{}' is not used", file_, name);
      continue;
    }
    if (pos[c] >= 0) {
      diags_.add(file_, r.line_of(i), i + 1, spec.columns[c].name, name, kColumnTwice);
      continue;
    }
    pos[c] = static_cast<int>(i);
    header_[c] = std::string(name);
  }
  const std::size_t header_size = r.fields.size();
  const bool sheets = spec.table == Table::ballot_sheets || spec.table == Table::questionnaire_sheets;
  bool complete = !sheets || sheet_header(r, pos);
  for (std::size_t c = 0; c < spec.columns.size(); ++c) {
    if (pos[c] < 0 && spec.columns[c].required) {
      const auto shown = language() == Language::zh && !spec.columns[c].alias.empty() ? spec.columns[c].alias
                                                                                      : spec.columns[c].name;
      diags_.add(file_, 1, 0, spec.columns[c].name, shown, kMissingColumn);
      complete = false;
    }
  }
  if (!complete) {
    missing(spec);
    return;
  }
  if (long_form(spec.table) == Table::ballots) ballot_keys_.reserve(ballot_keys_.size() + rows_hint);
  if (long_form(spec.table) == Table::questionnaires) {
    for (auto* v : {&q_department_, &q_response_, &q_group_}) v->reserve(v->size() + rows_hint);
    q_rating_.reserve(q_rating_.size() + rows_hint);
  }
  if (spec.table == Table::daily_work) seen_work_.assign(cycle_.departments.size(), false);
  if (spec.table == Table::self_assessment) seen_self_.assign(cycle_.departments.size(), false);

  while (reader.next(r)) {
    for (std::size_t i = header_size; i < r.fields.size(); ++i) {
      if (trim(r.fields[i]).empty()) continue;
      diags_.add(file_, r.line_of(i), i + 1, "", trim(r.fields[i]), kExtraField);
      break;
    }
    const Row row(r, pos);
    switch (spec.table) {
      case Table::departments:
        departments(row);
        break;
      case Table::representatives:
        representatives(row);
        break;
      case Table::ballots:
        ballots(row);
        break;
      case Table::questionnaires:
        questionnaires(row);
        break;
      case Table::daily_work:
        scores(row, cycle_.daily_work, seen_work_);
        break;
      case Table::self_assessment:
        scores(row, cycle_.expected_scores, seen_self_);
        break;
      case Table::complaints:
        complaints(row);
        break;
      case Table::rectifications:
        rectifications(row);
        break;
      case Table::commitments:
        commitments(row);
        break;
      case Table::hearings:
        hearings(row);
        break;
      case Table::activities:
        activities(row);
        break;
      case Table::surveys:
        surveys(row);
        break;
      case Table::ballot_sheets:
        ballot_sheets(row, r);
        break;
      case Table::questionnaire_sheets:
        questionnaire_sheets(row, r);
        break;
    }
  }
  ids_.clear();
  if (spec.table == Table::departments) {
    cycle_.daily_work.assign(cycle_.departments.size(), std::nullopt);
    cycle_.expected_scores.assign(cycle_.departments.size(), std::nullopt);
    department_ids_.reserve(cycle_.departments.size());
    exempt_.assign(cycle_.departments.size(), 0);
    for (std::size_t i = 0; i < cycle_.departments.size(); ++i)
      exempt_[i] = cycle_.departments[i].status == DepartmentStatus::exempt ? 1 : 0;
    for (std::uint32_t i = 0; i < cycle_.departments.size(); ++i)
      department_ids_.emplace(cycle_.departments[i].id, i);
    department_ids_.index();
    department_names_.reserve(cycle_.departments.size());
    for (std::uint32_t i = 0; i < cycle_.departments.size(); ++i)
      department_names_.emplace(cycle_.departments[i].name, i);
    department_names_.index();
  }
  if (spec.table == Table::representatives) {
    representative_ids_.reserve(cycle_.representatives.size());
    for (std::uint32_t i = 0; i < cycle_.representatives.size(); ++i)
      representative_ids_.emplace(cycle_.representatives[i].id, i);
    representative_ids_.index();
  }
}

void Importer::departments(const Row& row) {
  Department d;
  unique_id(row, dep::id);
  d.id = row[dep::id];
  required_text(row, dep::name);
  d.name = row[dep::name];
  d.category = row[dep::category];
  d.status = enumeration(row, dep::status, DepartmentStatus::participating)
                 .value_or(DepartmentStatus::participating);
  d.exempt_reason = row[dep::exempt_reason];
  d.hotline = row[dep::hotline];
  d.kind = row[dep::kind];
  cycle_.departments.push_back(std::move(d));
}

void Importer::representatives(const Row& row) {
  Representative r;
  unique_id(row, rep::id);
  r.id = row[rep::id];
  r.sector = row[rep::sector];
  r.trained = boolean(row, rep::trained).value_or(false);
  cycle_.representatives.push_back(std::move(r));
}

void Importer::ballots(const Row& row) {
  const auto who = representative(row, bal::representative_id);
  const auto d = department(row, bal::department_id, true);
  const auto rating = this->rating(row, bal::rating);
  if (!who || !d || !rating) return;
  if (!add_ballot(*d, *who, *rating)) fail(row, bal::department_id, kSecondBallot);
}

bool Importer::add_ballot(std::uint32_t d, std::uint32_t who, Rating rating) {
  const bool first = seen_pairs_.insert(who, d, [&](auto&& mark) {
    for (std::size_t i = pairs_from_; i < ballot_keys_.size(); ++i)
      mark(static_cast<std::uint32_t>((ballot_keys_[i] >> 2) & 0xFFFFFFFFU),
           static_cast<std::uint32_t>(ballot_keys_[i] >> 34));
  });
  if (!first) return false;
  ballot_keys_.push_back((std::uint64_t{d} << 34) | (std::uint64_t{who} << 2) |
                         static_cast<std::uint64_t>(rating));
  return true;
}

void Importer::questionnaires(const Row& row) {
  if (!required_text(row, que::response_id)) return;
  const auto group_name = row[que::respondent_group];
  const auto group = group_ids_(group_name, [&] { cycle_.respondent_groups.emplace_back(group_name); });
  bool added = false;
  const auto response = response_ids_(row[que::response_id], [&] {
    cycle_.responses.push_back(Response{std::string(row[que::response_id]), group});
    added = true;
  });
  if (!added && cycle_.responses[response].group != group) fail(row, que::respondent_group, kGroupChanged);
  const auto d = department(row, que::department_id, true);
  const auto rating = this->rating(row, que::rating);
  if (!d || !rating) return;
  const bool first = seen_pairs_.insert(response, *d, [&](auto&& mark) {
    for (std::size_t i = pairs_from_; i < q_response_.size(); ++i) mark(q_response_[i], q_department_[i]);
  });
  if (!first) {
    fail(row, que::department_id, kSecondAnswer);
    return;
  }
  q_department_.push_back(*d);
  q_response_.push_back(response);
  q_group_.push_back(group);
  q_rating_.push_back(*rating);
}

void Importer::scores(const Row& row, std::vector<std::optional<double>>& into, std::vector<bool>& seen) {
  const auto d = department(row, sco::department_id, true);
  const auto v = score(row, sco::score);
  if (!d) return;
  if (seen[*d]) {
    fail(row, sco::department_id, kSecondScore);
    return;
  }
  seen[*d] = true;
  into[*d] = v;
}

void Importer::complaints(const Row& row) {
  Complaint c;
  unique_id(row, cmp::id);
  c.id = row[cmp::id];
  department(row, cmp::department_id, false);
  c.department_id = row[cmp::department_id];
  c.received_on = date(row, cmp::received_on);
  c.channel = enumeration(row, cmp::channel, ComplaintChannel::hotline).value_or(ComplaintChannel::hotline);
  c.category = row[cmp::category];
  c.substantiated = boolean(row, cmp::substantiated).value_or(false);
  c.due_on = date(row, cmp::due_on);
  c.closed_on = date(row, cmp::closed_on);
  c.summary = row[cmp::summary];
  cycle_.complaints.push_back(std::move(c));
}

void Importer::rectifications(const Row& row) {
  RectificationItem r;
  unique_id(row, rec::id);
  r.id = row[rec::id];
  department(row, rec::department_id, false);
  r.department_id = row[rec::department_id];
  r.source =
      enumeration(row, rec::source, RectificationSource::hearing).value_or(RectificationSource::hearing);
  r.source_ref = row[rec::source_ref];
  r.category = row[rec::category];
  r.description = row[rec::description];
  r.deadline = date(row, rec::deadline);
  r.status = enumeration(row, rec::status, RectificationStatus::open).value_or(RectificationStatus::open);
  r.closed_on = date(row, rec::closed_on);
  cycle_.rectifications.push_back(std::move(r));
}

void Importer::commitments(const Row& row) {
  Commitment c;
  unique_id(row, com::id);
  c.id = row[com::id];
  department(row, com::department_id, false);
  c.department_id = row[com::department_id];
  c.text = row[com::text];
  c.published_on = dated(row, com::published_on);
  c.channel = row[com::channel];
  c.due_on = date(row, com::due_on);
  // 兑现情况: kept as its code whether written in English or Chinese; empty when not given.
  if (!row[com::status].empty())
    if (const auto status = enumeration(row, com::status, CommitmentStatus::in_progress))
      c.status = to_string(*status);
  cycle_.commitments.push_back(std::move(c));
}

void Importer::hearings(const Row& row) {
  Hearing h;
  unique_id(row, hea::id);
  h.id = row[hea::id];
  department(row, hea::department_id, false);
  h.department_id = row[hea::department_id];
  h.held_on = dated(row, hea::held_on);
  h.question = row[hea::question];
  h.answer = row[hea::answer];
  h.rectification_id = row[hea::rectification_id];
  cycle_.hearings.push_back(std::move(h));
}

void Importer::activities(const Row& row) {
  OutreachActivity a;
  unique_id(row, act::id);
  a.id = row[act::id];
  department(row, act::department_id, false);
  a.department_id = row[act::department_id];
  a.kind = enumeration(row, act::kind, ActivityKind::visit).value_or(ActivityKind::visit);
  a.target = row[act::target];
  a.date = dated(row, act::date);
  a.summary = row[act::summary];
  cycle_.activities.push_back(std::move(a));
}

void Importer::surveys(const Row& row) {
  SurveyVisit s;
  unique_id(row, sur::id);
  s.id = row[sur::id];
  representative(row, sur::representative_id);
  s.representative_id = row[sur::representative_id];
  s.site_kind = enumeration(row, sur::site_kind, SiteKind::other).value_or(SiteKind::other);
  s.site = row[sur::site];
  s.visited_on = dated(row, sur::visited_on);
  department(row, sur::department_id, false);
  s.department_id = row[sur::department_id];
  s.opinion = row[sur::opinion];
  cycle_.surveys.push_back(std::move(s));
}

}  // namespace review::ingest
