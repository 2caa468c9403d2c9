// Raw libxlsxwriter writing the xlsx plugin's cells (see raw_xlsx.hpp).
#include "raw_xlsx.hpp"

#include <xlsxwriter.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "libreview/report_util.hpp"
#include "libreview/vocabulary.hpp"

namespace fs = std::filesystem;

namespace review::bench {

namespace {

lxw_datetime to_lxw(const Date& d) { return {d.year, static_cast<int>(d.month), static_cast<int>(d.day), 0, 0, 0.0}; }

std::string flags_zh(const DepartmentResult& r) {
  std::string out;
  for (const auto& f : r.flags) {
    if (!out.empty()) out += "；";
    out += label_zh(TermFamily::flag, f);
  }
  return out;
}

}  // namespace

void write_raw(const Cycle& c, const Results& res, const fs::path& file) {
  lxw_workbook_options opts{};
  opts.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(file.c_str(), &opts);
  lxw_format* text = workbook_add_format(wb);
  lxw_format* figure = workbook_add_format(wb);
  format_set_num_format(figure, "0.00");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  auto name_of = [&](const std::string& id) -> const std::string& {
    const auto i = c.department_index(id);
    return i ? c.departments[*i].name : id;
  };
  auto put_date = [&](lxw_worksheet* ws, lxw_row_t r, lxw_col_t col, const std::optional<Date>& d) {
    if (!d) return;
    lxw_datetime dt = to_lxw(*d);
    worksheet_write_datetime(ws, r, col, &dt, date);
  };
  auto header = [&](lxw_worksheet* ws, std::initializer_list<const char*> cols) {
    lxw_col_t i = 0;
    for (const char* h : cols) worksheet_write_string(ws, 2, i++, h, text);
  };
  // Ranked first by rank, then the rest in cycle order (as the plugin orders them).
  std::vector<const DepartmentResult*> order;
  for (const auto& d : res.departments) order.push_back(&d);
  std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) {
    const int ra = a->rank_overall ? a->rank_overall : 1 << 30, rb = b->rank_overall ? b->rank_overall : 1 << 30;
    return ra < rb;
  });
  std::vector<std::string> categories;
  for (const auto& d : c.departments)
    if (std::find(categories.begin(), categories.end(), d.category) == categories.end())
      categories.push_back(d.category);
  auto ranking = [&](const std::string& name, const std::string* category) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    worksheet_write_string(ws, 0, 0, (c.info.name + "　排名").c_str(), text);
    header(ws, {"名次", "部门名称", "序列", "序列名次", "代表测评得分", "群众问卷得分", "日常考核得分",
                "扣分", "综合得分", "等次", "提示与备注"});
    lxw_row_t r = 3;
    for (const auto* d : order) {
      const Department& dep = c.departments[d->department];
      if (category != nullptr && dep.category != *category) continue;
      if (d->rank_overall)
        worksheet_write_number(ws, r, 0, d->rank_overall, text);
      else
        worksheet_write_string(ws, r, 0, dep.status == DepartmentStatus::exempt ? "免评" : "未排名", text);
      worksheet_write_string(ws, r, 1, dep.name.c_str(), text);
      worksheet_write_string(ws, r, 2, dep.category.c_str(), text);
      if (d->rank_in_category) worksheet_write_number(ws, r, 3, d->rank_in_category, text);
      if (d->ballot_score) worksheet_write_number(ws, r, 4, round_half_away(*d->ballot_score), figure);
      if (d->questionnaire_score) worksheet_write_number(ws, r, 5, round_half_away(*d->questionnaire_score), figure);
      if (d->daily_work_score) worksheet_write_number(ws, r, 6, round_half_away(*d->daily_work_score), figure);
      if (d->composite) {
        worksheet_write_number(ws, r, 7, round_half_away(d->deductions), figure);
        worksheet_write_number(ws, r, 8, round_half_away(*d->composite), figure);
        worksheet_write_string(ws, r, 9, std::string(label_zh(d->grade)).c_str(), text);
      }
      const std::string f = dep.status == DepartmentStatus::exempt ? dep.exempt_reason : flags_zh(*d);
      if (!f.empty()) worksheet_write_string(ws, r, 10, f.c_str(), text);
      ++r;
    }
  };
  ranking("排名", nullptr);
  for (const auto& cat : categories) ranking(cat, &cat);  // the generated sequences are valid sheet names
  lxw_worksheet* ws = workbook_add_worksheet(wb, "整改台账");
  header(ws, {"编号", "部门", "来源", "来源编号", "问题类别", "整改内容", "整改时限", "状态", "销号日期", "逾期"});
  lxw_row_t r = 3;
  for (const auto& it : c.rectifications) {
    worksheet_write_string(ws, r, 0, it.id.c_str(), text);
    worksheet_write_string(ws, r, 1, name_of(it.department_id).c_str(), text);
    worksheet_write_string(ws, r, 2, std::string(label_zh(it.source)).c_str(), text);
    worksheet_write_string(ws, r, 3, it.source_ref.c_str(), text);
    worksheet_write_string(ws, r, 4, it.category.c_str(), text);
    worksheet_write_string(ws, r, 5, it.description.c_str(), text);
    put_date(ws, r, 6, it.deadline);
    worksheet_write_string(ws, r, 7, std::string(label_zh(it.status)).c_str(), text);
    put_date(ws, r, 8, it.closed_on);
    const bool late = it.deadline && *it.deadline < c.info.as_of && it.status != RectificationStatus::rectified &&
                      it.status != RectificationStatus::verified;
    if (late) worksheet_write_string(ws, r, 9, "逾期", text);
    ++r;
  }
  ws = workbook_add_worksheet(wb, "投诉台账");
  header(ws, {"编号", "部门", "受理日期", "来源", "问题类别", "是否属实", "办结时限", "办结日期", "摘要", "逾期"});
  r = 3;
  for (const auto& cp : c.complaints) {
    worksheet_write_string(ws, r, 0, cp.id.c_str(), text);
    worksheet_write_string(ws, r, 1, name_of(cp.department_id).c_str(), text);
    put_date(ws, r, 2, cp.received_on);
    worksheet_write_string(ws, r, 3, std::string(label_zh(cp.channel)).c_str(), text);
    worksheet_write_string(ws, r, 4, cp.category.c_str(), text);
    worksheet_write_string(ws, r, 5, cp.substantiated ? "属实" : "不属实", text);
    put_date(ws, r, 6, cp.due_on);
    put_date(ws, r, 7, cp.closed_on);
    worksheet_write_string(ws, r, 8, cp.summary.c_str(), text);
    if (cp.due_on && *cp.due_on < c.info.as_of && !cp.closed_on) worksheet_write_string(ws, r, 9, "逾期未办结", text);
    ++r;
  }
  ws = workbook_add_worksheet(wb, "公开承诺");
  header(ws, {"编号", "部门", "承诺内容", "公开日期", "公开渠道", "完成时限", "状态"});
  r = 3;
  for (const auto& cm : c.commitments) {
    worksheet_write_string(ws, r, 0, cm.id.c_str(), text);
    worksheet_write_string(ws, r, 1, name_of(cm.department_id).c_str(), text);
    worksheet_write_string(ws, r, 2, cm.text.c_str(), text);
    put_date(ws, r, 3, cm.published_on);
    worksheet_write_string(ws, r, 4, cm.channel.c_str(), text);
    put_date(ws, r, 5, cm.due_on);
    worksheet_write_string(ws, r, 6, cm.status.c_str(), text);
    ++r;
  }
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("raw libxlsxwriter failed");
}

}  // namespace review::bench
