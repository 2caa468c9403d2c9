#pragma once
// Hand-computed fixtures shared by the scoring and report tests, and the
// folders where the tests find plugins and profiles.

#include <filesystem>

#include "cycle_builder.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"

namespace review::test {

inline const std::filesystem::path kPluginDir = LIBREVIEW_BUILD_PLUGIN_DIR;
inline const std::filesystem::path kProfileDir =
    std::filesystem::path(LIBREVIEW_SOURCE_DIR) / "plugins" / "regions";

/// The built plugins, nothing else.
inline PluginRegistry& built_plugins() {
  static PluginRegistry registry({kPluginDir});
  return registry;
}

/// A profile of plugins/regions resolved for 2017-12-31 (or `as_of`).
inline RegionProfile profile(const std::string& id, Date as_of = Date{2017, 12, 31}) {
  return ProfileLibrary({kProfileDir}).resolve(id, as_of);
}

/// Fixture A, computed by hand under `default` (points 100/70/0, weights .5/.3/.2):
///
/// | dept | cat | B                  | Q            | W      | D                       | composite         |
/// rank | in cat |
/// |------|-----|--------------------|--------------|--------|-------------------------|-------------------|------|--------|
/// | D01  | 执法 | 10 S = 100         | 8S 2B = 94   | 90     | 0                       | 96.2              |
/// 1    | 1      | | D02  | 执法 | 6S 4B = 88         | 5S 5B = 85   | 80     | 0 | 85.5              | 2 | 2
/// | | D03  | 经济 | 6S 4B = 88         | 5S 5B = 85   | 80     | 0                       | 85.5 | 2    | 1 |
/// | D04  | 执法 | 5S 5X = 50         | none         | 70     | 2·2 + 1·1 = 5           | 39/0.7 − 5 = 50.71|
/// 6    | 3      | | D05  | 经济 | 10B = 70           | 10B = 70     | 70     | 2·4+1·2+2·1 = 12 → 10   | 60
/// | 5    | 3      | | D06  | 经济 | 5S 5B = 85         | 5S 5B = 85   | 80.625 | 0 | 84.125 → 84.13    | 4
/// | 2      | | D07  | 执法 | exempt (免评)       |              |        |                         | | | |
///
/// Names carry formula-injection payloads (for the CSV report). D03 expects 96
/// (gap 10.5: self_overestimate), D02 expects 95.5 (gap 10: not flagged).
inline Cycle fixture_a() {
  return CycleBuilder()
      .department("D01", "\r县公安局", "执法监督类")
      .department("D02", "县市场监管局", "执法监督类")
      .department("D03", "\t县财政局", "经济管理类")
      .department("D04", "-2+3", "执法监督类")
      .department("D05", "@SUM(1+1)", "经济管理类")
      .department("D06", "=HYPERLINK(\"http://evil.example\",\"点我\")", "经济管理类")
      .exempt("D07", "+1+cmd|' /C calc'!A0", "执法监督类", "垂直管理")
      .ballots("D01", 10, 0, 0)
      .answers("D01", 8, 2, 0)
      .daily_work("D01", 90)
      .ballots("D02", 6, 4, 0)
      .answers("D02", 5, 5, 0)
      .daily_work("D02", 80)
      .expected("D02", 95.5)
      .ballots("D03", 6, 4, 0)
      .answers("D03", 5, 5, 0)
      .daily_work("D03", 80)
      .expected("D03", 96)
      .ballots("D04", 5, 0, 5)
      .daily_work("D04", 70)
      .complaint("C06", "D04", "态度生硬")
      .complaint("C07", "D04", "态度生硬")
      .complaint("C08", "D04", "态度生硬", false)
      .rectification("Z05", "D04", "态度生硬", "2017-11-30", RectificationStatus::open)
      .ballots("D05", 0, 10, 0)
      .answers("D05", 0, 10, 0)
      .daily_work("D05", 70)
      .complaint("C01", "D05", "吃拿卡要")
      .complaint("C02", "D05", "吃拿卡要")
      .complaint("C03", "D05", "办事拖拉")
      .complaint("C04", "D05", "乱收费")
      .complaint("C05", "D05", "态度生硬", false)
      .rectification("Z01", "D05", "乱收费", "2017-06-30", RectificationStatus::open)
      .rectification("Z02", "D05", "乱收费", "2017-09-01", RectificationStatus::in_progress)
      .rectification("Z03", "D05", "乱收费", "2017-03-01", RectificationStatus::rectified)
      .rectification("Z04", "D05", "乱收费", "2017-12-31", RectificationStatus::open)
      .ballots("D06", 5, 5, 0)
      .answers("D06", 5, 5, 0)
      .daily_work("D06", 80.625)
      .build();
}

/// History of fixture A: D05 relapses in 吃拿卡要 only (态度生硬 was complained of but
/// not substantiated; 乱收费 is of the same year; D01 has nothing in 办事拖拉).
inline History history_a() {
  History h;
  h.verified_items = {past(2016, "D05", "吃拿卡要"), past(2015, "D05", "吃拿卡要"),
                      past(2016, "D05", "态度生硬"), past(2017, "D05", "乱收费"),
                      past(2016, "D01", "办事拖拉")};
  return h;
}

}  // namespace review::test
