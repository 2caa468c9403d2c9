#pragma once
// The peer of the xlsx benchmarks: raw libxlsxwriter writing the cells the
// report-xlsx plugin writes, shared by bench_report_xlsx and bench_driver.

#include <filesystem>

#include "libreview/cycle.hpp"
#include "libreview/scoring.hpp"

namespace review::bench {

/// The cells the xlsx plugin writes on its ranking, sequence and ledger sheets,
/// with plain libxlsxwriter calls: same rows, values and number formats; no
/// widths, conditional formats, autofilters, print setup, statistics sheet or charts.
void write_raw(const Cycle& c, const Results& res, const std::filesystem::path& file);

}  // namespace review::bench
