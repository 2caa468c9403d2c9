// `libreview forms` (office-year.md 1.4): the printable ballot (测评表), the public
// questionnaire (群众问卷) and the entry workbook (数据录入表), from the roster alone.
#include "libreview/forms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <set>

#include "forms/forms_internal.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"
#include "libreview/report_util.hpp"
#include "ooxml.hpp"
#include "ooxml_internal.hpp"

namespace review {
namespace forms {

Roster read_roster(const FormsOptions& options) {
  ImportOptions io;
  io.roster_only = true;
  Roster r{import_cycle(options.source, io), {}, {}, 0, {}};
  std::set<std::string> names;
  bool names_unique = true;
  for (const auto& d : r.cycle.departments) {
    if (d.status != DepartmentStatus::participating) continue;
    names_unique = names.insert(d.name).second && names_unique;
    auto seq = std::find_if(r.sequences.begin(), r.sequences.end(),
                            [&](const Sequence& s) { return s.name == d.category; });
    if (seq == r.sequences.end()) seq = r.sequences.insert(r.sequences.end(), Sequence{d.category, {}});
    seq->departments.push_back(&d);
  }
  if (r.sequences.empty()) throw UsageError(message("LR-R115", options.source.string()), "LR-R115");
  // The 测评表 sheet's columns: the names as printed, or the ids when two departments share a name.
  for (const auto& s : r.sequences)
    for (const auto* d : s.departments) r.columns.push_back(names_unique ? d->name : d->id);
  if (r.cycle.info.ballots_issued)
    r.sheets = *r.cycle.info.ballots_issued;
  else if (!r.cycle.representatives.empty())
    r.sheets = r.cycle.representatives.size();
  else
    r.sheets = options.default_sheets;
  for (const auto& rep : r.cycle.representatives)
    if (!rep.sector.empty() && std::find(r.sectors.begin(), r.sectors.end(), rep.sector) == r.sectors.end())
      r.sectors.push_back(rep.sector);
  return r;
}

std::string sheet_number(std::size_t i, std::size_t count) {
  const auto digits = std::max<std::size_t>(3, std::to_string(count).size());
  return fmt::format("{:0{}}", i, digits);
}

std::string title_of(const Roster& r, std::string_view what) {
  const auto& info = r.cycle.info;
  if (!info.name.empty()) return info.name + std::string(what);
  return fmt::format("{}{}年度民主评议行风{}", info.county, info.year, what);
}

}  // namespace forms

namespace {

using namespace docx;
using namespace docx::xml;
using forms::Roster;

constexpr int kPageMargin = 851;  // 15 mm on every side: a ballot is not a 公文
constexpr int kFormWidth = 11906 - 2 * kPageMargin;
constexpr int kNameWidth = 2700;
constexpr int kBoxWidth = 600;
constexpr int kCellMargin = 57;  // 1 mm left and right inside a cell
constexpr int kHalfWidth = kNameWidth + 4 * kBoxWidth;
static_assert(2 * kHalfWidth <= kFormWidth, "two departments a row fit inside the A4 page's margins");
constexpr const char* kBoxLabels[] = {"满意", "基本\n满意", "不满意", "不了解"};

/// A run of `text` at `half_points`, bold when asked.
void sized_run(pugi::xml_node p, std::string_view text, int half_points, bool bold = false) {
  if (text.empty()) return;
  pugi::xml_node r = add(p, "w:r");
  pugi::xml_node rpr = add(r, "w:rPr");
  if (bold) {
    add(rpr, "w:b");
    add(rpr, "w:bCs");
  }
  size(rpr, half_points);
  append_text(r, text);
}

/// A paragraph of `text` at `half_points`, aligned, with `before`/`after` spacing in twips.
pugi::xml_node form_line(pugi::xml_node body, std::string_view text, int half_points, Align align,
                         bool bold = false, int before = 0, int after = 0) {
  pugi::xml_node p = styled_paragraph(body, "Plain");
  pugi::xml_node ppr = p.child("w:pPr");
  pugi::xml_node spacing = add(ppr, "w:spacing");
  attr(spacing, "w:before", before);
  attr(spacing, "w:after", after);
  attr(spacing, "w:line", 300);
  attr(spacing, "w:lineRule", "auto");
  add(ppr, "w:jc", align_name(align));
  sized_run(p, text, half_points, bold);
  return p;
}

/// A table cell of `width` with `text`, centred or left, optionally shaded and spanning columns.
void cell(pugi::xml_node tr, int width, std::string_view text, bool center, const char* fill = nullptr,
          int span = 1, int half_points = 20, bool bold = false) {
  pugi::xml_node tc = add(tr, "w:tc");
  pugi::xml_node pr = add(tc, "w:tcPr");
  pugi::xml_node w = add(pr, "w:tcW");
  attr(w, "w:w", width);
  attr(w, "w:type", "dxa");
  if (span > 1) add(pr, "w:gridSpan", span);
  if (fill != nullptr) {
    pugi::xml_node shd = add(pr, "w:shd", "clear");
    attr(shd, "w:color", "auto");
    attr(shd, "w:fill", fill);
  }
  pugi::xml_node mar = add(pr, "w:tcMar");
  for (const char* side : {"w:left", "w:right"}) {
    pugi::xml_node m = add(mar, side);
    attr(m, "w:w", kCellMargin);
    attr(m, "w:type", "dxa");
  }
  add(pr, "w:vAlign", "center");
  pugi::xml_node p = styled_paragraph(tc, "TableText");
  pugi::xml_node spacing = add(p.child("w:pPr"), "w:spacing");
  attr(spacing, "w:before", 0);
  attr(spacing, "w:after", 0);
  attr(spacing, "w:line", 240);
  attr(spacing, "w:lineRule", "auto");
  add(p.child("w:pPr"), "w:jc", center ? "center" : "left");
  sized_run(p, text, half_points, bold);
}

pugi::xml_node table_row(pugi::xml_node tbl, int height, bool header = false) {
  pugi::xml_node tr = add(tbl, "w:tr");
  pugi::xml_node pr = add(tr, "w:trPr");
  add(pr, "w:cantSplit");
  pugi::xml_node h = add(pr, "w:trHeight", height);
  attr(h, "w:hRule", "exact");
  if (header) add(pr, "w:tblHeader");
  return tr;
}

/// The rating table of a ballot or a questionnaire: the departments by sequence, two to a
/// row, each with the four boxes (满意 基本满意 不满意 不了解).
void rating_table(pugi::xml_node body, const Roster& r, int room_twips) {
  pugi::xml_node tbl = add(body, "w:tbl");
  pugi::xml_node pr = add(tbl, "w:tblPr");
  add(pr, "w:tblStyle", "TableGrid");
  pugi::xml_node tw = add(pr, "w:tblW");
  attr(tw, "w:w", 2 * kHalfWidth);
  attr(tw, "w:type", "dxa");
  add(pr, "w:jc", "center");
  attr(add(pr, "w:tblLayout"), "w:type", "fixed");
  pugi::xml_node margins = add(pr, "w:tblCellMar");
  for (const char* side : {"w:left", "w:right"}) {
    pugi::xml_node m = add(margins, side);
    attr(m, "w:w", kCellMargin);
    attr(m, "w:type", "dxa");
  }
  pugi::xml_node grid = add(tbl, "w:tblGrid");
  for (int half = 0; half < 2; ++half) {
    attr(add(grid, "w:gridCol"), "w:w", kNameWidth);
    for (int b = 0; b < 4; ++b) attr(add(grid, "w:gridCol"), "w:w", kBoxWidth);
  }
  pugi::xml_node head = table_row(tbl, 500, true);
  for (int half = 0; half < 2; ++half) {
    cell(head, kNameWidth, "参评单位", true, "E7E6E6", 1, 20, true);
    for (const char* label : kBoxLabels) cell(head, kBoxWidth, label, true, "E7E6E6", 1, 15, true);
  }
  // Rows as tall as `room_twips` allows (the page's height left to the table), up to 20 pt
  // for ticking, at least 15 pt.
  int rows = 0;
  for (const auto& seq : r.sequences) rows += static_cast<int>((seq.departments.size() + 1) / 2);
  const int room = room_twips - 500 - 280 * static_cast<int>(r.sequences.size());
  const int height = std::clamp(room / std::max(rows, 1), 300, 400);
  std::size_t number = 0;
  for (std::size_t s = 0; s < r.sequences.size(); ++s) {
    const auto& seq = r.sequences[s];
    pugi::xml_node tr = table_row(tbl, 280);
    cell(tr, 2 * kHalfWidth,
         fmt::format("{}、{}（{}个）", chinese_numeral(static_cast<int>(s + 1)), seq.name,
                     seq.departments.size()),
         false, "F2F2F2", 10, 20, true);
    for (std::size_t i = 0; i < seq.departments.size(); i += 2) {
      pugi::xml_node row = table_row(tbl, height);
      for (std::size_t k = i; k < i + 2; ++k) {
        if (k < seq.departments.size()) {
          const std::string label = fmt::format("{}. {}", ++number, seq.departments[k]->name);
          // 10 pt, or smaller so that a long name stays on its line: the cell's text width in
          // points (reckoned with Word's default cell margins of 5.4 pt, and 5 % to spare) over
          // the label's width in CJK characters (display width / 2), in half-points.
          constexpr int kTextPoints = (kNameWidth - 2 * 108) * 95 / 100 / 20;
          const int fit = 4 * kTextPoints / std::max(1, display_width(label));
          cell(row, kNameWidth, label, false, nullptr, 1, std::clamp(fit, 12, 20));
          for (int b = 0; b < 4; ++b) cell(row, kBoxWidth, "", true);
        } else {  // the empty half of a sequence's last row: nothing to tick
          cell(row, kNameWidth, "", false, "F2F2F2");
          for (int b = 0; b < 4; ++b) cell(row, kBoxWidth, "", true, "F2F2F2");
        }
      }
    }
  }
}

/// A4 portrait with 15 mm margins, no header or footer: the forms carry their own numbers.
void form_section(pugi::xml_node body) {
  pugi::xml_node s = add(body, "w:sectPr");
  pugi::xml_node sz = add(s, "w:pgSz");
  attr(sz, "w:w", 11906);
  attr(sz, "w:h", 16838);
  pugi::xml_node m = add(s, "w:pgMar");
  for (const char* side : {"w:top", "w:right", "w:bottom", "w:left"}) attr(m, side, kPageMargin);
  attr(m, "w:header", 567);
  attr(m, "w:footer", 567);
  attr(m, "w:gutter", 0);
  attr(add(s, "w:cols"), "w:space", 425);
}

Stationery form_stationery(const FormsOptions& o) {
  return Stationery{"", o.office, fmt::format("{}T00:00:00Z", today().to_string()), Layout::plain};
}

/// The document.xml of the forms cut around its body's content: what comes before it and
/// what after (the forms' own section properties and the closing tags).
std::pair<std::string, std::string> form_document_ends() {
  pugi::xml_document doc;
  pugi::xml_node body = PackageMaker::new_document(doc);
  body.append_child("w:streamed");
  form_section(body);
  const std::string all = serialize(doc);
  const std::size_t at = all.find("<w:streamed");
  const std::size_t end = all.find("/>", at) + 2;
  return {all.substr(0, at), all.substr(end)};
}

/// Removes a scratch file however its scope is left.
struct ScratchFile {
  std::filesystem::path path;
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

/// 测评表: one numbered ballot per page.
void write_ballots(const Roster& r, const FormsOptions& o, const std::filesystem::path& file) {
  PackageMaker maker(form_stationery(o));
  const ScratchFile scratch{file.string() + ".body"};
  const auto [head, tail] = form_document_ends();
  StreamedBody out(scratch.path, head, tail);
  const std::string title = forms::title_of(r, "测评表");
  for (std::size_t i = 1; i <= r.sheets; ++i) {
    pugi::xml_document doc;
    Body body(PackageMaker::new_document(doc));
    pugi::xml_node number =
        form_line(body.node(), "票号：" + forms::sheet_number(i, r.sheets), 24, Align::right, true);
    if (i > 1)
      number.child("w:pPr").insert_child_after("w:pageBreakBefore", number.child("w:pPr").first_child());
    form_line(body.node(), title, 36, Align::center, true, 60, 120);
    form_line(
        body.node(),
        "请根据您平时了解和调查掌握的情况，对下列参评单位的行风作出评价，在相应栏内划“√”。每个单位只划一个"
        "“√”，多划或不划的，对该单位的评价无效；不了解的单位，请在“不了解”栏内划“√”。本表不记名，请勿"
        "填写姓名或作任何记号。",
        21, Align::both, false, 0, 120);
    rating_table(body.node(), r, 12000);  // A4 less margins, 票号, title, note and signature
    form_line(body.node(), o.office + "制", 21, Align::right, false, 120, 0);
    out.append(body);
  }
  out.finish();
  forms::write_bytes_to(file, maker.docx(out, title));
}

/// 群众问卷: the questionnaire a member of the public fills in.
void write_questionnaire(const Roster& r, const FormsOptions& o, const std::filesystem::path& file) {
  PackageMaker maker(form_stationery(o));
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  const std::string title = forms::title_of(r, "群众问卷");
  form_line(body.node(), "问卷编号：____________（由工作人员填写）", 21, Align::right);
  form_line(body.node(), title, 36, Align::center, true, 60, 120);
  form_line(body.node(), "尊敬的群众朋友：", 24, Align::left, true);
  pugi::xml_node intro = form_line(
      body.node(),
      fmt::format("为促进政风行风建设，提高服务质量，{}{}年度民主评议行风工作正在进行。请您根据亲身感受和平时"
                  "了解，对下列单位的行风作出评价，在相应栏内划“√”，每个单位只划一个“√”，不了解的单位请在"
                  "“不了解”栏内划“√”。本问卷不记名，请勿填写姓名，您的回答只用于统计。感谢您的支持！",
                  r.cycle.info.county.empty() ? "我县" : r.cycle.info.county, r.cycle.info.year),
      21, Align::both, false, 0, 60);
  pugi::xml_node intro_pr = intro.child("w:pPr");
  attr(intro_pr.insert_child_before("w:ind", intro_pr.child("w:jc")), "w:firstLineChars", 200);
  std::string groups = "您的身份（请在相应的□内划“√”）：";
  for (const auto& g : o.respondent_groups) groups += "□" + g + "　";
  form_line(body.node(), groups, 21, Align::left, false, 0, 120);
  rating_table(body.node(), r, 9000);  // less the letter, 身份 and the lines for opinions
  form_line(body.node(), "您对以上单位的行风还有哪些意见和建议？", 21, Align::left, true, 160, 60);
  for (int i = 0; i < 3; ++i) {
    pugi::xml_node p = form_line(body.node(), "", 21, Align::left, false, 0, 0);
    pugi::xml_node bdr = p.child("w:pPr").insert_child_after("w:pBdr", p.child("w:pPr").child("w:pStyle"));
    // A rule under each line: `between` too, as consecutive paragraphs with the same border
    // are one bordered group (only its bottom drawn) in Word and LibreOffice.
    for (const char* side : {"w:bottom", "w:between"}) {
      pugi::xml_node rule = add(bdr, side, "single");
      attr(rule, "w:sz", 4);
      attr(rule, "w:space", 1);
      attr(rule, "w:color", "auto");
    }
    pugi::xml_node spacing = p.child("w:pPr").child("w:spacing");
    spacing.attribute("w:line").set_value(400);
    spacing.attribute("w:lineRule").set_value("exact");
  }
  form_line(body.node(), o.office + "制", 21, Align::right, false, 120, 0);
  form_section(body.node());
  forms::write_bytes_to(file, maker.docx(doc, body, title));
}

}  // namespace

void forms::write_bytes_to(const std::filesystem::path& file, std::string_view bytes) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(file.c_str(), "wb"), &std::fclose);
  if (!f) throw ReportError(message("LR-R116", file.string()), "LR-R116");
  docx::write_bytes(f.get(), bytes, file.filename().string());
  if (std::fflush(f.get()) != 0) throw ReportError(message("LR-R116", file.string()), "LR-R116");
}

FormsResult write_forms(const FormsOptions& options) {
  const forms::Roster roster = forms::read_roster(options);
  const int year = roster.cycle.info.year;
  std::filesystem::create_directories(options.out_dir);
  remove_stale_temp_files(options.out_dir);
  std::vector<std::unique_ptr<AtomicFile>> files;
  auto next = [&](std::string name) -> const std::filesystem::path& {
    files.push_back(std::make_unique<AtomicFile>(options.out_dir / name));
    return files.back()->temp_path();
  };
  write_ballots(roster, options, next(fmt::format("{}年度民主评议行风测评表.docx", year)));
  write_questionnaire(roster, options, next(fmt::format("{}年度群众问卷.docx", year)));
  forms::write_entry_workbook(roster, options, next(fmt::format("{}年度数据录入表.xlsx", year)));
  std::vector<AtomicFile*> all;
  for (auto& f : files) all.push_back(f.get());
  commit_all(all);
  FormsResult result;
  result.ballot_sheets = roster.sheets;
  result.departments = roster.columns.size();
  for (auto& f : files) result.written.push_back(f->final_path());
  return result;
}

}  // namespace review
