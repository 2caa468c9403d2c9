// The `xlsx` report plugin, loaded through the registry from the build's plugin
// folder: the file it writes and its name, the sheets, text that never becomes
// a formula, no representative data without the integrity option, and failures
// that leave nothing behind. tests/python/test_report_xlsx.py reads the
// workbook's contents back with openpyxl and renders it with LibreOffice.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <pugixml.hpp>
#include <regex>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/plugin.hpp"
#include "libreview/report.hpp"

namespace fs = std::filesystem;
using namespace review;

namespace {

const char* const kWorkbook = "2017年度民主评议行风结果.xlsx";
const char* const kIntegrityWorkbook = "2017年度民主评议行风结果（含诚信核查）.xlsx";

/// A fresh, empty folder for one test.
fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(LIBREVIEW_BINARY_DIR) / "tests" / "out" / "xlsx-gtest" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

/// The parts of an xlsx file (a zip), by name.
std::map<std::string, std::string> read_parts(const fs::path& file) {
  int err = 0;
  zip_t* zip = zip_open(file.c_str(), ZIP_RDONLY, &err);
  if (zip == nullptr) throw std::runtime_error("not a zip file: " + file.string());
  std::map<std::string, std::string> parts;
  const zip_int64_t n = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(zip, static_cast<zip_uint64_t>(i), 0);
    if (f == nullptr) continue;
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    parts[st.name] = std::move(data);
  }
  zip_close(zip);
  return parts;
}

/// Sheet names in workbook order.
std::vector<std::string> sheet_names(const std::map<std::string, std::string>& parts) {
  std::vector<std::string> names;
  const std::string& wb = parts.at("xl/workbook.xml");
  static const std::regex sheet(R"re(<sheet name="([^"]*)")re");
  for (std::sregex_iterator it(wb.begin(), wb.end(), sheet), end; it != end; ++it) names.push_back((*it)[1]);
  return names;
}

class ReportXlsx : public ::testing::Test {
 protected:
  PluginRegistry registry{{LIBREVIEW_BUILD_PLUGIN_DIR}};
  std::shared_ptr<ReportWriter> writer = registry.report_writer("xlsx");
  test::ReportFixture fx = test::make_report_fixture();

  std::vector<fs::path> write(const fs::path& dir, bool integrity = false) {
    ReportOptions options;
    options.include_integrity = integrity;
    return writer->write({fx.cycle, fx.results, fx.profile}, dir, options);
  }
};

}  // namespace

TEST(ReportXlsxPlugin, IsListedAsTheXlsxReport) {
  PluginRegistry registry({LIBREVIEW_BUILD_PLUGIN_DIR});
  const auto list = registry.list();
  auto it = std::find_if(list.begin(), list.end(),
                         [](const PluginInfo& p) { return p.kind == PluginKind::report && p.id == "xlsx"; });
  ASSERT_NE(it, list.end());
  EXPECT_EQ(it->file.filename(), "review_report_xlsx.so");
  EXPECT_TRUE(registry.refused().empty()) << registry.refused().front().reason;
}

TEST_F(ReportXlsx, WritesOneWorkbookNamedForTheYearAndLeavesNoTemporaryFile) {
  const fs::path dir = fresh_dir("one");
  const auto start = std::chrono::steady_clock::now();
  const auto files = write(dir);
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  RecordProperty("write_ms", std::to_string(took.count()));
  std::printf("fixture workbook written in %.1f ms\n", took.count());
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files[0], dir / kWorkbook);
  EXPECT_EQ(files_in(dir), std::vector<std::string>{kWorkbook});
  std::ifstream in(files[0], std::ios::binary);
  char magic[2] = {};
  in.read(magic, 2);
  EXPECT_EQ(std::string(magic, 2), "PK");
}

TEST_F(ReportXlsx, SheetsAreRankingSequencesSummaryAndLedgers) {
  const auto parts = read_parts(write(fresh_dir("sheets")).at(0));
  EXPECT_EQ(sheet_names(parts), (std::vector<std::string>{"排名", "执法监督类", "公共服务类", "统计",
                                                          "整改台账", "投诉台账", "公开承诺"}));
  EXPECT_TRUE(parts.contains("xl/charts/chart1.xml"));
  EXPECT_TRUE(parts.contains("xl/charts/chart2.xml"));
}

TEST_F(ReportXlsx, TypedTextNeverBecomesAFormula) {
  const auto parts = read_parts(write(fresh_dir("formulas"), true).at(0));
  int sheets = 0;
  for (const auto& [name, xml] : parts) {
    if (!name.starts_with("xl/worksheets/sheet")) continue;
    ++sheets;
    EXPECT_EQ(xml.find("<f>"), std::string::npos) << name;
    EXPECT_EQ(xml.find("<f "), std::string::npos) << name;
  }
  EXPECT_EQ(sheets, 8);
  const std::string& strings = parts.at("xl/sharedStrings.xml");
  EXPECT_NE(strings.find("<t>=HYPERLINK(\"http://evil.example/\",\"点此查看\")</t>"), std::string::npos);
  EXPECT_NE(strings.find("<t>+1+cmd|' /C calc'!A0</t>"), std::string::npos);
  EXPECT_NE(strings.find("<t>@SUM(1+1)*cmd|' /C calc'!A0</t>"), std::string::npos);
  EXPECT_NE(strings.find("<t>-2+3</t>"), std::string::npos);
}

TEST_F(ReportXlsx, IntegritySheetAndRepresentativeCodesOnlyWithTheOption) {
  const fs::path dir = fresh_dir("integrity");
  const auto plain = write(dir);
  const auto office = write(dir, true);
  ASSERT_EQ(office.size(), 1U);
  EXPECT_EQ(office[0], dir / kIntegrityWorkbook);
  EXPECT_EQ(files_in(dir), (std::vector<std::string>{kWorkbook, kIntegrityWorkbook}));

  const auto plain_parts = read_parts(plain.at(0));
  const auto names = sheet_names(plain_parts);
  EXPECT_EQ(std::find(names.begin(), names.end(), "诚信核查"), names.end());
  for (const auto& [name, xml] : plain_parts) {
    EXPECT_EQ(xml.find("R07"), std::string::npos) << "a representative code in " << name;
    EXPECT_EQ(xml.find("R12"), std::string::npos) << "a representative code in " << name;
    EXPECT_EQ(xml.find("评价雷同"), std::string::npos) << "a representative flag in " << name;
  }

  const auto office_parts = read_parts(office.at(0));
  EXPECT_EQ(sheet_names(office_parts).back(), "诚信核查");
  const std::string& strings = office_parts.at("xl/sharedStrings.xml");
  EXPECT_NE(strings.find("<t>R07</t>"), std::string::npos);
  EXPECT_NE(strings.find("<t>R12</t>"), std::string::npos);
  EXPECT_NE(strings.find("<t>评价雷同</t>"), std::string::npos);
}

TEST_F(ReportXlsx, SheetNamesFromCategoriesAreMadeValidAndUnique) {
  for (auto& d : fx.cycle.departments) {
    if (d.category == "执法监督类")
      d.category = "[执法]/监督:类*?\\这是一个非常非常非常长的序列名称超过三十一个字符";
    else
      d.category = "排名";
  }
  const auto names = sheet_names(read_parts(write(fresh_dir("names")).at(0)));
  ASSERT_EQ(names.size(), 7U);
  EXPECT_EQ(names[1], "_执法__监督_类___这是一个非常非常非常长的序列名称超过三");
  EXPECT_EQ(names[2], "排名(2)");
}

TEST_F(ReportXlsx, OverlongTextIsCutAtExcelsCellLimitInsteadOfFailing) {
  std::string long_text;
  for (int i = 0; i < 40000; ++i) long_text += "长";
  fx.cycle.rectifications[0].description = long_text;
  const auto parts = read_parts(write(fresh_dir("long")).at(0));
  const std::string& strings = parts.at("xl/sharedStrings.xml");
  const std::string cut = long_text.substr(0, 32766 * 3) + "…</t>";
  EXPECT_NE(strings.find(cut), std::string::npos);
}

TEST_F(ReportXlsx, ControlCharactersAndBrokenUtf8KeepEveryPartWellFormed) {
  // XML 1.0 cannot hold U+0001; libxlsxwriter escapes it in cells but not in
  // the chart caches, where a department name goes too.
  fx.cycle.departments[0].name = std::string("县公安局\x01\x1F\x7F\t") + "\n第二行";
  fx.cycle.departments[1].name = std::string("县市场\xE7\x9B") + "监督管理局\xFF";
  fx.cycle.info.name = "2017年度\x02民主评议行风";
  fx.cycle.departments[2].category = "执法\x03类";
  const auto parts = read_parts(write(fresh_dir("control")).at(0));
  for (const auto& [name, xml] : parts) {
    if (!name.ends_with(".xml") && !name.ends_with(".rels")) continue;
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_buffer(xml.data(), xml.size())) << name;
    const bool control = std::any_of(xml.begin(), xml.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
    });
    EXPECT_FALSE(control) << name;
  }
  const std::string& strings = parts.at("xl/sharedStrings.xml");
  EXPECT_NE(strings.find("<t>县公安局\t\n第二行</t>"), std::string::npos);
  EXPECT_NE(strings.find("县市场\uFFFD\uFFFD监督管理局\uFFFD"), std::string::npos);  // one per bad byte
  EXPECT_NE(strings.find("2017年度民主评议行风　综合排名"), std::string::npos);
  EXPECT_EQ(sheet_names(parts)[2], "执法类");
}

TEST_F(ReportXlsx, EverySheetIsWrittenForAnEmptyCycle) {
  fx.cycle.departments.clear();
  fx.cycle.rectifications.clear();
  fx.cycle.complaints.clear();
  fx.cycle.commitments.clear();
  fx.cycle.build_index();
  fx.results.departments.clear();
  const auto names = sheet_names(read_parts(write(fresh_dir("empty")).at(0)));
  EXPECT_EQ(names, (std::vector<std::string>{"排名", "统计", "整改台账", "投诉台账", "公开承诺"}));
}

TEST_F(ReportXlsx, FailureToRenameLeavesNoTemporaryFile) {
  const fs::path dir = fresh_dir("rename");
  fs::create_directories(dir / kWorkbook / "occupied");  // a folder where the file should go
  EXPECT_THROW(write(dir), ReportError);
  EXPECT_EQ(files_in(dir), std::vector<std::string>{kWorkbook});
}

TEST_F(ReportXlsx, FolderThatIsAFileIsAReportError) {
  const fs::path dir = fresh_dir("notafolder");
  std::ofstream(dir / "file") << "x";
  try {
    write(dir / "file");
    FAIL() << "no error";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot create the output folder"), std::string::npos) << e.what();
    EXPECT_EQ(e.message_code(), "LR-R112");
  }
}

TEST_F(ReportXlsx, ResultsForAnUnknownDepartmentAreRefusedBeforeWriting) {
  const fs::path dir = fresh_dir("unknown");
  fx.results.departments[0].department = 99;
  try {
    write(dir);
    FAIL() << "no error";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("department index 99"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(files_in(dir).empty());
}

TEST_F(ReportXlsx, RefusalsComeInChineseUnderTheirCodes) {
  set_language(Language::zh);
  struct English {
    ~English() { set_language(Language::en); }
  } back_to_english;
  const auto zh_writer = registry.report_writer("xlsx");  // named in the language of messages
  const fs::path dir = fresh_dir("unknown-zh");
  fx.results.departments[0].department = 99;
  try {
    (void)zh_writer->write({fx.cycle, fx.results, fx.profile}, dir, ReportOptions{});
    FAIL() << "no error";
  } catch (const ReportError& e) {
    EXPECT_EQ(e.message_code(), "LR-R154");
    // After the writer's name (named by the host) and a full-width colon, the plugin's words.
    EXPECT_TRUE(std::string(e.what()).ends_with(
        fmt::format("：评议结果中的部门序号 99 超出范围（本年度共 {} 个部门）", fx.cycle.departments.size())))
        << e.what();
    EXPECT_NE(std::string(e.what()).find("xlsx"), std::string::npos) << e.what();
  }
  const fs::path file = fresh_dir("notafolder-zh") / "file";
  std::ofstream(file) << "x";
  try {
    (void)zh_writer->write({fx.cycle, fx.results, fx.profile}, file / "sub", ReportOptions{});
    FAIL() << "no error";
  } catch (const ReportError& e) {
    EXPECT_EQ(e.message_code(), "LR-R112");
    EXPECT_NE(std::string(e.what()).find("无法创建输出文件夹 " + (file / "sub").string() + "："),
              std::string::npos)
        << e.what();
  }
}

TEST_F(ReportXlsx, AnEarlierWorkbookIsReplacedWhole) {
  const fs::path dir = fresh_dir("replace");
  write(dir);
  fx.cycle.departments[0].name = "县公安局（更正）";
  const auto parts = read_parts(write(dir).at(0));
  EXPECT_NE(parts.at("xl/sharedStrings.xml").find("县公安局（更正）"), std::string::npos);
  EXPECT_EQ(files_in(dir), std::vector<std::string>{kWorkbook});
}
