// The store on SQLite and on PostgreSQL: round trip, replacement, history, atomicity (a
// throwing hook and a killed process), ballot order, schema version. The PostgreSQL
// tests run on the server that ctest's pg_server fixture starts (LIBREVIEW_TEST_PG_URI),
// each in a database of its own.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "cycle_text.hpp"
#include "libreview/ingest.hpp"
#include "libreview/store.hpp"

using namespace review;
using review::test::cycle_text;
using review::test::fixture;
using review::test::TempDir;

namespace {

/// A read-only connection of our own, for looking at what the store wrote.
class Db {
 public:
  explicit Db(const std::filesystem::path& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + file.string());
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  /// Every row of `sql`, one line each, values separated by '|'.
  std::vector<std::string> rows(const std::string& sql) const {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
    std::vector<std::string> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string line;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        if (i > 0) line += '|';
        const auto* t = sqlite3_column_text(st, i);
        line += t == nullptr ? "NULL" : reinterpret_cast<const char*>(t);
      }
      out.push_back(std::move(line));
    }
    sqlite3_finalize(st);
    return out;
  }

  /// Every table and its rows in stored order. `stable` leaves out what differs
  /// between two saves of the same data (the import time, the ballot hash key).
  std::string dump(bool stable = false) const {
    std::string out;
    for (const auto& table : rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      std::string sql = "SELECT * FROM " + table;
      if (stable && table == "cycles")
        sql = "SELECT id, region, year, name, as_of, source, content_hash FROM cycles";
      if (stable && table == "ballots")
        sql = "SELECT cycle_id, department_idx, representative_idx, rating FROM ballots ORDER BY 1, 2, 3";
      const auto r = rows(sql);
      out += "== " + table + " (" + std::to_string(r.size()) + ")\n";
      for (const auto& line : r) out += line + '\n';
    }
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

/// A new, empty database on the test server; its URI. The server is started by ctest's
/// pg_server fixture (tests/CMakeLists.txt), which sets LIBREVIEW_TEST_PG_URI.
std::string fresh_pg_database() {
  const char* base = std::getenv("LIBREVIEW_TEST_PG_URI");
  if (base == nullptr || *base == '\0')
    throw std::runtime_error(
        "LIBREVIEW_TEST_PG_URI is not set: run the store tests through ctest, whose "
        "pg_server fixture starts a PostgreSQL server");
  static int made = 0;
  const std::string name = fmt::format("store_test_{}_{}", getpid(), ++made);
  PGconn* conn = PQconnectdb(base);
  const bool connected = PQstatus(conn) == CONNECTION_OK;
  PGresult* r = connected ? PQexec(conn, fmt::format("CREATE DATABASE \"{}\"", name).c_str()) : nullptr;
  const bool made_it = r != nullptr && PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string error = PQerrorMessage(conn);
  PQclear(r);
  PQfinish(conn);
  if (!made_it)
    throw std::runtime_error("cannot make a test database on " + std::string(base) + ": " + error);
  std::string uri = base;
  uri.replace(uri.find("/review?"), 8, "/" + name + "?");
  return uri;
}

/// A store test on each backend: `where()` is a file in a temporary folder (SQLite) or
/// a fresh database on the test server (PostgreSQL).
class StoreOn : public testing::TestWithParam<std::string> {
 protected:
  [[nodiscard]] bool sqlite() const { return GetParam() == "sqlite"; }
  const std::string& where() {
    if (where_.empty()) where_ = sqlite() ? (tmp_.path() / "review.db").string() : fresh_pg_database();
    return where_;
  }

 private:
  TempDir tmp_;
  std::string where_;
};

/// What a store holds, as its API shows it: every cycle listed, loaded whole with history.
std::string state_of(const std::string& where) {
  const Store store(where);
  std::string out;
  for (const auto& c : store.cycles())
    out += fmt::format("== {} {} {} {} {}\n{}", c.region, c.year, c.name, c.content_hash, c.imported_at,
                       review::test::cycle_text(store.load(c.region, c.year)));
  return out;
}

const Cycle& small() {
  static const Cycle c = import_cycle(fixture("cycle-small"));
  return c;
}

/// The small cycle as if it were of another year (as_of moved along).
Cycle small_of(int year) {
  Cycle c = small();
  c.info.year = year;
  c.info.as_of = Date{year, 12, 31};
  return c;
}

}  // namespace

TEST(Store, DefaultNameAndSchema) {
  EXPECT_STREQ(default_store_name(), "review.db");
  TempDir tmp;
  const auto file = tmp.path() / "review.db";
  {
    Store store(file);
    EXPECT_EQ(store.schema_version(), 4);
    EXPECT_EQ(Store::latest_schema_version(), 4);
  }
  Db db(file);
  EXPECT_EQ(db.rows("PRAGMA journal_mode"), std::vector<std::string>{"wal"});
  EXPECT_EQ(db.rows("PRAGMA user_version"), std::vector<std::string>{"4"});
  Store again(file);  // opening a current store migrates nothing
  EXPECT_EQ(again.schema_version(), 4);
  EXPECT_TRUE(again.cycles().empty());
}

TEST(Store, RefusesANewerSchema) {
  TempDir tmp;
  const auto file = tmp.path() / "review.db";
  { Store store(file); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  try {
    Store store(file);
    FAIL() << "a store of schema 99 was opened";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos) << e.what();
  }
}

TEST_P(StoreOn, RoundTripEqualsTheImport) {
  Store store(where());
  store.save(small());
  const Cycle loaded = store.load("test-county", 2017);
  EXPECT_EQ(cycle_text(loaded, {.history = false}), cycle_text(small(), {.history = false}));
  // The store starts each item's history with the status it first saw.
  ASSERT_EQ(loaded.rectifications.size(), 3U);
  auto first = [](const RectificationItem& r) {
    EXPECT_EQ(r.history.size(), 1U);
    return r.history.empty()
               ? std::string()
               : std::string(to_string(r.history[0].status)) + "@" + r.history[0].on.to_string();
  };
  EXPECT_EQ(first(loaded.rectifications[0]), "verified@2017-04-20");     // closed_on
  EXPECT_EQ(first(loaded.rectifications[1]), "in_progress@2017-12-31");  // as_of
  EXPECT_EQ(first(loaded.rectifications[2]), "rectified@2017-11-15");
  EXPECT_EQ(loaded.department_index("D04"), 3U);

  const auto listed = store.cycles();
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].region, "test-county");
  EXPECT_EQ(listed[0].year, 2017);
  EXPECT_EQ(listed[0].name, "测试县2017年度民主评议行风");
  EXPECT_EQ(listed[0].content_hash, small().content_hash);
  EXPECT_EQ(listed[0].imported_at.size(), 20U);  // 2026-11-28T06:30:00Z
  EXPECT_EQ(listed[0].imported_at.back(), 'Z');
}

TEST_P(StoreOn, RoundTripOfEveryFixtureVariant) {
  Store store(where());
  for (const char* name : {"cycle-small-gbk", "cycle-small.xlsx"}) {
    const Cycle c = import_cycle(fixture(name));
    store.save(c);
    EXPECT_EQ(cycle_text(store.load("test-county", 2017), {.history = false}),
              cycle_text(c, {.history = false}))
        << name;
  }
  EXPECT_EQ(store.cycles().size(), 1U);
}

TEST(Store, ReimportIsIdempotent) {
  TempDir tmp;
  const auto file = tmp.path() / "review.db";
  Store store(file);
  store.save(small_of(2016));
  store.save(small());
  const auto once = Db(file).dump(true);
  store.save(small());
  store.save(small());
  EXPECT_EQ(Db(file).dump(true), once);
  EXPECT_EQ(store.cycles().size(), 2U);
  EXPECT_EQ(cycle_text(store.load("test-county", 2017)), cycle_text(Store(file).load("test-county", 2017)));
}

TEST_P(StoreOn, ReimportReplacesAndAppendsStatusHistory) {
  Store store(where());
  store.save(small());
  Cycle later = small();
  later.info.name = "第二次导入";
  later.info.as_of = Date{2018, 1, 15};
  later.rectifications[1].status = RectificationStatus::rectified;  // Z002: in_progress → rectified
  later.rectifications[1].closed_on = Date{2018, 1, 10};
  later.complaints.pop_back();
  store.save(later);
  store.save(later);  // unchanged: nothing appended

  const Cycle loaded = store.load("test-county", 2017);
  EXPECT_EQ(loaded.info.name, "第二次导入");
  EXPECT_EQ(loaded.complaints.size(), 2U);
  const auto& h = loaded.rectifications[1].history;
  ASSERT_EQ(h.size(), 2U);
  EXPECT_EQ(h[0].status, RectificationStatus::in_progress);
  EXPECT_EQ(h[0].on, (Date{2017, 12, 31}));
  EXPECT_EQ(h[1].status, RectificationStatus::rectified);
  EXPECT_EQ(h[1].on, (Date{2018, 1, 10}));
  EXPECT_EQ(loaded.rectifications[0].history.size(), 1U);
  EXPECT_EQ(cycle_text(loaded, {.history = false}), cycle_text(later, {.history = false}));
}

TEST_P(StoreOn, EarlierYearsStayAndFeedHistory) {
  Store store(where());
  store.save(small_of(2015));
  Cycle y2016 = small_of(2016);
  y2016.rectifications[2].status = RectificationStatus::verified;  // Z003 verified in 2016
  store.save(y2016);
  store.save(small());
  Cycle elsewhere = small_of(2016);
  elsewhere.info.region = "other-county";
  store.save(elsewhere);
  EXPECT_EQ(store.cycles().size(), 4U);

  auto items = [&](const std::string& region, int year) {
    std::vector<std::string> out;
    for (const auto& p : store.history(region, year).verified_items)
      out.push_back(fmt::format("{}|{}|{}|{}", p.year, p.department_id, p.category, p.item_id));
    return out;
  };
  EXPECT_EQ(items("test-county", 2017),
            (std::vector<std::string>{"2015|D01|态度生硬|Z001", "2016|D01|态度生硬|Z001",
                                      "2016|D03|执法不规范|Z003"}));
  EXPECT_EQ(items("test-county", 2016), (std::vector<std::string>{"2015|D01|态度生硬|Z001"}));
  EXPECT_TRUE(items("test-county", 2015).empty());
  EXPECT_EQ(items("other-county", 2017), (std::vector<std::string>{"2016|D01|态度生硬|Z001"}));
}

TEST_P(StoreOn, RemoveAndLoadAbsent) {
  Store store(where());
  store.save(small());
  EXPECT_THROW((void)store.load("test-county", 2016), StoreError);
  EXPECT_TRUE(store.remove("test-county", 2017));
  EXPECT_FALSE(store.remove("test-county", 2017));
  EXPECT_THROW((void)store.load("test-county", 2017), StoreError);
  EXPECT_TRUE(store.cycles().empty());
  if (!sqlite()) return;
  const Db db(where());
  for (const char* table :
       {"cycles", "departments", "ballots", "questionnaire_answers", "rectification_history"})
    EXPECT_EQ(db.rows(std::string("SELECT count(*) FROM ") + table), std::vector<std::string>{"0"}) << table;
}

TEST_P(StoreOn, ReimportIsIdempotentOnEveryBackend) {
  Store store(where());
  store.save(small_of(2016));
  store.save(small());
  const auto once = cycle_text(store.load("test-county", 2017));
  store.save(small());
  store.save(small());
  EXPECT_EQ(cycle_text(store.load("test-county", 2017)), once);
  EXPECT_EQ(store.cycles().size(), 2U);
  EXPECT_EQ(Store(where()).schema_version(), Store::latest_schema_version());
}

TEST_P(StoreOn, AFailedSaveLeavesEverythingAsItWas) {
  {
    Store store(where());
    store.save(small_of(2016));
    store.save(small());
  }
  const auto before = state_of(where());
  Cycle changed = small();
  changed.info.name = "不应保存";
  changed.rectifications[1].status = RectificationStatus::verified;
  for (const std::size_t fail_at : {1U, 30U, 97U}) {
    bool armed = true;
    StoreOptions options;
    options.row_hook = [&](std::size_t rows) {
      if (armed && rows == fail_at) {
        armed = false;
        throw StoreError("injected failure");
      }
    };
    Store store(where(), options);
    EXPECT_THROW(store.save(changed), StoreError) << fail_at;
    EXPECT_EQ(state_of(where()), before) << fail_at;
    store.save(small_of(2018 + static_cast<int>(fail_at)));  // the connection still works
    store.remove("test-county", 2018 + static_cast<int>(fail_at));
  }
}

TEST_P(StoreOn, AKilledWriterLeavesEverythingAsItWas) {
  {
    Store store(where());
    store.save(small());
  }
  const auto before = state_of(where());
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    StoreOptions options;
    options.row_hook = [](std::size_t rows) {
      if (rows == 50) _exit(42);  // dies mid-transaction: nothing committed, nothing rolled back by us
    };
    Store store(where(), options);
    Cycle changed = small();
    changed.info.name = "不应保存";
    store.save(changed);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 42);
  EXPECT_EQ(state_of(where()), before);
  Store store(where());
  store.save(small_of(2018));
  EXPECT_EQ(store.cycles().size(), 2U);
}

// Eight writers, each with its own connection, save one of two versions of the same cycle
// twenty times and read it back in between: every read and the end state is one version
// whole, never a mix of the two.
TEST_P(StoreOn, ConcurrentWritersNeverInterleave) {
  Cycle a = small();
  Cycle b = small();
  b.info.name = "第二版";
  b.complaints.pop_back();
  b.rectifications[1].status = RectificationStatus::rectified;
  b.rectifications[1].closed_on = Date{2017, 12, 1};
  const std::string text_a = cycle_text(a, {.history = false});
  const std::string text_b = cycle_text(b, {.history = false});
  {
    Store store(where());
    store.save(small_of(2016));
    store.save(a);
  }
  std::atomic<int> mixed{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w)
    writers.emplace_back([&, w] {
      try {
        Store store(where());
        for (int round = 0; round < 20; ++round) {
          store.save((w + round) % 2 == 0 ? a : b);
          const auto seen = cycle_text(store.load("test-county", 2017), {.history = false});
          if (seen != text_a && seen != text_b) ++mixed;
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << "writer " << w << ": " << e.what();
        ++failed;
      }
    });
  // A reader of its own, loading all the while.
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::thread reader([&] {
    try {
      const Store store(where());
      while (!done) {
        const auto seen = cycle_text(store.load("test-county", 2017), {.history = false});
        if (seen != text_a && seen != text_b) ++mixed;
        ++reads;
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << "reader: " << e.what();
      ++failed;
    }
  });
  for (auto& t : writers) t.join();
  done = true;
  reader.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(mixed.load(), 0);
  Store store(where());
  const auto end = cycle_text(store.load("test-county", 2017), {.history = false});
  EXPECT_TRUE(end == text_a || end == text_b);
  EXPECT_EQ(store.cycles().size(), 2U);
}

// Replacing and removing cycles leaves no row of theirs in any table that has a cycle_id
// (PostgreSQL's schema has no cascading foreign keys: the store deletes them itself).
TEST(StorePostgres, ReplacedAndRemovedCyclesLeaveNoRows) {
  const std::string uri = fresh_pg_database();
  {
    Store store(uri);
    store.save(small_of(2016));
    store.save(small());
    store.save(small());  // replaces
    EXPECT_TRUE(store.remove("test-county", 2016));
  }
  PGconn* conn = PQconnectdb(uri.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  auto value = [&](const std::string& sql) {
    PGresult* r = PQexec(conn, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQresultErrorMessage(r);
    std::vector<std::string> out;
    for (int i = 0; i < PQntuples(r); ++i) out.emplace_back(PQgetvalue(r, i, 0));
    PQclear(r);
    return out;
  };
  const auto tables = value(
      "SELECT table_name FROM information_schema.columns WHERE column_name = 'cycle_id' AND table_schema = "
      "'public' ORDER BY 1");
  EXPECT_EQ(tables.size(), 17U);
  for (const auto& table : tables) {
    EXPECT_EQ(value("SELECT count(*) FROM " + table + " WHERE cycle_id NOT IN (SELECT id FROM cycles)"),
              std::vector<std::string>{"0"})
        << table;
    if (table == "ballots") {
      EXPECT_EQ(value("SELECT count(*) FROM ballots"), std::vector<std::string>{"32"});
    }
  }
  PQfinish(conn);
}

INSTANTIATE_TEST_SUITE_P(Backend, StoreOn, testing::Values("sqlite", "postgresql"),
                         [](const testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(StorePostgres, IsTakenForAServerUri) {
  EXPECT_TRUE(is_server_store("postgresql://u@/db?host=/tmp"));
  EXPECT_TRUE(is_server_store("postgres://host/db"));
  EXPECT_FALSE(is_server_store("review.db"));
  EXPECT_FALSE(is_server_store("postgresql.db"));
  EXPECT_TRUE(store_exists("postgresql://u@/db"));
  EXPECT_EQ(store_display_name("postgresql://clerk:s3cret@db.example/review"),
            "postgresql://clerk:***@db.example/review");
  EXPECT_EQ(store_display_name("postgresql://clerk@db.example/review"),
            "postgresql://clerk@db.example/review");
  EXPECT_EQ(store_display_name("review.db"), "review.db");
}

TEST(StorePostgres, AnUnreachableServerIsRefusedWithItsOwnMessage) {
  try {
    Store store("postgresql://clerk:s3cret@/review?host=/nonexistent-libreview-socket");
    FAIL() << "an unreachable server was opened";
  } catch (const StoreError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/nonexistent-libreview-socket"), std::string::npos) << what;  // libpq's own words
    EXPECT_NE(what.find("clerk:***@"), std::string::npos) << what;
    EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
  }
}

TEST(StorePostgres, RefusesANewerSchema) {
  const std::string uri = fresh_pg_database();
  { Store store(uri); }
  PGconn* conn = PQconnectdb(uri.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PQclear(PQexec(conn, "UPDATE libreview_schema SET version = 99"));
  PQfinish(conn);
  try {
    Store store(uri);
    FAIL() << "a store of schema 99 was opened";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos) << e.what();
  }
}

TEST(Store, BallotsCarryNoTimeAndDoNotFollowTheRoll) {
  TempDir tmp;
  const auto file = tmp.path() / "review.db";
  Store store(file);
  store.save(small());
  const Db db(file);
  std::vector<std::string> columns;
  for (const auto& row : db.rows("SELECT name FROM pragma_table_info('ballots') ORDER BY cid"))
    columns.push_back(row);
  EXPECT_EQ(columns, (std::vector<std::string>{"cycle_id", "department_idx", "rating", "rater_key",
                                               "representative_idx"}));
  // Stored (clustered) order is department, rating, keyed hash.
  EXPECT_EQ(db.rows("SELECT department_idx, rating, rater_key FROM ballots"),
            db.rows("SELECT department_idx, rating, rater_key FROM ballots ORDER BY 1, 2, 3"));
  // The hash key is drawn for each save and not kept: the same ballots get new keys.
  const auto keys = db.rows("SELECT rater_key FROM ballots ORDER BY department_idx, representative_idx");
  store.save(small());
  EXPECT_NE(db.rows("SELECT rater_key FROM ballots ORDER BY department_idx, representative_idx"), keys);
}

// ---- atomicity ---------------------------------------------------------------------------

class StoreAtomicity : public testing::TestWithParam<std::size_t> {};

TEST_P(StoreAtomicity, AFailedSaveLeavesEverythingAsItWas) {
  TempDir tmp;
  const auto file = tmp.path() / "review.db";
  {
    Store store(file);
    store.save(small_of(2016));
    store.save(small());
  }
  const auto before = Db(file).dump();
  Cycle changed = small();
  changed.info.name = "不应保存";
  changed.rectifications[1].status = RectificationStatus::verified;
  const std::size_t fail_at = GetParam();
  std::size_t reached = 0;
  bool armed = true;
  StoreOptions options;
  options.row_hook = [&](std::size_t rows) {
    if (!armed) return;
    reached = rows;
    if (rows == fail_at) {
      armed = false;
      throw StoreError("injected failure");
    }
  };
  Store store(file, options);
  EXPECT_THROW(store.save(changed), StoreError);
  EXPECT_EQ(reached, fail_at);
  EXPECT_EQ(Db(file).dump(), before);
  EXPECT_EQ(store.load("test-county", 2017).info.name, "测试县2017年度民主评议行风");
  // The same connection still works after the rollback.
  store.save(small_of(2018));
  EXPECT_EQ(store.cycles().size(), 3U);
}

// The first row (the cycle), the roll, ballots, questionnaires, the last row (97, below).
INSTANTIATE_TEST_SUITE_P(FailAtRow, StoreAtomicity, testing::Values(1, 8, 30, 60, 95, 97));

TEST(StoreAtomicityRows, TheHookSeesEveryRow) {
  // 1 cycle + 2 stages + 5 departments + 8 representatives + 3 groups + 6 responses
  // + 32 ballots + 23 answers + 3 complaints + 3 items + 3 history + 2 × 4 rows.
  TempDir tmp;
  std::size_t last = 0;
  StoreOptions options;
  options.row_hook = [&](std::size_t rows) { last = rows; };
  Store(tmp.path() / "review.db", options).save(small());
  EXPECT_EQ(last, 97U);
}

TEST(StoreAtomicityKill, AKilledSaveLeavesEverythingAsItWas) {
  TempDir tmp;
  const auto file = tmp.path() / "review.db";
  {
    Store store(file);
    store.save(small());
  }
  const auto before = Db(file).dump();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    StoreOptions options;
    options.row_hook = [](std::size_t rows) {
      if (rows == 50) _exit(42);  // dies mid-transaction, nothing flushed or rolled back
    };
    Store store(file, options);
    Cycle changed = small();
    changed.info.name = "不应保存";
    store.save(changed);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 42);
  EXPECT_EQ(Db(file).dump(), before);
  EXPECT_EQ(Db(file).rows("PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  Store store(file);
  store.save(small_of(2018));
  EXPECT_EQ(store.cycles().size(), 2U);
}
