#pragma once
// The one reader of zip packages that someone else made (Office Open XML: an
// office's .xlsx workbook, an office's .docx template), with the limits that
// keep hostile input in bounded memory: entries, uncompressed bytes of a part
// and of all parts read, element nesting of an XML part. The limits live here
// (the workbook's are ingest.hpp's documented constants); the wording of a
// refusal stays with each reader, which turns a Refusal into its own error.
//
// A static library (review_opc) linked into the core and into the report-docx
// plugin: nothing of it is exported from libreview.so.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "libreview/ingest.hpp"

typedef struct zip zip_t;  // NOLINT(modernize-use-using): libzip's own declaration

namespace review::opc {

/// What a package may hold before it is refused.
struct Limits {
  std::uint64_t max_entries = std::numeric_limits<std::uint64_t>::max();  ///< zip entries
  std::uint64_t max_part_bytes = 0;                                       ///< uncompressed bytes of one part
  std::uint64_t max_total_bytes = 0;  ///< uncompressed bytes of all the parts read
  int max_xml_depth = 0;              ///< element nesting of an XML part
};

/// An office's .xlsx workbook (ingest.hpp, docs/data-format.md): the parts it
/// names are read, however many entries the package has.
inline constexpr Limits kWorkbookLimits{std::numeric_limits<std::uint64_t>::max(), kMaxWorkbookPartBytes,
                                        kMaxWorkbookBytes, kMaxXmlDepth};
/// An office's .docx template (docs/reliability.md): every entry is read.
inline constexpr Limits kTemplateLimits{1000, std::uint64_t{32} << 20, std::uint64_t{128} << 20, 256};

/// Why a package, or a part of it, is refused.
struct Refusal {
  enum class Kind {
    not_a_zip,         ///< detail: libzip's message
    too_many_entries,  ///< more than Limits::max_entries
    unreadable_entry,  ///< number: the entry's index
    part_too_large,    ///< part: its name (also when its size is not known)
    too_large_in_all,  ///< the parts read so far exceed Limits::max_total_bytes
    damaged_part,      ///< part: its name; fewer or more bytes than its size says
    nested_too_deep,   ///< part: the XML's name
    malformed_xml,     ///< part: the XML's name; number: the byte offset; detail: pugixml's message
  };
  Kind kind;
  std::string part;
  std::string detail;
  std::uint64_t number = 0;
  std::uint64_t limit = 0;  ///< the limit exceeded (bytes, entries or levels)
};

/// Turns a refusal into the reader's own error, and throws it.
using Refuse = std::function<void(const Refusal&)>;

/// One entry of a package, as its zip directory describes it.
struct Entry {
  std::uint64_t index = 0;
  std::string name;
  std::uint64_t size = 0;   ///< uncompressed, as declared
  bool size_known = false;  ///< false: refused as too large when read
};

/// A zip package opened for reading.
class Package {
 public:
  /// Opens `file`; refuses (Kind::not_a_zip, too_many_entries) what is not a
  /// zip file or holds more entries than `limits` allow.
  Package(const std::filesystem::path& file, const Limits& limits, Refuse on_refusal);
  ~Package();
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  [[nodiscard]] std::uint64_t entries() const noexcept { return entries_; }
  /// The entry at `index` (Kind::unreadable_entry when its header cannot be read).
  [[nodiscard]] Entry entry(std::uint64_t index) const;
  /// The entry named `name`, or nothing.
  [[nodiscard]] std::optional<Entry> find(const std::string& name) const;
  /// The bytes of `e`. Its declared size is checked against the limits before
  /// anything is inflated (part_too_large, too_large_in_all), then one byte
  /// more than declared is read, so that a lying size is caught (damaged_part).
  /// Nothing when libzip cannot open the entry (an encryption or compression
  /// method it does not know); open_error() then says why.
  [[nodiscard]] std::optional<std::string> read(const Entry& e);
  /// libzip's message for the last entry read() could not open.
  [[nodiscard]] const std::string& open_error() const noexcept { return open_error_; }
  /// Parses the XML part `part` (its bytes) within the limits (parse_xml()).
  void parse(pugi::xml_document& doc, std::string_view bytes, const std::string& part) const;

 private:
  [[noreturn]] void refuse(Refusal r) const;

  zip_t* zip_ = nullptr;
  Limits limits_;
  Refuse refuse_;
  std::uint64_t entries_ = 0;
  std::uint64_t inflated_ = 0;  ///< declared bytes of the parts read so far
  std::string open_error_;
};

/// The deepest element nesting of an XML text, found without building a tree
/// (comments, CDATA, processing instructions and quoted attribute values
/// skipped); stops counting once past `limit`.
[[nodiscard]] int xml_depth(std::string_view xml, int limit);

/// Parses `bytes` into `doc`, whitespace-only text kept where it is an
/// element's only content: refused (nested_too_deep, checked before any tree
/// is built; malformed_xml) through `refuse`, the XML named `part`.
void parse_xml(pugi::xml_document& doc, std::string_view bytes, const std::string& part, int max_depth,
               const Refuse& refuse);

}  // namespace review::opc
