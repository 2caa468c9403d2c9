// The `docx` report plugin: the annual report, the feedback letters (one file
// each and one combined document) and the commitment booklet as Word files,
// written by our own WordprocessingML writer (ooxml.hpp) or filled into an
// office's own template (docx_template.hpp). File names: see docs/templates.md.
#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "documents.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/plugin_author.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"

namespace fs = std::filesystem;

namespace review::docx {
namespace {

/// The folder of the single letters, below the output folder.
constexpr const char* kLetterFolder = "反馈意见书";

/// A file name from text a person typed: no path separators, no characters
/// Windows refuses, no control characters.
std::string safe_file_name(std::string_view text) {
  std::string out;
  for (char c : clean_text(text)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos) ? '_' : c;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  while (!out.empty() && (out.front() == ' ' || out.front() == '.')) out.erase(out.begin());
  return out.empty() ? "_" : out;
}

std::string option(const ReportOptions& o, const std::string& key) {
  auto it = o.values.find(key);
  return it == o.values.end() ? std::string() : it->second;
}

/// Which documents to write: `documents=report,letters,combined,booklet` (default all).
std::set<std::string> selected_documents(const ReportOptions& o) {
  static const std::set<std::string> all = {"report", "letters", "combined", "booklet"};
  const std::string text = option(o, "documents");
  if (text.empty()) return all;
  std::set<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (item.empty()) continue;
    if (!all.contains(item)) refuse<ReportError>("LR-R151", item);
    out.insert(item);
  }
  return out;
}

/// The files of one write(): each is written under its temporary name as soon
/// as it is made (so one document at a time is held in memory) and all are
/// renamed together by commit(), so a failure leaves none of them behind.
class PendingFiles {
 public:
  /// Writes `bytes` to a temporary file that becomes `path` on commit().
  void add(const fs::path& path, std::string_view bytes) {
    make_folder(path.parent_path());
    auto file = std::make_unique<AtomicFile>(path);
    std::FILE* f = std::fopen(file->temp_path().c_str(), "wb");
    if (f == nullptr) refuse<ReportError>("LR-R116", file->temp_path().string());
    const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    if (std::fclose(f) != 0 || !ok) refuse<ReportError>("LR-R116", file->temp_path().string());
    files_.push_back(std::move(file));
  }

  /// Renames every file to its final name (review::commit_all); returns the final names in order.
  std::vector<fs::path> commit() {
    std::vector<AtomicFile*> all;
    std::vector<fs::path> names;
    for (const auto& f : files_) {
      all.push_back(f.get());
      names.push_back(f->final_path());
    }
    commit_all(all);
    return names;
  }

  /// Makes `dir` (the output folder, the letters' folder) unless it was just made.
  void make_folder(const fs::path& dir) {
    if (dir == made_) return;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) refuse<ReportError>("LR-R112", dir.string(), ec.message());
    made_ = dir;
  }

 private:
  std::vector<std::unique_ptr<AtomicFile>> files_;
  fs::path made_;
};

class DocxWriter final : public ReportWriter {
 public:
  std::vector<ReportOption> options() const override {
    return {
        {"documents",
         OptionType::choice,
         "要生成的文书：工作报告、反馈意见书（每部门一份）、意见书汇编、承诺汇编",
         "which documents to write: the annual report, a letter per department, the letters combined, the "
         "commitment booklet",
         "report,letters,combined,booklet",
         {"report", "letters", "combined", "booklet"},
         true},
        {"office",
         OptionType::string,
         "发文单位，用于副标题和落款",
         "the issuing office, in the subtitle and the signature",
         DocumentSettings{}.office,
         {},
         false},
        {"date",
         OptionType::date,
         "文书落款日期（YYYY-MM-DD），默认为当天",
         "the date the documents carry (YYYY-MM-DD); default: today",
         "",
         {},
         false},
        {"layout",
         OptionType::choice,
         "版式：gongwen（党政机关公文格式 GB/T 9704-2012：版头、仿宋正文、页码居外侧、版记）或 "
         "plain（简明版式）",
         "the layout: gongwen (GB/T 9704-2012 official documents: issuer's mark, FangSong body, page numbers "
         "outside, imprint) or plain",
         "gongwen",
         {"gongwen", "plain"},
         false},
        {"doc_no",
         OptionType::string,
         "文号，印在发文机关标志下，如 XX纠风办〔2018〕1号（公文版式）",
         "the document number under the issuer's mark, e.g. XX纠风办〔2018〕1号 (gongwen layout)",
         "",
         {},
         false},
        {"to",
         OptionType::string,
         "工作报告的主送机关，如 县委、县政府",
         "the annual report's principal recipients (主送), e.g. 县委、县政府",
         "",
         {},
         false},
        {"cc",
         OptionType::string,
         "版记中的抄送机关（公文版式）",
         "the copies (抄送) in the imprint (gongwen layout)",
         "",
         {},
         false},
        {"plan_due",
         OptionType::date,
         "各部门报送整改方案的截止日期（YYYY-MM-DD），默认为落款日期后30天",
         "the day by which each department sends its rectification plan (YYYY-MM-DD); default: 30 days "
         "after date",
         "",
         {},
         false},
        {"template",
         OptionType::path,
         "行评办自己的反馈意见书 .docx 模板（占位符见 docs/templates.md），默认用内置版式",
         "the office's own .docx for the feedback letters (placeholders: docs/templates.md); default: our "
         "own layout",
         "",
         {},
         false},
        {"letter_template",
         OptionType::path,
         "同 template（反馈意见书模板），优先于 template",
         "the same as template (the letters' .docx); wins over template",
         "",
         {},
         false},
        {"report_template",
         OptionType::path,
         "行评办自己的工作报告 .docx 模板：版头、落款用占位符，正文处写 {{body}}（见 docs/templates.md）",
         "the office's own .docx for the annual report: its head and signature with placeholders, {{body}} "
         "where the report's text goes (docs/templates.md)",
         "",
         {},
         false},
        {"booklet_template",
         OptionType::path,
         "行评办自己的公开承诺汇编 .docx 模板，写法同 report_template",
         "the office's own .docx for the commitment booklet, as report_template",
         "",
         {},
         false},
    };
  }

  std::vector<fs::path> write(const ReportInput& input, const fs::path& out_dir,
                              const ReportOptions& options) const override {
    DocumentSettings settings;
    if (auto office = option(options, "office"); !office.empty()) settings.office = office;
    settings.date = today();
    if (auto text = option(options, "date"); !text.empty()) {
      const auto d = Date::parse(text);
      if (!d) refuse<ReportError>("LR-R152", "date", text);
      settings.date = *d;
    }
    settings.layout = option(options, "layout") == "plain" ? Layout::plain : Layout::gongwen;
    settings.doc_no = option(options, "doc_no");
    settings.to = option(options, "to");
    settings.cc = option(options, "cc");
    if (auto text = option(options, "plan_due"); !text.empty()) {
      const auto d = Date::parse(text);
      if (!d) refuse<ReportError>("LR-R152", "plan_due", text);
      settings.plan_due = *d;
    }
    const auto wanted = selected_documents(options);
    fs::path letter_template = options.template_path;
    if (auto t = option(options, "letter_template"); !t.empty()) letter_template = t;

    // Each file is written under a temporary name as soon as it is made and
    // all are renamed at the end: an error (an unknown placeholder, bad
    // results) leaves nothing written.
    const Documents docs(input, settings);
    const int year = docs.year();
    PendingFiles out;
    const fs::path report_template = option(options, "report_template");
    const fs::path booklet_template = option(options, "booklet_template");
    if (wanted.contains("report"))
      out.add(
          out_dir / fmt::format("{}年度民主评议行风工作报告.docx", year),
          report_template.empty() ? docs.annual_report() : docs.annual_report(DocxTemplate(report_template)));
    const bool letters = wanted.contains("letters"), combined = wanted.contains("combined");
    const fs::path combined_path = out_dir / fmt::format("{}年度民主评议行风反馈意见书汇编.docx", year);
    if (!letter_template.empty() && (letters || combined)) {
      const DocxTemplate tpl(letter_template);
      const auto& participating = docs.participating();
      if (letters) {
        // Filled and zipped on every core (the template and the documents are only read), written in order.
        std::vector<std::string> bytes(participating.size());
        parallel_for(participating.size(), [&](std::size_t i) {
          bytes[i] = zip_parts(tpl.fill(docs.letter_data(participating[i])));
        });
        for (std::size_t i = 0; i < participating.size(); ++i)
          out.add(letter_path(out_dir, input.cycle.departments[participating[i]]), bytes[i]);
      }
      if (combined && !participating.empty()) {
        // The combined document goes to a scratch file as it is filled (removed at the end of the block).
        out.make_folder(out_dir);
        const AtomicFile scratch(out_dir / (combined_path.filename().string() + ".document.xml"));
        out.add(combined_path,
                zip_parts(tpl.fill_all(
                    participating.size(), [&](std::size_t i) { return docs.letter_data(participating[i]); },
                    scratch.temp_path())));
      }
    } else if (letters || combined) {
      // The combined document's body goes to a scratch file as the letters are
      // made (one letter in memory at a time, never every letter as one DOM).
      std::optional<AtomicFile> scratch;
      std::optional<StreamedBody> body;
      if (combined && !docs.participating().empty()) {
        out.make_folder(out_dir);
        scratch.emplace(out_dir / (combined_path.filename().string() + ".document.xml"));
        body.emplace(scratch->temp_path());
      }
      std::function<void(std::uint32_t, std::string)> each;
      if (letters)
        each = [&](std::uint32_t d, std::string bytes) {
          out.add(letter_path(out_dir, input.cycle.departments[d]), bytes);
        };
      docs.each_letter(each, body ? &*body : nullptr);
      if (body) {
        body->finish();
        out.add(combined_path, docs.letters_combined(*body));
      }
    }  // the scratch file is removed here
    if (wanted.contains("booklet"))
      out.add(out_dir / fmt::format("{}年度公开承诺汇编.docx", year),
              booklet_template.empty() ? docs.booklet() : docs.booklet(DocxTemplate(booklet_template)));
    return out.commit();
  }

 private:
  static fs::path letter_path(const fs::path& out_dir, const Department& d) {
    return out_dir / kLetterFolder / (safe_file_name(d.id + "-" + d.name) + ".docx");
  }
};

std::unique_ptr<Plugin> make_writer() { return std::make_unique<DocxWriter>(); }

}  // namespace
}  // namespace review::docx

LIBREVIEW_PLUGIN("report", "docx", "1.0.0",
                 "Word documents: annual report, feedback letters, commitment booklet; office templates",
                 review::docx::make_writer)
