#pragma once
/// @file calendar.hpp
/// The year's schedule (年度工作日程) of a region profile's stage calendar, as an
/// iCalendar file (RFC 5545) that a phone or desktop calendar imports.

#include <string>
#include <string_view>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/error.hpp"
#include "libreview/export.hpp"
#include "libreview/ingest.hpp"
#include "libreview/plugin.hpp"

namespace review {

/// The stage calendar a cycle is held to (所用阶段安排) and where it comes from.
struct StageCalendar {
  std::vector<Stage> stages;
  std::string source;  ///< `cycle.toml`, or the id of the profile the stages come from
};

/// The stages of `info`'s cycle: cycle.toml's (or the workbook's `stages` sheet) when it gives
/// any, else those of profile `profile_id` — the cycle's region when empty — for the cycle's
/// year. Throws as ProfileLibrary::resolve() (NotFoundError for an unknown profile).
[[nodiscard]] REVIEW_API StageCalendar
stage_calendar(const CycleInfo& info, std::string_view profile_id = {},
               const PluginRegistry& registry = PluginRegistry::global());

/// The dates outside their stage (阶段外的日期), `libreview validate`'s warnings: each date of
/// `dated` whose stage (commitment, hearing, survey, outreach) is in `stages` with both dates
/// and that falls before its start or after its end, as a Diagnostic at the date's
/// `file:line:column` naming the stage and its window, in the language of messages
/// (messages.hpp), code `LR-W101`. Warnings only: nothing is refused for them.
[[nodiscard]] REVIEW_API std::vector<Diagnostic> stage_warnings(const DatedFields& dated,
                                                                const std::vector<Stage>& stages);

/// The text of a message of the stage calendar (阶段日程提示: `LR-W101` …) in the language of
/// messages, with `{}` placeholders as messages.hpp's entries have; the code itself when unknown.
/// Kept together, Chinese first, in calendar.cpp until they join the catalogue.
[[nodiscard]] REVIEW_API std::string_view calendar_text(std::string_view code);

/// The stages of `stages` that have both dates, in order of their start (工作日程).
[[nodiscard]] REVIEW_API std::vector<Stage> dated_stages(const std::vector<Stage>& stages);

/// An iCalendar (RFC 5545) of `stages` (those with both dates): one all-day VEVENT each,
/// DTSTART and the exclusive DTEND as dates, the stage's Chinese name as SUMMARY, a UID made
/// of `uid_scope` and the stage id, DTSTAMP at `stamp`. CRLF line ends, lines folded at 75
/// octets without splitting a UTF-8 character, text escaped as the RFC says.
[[nodiscard]] REVIEW_API std::string to_icalendar(const std::vector<Stage>& stages,
                                                  std::string_view calendar_name, std::string_view uid_scope,
                                                  const Date& stamp);

}  // namespace review
