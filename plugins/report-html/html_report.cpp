// report-html: the public notice page of the results (评议结果公示), office-year.md section 5.
// One self-contained file: no script, no outside style sheet, font or image (the style is
// inline, the chart an inline SVG), so it can be posted on a county website or sent by
// WeChat as it is; it reads on a phone (responsive) and prints on A4, one sequence a page.
// It shows what the office makes public: each sequence's ranking, composite and grade, the
// grade distribution and the notice text; never a flag, a rater or a complaint. Every text
// from the data is escaped.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/plugin_author.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"
#include "libreview/vocabulary.hpp"

namespace {

using namespace review;

/// Text as HTML character data or an attribute value: & < > " ' escaped; control
/// characters other than tab and line ends dropped.
std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string option(const ReportOptions& o, const std::string& key, std::string fallback = {}) {
  const auto it = o.values.find(key);
  return it == o.values.end() || it->second.empty() ? fallback : it->second;
}

constexpr std::string_view kStyle = R"(
:root{color-scheme:light;--ink:#1a1a1a;--line:#c8c8c8;--head:#f2f2f2;--red:#b00000}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);line-height:1.6;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
header{text-align:center;border-bottom:3px solid var(--red);margin-bottom:1rem}
header .office{color:var(--red);font-size:1.4rem;font-weight:bold;letter-spacing:.1em;margin:0}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.notice{text-indent:2em;margin:.5rem 0}
table{width:100%;border-collapse:collapse;margin:.5rem 0 1rem;font-size:.95rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:center}
th{background:var(--head)}
th.name{text-align:left;background:none;font-weight:normal}
td.grade-excellent{color:#006100}td.grade-poor{color:var(--red);font-weight:bold}
figure{margin:1rem 0}svg{max-width:100%;height:auto}
footer{margin-top:2rem;text-align:right}
@media (max-width:480px){main{padding:.5rem}table{font-size:.85rem}th,td{padding:.25rem}.rank-all{display:none}}
@media print{@page{size:A4;margin:20mm 18mm}main{max-width:none;padding:0}section.sequence+section.sequence{break-before:page}
tr{break-inside:avoid}thead{display:table-header-group}}
)";

/// The public notice page writer (结果公示页).
class HtmlReport final : public ReportWriter {
 public:
  std::vector<ReportOption> options() const override {
    return {
        {"office",
         OptionType::string,
         "发布公示的单位",
         "the office that publishes the notice",
         "县民主评议行风工作领导小组办公室",
         {},
         false},
        {"date",
         OptionType::date,
         "公示发布日期（YYYY-MM-DD），默认为当天",
         "the day the notice is published (YYYY-MM-DD); default: today",
         "",
         {},
         false},
        {"notice_days",
         OptionType::string,
         "公示期（天）",
         "how many days the notice stands",
         "7",
         {},
         false},
        {"contact",
         OptionType::string,
         "受理异议的电话或地址，如 0371-1234567",
         "where objections go (a telephone or an address)",
         "",
         {},
         false},
    };
  }

  std::vector<std::filesystem::path> write(const ReportInput& in, const std::filesystem::path& out_dir,
                                           const ReportOptions& options) const override {
    const Cycle& cycle = in.cycle;
    const int year = cycle.info.year;
    const int digits = static_cast<int>(in.profile.number_or("rounding.digits", 2));
    const std::string office = option(options, "office", "县民主评议行风工作领导小组办公室");
    Date published = today();
    if (const auto d = option(options, "date"); !d.empty()) {
      const auto parsed = Date::parse(d);
      if (!parsed) refuse<ReportError>("LR-R152", "date", d);
      published = *parsed;
    }
    const std::string days = option(options, "notice_days", "7");
    const std::string contact = option(options, "contact");
    const std::string title = cycle.info.name.empty() ? fmt::format("{}年度民主评议行风结果公示", year)
                                                      : cycle.info.name + "结果公示";

    // Sequences in order of first appearance; departments by rank within each.
    std::vector<std::string> sequences;
    std::map<std::string, std::vector<const DepartmentResult*>> by_sequence;
    std::vector<std::string> exempt;
    std::map<Grade, int> grades;
    std::size_t ranked = 0;
    for (const auto& r : in.results.departments) {
      const Department& d = cycle.departments.at(r.department);
      if (d.status != DepartmentStatus::participating) {
        exempt.push_back(d.name);
        continue;
      }
      if (!by_sequence.contains(d.category)) sequences.push_back(d.category);
      by_sequence[d.category].push_back(&r);
      if (r.grade != Grade::none) ++grades[r.grade];
      ranked += r.rank_overall > 0 ? 1 : 0;
    }
    for (auto& [name, rows] : by_sequence)
      std::stable_sort(rows.begin(), rows.end(), [](const DepartmentResult* a, const DepartmentResult* b) {
        const int ra = a->rank_in_category > 0 ? a->rank_in_category : 1 << 30;
        const int rb = b->rank_in_category > 0 ? b->rank_in_category : 1 << 30;
        return ra < rb;
      });

    std::string h;
    h.reserve(16384);
    h += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h +=
        fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n", escape(title), kStyle);
    h += fmt::format("<header><p class=\"office\">{}</p><h1>{}</h1></header>\n", escape(office),
                     escape(title));
    h += fmt::format(
        "<p class=\"notice\">根据{}年度民主评议行风工作安排，经评议代表无记名测评、群众问卷测评和日常考核，"
        "{}个参评部门的评议结果已经产生，现予公示。公示期为{}起{}天。</p>\n",
        year, ranked, date_zh(published), escape(days));
    h += fmt::format(
        "<p class=\"notice\">公示期内，如对评议结果有异议，请{}向{}反映。反映情况应实事求是，"
        "我们将依规核实处理并为反映人保密。</p>\n",
        contact.empty() ? "以书面形式" : "通过 " + escape(contact) + " ", escape(office));

    for (const auto& seq : sequences) {
      const auto& rows = by_sequence[seq];
      h += fmt::format("<section class=\"sequence\" aria-label=\"{0}\">\n<h2>{0}</h2>\n<table>\n",
                       escape(seq));
      h += fmt::format("<caption>{}（{}个部门），按序列名次排列</caption>\n", escape(seq), rows.size());
      h += "<thead><tr><th scope=\"col\">序列名次</th><th scope=\"col\">部门</th><th "
           "scope=\"col\">综合得分</th>"
           "<th scope=\"col\">等次</th><th scope=\"col\" "
           "class=\"rank-all\">全县名次</th></tr></thead>\n<tbody>\n";
      for (const DepartmentResult* r : rows) {
        const Department& d = cycle.departments.at(r->department);
        const std::string grade = r->grade == Grade::none ? "—" : std::string(label_zh(r->grade));
        h += fmt::format(
            "<tr><td>{}</td><th scope=\"row\" class=\"name\">{}</th><td>{}</td><td class=\"grade-{}\">{}</td>"
            "<td class=\"rank-all\">{}</td></tr>\n",
            r->rank_in_category > 0 ? std::to_string(r->rank_in_category) : "—", escape(d.name),
            r->composite ? format_figure(r->composite, digits) : "—", to_string(r->grade), grade,
            r->rank_overall > 0 ? std::to_string(r->rank_overall) : "—");
      }
      h += "</tbody>\n</table>\n</section>\n";
    }

    // The grade distribution, as an inline SVG bar chart with its numbers as text.
    h += "<section aria-label=\"等次分布\">\n<h2>等次分布</h2>\n";
    int most = 1;
    for (const auto& [g, n] : grades) most = std::max(most, n);
    h += fmt::format(
        "<figure><svg role=\"img\" aria-label=\"等次分布\" viewBox=\"0 0 400 {}\" "
        "xmlns=\"http://www.w3.org/2000/svg\">\n",
        30 * std::size(kGrades) + 10);
    constexpr const char* kFill[] = {"", "#63be7b", "#5b9bd5", "#f4b183", "#e06666"};
    int y = 5;
    for (Grade g : kGrades) {
      const int n = grades.contains(g) ? grades[g] : 0;
      const int w = 300 * n / most;
      h += fmt::format(
          "<text x=\"0\" y=\"{}\" font-size=\"14\">{}</text><rect x=\"50\" y=\"{}\" width=\"{}\" "
          "height=\"20\" "
          "fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"14\">{}个</text>\n",
          y + 15, label_zh(g), y, w, kFill[static_cast<int>(g)], 56 + w, y + 15, n);
      y += 30;
    }
    h += "</svg></figure>\n";
    if (!exempt.empty()) {
      std::vector<std::string> names;
      for (const auto& n : exempt) names.push_back(escape(n));
      h += fmt::format("<p>免评部门（不参加计分和排名）：{}。</p>\n", fmt::join(names, "、"));
    }
    h += "</section>\n";
    h += fmt::format("<footer><p>{}</p><p>{}</p></footer>\n</main>\n</body>\n</html>\n", escape(office),
                     date_zh(published));

    const auto file = out_dir / fmt::format("{}年度民主评议行风结果公示.html", year);
    write_file_atomically(file, h);
    return {file};
  }

 private:
};

std::unique_ptr<Plugin> make() { return std::make_unique<HtmlReport>(); }

}  // namespace

LIBREVIEW_PLUGIN("report", "html", "1.0.0", "the public notice page (结果公示): one self-contained HTML file",
                 make)
