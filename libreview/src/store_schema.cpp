// The store's schema, the same on every backend, versioned in Connection::user_version()
// (SQLite: PRAGMA user_version; PostgreSQL: the table libreview_schema).
// A new schema version is one more function in kMigrations.
#include <fmt/format.h>

#include <span>

#include "libreview/messages.hpp"
#include "store_internal.hpp"

namespace review::store {

// ---- Statement ----------------------------------------------------------------

std::optional<Date> Statement::date(int col) const {
  if (is_null(col)) return std::nullopt;
  auto d = Date::parse(text(col));
  if (!d) refuse<StoreError>("LR-S112", text(col));
  return d;
}
std::optional<double> Statement::optional_real(int col) const {
  if (is_null(col)) return std::nullopt;
  return real(col);
}
void Statement::bind(int i, const std::optional<double>& v) {
  if (v)
    bind(i, *v);
  else
    bind(i, std::nullopt);
}
void Statement::bind(int i, const std::optional<Date>& v) {
  if (v)
    bind(i, v->to_string());
  else
    bind(i, std::nullopt);
}

// ---- schema ---------------------------------------------------------------------

namespace {

/// Version 1: cycles and everything they hold. Every table but `cycles` hangs off
/// a cycle and goes with it (ON DELETE CASCADE). Ratings are integers (the
/// review::Rating values), other enums their canonical English names, dates
/// `YYYY-MM-DD`. Ballots carry no time and are clustered by department, rating
/// and a keyed hash of the representative, so their order says nothing of the roll.
void to_v1(Connection* db) {
  db->exec(R"sql(
CREATE TABLE cycles (
  id INTEGER PRIMARY KEY,
  region TEXT NOT NULL,
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  as_of TEXT NOT NULL,
  source TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (region, year));
CREATE TABLE stages (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, start_on TEXT, end_on TEXT,
  PRIMARY KEY (cycle_id, seq)) WITHOUT ROWID;
CREATE TABLE departments (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('participating', 'exempt')),
  exempt_reason TEXT NOT NULL, hotline TEXT NOT NULL,
  daily_work REAL, expected_score REAL,
  PRIMARY KEY (cycle_id, idx), UNIQUE (cycle_id, id)) WITHOUT ROWID;
CREATE TABLE representatives (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, id TEXT NOT NULL, sector TEXT NOT NULL, trained INTEGER NOT NULL,
  PRIMARY KEY (cycle_id, idx), UNIQUE (cycle_id, id)) WITHOUT ROWID;
CREATE TABLE respondent_groups (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (cycle_id, idx)) WITHOUT ROWID;
CREATE TABLE responses (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, id TEXT NOT NULL, group_idx INTEGER NOT NULL,
  PRIMARY KEY (cycle_id, idx)) WITHOUT ROWID;
CREATE TABLE ballots (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  department_idx INTEGER NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 3),
  rater_key INTEGER NOT NULL,
  representative_idx INTEGER NOT NULL,
  PRIMARY KEY (cycle_id, department_idx, rating, rater_key, representative_idx)) WITHOUT ROWID;
CREATE TABLE questionnaire_answers (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, department_idx INTEGER NOT NULL, response_idx INTEGER NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 3),
  PRIMARY KEY (cycle_id, seq)) WITHOUT ROWID;
CREATE TABLE complaints (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, id TEXT NOT NULL, department_id TEXT NOT NULL, received_on TEXT,
  channel TEXT NOT NULL, category TEXT NOT NULL, substantiated INTEGER NOT NULL,
  due_on TEXT, closed_on TEXT, summary TEXT NOT NULL,
  PRIMARY KEY (cycle_id, seq)) WITHOUT ROWID;
CREATE TABLE rectifications (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, id TEXT NOT NULL, department_id TEXT NOT NULL, source TEXT NOT NULL,
  source_ref TEXT NOT NULL, category TEXT NOT NULL, description TEXT NOT NULL, deadline TEXT,
  status TEXT NOT NULL, closed_on TEXT,
  PRIMARY KEY (cycle_id, seq), UNIQUE (cycle_id, id)) WITHOUT ROWID;
CREATE TABLE rectification_history (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL, seq INTEGER NOT NULL, status TEXT NOT NULL, on_date TEXT NOT NULL,
  PRIMARY KEY (cycle_id, item_id, seq)) WITHOUT ROWID;
CREATE TABLE commitments (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, id TEXT NOT NULL, department_id TEXT NOT NULL, text TEXT NOT NULL,
  published_on TEXT, channel TEXT NOT NULL, due_on TEXT, status TEXT NOT NULL,
  PRIMARY KEY (cycle_id, seq)) WITHOUT ROWID;
CREATE TABLE hearings (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, id TEXT NOT NULL, department_id TEXT NOT NULL, held_on TEXT,
  question TEXT NOT NULL, answer TEXT NOT NULL, rectification_id TEXT NOT NULL,
  PRIMARY KEY (cycle_id, seq)) WITHOUT ROWID;
CREATE TABLE activities (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, id TEXT NOT NULL, department_id TEXT NOT NULL, kind TEXT NOT NULL,
  target TEXT NOT NULL, on_date TEXT, summary TEXT NOT NULL,
  PRIMARY KEY (cycle_id, seq)) WITHOUT ROWID;
CREATE TABLE surveys (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, id TEXT NOT NULL, representative_id TEXT NOT NULL, site_kind TEXT NOT NULL,
  site TEXT NOT NULL, visited_on TEXT, department_id TEXT NOT NULL, opinion TEXT NOT NULL,
  PRIMARY KEY (cycle_id, seq)) WITHOUT ROWID;
)sql");
}

/// Version 2: what a city roll-up names (office-year.md section 4): the county of a cycle
/// (`county` in cycle.toml) and the kind of a department (部门类型), both empty when not given.
void to_v2(Connection* db) {
  db->exec(R"sql(
ALTER TABLE cycles ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN kind TEXT NOT NULL DEFAULT '';
)sql");
}

/// Version 3: the results `run` scored with a cycle (评议结果), for year over year
/// (office-year.md section 2): one row per department in Cycle::departments order; and
/// the county packages a city store holds (上报数据包: manifest.json and each member as
/// imported, verified again before a roll-up); and the progress of rectification as
/// `libreview track` applied it (整改进展).
void to_v3(Connection* db) {
  db->exec(R"sql(
CREATE TABLE results (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, department_id TEXT NOT NULL, profile TEXT NOT NULL, rule TEXT NOT NULL,
  ballot_score REAL, questionnaire_score REAL, daily_work_score REAL, commitment_score REAL,
  deductions REAL NOT NULL, composite REAL, rank_overall INTEGER NOT NULL, rank_in_category INTEGER NOT NULL,
  grade TEXT NOT NULL, flags TEXT NOT NULL,
  PRIMARY KEY (cycle_id, idx)) WITHOUT ROWID;
CREATE TABLE rectification_progress (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, item_id TEXT NOT NULL, on_date TEXT NOT NULL, status TEXT NOT NULL,
  note TEXT NOT NULL, inspector TEXT NOT NULL,
  PRIMARY KEY (cycle_id, seq)) WITHOUT ROWID;
CREATE TABLE packages (
  id INTEGER PRIMARY KEY,
  county TEXT NOT NULL, year INTEGER NOT NULL, imported_at TEXT NOT NULL, manifest TEXT NOT NULL,
  UNIQUE (county, year));
CREATE TABLE package_members (
  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
  name TEXT NOT NULL, content TEXT NOT NULL,
  PRIMARY KEY (package_id, name)) WITHOUT ROWID;
)sql");
}

/// Version 4: ballots keyed on anonymous sheets (测评表 without 代表编号, office-year.md 1.1):
/// each sheet's 票号 and 界别, in the importer's order; its ballots' `representative_idx`
/// counts on after the representatives (Cycle::rater_count()).
void to_v4(Connection* db) {
  db->exec(R"sql(
CREATE TABLE ballot_sheets (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, sheet_no TEXT NOT NULL, sector TEXT NOT NULL,
  PRIMARY KEY (cycle_id, idx), UNIQUE (cycle_id, sheet_no)) WITHOUT ROWID;
)sql");
}

using Migration = void (*)(Connection*);

/// kMigrations[i] brings a store from version i to version i + 1.
constexpr Migration kMigrations[] = {to_v1, to_v2, to_v3, to_v4};

}  // namespace

std::span<const char* const> cycle_tables() noexcept {
  static constexpr const char* kTables[] = {"stages",
                                            "departments",
                                            "representatives",
                                            "ballot_sheets",
                                            "respondent_groups",
                                            "responses",
                                            "ballots",
                                            "questionnaire_answers",
                                            "complaints",
                                            "rectifications",
                                            "rectification_history",
                                            "commitments",
                                            "hearings",
                                            "activities",
                                            "surveys",
                                            "results",
                                            "rectification_progress"};
  return kTables;
}

int latest_version() noexcept { return static_cast<int>(std::size(kMigrations)); }

void migrate(Connection* db) {
  const int current = db->user_version();
  if (current > latest_version()) throw StoreError(message("LR-S104", current, latest_version()), "LR-S104");
  for (int v = current; v < latest_version(); ++v) {
    Transaction tx(db, "libreview-schema", 0);
    if (db->user_version() != v) continue;  // another process migrated meanwhile
    kMigrations[v](db);
    db->set_user_version(v + 1);
    tx.commit();
  }
}

}  // namespace review::store
