// The store: save, load, list, remove cycles; history of earlier years.
#include "libreview/store.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "digest_internal.hpp"
#include "libreview/messages.hpp"
#include "libreview/vocabulary.hpp"
#include "log_internal.hpp"
#include "store_internal.hpp"

namespace review {

using store::Statement;

const char* default_store_name() noexcept { return "review.db"; }

bool is_server_store(std::string_view where) noexcept { return store::is_server_uri(where); }

bool store_exists(const std::filesystem::path& where) {
  return is_server_store(where.native()) || std::filesystem::exists(where);
}

std::string store_display_name(std::string_view where) { return store::display_name(where); }

namespace {

/// The grade of its stored code (none for an empty or unknown code).
Grade grade_of(std::string_view code) {
  for (const Grade g : kGrades)
    if (to_string(g) == code) return g;
  return Grade::none;
}

}  // namespace

struct Store::Impl {
  std::filesystem::path file;  ///< where the store is, fit to show (a URI without its password)
  StoreOptions options;
  std::unique_ptr<store::Connection> connection;
  store::Connection* db = nullptr;
  std::size_t rows = 0;  ///< rows written by the save in progress

  /// Counts a written row and calls the test hook.
  void wrote_row() {
    ++rows;
    if (options.row_hook) options.row_hook(rows);
  }

  [[nodiscard]] std::optional<std::int64_t> cycle_id(const std::string& region, int year) const {
    Statement s(db, "SELECT id FROM cycles WHERE region = ?1 AND year = ?2");
    s.query(region, year);
    std::optional<std::int64_t> id;
    if (s.step()) id = s.integer(0);
    s.reset();
    return id;
  }

  /// The status history of every rectification item of a stored cycle.
  [[nodiscard]] std::map<std::string, std::vector<StatusChange>> histories(std::int64_t cycle) const {
    std::map<std::string, std::vector<StatusChange>> out;
    Statement s(db,
                "SELECT item_id, status, on_date FROM rectification_history WHERE cycle_id = ?1 "
                "ORDER BY item_id, seq");
    s.query(cycle);
    while (s.step()) {
      auto status = parse_enum<RectificationStatus>(s.text(1));
      auto on = s.date(2);
      if (!status || !on) refuse<StoreError>("LR-S106", file.string());
      out[s.text(0)].push_back(StatusChange{*status, *on});
    }
    return out;
  }

  void save(const Cycle& c, const Results* results);
  void save_results(std::int64_t id, const Cycle& c, const Results& r);

  /// Deletes cycle `id` and its rows of every table (inside the caller's transaction).
  void remove_cycle(std::int64_t id) {
    for (const char* table : store::cycle_tables())
      Statement(db, fmt::format("DELETE FROM {} WHERE cycle_id = ?1", table)).run(id);
    Statement(db, "DELETE FROM cycles WHERE id = ?1").run(id);
  }
  [[nodiscard]] Cycle load(std::int64_t id) const;
};

namespace {

std::string utc_now() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

template <class E>
E enum_or_throw(const std::string& text, const std::filesystem::path& file) {
  auto v = parse_enum<E>(text);
  if (!v) refuse<StoreError>("LR-S107", file.string(), text);
  return *v;
}

/// Where a status change is dated: the closing date for closing statuses, else the cycle's as_of.
Date status_date(const RectificationItem& item, const Date& as_of) {
  const bool closing =
      item.status == RectificationStatus::rectified || item.status == RectificationStatus::verified;
  return closing && item.closed_on ? *item.closed_on : as_of;
}

}  // namespace

void Store::Impl::save(const Cycle& c, const Results* results) {
  rows = 0;
  const auto& info = c.info;
  store::Transaction tx(db, info.region, info.year);
  // History carried over from the stored cycle this one replaces.
  std::map<std::string, std::vector<StatusChange>> previous;
  std::vector<std::vector<std::string>> progress;  // the progress records, kept across a re-import
  auto existing = cycle_id(info.region, info.year);
  if (existing) {
    previous = histories(*existing);
    Statement p(
        db,
        "SELECT seq, item_id, on_date, status, note, inspector FROM rectification_progress WHERE cycle_id "
        "= ?1 ORDER BY seq");
    p.query(*existing);
    while (p.step()) progress.push_back({p.text(1), p.text(2), p.text(3), p.text(4), p.text(5)});
    p.reset();
    remove_cycle(*existing);
  }
  // A replaced cycle keeps its id; a new one takes the next (SQLite: rowid; PostgreSQL: identity).
  Statement insert_cycle(
      db,
      existing
          ? "INSERT INTO cycles (id, region, year, name, as_of, source, content_hash, imported_at, county) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id"
          : "INSERT INTO cycles (region, year, name, as_of, source, content_hash, imported_at, county) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
  if (existing)
    insert_cycle.query(*existing, info.region, info.year, info.name, info.as_of.to_string(), c.source,
                       c.content_hash, utc_now(), info.county);
  else
    insert_cycle.query(info.region, info.year, info.name, info.as_of.to_string(), c.source, c.content_hash,
                       utc_now(), info.county);
  if (!insert_cycle.step()) refuse<StoreError>("LR-S108");
  const std::int64_t id = insert_cycle.integer(0);
  insert_cycle.reset();
  wrote_row();

  {
    Statement s(db, "INSERT INTO stages VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (std::size_t i = 0; i < info.stages.size(); ++i) {
      const auto& st = info.stages[i];
      s.run(id, static_cast<std::int64_t>(i), st.id, st.name, st.start, st.end);
      wrote_row();
    }
  }
  {
    Statement s(db, "INSERT INTO departments VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    for (std::uint32_t i = 0; i < c.departments.size(); ++i) {
      const auto& d = c.departments[i];
      const auto work = i < c.daily_work.size() ? c.daily_work[i] : std::nullopt;
      const auto self = i < c.expected_scores.size() ? c.expected_scores[i] : std::nullopt;
      s.run(id, i, d.id, d.name, d.category, to_string(d.status), d.exempt_reason, d.hotline, work, self,
            d.kind);
      wrote_row();
    }
  }
  {
    Statement s(db, "INSERT INTO representatives VALUES (?1, ?2, ?3, ?4, ?5)");
    for (std::uint32_t i = 0; i < c.representatives.size(); ++i) {
      const auto& r = c.representatives[i];
      s.run(id, i, r.id, r.sector, r.trained);
      wrote_row();
    }
  }
  {
    Statement s(db, "INSERT INTO respondent_groups VALUES (?1, ?2, ?3)");
    for (std::uint32_t i = 0; i < c.respondent_groups.size(); ++i) {
      s.run(id, i, c.respondent_groups[i]);
      wrote_row();
    }
    Statement r(db, "INSERT INTO responses VALUES (?1, ?2, ?3, ?4)");
    for (std::uint32_t i = 0; i < c.responses.size(); ++i) {
      r.run(id, i, c.responses[i].id, c.responses[i].group);
      wrote_row();
    }
  }
  {
    // Ballots in the order of (department, rating, keyed hash of the representative),
    // with a key drawn for this save and not kept.
    const std::string key = detail::random_bytes(32);
    // Raters: the representatives, then the anonymous sheets (测评表 without 代表编号), whose
    // 票号 are stored as the office keyed them and hashed apart from any representative's code.
    std::vector<std::int64_t> rater_key(c.rater_count());
    for (std::size_t i = 0; i < c.representatives.size(); ++i)
      rater_key[i] = static_cast<std::int64_t>(detail::keyed_hash64(key, c.representatives[i].id));
    Statement sheets(db, "INSERT INTO ballot_sheets VALUES (?1, ?2, ?3, ?4)");
    for (std::size_t i = 0; i < c.ballot_sheets.size(); ++i) {
      const auto& sheet = c.ballot_sheets[i];
      rater_key[c.representatives.size() + i] =
          static_cast<std::int64_t>(detail::keyed_hash64(key, "\x1fsheet\x1f" + sheet.sheet_no));
      sheets.run(id, static_cast<std::int64_t>(i), sheet.sheet_no, sheet.sector);
      wrote_row();
    }
    const auto& b = c.ballots;
    std::vector<std::size_t> order(b.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto sort_key = [&](std::size_t i) {
      return std::tuple(b.department[i], static_cast<int>(b.rating[i]), rater_key.at(b.rater[i]));
    };
    std::sort(order.begin(), order.end(), [&](auto x, auto y) { return sort_key(x) < sort_key(y); });
    Statement s(db, "INSERT INTO ballots VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto i : order) {
      s.run(id, b.department[i], static_cast<int>(b.rating[i]), rater_key[b.rater[i]], b.rater[i]);
      wrote_row();
    }
  }
  {
    const auto& q = c.questionnaires;
    Statement s(db, "INSERT INTO questionnaire_answers VALUES (?1, ?2, ?3, ?4, ?5)");
    for (std::size_t i = 0; i < q.size(); ++i) {
      s.run(id, static_cast<std::int64_t>(i), q.department[i], q.rater[i], static_cast<int>(q.rating[i]));
      wrote_row();
    }
  }
  {
    Statement s(db, "INSERT INTO complaints VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    for (std::size_t i = 0; i < c.complaints.size(); ++i) {
      const auto& x = c.complaints[i];
      s.run(id, static_cast<std::int64_t>(i), x.id, x.department_id, x.received_on, to_string(x.channel),
            x.category, x.substantiated, x.due_on, x.closed_on, x.summary);
      wrote_row();
    }
  }
  {
    Statement s(db, "INSERT INTO rectifications VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    Statement h(db, "INSERT INTO rectification_history VALUES (?1, ?2, ?3, ?4, ?5)");
    for (std::size_t i = 0; i < c.rectifications.size(); ++i) {
      const auto& x = c.rectifications[i];
      s.run(id, static_cast<std::int64_t>(i), x.id, x.department_id, to_string(x.source), x.source_ref,
            x.category, x.description, x.deadline, to_string(x.status), x.closed_on);
      wrote_row();
      // The item's history: what the store had (else what the cycle carries), plus
      // this status when it changed.
      auto it = previous.find(x.id);
      std::vector<StatusChange> history = it != previous.end() ? it->second : x.history;
      if (history.empty() || history.back().status != x.status)
        history.push_back(StatusChange{x.status, status_date(x, info.as_of)});
      for (std::size_t k = 0; k < history.size(); ++k) {
        h.run(id, x.id, static_cast<std::int64_t>(k), to_string(history[k].status),
              history[k].on.to_string());
        wrote_row();
      }
    }
  }
  {
    Statement s(db, "INSERT INTO commitments VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    for (std::size_t i = 0; i < c.commitments.size(); ++i) {
      const auto& x = c.commitments[i];
      s.run(id, static_cast<std::int64_t>(i), x.id, x.department_id, x.text, x.published_on, x.channel,
            x.due_on, x.status);
      wrote_row();
    }
  }
  {
    Statement s(db, "INSERT INTO hearings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (std::size_t i = 0; i < c.hearings.size(); ++i) {
      const auto& x = c.hearings[i];
      s.run(id, static_cast<std::int64_t>(i), x.id, x.department_id, x.held_on, x.question, x.answer,
            x.rectification_id);
      wrote_row();
    }
  }
  {
    Statement s(db, "INSERT INTO activities VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (std::size_t i = 0; i < c.activities.size(); ++i) {
      const auto& x = c.activities[i];
      s.run(id, static_cast<std::int64_t>(i), x.id, x.department_id, to_string(x.kind), x.target, x.date,
            x.summary);
      wrote_row();
    }
  }
  {
    Statement s(db, "INSERT INTO surveys VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    for (std::size_t i = 0; i < c.surveys.size(); ++i) {
      const auto& x = c.surveys[i];
      s.run(id, static_cast<std::int64_t>(i), x.id, x.representative_id, to_string(x.site_kind), x.site,
            x.visited_on, x.department_id, x.opinion);
      wrote_row();
    }
  }
  if (results != nullptr) save_results(id, c, *results);
  if (!progress.empty()) {
    Statement p(db, "INSERT INTO rectification_progress VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (std::size_t i = 0; i < progress.size(); ++i) {
      const auto& r = progress[i];
      p.run(id, static_cast<std::int64_t>(i), r[0], r[1], r[2], r[3], r[4]);
    }
  }
  tx.commit();
  log::get("store")->info(message("LR-W114", file.string(), info.region, info.year, rows));
}

void Store::Impl::save_results(std::int64_t id, const Cycle& c, const Results& r) {
  Statement s(
      db, "INSERT INTO results VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
  for (std::size_t i = 0; i < r.departments.size(); ++i) {
    const auto& x = r.departments[i];
    std::string flags;
    for (const auto& f : x.flags) flags += (flags.empty() ? "" : ";") + f;
    s.run(id, static_cast<std::int64_t>(i), c.departments.at(x.department).id, r.profile, r.rule,
          x.ballot_score, x.questionnaire_score, x.daily_work_score, x.commitment_score, x.deductions,
          x.composite, x.rank_overall, x.rank_in_category, std::string(to_string(x.grade)), flags);
    wrote_row();
  }
}

Cycle Store::Impl::load(std::int64_t id) const {
  Cycle c;
  {
    Statement s(db,
                "SELECT region, year, name, as_of, source, content_hash, county FROM cycles WHERE id = ?1");
    s.query(id);
    if (!s.step()) refuse<StoreError>("LR-S109");
    c.info.region = s.text(0);
    c.info.year = static_cast<int>(s.integer(1));
    c.info.name = s.text(2);
    c.info.as_of = s.date(3).value();
    c.source = s.text(4);
    c.content_hash = s.text(5);
    c.info.county = s.text(6);
    s.reset();
  }
  {
    Statement s(db, "SELECT id, name, start_on, end_on FROM stages WHERE cycle_id = ?1 ORDER BY seq");
    s.query(id);
    while (s.step()) c.info.stages.push_back(Stage{s.text(0), s.text(1), s.date(2), s.date(3)});
  }
  {
    Statement s(db,
                "SELECT id, name, category, status, exempt_reason, hotline, daily_work, expected_score, kind "
                "FROM departments WHERE cycle_id = ?1 ORDER BY idx");
    s.query(id);
    while (s.step()) {
      c.departments.push_back(Department{s.text(0), s.text(1), s.text(2),
                                         enum_or_throw<DepartmentStatus>(s.text(3), file), s.text(4),
                                         s.text(5), s.text(8)});
      c.daily_work.push_back(s.optional_real(6));
      c.expected_scores.push_back(s.optional_real(7));
    }
  }
  {
    Statement s(db, "SELECT id, sector, trained FROM representatives WHERE cycle_id = ?1 ORDER BY idx");
    s.query(id);
    while (s.step()) c.representatives.push_back(Representative{s.text(0), s.text(1), s.integer(2) != 0});
    Statement sheets(db, "SELECT sheet_no, sector FROM ballot_sheets WHERE cycle_id = ?1 ORDER BY idx");
    sheets.query(id);
    while (sheets.step()) c.ballot_sheets.push_back(BallotSheet{sheets.text(0), sheets.text(1)});
  }
  {
    Statement s(db, "SELECT name FROM respondent_groups WHERE cycle_id = ?1 ORDER BY idx");
    s.query(id);
    while (s.step()) c.respondent_groups.push_back(s.text(0));
    Statement r(db, "SELECT id, group_idx FROM responses WHERE cycle_id = ?1 ORDER BY idx");
    r.query(id);
    while (r.step()) c.responses.push_back(Response{r.text(0), static_cast<std::uint32_t>(r.integer(1))});
  }
  auto ratings = [&](const char* sql, RatingColumns& into, bool with_group) {
    std::vector<std::uint32_t> dept, rater, group;
    std::vector<Rating> rating;
    Statement s(db, sql);
    s.query(id);
    while (s.step()) {
      const auto r = s.integer(2);
      if (r < 0 || r >= kRatingCount) refuse<StoreError>("LR-S110", file.string(), r);
      dept.push_back(static_cast<std::uint32_t>(s.integer(0)));
      rater.push_back(static_cast<std::uint32_t>(s.integer(1)));
      rating.push_back(static_cast<Rating>(r));
      if (with_group) group.push_back(c.responses.at(rater.back()).group);
    }
    into.department = Column<std::uint32_t>(std::move(dept));
    into.rater = Column<std::uint32_t>(std::move(rater));
    into.rating = Column<Rating>(std::move(rating));
    into.group = Column<std::uint32_t>(std::move(group));
  };
  // Ballots in the importer's order: by department, then representative.
  ratings(
      "SELECT department_idx, representative_idx, rating FROM ballots WHERE cycle_id = ?1 "
      "ORDER BY department_idx, representative_idx",
      c.ballots, false);
  ratings(
      "SELECT department_idx, response_idx, rating FROM questionnaire_answers WHERE cycle_id = ?1 ORDER BY "
      "seq",
      c.questionnaires, true);
  {
    Statement s(db,
                "SELECT id, department_id, received_on, channel, category, substantiated, due_on, closed_on, "
                "summary FROM complaints WHERE cycle_id = ?1 ORDER BY seq");
    s.query(id);
    while (s.step())
      c.complaints.push_back(Complaint{s.text(0), s.text(1), s.date(2),
                                       enum_or_throw<ComplaintChannel>(s.text(3), file), s.text(4),
                                       s.integer(5) != 0, s.date(6), s.date(7), s.text(8)});
  }
  {
    const auto history = histories(id);
    Statement s(db,
                "SELECT id, department_id, source, source_ref, category, description, deadline, status, "
                "closed_on FROM rectifications WHERE cycle_id = ?1 ORDER BY seq");
    s.query(id);
    while (s.step()) {
      RectificationItem r{
          s.text(0), s.text(1), enum_or_throw<RectificationSource>(s.text(2), file), s.text(3), s.text(4),
          s.text(5), s.date(6), enum_or_throw<RectificationStatus>(s.text(7), file), s.date(8), {}};
      if (auto it = history.find(r.id); it != history.end()) r.history = it->second;
      c.rectifications.push_back(std::move(r));
    }
  }
  {
    Statement s(db,
                "SELECT id, department_id, text, published_on, channel, due_on, status FROM commitments "
                "WHERE cycle_id = ?1 ORDER BY seq");
    s.query(id);
    while (s.step())
      c.commitments.push_back(
          Commitment{s.text(0), s.text(1), s.text(2), s.date(3), s.text(4), s.date(5), s.text(6)});
  }
  {
    Statement s(db,
                "SELECT id, department_id, held_on, question, answer, rectification_id FROM hearings "
                "WHERE cycle_id = ?1 ORDER BY seq");
    s.query(id);
    while (s.step())
      c.hearings.push_back(Hearing{s.text(0), s.text(1), s.date(2), s.text(3), s.text(4), s.text(5)});
  }
  {
    Statement s(db,
                "SELECT id, department_id, kind, target, on_date, summary FROM activities "
                "WHERE cycle_id = ?1 ORDER BY seq");
    s.query(id);
    while (s.step())
      c.activities.push_back(OutreachActivity{s.text(0), s.text(1),
                                              enum_or_throw<ActivityKind>(s.text(2), file), s.text(3),
                                              s.date(4), s.text(5)});
  }
  {
    Statement s(
        db,
        "SELECT id, representative_id, site_kind, site, visited_on, department_id, opinion FROM surveys "
        "WHERE cycle_id = ?1 ORDER BY seq");
    s.query(id);
    while (s.step())
      c.surveys.push_back(SurveyVisit{s.text(0), s.text(1), enum_or_throw<SiteKind>(s.text(2), file),
                                      s.text(3), s.date(4), s.text(5), s.text(6)});
  }
  c.build_index();
  return c;
}

// ---- Store ------------------------------------------------------------------------

Store::Store(const std::filesystem::path& file) : Store(file, StoreOptions{}) {}

Store::Store(const std::filesystem::path& file, StoreOptions options) : impl_(std::make_unique<Impl>()) {
  const std::string where = file.string();
  impl_->file = store::display_name(where);
  impl_->options = std::move(options);
  impl_->connection = store::is_server_uri(where) ? store::open_postgres(where) : store::open_sqlite(file);
  impl_->db = impl_->connection.get();
  try {
    store::migrate(impl_->db);
  } catch (const StoreError& e) {
    throw StoreError(fmt::format("{}: {}", impl_->file.string(), e.what()), e.message_code());
  }
}

Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

int Store::latest_schema_version() noexcept { return store::latest_version(); }

int Store::schema_version() const { return impl_->db->user_version(); }

void Store::save(const Cycle& cycle) { save_cycle(cycle, nullptr); }

void Store::save(const Cycle& cycle, const Results& results) { save_cycle(cycle, &results); }

void Store::save_cycle(const Cycle& cycle, const Results* results) {
  try {
    impl_->save(cycle, results);
  } catch (const StoreError& e) {
    throw StoreError(message("LR-S103", impl_->file.string(), cycle.info.region, cycle.info.year, e.what()),
                     "LR-S103");
  }
}

Cycle Store::load(const std::string& region, int year) const {
  const store::ReadTransaction snapshot(impl_->db);
  const auto id = impl_->cycle_id(region, year);
  if (!id) throw StoreError(message("LR-S102", impl_->file.string(), region, year), "LR-S102");
  return impl_->load(*id);
}

std::vector<StoredCycle> Store::cycles() const {
  std::vector<StoredCycle> out;
  Statement s(impl_->db,
              "SELECT region, year, name, content_hash, imported_at FROM cycles ORDER BY region, year");
  s.query();
  while (s.step())
    out.push_back(StoredCycle{s.text(0), static_cast<int>(s.integer(1)), s.text(2), s.text(3), s.text(4)});
  return out;
}

History Store::history(const std::string& region, int year) const {
  History h;
  Statement s(impl_->db,
              "SELECT c.year, r.department_id, r.category, r.id FROM rectifications r JOIN cycles c ON c.id "
              "= r.cycle_id "
              "WHERE c.region = ?1 AND c.year < ?2 AND r.status = 'verified' ORDER BY c.year, r.seq");
  s.query(region, year);
  while (s.step())
    h.verified_items.push_back(PastItem{static_cast<int>(s.integer(0)), s.text(1), s.text(2), s.text(3)});
  // The latest earlier cycle's items never verified (上年结转).
  Statement carried(
      impl_->db,
      "SELECT c.year, r.department_id, r.id, r.category, r.description, r.deadline, r.status FROM "
      "rectifications r JOIN cycles c ON c.id = r.cycle_id WHERE c.id = (SELECT id FROM cycles WHERE "
      "region = ?1 AND year < ?2 ORDER BY year DESC LIMIT 1) AND r.status <> 'verified' ORDER BY r.seq");
  carried.query(region, year);
  while (carried.step())
    h.carried.push_back(
        CarriedItem{static_cast<int>(carried.integer(0)), carried.text(1), carried.text(2), carried.text(3),
                    carried.text(4), carried.date(5),
                    parse_enum<RectificationStatus>(carried.text(6)).value_or(RectificationStatus::open)});
  // The latest earlier cycle of the region and the results stored with it (year over year).
  Statement p(
      impl_->db,
      "SELECT c.year, r.department_id, r.composite, r.rank_overall, r.grade FROM cycles c LEFT JOIN "
      "results r ON r.cycle_id = c.id WHERE c.id = (SELECT id FROM cycles WHERE region = ?1 AND year < "
      "?2 ORDER BY year DESC LIMIT 1) ORDER BY r.idx");
  p.query(region, year);
  while (p.step()) {
    h.previous_year = static_cast<int>(p.integer(0));
    if (p.is_null(1)) continue;  // imported only: no results stored
    h.previous.push_back(
        PreviousResult{p.text(1), p.optional_real(2), static_cast<int>(p.integer(3)), grade_of(p.text(4))});
  }
  return h;
}

void Store::save_package(const std::string& county, int year, const std::string& manifest,
                         const std::map<std::string, std::string>& members) {
  try {
    store::Transaction tx(impl_->db, "package:" + county, year);
    Statement find(impl_->db, "SELECT id FROM packages WHERE county = ?1 AND year = ?2");
    find.query(county, year);
    if (find.step()) {
      const std::int64_t old = find.integer(0);
      find.reset();
      Statement(impl_->db, "DELETE FROM package_members WHERE package_id = ?1").run(old);
      Statement(impl_->db, "DELETE FROM packages WHERE id = ?1").run(old);
    }
    Statement insert(
        impl_->db,
        "INSERT INTO packages (county, year, imported_at, manifest) VALUES (?1, ?2, ?3, ?4) RETURNING id");
    insert.query(county, year, utc_now(), manifest);
    if (!insert.step()) refuse<StoreError>("LR-S111");
    const std::int64_t id = insert.integer(0);
    insert.reset();
    Statement member(impl_->db, "INSERT INTO package_members VALUES (?1, ?2, ?3)");
    for (const auto& [name, bytes] : members) member.run(id, name, bytes);
    tx.commit();
  } catch (const StoreError& e) {
    throw StoreError(message("LR-S105", impl_->file.string(), county, year, e.what()), "LR-S105");
  }
}

std::vector<StoredPackage> Store::packages(int year) const {
  const store::ReadTransaction snapshot(impl_->db);
  std::vector<StoredPackage> out;
  std::map<std::int64_t, std::size_t> at;
  Statement s(impl_->db,
              "SELECT id, county, imported_at, manifest FROM packages WHERE year = ?1 ORDER BY county");
  s.query(year);
  while (s.step()) {
    at[s.integer(0)] = out.size();
    out.push_back(StoredPackage{s.text(1), year, s.text(2), s.text(3), {}});
  }
  Statement m(impl_->db,
              "SELECT m.package_id, m.name, m.content FROM package_members m JOIN packages p ON p.id = "
              "m.package_id WHERE p.year = ?1");
  m.query(year);
  while (m.step()) out[at.at(m.integer(0))].members.emplace(m.text(1), m.text(2));
  return out;
}

std::size_t Store::apply_progress(const std::string& region, int year, const ProgressFile& progress) {
  store::Transaction tx(impl_->db, region, year);
  const auto id = impl_->cycle_id(region, year);
  if (!id) throw NotFoundError(message("LR-S102", impl_->file.string(), region, year), "LR-S102");
  // The items as stored, then as each line leaves them.
  std::map<std::string, RectificationStatus> status;
  {
    Statement s(impl_->db, "SELECT id, status FROM rectifications WHERE cycle_id = ?1");
    s.query(*id);
    while (s.step())
      status[s.text(0)] = parse_enum<RectificationStatus>(s.text(1)).value_or(RectificationStatus::open);
  }
  // Complaints are followed the same way (市转办 ones must be answered to the city): a
  // line with a complaint's id closes it on its date when it says 已整改 or 已销号.
  std::set<std::string> complaints;
  {
    Statement s(impl_->db, "SELECT id FROM complaints WHERE cycle_id = ?1");
    s.query(*id);
    while (s.step()) complaints.insert(s.text(0));
  }
  // What is recorded already: (item, date) → status, note, inspector.
  std::map<std::pair<std::string, std::string>, std::array<std::string, 3>> recorded;
  {
    Statement s(
        impl_->db,
        "SELECT item_id, on_date, status, note, inspector FROM rectification_progress WHERE cycle_id = ?1");
    s.query(*id);
    while (s.step()) recorded[{s.text(0), s.text(1)}] = {s.text(2), s.text(3), s.text(4)};
  }
  std::vector<Diagnostic> problems;
  std::vector<const ProgressUpdate*> fresh;
  const std::string name = std::filesystem::path(progress.file).filename().string();
  for (const auto& u : progress.updates) {
    if (const auto old = recorded.find({u.item_id, u.date.to_string()}); old != recorded.end()) {
      if (old->second != std::array<std::string, 3>{std::string(to_string(u.status)), u.note, u.inspector}) {
        const auto* entry = find_message("LR-D152");
        problems.push_back(Diagnostic{name, u.line, progress.item_column, progress.item_header, u.item_id,
                                      message_text(*entry), std::string(entry->code)});
      }
      continue;  // applied before: nothing to do
    }
    fresh.push_back(&u);
    const auto it = status.find(u.item_id);
    if (it == status.end() && complaints.contains(u.item_id)) continue;  // a complaint answered (办结)
    if (it == status.end()) {
      const auto* entry = find_message("LR-D149");
      problems.push_back(Diagnostic{name, u.line, progress.item_column, progress.item_header, u.item_id,
                                    message_text(*entry), std::string(entry->code)});
      continue;
    }
    if (u.status < it->second && u.note.empty()) {
      const auto* entry = find_message("LR-D150");
      problems.push_back(Diagnostic{name, u.line, progress.status_column, progress.status_header,
                                    std::string(term(u.status).zh), message_text(*entry),
                                    std::string(entry->code)});
    }
    it->second = u.status;
  }
  if (!problems.empty()) throw ValidationError(std::move(problems));

  std::int64_t seq = 0;
  {
    Statement s(impl_->db, "SELECT count(*) FROM rectification_progress WHERE cycle_id = ?1");
    s.query(*id);
    if (s.step()) seq = s.integer(0);
  }
  Statement update(impl_->db,
                   "UPDATE rectifications SET status = ?3, closed_on = ?4 WHERE cycle_id = ?1 AND id = ?2");
  Statement next(impl_->db,
                 "SELECT count(*) FROM rectification_history WHERE cycle_id = ?1 AND item_id = ?2");
  Statement history(
      impl_->db,
      "INSERT INTO rectification_history (cycle_id, item_id, seq, status, on_date) VALUES (?1, ?2, ?3, "
      "?4, ?5)");
  Statement record(impl_->db, "INSERT INTO rectification_progress VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  Statement answered(impl_->db, "UPDATE complaints SET closed_on = ?3 WHERE cycle_id = ?1 AND id = ?2");
  for (const ProgressUpdate* up : fresh) {
    const ProgressUpdate& u = *up;
    const bool closing =
        u.status == RectificationStatus::rectified || u.status == RectificationStatus::verified;
    if (!status.contains(u.item_id)) {  // a complaint
      if (closing) answered.run(*id, u.item_id, std::optional<Date>(u.date));
      record.run(*id, seq++, u.item_id, u.date.to_string(), std::string(to_string(u.status)), u.note,
                 u.inspector);
      continue;
    }
    update.run(*id, u.item_id, std::string(to_string(u.status)),
               closing ? std::optional<Date>(u.date) : std::optional<Date>());
    next.query(*id, u.item_id);
    const std::int64_t k = next.step() ? next.integer(0) : 0;
    next.reset();
    history.run(*id, u.item_id, k, std::string(to_string(u.status)), u.date.to_string());
    record.run(*id, seq++, u.item_id, u.date.to_string(), std::string(to_string(u.status)), u.note,
               u.inspector);
  }
  tx.commit();
  return fresh.size();
}

std::vector<ProgressRecord> Store::progress(const std::string& region, int year) const {
  const store::ReadTransaction snapshot(impl_->db);
  std::vector<ProgressRecord> out;
  const auto id = impl_->cycle_id(region, year);
  if (!id) return out;
  Statement s(
      impl_->db,
      "SELECT item_id, on_date, status, note, inspector FROM rectification_progress WHERE cycle_id = ?1 "
      "ORDER BY seq");
  s.query(*id);
  while (s.step())
    out.push_back(
        ProgressRecord{s.text(0), s.date(1).value_or(Date{}),
                       parse_enum<RectificationStatus>(s.text(2)).value_or(RectificationStatus::open),
                       s.text(3), s.text(4)});
  return out;
}

std::vector<StoredResult> Store::results() const {
  const store::ReadTransaction snapshot(impl_->db);
  std::vector<StoredResult> out;
  Statement s(
      impl_->db,
      "SELECT c.region, c.year, r.department_id, d.name, d.category, r.profile, r.rule, r.ballot_score, "
      "r.questionnaire_score, r.daily_work_score, r.commitment_score, r.deductions, r.composite, "
      "r.rank_overall, r.rank_in_category, r.grade, r.flags FROM results r JOIN cycles c ON c.id = "
      "r.cycle_id JOIN departments d ON d.cycle_id = r.cycle_id AND d.id = r.department_id ORDER BY "
      "c.region, c.year, r.idx");
  s.query();
  while (s.step()) {
    StoredResult x;
    x.region = s.text(0);
    x.year = static_cast<int>(s.integer(1));
    x.department_id = s.text(2);
    x.department_name = s.text(3);
    x.category = s.text(4);
    x.profile = s.text(5);
    x.rule = s.text(6);
    x.ballot_score = s.optional_real(7);
    x.questionnaire_score = s.optional_real(8);
    x.daily_work_score = s.optional_real(9);
    x.commitment_score = s.optional_real(10);
    x.deductions = s.real(11);
    x.composite = s.optional_real(12);
    x.rank_overall = static_cast<int>(s.integer(13));
    x.rank_in_category = static_cast<int>(s.integer(14));
    x.grade = grade_of(s.text(15));
    x.flags = s.text(16);
    out.push_back(std::move(x));
  }
  return out;
}

bool Store::remove(const std::string& region, int year) {
  store::Transaction tx(impl_->db, region, year);
  const auto id = impl_->cycle_id(region, year);
  if (id) impl_->remove_cycle(*id);
  const bool removed = id.has_value();
  tx.commit();
  return removed;
}

}  // namespace review
