#pragma once
// A hand-built cycle and its results for the report tests, until import and
// scoring land: nine departments in two sector sequences (one exempt), a tie,
// a department without a daily-work score, rectification items (one overdue),
// complaints, commitments, department flags and representative flags
// (straight_lining). With `payloads`, typed texts carry spreadsheet formula
// payloads (=HYPERLINK, +cmd|, @SUM, -2+3) that must stay text in every output.

#include <cstddef>

#include "libreview/cycle.hpp"
#include "libreview/region.hpp"
#include "libreview/scoring.hpp"

namespace review::test {

/// The formula payloads put into typed texts of the fixture.
inline constexpr const char* kFormulaPayloads[] = {
    "=HYPERLINK(\"http://evil.example/\",\"点此查看\")",
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
};

struct ReportFixture {
  Cycle cycle;
  Results results;
  RegionProfile profile;
};

/// The fixture described above. `extra_items` adds that many more rectification
/// items, complaints and commitments (for timing a larger workbook).
ReportFixture make_report_fixture(bool payloads = true, std::size_t extra_items = 0);

}  // namespace review::test
