// The city report (全市汇总报告.docx): a short report of the roll-up in Chinese, built
// with the report-docx plugin's OOXML writer (review_ooxml), its styles and layout.
#include <fmt/format.h>

#include <cstdlib>

#include "libreview/report_util.hpp"
#include "ooxml.hpp"
#include "package/messages_internal.hpp"
#include "rollup/city_internal.hpp"

namespace review::city {

void write_report(const Rollup& rollup, const std::filesystem::path& file) {
  using namespace docx;
  const std::string title = fmt::format(fmt::runtime(package_msg::kCityReportTitle), rollup.year);
  PackageMaker maker(Stationery{fmt::format(fmt::runtime(package_msg::kCityTitle), rollup.year), "libreview",
                                fmt::format("{}-12-31T00:00:00Z", rollup.year)});
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  body.title(title);
  const auto grades = grade_columns();
  const auto counts = grade_counts(rollup);
  const auto by_kind = kinds(rollup);
  body.paragraph(
      fmt::format("本次汇总收到 {} 个县（市、区）{}年度民主评议行风上报数据包，经逐一核验清单无误，"
                  "共汇总参评和免评部门 {} 个；其中 {} 类部门在各县之间作了同类比较。",
                  rollup.counties.size(), rollup.year, rollup.rows.size(), by_kind.size()));

  body.heading(1, "一、各县评议结果");
  TableSpec spec;
  spec.header = {"县（市、区）"};
  for (const auto& g : grades) spec.header.push_back(g.label);
  spec.header.push_back("有等次部门");
  spec.header.push_back("计分规则");
  spec.align = {Align::left};
  for (std::size_t g = 0; g <= grades.size(); ++g) spec.align.push_back(Align::center);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t c = 0; c < rollup.counties.size(); ++c) {
    const auto& m = rollup.counties[c].manifest;
    std::vector<std::string> row{m.county};
    int total = 0;
    for (int n : counts[c]) {
      row.push_back(std::to_string(n));
      total += n;
    }
    row.push_back(std::to_string(total));
    row.push_back(scoring_rule_label(m.rule));
    rows.push_back(std::move(row));
  }
  body.table(spec, rows);
  body.note("注：按各县上报的评议结果统计，免评部门不计入等次。");

  body.heading(1, "二、同类部门比较");
  if (by_kind.empty()) {
    body.paragraph("各县数据包和部门类型对照表均未给出部门类型，本次未作同类比较。");
  } else {
    body.paragraph(
        "同类部门按各县上报的综合得分（保留两位小数）跨县排名，得分相同者名次并列。各类部门的第一名和最后一名"
        "如下表，"
        "完整排名见全市汇总工作簿。");
    TableSpec kinds_spec{
        {"部门类型", "部门数", "第一名", "最后一名"}, {}, {Align::left, Align::center}, false};
    std::vector<std::vector<std::string>> kind_rows;
    for (const auto& [kind, members] : by_kind) {
      const RollupRow* first = nullptr;
      const RollupRow* last = nullptr;
      for (const RollupRow* r : members)
        if (r->rank_in_kind) {
          if (first == nullptr) first = r;
          last = r;
        }
      auto who = [](const RollupRow* r) {
        return r == nullptr ? std::string("—")
                            : fmt::format("{}{}（{}）", r->county, r->department_name, r->composite);
      };
      kind_rows.push_back({kind, std::to_string(members.size()), who(first), who(last)});
    }
    body.table(kinds_spec, kind_rows);
  }
  if (!rollup.unplaced.empty()) {
    body.heading(1, "三、未归类部门");
    body.paragraph(
        fmt::format("以下 {} 个部门没有部门类型，未参加同类排名。请各县在部门表中填写“部门类型”一列，"
                    "或在汇总时附上部门类型对照表：",
                    rollup.unplaced.size()));
    const int list = body.start_list(ListKind::decimal);
    for (const auto& u : rollup.unplaced) body.list_item(list, u);
  }
  PackageMaker::finish_body(body.node());
  write_file_atomically(file, maker.docx(doc, body, title));
}

}  // namespace review::city
