// The C++ side of benchmarks/run.py: imports one cycle folder once, then
// answers timing commands read from stdin, one per line, with one JSON line
// each on stdout, so run.py can alternate libreview with its peer (pandas,
// python-docx) rep by rep while the cycle stays loaded.
//
//   bench_driver DIR            then commands on stdin:
//   import                      re-import DIR (every validation) -> {"seconds": s}
//   score                       score_cycle(default profile) -> {"seconds": s}
//   floor                       the bare single-pass loop over the same rating arrays -> {"seconds": s}
//   xlsx OUT | rawxlsx OUT      the xlsx plugin's workbook / raw libxlsxwriter writing its cells
//   docx OUT                    the docx plugin's feedback letters (documents=letters)
//   results FILE                unrounded results of the default rule as CSV
//   letters FILE                the figures of every letter (Documents::letter_data) as JSON
//   info                        sizes of the cycle
//   quit
//
// Every timing is wall-clock (steady_clock) of the call alone; process start-up,
// plugin loading and the first (property-checking) call of score_cycle are not
// counted, as interpreter start-up and imports are not counted on the Python side.
#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "documents.hpp"
#include "libreview/ingest.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"
#include "libreview/scoring.hpp"

namespace fs = std::filesystem;
using namespace review;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kLetterDate = "2018-01-15";

template <class F>
double seconds(F&& f) {
  const auto t0 = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

volatile double g_sink = 0;  // keeps the floor loop's sums alive

/// The floor: one pass over each rating column summing points and counting
/// valid votes per department, nothing else.
void floor_pass(const Cycle& c, std::vector<double>& sum, std::vector<std::uint32_t>& count) {
  static constexpr double kPoints[4] = {100.0, 70.0, 0.0, 0.0};
  static constexpr std::uint32_t kValid[4] = {1, 1, 1, 0};
  const std::size_t n = c.departments.size();
  sum.assign(2 * n, 0.0);
  count.assign(2 * n, 0);
  const RatingColumns* cols[2] = {&c.ballots, &c.questionnaires};
  for (int k = 0; k < 2; ++k) {
    const std::uint32_t* dep = cols[k]->department.data();
    const Rating* rating = cols[k]->rating.data();
    const std::size_t m = cols[k]->size();
    double* s = sum.data() + static_cast<std::size_t>(k) * n;
    std::uint32_t* cnt = count.data() + static_cast<std::size_t>(k) * n;
    for (std::size_t i = 0; i < m; ++i) {
      const auto r = static_cast<std::uint8_t>(rating[i]);
      s[dep[i]] += kPoints[r];
      cnt[dep[i]] += kValid[r];
    }
  }
  double total = 0;
  for (std::size_t i = 0; i < sum.size(); ++i) total += sum[i] / std::max<std::uint32_t>(1, count[i]);
  g_sink = g_sink + total;
}

lxw_datetime to_lxw(const Date& d) { return {d.year, static_cast<int>(d.month), static_cast<int>(d.day), 0, 0, 0.0}; }

std::string flags_zh(const DepartmentResult& r) {
  std::string out;
  for (const auto& f : r.flags) {
    if (!out.empty()) out += "；";
    out += flag_label_zh(f);
  }
  return out;
}

/// The cells the xlsx plugin writes on its ranking, sequence and ledger sheets,
/// with plain libxlsxwriter calls (constant_memory, as the plugin): same rows,
/// values and number formats; no widths, conditional formats, autofilters,
/// print setup, statistics sheet or charts.
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
    header(ws, {"名次", "部门名称", "序列", "序列名次", "测评票得分", "问卷得分", "日常考核得分", "扣分", "综合得分",
                "等次", "提示与备注"});
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

nlohmann::json to_json(const docx::TemplateData& t) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& name : t.names()) {
    if (const auto* v = t.value(name))
      j[name] = *v;
    else if (const auto* items = t.items(name)) {
      auto& a = j[name] = nlohmann::json::array();
      for (const auto& it : *items) a.push_back(to_json(it));
    }
  }
  return j;
}

struct Session {
  fs::path source;
  PluginRegistry registry{std::vector<fs::path>{LIBREVIEW_BUILD_PLUGIN_DIR}};
  Cycle cycle;
  RegionProfile profile;
  Results results;
  History history;
  std::vector<double> sum;
  std::vector<std::uint32_t> count;

  explicit Session(fs::path dir) : source(std::move(dir)) {
    cycle = import_cycle(source);
    profile = ProfileLibrary(registry).resolve("default", cycle.info.as_of);
    results = score_cycle(cycle, history, profile, registry);  // first use: the rule's property check
  }

  ReportOptions docx_options() const {
    ReportOptions o;
    o.values["documents"] = "letters";
    o.values["date"] = kLetterDate;
    return o;
  }

  nlohmann::json run(const std::string& cmd, const std::string& arg) {
    if (cmd == "import") return {{"seconds", seconds([&] { Cycle c = import_cycle(source); g_sink = g_sink + c.ballots.size(); })}};
    if (cmd == "score") return {{"seconds", seconds([&] { results = score_cycle(cycle, history, profile, registry); })}};
    if (cmd == "floor") return {{"seconds", seconds([&] { floor_pass(cycle, sum, count); })}};
    if (cmd == "xlsx") {
      const auto w = registry.report_writer("xlsx");
      return {{"seconds", seconds([&] { w->write({cycle, results, profile}, arg, ReportOptions{}); })}};
    }
    if (cmd == "rawxlsx") {
      fs::create_directories(arg);
      return {{"seconds", seconds([&] { write_raw(cycle, results, fs::path(arg) / "raw.xlsx"); })}};
    }
    if (cmd == "docx") {
      const auto w = registry.report_writer("docx");
      std::size_t files = 0;
      const double s = seconds([&] { files = w->write({cycle, results, profile}, arg, docx_options()).size(); });
      return {{"seconds", s}, {"files", files}};
    }
    if (cmd == "results") {
      std::ofstream out(arg);
      out << "department_id,ballot_score,questionnaire_score,daily_work_score,deductions,composite,rank_overall,"
             "rank_in_category,grade\n";
      auto opt = [](const std::optional<double>& v) { return v ? fmt::format("{:.17g}", *v) : std::string(); };
      for (const auto& r : results.departments)
        out << cycle.departments[r.department].id << ',' << opt(r.ballot_score) << ','
            << opt(r.questionnaire_score) << ',' << opt(r.daily_work_score) << ','
            << fmt::format("{:.17g}", r.deductions) << ',' << opt(r.composite) << ',' << r.rank_overall << ','
            << r.rank_in_category << ',' << to_string(r.grade) << '\n';
      return {{"ok", true}};
    }
    if (cmd == "letters") {
      docx::DocumentSettings settings;
      settings.date = *Date::parse(kLetterDate);
      const docx::Documents docs({cycle, results, profile}, settings);
      nlohmann::json all = nlohmann::json::array();
      for (std::uint32_t d : docs.participating()) {
        auto j = to_json(docs.letter_data(d));
        const auto& r = results.departments[d];
        j["deduction_cap"] = fmt::format("{:.2f}", r.receipt.deduction_cap);
        j["anonymity_k"] = static_cast<int>(profile.number_or("anonymity.k", kDefaultMinCell));
        for (const auto& c : r.receipt.components) j[c.component + "_valid"] = c.valid;
        all.push_back(std::move(j));
      }
      std::ofstream(arg) << all.dump();
      return {{"ok", true}, {"letters", all.size()}};
    }
    if (cmd == "info")
      return {{"departments", cycle.departments.size()},
              {"participating", cycle.participating_count()},
              {"ballots", cycle.ballots.size()},
              {"questionnaire_answers", cycle.questionnaires.size()},
              {"ratings", cycle.ballots.size() + cycle.questionnaires.size()}};
    throw std::runtime_error("unknown command: " + cmd);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_driver DIR  (commands on stdin; see the source)\n";
    return 2;
  }
  try {
    Session s(argv[1]);
    std::cout << nlohmann::json{{"ready", true}}.dump() << std::endl;
    for (std::string line; std::getline(std::cin, line);) {
      std::istringstream in(line);
      std::string cmd, arg;
      in >> cmd;
      std::getline(in >> std::ws, arg);
      if (cmd.empty()) continue;
      if (cmd == "quit") break;
      try {
        std::cout << s.run(cmd, arg).dump() << std::endl;
      } catch (const std::exception& e) {
        std::cout << nlohmann::json{{"error", e.what()}}.dump() << std::endl;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_driver: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
