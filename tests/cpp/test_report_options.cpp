// Report options (报表选项): set from KEY=VALUE text, checked against what the
// writers declare, normalised (report.hpp). Through the session and the real
// writers: test_reports_csv.cpp.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "libreview/error.hpp"
#include "libreview/report.hpp"

namespace fs = std::filesystem;
using namespace review;

namespace {

std::vector<FormatOptions> declared_for_test() {
  ReportOption integrity{"integrity", OptionType::boolean, "诚信核查", "integrity sheet", "false", {}, false};
  ReportOption documents{"documents", OptionType::choice, "文书",
                         "documents", "report,letters",   {"report", "letters", "booklet"},
                         true};
  ReportOption date{"date", OptionType::date, "日期", "date", "", {}, false};
  ReportOption layout{"layout", OptionType::choice, "版式", "layout", "a4", {"a4", "a3"}, false};
  ReportOption templ{"template", OptionType::path, "模板", "template", "", {}, false};
  ReportOption office{"office", OptionType::string, "发文单位", "office", "", {}, false};
  return {{"csv", {integrity}}, {"docx", {documents, date, layout, templ, office}}, {"json", {}}};
}

std::string usage_message(const ReportOptions& options) {
  try {
    check_report_options(options, declared_for_test());
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(accepted)";
}

ReportOptions with(std::map<std::string, std::string> values) {
  ReportOptions o;
  o.values = std::move(values);
  return o;
}

}  // namespace

TEST(ReportOptions, KeyValueTextIsSplitAtTheFirstEqualsSign) {
  ReportOptions o;
  set_report_option(o, "office=县纠风办=2");
  set_report_option(o, "date=");
  EXPECT_EQ(o.values.at("office"), "县纠风办=2");
  EXPECT_EQ(o.values.at("date"), "");
  EXPECT_THROW(set_report_option(o, "office"), UsageError);
  EXPECT_THROW(set_report_option(o, "=x"), UsageError);
}

TEST(ReportOptions, AKeyNoRequestedFormatReadsIsRefusedNamingKeyValueAndAllowed) {
  const std::string m = usage_message(with({{"colour", "red"}}));
  EXPECT_NE(m.find("colour=red"), std::string::npos) << m;
  EXPECT_NE(m.find("csv, docx, json"), std::string::npos) << m;
  EXPECT_NE(m.find("allowed: integrity, documents, date, layout, template, office"), std::string::npos) << m;
  // Declared by a format that is not requested: refused too.
  EXPECT_THROW(check_report_options(with({{"office", "x"}}), {declared_for_test()[0]}), UsageError);
  ReportOptions integrity;
  integrity.include_integrity = true;
  EXPECT_THROW(check_report_options(integrity, {declared_for_test()[2]}), UsageError)
      << "json reads no integrity";
}

TEST(ReportOptions, MalformedValuesAreRefusedNamingKeyValueAndAllowed) {
  std::string m = usage_message(with({{"documents", "letters,minutes"}}));
  EXPECT_NE(m.find("documents=letters,minutes (docx)"), std::string::npos) << m;
  EXPECT_NE(m.find("'minutes'"), std::string::npos) << m;
  EXPECT_NE(m.find("report, letters, booklet"), std::string::npos) << m;
  m = usage_message(with({{"layout", "a4,a3"}}));
  EXPECT_NE(m.find("'a4,a3' is not allowed (allowed: a4, a3)"), std::string::npos) << m;
  m = usage_message(with({{"date", "2018-13-01"}}));
  EXPECT_NE(m.find("date=2018-13-01"), std::string::npos) << m;
  EXPECT_NE(m.find("YYYY-MM-DD"), std::string::npos) << m;
  m = usage_message(with({{"integrity", "maybe"}}));
  EXPECT_NE(m.find("integrity=maybe (csv)"), std::string::npos) << m;
  m = usage_message(with({{"template", "/no/such/letter.docx"}}));
  EXPECT_NE(m.find("template=/no/such/letter.docx"), std::string::npos) << m;
  EXPECT_NE(m.find("no such file"), std::string::npos) << m;
  EXPECT_NE(usage_message(with({{"documents", ","}})).find("empty"), std::string::npos);
}

TEST(ReportOptions, CheckedOptionsAreNormalisedAndTheFieldsFollowTheValues) {
  ReportOptions in =
      with({{"documents", " letters , report"}, {"date", " 2018-01-05 "}, {"office", "县纠风办"}});
  in.include_integrity = true;
  const fs::path tpl =
      fs::temp_directory_path() / ("libreview-option-" + std::to_string(::getpid()) + ".docx");
  std::ofstream(tpl) << "x";
  in.template_path = tpl;
  const ReportOptions out = check_report_options(in, declared_for_test());
  EXPECT_EQ(out.values.at("documents"), "letters,report");
  EXPECT_EQ(out.values.at("date"), "2018-01-05");
  EXPECT_EQ(out.values.at("office"), "县纠风办");
  EXPECT_EQ(out.values.at("integrity"), "true");
  EXPECT_EQ(out.values.at("template"), tpl.string());
  EXPECT_TRUE(out.include_integrity);
  EXPECT_EQ(out.template_path, tpl);
  // A value given as text wins over the field, and booleans read true or false.
  ReportOptions off = with({{"integrity", "否"}});
  off.include_integrity = true;
  const ReportOptions checked = check_report_options(off, declared_for_test());
  EXPECT_FALSE(checked.include_integrity);
  EXPECT_EQ(checked.values.at("integrity"), "false");
  EXPECT_TRUE(check_report_options({}, declared_for_test()).values.empty());
  fs::remove(tpl);
}

TEST(ReportOptions, TypeNames) {
  EXPECT_EQ(to_string(OptionType::boolean), "bool");
  EXPECT_EQ(to_string(OptionType::string), "string");
  EXPECT_EQ(to_string(OptionType::date), "date");
  EXPECT_EQ(to_string(OptionType::path), "path");
  EXPECT_EQ(to_string(OptionType::choice), "choice");
}
