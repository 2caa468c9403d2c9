// `libreview track` (整改督办, office-year.md section 3): the progress file applied to the
// stored items, then the office's ledger (整改督办台账.xlsx) and one notice (督办通知书) per
// department with overdue items, written all or none.
#include "libreview/track.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "libreview/error.hpp"
#include "libreview/report_util.hpp"
#include "libreview/store.hpp"
#include "libreview/vocabulary.hpp"
#include "ooxml.hpp"
#include "package/messages_internal.hpp"
#include "xlsx_book.hpp"

namespace review {

namespace {

using xlsx::Book;
using xlsx::Sheet;

constexpr lxw_row_t kHeaderRow = 2;
constexpr lxw_row_t kFirstRow = 3;
constexpr int kDueSoonDays = 30;

std::string zh(RectificationStatus s) { return std::string(term(s).zh); }
std::string zh(RectificationSource s) { return std::string(term(s).zh); }

/// What the ledger is drawn from.
struct Ledger {
  const Cycle& cycle;
  Date as_of;
  std::vector<ProgressRecord> records;            ///< every progress record of the cycle
  std::set<std::string> closed_this_period;       ///< items this progress file closed
  std::vector<const RectificationItem*> carried;  ///< last cycle's items never verified
  int previous_year = 0;

  [[nodiscard]] std::string department(const std::string& id) const {
    const auto i = cycle.department_index(id);
    return i ? cycle.departments[*i].name : id;
  }
  [[nodiscard]] bool due_soon(const RectificationItem& it) const {
    return it.deadline && !it.closed() && *it.deadline >= as_of &&
           it.deadline->days() - as_of.days() <= kDueSoonDays;
  }
  /// The latest progress record of `item`, or null.
  [[nodiscard]] const ProgressRecord* latest(const std::string& item) const {
    for (auto it = records.rbegin(); it != records.rend(); ++it)
      if (it->item_id == item) return &*it;
    return nullptr;
  }
};

/// One sheet of items with the ledger's columns; `extra` is the last column's heading and value.
void item_sheet(Book& book, const Ledger& l, const std::string& name, const std::string& title,
                const std::vector<const RectificationItem*>& items, const char* extra,
                const std::function<std::string(const RectificationItem&)>& value, bool red) {
  Sheet sheet = book.add_sheet(name);
  const auto& f = sheet.formats();
  constexpr lxw_col_t kLast = 10;
  sheet.title(title, fmt::format("截至{}，共 {} 项", date_zh(l.as_of), items.size()), kLast);
  sheet.header(kHeaderRow, {"部门", "整改编号", "来源", "问题类别", "整改内容", "整改时限", "状态", extra,
                            "最近进展", "进展日期", "督查人"});
  sheet.cap_column(4, 50);
  sheet.cap_column(8, 40);
  lxw_row_t r = kFirstRow;
  for (const auto* it : items) {
    const auto row = f.row(red);
    const ProgressRecord* last = l.latest(it->id);
    sheet.text(r, 0, l.department(it->department_id), row.text);
    sheet.text(r, 1, it->id, row.text);
    sheet.text(r, 2, zh(it->source), row.center);
    sheet.text(r, 3, it->category, row.text);
    sheet.wrapped_text(r, 4, it->description, row.wrap);
    sheet.date_or_blank(r, 5, it->deadline, row.date);
    sheet.text(r, 6, zh(it->status), row.center);
    const std::string v = value(*it);
    if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos)
      sheet.number(r, 7, std::stod(v), f.integer);  // days: a number the clerk can sort and sum
    else
      sheet.text(r, 7, v, row.center);
    sheet.wrapped_text(r, 8, last != nullptr ? last->note : std::string(), row.wrap);
    sheet.date_or_blank(r, 9, last != nullptr ? std::optional<Date>(last->date) : std::nullopt, row.date);
    sheet.text(r, 10, last != nullptr ? last->inspector : std::string(), row.text);
    ++r;
  }
  sheet.autofilter(kHeaderRow, r == kFirstRow ? kHeaderRow : r - 1, kLast);
  sheet.fit_columns();
  sheet.print_setup();
}

void write_ledger(const Ledger& l, const std::filesystem::path& file) {
  Book book(file);
  const auto& items = l.cycle.rectifications;
  std::vector<const RectificationItem*> overdue, soon, closed;
  for (const auto& it : items) {
    if (it.overdue(l.as_of)) overdue.push_back(&it);
    if (l.due_soon(it)) soon.push_back(&it);
    if (l.closed_this_period.contains(it.id)) closed.push_back(&it);
  }
  std::stable_sort(overdue.begin(), overdue.end(),
                   [](const auto* a, const auto* b) { return *a->deadline < *b->deadline; });
  std::stable_sort(soon.begin(), soon.end(),
                   [](const auto* a, const auto* b) { return *a->deadline < *b->deadline; });
  const std::string title =
      l.cycle.info.name.empty() ? fmt::format("{}年度", l.cycle.info.year) : l.cycle.info.name;

  {  // 汇总: per department, per source
    Sheet sheet = book.add_sheet("汇总");
    const auto& f = sheet.formats();
    std::vector<const char*> header{"部门"};
    std::vector<std::string> sources;
    for (const auto& t : terms(TermFamily::rectification_source)) sources.emplace_back(t.zh);
    for (const auto& s : sources) header.push_back(s.c_str());
    for (const char* h : {"事项合计", "已销号", "已整改待验收", "逾期未完成", "30日内到期", "本期销号"})
      header.push_back(h);
    const auto last = static_cast<lxw_col_t>(header.size() - 1);
    sheet.title(
        title + "　整改督办台账",
        fmt::format("截至{}：事项 {} 项，逾期未完成 {} 项，30日内到期 {} 项，本期销号 {} 项{}",
                    date_zh(l.as_of), items.size(), overdue.size(), soon.size(), closed.size(),
                    l.carried.empty() ? std::string()
                                      : fmt::format("，{}年度结转 {} 项", l.previous_year, l.carried.size())),
        last);
    sheet.header(kHeaderRow, header);
    lxw_row_t r = kFirstRow;
    for (const auto& d : l.cycle.departments) {
      std::vector<double> n(header.size() - 1, 0);
      bool any = false;
      for (const auto& it : items) {
        if (it.department_id != d.id) continue;
        any = true;
        const auto src = static_cast<std::size_t>(it.source);
        if (src < sources.size()) ++n[src];
        const std::size_t base = sources.size();
        ++n[base];
        if (it.status == RectificationStatus::verified) ++n[base + 1];
        if (it.status == RectificationStatus::rectified) ++n[base + 2];
        if (it.overdue(l.as_of)) ++n[base + 3];
        if (l.due_soon(it)) ++n[base + 4];
        if (l.closed_this_period.contains(it.id)) ++n[base + 5];
      }
      if (!any) continue;
      const bool red = n[sources.size() + 3] > 0;
      sheet.text(r, 0, d.name, f.row(red).text);
      for (std::size_t c = 0; c < n.size(); ++c)
        sheet.number(r, static_cast<lxw_col_t>(c + 1), n[c], f.integer);
      ++r;
    }
    sheet.autofilter(kHeaderRow, r == kFirstRow ? kHeaderRow : r - 1, last);
    sheet.fit_columns();
    sheet.print_setup();
  }
  item_sheet(
      book, l, "逾期未完成", title + "　逾期未完成整改事项", overdue, "逾期天数",
      [&](const RectificationItem& it) { return std::to_string(l.as_of.days() - it.deadline->days()); },
      true);
  item_sheet(
      book, l, "30日内到期", title + "　30日内到期整改事项", soon, "剩余天数",
      [&](const RectificationItem& it) { return std::to_string(it.deadline->days() - l.as_of.days()); },
      false);
  item_sheet(
      book, l, "本期销号", title + "　本期完成整改事项", closed, "完成日期",
      [](const RectificationItem& it) { return it.closed_on ? it.closed_on->to_string() : std::string(); },
      false);
  if (!l.carried.empty())
    item_sheet(
        book, l, "上年结转", fmt::format("{}　{}年度结转整改事项", title, l.previous_year), l.carried,
        "结转自", [&](const RectificationItem&) { return fmt::format("{}年度", l.previous_year); }, false);

  {  // 市转办: complaints the city referred, and when each must be answered
    Sheet sheet = book.add_sheet("市转办投诉");
    const auto& f = sheet.formats();
    constexpr lxw_col_t kLast = 6;
    std::vector<const Complaint*> referred;
    for (const auto& c : l.cycle.complaints)
      if (c.channel == ComplaintChannel::city_referral) referred.push_back(&c);
    sheet.title(title + "　市转办投诉答复情况",
                fmt::format("截至{}，共 {} 件", date_zh(l.as_of), referred.size()), kLast);
    sheet.header(kHeaderRow, {"编号", "部门", "收到日期", "问题类别", "答复期限", "办结日期", "情况"});
    lxw_row_t r = kFirstRow;
    for (const auto* c : referred) {
      const bool late = c->overdue(l.as_of);
      const auto row = f.row(late);
      sheet.text(r, 0, c->id, row.text);
      sheet.text(r, 1, l.department(c->department_id), row.text);
      sheet.date_or_blank(r, 2, c->received_on, row.date);
      sheet.text(r, 3, c->category, row.text);
      sheet.date_or_blank(r, 4, c->due_on, row.date);
      sheet.date_or_blank(r, 5, c->closed_on, row.date);
      sheet.text(r, 6, c->closed_on ? "已办结" : late ? "逾期未答复" : "待答复", row.center);
      ++r;
    }
    sheet.autofilter(kHeaderRow, r == kFirstRow ? kHeaderRow : r - 1, kLast);
    sheet.fit_columns();
    sheet.print_setup();
  }
  {  // 进展记录: every update, in the order applied
    Sheet sheet = book.add_sheet("进展记录");
    const auto& f = sheet.formats();
    constexpr lxw_col_t kLast = 5;
    sheet.title(title + "　整改进展记录", fmt::format("共 {} 条", l.records.size()), kLast);
    sheet.header(kHeaderRow, {"日期", "整改编号", "部门", "状态", "情况", "督查人"});
    sheet.cap_column(4, 50);
    lxw_row_t r = kFirstRow;
    for (const auto& rec : l.records) {
      const auto i =
          std::find_if(items.begin(), items.end(), [&](const auto& it) { return it.id == rec.item_id; });
      sheet.date(r, 0, rec.date, f.date);
      sheet.text(r, 1, rec.item_id, f.text);
      const auto& cs = l.cycle.complaints;
      const auto c = std::find_if(cs.begin(), cs.end(), [&](const auto& x) { return x.id == rec.item_id; });
      const std::string dep = i != items.end() ? l.department(i->department_id)
                              : c != cs.end()  ? l.department(c->department_id)
                                               : std::string();
      sheet.text(r, 2, dep, f.text);
      sheet.text(r, 3, zh(rec.status), f.center);
      sheet.wrapped_text(r, 4, rec.note, f.wrap);
      sheet.text(r, 5, rec.inspector, f.text);
      ++r;
    }
    sheet.autofilter(kHeaderRow, r == kFirstRow ? kHeaderRow : r - 1, kLast);
    sheet.fit_columns();
    sheet.print_setup();
  }
  book.close();
}

/// 整改督办通知书 to one department: its overdue items and the date to report back by.
void write_notice(const Ledger& l, const Department& dep, const std::vector<const RectificationItem*>& items,
                  const TrackOptions& o, const std::filesystem::path& file) {
  using namespace docx;
  const Date reply = Date::from_days(l.as_of.days() + o.reply_days);
  Stationery stationery{l.cycle.info.name, o.office, fmt::format("{}T00:00:00Z", l.as_of.to_string()),
                        Layout::gongwen};
  PackageMaker maker(stationery);
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  body.issuer_mark(o.office, "");
  body.title("整改督办通知书");
  body.line(dep.name + "：");
  body.paragraph(fmt::format(
      "根据{}年度民主评议行风工作安排，经对评议中提出的整改事项逐项督查，截至{}，你单位有 {} 项整改事项已超过"
      "整改时限仍未完成整改，现予督办。",
      l.cycle.info.year, date_zh(l.as_of), items.size()));
  TableSpec spec{
      .header = {"整改编号", "来源", "整改内容", "整改时限", "逾期天数", "当前状态"},
      .widths = {1400, 900, 3050, 1500, 900, 1100},
      .align = {Align::center, Align::center, Align::left, Align::center, Align::center, Align::center}};
  std::vector<std::vector<std::string>> rows;
  for (const auto* it : items)
    rows.push_back({it->id, zh(it->source), it->description, date_zh(*it->deadline),
                    std::to_string(l.as_of.days() - it->deadline->days()), zh(it->status)});
  body.table(spec, rows);
  body.paragraph(fmt::format(
      "请你单位高度重视，逐项查明未按期完成的原因，落实责任人和整改措施，并于{}前将整改情况书面报送{}。"
      "逾期仍未完成的，将按规定在年度评议中扣分并予以通报。",
      date_zh(reply), o.office));
  body.line("");
  body.line(o.office, Align::right);
  body.line(date_zh(l.as_of), Align::right);
  PackageMaker::finish_body(body.node());
  write_file_atomically(file, maker.docx(doc, body, "整改督办通知书"));
}

std::string file_safe(std::string name) {
  for (char& ch : name)
    if (ch == '/' || ch == '\\' || ch == ':' || ch == '*' || ch == '?' || ch == '"' || ch == '<' ||
        ch == '>' || ch == '|')
      ch = '_';
  return name;
}

}  // namespace

TrackResult track(const TrackOptions& o) {
  const std::string where = store_display_name(o.store.string());
  if (!store_exists(o.store))
    throw NotFoundError(
        fmt::format(fmt::runtime(package_msg::said(package_msg::kNoCycle)), where, o.year, ""),
        std::string(package_msg::kNoCycle));
  Store store(o.store);
  std::string region = o.region;
  if (region.empty()) {
    std::vector<std::string> regions;
    for (const auto& c : store.cycles())
      if (c.year == o.year) regions.push_back(c.region);
    if (regions.empty())
      throw NotFoundError(
          fmt::format(fmt::runtime(package_msg::said(package_msg::kNoCycle)), where, o.year, ""),
          std::string(package_msg::kNoCycle));
    if (regions.size() > 1)
      throw UsageError(
          fmt::format(fmt::runtime(package_msg::said(package_msg::kWhichRegion)), o.year, listed(regions)),
          std::string(package_msg::kWhichRegion));
    region = regions.front();
  }
  TrackResult result;
  std::set<std::string> closed_now;
  if (!o.progress.empty()) {
    const ProgressFile progress = read_progress(o.progress);
    result.applied = store.apply_progress(region, o.year, progress);
    for (const auto& u : progress.updates)
      if (u.status == RectificationStatus::rectified || u.status == RectificationStatus::verified)
        closed_now.insert(u.item_id);
      else
        closed_now.erase(u.item_id);
  }
  const Cycle cycle = store.load(region, o.year);
  Ledger l{cycle, o.as_of.value_or(today()), store.progress(region, o.year), std::move(closed_now), {}, 0};
  std::optional<Cycle> previous;
  for (const auto& c : store.cycles())
    if (c.region == region && c.year < o.year && c.year > l.previous_year) l.previous_year = c.year;
  if (l.previous_year != 0) {
    previous = store.load(region, l.previous_year);
    for (const auto& it : previous->rectifications)
      if (it.status != RectificationStatus::verified) l.carried.push_back(&it);
  }
  for (const auto& it : cycle.rectifications) {
    result.overdue += it.overdue(l.as_of) ? 1 : 0;
    result.due_soon += l.due_soon(it) ? 1 : 0;
  }
  result.closed_this_period = l.closed_this_period.size();
  result.carried_over = l.carried.size();

  std::filesystem::create_directories(o.out_dir / "督办通知书");
  remove_stale_temp_files(o.out_dir);
  remove_stale_temp_files(o.out_dir / "督办通知书");
  std::vector<std::unique_ptr<AtomicFile>> files;
  files.push_back(std::make_unique<AtomicFile>(o.out_dir / "整改督办台账.xlsx"));
  write_ledger(l, files.back()->temp_path());
  for (const auto& dep : cycle.departments) {
    std::vector<const RectificationItem*> late;
    for (const auto& it : cycle.rectifications)
      if (it.department_id == dep.id && it.overdue(l.as_of)) late.push_back(&it);
    if (late.empty()) continue;
    files.push_back(std::make_unique<AtomicFile>(
        o.out_dir / "督办通知书" / fmt::format("{}-{}.docx", file_safe(dep.id), file_safe(dep.name))));
    write_notice(l, dep, late, o, files.back()->temp_path());
  }
  std::vector<AtomicFile*> all;
  for (auto& f : files) all.push_back(f.get());
  commit_all(all);
  for (auto& f : files) result.written.push_back(f->final_path());
  // The notices of an earlier ledger to departments with nothing overdue now are withdrawn:
  // the folder holds this ledger's notices only (an office sends what it finds there).
  std::set<std::filesystem::path> current(result.written.begin(), result.written.end());
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(o.out_dir / "督办通知书", ec)) {
    const auto& p = entry.path();
    if (entry.is_regular_file() && p.extension() == ".docx" && !p.filename().string().starts_with('.') &&
        !current.contains(p)) {
      std::error_code rm;
      std::filesystem::remove(p, rm);
    }
  }
  return result;
}

}  // namespace review
