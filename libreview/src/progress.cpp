// The progress file (整改进展.csv / progress.csv): read with the importer's CSV reader,
// every bad cell reported as file:line:column with the header's own wording.
#include <fmt/format.h>

#include <array>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "ingest/importer_internal.hpp"
#include "ingest/records_internal.hpp"
#include "ingest/schema_internal.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"
#include "libreview/track.hpp"

namespace review {

namespace {

using ingest::Diagnostics;
using ingest::Record;

/// The columns of a progress file: English name, Chinese alias, required.
struct ProgressColumn {
  const char* name;
  const char* alias;
  bool required;
};
constexpr std::array<ProgressColumn, 5> kColumns{{{"item_id", "整改编号", true},
                                                  {"date", "日期", true},
                                                  {"status", "状态", true},
                                                  {"note", "情况", false},
                                                  {"inspector", "督查人", false}}};

}  // namespace

ProgressFile read_progress(const std::filesystem::path& path) {
  ProgressFile out;
  out.file = path.string();
  const std::string name = path.filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) refuse<NotFoundError>("LR-D173", out.file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Diagnostics diags(ImportOptions{}.max_diagnostics);
  std::size_t bad_line = 0;
  if (!ingest::decode_to_utf8(text, bad_line)) {
    diags.add(name, bad_line, 1, "", "", ingest::kBadEncoding);
    throw ValidationError(diags.take(), diags.total());
  }
  ingest::CsvReader reader(text, name, diags);
  Record header;
  if (!reader.next(header)) {
    diags.add(name, 1, 1, "", "", ingest::kMissingHeader);
    throw ValidationError(diags.take(), diags.total());
  }
  std::array<int, kColumns.size()> at{};
  std::array<std::string, kColumns.size()> wording{};
  at.fill(-1);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string_view h = ingest::trim(header.fields[i]);
    for (std::size_t c = 0; c < kColumns.size(); ++c)
      if (h == kColumns[c].name || h == kColumns[c].alias) {
        if (at[c] >= 0)
          diags.add(name, header.line, i + 1, h, h, ingest::kColumnTwice);
        else {
          at[c] = static_cast<int>(i);
          wording[c] = std::string(h);
        }
      }
  }
  for (std::size_t c = 0; c < kColumns.size(); ++c)
    if (kColumns[c].required && at[c] < 0)
      diags.add(name, header.line, 1, kColumns[c].name,
                fmt::format("{} ({})", kColumns[c].name, kColumns[c].alias), ingest::kMissingColumn);
  if (diags.total() > 0) throw ValidationError(diags.take(), diags.total());
  out.item_header = wording[0];
  out.item_column = static_cast<std::size_t>(at[0]) + 1;
  out.status_header = wording[2];
  out.status_column = static_cast<std::size_t>(at[2]) + 1;

  std::map<std::pair<std::string, int>, std::size_t> seen;  // (item, day) → its first line
  Record r;
  while (reader.next(r)) {
    auto field = [&](std::size_t c) {
      return at[c] < 0 ? std::string_view{} : ingest::trim(r.field(static_cast<std::size_t>(at[c])));
    };
    auto line_of = [&](std::size_t c) { return r.line_of(static_cast<std::size_t>(at[c])); };
    if (r.fields.size() > header.fields.size())
      diags.add(name, r.line, header.fields.size() + 1, "", "", ingest::kExtraField);
    ProgressUpdate u;
    u.line = r.line;
    bool ok = true;
    for (std::size_t c = 0; c < 3; ++c)
      if (field(c).empty()) {
        diags.add(name, line_of(c), static_cast<std::size_t>(at[c]) + 1, wording[c], "",
                  ingest::kMissingValue);
        ok = false;
      }
    if (!ok) continue;
    u.item_id = std::string(field(0));
    if (const auto d = Date::parse_written(field(1)))
      u.date = *d;
    else {
      diags.add(name, line_of(1), static_cast<std::size_t>(at[1]) + 1, wording[1], field(1),
                ingest::date_message(field(1)));
      ok = false;
    }
    if (const auto s = parse_enum<RectificationStatus>(field(2)))
      u.status = *s;
    else {
      const auto* entry = find_message("LR-D138");
      diags.add(name, line_of(2), static_cast<std::size_t>(at[2]) + 1, wording[2], field(2), *entry,
                wording[2]);
      ok = false;
    }
    u.note = std::string(field(3));
    u.inspector = std::string(field(4));
    if (ok && !seen.emplace(std::pair{u.item_id, u.date.days()}, u.line).second) {
      const auto* entry = find_message("LR-D151");
      diags.add(name, line_of(0), static_cast<std::size_t>(at[0]) + 1, wording[0], field(0), *entry, {});
      ok = false;
    }
    if (ok) out.updates.push_back(std::move(u));
  }
  if (diags.total() > 0) throw ValidationError(diags.take(), diags.total());
  return out;
}

}  // namespace review
