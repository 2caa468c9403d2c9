#pragma once
// Every message of the county package and the city roll-up (package.hpp, rollup.hpp),
// Chinese first then English, in one place so that they can move into the message
// catalogue. Format strings take their values through fmt, in the order commented;
// said() gives the part in the language of messages (messages.hpp).
#include <string_view>

#include "libreview/messages.hpp"

namespace review::package_msg {

/// The Chinese part of a `中文 / English` message under `--lang zh` (or a zh locale),
/// else the English part; a message of one language as it is.
inline std::string_view said(std::string_view both) noexcept {
  std::size_t zh_end = both.find(" / ");
  std::size_t en_start = zh_end == std::string_view::npos ? zh_end : zh_end + 3;
  if (zh_end == std::string_view::npos) {
    constexpr std::string_view kCloseThenSlash = "）/ ";  // a Chinese text ending in a bracket
    zh_end = both.find(kCloseThenSlash);
    if (zh_end == std::string_view::npos) return both;
    zh_end += kCloseThenSlash.size() - 2;  // keep the bracket
    en_start = zh_end + 2;
  }
  return language() == Language::zh ? both.substr(0, zh_end) : both.substr(en_start);
}

// -- reading a package (read_package) ----------------------------------------------
/// {0}: what libzip or the limits say
inline constexpr std::string_view kNotAPackage = "不是可读的数据包：{0} / not a readable package: {0}";
/// {0}: the member's name
/// {0}: the file
inline constexpr std::string_view kNoPackage = "找不到数据包 {0} / no package {0}";
/// {0}: the limit
inline constexpr std::string_view kTooManyMembers = "成员超过 {0} 个 / more than {0} members";
/// {0}: the entry's index
inline constexpr std::string_view kUnreadableMember = "第 {0} 个成员无法读取 / member {0} unreadable";
/// {0}: the limit in MiB
inline constexpr std::string_view kTooLarge = "超过 {0} MiB / larger than {0} MiB";
inline constexpr std::string_view kDamagedMember = "成员已损坏 / damaged member";
/// {0}: the file
inline constexpr std::string_view kCannotRead = "无法读取 {0} / cannot read {0}";
/// {0}: the file
inline constexpr std::string_view kCannotWrite = "无法写入 {0} / cannot write {0}";
/// {0}: the file
inline constexpr std::string_view kNoMapping = "找不到部门类型对照表 {0} / no mapping file {0}";
inline constexpr std::string_view kUnsafeName =
    "成员名称不安全（含 ../、绝对路径或反斜杠）/ unsafe member name (../, absolute or backslash)";
inline constexpr std::string_view kDuplicateName = "成员名称重复 / member named twice";
inline constexpr std::string_view kNoManifest = "缺少清单 manifest.json / manifest.json is missing";
/// {0}: the JSON parser's message
inline constexpr std::string_view kBadManifest =
    "清单 manifest.json 无法读取：{0} / manifest.json unreadable: {0}";
/// {0}: the package's format version, {1}: the newest this libreview reads
inline constexpr std::string_view kUnknownFormat =
    "数据包格式版本 {0} 无法识别（本程序读取版本 1 至 {1}）/ unknown package format version {0} (this "
    "libreview reads 1 to {1})";
/// {0}: the exporting libreview's version, {1}: this libreview's version, {2}: the format version
inline constexpr std::string_view kNewerLibreview =
    "数据包由较新的 libreview {0} 导出（格式版本 {2}），本程序为 {1}，请升级 libreview 后再汇总 / the "
    "package was exported by a newer libreview {0} (format version {2}); this is {1}: upgrade libreview";
inline constexpr std::string_view kMemberChanged =
    "成员内容与清单的 SHA-256 不符（数据包被改动或损坏）/ member does not match the manifest's SHA-256";
inline constexpr std::string_view kMemberMissing =
    "清单列出的成员不在数据包中 / member listed in the manifest is missing";
inline constexpr std::string_view kMemberExtra =
    "数据包中有清单未列出的成员 / member not listed in the manifest";
inline constexpr std::string_view kMemberRequired = "清单未列出必需的成员 / a required member is not listed";
/// {0}: the manifest key
inline constexpr std::string_view kManifestKey =
    "清单缺少或写错了键 {0} / manifest key {0} missing or malformed";
/// {0}: the column
inline constexpr std::string_view kMissingColumn = "缺少列 {0} / column {0} missing";
inline constexpr std::string_view kShortRow = "这一行的列数少于表头 / fewer cells than the header";
inline constexpr std::string_view kBadComposite = "综合得分不是数字 / the composite is not a number";
inline constexpr std::string_view kBadCsv = "CSV 引号不成对 / unbalanced CSV quotes";

// -- exporting (export_package) -----------------------------------------------------
/// {0}: the store, {1}: the year, {2}: the region ("" when not given)
inline constexpr std::string_view kNoCycle =
    "数据库 {0} 中没有 {1} 年度{2}的评议数据 / the store {0} holds no cycle of {1}{2}";
/// {0}: the year, {1}: the regions
inline constexpr std::string_view kWhichRegion =
    "{0} 年度有多个地区（{1}），请用 --region 指定 / several regions have {0} ({1}): give --region";

// -- rolling up (rollup) -----------------------------------------------------------
inline constexpr std::string_view kNoPackages = "没有给出数据包 / no package given";
/// {0}: the store, {1}: the year
inline constexpr std::string_view kNoStoredPackages =
    "{0} 中没有 {1} 年度的数据包（先用 libreview import X.lrpkg --store 导入） / {0} holds no package of {1} "
    "(import them first: libreview import X.lrpkg --store)";
/// {0}: the county, {1}: the year, {2}: the other package
inline constexpr std::string_view kSameCounty =
    "与 {2} 是同一个县（{0}）同一年度（{1}）的数据包 / a second package of {0} {1} (the first: {2})";
/// {0}: the package's year, {1}: the first package's year, {2}: the first package
inline constexpr std::string_view kOtherYear =
    "年度 {0} 与 {2} 的年度 {1} 不同，一次汇总只含一个年度 / year {0} differs from {1} of {2}: one year a "
    "roll-up";
inline constexpr std::string_view kMappingColumns =
    "部门类型对照表需要两列：部门（编号或名称）,部门类型 / the mapping needs two columns: department (id or "
    "name), kind";
inline constexpr std::string_view kMappingEmpty = "部门或部门类型为空 / empty department or kind";

// -- the city documents -----------------------------------------------------------
/// {0}: the year
inline constexpr std::string_view kCityTitle = "{0}年度民主评议行风全市汇总";
inline constexpr std::string_view kCityReportTitle = "{0}年度民主评议行风全市汇总报告";

}  // namespace review::package_msg
