// cycle.toml and the `cycle` and `stages` sheets: the cycle's year, region,
// name, as-of date and stages.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <sstream>
#include <tuple>
#include <utility>

#include "ingest/cycle_info_internal.hpp"
#include "ingest/importer_internal.hpp"
#include "log_internal.hpp"

namespace review::ingest {

void fill_info(CycleInfo& info, const std::unordered_map<std::string, KeyValue>& kv, const std::string& file,
               Diagnostics& diags, IssuedAt* issued_at) {
  if (issued_at != nullptr) {
    issued_at->file = file;
    if (auto it = kv.find("ballots.issued"); it != kv.end()) issued_at->ballots = it->second;
    if (auto it = kv.find("questionnaires.issued"); it != kv.end()) issued_at->questionnaires = it->second;
  }
  auto year = kv.find("year");
  if (year == kv.end()) {
    diags.add(file, 0, 0, "year", "year", kMissingKey);
  } else {
    int y = 0;
    const auto t = trim(year->second.text);
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), y);
    if (!year->second.right_type || ec != std::errc{} || ptr != t.data() + t.size() || y < 1900 || y > 9999)
      diags.add(file, year->second.line, year->second.column, "year", t, kBadYear);
    else
      info.year = y;
  }
  if (auto it = kv.find("region"); it != kv.end()) {
    if (!it->second.right_type || trim(it->second.text).empty())
      diags.add(file, it->second.line, it->second.column, "region", it->second.text, kNotText);
    else
      info.region = trim(it->second.text);
  }
  if (auto it = kv.find("county"); it != kv.end()) {
    if (!it->second.right_type)
      diags.add(file, it->second.line, it->second.column, "county", it->second.text, kNotText);
    else
      info.county = trim(it->second.text);
  }
  if (auto it = kv.find("name"); it != kv.end()) {
    if (!it->second.right_type)
      diags.add(file, it->second.line, it->second.column, "name", it->second.text, kNotText);
    else
      info.name = trim(it->second.text);
  }
  for (auto [key, into] : {std::pair{"ballots.issued", &info.ballots_issued},
                           std::pair{"questionnaires.issued", &info.questionnaires_issued}}) {
    auto it = kv.find(key);
    if (it == kv.end()) continue;
    std::uint32_t n = 0;
    const auto t = trim(it->second.text);
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (!it->second.right_type || ec != std::errc{} || ptr != t.data() + t.size())
      diags.add(file, it->second.line, it->second.column, key, t, kBadIssued);
    else
      *into = n;
  }
  info.as_of = Date{info.year, 12, 31};
  if (auto it = kv.find("as_of"); it != kv.end()) {
    if (auto d = Date::parse_written(it->second.text); d && it->second.right_type)
      info.as_of = *d;
    else
      diags.add(file, it->second.line, it->second.column, "as_of", it->second.text,
                date_message(it->second.text));
  }
}

namespace {

KeyValue toml_value(const toml::node& node) {
  KeyValue v;
  v.line = node.source().begin.line;
  v.column = node.source().begin.column;
  if (auto s = node.as_string()) {
    v.text = s->get();
  } else if (auto i = node.as_integer()) {
    v.text = std::to_string(i->get());
  } else if (auto d = node.as_date()) {
    v.text = fmt::format("{:04}-{:02}-{:02}", d->get().year, d->get().month, d->get().day);
  } else {
    std::ostringstream os;
    node.visit([&](const auto& value) { os << value; });
    v.text = os.str();
  }
  return v;
}

}  // namespace

void read_cycle_toml(CycleInfo& info, std::string text, const std::string& file, Diagnostics& diags,
                     IssuedAt* issued_at) {
  std::size_t bad_line = 0;
  if (!decode_to_utf8(text, bad_line)) {
    diags.add(file, bad_line, 0, "", "", kBadEncoding);
    return;
  }
  toml::table table;
  try {
    table = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    diags.add(file, e.source().begin.line, e.source().begin.column, "", e.description(), kBadToml);
    return;
  }
  std::unordered_map<std::string, KeyValue> kv;
  for (const auto& [key, node] : table) {
    const std::string k(key.str());
    if (k == "stages") continue;
    if (k == "ballots" || k == "questionnaires") {
      if (const auto* t = node.as_table(); t != nullptr && t->get("issued") != nullptr) {
        auto v = toml_value(*t->get("issued"));
        v.right_type = t->get("issued")->is_integer();
        kv.emplace(k + ".issued", std::move(v));
      }
      continue;
    }
    if (k != "year" && k != "region" && k != "name" && k != "county" && k != "as_of")
      log::get("ingest")->debug("{}: key '{}' is not used", file, k);
    auto v = toml_value(node);
    if (k == "year")
      v.right_type = node.is_integer();
    else if (k == "as_of")
      v.right_type = node.is_string() || node.is_date();
    else
      v.right_type = node.is_string();
    kv.emplace(k, std::move(v));
  }
  fill_info(info, kv, file, diags, issued_at);
  if (auto* stages = table["stages"].as_array()) {
    for (const auto& node : *stages) {
      const auto* t = node.as_table();
      if (t == nullptr) {
        const auto v = toml_value(node);
        diags.add(file, v.line, v.column, "stages", v.text, kStageNotTable);
        continue;
      }
      Stage s;
      auto text_of = [&](std::string_view key) -> std::optional<KeyValue> {
        if (const auto* n = t->get(key)) return toml_value(*n);
        return std::nullopt;
      };
      if (auto v = text_of("id")) s.id = v->text;
      if (auto v = text_of("name")) s.name = v->text;
      for (auto [key, into] : {std::pair{"start", &s.start}, std::pair{"end", &s.end}}) {
        if (auto v = text_of(key)) {
          *into = Date::parse_written(v->text);
          if (!*into) diags.add(file, v->line, v->column, key, v->text, date_message(v->text));
        }
      }
      info.stages.push_back(std::move(s));
    }
  }
}

namespace {

/// The keys of the `cycle` sheet as the entry workbook writes them in Chinese (评议概况).
constexpr std::pair<std::string_view, std::string_view> kCycleKeysZh[] = {
    {"年度", "year"},          {"地区规则", "region"},           {"县（市、区）", "county"},
    {"评议名称", "name"},      {"统计截止日期", "as_of"},        {"测评表发放数", "ballots.issued"},
    {"问卷发放数", "questionnaires.issued"}};

/// The sheet of `book` named `name` or, failing that, `alias` (empty when neither).
std::string sheet_named(const Workbook& book, std::string_view name, std::string_view alias) {
  if (book.has_sheet(std::string(name))) return std::string(name);
  if (book.has_sheet(std::string(alias))) return std::string(alias);
  return {};
}

}  // namespace

void read_cycle_sheets(const Workbook& book, CycleInfo& info, const std::string& base, Diagnostics& diags,
                       IssuedAt* issued_at) {
  auto sheet_file = [&](std::string_view sheet) { return fmt::format("{}[{}]", base, sheet); };
  // `cycle` (or 评议概况): one key and its value per row, the keys in English or in Chinese.
  if (const auto cycle = sheet_named(book, "cycle", "评议概况"); !cycle.empty()) {
    std::unordered_map<std::string, KeyValue> kv;
    auto reader = book.open(cycle);
    Record r;
    while (reader->next(r)) {
      std::string key(trim(r.field(0)));
      const auto value = trim(r.field(1));
      // A key left without a value (测评表发放数 not yet known) is as if absent.
      if (key.empty() || value.empty() || (key == "key" && value == "value") || (key == "项目" && value == "内容")) continue;
      for (const auto& [zh, en] : kCycleKeysZh)
        if (key == zh) key = en;
      kv.emplace(key, KeyValue{std::string(value), r.line, 2, true});
    }
    fill_info(info, kv, sheet_file(cycle), diags, issued_at);
  } else {
    diags.add(sheet_file("cycle"), 0, 0, "", "", kMissingSheet);
  }
  if (const auto stages = sheet_named(book, "stages", "评议阶段"); !stages.empty()) {
    auto reader = book.open(stages);
    Record r;
    bool header = true;
    while (reader->next(r)) {
      if (std::exchange(header, false)) continue;
      Stage s{std::string(trim(r.field(0))), std::string(trim(r.field(1))), std::nullopt, std::nullopt};
      if (s.id.empty() && s.name.empty() && trim(r.field(2)).empty() && trim(r.field(3)).empty()) continue;
      for (std::size_t c : {2U, 3U}) {
        const auto t = trim(r.field(c));
        if (t.empty()) continue;
        auto d = Date::parse_written(t);
        if (!d) diags.add(sheet_file(stages), r.line, c + 1, c == 2 ? "start" : "end", t, date_message(t));
        (c == 2 ? s.start : s.end) = d;
      }
      info.stages.push_back(std::move(s));
    }
  }
}

void check_issued(const Cycle& cycle, const IssuedAt& at, Diagnostics& diags) {
  for (const auto& [a, where, key] :
       {std::tuple{cycle.ballot_accounting(), &at.ballots, "ballots.issued"},
        std::tuple{cycle.questionnaire_accounting(), &at.questionnaires, "questionnaires.issued"}}) {
    if (a.issued && a.returned > *a.issued)
      diags.add(at.file, where->line, where->column, key, std::to_string(a.returned), kReturnedAboveIssued);
  }
}

}  // namespace review::ingest
