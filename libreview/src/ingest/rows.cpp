// A table read from records (a CSV file, a worksheet, a TextTable): its header
// mapped onto the spec's columns, then every row checked and stored.
#include <algorithm>
#include <atomic>
#include <memory>
#include <numeric>
#include <thread>
#include <utility>

#include "ingest/importer_internal.hpp"
#include "libreview/report_util.hpp"
#include "log_internal.hpp"

namespace review::ingest {
namespace {

/// Files of fewer bytes of rows are read on one thread: a thread costs more than it saves there.
constexpr std::size_t kPiecesMinBytes = std::size_t{4} << 20;
/// How far (in records) a cut moves on to keep a rater's rows in one piece.
constexpr int kMaxCutShift = 4096;

std::atomic<std::size_t> pieces_min_bytes{kPiecesMinBytes};
std::atomic<unsigned> pieces_parts{0};
std::atomic<std::size_t> pieces_tables{0};
std::atomic<std::size_t> apart_reads{0};

}  // namespace

ChunkedReading chunked_reading() noexcept { return {pieces_min_bytes.load(), pieces_parts.load()}; }

ChunkedReading set_chunked_reading(ChunkedReading how) noexcept {
  const auto before = chunked_reading();
  pieces_min_bytes = how.min_bytes;
  pieces_parts = how.parts;
  return before;
}

std::size_t chunked_tables() noexcept { return pieces_tables.load(); }

std::size_t tables_read_apart() noexcept { return apart_reads.load(); }

void Importer::read(const TableSpec& spec, RecordReader& reader, const std::string& file,
                    std::size_t rows_hint, unsigned threads) {
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

  const bool rating_rows = spec.table == Table::ballots || spec.table == Table::questionnaires;
  auto* csv = rating_rows ? dynamic_cast<CsvReader*>(&reader) : nullptr;
  if (csv == nullptr || !read_in_pieces(*csv, pos, header_size, rows_hint, threads))
    while (reader.next(r)) read_row(r, pos, header_size);
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
    recent_departments_.clear();
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
    recent_representatives_.clear();
  }
}

void Importer::read_row(const Record& r, std::span<const int> pos, std::size_t header_size) {
  for (std::size_t i = header_size; i < r.fields.size(); ++i) {
    if (trim(r.fields[i]).empty()) continue;
    diags_.add(file_, r.line_of(i), i + 1, "", trim(r.fields[i]), kExtraField);
    break;
  }
  const Row row(r, pos);
  switch (spec_->table) {
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

Importer::Importer(const Importer& parent, Cycle& cycle, Diagnostics& diags)
    : cycle_(cycle),
      diags_(diags),
      spec_(parent.spec_),
      file_(parent.file_),
      header_(parent.header_),
      departments_known_(parent.departments_known_),
      representatives_known_(parent.representatives_known_),
      lookups_(parent.lookups_) {}

bool Importer::read_in_pieces(CsvReader& reader, std::span<const int> pos, std::size_t header_size,
                              std::size_t rows_hint, unsigned threads) {
  const bool is_ballots = spec_->table == Table::ballots;
  const auto how = chunked_reading();
  const std::size_t parts = how.parts != 0 ? how.parts
                            : threads != 0 ? threads
                                           : std::max(1U, std::thread::hardware_concurrency());
  char* const begin = reader.position();
  const auto size = static_cast<std::size_t>(reader.end() - begin);
  // The merge below assumes the table's rows are the first of their kind.
  const bool fresh = is_ballots ? ballot_keys_.empty()
                                : q_response_.empty() && cycle_.responses.empty() &&
                                      cycle_.respondent_groups.empty() && response_ids_.table.size() == 0 &&
                                      group_ids_.table.size() == 0;
  const int key = pos[is_ballots ? std::size_t{bal::representative_id} : std::size_t{que::response_id}];
  if (parts < 2 || size < how.min_bytes || size == 0 || !fresh || key < 0) return false;
  const char* quote = reader.no_quote_before();
  auto cuts = record_cuts(std::string_view(begin, size), parts,
                          quote != nullptr && quote > begin ? static_cast<std::size_t>(quote - begin) : 0);
  // Each cut moves on to the first record of another rater, so that a rater's rows
  // (usually one after the other) are in one piece.
  std::vector<std::size_t> at{0};
  for (std::size_t k = 1; k + 1 < cuts.size(); ++k) {
    if (cuts[k] <= at.back()) continue;
    Diagnostics none(0);
    CsvReader probe(begin + cuts[k], size - cuts[k], file_, none);
    Record r;
    if (!probe.next(r)) break;
    // The rater of the rows before (a row without one interns nothing: it does not count).
    auto rater = trim(r.field(static_cast<std::size_t>(key)));
    std::size_t cut = size;
    for (int n = 0; n < kMaxCutShift; ++n) {
      char* const start = probe.position();
      if (!probe.next(r)) break;
      const auto next = trim(r.field(static_cast<std::size_t>(key)));
      if (!next.empty() && !rater.empty() && next != rater) {
        cut = static_cast<std::size_t>(start - begin);
        break;
      }
      if (!next.empty()) rater = next;
    }
    if (cut < size) at.push_back(cut);
  }
  at.push_back(size);
  if (at.size() < 3) return false;

  // Each piece is read by an importer of its own, as a table of its own.
  struct Piece {
    Piece(const Importer& parent, std::size_t cap) : diags(cap), importer(parent, cycle, diags) {}
    Cycle cycle;
    Diagnostics diags;
    Importer importer;
    std::uint32_t end_line = 0;
    bool stopped = false;
  };
  const std::size_t n = at.size() - 1;
  std::vector<std::unique_ptr<Piece>> pieces;
  for (std::size_t j = 0; j < n; ++j) pieces.push_back(std::make_unique<Piece>(*this, diags_.cap()));
  const std::size_t departments = cycle_.departments.size();
  const std::size_t raters = is_ballots && representatives_known_ ? cycle_.representatives.size() : 0;
  parallel_for(
      n,
      [&](std::size_t j) {
        Piece& p = *pieces[j];
        Importer& in = p.importer;
        const std::size_t bytes = at[j + 1] - at[j];
        in.seen_pairs_.reset(departments, raters);
        const std::size_t hint = j == 0 ? rows_hint : rows_hint / n + 16;  // piece 0's become the table's
        if (is_ballots) {
          in.ballot_keys_.reserve(hint);
        } else {
          for (auto* v : {&in.q_department_, &in.q_response_, &in.q_group_}) v->reserve(hint);
          in.q_rating_.reserve(hint);
        }
        // Lines of the first piece as they are; of the others from 1, moved down in the merge.
        CsvReader piece_reader(begin + at[j], bytes, file_, p.diags, j == 0 ? reader.line() : 1);
        Record r;
        while (piece_reader.next(r)) in.read_row(r, pos, header_size);
        p.end_line = piece_reader.line();
        p.stopped = piece_reader.stopped();
      },
      static_cast<unsigned>(n));

  // A resource limit stops the file: the pieces after it are not read.
  std::size_t used = n;
  for (std::size_t j = 0; j < n; ++j)
    if (pieces[j]->stopped) {
      used = j + 1;
      break;
    }
  // The pieces give the rows one go gives unless a rating in one piece is a second one of a
  // pair rated in a piece before (which one go refuses, where it lies): then the file is read
  // again in one go. For a questionnaire response, whose rows also keep its group, the pieces
  // are sure only when no response has rows in two of them.
  bool apart = true;
  if (is_ballots) {
    // Every piece's ballots, ordered as finish() orders them: a pair rated in two pieces comes
    // out twice in a row.
    ballot_keys_ = std::move(pieces[0]->importer.ballot_keys_);
    for (std::size_t j = 1; j < used; ++j) {
      const auto& keys = pieces[j]->importer.ballot_keys_;
      ballot_keys_.insert(ballot_keys_.end(), keys.begin(), keys.end());
    }
    sort_ballot_keys();
    apart = std::adjacent_find(ballot_keys_.begin(), ballot_keys_.end(),
                               [](std::uint64_t a, std::uint64_t b) { return a >> 2 == b >> 2; }) ==
            ballot_keys_.end();
    if (!apart) ballot_keys_.clear();
  } else {
    for (std::size_t j = 0; j < used && apart; ++j)
      for (const auto& response : pieces[j]->cycle.responses) {
        bool added = false;
        response_ids_.table.insert(response.id, added);
        if (!added) {
          apart = false;
          break;
        }
      }
  }
  if (!apart) {
    response_ids_ = Interner{};
    return false;
  }

  // The merge, in file order: lines moved down, raters and groups numbered on from the pieces before.
  std::size_t line_offset = 0;
  for (std::size_t j = 0; j < used; ++j) {
    Piece& p = *pieces[j];
    Importer& in = p.importer;
    if (!is_ballots) {
      std::vector<std::uint32_t> groups(p.cycle.respondent_groups.size());
      for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto& name = p.cycle.respondent_groups[g];
        groups[g] = group_ids_(name, [&] { cycle_.respondent_groups.push_back(name); });
      }
      const auto first = static_cast<std::uint32_t>(cycle_.responses.size());
      for (auto& response : p.cycle.responses)
        cycle_.responses.push_back(Response{std::move(response.id), groups[response.group]});
      if (j == 0) {  // numbered as they are
        q_department_ = std::move(in.q_department_);
        q_response_ = std::move(in.q_response_);
        q_group_ = std::move(in.q_group_);
        q_rating_ = std::move(in.q_rating_);
      } else {
        q_department_.insert(q_department_.end(), in.q_department_.begin(), in.q_department_.end());
        q_rating_.insert(q_rating_.end(), in.q_rating_.begin(), in.q_rating_.end());
        for (const auto r : in.q_response_) q_response_.push_back(first + r);
        for (const auto g : in.q_group_) q_group_.push_back(groups[g]);
      }
    }
    diags_.append(std::move(p.diags), line_offset);
    line_offset += p.end_line - 1;
  }
  ++pieces_tables;
  return true;
}

void Importer::read_apart(const std::vector<std::size_t>& sizes,
                          const std::function<void(std::size_t, Importer&)>& job) {
  struct Part {
    Part(const Importer& parent, std::size_t cap) : diags(cap), importer(parent, cycle, diags) {}
    Cycle cycle;
    Diagnostics diags;
    Importer importer;
    DatedFields dated;
  };
  const std::size_t n = sizes.size();
  std::vector<std::unique_ptr<Part>> parts;
  for (std::size_t j = 0; j < n; ++j) {
    parts.push_back(std::make_unique<Part>(*this, diags_.cap()));
    if (dated_ != nullptr) parts.back()->importer.dated_ = &parts.back()->dated;
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  parallel_for(n, [&](std::size_t k) { job(order[k], parts[order[k]]->importer); });
  apart_reads += n;

  auto append = [](auto& to, auto& from) {
    if (to.empty())
      to = std::move(from);
    else
      to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  for (auto& p : parts) {
    append(cycle_.complaints, p->cycle.complaints);
    append(cycle_.rectifications, p->cycle.rectifications);
    append(cycle_.commitments, p->cycle.commitments);
    append(cycle_.hearings, p->cycle.hearings);
    append(cycle_.activities, p->cycle.activities);
    append(cycle_.surveys, p->cycle.surveys);
    if (dated_ != nullptr) {
      const auto offset = static_cast<std::uint32_t>(dated_->columns.size());
      append(dated_->columns, p->dated.columns);
      for (auto field : p->dated.fields) {
        field.column += offset;
        dated_->fields.push_back(field);
      }
    }
    diags_.append(std::move(p->diags), 0);
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
  const auto response_id = row[que::response_id];
  if (response_id.empty()) {
    fail(row, que::response_id, kMissingValue);
    return;
  }
  const auto group_name = row[que::respondent_group];
  const auto group = group_ids_(group_name, [&] { cycle_.respondent_groups.emplace_back(group_name); });
  bool added = false;
  const auto response = response_ids_(response_id, [&] {
    cycle_.responses.push_back(Response{std::string(response_id), group});
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
