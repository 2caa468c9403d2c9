#pragma once
/// @file report.hpp
/// Reports (报表): the writers made by `report` plugins, and what they are given.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/scoring.hpp"

namespace review {

/// Options for a report, from the command line or Python (`key=value`).
struct ReportOptions {
  bool include_integrity = false;       ///< add the office's integrity sheet (representative flags)
  std::filesystem::path template_path;  ///< an office's own .docx template, if any
  std::map<std::string, std::string> values;  ///< writer-specific options
};

/// Everything a report writer sees.
struct ReportInput {
  const Cycle& cycle;
  const Results& results;
  const RegionProfile& profile;
};

/// A report writer (报表生成器), made by a `report` plugin.
class REVIEW_API ReportWriter : public Plugin {
 public:
  ~ReportWriter() override;
  [[nodiscard]] PluginKind kind() const final { return PluginKind::report; }
  /// Writes into `out_dir` and returns the files written. Every file is written
  /// under a temporary name and renamed when complete.
  virtual std::vector<std::filesystem::path> write(const ReportInput& input,
                                                   const std::filesystem::path& out_dir,
                                                   const ReportOptions& options) const = 0;
};

}  // namespace review
