#pragma once
// Internals of the importer: a cycle's description (CycleInfo) from cycle.toml
// or from the `cycle` and `stages` sheets of a workbook.

#include <cstddef>
#include <string>
#include <unordered_map>

#include "ingest/records_internal.hpp"
#include "libreview/cycle.hpp"

namespace review::ingest {

/// A key's value as text with its location (from TOML or from a sheet row).
struct KeyValue {
  std::string text;
  std::size_t line = 0, column = 0;
  bool right_type = true;  ///< false for a TOML value of another type than the key takes
};

/// Where `[ballots] issued` and `[questionnaires] issued` were written, for the check
/// that no more came back than were issued.
struct IssuedAt {
  std::string file;
  KeyValue ballots, questionnaires;
};

/// Fills CycleInfo from key/value pairs: `year` required, `region`, `name`, `as_of`.
void fill_info(CycleInfo& info, const std::unordered_map<std::string, KeyValue>& kv, const std::string& file,
               Diagnostics& diags, IssuedAt* issued_at = nullptr);

/// Reads cycle.toml (`text`, its bytes as read) into `info`.
void read_cycle_toml(CycleInfo& info, std::string text, const std::string& file, Diagnostics& diags,
                     IssuedAt* issued_at = nullptr);

/// Reads the `cycle` sheet (key, value rows) and the `stages` sheet of `book`
/// into `info`; `base` is the workbook's file name.
void read_cycle_sheets(const Workbook& book, CycleInfo& info, const std::string& base, Diagnostics& diags,
                       IssuedAt* issued_at = nullptr);

/// Refuses more sheets returned than `[ballots] issued` (or questionnaires), at the `issued` line.
void check_issued(const Cycle& cycle, const IssuedAt& at, Diagnostics& diags);

}  // namespace review::ingest
