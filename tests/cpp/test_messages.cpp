// The message catalogue (messages.hpp): every entry in both languages under a unique
// code; every diagnostic the importer gives comes from it; Chinese diagnostics name
// the column as the file's header wrote it; docs/data-format.md's table is the catalogue's.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "cycle_text.hpp"
#include "ingest/schema_internal.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"

using namespace review;
using review::test::Scratch;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// The placeholders of a format string: `{}` counted, or the positions `{0}`, `{1}` named
/// (sorted, each once), so that a translation may put them in its own order.
std::string placeholders(std::string_view text) {
  std::size_t plain = 0;
  std::set<std::string> positions;
  for (auto at = text.find('{'); at != std::string_view::npos; at = text.find('{', at + 1)) {
    const auto end = text.find('}', at);
    if (end == std::string_view::npos) break;
    const auto inside = text.substr(at + 1, end - at - 1);
    if (inside.empty())
      ++plain;
    else if (inside.find_first_not_of("0123456789") == std::string_view::npos)
      positions.emplace(inside);
  }
  std::string out = std::to_string(plain);
  for (const auto& p : positions) out += "," + p;
  return out;
}

bool has_chinese(std::string_view text) {
  // A CJK ideograph in UTF-8: a three-byte sequence led by 0xE4..0xE9.
  for (const char c : text)
    if (static_cast<unsigned char>(c) >= 0xE4 && static_cast<unsigned char>(c) <= 0xE9) return true;
  return false;
}

// Sets the language for one test, and back to English after.
struct InLanguage {
  explicit InLanguage(Language lang) { set_language(lang); }
  ~InLanguage() { set_language(Language::en); }
  InLanguage(const InLanguage&) = delete;
  InLanguage& operator=(const InLanguage&) = delete;
};

}  // namespace

TEST(Catalogue, EveryEntryHasBothLanguagesAndAUniqueCode) {
  const std::regex code_form("LR-[DEGKPRSUW][0-9]{3}");
  std::set<std::string_view> codes;
  std::set<std::string_view> texts;
  ASSERT_FALSE(catalogue().empty());
  for (const auto& e : catalogue()) {
    SCOPED_TRACE(std::string(e.code));
    EXPECT_TRUE(std::regex_match(std::string(e.code), code_form));
    EXPECT_TRUE(codes.insert(e.code).second) << "code used twice";
    EXPECT_TRUE(texts.insert(e.en).second) << "English text used twice: " << e.en;
    EXPECT_FALSE(e.en.empty());
    EXPECT_FALSE(e.fix_en.empty());
    EXPECT_TRUE(has_chinese(e.zh)) << "no Chinese text: " << e.zh;
    EXPECT_TRUE(has_chinese(e.fix_zh)) << "no Chinese fix: " << e.fix_zh;
    EXPECT_EQ(placeholders(e.en), placeholders(e.zh)) << "placeholders differ";
    EXPECT_EQ(find_message(e.code), &e);
  }
}

TEST(Catalogue, EveryErrorClassHasAnEntry) {
  for (int c = 1; c <= 8; ++c) {
    const auto code = error_message_code(static_cast<ErrorCode>(c));
    EXPECT_NE(find_message(code), nullptr) << code;
  }
}

// Every message the importer's sources give (the constants of schema_internal.hpp and
// rating_columns.cpp, and literal messages passed to add / fail / fail_at) is in the catalogue.
TEST(Catalogue, EveryImporterMessageIsCatalogued) {
  const std::filesystem::path ingest = std::filesystem::path(LIBREVIEW_SOURCE_DIR) / "libreview/src/ingest";
  const std::regex constant(R"(constexpr std::string_view k\w+ =\s*("(?:[^"\\]|\\.)*"))");
  const std::regex literal(R"((?:\badd|\bfail|\bfail_at)\([^;{}]*?("[^"]*")\s*\);)");
  std::size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ingest)) {
    const auto text = read_file(entry.path());
    for (const auto* re : {&constant, &literal}) {
      for (std::sregex_iterator it(text.begin(), text.end(), *re), end; it != end; ++it) {
        auto message = (*it)[1].str();
        message = message.substr(1, message.size() - 2);
        if (entry.path().filename() == "schema_internal.hpp" || re == &literal ||
            message.find(' ') != std::string::npos) {
          ++seen;
          EXPECT_NE(find_message_by_text(message), nullptr)
              << entry.path().filename().string() << ": \"" << message << "\" is not in the catalogue";
        }
      }
    }
  }
  EXPECT_GT(seen, 40U);
}

// No refusal is English only: every `throw …Error(…)` in libreview/src, the plugins, the
// command line and the bindings takes its text from the catalogue (refuse<>, message(), said()) or passes on
// an error's text, never a literal written in one language.
TEST(Catalogue, NoRefusalIsWrittenInOneLanguage) {
  const std::filesystem::path root(LIBREVIEW_SOURCE_DIR);
  std::size_t throws = 0;
  std::vector<std::string> english;
  for (const char* folder : {"libreview/src", "libreview/cli", "plugins", "bindings"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      const auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      const auto text = read_file(entry.path());
      static const std::regex thrown(R"(throw\s+[A-Za-z:]*Error\s*\(([^;]*);)");
      for (std::sregex_iterator it(text.begin(), text.end(), thrown), end; it != end; ++it) {
        ++throws;
        const auto args = (*it)[1].str();
        const bool literal = std::regex_search(args, std::regex(R"("[^"]*[A-Za-z]{3}[^"]*")"));
        const bool catalogued = args.find("message(") != std::string::npos ||
                                args.find("said(") != std::string::npos ||
                                args.find("tr(g") != std::string::npos;
        if (literal && !catalogued) {
          const auto line = std::count(text.begin(), text.begin() + it->position(), '\n') + 1;
          english.push_back(fmt::format("{}:{}: {}", std::filesystem::relative(entry.path(), root).string(),
                                        line, it->str().substr(0, 100)));
        }
      }
    }
  }
  EXPECT_GT(throws, 50U);
  EXPECT_TRUE(english.empty()) << fmt::format("{} refusal(s) written in one language:\n{}", english.size(),
                                              fmt::join(english, "\n"));
}

TEST(Catalogue, ConstantsResolveToEntries) {
  for (const auto m : {ingest::kMissingFile, ingest::kMissingColumn, ingest::kBadSheetRating,
                       ingest::kAmbiguousDate, ingest::kReturnedAboveIssued})
    EXPECT_NE(find_message_by_text(m), nullptr) << m;
}

// docs/data-format.md holds the catalogue's table between its markers, exactly.
// LIBREVIEW_UPDATE_DOCS=1 rewrites it (then review and commit the change).
TEST(Catalogue, DataFormatDocumentHoldsTheTable) {
  const auto doc_path = std::filesystem::path(LIBREVIEW_SOURCE_DIR) / "docs/data-format.md";
  auto doc = read_file(doc_path);
  const std::string begin = "<!-- messages:begin (generated from libreview/src/messages.cpp) -->\n";
  const std::string end = "<!-- messages:end -->";
  const auto b = doc.find(begin);
  const auto e = doc.find(end);
  ASSERT_NE(b, std::string::npos) << "no messages table in docs/data-format.md";
  ASSERT_NE(e, std::string::npos);
  const auto table = message_table_markdown();
  if (const char* update = std::getenv("LIBREVIEW_UPDATE_DOCS");
      update != nullptr && std::string(update) == "1") {
    doc.replace(b + begin.size(), e - b - begin.size(), table);
    std::ofstream(doc_path, std::ios::binary | std::ios::trunc) << doc;
    return;
  }
  EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), table)
      << "docs/data-format.md's message table is out of date: run test_messages with LIBREVIEW_UPDATE_DOCS=1";
}

TEST(Language, FromTheEnvironment) {
  ::setenv("LC_ALL", "zh_CN.UTF-8", 1);
  EXPECT_EQ(language_from_environment(), Language::zh);
  ::setenv("LC_ALL", "", 1);
  ::setenv("LC_MESSAGES", "", 1);
  ::setenv("LANG", "zh_TW.UTF-8", 1);
  EXPECT_EQ(language_from_environment(), Language::zh);
  ::setenv("LC_MESSAGES", "en_US.UTF-8", 1);
  EXPECT_EQ(language_from_environment(), Language::en);
  ::setenv("LC_ALL", "C", 1);
  EXPECT_EQ(language_from_environment(), Language::en);
  EXPECT_EQ(parse_language("zh"), Language::zh);
  EXPECT_EQ(parse_language("fr"), std::nullopt);
}

// ---- Chinese diagnostics ----------------------------------------------------------------

TEST(ChineseDiagnostics, BadRatingUnderAChineseHeaderNamesThatHeader) {
  InLanguage zh(Language::zh);
  Scratch s;
  s.replace("ballots.csv", "representative_id,department_id,rating", "代表编号,部门编号,评价");
  s.replace("ballots.csv", "R05,D03,satisfied", "R05,D03,很满意");
  const auto report = validate_cycle(s.dir());
  ASSERT_EQ(report.diagnostics.size(), 1U);
  const auto& d = report.diagnostics.front();
  EXPECT_EQ(d.to_string(), "ballots.csv:2:3: 评价不在可选值之内 (很满意)");
  EXPECT_EQ(d.code, "LR-D138");
  EXPECT_EQ(d.field, "rating");  // the canonical name stays for software
}

TEST(ChineseDiagnostics, TheSameInEnglishNamesTheEnglishHeader) {
  InLanguage en(Language::en);
  Scratch s;
  s.replace("ballots.csv", "R05,D03,satisfied", "R05,D03,很满意");
  const auto report = validate_cycle(s.dir());
  ASSERT_EQ(report.diagnostics.size(), 1U);
  EXPECT_EQ(report.diagnostics.front().to_string(), "ballots.csv:2:3: rating not in the list (很满意)");
  EXPECT_EQ(report.diagnostics.front().code, "LR-D138");
}

TEST(ChineseDiagnostics, UnknownDepartmentAndMissingColumn) {
  InLanguage zh(Language::zh);
  Scratch s;
  s.replace("ballots.csv", "R05,D03,satisfied", "R05,D99,satisfied");
  s.replace("daily_work.csv", "department_id", "dept");
  const auto report = validate_cycle(s.dir());
  std::vector<std::string> got;
  for (const auto& d : report.diagnostics) got.push_back(d.code + " " + d.to_string());
  EXPECT_NE(std::find(got.begin(), got.end(), "LR-D110 ballots.csv:2:2: 部门编号不存在 (D99)"), got.end())
      << ::testing::PrintToString(got);
  EXPECT_NE(std::find(got.begin(), got.end(), "LR-D103 daily_work.csv:1: 缺少必需的列 (部门编号)"), got.end())
      << ::testing::PrintToString(got);
}

TEST(ChineseDiagnostics, RefusedImportCarriesTheCodeAndAChineseSummary) {
  InLanguage zh(Language::zh);
  Scratch s;
  s.replace("ballots.csv", "R05,D03,satisfied", "R05,D03,很满意");
  s.replace("ballots.csv", "R02,D03,basic", "R02,D03,");
  try {
    (void)import_cycle(s.dir());
    FAIL() << "not refused";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.message_code(), "LR-D138");
    // The header is English here: the Chinese name, then the header's own words.
    EXPECT_EQ(std::string(e.what()),
              "ballots.csv:2:3: 评价（rating）不在可选值之内 (很满意)（另有 1 处问题）");
  }
}

TEST(ErrorCodes, AnErrorWithoutDiagnosticsHasItsClassCode) {
  EXPECT_EQ(PluginError("x").message_code(), "LR-E004");
  EXPECT_EQ(ValidationError("x").message_code(), "LR-E001");
  EXPECT_EQ(UsageError("x").message_code(), "LR-E007");
}
