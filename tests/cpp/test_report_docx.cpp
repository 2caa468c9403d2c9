// The `docx` report plugin, loaded through the plugin registry from the build
// tree: every document of the hand-built fixture, anonymity, typed text,
// reference XML, office templates (split placeholders, row loops, unknown
// names, hostile files) and atomic output.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <pugixml.hpp>
#include <regex>
#include <sstream>

#include "fixtures.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/report.hpp"

namespace fs = std::filesystem;
using namespace review;

namespace {

const fs::path kOut = fs::path(LIBREVIEW_BINARY_DIR) / "tests" / "out" / "docx";
const fs::path kSource = LIBREVIEW_SOURCE_DIR;
const fs::path kSampleTemplate = kSource / "plugins" / "report-docx" / "templates" / "feedback-letter.docx";
const fs::path kReference = fs::path(LIBREVIEW_TEST_DATA) / "reference" / "docx";
constexpr const char* kReportName = "2017年度民主评议行风工作报告.docx";
constexpr const char* kCombinedName = "2017年度民主评议行风反馈意见书汇编.docx";
constexpr const char* kBookletName = "2017年度公开承诺汇编.docx";

std::shared_ptr<ReportWriter> docx_writer() {
  static PluginRegistry registry({fs::path(LIBREVIEW_BUILD_PLUGIN_DIR)});
  return registry.report_writer("docx");
}

struct Fixture {
  Cycle cycle = test::sample_cycle();
  Results results = test::sample_results(cycle);
  RegionProfile profile = [] {
    RegionProfile p;
    p.id = "default";
    return p;
  }();
  ReportInput input() const { return {cycle, results, profile}; }
};

ReportOptions options(std::map<std::string, std::string> values = {}) {
  ReportOptions o;
  o.values = std::move(values);
  o.values.emplace("date", "2018-01-15");
  o.values.emplace("office", "XX县民主评议行风工作领导小组办公室");
  return o;
}

/// This process's scratch folder (ctest may run the same test twice at once).
fs::path scratch() {
  return fs::path(LIBREVIEW_BINARY_DIR) / "tests" / "tmp" / ("docx-" + std::to_string(::getpid()));
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = scratch() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

/// Removes the scratch folder when every test passed (kept for a look otherwise).
class ScratchCleaner : public ::testing::Environment {
 public:
  void TearDown() override {
    if (::testing::UnitTest::GetInstance()->Passed()) fs::remove_all(scratch());
  }
};
const auto* const kCleaner = ::testing::AddGlobalTestEnvironment(new ScratchCleaner);

std::string read_entry(const fs::path& file, const std::string& entry) {
  int err = 0;
  zip_t* za = zip_open(file.c_str(), ZIP_RDONLY, &err);
  if (!za) throw std::runtime_error("not a zip: " + file.string());
  zip_stat_t st;
  std::string data;
  if (zip_stat(za, entry.c_str(), 0, &st) == 0) {
    zip_file_t* f = zip_fopen(za, entry.c_str(), 0);
    data.resize(st.size);
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
  } else {
    zip_discard(za);
    throw std::runtime_error(file.string() + " has no " + entry);
  }
  zip_discard(za);
  return data;
}

/// A .docx made of the given parts (for templates built in the test).
void write_zip(const fs::path& file, const std::vector<std::pair<std::string, std::string>>& parts) {
  int err = 0;
  zip_t* za = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_NE(za, nullptr);
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    ASSERT_GE(zip_file_add(za, name.c_str(), s, ZIP_FL_OVERWRITE), 0);
  }
  ASSERT_EQ(zip_close(za), 0);
}

/// The text of every paragraph of a part, in order.
std::vector<std::string> paragraphs(const std::string& xml) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single));
  std::vector<std::string> out;
  for (const auto& x : doc.select_nodes("//w:p")) {
    std::string s;
    for (const auto& t : x.node().select_nodes(".//w:t")) s += t.node().child_value();
    out.push_back(s);
  }
  return out;
}

std::string all_text(const std::string& xml) {
  std::string s;
  for (const auto& p : paragraphs(xml)) s += p + "\n";
  return s;
}

std::string fmt_style(const char* style) {
  return std::string("//w:style[@w:styleId='") + style + "']/w:rPr/w:rFonts";
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

/// Texts of the cells of every table row of a part.
std::vector<std::vector<std::string>> table_rows(const std::string& xml) {
  pugi::xml_document doc;
  doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  std::vector<std::vector<std::string>> rows;
  for (const auto& tr : doc.select_nodes("//w:tr")) {
    std::vector<std::string> cells;
    for (const auto& tc : tr.node().select_nodes("w:tc")) {
      std::string s;
      for (const auto& t : tc.node().select_nodes(".//w:t")) s += t.node().child_value();
      cells.push_back(s);
    }
    rows.push_back(cells);
  }
  return rows;
}

bool has_row(const std::vector<std::vector<std::string>>& rows, const std::vector<std::string>& want) {
  return std::find(rows.begin(), rows.end(), want) != rows.end();
}

std::vector<fs::path> files_below(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir));
  std::sort(out.begin(), out.end());
  return out;
}

/// Writes the documents into `dir` for tests/python/test_report_docx.py, and
/// removes what an earlier run left there. Files are replaced whole (renamed),
/// so a reader running in parallel never sees a part-written one.
void publish(const Fixture& f, const fs::path& dir, const ReportOptions& o) {
  fs::create_directories(dir);
  const auto written = docx_writer()->write(f.input(), dir, o);
  for (const auto& old : files_below(dir)) {
    if (dir == kOut && *old.begin() == "template") continue;
    if (old.filename().string().starts_with(".")) continue;  // another run's file being written
    if (std::find(written.begin(), written.end(), dir / old) == written.end()) fs::remove(dir / old);
  }
}

const char* kDocumentHead =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)";
const char* kDocumentTail = "<w:sectPr/></w:body></w:document>";

/// A minimal template whose body is `body_xml`.
fs::path make_template(const std::string& name, const std::string& body_xml) {
  const fs::path file = fresh_dir("templates-" + name) / (name + ".docx");
  write_zip(
      file,
      {{"[Content_Types].xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)"},
       {"_rels/.rels",
        R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)"},
       {"word/document.xml", kDocumentHead + body_xml + kDocumentTail}});
  return file;
}

}  // namespace

// ---- the documents -------------------------------------------------------------------

// Writes every document of the fixture into build/tests/out/docx (read by
// tests/python/test_report_docx.py) and times the letters.
TEST(DocxOutputs, WritesEveryDocumentIntoTheBuildTree) {
  Fixture f;
  const fs::path dir = fresh_dir("all");
  const auto written = docx_writer()->write(f.input(), dir, options());
  const std::vector<fs::path> expected = {
      "2017年度公开承诺汇编.docx",
      "2017年度民主评议行风反馈意见书汇编.docx",
      "2017年度民主评议行风工作报告.docx",
      "反馈意见书/D01-县公安局.docx",
      "反馈意见书/D02-县市场监督管理局.docx",
      "反馈意见书/D03-县税务局.docx",
      "反馈意见书/D04-县交通运输局.docx",
      "反馈意见书/D05-县教育局.docx",
      "反馈意见书/D06-县卫生健康局.docx",
      "反馈意见书/D07-县人力资源和社会保障局.docx",
      "反馈意见书/D08-国网XX县供电公司.docx",
  };
  EXPECT_EQ(files_below(dir), expected);  // also: no temporary file left, no letter for the exempt D09
  ASSERT_EQ(written.size(), expected.size());
  for (std::size_t i = 0; i < written.size(); ++i) EXPECT_TRUE(fs::exists(written[i])) << written[i];
  publish(f, kOut, options());

  // Letters of a larger county: the fixture's 9 departments, 6 times over (48 participating, as in the seed).
  Fixture big;
  const Cycle base = big.cycle;
  big.cycle.departments.clear();
  for (int copy = 0; copy < 6; ++copy)
    for (auto d : base.departments) {
      d.id += "-" + std::to_string(copy);
      big.cycle.departments.push_back(d);
    }
  big.cycle.daily_work.assign(big.cycle.departments.size(), 90.0);
  big.cycle.expected_scores.assign(big.cycle.departments.size(), std::nullopt);
  big.cycle.build_index();
  big.results = test::sample_results(big.cycle);
  const fs::path timing = fresh_dir("timing");
  // Wall time and this process's CPU time (the machine may be shared).
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  const auto letters = docx_writer()->write(f.input(), timing, options({{"documents", "letters"}}));
  const auto mid = std::chrono::steady_clock::now();
  const std::clock_t cpu_mid = std::clock();
  const auto letters48 = docx_writer()->write(big.input(), timing, options({{"documents", "letters"}}));
  const auto end = std::chrono::steady_clock::now();
  const std::clock_t cpu_end = std::clock();
  using ms = std::chrono::duration<double, std::milli>;
  auto cpu_ms = [](std::clock_t a, std::clock_t b) {
    return 1000.0 * static_cast<double>(b - a) / CLOCKS_PER_SEC;
  };
  std::printf(
      "[ timing   ] %zu letters of the fixture: %.1f ms (CPU %.1f ms); %zu letters: %.1f ms (CPU %.1f ms)\n",
      letters.size(), ms(mid - start).count(), cpu_ms(cpu_start, cpu_mid), letters48.size(),
      ms(end - mid).count(), cpu_ms(cpu_mid, cpu_end));
  EXPECT_EQ(letters.size(), 8U);
  EXPECT_EQ(letters48.size(), 48U);  // 6 × 8 participating (the copies of the exempt one get none)
}

TEST(DocxReport, HasTheSeedsSectionsAndTheFixturesFigures) {
  Fixture f;
  const fs::path dir = fresh_dir("report");
  docx_writer()->write(f.input(), dir, options({{"documents", "report"}}));
  const std::string xml = read_entry(dir / kReportName, "word/document.xml");
  const auto paras = paragraphs(xml);
  ASSERT_FALSE(paras.empty());
  // 公文: the issuing office's mark (版头) first, then the title.
  ASSERT_GE(paras.size(), 3U);
  EXPECT_EQ(paras[2], "2017年度民主评议行风工作报告");
  for (const char* h : {"一、工作开展情况", "二、评议结果", "三、存在的问题", "四、意见和建议"})
    EXPECT_NE(std::find(paras.begin(), paras.end(), h), paras.end()) << h;
  const std::string text = all_text(xml);
  EXPECT_TRUE(contains(
      text, "本年度共有8个部门参加评议，分2个序列（执法监督类4个、社会服务类4个）；1个部门免评：县气象局"));
  EXPECT_TRUE(contains(text, "9个部门通过县电视台公开承诺11项，公布监督电话9部"));
  EXPECT_TRUE(contains(text, "共形成整改事项5项（来自听证质询2项、投诉2项、调查1项）"));
  EXPECT_TRUE(contains(text, "已验收销号1项，已整改待验收1项，整改中1项，未整改2项；其中逾期未完成1项"));
  EXPECT_TRUE(contains(text, "受理投诉4件，其中热线1件、来信1件、来访1件、市纠风办转办1件；经查属实3件"));
  EXPECT_TRUE(contains(text, "召开听证质询会2场，3个部门接受质询，评议代表提出质询问题3个"));
  EXPECT_TRUE(contains(text, "有1名评议代表对10个以上部门全部给出同一评价"));
  EXPECT_TRUE(contains(text, "全体15名评议代表中有3名未参加培训，占20.0%"));
  EXPECT_TRUE(contains(text, "国网XX县供电公司（测评97.86分、问卷58.62分）"));
  EXPECT_TRUE(contains(text, "1项整改事项逾期未完成，涉及县交通运输局"));
  EXPECT_TRUE(contains(text, "县交通运输局（吃拿卡要）"));
  EXPECT_TRUE(contains(text, "县交通运输局（自评95.00分、评议61.56分）"));
  const auto rows = table_rows(xml);
  EXPECT_TRUE(has_row(
      rows, {"名次", "部门", "序列", "代表测评", "群众问卷", "日常考核", "扣分", "综合得分", "等次"}));
  EXPECT_TRUE(
      has_row(rows, {"1", "县税务局", "执法监督类", "95.71", "90.51", "95.00", "0.00", "94.01", "优秀"}));
  EXPECT_TRUE(
      has_row(rows, {"8", "县交通运输局", "执法监督类", "67.86", "62.11", "80.00", "7.00", "61.56", "较差"}));
  EXPECT_TRUE(has_row(rows, {"合计", "1", "3", "3", "1", "8"}));
  EXPECT_FALSE(contains(text, "R07")) << "no representative id in the annual report";
}

TEST(DocxLetter, ShowsTheReceiptRanksSuppressedCellsAndOpinions) {
  Fixture f;
  const fs::path dir = fresh_dir("letters");
  docx_writer()->write(f.input(), dir, options({{"documents", "letters"}}));
  const std::string xml = read_entry(dir / "反馈意见书" / "D01-县公安局.docx", "word/document.xml");
  const std::string text = all_text(xml);
  EXPECT_TRUE(contains(text, "县公安局："));
  EXPECT_TRUE(
      contains(text,
               "你单位综合得分85.56分，在全县8个参评部门中排第3名，在“执法监督类”序列4个部门中排第2名，"
               "评定等次为“良好”。"));
  const auto rows = table_rows(xml);
  // Ballot receipt: votes × points.
  EXPECT_TRUE(has_row(rows, {"满意", "10", "100.00", "1000.00"}));
  EXPECT_TRUE(has_row(rows, {"基本满意", "3", "70.00", "210.00"}));
  EXPECT_TRUE(has_row(rows, {"不了解", "1", "—", "不计入"}));
  EXPECT_TRUE(has_row(rows, {"有效票合计 / 平均分", "14", "", "1210.00 / 86.43"}));
  EXPECT_TRUE(has_row(rows, {"代表测评", "86.43", "0.50", "43.21"}));
  // Ballots by sector: small cells are suppressed, and so are their partners until the
  // hidden cells of a line hold at least k answers: "5 — — — 5" would tell that the
  // hidden cells of 人大代表 are all 0.
  EXPECT_TRUE(has_row(rows, {"人大代表", "—", "—", "—", "—", "5"}));
  EXPECT_TRUE(has_row(rows, {"企业代表", "0", "—", "—", "—", "5"}));
  EXPECT_TRUE(has_row(rows, {"合计", "10", "—", "—", "—", "15"}));
  // Opinions: at least k visits, grouped, without who, where or when.
  EXPECT_TRUE(contains(text, "办证窗口排队时间长（2次）"));
  EXPECT_FALSE(contains(text, "走访点"));
  // Hearing and rectification with deadline and status.
  EXPECT_TRUE(has_row(rows, {"2017-07-12", "窗口民警态度生硬，群众办证排队时间长，如何整改？",
                             "开展文明执法培训，增设两个办证窗口。", "Z01"}));
  EXPECT_TRUE(has_row(rows, {"Z01", "听证质询", "执法态度", "开展文明执法培训，增设办证窗口，缩短排队时间",
                             "2017-09-30", "已销号（2017-09-20）"}));
  EXPECT_TRUE(contains(text, "你单位自评90.00分，评议综合得分85.56分，自评高出4.44分。"));
  // A downward letter: 你单位, never 贵单位; the receipt's arithmetic is in the annex, after the
  // signature, and the body asks for the rectification plan by a date.
  EXPECT_FALSE(contains(text, "贵单位"));
  const auto annex = text.find("附件\n计分明细");
  ASSERT_NE(annex, std::string::npos) << text;
  EXPECT_GT(text.find("有效票合计 / 平均分"), annex);
  EXPECT_GT(text.find("每票分值"), annex);
  EXPECT_LT(text.find("五、整改要求"), annex);
  EXPECT_FALSE(contains(text, "30日内"));
  EXPECT_TRUE(contains(text, "前书面报送"));

  const std::string d04 =
      all_text(read_entry(dir / "反馈意见书" / "D04-县交通运输局.docx", "word/document.xml"));
  const auto d04_rows =
      table_rows(read_entry(dir / "反馈意见书" / "D04-县交通运输局.docx", "word/document.xml"));
  EXPECT_TRUE(has_row(d04_rows, {"属实投诉", "2.00", "C01、C02", "4.00"}));
  EXPECT_TRUE(has_row(d04_rows, {"逾期未整改事项", "1.00", "Z02", "1.00"}));
  EXPECT_TRUE(has_row(d04_rows, {"问题重犯", "2.00", "吃拿卡要", "2.00"}));
  EXPECT_TRUE(contains(d04, "整改中（逾期）"));
  EXPECT_TRUE(contains(d04, "自评明显高于评议结果"));
  EXPECT_TRUE(contains(d04, "你单位在本序列排名末位"));
  EXPECT_TRUE(contains(d04, "评议中发现，你单位在“执法监督类”序列中排名末位，有整改事项逾期未完成"));
  EXPECT_FALSE(contains(d04, "需要注意"));

  // Fewer than k opinions: none shown.
  const std::string d02 =
      all_text(read_entry(dir / "反馈意见书" / "D02-县市场监督管理局.docx", "word/document.xml"));
  EXPECT_FALSE(contains(d02, "检查标准不统一"));
  EXPECT_TRUE(contains(d02, "不单列意见原文"));
}

TEST(DocxAnonymity, NoDocumentHoldsAnythingPerVoterOrRespondent) {
  Fixture f;
  const fs::path dir = fresh_dir("anonymity");
  const auto written = docx_writer()->write(f.input(), dir, options());
  const std::regex ids("R[0-9]{2}|Q[0-9]{3}");
  for (const auto& file : written) {
    const std::string text = all_text(read_entry(file, "word/document.xml"));
    EXPECT_FALSE(std::regex_search(text, ids)) << file;
    EXPECT_FALSE(contains(text, "走访点")) << file;  // survey sites are never shown
  }
}

TEST(DocxText, TypedTextNeverBecomesMarkupOrAField) {
  Fixture f;
  f.cycle.departments[0].name = "=HYPERLINK(\"http://x\")<w:r>&amp;{{composite}}";
  f.cycle.hearings[0].question = "问题\x01一\n第二行 MERGEFIELD x {{department.name}}";
  const fs::path dir = fresh_dir("typed");
  const auto written = docx_writer()->write(f.input(), dir, options());
  bool found_name = false, found_question = false;
  for (const auto& file : written) {
    const std::string xml = read_entry(file, "word/document.xml");
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_buffer(xml.data(), xml.size())) << file;
    EXPECT_TRUE(doc.select_nodes("//w:instrText | //w:fldSimple | //w:fldChar").empty()) << file;
    const std::string text = all_text(xml);
    found_name |= contains(text, "=HYPERLINK(\"http://x\")<w:r>&amp;{{composite}}");
    found_question |= contains(text, "问题一第二行 MERGEFIELD x {{department.name}}");
  }
  EXPECT_TRUE(found_name);
  EXPECT_TRUE(found_question);
}

TEST(DocxStyles, EveryRunStyleSetsTheEastAsianFontAndTheLanguageIsChinese) {
  Fixture f;
  const fs::path dir = fresh_dir("styles");
  docx_writer()->write(f.input(), dir, options({{"documents", "report"}}));
  const std::string styles = read_entry(dir / kReportName, "word/styles.xml");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(styles.c_str()));
  const auto fonts = doc.select_nodes("//w:rFonts");
  EXPECT_EQ(fonts.size(), doc.select_nodes("//w:style").size() + 1);  // each style and the defaults
  for (const auto& n : fonts)
    for (const char* a : {"w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"})
      EXPECT_FALSE(n.node().attribute(a).empty()) << a;
  auto east_asia = [&](const char* style) {
    return std::string(doc.select_node(fmt_style(style).c_str()).node().attribute("w:eastAsia").value());
  };
  // GB/T 9704: 一级标题黑体, 二级楷体, body 仿宋, title 小标宋.
  EXPECT_EQ(east_asia("Heading1"), "黑体");
  EXPECT_EQ(east_asia("Heading2"), "楷体_GB2312");
  EXPECT_EQ(east_asia("BodyText"), "仿宋_GB2312");
  EXPECT_EQ(east_asia("Title"), "方正小标宋简体");
  EXPECT_STREQ(doc.select_node("//w:docDefaults//w:rFonts").node().attribute("w:eastAsia").value(),
               "仿宋_GB2312");
  const std::string settings = read_entry(dir / kReportName, "word/settings.xml");
  EXPECT_TRUE(contains(settings, R"(<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>)"));
  const std::string xml = read_entry(dir / kReportName, "word/document.xml");
  EXPECT_TRUE(contains(xml, "<w:tblHeader/>"));
  EXPECT_TRUE(contains(xml, R"(<w:pgSz w:w="11906" w:h="16838"/>)"));
  EXPECT_TRUE(contains(read_entry(dir / kReportName, "word/footer1.xml"), " PAGE "));
}

TEST(DocxStyles, GongwenPageIsGbT9704AndPlainStaysAvailable) {
  Fixture f;
  const fs::path dir = fresh_dir("gongwen");
  docx_writer()->write(f.input(), dir,
                       options({{"documents", "report"},
                                {"doc_no", "XX纠风办〔2018〕1号"},
                                {"to", "县委、县政府"},
                                {"cc", "市纠风办"}}));
  pugi::xml_document styles;
  ASSERT_TRUE(styles.load_string(read_entry(dir / kReportName, "word/styles.xml").c_str()));
  const pugi::xml_node body = styles.select_node("//w:style[@w:styleId='BodyText']").node();
  EXPECT_STREQ(body.child("w:rPr").child("w:sz").attribute("w:val").value(), "32");  // 3号
  // 22 lines in the 225 mm type area: a fixed line of 28.95 pt.
  EXPECT_STREQ(body.child("w:pPr").child("w:spacing").attribute("w:line").value(), "579");
  EXPECT_STREQ(body.child("w:pPr").child("w:spacing").attribute("w:lineRule").value(), "exact");
  const std::string xml = read_entry(dir / kReportName, "word/document.xml");
  EXPECT_TRUE(contains(xml, R"(<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588")"));
  EXPECT_TRUE(contains(xml, R"(w:color w:val="FF0000")")) << "the red issuer's mark";
  const std::string text = all_text(xml);
  EXPECT_TRUE(contains(text, "XX纠风办〔2018〕1号"));
  EXPECT_TRUE(contains(text, "县委、县政府："));
  EXPECT_TRUE(contains(text, "抄送：市纠风办。"));
  EXPECT_TRUE(contains(text, "印发"));
  // Page numbers on the outer side: odd pages right, even pages left.
  EXPECT_TRUE(contains(read_entry(dir / kReportName, "word/settings.xml"), "<w:evenAndOddHeaders/>"));
  EXPECT_TRUE(contains(read_entry(dir / kReportName, "word/footer1.xml"), R"(<w:jc w:val="right"/>)"));
  EXPECT_TRUE(contains(read_entry(dir / kReportName, "word/footer2.xml"), R"(<w:jc w:val="left"/>)"));

  const fs::path plain = fresh_dir("plain");
  docx_writer()->write(f.input(), plain, options({{"documents", "report"}, {"layout", "plain"}}));
  const std::string plain_styles = read_entry(plain / kReportName, "word/styles.xml");
  EXPECT_TRUE(contains(plain_styles, R"(w:eastAsia="SimSun")"));
  EXPECT_FALSE(contains(plain_styles, "仿宋_GB2312"));
  EXPECT_FALSE(contains(read_entry(plain / kReportName, "word/settings.xml"), "evenAndOddHeaders"));
  EXPECT_FALSE(contains(read_entry(plain / kReportName, "word/document.xml"), R"(w:color w:val="FF0000")"));
}

// Reference outputs: the letter and the report, dates stripped, against
// tests/data/reference/docx/. Regenerate with LIBREVIEW_UPDATE_REFERENCE=1.
TEST(DocxReference, DocumentAndStylesMatchTheCheckedInReference) {
  Fixture f;
  const fs::path dir = fresh_dir("reference");
  docx_writer()->write(f.input(), dir, options({{"documents", "report,letters"}}));
  const std::regex dates("[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|[0-9]{4}-[0-9]{2}-[0-9]{2}");
  const bool update = std::getenv("LIBREVIEW_UPDATE_REFERENCE") != nullptr;
  const std::pair<fs::path, std::string> cases[] = {{dir / kReportName, "report"},
                                                    {dir / "反馈意见书" / "D01-县公安局.docx", "letter-D01"}};
  for (const auto& [file, stem] : cases)
    for (const std::string part : {"document", "styles"}) {
      pugi::xml_document doc;
      const std::string raw = read_entry(file, "word/" + part + ".xml");
      ASSERT_TRUE(
          doc.load_buffer(raw.data(), raw.size(), pugi::parse_default | pugi::parse_ws_pcdata_single));
      std::ostringstream pretty;
      doc.save(pretty, "  ", pugi::format_indent, pugi::encoding_utf8);
      const std::string normalised = std::regex_replace(pretty.str(), dates, "DATE");
      const fs::path ref = kReference / (stem + "." + part + ".xml");
      if (update) {
        fs::create_directories(kReference);
        std::ofstream(ref, std::ios::binary) << normalised;
      }
      std::ifstream in(ref, std::ios::binary);
      ASSERT_TRUE(in) << "missing reference " << ref << " (run with LIBREVIEW_UPDATE_REFERENCE=1)";
      const std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      EXPECT_EQ(normalised, expected) << ref << " differs; if the change is meant, regenerate it";
    }
}

/// The peak resident set (MiB) of a child process running `body`, or -1 when it failed.
long peak_mib_of_child(const std::function<bool()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    bool ok = false;
    try {
      ok = body();
    } catch (...) {
    }
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    ::_exit(ok ? static_cast<int>(std::min<long>(ru.ru_maxrss / 1024 / 4, 250)) : 255);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) == 255) return -1;
  return static_cast<long>(WEXITSTATUS(status)) * 4;  // to 4 MiB
}

// Under AddressSanitizer the resident set also holds its quarantine of freed
// memory (256 MiB by default), so a bound on it would measure ASan, not us.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

TEST(DocxMemory, ThousandsOfLettersAreWrittenOneAtATime) {
  // 1,000 letters and their combined document (20 MB of XML): built all at
  // once (every letter's bytes, the combined document as one DOM) they took
  // well over 100 MiB; one at a time, about 16 MiB.
  const fs::path dir = fresh_dir("memory");
  constexpr int kDepartments = 1000;
  const long peak = peak_mib_of_child([&] {
    Fixture f;
    const std::size_t k = f.cycle.departments.size();
    for (int i = 0; i < kDepartments; ++i) {
      const Department& like = f.cycle.departments[static_cast<std::size_t>(i) % k];
      f.cycle.departments.push_back({"M" + std::to_string(10000 + i), "测试部门" + std::to_string(i),
                                     like.category, DepartmentStatus::participating, "", like.hotline});
      f.cycle.daily_work.push_back(f.cycle.daily_work[static_cast<std::size_t>(i) % k]);
      f.cycle.expected_scores.push_back(f.cycle.expected_scores[static_cast<std::size_t>(i) % k]);
    }
    f.cycle.build_index();
    f.results = test::sample_results(f.cycle);
    const auto files = docx_writer()->write(f.input(), dir, options({{"documents", "letters,combined"}}));
    return files.size() > kDepartments;
  });
  ASSERT_GT(peak, 0) << "the child failed to write the documents";
  if (!kAddressSanitizer) {
    EXPECT_LT(peak, 80) << "peak resident set " << peak << " MiB";
  }
  EXPECT_TRUE(fs::exists(dir / kCombinedName));
  fs::remove_all(dir);
}

TEST(DocxOptions, SameInputGivesTheSameBytes) {
  Fixture f;
  const fs::path a = fresh_dir("same-a"), b = fresh_dir("same-b");
  docx_writer()->write(f.input(), a, options({{"documents", "booklet"}}));
  docx_writer()->write(f.input(), b, options({{"documents", "booklet"}}));
  std::ifstream fa(a / kBookletName, std::ios::binary), fb(b / kBookletName, std::ios::binary);
  const std::string sa((std::istreambuf_iterator<char>(fa)), {}),
      sb((std::istreambuf_iterator<char>(fb)), {});
  EXPECT_FALSE(sa.empty());
  EXPECT_EQ(sa, sb);
  const std::string text = all_text(read_entry(a / kBookletName, "word/document.xml"));
  EXPECT_TRUE(contains(text, "监督电话：0391-1234110"));
  EXPECT_TRUE(contains(text, "县气象局（免评）"));
  EXPECT_TRUE(contains(text, "110接警后城区10分钟内到达现场（2017年12月31日前完成）"));
}

TEST(DocxOptions, UnknownDocumentAndBadDateAreErrors) {
  Fixture f;
  const fs::path dir = fresh_dir("bad-options");
  EXPECT_THROW(docx_writer()->write(f.input(), dir, options({{"documents", "report,letter"}})), ReportError);
  ReportOptions o = options();
  o.values["date"] = "2018-02-30";
  EXPECT_THROW(docx_writer()->write(f.input(), dir, o), ReportError);
  EXPECT_TRUE(files_below(dir).empty());
}

TEST(DocxWriter, ResultsThatDoNotMatchTheCycleWriteNothing) {
  Fixture f;
  f.results.departments.pop_back();
  const fs::path dir = fresh_dir("mismatch");
  try {
    docx_writer()->write(f.input(), dir, options());
    FAIL() << "no error";
  } catch (const ReportError& e) {
    EXPECT_TRUE(contains(e.what(), "D09")) << e.what();
  }
  EXPECT_TRUE(files_below(dir).empty());
}

// ---- templates -------------------------------------------------------------------------

TEST(DocxTemplate, PlaceholdersSplitAcrossRunsKeepTheFirstRunsFormatting) {
  const fs::path tpl = make_template(
      "split",
      R"(<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>单位：{{depart</w:t></w:r><w:proofErr w:type="spellStart"/>)"
      R"(<w:r><w:rPr><w:i/></w:rPr><w:t>ment.na</w:t></w:r><w:r><w:t>me}}，得分</w:t></w:r>)"
      R"(<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>{{</w:t></w:r><w:r><w:t xml:space="preserve">composite }}</w:t></w:r>)"
      R"(<w:r><w:t>分。</w:t></w:r></w:p>)");
  Fixture f;
  const fs::path dir = fresh_dir("split-out");
  ReportOptions o = options({{"documents", "letters"}});
  o.template_path = tpl;
  docx_writer()->write(f.input(), dir, o);
  const std::string xml = read_entry(dir / "反馈意见书" / "D01-县公安局.docx", "word/document.xml");
  EXPECT_EQ(paragraphs(xml).at(0), "单位：县公安局，得分85.56分。");
  pugi::xml_document doc;
  doc.load_string(xml.c_str());
  const auto runs = doc.select_nodes("//w:r");
  ASSERT_EQ(runs.size(), 3U) << xml;
  EXPECT_TRUE(runs[0].node().child("w:rPr").child("w:b"))
      << "the merged run keeps the first run's formatting";
  EXPECT_STREQ(runs[0].node().child("w:t").child_value(), "单位：县公安局，得分");
  EXPECT_TRUE(runs[1].node().child("w:rPr").child("w:u"));
  EXPECT_STREQ(runs[1].node().child("w:t").child_value(), "85.56");
}

TEST(DocxTemplate, RowLoopRepeatsTheRowPerItemAndInvertedSectionsShowWhenEmpty) {
  const std::string cell = R"(<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>)";
  auto tc = [&](const std::string& text) {
    std::string s = cell;
    return s.replace(s.find("%s"), 2, text);
  };
  const fs::path tpl = make_template(
      "rows",
      "<w:tbl><w:tr>" + tc("编号") + tc("整改内容") + tc("时限") + "</w:tr><w:tr>" +
          tc("{{#rectifications}}{{id}}") + tc("{{description}}（{{department.name}}）") +
          tc("{{deadline}}{{overdue}}{{/rectifications}}") + "</w:tr></w:tbl>" +
          "<w:p><w:r><w:t>{{^rectifications}}本年度无整改事项。{{/rectifications}}</w:t></w:r></w:p>" +
          "<w:p><w:r><w:t>{{#opinions}}意见：{{text}}{{/opinions}}</w:t></w:r></w:p>");
  Fixture f;
  const fs::path dir = fresh_dir("rows-out");
  ReportOptions o = options({{"documents", "letters,combined"}});
  o.values["letter_template"] = tpl.string();
  docx_writer()->write(f.input(), dir, o);
  const std::string d04 = read_entry(dir / "反馈意见书" / "D04-县交通运输局.docx", "word/document.xml");
  const auto rows = table_rows(d04);
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"Z02", "精简货运车辆审批材料，5个工作日内办结（县交通运输局）",
                                               "2017-10-31逾期"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"Z05", "超限检查站规范收费，一律开具票据（县交通运输局）",
                                               "2018-01-31"}));
  EXPECT_FALSE(contains(all_text(d04), "本年度无整改事项"));
  EXPECT_TRUE(contains(all_text(d04), "意见：货运审批时间长"));
  const std::string d03 = read_entry(dir / "反馈意见书" / "D03-县税务局.docx", "word/document.xml");
  EXPECT_EQ(table_rows(d03).size(), 1U) << "no items: the loop row is gone";
  EXPECT_TRUE(contains(all_text(d03), "本年度无整改事项。"));
  EXPECT_FALSE(contains(all_text(d03), "意见："));
  // The combined document: every letter, a page break between.
  const std::string all = read_entry(dir / kCombinedName, "word/document.xml");
  EXPECT_EQ(table_rows(all).size(), 8U + 5U);  // a header row per letter and one row per item
  pugi::xml_document doc;
  doc.load_string(all.c_str());
  EXPECT_EQ(doc.select_nodes("//w:br[@w:type='page']").size(), 7U);
}

TEST(DocxTemplate, UnknownPlaceholderIsAnErrorNamingItAndTheFileAndNothingIsWritten) {
  const fs::path tpl = make_template(
      "unknown",
      R"(<w:p><w:r><w:t>{{department.name}}：{{departmnet</w:t></w:r><w:r><w:t>.hotline}}</w:t></w:r></w:p>)");
  Fixture f;
  const fs::path dir = fresh_dir("unknown-out");
  ReportOptions o = options();
  o.template_path = tpl;
  try {
    docx_writer()->write(f.input(), dir, o);
    FAIL() << "no error";
  } catch (const ReportError& e) {
    EXPECT_TRUE(contains(e.what(), "unknown placeholder {{departmnet.hotline}}")) << e.what();
    EXPECT_TRUE(contains(e.what(), tpl.string())) << e.what();
  }
  EXPECT_TRUE(files_below(dir).empty()) << "nothing written, not even the report";
}

TEST(DocxTemplate, ValuesAreNeverReadAsPlaceholders) {
  const fs::path tpl = make_template("values", R"(<w:p><w:r><w:t>{{department.name}}</w:t></w:r></w:p>)");
  Fixture f;
  f.cycle.departments[0].name = "{{composite}} {{#x}}";
  const fs::path dir = fresh_dir("values-out");
  ReportOptions o = options({{"documents", "letters"}});
  o.template_path = tpl;
  docx_writer()->write(f.input(), dir, o);
  const auto files = files_below(dir / "反馈意见书");
  ASSERT_EQ(files.size(), 8U);
  EXPECT_EQ(paragraphs(read_entry(dir / "反馈意见书" / files[0], "word/document.xml")).at(0),
            "{{composite}} {{#x}}");
}

TEST(DocxTemplate, HostileOrBrokenTemplatesAreRefusedWithAClearError) {
  Fixture f;
  const fs::path dir = fresh_dir("hostile-out");
  auto expect_refused = [&](const fs::path& tpl, const std::string& why) {
    ReportOptions o = options();
    o.template_path = tpl;
    try {
      docx_writer()->write(f.input(), dir, o);
      ADD_FAILURE() << "no error for " << tpl;
    } catch (const ReportError& e) {
      EXPECT_TRUE(contains(e.what(), why)) << e.what();
      EXPECT_TRUE(contains(e.what(), tpl.string())) << e.what();
    }
  };
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<w:p>";
  for (int i = 0; i < 5000; ++i) deep += "</w:p>";
  expect_refused(make_template("deep", deep), "nested deeper than 256 levels");
  expect_refused(make_template("open", "<w:p><w:r><w:t>{{department.name</w:t></w:r></w:p>"),
                 "unterminated placeholder");
  expect_refused(make_template("unclosed", "<w:p><w:r><w:t>{{#hearings}}{{question}}</w:t></w:r></w:p>"),
                 "{{#hearings}} has no {{/hearings}}");
  expect_refused(make_template("malformed", "<w:p><w:r><w:t>a</w:r></w:p>"), "malformed XML");
  // Loops nested in tables nested in cells: 3 weights to the 12th power of rows.
  std::string nested = "<w:p/>";
  for (int i = 0; i < 12; ++i)
    nested = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{#weights}}{{component}}</w:t></w:r></w:p>" + nested +
             "<w:p><w:r><w:t>{{/weights}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
  expect_refused(make_template("nested", nested), "expand to more than 100000 rows or paragraphs");
  const fs::path text = fresh_dir("not-zip") / "letter.docx";
  std::ofstream(text) << "not a zip file";
  expect_refused(text, "not a readable .docx");
  const fs::path big = fresh_dir("big") / "big.docx";
  write_zip(big,
            {{"word/document.xml", std::string(kDocumentHead) + std::string(40 << 20, ' ') + kDocumentTail}});
  expect_refused(big, "larger than 32 MiB");
  EXPECT_TRUE(files_below(dir).empty());
}

TEST(DocxTemplate, TheSampleTemplateFillsEveryLetter) {
  ASSERT_TRUE(fs::exists(kSampleTemplate)) << "run plugins/report-docx/templates/make_sample_template.py";
  Fixture f;
  const fs::path dir = fresh_dir("sample-template");
  ReportOptions o = options({{"documents", "letters,combined"}});
  o.template_path = kSampleTemplate;
  docx_writer()->write(f.input(), dir, o);
  publish(f, kOut / "template", o);
  const std::string xml = read_entry(dir / "反馈意见书" / "D04-县交通运输局.docx", "word/document.xml");
  const std::string text = all_text(xml);
  EXPECT_FALSE(contains(text, "{{")) << text;
  EXPECT_TRUE(contains(text, "县交通运输局"));
  EXPECT_TRUE(contains(text, "61.56"));
  const auto rows = table_rows(xml);
  EXPECT_TRUE(
      std::any_of(rows.begin(), rows.end(), [](const auto& r) { return !r.empty() && r[0] == "Z02"; }));
  // The office's own styles are kept.
  EXPECT_EQ(read_entry(dir / "反馈意见书" / "D04-县交通运输局.docx", "word/styles.xml"),
            read_entry(kSampleTemplate, "word/styles.xml"));
}

TEST(DocxLetter, AsksForTheRectificationPlanByTheDayGiven) {
  Fixture f;
  const fs::path dir = fresh_dir("letters-plan-due");
  docx_writer()->write(
      f.input(), dir,
      options({{"documents", "letters"}, {"date", "2018-01-15"}, {"plan_due", "2018-02-28"}}));
  const std::string text =
      all_text(read_entry(dir / "反馈意见书" / "D01-县公安局.docx", "word/document.xml"));
  EXPECT_TRUE(contains(text, "于2018年2月28日前书面报送")) << text;
  const fs::path dir2 = fresh_dir("letters-plan-default");
  docx_writer()->write(f.input(), dir2, options({{"documents", "letters"}, {"date", "2018-01-15"}}));
  const std::string text2 =
      all_text(read_entry(dir2 / "反馈意见书" / "D01-县公安局.docx", "word/document.xml"));
  EXPECT_TRUE(contains(text2, "于2018年2月14日前书面报送")) << "30 days after the letter's date";
}

TEST(DocxReport, CountsBallotsAsSheetsAndSaysWhatTheYearAchieved) {
  Fixture f;
  const fs::path dir = fresh_dir("report-sheets");
  docx_writer()->write(f.input(), dir, options({{"documents", "report"}}));
  const std::string text =
      all_text(read_entry(dir / "2017年度民主评议行风工作报告.docx", "word/document.xml"));
  const BallotAccounting ballots = f.input().cycle.ballot_accounting();
  // Sheets (one per representative), never representative × department rows.
  EXPECT_TRUE(contains(text, "收回测评票" + std::to_string(ballots.returned) + "张")) << text;
  EXPECT_FALSE(contains(text, "测评票" + std::to_string(f.input().cycle.ballots.size()) + "张"));
  EXPECT_TRUE(contains(text, "主要成效"));
  EXPECT_TRUE(contains(text, "已整改验收销号"));
  // No system tags, and no blanket "nothing to report".
  EXPECT_FALSE(contains(text, "需要注意"));
  EXPECT_FALSE(contains(text, "未发现需要提请注意的问题"));
}

// ---- refusals in the language of messages (messages.hpp) ---------------------------------

namespace {

// Messages in `lang` for one test, and in English after.
struct InLanguage {
  explicit InLanguage(Language lang) { set_language(lang); }
  ~InLanguage() { set_language(Language::en); }
  InLanguage(const InLanguage&) = delete;
  InLanguage& operator=(const InLanguage&) = delete;
};

/// A refusal through the registry: its catalogue code, and its text as the plugin's name
/// (`report 'docx'`, named by the host) and the plugin's own words after it, joined by `：`
/// in Chinese and `: ` in English.
struct Refusal {
  std::string code;
  std::string text;
  std::string name;  ///< before the first joiner
  std::string said;  ///< after it: the plugin's message
};

Refusal split(std::string code, std::string text) {
  const std::string joiner = language() == Language::zh ? "：" : ": ";
  const auto at = text.find(joiner);
  Refusal r{std::move(code), text, text.substr(0, at),
            at == std::string::npos ? "" : text.substr(at + joiner.size())};
  return r;
}

/// The refusal of the report writer `id` (through the registry, as the command and Python
/// call it) writing the fixture into `dir` under `o`: its catalogue code and its text.
Refusal refusal_of(const std::string& id, const fs::path& dir, const ReportOptions& o) {
  static PluginRegistry registry({fs::path(LIBREVIEW_BUILD_PLUGIN_DIR)});
  Fixture f;
  try {
    registry.report_writer(id)->write(f.input(), dir, o);
  } catch (const ReportError& e) {
    return split(e.message_code(), e.what());
  }
  return {"", "no error", "", ""};
}

}  // namespace

TEST(PluginRefusals, AnUnknownPlaceholderIsRefusedInChineseUnderItsCode) {
  const fs::path tpl = make_template(
      "unknown-zh", R"(<w:p><w:r><w:t>{{department.name}}：{{departmnet.hotline}}</w:t></w:r></w:p>)");
  ReportOptions o = options();
  o.template_path = tpl;
  {
    InLanguage zh(Language::zh);
    const Refusal r = refusal_of("docx", fresh_dir("unknown-zh-out"), o);
    EXPECT_EQ(r.code, "LR-R124");
    EXPECT_TRUE(contains(r.name, "docx")) << r.text;
    EXPECT_EQ(r.said, "模板 " + tpl.string() + "（word/document.xml）：未知的占位符 {{departmnet.hotline}}");
  }
  const Refusal en = refusal_of("docx", fresh_dir("unknown-en-out"), o);
  EXPECT_EQ(en.code, "LR-R124");
  EXPECT_EQ(en.text, "report 'docx': template " + tpl.string() +
                         " (word/document.xml): unknown placeholder {{departmnet.hotline}}");
}

TEST(PluginRefusals, AnUnterminatedPlaceholderAndABrokenTemplateInChinese) {
  InLanguage zh(Language::zh);
  const fs::path open = make_template("open-zh", "<w:p><w:r><w:t>{{department.name</w:t></w:r></w:p>");
  ReportOptions o = options();
  o.template_path = open;
  Refusal r = refusal_of("docx", fresh_dir("open-zh-out"), o);
  EXPECT_EQ(r.code, "LR-R119");
  EXPECT_TRUE(contains(r.text, "（word/document.xml）：占位符“{{department.name”没有结尾")) << r.text;
  const fs::path text = fresh_dir("not-zip-zh") / "letter.docx";
  std::ofstream(text) << "not a zip file";
  o.template_path = text;
  r = refusal_of("docx", fresh_dir("not-zip-zh-out"), o);
  EXPECT_EQ(r.code, "LR-R132");
  EXPECT_TRUE(contains(r.text, text.string() + "：不是可读取的 .docx（zip）文件：")) << r.text;
}

TEST(PluginRefusals, ABadDateOptionIsOneMessageForTheDocxAndTheHtmlReport) {
  InLanguage zh(Language::zh);
  const ReportOptions bad = options({{"date", "2018-02-30"}});
  for (const std::string id : {"docx", "html"}) {
    SCOPED_TRACE(id);
    const Refusal r = refusal_of(id, fresh_dir("bad-date-" + id), bad);
    EXPECT_EQ(r.code, "LR-R152");
    EXPECT_TRUE(contains(r.name, id)) << r.text;
    EXPECT_EQ(r.said, "选项 date：不是日期（应写作 YYYY-MM-DD）：2018-02-30");
  }
  const Refusal plan = refusal_of("docx", fresh_dir("bad-plan-due"), options({{"plan_due", "明年"}}));
  EXPECT_EQ(plan.code, "LR-R152");
  EXPECT_TRUE(contains(plan.text, "选项 plan_due：不是日期")) << plan.text;
  const Refusal documents =
      refusal_of("docx", fresh_dir("bad-documents"), options({{"documents", "report,minutes"}}));
  EXPECT_EQ(documents.code, "LR-R151");
  EXPECT_TRUE(contains(documents.text, "选项 documents：没有“minutes”这种文书")) << documents.text;
}

TEST(PluginRefusals, AJsonReportThatCannotBeWrittenSaysSoInChinese) {
  InLanguage zh(Language::zh);
  const fs::path file = fresh_dir("json-into-a-file") / "file";
  std::ofstream(file) << "x";
  const Refusal r = refusal_of("json", file, options());
  EXPECT_EQ(r.code, "LR-R116");
  EXPECT_TRUE(contains(r.name, "json")) << r.text;
  EXPECT_TRUE(r.said.starts_with("无法写入 " + file.string() + "/")) << r.text;
}

TEST(PluginRefusals, ResultsThatDoNotMatchTheCycleInChinese) {
  InLanguage zh(Language::zh);
  Fixture f;
  f.results.departments.pop_back();
  try {
    docx_writer()->write(f.input(), fresh_dir("mismatch-zh"), options());
    FAIL() << "no error";
  } catch (const ReportError& e) {
    EXPECT_EQ(e.message_code(), "LR-R155");
    EXPECT_TRUE(contains(e.what(), "评议结果中没有部门 D09 的结果")) << e.what();
  }
}
