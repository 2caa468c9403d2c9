#pragma once
// Internals of the importer: the Importer, which reads a cycle's tables into a
// Cycle and reports every problem, and the small helpers of its rows.
//   rows.cpp            a table read from records: the header, then each row checked
//   rating_columns.cpp  ballots and questionnaires given as integer columns (import_tables())
//   ballot_sort.cpp     the ratings put in their final columns
//   sheets.cpp          ballots and questionnaires keyed one paper sheet per row (测评表, 问卷表)

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/pair_set_internal.hpp"
#include "ingest/records_internal.hpp"
#include "ingest/schema_internal.hpp"
#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/ingest.hpp"

namespace review::ingest {

/// How a big ballots or questionnaires file is read on several threads (Importer::read):
/// in `parts` pieces of whole records (0: one per core) once the rows after the header
/// are at least `min_bytes`. Tests set it (set_chunked_reading()) to compare both paths.
struct ChunkedReading {
  std::size_t min_bytes;
  unsigned parts;
};
/// The current setting.
REVIEW_API ChunkedReading chunked_reading() noexcept;
/// Test hook: sets it for every import of the process that starts afterwards; the previous setting.
REVIEW_API ChunkedReading set_chunked_reading(ChunkedReading how) noexcept;
/// Test hook: how many tables were read in pieces since the process started.
REVIEW_API std::size_t chunked_tables() noexcept;
/// Test hook: how many tables were read beside each other (Importer::read_apart()) since the process started.
REVIEW_API std::size_t tables_read_apart() noexcept;

[[gnu::always_inline]] inline std::string_view trim(std::string_view t) noexcept {
  auto blank = [](char ch) { return ch == ' ' || ch == '\t'; };
  if (t.empty() || (!blank(t.front()) && !blank(t.back()))) return t;  // most fields
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return t;
}

/// Ids and the values they stand for (a department's or representative's row): the
/// first value given for an id stays.
class IdIndex {
 public:
  static constexpr std::uint32_t npos = IdTable::npos;
  void clear() {
    ids_.clear();
    values_.clear();
  }
  void reserve(std::size_t n) {
    ids_.reserve(n);
    values_.reserve(n);
  }
  /// Readies the index for lookups (after the ids are in).
  void index() { ids_.index(); }
  /// Adds `id` with `value` unless it is there already; true when added.
  bool emplace(std::string_view id, std::uint32_t value) {
    bool added = false;
    ids_.insert(id, added);
    if (added) values_.push_back(value);
    return added;
  }
  /// The value of `id`, or npos.
  [[nodiscard]] std::uint32_t find(std::string_view id) const noexcept {
    const auto i = ids_.find(id);
    return i == npos ? npos : values_[i];
  }

 private:
  IdTable ids_;
  std::vector<std::uint32_t> values_;
};

/// Dense indices of ids in the order they come (questionnaire responses,
/// respondent groups), remembering the last one asked for (rows of one
/// questionnaire response usually follow each other).
struct Interner {
  IdTable table;
  std::uint32_t last = IdTable::npos;

  /// The index of `key`, adding it (and calling `added`) when new.
  template <class Added>
  std::uint32_t operator()(std::string_view key, Added&& added) {
    if (last != IdTable::npos && same_id(table.key(last), key)) return last;
    bool is_new = false;
    last = table.insert(key, is_new);
    if (is_new) added();
    return last;
  }
};

/// Why `t` is not a date: numbers in another order than year first (`7/8/2017`, `17/7/8`)
/// name the forms accepted; a day that does not exist (`2017-02-30`) is not a date.
inline std::string_view date_message(std::string_view t) noexcept {
  const bool numeric = !t.empty() && t.find_first_not_of("0123456789/.- ") == std::string_view::npos;
  const auto year = t.find_first_of("/.-");
  return numeric && year != 4 && year != std::string_view::npos ? kAmbiguousDate : kBadDate;
}

inline std::optional<double> parse_number(std::string_view t) noexcept {
  if (t.empty()) return std::nullopt;
  if (t.front() == '+') t.remove_prefix(1);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || ptr != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// ---- one table being read -------------------------------------------------------------

/// A row of a table, with its fields found by spec column.
class Row {
 public:
  Row(const Record& r, std::span<const int> pos) : rec_(r), pos_(pos) {}
  [[nodiscard, gnu::always_inline]] std::string_view operator[](std::size_t col) const {
    const int p = pos_[col];
    return p < 0 ? std::string_view{} : trim(rec_.field(static_cast<std::size_t>(p)));
  }
  [[nodiscard]] std::size_t line(std::size_t col) const {
    const int p = pos_[col];
    return p < 0 ? rec_.line : rec_.line_of(static_cast<std::size_t>(p));
  }
  [[nodiscard]] std::size_t column(std::size_t col) const {
    const int p = pos_[col];
    return p < 0 ? 0 : static_cast<std::size_t>(p) + 1;
  }
  [[nodiscard]] std::uint32_t record_line() const { return rec_.line; }

 private:
  const Record& rec_;
  std::span<const int> pos_;
};

/// The ids an IdIndex gave lately, each with its value, by a hash of the id: a rating row
/// mostly names again one of the few departments and representatives of its county, found
/// here with one load rather than the index's dependent ones. Ids of up to 16 bytes.
class RecentIds {
 public:
  /// Forgets every id (the index they came from changed).
  void clear() noexcept { slots_.fill(Slot{}); }
  /// The value of `id` in `index` (IdIndex::npos when it is not there).
  std::uint32_t find(const IdIndex& index, std::string_view id) noexcept {
    if (id.size() > 16) return index.find(id);
    const std::uint64_t head = detail::id_head(id);  // with the size, the whole of an id of up to 8
    std::uint64_t tail = 0;                          // and its last 8 bytes, for one of up to 16
    if (id.size() > 8) std::memcpy(&tail, id.data() + id.size() - 8, 8);
    Slot& slot = slots_[((head ^ (tail * 0xC2B2AE3D27D4EB4FULL)) * 0x9E3779B97F4A7C15ULL) >> 56];
    if (slot.head == head && slot.tail == tail && slot.size == id.size()) return slot.value;
    const auto v = index.find(id);
    if (v != IdIndex::npos) slot = Slot{head, tail, static_cast<std::uint32_t>(id.size()), v};
    return v;
  }

 private:
  struct Slot {
    std::uint64_t head = 0, tail = 0;
    std::uint32_t size = ~std::uint32_t{0};  ///< no id has it: the slot is empty
    std::uint32_t value = 0;
  };
  std::array<Slot, 256> slots_{};
};

/// Reads a cycle's tables into a Cycle, reporting every problem to `diags`.
class Importer {
 public:
  Importer(Cycle& cycle, Diagnostics& diags) : cycle_(cycle), diags_(diags), lookups_(own_lookups_) {}
  Importer(const Importer&) = delete;
  Importer& operator=(const Importer&) = delete;

  /// Reads one table from `reader`; `file` names it in diagnostics; room is made
  /// for `rows_hint` rows (more may come); a big rating file is read on up to `threads`
  /// threads (0: one per core; read_in_pieces()).
  void read(const TableSpec& spec, RecordReader& reader, const std::string& file, std::size_t rows_hint = 0,
            unsigned threads = 0);
  /// Runs `job(j, importer)` for each j below sizes.size(), each with an importer of its own, on
  /// every core, the biggest (`sizes`, in bytes) first; each reads tables that refer only to the
  /// roster (complaints, rectifications, commitments, hearings, activities, surveys). Their rows,
  /// dates and problems are then merged here in job order, as if each job had run here in turn.
  void read_apart(const std::vector<std::size_t>& sizes,
                  const std::function<void(std::size_t, Importer&)>& job);
  /// Where the problems found go.
  [[nodiscard]] Diagnostics& diagnostics() noexcept { return diags_; }
  /// Notes that a required table is absent.
  void missing(const TableSpec& spec) {
    if (spec.table == Table::departments) departments_known_ = false;
    if (spec.table == Table::representatives) representatives_known_ = false;
  }
  /// Keeps the dates the stage calendar checks, and where each was read, in `into` (may be null).
  void keep_dates(DatedFields* into) noexcept { dated_ = into; }
  /// Reads ballots or questionnaires given as integer columns (import_tables()).
  void read(const RatingTable& table, bool ballots);
  /// Puts the columns in their final shape (ballots ordered by department and representative).
  void finish();

 private:
  // Typed access with diagnostics; each returns nothing (and reports) on a bad value.
  void fail(const Row& row, std::size_t col, std::string_view message) {
    diags_.add(file_, row.line(col), row.column(col), spec_->columns[col].name, row[col], message);
  }
  /// Column `col` of the current table as a message names it: as the file's header wrote it;
  /// in Chinese by its Chinese name, followed by the header's own words when they differ
  /// (`评价`, `评价（rating）`).
  [[nodiscard]] std::string header_name(std::size_t col) const {
    const auto& spec = spec_->columns[col];
    const std::string_view written =
        col < header_.size() && !header_[col].empty() ? std::string_view(header_[col]) : spec.name;
    if (language() != Language::zh || spec.alias.empty() || written == spec.alias)
      return std::string(written);
    return fmt::format("{}（{}）", spec.alias, written);
  }
  bool required_text(const Row& row, std::size_t col) {
    if (!row[col].empty()) return true;
    fail(row, col, kMissingValue);
    return false;
  }
  bool unique_id(const Row& row, std::size_t col) {
    if (!required_text(row, col)) return false;
    bool added = false;
    ids_.insert(row[col], added);
    if (added) return true;
    fail(row, col, kIdTwice);
    return false;
  }
  std::optional<Date> date(const Row& row, std::size_t col) {
    const auto t = row[col];
    if (t.empty() && !spec_->columns[col].required) return std::nullopt;
    auto d = Date::parse_written(t);
    if (!d) fail(row, col, date_message(t));
    return d;
  }
  /// The date of column `col` (date()), kept with its position when the caller asked (keep_dates()).
  std::optional<Date> dated(const Row& row, std::size_t col) {
    auto d = date(row, col);
    if (dated_ != nullptr && d) {
      if (dated_column_ == kNoColumn) {
        dated_column_ = static_cast<std::uint32_t>(dated_->columns.size());
        dated_->columns.push_back(DatedColumn{file_, std::string(spec_->columns[col].name), header_name(col),
                                              std::string(stage_of(spec_->table))});
      }
      dated_->fields.push_back(DatedField{dated_column_, static_cast<std::uint32_t>(row.line(col)),
                                          static_cast<std::uint32_t>(row.column(col)), *d});
    }
    return d;
  }
  /// The stage of the calendar the dates of `table` belong to (DatedColumn).
  static std::string_view stage_of(Table table) noexcept {
    switch (table) {
      case Table::commitments:
        return "commitment";
      case Table::hearings:
        return "hearing";
      case Table::surveys:
        return "survey";
      case Table::activities:
        return "outreach";
      default:
        return {};
    }
  }
  std::optional<bool> boolean(const Row& row, std::size_t col) {
    const auto t = row[col];
    if (t.empty() && !spec_->columns[col].required) return false;
    auto b = parse_bool(t);
    if (!b) fail(row, col, kBadBool);
    return b;
  }
  template <class E>
  std::optional<E> enumeration(const Row& row, std::size_t col, E fallback) {
    const auto t = row[col];
    if (t.empty() && !spec_->columns[col].required) return fallback;
    auto v = parse_enum<E>(t);
    if (!v)
      diags_.add(file_, row.line(col), row.column(col), spec_->columns[col].name, row[col],
                 *find_message("LR-D138"), header_name(col));
    return v;
  }
  /// A rating: the spec's English or Chinese names as written, first, without
  /// parse_enum's trimming and case folding (which the rest goes through).
  std::optional<Rating> rating(const Row& row, std::size_t col) {
    static const auto names = [] {
      constexpr auto kRatings = static_cast<std::size_t>(kRatingCount);
      std::array<std::string_view, 2 * kRatings> n{};
      for (std::size_t i = 0; i < kRatings; ++i) {
        n[2 * i] = to_string(static_cast<Rating>(i));
        n[2 * i + 1] = label_zh(static_cast<Rating>(i));
      }
      return n;
    }();
    const auto t = row[col];
    for (std::size_t i = 0; i < names.size(); ++i)
      if (same_id(t, names[i])) return static_cast<Rating>(i / 2);
    return enumeration(row, col, Rating::unknown);
  }
  std::optional<double> score(const Row& row, std::size_t col) {
    auto v = parse_number(row[col]);
    if (!v) {
      fail(row, col, kBadNumber);
    } else if (*v < 0 || *v > 100) {
      fail(row, col, kScoreRange);
      v.reset();
    }
    return v;
  }
  /// A department reference; `voted` refuses exempt departments.
  std::optional<std::uint32_t> department(const Row& row, std::size_t col, bool voted) {
    const auto t = row[col];
    if (t.empty()) {
      if (spec_->columns[col].required) fail(row, col, kMissingValue);
      return std::nullopt;
    }
    if (!departments_known_) return std::nullopt;
    const auto d = recent_departments_.find(department_ids_, t);
    if (d == IdIndex::npos) {
      fail(row, col, kUnknownDepartment);
      return std::nullopt;
    }
    if (voted && exempt_[d] != 0) {
      fail(row, col, kExempt);
      return std::nullopt;
    }
    return d;
  }
  std::optional<std::uint32_t> representative(const Row& row, std::size_t col) {
    const auto t = row[col];
    if (t.empty()) {
      fail(row, col, kMissingValue);
      return std::nullopt;
    }
    if (!representatives_known_) return std::nullopt;
    const auto r = recent_representatives_.find(representative_ids_, t);
    if (r == IdIndex::npos) {
      fail(row, col, kUnknownRepresentative);
      return std::nullopt;
    }
    return r;
  }

  /// An importer for a piece of the rating table `parent` is reading (read_in_pieces()): its
  /// table, header and lookups, its own rows, diagnostics and (response, group) names.
  Importer(const Importer& parent, Cycle& cycle, Diagnostics& diags);
  /// One record of the table after the header (`pos`: the spec's columns in the header).
  void read_row(const Record& r, std::span<const int> pos, std::size_t header_size);
  /// Reads the rest of a big ballots or questionnaires file in pieces on several threads
  /// and merges them in order, as if read in one go; false (nothing read) when the file is
  /// small or the pieces are not sure to give the same result (a pair of representative and
  /// department rated in two pieces, a questionnaire response with rows in two).
  bool read_in_pieces(CsvReader& reader, std::span<const int> pos, std::size_t header_size,
                      std::size_t rows_hint, unsigned threads);
  void sort_ballot_keys();
  /// The department columns of a sheet table's header (cells no spec column took); false when
  /// any names no department, an exempt one, or one named before.
  bool sheet_header(const Record& header, const std::vector<int>& pos);
  void ballot_sheets(const Row& row, const Record& r);
  void questionnaire_sheets(const Row& row, const Record& r);
  using Votes = std::vector<std::pair<std::uint32_t, Rating>>;  ///< department, rating
  /// The votes of a sheet's row, each box a rating name or a code 1–4 (a blank box is no
  /// vote). False when the sheet's number (column `number`) is missing or used before;
  /// `complete` false when a box holds anything else. Both reported.
  bool sheet_votes(const Row& row, const Record& r, std::size_t number, Votes& votes, bool& complete);
  /// Adds a ballot (department, rater, rating), refusing a second one of the pair.
  bool add_ballot(std::uint32_t d, std::uint32_t who, Rating rating);
  void departments(const Row& row);
  void representatives(const Row& row);
  void ballots(const Row& row);
  void questionnaires(const Row& row);
  void scores(const Row& row, std::vector<std::optional<double>>& into, std::vector<bool>& seen);
  void complaints(const Row& row);
  void rectifications(const Row& row);
  void commitments(const Row& row);
  void hearings(const Row& row);
  void activities(const Row& row);
  void surveys(const Row& row);

  Cycle& cycle_;
  Diagnostics& diags_;
  const TableSpec* spec_ = nullptr;
  std::string file_;
  std::vector<std::string>
      header_;   ///< by spec column: the name the file's header gave it (部门编号 or department_id)
  IdTable ids_;  ///< ids seen in the current file

  bool departments_known_ = true;
  bool representatives_known_ = true;
  /// What the rows are checked against once the roster is read (shared, read-only, by pieces).
  struct Lookups {
    IdIndex department_ids;            ///< id -> row of cycle_.departments
    std::vector<std::uint8_t> exempt;  ///< by department: 1 when exempt (a small array for the rating rows)
    IdIndex representative_ids;        ///< id -> row of cycle_.representatives
    IdIndex department_names;          ///< name -> row of cycle_.departments (sheet headers)
  };
  Lookups own_lookups_;
  Lookups& lookups_;  ///< own_lookups_, or the parent's for a piece
  IdIndex& department_ids_ = lookups_.department_ids;
  std::vector<std::uint8_t>& exempt_ = lookups_.exempt;
  IdIndex& representative_ids_ = lookups_.representative_ids;
  IdIndex& department_names_ = lookups_.department_names;
  /// The departments and representatives found lately (RecentIds); this importer's own.
  RecentIds recent_departments_, recent_representatives_;
  struct SheetColumn {
    std::size_t field;  ///< position in the record
    std::uint32_t department;
    std::string header;  ///< as the file wrote it
  };
  std::vector<SheetColumn> sheet_columns_;  ///< department columns of the sheet table being read

  // Ratings, gathered before they become columns.
  /// department << 34 | representative << 2 | rating, so that sorting orders by department then
  /// representative.
  std::vector<std::uint64_t> ballot_keys_;
  std::vector<std::uint32_t> q_department_, q_response_, q_group_;
  std::vector<Rating> q_rating_;
  Interner response_ids_;
  Interner group_ids_;
  PairSet seen_pairs_;          ///< duplicate detection for ballots and answers
  std::size_t pairs_from_ = 0;  ///< where this table's ratings start in ballot_keys_ or q_response_
  std::optional<RatingColumns> given_ballots_, given_questionnaires_;  ///< from RatingTable
  std::vector<bool> seen_work_, seen_self_;
  static constexpr std::uint32_t kNoColumn = 0xFFFFFFFFU;
  DatedFields* dated_ = nullptr;            ///< where the calendar's dates go (keep_dates()), or null
  std::uint32_t dated_column_ = kNoColumn;  ///< this table's entry in dated_->columns, once added
};

}  // namespace review::ingest
