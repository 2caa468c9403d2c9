#pragma once
// The codes of every message of the county package, the city roll-up and the follow-up of
// rectification (package.hpp, rollup.hpp, track.hpp): their texts and fixes, in Chinese
// and English, are in the message catalogue (messages.cpp, `LR-K1xx`). Format strings take
// their values by position, as commented; said() gives the text in the language of messages.
#include <string_view>

#include "libreview/messages.hpp"

namespace review::package_msg {

/// The text of the catalogue entry `code` (an `LR-K` code below) in the language of
/// messages (messages.hpp): a format string taking its values by position ({0}, {1}, ...).
inline std::string_view said(std::string_view code) noexcept {
  const auto* entry = find_message(code);
  return entry == nullptr ? code : entry->text(language());
}

// -- reading a package (read_package) ----------------------------------------------
/// {0}: what libzip or the limits say
inline constexpr std::string_view kNotAPackage = "LR-K101";
/// {0}: the member's name
/// {0}: the file
inline constexpr std::string_view kNoPackage = "LR-K102";
/// {0}: the limit
inline constexpr std::string_view kTooManyMembers = "LR-K103";
/// {0}: the entry's index
inline constexpr std::string_view kUnreadableMember = "LR-K104";
/// {0}: the limit in MiB
inline constexpr std::string_view kTooLarge = "LR-K105";
inline constexpr std::string_view kDamagedMember = "LR-K106";
/// {0}: the file
inline constexpr std::string_view kCannotRead = "LR-K107";
/// {0}: the file
inline constexpr std::string_view kCannotWrite = "LR-K108";
/// {0}: the file
inline constexpr std::string_view kNoMapping = "LR-K109";
inline constexpr std::string_view kUnsafeName = "LR-K110";
inline constexpr std::string_view kDuplicateName = "LR-K111";
inline constexpr std::string_view kNoManifest = "LR-K112";
/// {0}: the JSON parser's message
inline constexpr std::string_view kBadManifest = "LR-K113";
/// {0}: the package's format version, {1}: the newest this libreview reads
inline constexpr std::string_view kUnknownFormat = "LR-K114";
/// {0}: the exporting libreview's version, {1}: this libreview's version, {2}: the format version
inline constexpr std::string_view kNewerLibreview = "LR-K115";
inline constexpr std::string_view kMemberChanged = "LR-K116";
inline constexpr std::string_view kMemberMissing = "LR-K117";
inline constexpr std::string_view kMemberExtra = "LR-K118";
inline constexpr std::string_view kMemberRequired = "LR-K119";
/// {0}: the manifest key
inline constexpr std::string_view kManifestKey = "LR-K120";
/// {0}: the column
inline constexpr std::string_view kMissingColumn = "LR-K121";
inline constexpr std::string_view kShortRow = "LR-K122";
inline constexpr std::string_view kBadComposite = "LR-K123";
inline constexpr std::string_view kBadCsv = "LR-K124";

// -- exporting (export_package) -----------------------------------------------------
/// {0}: the store, {1}: the year, {2}: the region ("" when not given)
inline constexpr std::string_view kNoCycle = "LR-K125";
/// {0}: the year, {1}: the regions
inline constexpr std::string_view kWhichRegion = "LR-K126";

// -- rolling up (rollup) -----------------------------------------------------------
inline constexpr std::string_view kNoPackages = "LR-K127";
/// {0}: the store, {1}: the year
inline constexpr std::string_view kNoStoredPackages = "LR-K128";
/// {0}: the county, {1}: the year, {2}: the other package
inline constexpr std::string_view kSameCounty = "LR-K129";
/// {0}: the package's year, {1}: the first package's year, {2}: the first package
inline constexpr std::string_view kOtherYear = "LR-K130";
inline constexpr std::string_view kMappingColumns = "LR-K131";
inline constexpr std::string_view kMappingEmpty = "LR-K132";

// -- the city documents -----------------------------------------------------------
/// {0}: the year
inline constexpr std::string_view kCityTitle = "{0}年度民主评议行风全市汇总";
inline constexpr std::string_view kCityReportTitle = "{0}年度民主评议行风全市汇总报告";

}  // namespace review::package_msg
