#pragma once
/// @file calendar.hpp
/// The year's schedule (年度工作日程) of a region profile's stage calendar, as an
/// iCalendar file (RFC 5545) that a phone or desktop calendar imports.

#include <string>
#include <string_view>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"

namespace review {

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
