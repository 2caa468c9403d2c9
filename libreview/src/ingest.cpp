// import_cycle / validate_cycle: a folder of cycle.toml + CSV files, or an .xlsx
// workbook, read into a Cycle with every hard error of the spec collected.
#include "libreview/ingest.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <future>
#include <span>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "digest_internal.hpp"
#include "ingest_internal.hpp"
#include "ingest_tables.hpp"
#include "log_internal.hpp"

namespace review {
namespace ingest {
namespace {

// ---- messages (documented in docs/data-format.md) ------------------------------

constexpr std::string_view kMissingFile = "missing required file";
constexpr std::string_view kMissingSheet = "missing required sheet";
constexpr std::string_view kMissingColumn = "missing required column";
constexpr std::string_view kMissingHeader = "missing header row";
constexpr std::string_view kColumnTwice = "column given twice";
constexpr std::string_view kExtraField = "more fields than in the header";
constexpr std::string_view kBadEncoding = "file is neither UTF-8 nor GB18030";
constexpr std::string_view kMissingValue = "missing value";
constexpr std::string_view kIdTwice = "id used twice in this file";
constexpr std::string_view kUnknownDepartment = "unknown department id";
constexpr std::string_view kUnknownRepresentative = "unknown representative id";
constexpr std::string_view kExempt = "department is exempt";
constexpr std::string_view kSecondBallot = "second ballot from this representative for this department";
constexpr std::string_view kSecondAnswer = "second answer of this questionnaire response for this department";
constexpr std::string_view kGroupChanged = "respondent group differs from an earlier row of this response";
constexpr std::string_view kSecondScore = "second row for this department";
constexpr std::string_view kScoreRange = "score outside 0-100";
constexpr std::string_view kBadNumber = "unreadable number";
constexpr std::string_view kBadDate = "not a date";
constexpr std::string_view kBadBool = "not a boolean";
constexpr std::string_view kBadToml = "not valid TOML";
constexpr std::string_view kMissingKey = "missing required key";
constexpr std::string_view kBadYear = "year is not a whole number";
constexpr std::string_view kNotText = "not a text value";
constexpr std::string_view kStageNotTable = "stage is not a table";

// ---- table layouts ----------------------------------------------------------------

struct ColumnSpec {
  std::string_view name;   ///< canonical English header
  std::string_view alias;  ///< Chinese header
  bool required;
};

enum class Table : std::uint8_t {
  departments,
  representatives,
  ballots,
  questionnaires,
  daily_work,
  self_assessment,
  complaints,
  rectifications,
  commitments,
  hearings,
  activities,
  surveys,
};

struct TableSpec {
  Table table;
  std::string_view name;  ///< file name without `.csv`, also the sheet name
  bool required;
  std::span<const ColumnSpec> columns;
};

// Column positions within each spec, named.
namespace dep {
enum { id, name, category, status, exempt_reason, hotline };
}
namespace rep {
enum { id, sector, trained };
}
namespace bal {
enum { representative_id, department_id, rating };
}
namespace que {
enum { response_id, respondent_group, department_id, rating };
}
namespace sco {
enum { department_id, score };
}
namespace cmp {
enum { id, department_id, received_on, channel, category, substantiated, due_on, closed_on, summary };
}
namespace rec {
enum { id, department_id, source, source_ref, category, description, deadline, status, closed_on };
}
namespace com {
enum { id, department_id, text, published_on, channel, due_on, status };
}
namespace hea {
enum { id, department_id, held_on, question, answer, rectification_id };
}
namespace act {
enum { id, department_id, kind, target, date, summary };
}
namespace sur {
enum { id, representative_id, site_kind, site, visited_on, department_id, opinion };
}

constexpr ColumnSpec kDepartments[] = {
    {"id", "部门编号", true}, {"name", "部门名称", true},           {"category", "类别", true},
    {"status", "状态", true}, {"exempt_reason", "免评原因", false}, {"hotline", "监督电话", false}};
constexpr ColumnSpec kRepresentatives[] = {
    {"id", "代表编号", true}, {"sector", "界别", false}, {"trained", "是否培训", false}};
constexpr ColumnSpec kBallots[] = {
    {"representative_id", "代表编号", true}, {"department_id", "部门编号", true}, {"rating", "评价", true}};
constexpr ColumnSpec kQuestionnaires[] = {{"response_id", "问卷编号", true},
                                          {"respondent_group", "对象类别", false},
                                          {"department_id", "部门编号", true},
                                          {"rating", "评价", true}};
constexpr ColumnSpec kDailyWork[] = {{"department_id", "部门编号", true}, {"score", "日常考核得分", true}};
constexpr ColumnSpec kSelfAssessment[] = {{"department_id", "部门编号", true},
                                          {"expected_score", "自评得分", true}};
constexpr ColumnSpec kComplaints[] = {
    {"id", "编号", true},          {"department_id", "部门编号", true}, {"received_on", "受理日期", false},
    {"channel", "来源", false},    {"category", "问题类别", true},      {"substantiated", "是否属实", true},
    {"due_on", "办结时限", false}, {"closed_on", "办结日期", false},    {"summary", "摘要", false}};
constexpr ColumnSpec kRectifications[] = {{"id", "编号", true},
                                          {"department_id", "部门编号", true},
                                          {"source", "来源", false},
                                          {"source_ref", "来源编号", false},
                                          {"category", "问题类别", true},
                                          {"description", "整改内容", false},
                                          {"deadline", "整改时限", false},
                                          {"status", "状态", true},
                                          {"closed_on", "销号日期", false}};
constexpr ColumnSpec kCommitments[] = {{"id", "编号", true},           {"department_id", "部门编号", true},
                                       {"text", "承诺内容", false},    {"published_on", "公开日期", false},
                                       {"channel", "公开渠道", false}, {"due_on", "完成时限", false},
                                       {"status", "状态", false}};
constexpr ColumnSpec kHearings[] = {{"id", "编号", true},           {"department_id", "部门编号", true},
                                    {"held_on", "听证日期", false}, {"question", "质询问题", false},
                                    {"answer", "答复", false},      {"rectification_id", "整改编号", false}};
constexpr ColumnSpec kActivities[] = {{"id", "编号", true},    {"department_id", "部门编号", true},
                                      {"kind", "类型", false}, {"target", "对象", false},
                                      {"date", "日期", false}, {"summary", "摘要", false}};
constexpr ColumnSpec kSurveys[] = {
    {"id", "编号", true},      {"representative_id", "代表编号", true}, {"site_kind", "地点类型", false},
    {"site", "地点", false},   {"visited_on", "走访日期", false},       {"department_id", "部门编号", false},
    {"opinion", "意见", false}};

/// Every table, in the order they are read (departments and representatives first).
constexpr TableSpec kTables[] = {
    {Table::departments, "departments", true, kDepartments},
    {Table::representatives, "representatives", true, kRepresentatives},
    {Table::ballots, "ballots", true, kBallots},
    {Table::questionnaires, "questionnaires", true, kQuestionnaires},
    {Table::daily_work, "daily_work", false, kDailyWork},
    {Table::self_assessment, "self_assessment", false, kSelfAssessment},
    {Table::complaints, "complaints", false, kComplaints},
    {Table::rectifications, "rectifications", false, kRectifications},
    {Table::commitments, "commitments", false, kCommitments},
    {Table::hearings, "hearings", false, kHearings},
    {Table::activities, "activities", false, kActivities},
    {Table::surveys, "surveys", false, kSurveys},
};

// ---- small helpers ------------------------------------------------------------------

inline std::string_view trim(std::string_view t) noexcept {
  auto blank = [](char ch) { return ch == ' ' || ch == '\t'; };
  if (t.empty() || (!blank(t.front()) && !blank(t.back()))) return t;  // most fields
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return t;
}

bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
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

std::optional<double> parse_number(std::string_view t) noexcept {
  if (t.empty()) return std::nullopt;
  if (t.front() == '+') t.remove_prefix(1);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || ptr != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

/// Reads a whole file into `out` (a std::string or a ByteBuffer).
template <class Buffer>
void read_file(const std::filesystem::path& file, Buffer& out) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) throw IoError(fmt::format("cannot open {}", file.string()));
  out.clear();
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > kMaxInputFileBytes) {
    std::fclose(f);
    throw ValidationError(fmt::format("{}: file of {} bytes is larger than the limit of {} MiB", file.string(), size,
                            kMaxInputFileBytes >> 20));
  }
  if (!ec) out.resize(static_cast<std::size_t>(size));
  const std::size_t n = out.empty() ? 0 : std::fread(out.data(), 1, out.size(), f);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed || n != out.size()) throw IoError(fmt::format("cannot read {}", file.string()));
}

std::string read_file(const std::filesystem::path& file) {
  std::string out;
  read_file(file, out);
  return out;
}

// ---- one table being read -------------------------------------------------------------

/// A row of a table, with its fields found by spec column.
class Row {
 public:
  Row(const Record& r, std::span<const int> pos) : rec_(r), pos_(pos) {}
  [[nodiscard]] std::string_view operator[](std::size_t col) const {
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

/// Reads a cycle's tables into a Cycle, reporting every problem to `diags`.
class Importer {
 public:
  Importer(Cycle& cycle, Diagnostics& diags) : cycle_(cycle), diags_(diags) {}

  /// Reads one table from `reader`; `file` names it in diagnostics.
  /// Reads one table from `reader`; `file` names it in diagnostics; room is made
  /// for `rows_hint` rows (more may come).
  void read(const TableSpec& spec, RecordReader& reader, const std::string& file, std::size_t rows_hint = 0);
  /// Notes that a required table is absent.
  void missing(const TableSpec& spec) {
    if (spec.table == Table::departments) departments_known_ = false;
    if (spec.table == Table::representatives) representatives_known_ = false;
  }
  /// Reads ballots or questionnaires given as integer columns (import_tables()).
  void read(const RatingTable& table, bool ballots);
  /// Puts the columns in their final shape (ballots ordered by department and representative).
  void finish();

 private:
  // Typed access with diagnostics; each returns nothing (and reports) on a bad value.
  void fail(const Row& row, std::size_t col, std::string_view message) {
    diags_.add(file_, row.line(col), row.column(col), spec_->columns[col].name, row[col], message);
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
    auto d = Date::parse(t);
    if (!d) fail(row, col, kBadDate);
    return d;
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
    if (!v) fail(row, col, fmt::format("{} not in the list", spec_->columns[col].name));
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
    if (t.empty() && !spec_->columns[col].required) return std::nullopt;
    if (!required_text(row, col)) return std::nullopt;
    if (!departments_known_) return std::nullopt;
    const auto d = department_ids_.find(t);
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
    if (!required_text(row, col) || !representatives_known_) return std::nullopt;
    const auto r = representative_ids_.find(row[col]);
    if (r == IdIndex::npos) {
      fail(row, col, kUnknownRepresentative);
      return std::nullopt;
    }
    return r;
  }

  void sort_ballot_keys();
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
  IdTable ids_;  ///< ids seen in the current file

  bool departments_known_ = true;
  bool representatives_known_ = true;
  IdIndex department_ids_;            ///< id -> row of cycle_.departments
  std::vector<std::uint8_t> exempt_;  ///< by department: 1 when exempt (a small array for the rating rows)
  IdIndex representative_ids_;        ///< id -> row of cycle_.representatives

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
};

void Importer::read(const TableSpec& spec, RecordReader& reader, const std::string& file,
                    std::size_t rows_hint) {
  spec_ = &spec;
  file_ = file;
  ids_.clear();
  seen_pairs_.reset(cycle_.departments.size(), spec.table == Table::ballots && representatives_known_
                                                   ? cycle_.representatives.size()
                                                   : 0);
  pairs_from_ = spec.table == Table::ballots ? ballot_keys_.size() : q_response_.size();
  Record r;
  if (!reader.next(r)) {
    diags_.add(file_, 1, 0, "", "", kMissingHeader);
    missing(spec);
    return;
  }
  // Map the header onto the spec's columns.
  std::vector<int> pos(spec.columns.size(), -1);
  for (std::size_t i = 0; i < r.fields.size(); ++i) {
    auto name = trim(r.fields[i]);
    if (name.starts_with("\xEF\xBB\xBF")) name.remove_prefix(3);
    std::size_t c = 0;
    while (c < spec.columns.size() && !iequals_ascii(spec.columns[c].name, name) &&
           spec.columns[c].alias != name)
      ++c;
    if (c == spec.columns.size()) {
      log::get("ingest")->debug("{}: column '{}' is not used", file_, name);
      continue;
    }
    if (pos[c] >= 0) {
      diags_.add(file_, r.line_of(i), i + 1, spec.columns[c].name, name, kColumnTwice);
      continue;
    }
    pos[c] = static_cast<int>(i);
  }
  const std::size_t header_size = r.fields.size();
  bool complete = true;
  for (std::size_t c = 0; c < spec.columns.size(); ++c) {
    if (pos[c] < 0 && spec.columns[c].required) {
      diags_.add(file_, 1, 0, spec.columns[c].name, spec.columns[c].name, kMissingColumn);
      complete = false;
    }
  }
  if (!complete) {
    missing(spec);
    return;
  }
  if (spec.table == Table::ballots) ballot_keys_.reserve(ballot_keys_.size() + rows_hint);
  if (spec.table == Table::questionnaires) {
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
  const bool first = seen_pairs_.insert(*who, *d, [&](auto&& mark) {
    for (std::size_t i = pairs_from_; i < ballot_keys_.size(); ++i)
      mark(static_cast<std::uint32_t>((ballot_keys_[i] >> 2) & 0xFFFFFFFFU),
           static_cast<std::uint32_t>(ballot_keys_[i] >> 34));
  });
  if (!first) {
    fail(row, bal::department_id, kSecondBallot);
    return;
  }
  ballot_keys_.push_back((std::uint64_t{*d} << 34) | (std::uint64_t{*who} << 2) |
                         static_cast<std::uint64_t>(*rating));
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
  c.published_on = date(row, com::published_on);
  c.channel = row[com::channel];
  c.due_on = date(row, com::due_on);
  c.status = row[com::status];
  cycle_.commitments.push_back(std::move(c));
}

void Importer::hearings(const Row& row) {
  Hearing h;
  unique_id(row, hea::id);
  h.id = row[hea::id];
  department(row, hea::department_id, false);
  h.department_id = row[hea::department_id];
  h.held_on = date(row, hea::held_on);
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
  a.date = date(row, act::date);
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
  s.visited_on = date(row, sur::visited_on);
  department(row, sur::department_id, false);
  s.department_id = row[sur::department_id];
  s.opinion = row[sur::opinion];
  cycle_.surveys.push_back(std::move(s));
}

constexpr std::string_view kColumnLengths = "columns of different lengths";
constexpr std::string_view kUnknownDepartmentIndex = "unknown department index";
constexpr std::string_view kUnknownRepresentativeIndex = "unknown representative index";
constexpr std::string_view kUnknownGroup = "unknown respondent group code";
constexpr std::string_view kNegativeResponse = "response number is negative";
constexpr std::uint32_t kNone = ~std::uint32_t{0};

void Importer::read(const RatingTable& t, bool ballots) {
  file_ = t.name;
  const std::size_t n = t.rating.size();
  if (t.department.size() != n || t.rater.size() != n || (!t.group.empty() && t.group.size() != n)) {
    diags_.add(file_, 0, 0, "", "", kColumnLengths);
    return;
  }
  enum { c_department, c_rater, c_rating, c_group };
  auto show = [&](int c, std::uint32_t code) {
    if (t.signed_codes[c]) {
      const auto v = c == c_rating ? std::int64_t{static_cast<std::int8_t>(code)}
                                   : std::int64_t{static_cast<std::int32_t>(code)};
      return std::to_string(v);
    }
    return std::to_string(code);
  };
  auto fail_at = [&](std::size_t row, int c, std::string_view value, std::string_view message) {
    diags_.add(file_, row + 1, t.column_positions[c], t.column_names[c], value, message);
  };
  // Dictionaries become maps from code to index (kNone: not known).
  const std::size_t n_departments = cycle_.departments.size();
  std::vector<std::uint32_t> dep_map, rater_map;
  for (const auto& v : t.department_values) {
    dep_map.push_back(department_ids_.find(trim(v)));
  }
  const bool by_response = !ballots;
  std::vector<std::uint32_t> response_group;
  std::size_t n_raters = 0;
  if (ballots) {
    for (const auto& v : t.rater_values) {
      rater_map.push_back(representative_ids_.find(trim(v)));
    }
    n_raters = cycle_.representatives.size();
  } else {
    cycle_.responses.clear();
    if (!t.rater_values.empty()) {
      for (const auto& v : t.rater_values) cycle_.responses.push_back(Response{std::string(trim(v)), 0});
    } else {
      std::uint32_t top = 0;
      bool any = false;
      for (const auto r : t.rater.span())
        if (r != kNone && static_cast<std::int32_t>(r) >= 0) top = std::max(top, r), any = true;
      if (any)
        for (std::uint32_t i = 0; i <= top; ++i) cycle_.responses.push_back(Response{std::to_string(i), 0});
    }
    n_raters = cycle_.responses.size();
    response_group.assign(n_raters, kNone);
    cycle_.respondent_groups = t.group.empty() ? std::vector<std::string>{""} : t.group_values;
  }
  seen_pairs_.reset(cycle_.departments.size(), n_raters);
  std::vector<std::uint8_t> rating_map;
  for (const auto& v : t.rating_values) {
    const auto r = parse_enum<Rating>(v);
    rating_map.push_back(r ? static_cast<std::uint8_t>(*r) : 0xFF);
  }
  std::vector<std::uint8_t> exempt(n_departments, 0);
  for (std::size_t d = 0; d < n_departments; ++d)
    exempt[d] = cycle_.departments[d].status == DepartmentStatus::exempt ? 1 : 0;
  const bool map_dep = !t.department_values.empty(), map_rater = ballots && !t.rater_values.empty(),
             map_rating = !t.rating_values.empty();
  std::vector<std::uint32_t> dep_out(map_dep ? n : 0), rater_out(map_rater ? n : 0);
  std::vector<Rating> rating_out(map_rating ? n : 0);
  const std::string_view second = ballots ? kSecondBallot : kSecondAnswer;
  const auto dep_in = t.department.span();
  const auto rater_in = t.rater.span();
  const auto rating_in = t.rating.span();
  std::vector<std::size_t> bad_rows;  ///< rows not marked in seen_pairs_ (a bad department, rater or rating)
  for (std::size_t i = 0; i < n; ++i) {
    // department
    std::uint32_t d = dep_in[i];
    bool ok = true;
    if (map_dep) {
      if (d >= dep_map.size()) {
        fail_at(i, c_department, "", kMissingValue);
        ok = false;
      } else if ((d = dep_map[d]) == kNone) {
        fail_at(i, c_department, t.department_values[dep_in[i]], kUnknownDepartment);
        ok = false;
      }
      dep_out[i] = d;
    } else if (d >= n_departments) {
      fail_at(i, c_department, show(c_department, d), d == kNone ? kMissingValue : kUnknownDepartmentIndex);
      ok = false;
    }
    if (ok && exempt[d] != 0) {
      fail_at(i, c_department, cycle_.departments[d].id, kExempt);
      ok = false;
    }
    // rater
    std::uint32_t r = rater_in[i];
    bool rater_ok = true;
    if (map_rater) {
      if (r >= rater_map.size()) {
        fail_at(i, c_rater, "", kMissingValue);
        rater_ok = false;
      } else if ((r = rater_map[r]) == kNone) {
        fail_at(i, c_rater, t.rater_values[rater_in[i]], kUnknownRepresentative);
        rater_ok = false;
      }
      rater_out[i] = r;
    } else if (r >= n_raters) {
      fail_at(i, c_rater, show(c_rater, r),
              r == kNone ? kMissingValue
              : ballots  ? kUnknownRepresentativeIndex
                         : kNegativeResponse);
      rater_ok = false;
    }
    // rating
    std::uint8_t v = rating_in[i];
    bool rating_ok = true;
    if (map_rating) {
      if (v >= rating_map.size()) {
        fail_at(i, c_rating, "", kMissingValue);
        rating_ok = false;
      } else if (rating_map[v] == 0xFF) {
        fail_at(i, c_rating, t.rating_values[v], "rating not in the list");
        rating_ok = false;
      } else {
        v = rating_map[v];
      }
      rating_out[i] = static_cast<Rating>(v);
    } else if (v >= kRatingCount) {
      fail_at(i, c_rating, show(c_rating, v), v == 0xFF ? kMissingValue : "rating not in the list");
      rating_ok = false;
    }
    // respondent group, the same on every row of a response
    if (by_response && rater_ok && !t.group.empty()) {
      const std::uint32_t g = t.group[i];
      if (g >= cycle_.respondent_groups.size()) {
        fail_at(i, c_group, show(c_group, g), g == kNone ? kMissingValue : kUnknownGroup);
      } else if (response_group[r] == kNone) {
        response_group[r] = g;
        cycle_.responses[r].group = g;
      } else if (response_group[r] != g) {
        fail_at(i, c_group, cycle_.respondent_groups[g], kGroupChanged);
      }
    }
    if (!ok || !rater_ok || !rating_ok) {
      bad_rows.push_back(i);
      continue;
    }
    // The rows marked so far, for the duplicate check's fall-back: all before i but the bad ones.
    const auto replay = [&](auto&& mark) {
      std::size_t b = 0;
      for (std::size_t j = 0; j < i; ++j) {
        if (b < bad_rows.size() && bad_rows[b] == j) {
          ++b;
          continue;
        }
        mark(map_rater ? rater_out[j] : rater_in[j], map_dep ? dep_out[j] : dep_in[j]);
      }
    };
    if (!seen_pairs_.insert(r, d, replay)) fail_at(i, c_department, cycle_.departments[d].id, second);
  }
  RatingColumns out;
  out.department = map_dep ? Column<std::uint32_t>(std::move(dep_out)) : t.department;
  out.rater = map_rater ? Column<std::uint32_t>(std::move(rater_out)) : t.rater;
  if (map_rating) {
    out.rating = Column<Rating>(std::move(rating_out));
  } else {
    // Rating is a one-byte enum: the codes are used where they lie.
    out.rating = Column<Rating>(reinterpret_cast<const Rating*>(t.rating.data()), n, t.rating.owner());
  }
  if (!ballots) {
    out.group = t.group.empty() ? Column<std::uint32_t>(std::vector<std::uint32_t>(n, 0)) : t.group;
    given_questionnaires_ = std::move(out);
  } else {
    given_ballots_ = std::move(out);
  }
}

/// ballot_keys_ in increasing order: two stable counting passes (by representative,
/// then by department), linear where std::sort is not. The keys are distinct
/// (second ballots are refused), so the order is the one std::sort gives.
void Importer::sort_ballot_keys() {
  const std::size_t n = ballot_keys_.size();
  if (n < 4096) {
    std::sort(ballot_keys_.begin(), ballot_keys_.end());
    return;
  }
  auto rater = [](std::uint64_t k) { return static_cast<std::uint32_t>((k >> 2) & 0xFFFFFFFFU); };
  auto dept = [](std::uint64_t k) { return static_cast<std::uint32_t>(k >> 34); };
  std::uint32_t raters = 0, departments = 0;
  for (const auto k : ballot_keys_) {
    raters = std::max(raters, rater(k) + 1);
    departments = std::max(departments, dept(k) + 1);
  }
  if (raters > 4 * n || departments > 4 * n) {  // far more buckets than keys
    std::sort(ballot_keys_.begin(), ballot_keys_.end());
    return;
  }
  std::vector<std::uint64_t> tmp(n);
  auto pass = [](const std::vector<std::uint64_t>& from, std::vector<std::uint64_t>& to,
                 std::uint32_t buckets, auto&& bucket) {
    std::vector<std::size_t> start(std::size_t{buckets} + 1, 0);
    for (const auto k : from) ++start[bucket(k) + 1];
    for (std::size_t b = 1; b <= buckets; ++b) start[b] += start[b - 1];
    for (const auto k : from) to[start[bucket(k)]++] = k;
  };
  pass(ballot_keys_, tmp, raters, rater);
  pass(tmp, ballot_keys_, departments, dept);
}

void Importer::finish() {
  // Ballots ordered by department then representative: the file's order (which
  // may follow the order votes were collected in) is not kept.
  sort_ballot_keys();
  std::vector<std::uint32_t> dept(ballot_keys_.size()), rater(ballot_keys_.size());
  std::vector<Rating> rating(ballot_keys_.size());
  for (std::size_t i = 0; i < ballot_keys_.size(); ++i) {
    dept[i] = static_cast<std::uint32_t>(ballot_keys_[i] >> 34);
    rater[i] = static_cast<std::uint32_t>((ballot_keys_[i] >> 2) & 0xFFFFFFFFU);
    rating[i] = static_cast<Rating>(ballot_keys_[i] & 3U);
  }
  cycle_.ballots.department = Column<std::uint32_t>(std::move(dept));
  cycle_.ballots.rater = Column<std::uint32_t>(std::move(rater));
  cycle_.ballots.rating = Column<Rating>(std::move(rating));
  cycle_.questionnaires.department = Column<std::uint32_t>(std::move(q_department_));
  cycle_.questionnaires.rater = Column<std::uint32_t>(std::move(q_response_));
  cycle_.questionnaires.group = Column<std::uint32_t>(std::move(q_group_));
  cycle_.questionnaires.rating = Column<Rating>(std::move(q_rating_));
  // Ratings given as columns (import_tables()) keep their order and storage.
  if (given_ballots_) cycle_.ballots = std::move(*given_ballots_);
  if (given_questionnaires_) cycle_.questionnaires = std::move(*given_questionnaires_);
  cycle_.build_index();
}

// ---- cycle.toml / the `cycle` sheet -------------------------------------------------------

/// A key's value as text with its location (from TOML or from a sheet row).
struct KeyValue {
  std::string text;
  std::size_t line = 0, column = 0;
  bool right_type = true;  ///< false for a TOML value of another type than the key takes
};

/// Fills CycleInfo from key/value pairs: `year` required, `region`, `name`, `as_of`.
void fill_info(CycleInfo& info, const std::unordered_map<std::string, KeyValue>& kv, const std::string& file,
               Diagnostics& diags) {
  auto year = kv.find("year");
  if (year == kv.end()) {
    diags.add(file, 0, 0, "year", "year", kMissingKey);
  } else {
    int y = 0;
    const auto t = trim(year->second.text);
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), y);
    if (!year->second.right_type || ec != std::errc{} || ptr != t.data() + t.size() || y < 1900 || y > 9999)
      diags.add(file, year->second.line, year->second.column, "year", t, kBadYear);
    else
      info.year = y;
  }
  if (auto it = kv.find("region"); it != kv.end()) {
    if (!it->second.right_type || trim(it->second.text).empty())
      diags.add(file, it->second.line, it->second.column, "region", it->second.text, kNotText);
    else
      info.region = trim(it->second.text);
  }
  if (auto it = kv.find("name"); it != kv.end()) {
    if (!it->second.right_type)
      diags.add(file, it->second.line, it->second.column, "name", it->second.text, kNotText);
    else
      info.name = trim(it->second.text);
  }
  info.as_of = Date{info.year, 12, 31};
  if (auto it = kv.find("as_of"); it != kv.end()) {
    if (auto d = Date::parse(it->second.text); d && it->second.right_type)
      info.as_of = *d;
    else
      diags.add(file, it->second.line, it->second.column, "as_of", it->second.text, kBadDate);
  }
}

KeyValue toml_value(const toml::node& node) {
  KeyValue v;
  v.line = node.source().begin.line;
  v.column = node.source().begin.column;
  if (auto s = node.as_string()) {
    v.text = s->get();
  } else if (auto i = node.as_integer()) {
    v.text = std::to_string(i->get());
  } else if (auto d = node.as_date()) {
    v.text = fmt::format("{:04}-{:02}-{:02}", d->get().year, d->get().month, d->get().day);
  } else {
    std::ostringstream os;
    node.visit([&](const auto& value) { os << value; });
    v.text = os.str();
  }
  return v;
}

void read_cycle_toml(CycleInfo& info, std::string text, const std::string& file, Diagnostics& diags) {
  std::size_t bad_line = 0;
  if (!decode_to_utf8(text, bad_line)) {
    diags.add(file, bad_line, 0, "", "", kBadEncoding);
    return;
  }
  toml::table table;
  try {
    table = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    diags.add(file, e.source().begin.line, e.source().begin.column, "", e.description(), kBadToml);
    return;
  }
  std::unordered_map<std::string, KeyValue> kv;
  for (const auto& [key, node] : table) {
    const std::string k(key.str());
    if (k == "stages") continue;
    if (k != "year" && k != "region" && k != "name" && k != "as_of")
      log::get("ingest")->debug("{}: key '{}' is not used", file, k);
    auto v = toml_value(node);
    if (k == "year")
      v.right_type = node.is_integer();
    else if (k == "as_of")
      v.right_type = node.is_string() || node.is_date();
    else
      v.right_type = node.is_string();
    kv.emplace(k, std::move(v));
  }
  fill_info(info, kv, file, diags);
  if (auto* stages = table["stages"].as_array()) {
    for (const auto& node : *stages) {
      const auto* t = node.as_table();
      if (t == nullptr) {
        const auto v = toml_value(node);
        diags.add(file, v.line, v.column, "stages", v.text, kStageNotTable);
        continue;
      }
      Stage s;
      auto text_of = [&](std::string_view key) -> std::optional<KeyValue> {
        if (const auto* n = t->get(key)) return toml_value(*n);
        return std::nullopt;
      };
      if (auto v = text_of("id")) s.id = v->text;
      if (auto v = text_of("name")) s.name = v->text;
      for (auto [key, into] : {std::pair{"start", &s.start}, std::pair{"end", &s.end}}) {
        if (auto v = text_of(key)) {
          *into = Date::parse(v->text);
          if (!*into) diags.add(file, v->line, v->column, key, v->text, kBadDate);
        }
      }
      info.stages.push_back(std::move(s));
    }
  }
}

// ---- sources -----------------------------------------------------------------------------

struct Outcome {
  Cycle cycle;
  ValidationReport report;
};

/// The files of a folder, hashed in a fixed order: name, NUL, size, NUL, bytes.
void hash_file(detail::Sha256& sha, std::string_view name, std::string_view bytes) {
  sha.update(name);
  sha.update(std::string_view("\0", 1));
  sha.update(std::to_string(bytes.size()));
  sha.update(std::string_view("\0", 1));
  sha.update(bytes);
}

/// Folders of at least this many bytes of tables are read on a second thread.
constexpr std::uintmax_t kThreadedReadBytes = std::uintmax_t{16} << 20;

void import_folder(const std::filesystem::path& dir, Cycle& cycle, Importer& importer, Diagnostics& diags) {
  detail::Sha256 sha;
  const auto toml_path = dir / "cycle.toml";
  if (std::filesystem::exists(toml_path)) {
    auto bytes = read_file(toml_path);
    hash_file(sha, "cycle.toml", bytes);
    read_cycle_toml(cycle.info, std::move(bytes), "cycle.toml", diags);
  } else {
    diags.add("cycle.toml", 0, 0, "", "", kMissingFile);
  }
  // The tables' files are read, hashed and decoded one ahead, on another
  // thread, while the one before is checked here (reading, SHA-256 and UTF-8
  // validation are about a third of the work). The hash still takes the files in order: the next
  // file is asked for only once the one before it is in.
  struct File {
    const TableSpec* spec;
    std::string name;
    std::filesystem::path path;
    bool exists;
  };
  std::vector<File> files;
  std::uintmax_t total = 0;
  for (const auto& spec : kTables) {
    std::string name = std::string(spec.name) + ".csv";
    auto path = dir / name;
    const bool exists = std::filesystem::exists(path);
    if (exists) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(path, ec);
      total += ec ? 0 : size;
    }
    files.push_back(File{&spec, std::move(name), std::move(path), exists});
  }
  // A county's few megabytes are read here: a thread per file would cost more than it saves.
  const auto policy =
      total >= kThreadedReadBytes ? std::launch::async | std::launch::deferred : std::launch::deferred;
  struct Loaded {
    ByteBuffer bytes;
    std::optional<Encoding> encoding;  ///< nothing: neither UTF-8 nor GB18030
    std::size_t bad_line = 0;
    std::size_t rows_hint = 0;  ///< of the rating tables, room to make for rows
  };
  auto load = [&sha, policy](const File& f) {
    return std::async(policy, [&sha, &f] {
      Loaded l;
      read_file(f.path, l.bytes);
      hash_file(sha, f.name, std::string_view(l.bytes.data(), l.bytes.size()));
      l.encoding = decode_to_utf8(l.bytes, l.bad_line);
      // Room for the ratings: rows of a rating table mostly take more than 16
      // bytes (more rows just grow the columns); reserved memory that is not
      // used is never touched, so it takes no pages.
      if (f.spec->table == Table::ballots || f.spec->table == Table::questionnaires)
        l.rows_hint = l.bytes.size() / 16 + 16;
      return l;
    });
  };
  auto next_present = [&](std::size_t from) {
    while (from < files.size() && !files[from].exists) ++from;
    return from;
  };
  std::future<Loaded> ahead;  // after sha: waited for before sha goes
  if (const auto first = next_present(0); first < files.size()) ahead = load(files[first]);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const File& f = files[i];
    if (!f.exists) {
      if (f.spec->required) diags.add(f.name, 0, 0, "", "", kMissingFile);
      importer.missing(*f.spec);
      continue;
    }
    Loaded l = ahead.get();
    if (const auto next = next_present(i + 1); next < files.size()) ahead = load(files[next]);
    const auto& encoding = l.encoding;
    if (!encoding) {
      diags.add(f.name, l.bad_line, 0, "", "", kBadEncoding);
      importer.missing(*f.spec);
      continue;
    }
    if (*encoding == Encoding::gb18030) log::get("ingest")->debug("{}: read as GB18030", f.name);
    CsvReader reader(l.bytes.data(), l.bytes.size(), f.name, diags);
    importer.read(*f.spec, reader, f.name, l.rows_hint);
  }
  cycle.content_hash = sha.hex();
}

void import_workbook(const std::filesystem::path& path, Cycle& cycle, Importer& importer,
                     Diagnostics& diags) {
  const Workbook book(path);
  const std::string base = path.filename().string();
  auto sheet_file = [&](std::string_view sheet) { return fmt::format("{}[{}]", base, sheet); };
  if (book.has_sheet("cycle")) {
    std::unordered_map<std::string, KeyValue> kv;
    auto reader = book.open("cycle");
    Record r;
    while (reader->next(r)) {
      const std::string key(trim(r.field(0)));
      if (key.empty() || (key == "key" && trim(r.field(1)) == "value")) continue;
      kv.emplace(key, KeyValue{std::string(trim(r.field(1))), r.line, 2, true});
    }
    fill_info(cycle.info, kv, sheet_file("cycle"), diags);
  } else {
    diags.add(sheet_file("cycle"), 0, 0, "", "", kMissingSheet);
  }
  if (book.has_sheet("stages")) {
    auto reader = book.open("stages");
    Record r;
    bool header = true;
    while (reader->next(r)) {
      if (std::exchange(header, false)) continue;
      Stage s{std::string(trim(r.field(0))), std::string(trim(r.field(1))), std::nullopt, std::nullopt};
      for (std::size_t c : {2U, 3U}) {
        const auto t = trim(r.field(c));
        if (t.empty()) continue;
        auto d = Date::parse(t);
        if (!d) diags.add(sheet_file("stages"), r.line, c + 1, c == 2 ? "start" : "end", t, kBadDate);
        (c == 2 ? s.start : s.end) = d;
      }
      cycle.info.stages.push_back(std::move(s));
    }
  }
  for (const auto& spec : kTables) {
    const std::string file = sheet_file(spec.name);
    if (!book.has_sheet(spec.name)) {
      if (spec.required) diags.add(file, 0, 0, "", "", kMissingSheet);
      importer.missing(spec);
      continue;
    }
    auto reader = book.open(spec.name);
    importer.read(spec, *reader, file);
  }
  detail::Sha256 sha;
  sha.update(read_file(path));
  cycle.content_hash = sha.hex();
}

/// Records of a TextTable: the header, then one record per row (line = row number).
class TextTableReader final : public RecordReader {
 public:
  explicit TextTableReader(const TextTable& t) : t_(t) {
    rows_ = t.columns.empty() ? 0 : t.columns.front().size();
  }
  bool next(Record& r) override {
    r.fields.clear();
    r.lines.clear();
    if (row_ == 0) {
      for (const auto& h : t_.header) r.fields.emplace_back(h);
      r.line = 0;
    } else {
      if (row_ > rows_) return false;
      for (const auto& c : t_.columns)
        r.fields.emplace_back(row_ - 1 < c.size() ? std::string_view(c[row_ - 1]) : "");
      r.line = static_cast<std::uint32_t>(row_);
    }
    r.lines.assign(r.fields.size(), r.line);
    ++row_;
    return true;
  }

 private:
  const TextTable& t_;
  std::size_t rows_ = 0;
  std::size_t row_ = 0;
};

Outcome run_tables(CycleTables& in, const ImportOptions& options) {
  Outcome out;
  Diagnostics diags(options.max_diagnostics);
  Importer importer(out.cycle, diags);
  out.cycle.info = in.info;
  if (out.cycle.info.year < 1900 || out.cycle.info.year > 9999)
    diags.add("cycle", 0, 0, "year", std::to_string(out.cycle.info.year), kBadYear);
  if (out.cycle.info.as_of.year == 0) out.cycle.info.as_of = Date{out.cycle.info.year, 12, 31};
  if (out.cycle.info.region.empty()) out.cycle.info.region = "default";
  for (const auto& t : in.tables) {
    const bool known = std::any_of(std::begin(kTables), std::end(kTables),
                                   [&](const TableSpec& spec) { return spec.name == t.name; });
    if (!known) diags.add(t.name, 0, 0, "", t.name, "not a table of the spec");
    for (const auto& c : t.columns)
      if (c.size() != (t.columns.empty() ? 0 : t.columns.front().size()) ||
          t.columns.size() != t.header.size()) {
        diags.add(t.name, 0, 0, "", "", kColumnLengths);
        break;
      }
  }
  for (const auto& spec : kTables) {
    const RatingTable* rating = nullptr;
    if (spec.table == Table::ballots && in.ballots) rating = &*in.ballots;
    if (spec.table == Table::questionnaires && in.questionnaires) rating = &*in.questionnaires;
    if (rating != nullptr) {
      importer.read(*rating, spec.table == Table::ballots);
      continue;
    }
    const auto it = std::find_if(in.tables.begin(), in.tables.end(),
                                 [&](const TextTable& t) { return t.name == spec.name; });
    if (it == in.tables.end()) {
      if (spec.required) diags.add(std::string(spec.name), 0, 0, "", "", "missing required table");
      importer.missing(spec);
      continue;
    }
    TextTableReader reader(*it);
    importer.read(spec, reader, it->name);
  }
  importer.finish();
  out.cycle.source = in.source;
  out.report.total = diags.total();
  out.report.diagnostics = diags.take();
  log::get("ingest")->info(
      "{}: {} departments, {} representatives, {} ballots, {} questionnaire answers, {} problems", in.source,
      out.cycle.departments.size(), out.cycle.representatives.size(), out.cycle.ballots.size(),
      out.cycle.questionnaires.size(), out.report.total);
  return out;
}

Outcome run(const std::filesystem::path& source, const ImportOptions& options) {
  Outcome out;
  Diagnostics diags(options.max_diagnostics);
  Importer importer(out.cycle, diags);
  std::error_code ec;
  if (std::filesystem::is_directory(source, ec)) {
    import_folder(source, out.cycle, importer, diags);
  } else if (std::filesystem::is_regular_file(source, ec)) {
    import_workbook(source, out.cycle, importer, diags);
  } else {
    throw NotFoundError(fmt::format("{}: no such folder or workbook", source.string()));
  }
  importer.finish();
  out.cycle.source = source.string();
  out.report.total = diags.total();
  out.report.diagnostics = diags.take();
  log::get("ingest")->info(
      "{}: {} departments, {} representatives, {} ballots, {} questionnaire answers, {} problems",
      source.string(), out.cycle.departments.size(), out.cycle.representatives.size(),
      out.cycle.ballots.size(), out.cycle.questionnaires.size(), out.report.total);
  return out;
}

}  // namespace
}  // namespace ingest

Cycle import_cycle(const std::filesystem::path& source, const ImportOptions& options) {
  auto out = ingest::run(source, options);
  if (!out.report.ok()) throw ValidationError(std::move(out.report.diagnostics), out.report.total);
  return std::move(out.cycle);
}

Cycle import_tables(CycleTables tables, const ImportOptions& options) {
  auto out = ingest::run_tables(tables, options);
  if (!out.report.ok()) throw ValidationError(std::move(out.report.diagnostics), out.report.total);
  return std::move(out.cycle);
}

ValidationReport validate_cycle(const std::filesystem::path& source, const ImportOptions& options) {
  return ingest::run(source, options).report;
}

}  // namespace review
