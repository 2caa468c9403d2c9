#include "libreview/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "libreview/messages.hpp"
#include "libreview/region.hpp"

namespace review {

namespace {

/// TEXT as RFC 5545 3.3.11 writes it: backslash, semicolon, comma and line ends escaped.
std::string ical_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// One content line, folded at 75 octets (RFC 5545 3.1) at a UTF-8 character boundary, CRLF-ended.
void line(std::string& out, std::string_view text) {
  std::size_t width = 75;
  while (text.size() > width) {
    std::size_t cut = width;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut;  // not inside a character
    out.append(text.substr(0, cut));
    out += "\r\n ";
    text.remove_prefix(cut);
    width = 74;  // the continuation's leading space counts
  }
  out.append(text);
  out += "\r\n";
}

std::string ical_date(const Date& d) { return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day); }

}  // namespace

std::string_view calendar_text(std::string_view code) {
  const auto* entry = find_message(code);
  return entry != nullptr ? entry->text(language()) : code;
}

StageCalendar stage_calendar(const CycleInfo& info, std::string_view profile_id,
                             const PluginRegistry& registry) {
  if (!info.stages.empty()) return StageCalendar{info.stages, "cycle.toml"};
  const std::string_view id = profile_id.empty() ? std::string_view(info.region) : profile_id;
  // Stages fall in the year they are resolved for: the cycle's, whatever day it is judged on.
  const Date day = info.as_of.year == info.year ? info.as_of : Date{info.year, 12, 31};
  RegionProfile profile = ProfileLibrary(registry).resolve(id, day);
  return StageCalendar{std::move(profile.stages), profile.id};
}

std::vector<Diagnostic> stage_warnings(const DatedFields& dated, const std::vector<Stage>& stages) {
  const bool zh = language() == Language::zh;
  std::vector<Diagnostic> out;
  for (const DatedField& f : dated.fields) {
    if (f.column >= dated.columns.size()) continue;
    const DatedColumn& column = dated.columns[f.column];
    const auto stage = std::find_if(stages.begin(), stages.end(),
                                    [&](const Stage& s) { return s.id == column.stage && s.start && s.end; });
    if (stage == stages.end() || (f.date >= *stage->start && f.date <= *stage->end)) continue;
    const std::string label = stage->name.empty() ? stage->id
                              : zh                ? stage->name
                                                  : fmt::format("{} ({})", stage->id, stage->name);
    out.push_back(Diagnostic{column.file, f.line, f.position, column.field, f.date.to_string(),
                             fmt::format(fmt::runtime(calendar_text("LR-W101")), column.header, label,
                                         stage->start->to_string(), stage->end->to_string()),
                             "LR-W101"});
  }
  return out;  // in the order read: by table, then line
}

std::vector<Stage> dated_stages(const std::vector<Stage>& stages) {
  std::vector<Stage> out;
  for (const auto& s : stages)
    if (s.start && s.end) out.push_back(s);
  std::stable_sort(out.begin(), out.end(),
                   [](const Stage& a, const Stage& b) { return *a.start < *b.start; });
  return out;
}

std::string to_icalendar(const std::vector<Stage>& stages, std::string_view calendar_name,
                         std::string_view uid_scope, const Date& stamp) {
  std::string out;
  line(out, "BEGIN:VCALENDAR");
  line(out, "VERSION:2.0");
  line(out, "PRODID:-//libreview//民主评议行风//ZH");
  line(out, "CALSCALE:GREGORIAN");
  line(out, "X-WR-CALNAME:" + ical_text(calendar_name));
  for (const Stage& s : dated_stages(stages)) {
    line(out, "BEGIN:VEVENT");
    line(out, fmt::format("UID:{}-{}-{}@libreview", ical_text(uid_scope), s.start->year, ical_text(s.id)));
    line(out, fmt::format("DTSTAMP:{}T000000Z", ical_date(stamp)));
    line(out, "DTSTART;VALUE=DATE:" + ical_date(*s.start));
    line(out, "DTEND;VALUE=DATE:" + ical_date(Date::from_days(s.end->days() + 1)));  // exclusive
    line(out, "SUMMARY:" + ical_text(s.name.empty() ? s.id : s.name));
    line(out, "DESCRIPTION:" + ical_text(fmt::format("{}：{}至{}", calendar_name, s.start->to_string(),
                                                     s.end->to_string())));
    line(out, "TRANSP:TRANSPARENT");
    line(out, "END:VEVENT");
  }
  line(out, "END:VCALENDAR");
  return out;
}

}  // namespace review
