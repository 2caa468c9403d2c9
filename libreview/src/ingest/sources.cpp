// import_cycle / validate_cycle / import_tables: a folder of cycle.toml + CSV
// files, an .xlsx workbook, or tables given in memory, read into a Cycle with
// every hard error of the spec collected.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <thread>
#include <unordered_map>
#include <utility>

#include "digest_internal.hpp"
#include "ingest/cycle_info_internal.hpp"
#include "ingest/importer_internal.hpp"
#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"
#include "log_internal.hpp"

namespace review {
namespace ingest {
namespace {

/// How much of a big file read_file() reads at a time: a piece its `seen` checks while cached.
constexpr std::size_t kReadPiece = std::size_t{1} << 20;

/// Reads a whole file into `out` (a std::string or a ByteBuffer); `seen(from, to)`, when
/// given, is called on each piece as it is read.
template <class Buffer>
void read_file(const std::filesystem::path& file, Buffer& out, std::uint64_t limit = kMaxInputFileBytes,
               const std::function<void(std::size_t, std::size_t)>& seen = {}) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) refuse<IoError>("LR-D168", file.string());
  out.clear();
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) {  // a folder or a device where a file should be: nothing to read, and not an empty file
    std::fclose(f);
    refuse<IoError>("LR-D169", file.string(), ec.message());
  }
  if (size > limit) {
    std::fclose(f);
    refuse<ValidationError>("LR-D163", file.string(), size, limit >> 20);
  }
  out.resize(static_cast<std::size_t>(size));
  std::size_t n = 0;
  if (!seen) {
    n = out.empty() ? 0 : std::fread(out.data(), 1, out.size(), f);
  } else {
    while (n < out.size()) {
      const std::size_t got = std::fread(out.data() + n, 1, std::min(kReadPiece, out.size() - n), f);
      if (got == 0) break;
      seen(n, n + got);
      n += got;
    }
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed || n != out.size()) refuse<IoError>("LR-D170", file.string());
}

std::string read_file(const std::filesystem::path& file) {
  std::string out;
  read_file(file, out);
  return out;
}

// ---- sources -----------------------------------------------------------------------------

struct Outcome {
  Cycle cycle;
  ValidationReport report;
};

/// The files of a folder, hashed in a fixed order: name, NUL, size, NUL, bytes.
void hash_file(detail::Sha256& sha, std::string_view name, std::string_view bytes) {
  sha.update(name);
  sha.update(std::string_view("\0", 1));
  sha.update(std::to_string(bytes.size()));
  sha.update(std::string_view("\0", 1));
  sha.update(bytes);
}

/// A table's file (or sheet) in a folder (workbook).
struct File {
  const TableSpec* spec;
  std::string name;
  std::filesystem::path path;
  bool exists;
  bool required = spec->required;
  std::uintmax_t size = 0;  ///< bytes, when it exists
};

/// Ratings come as rows (ballots.csv) or as sheets (ballot_sheets.csv), not both: with
/// both, neither is read; with the sheets alone, the rows are not required.
template <class Shown>
void resolve_forms(std::vector<File>& files, Diagnostics& diags, Shown&& shown) {
  for (auto& sheets : files) {
    const Table long_table = long_form(sheets.spec->table);
    if (long_table == sheets.spec->table) continue;
    auto rows =
        std::find_if(files.begin(), files.end(), [&](const File& f) { return f.spec->table == long_table; });
    if (!sheets.exists) continue;
    rows->required = false;
    if (!rows->exists) continue;
    diags.add(shown(rows->name), 0, 0, "", shown(sheets.name), kLongAndSheets);
    rows->exists = sheets.exists = false;
  }
}

/// Whether a table missing from the cycle is a problem: the spec's requirement, except
/// questionnaires where the caller's profile does not require them (ImportOptions).
bool required_here(const TableSpec& spec, bool required, const CycleInfo& info,
                   const ImportOptions& options) {
  if (!required) return false;
  if (options.roster_only && spec.table != Table::departments) return false;
  if (spec.table == Table::questionnaires && options.questionnaires_required)
    return options.questionnaires_required(info);
  return true;
}

/// Whether `spec` is read when ImportOptions::roster_only.
bool in_roster(const TableSpec& spec) {
  return spec.table == Table::departments || spec.table == Table::representatives;
}

/// Folders of at least this many bytes of tables are read on a second thread.
constexpr std::uintmax_t kThreadedReadBytes = std::uintmax_t{4} << 20;
/// A file at least this big, being read ahead while the one before is checked, keeps a core busy:
/// the one before is read in pieces on the other cores only.
constexpr std::uintmax_t kBusyReadBytes = std::uintmax_t{4} << 20;

void import_folder(const std::filesystem::path& dir, Cycle& cycle, Importer& importer, Diagnostics& diags,
                   IssuedAt& issued_at, const ImportOptions& options) {
  const std::uint64_t max_file_bytes = options.max_file_bytes;
  detail::Sha256 sha;
  const auto toml_path = dir / "cycle.toml";
  if (std::filesystem::exists(toml_path)) {
    auto bytes = read_file(toml_path);
    hash_file(sha, "cycle.toml", bytes);
    read_cycle_toml(cycle.info, std::move(bytes), "cycle.toml", diags, &issued_at);
  } else {
    diags.add("cycle.toml", 0, 0, "", "", kMissingFile);
  }
  // The tables' files of a big folder are read and UTF-8-checked ahead, on two threads (the
  // biggest file on one from the start, the others in order on the other), while the tables
  // are checked here in order; a third thread takes their SHA-256, in order, beside both.
  std::vector<File> files;
  std::uintmax_t total = 0;
  for (const auto& spec : kTables) {
    // The English file name or the Chinese one (测评票.csv), not both.
    std::string name = std::string(spec.name) + ".csv";
    auto path = dir / name;
    bool exists = std::filesystem::exists(path);
    std::string alias = std::string(table_alias(spec.table)) + ".csv";
    if (std::filesystem::exists(dir / alias)) {
      if (exists)
        diags.add(name, 0, 0, "", alias, kTwoFiles);
      else
        name = alias, path = dir / alias, exists = true;
    }
    std::uintmax_t size = 0;
    if (exists) {
      std::error_code ec;
      size = std::filesystem::file_size(path, ec);
      if (ec) size = 0;
      total += size;
    }
    files.push_back(File{&spec, std::move(name), std::move(path), exists, spec.required, size});
  }
  resolve_forms(files, diags, [](const std::string& name) { return name; });
  if (options.roster_only)
    for (auto& f : files) f.exists = f.exists && in_roster(*f.spec);
  // A county's few megabytes are read here, in turn: threads would cost more than they save.
  // (Tests lower the bound with set_chunked_reading(), and read every table in turn with one part.)
  const auto how = chunked_reading();
  const bool threaded = total >= std::min<std::uintmax_t>(kThreadedReadBytes, how.min_bytes);
  const bool read_apart = threaded && how.parts != 1;

  // One file of the folder: its bytes as read (what the hash takes), and its text.
  struct Slot {
    const File* file = nullptr;
    ByteBuffer bytes;
    ByteBuffer decoded;                ///< GB18030 turned into UTF-8; the bytes as they are otherwise
    std::size_t skip = 0;              ///< a UTF-8 BOM, not part of the text
    std::optional<Encoding> encoding;  ///< nothing: neither UTF-8 nor GB18030
    std::size_t bad_line = 0;
    std::size_t rows_hint = 0;    ///< of the rating tables, room to make for rows
    std::size_t first_quote = 0;  ///< no double quote in the bytes before it (0: not known)
    std::promise<void> loaded_promise, hashed_promise;
    std::shared_future<void> loaded = loaded_promise.get_future().share();
    /// Ready once the bytes are in the hash: till then they are only read.
    std::shared_future<void> hashed = hashed_promise.get_future().share();

    [[nodiscard]] char* text() {
      return encoding == Encoding::gb18030 ? decoded.data() : bytes.data() + skip;
    }
    [[nodiscard]] std::size_t text_size() const {
      return encoding == Encoding::gb18030 ? decoded.size() : bytes.size() - skip;
    }
  };
  std::vector<std::size_t> slot_of(files.size(), 0);
  std::size_t present = 0;
  for (std::size_t i = 0; i < files.size(); ++i)
    if (files[i].exists) slot_of[i] = present++;
  std::vector<Slot> slots(present);  // never resized: the threads below hold on to them
  for (std::size_t i = 0; i < files.size(); ++i)
    if (files[i].exists) slots[slot_of[i]].file = &files[i];
  auto load = [max_file_bytes](Slot& s) {
    try {
      if (s.file->size >= kBusyReadBytes) {  // checked piece by piece as read
        Utf8Scan scan;
        read_file(s.file->path, s.bytes, max_file_bytes,
                  [&](std::size_t from, std::size_t to) { scan.add(s.bytes.data(), from, to); });
        s.encoding = scan.finish(s.bytes.data(), s.bytes.size());
        s.first_quote = scan.first_quote();
      } else {
        read_file(s.file->path, s.bytes, max_file_bytes);
        s.encoding = utf8_as_is(std::string_view(s.bytes.data(), s.bytes.size()));
      }
      if (s.encoding) {
        s.skip = *s.encoding == Encoding::utf8_bom ? 3 : 0;
      } else {  // decoded into a buffer of its own: the bytes as read go on to the hash
        s.decoded.assign(s.bytes.begin(), s.bytes.end());
        s.encoding = decode_to_utf8(s.decoded, s.bad_line);
      }
      // Room for the ratings: rows of a rating table mostly take more than 16
      // bytes (more rows just grow the columns); reserved memory that is not
      // used is never touched, so it takes no pages.
      if (s.file->spec->table == Table::ballots || s.file->spec->table == Table::questionnaires)
        s.rows_hint = s.text_size() / 16 + 16;
      s.loaded_promise.set_value();
    } catch (...) {
      s.loaded_promise.set_exception(std::current_exception());
    }
  };
  auto hash = [&sha](Slot& s) {
    hash_file(sha, s.file->name, std::string_view(s.bytes.data(), s.bytes.size()));
    s.hashed_promise.set_value();
  };
  // The biggest file, when it is big: loaded on a thread of its own from the start.
  std::size_t big = present;
  if (threaded)
    for (std::size_t k = 0; k < present; ++k)
      if (slots[k].file->size >= kBusyReadBytes &&
          (big == present || slots[k].file->size > slots[big].file->size))
        big = k;
  // Declared after the slots: each future of std::async waits for its thread before they go.
  std::future<void> big_loader, loader, hasher;
  if (threaded) {
    if (big < present) big_loader = std::async(std::launch::async, [&] { load(slots[big]); });
    loader = std::async(std::launch::async, [&] {
      for (std::size_t k = 0; k < present; ++k)
        if (k != big) load(slots[k]);
    });
    hasher = std::async(std::launch::async, [&] {
      std::size_t k = 0;
      try {
        for (; k < present; ++k) {
          slots[k].loaded.get();  // a file that could not be read stops the import there
          hash(slots[k]);
        }
      } catch (...) {
        for (; k < present; ++k) slots[k].hashed_promise.set_exception(std::current_exception());
      }
    });
  }
  // Waits until slot `k` is loaded (loading and hashing it here in a small folder).
  auto take = [&](std::size_t k) -> Slot& {
    Slot& s = slots[k];
    if (!threaded) {
      load(s);
      s.loaded.get();
      hash(s);
    }
    s.loaded.get();
    return s;
  };
  // The bytes go once they are in the hash.
  auto drop = [](Slot& s) {
    s.hashed.wait();
    ByteBuffer().swap(s.bytes);
    ByteBuffer().swap(s.decoded);
  };
  // The tables after the scores refer only to the roster: in a big folder they are read
  // beside each other once the rest is read (Importer::read_apart).
  const auto apart_from =
      static_cast<std::size_t>(std::find_if(kTables.begin(), kTables.end(),
                                            [](const TableSpec& t) { return t.table == Table::complaints; }) -
                               kTables.begin());
  // Table i read by `in` (the importer, or one reading apart): a missing file, a file in neither
  // encoding, or its rows. The file's slot, once taken.
  auto read_table = [&](std::size_t i, Importer& in) -> Slot* {
    const File& f = files[i];
    if (!f.exists) {
      if (required_here(*f.spec, f.required, cycle.info, options))
        in.diagnostics().add(f.name, 0, 0, "", "", kMissingFile);
      in.missing(*f.spec);
      return nullptr;
    }
    Slot& s = take(slot_of[i]);
    unsigned threads = 0;  // every core; but one while the big file is still being read
    if (big < present && slot_of[i] < big &&
        slots[big].loaded.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
      threads = std::max(2U, std::thread::hardware_concurrency()) - 1;
    if (!s.encoding) {
      in.diagnostics().add(f.name, s.bad_line, 0, "", "", kBadEncoding);
      in.missing(*f.spec);
      return &s;
    }
    if (*s.encoding == Encoding::gb18030) log::get("ingest")->debug("{}: read as GB18030", f.name);
    CsvReader reader(s.text(), s.text_size(), f.name, in.diagnostics());
    if (s.encoding != Encoding::gb18030) {
      reader.before_writing([&s] { s.hashed.wait(); });
      if (s.first_quote > s.skip) reader.no_quote_before(s.bytes.data() + s.first_quote);
    }
    in.read(*f.spec, reader, f.name, s.rows_hint, threads);
    return &s;
  };
  for (std::size_t i = 0; i < (read_apart ? apart_from : files.size()); ++i)
    if (Slot* s = read_table(i, importer)) drop(*s);
  if (read_apart) {
    // A file that could not be read refuses the import as in turn: the first one in order.
    for (std::size_t i = apart_from; i < files.size(); ++i)
      if (files[i].exists) slots[slot_of[i]].loaded.get();
    std::vector<std::size_t> sizes;
    for (std::size_t i = apart_from; i < files.size(); ++i) sizes.push_back(files[i].size);
    importer.read_apart(sizes, [&](std::size_t j, Importer& in) { (void)read_table(apart_from + j, in); });
  }
  for (auto& s : slots) s.hashed.get();  // in order: the first failure
  cycle.content_hash = sha.hex();
}

void import_workbook(const std::filesystem::path& path, Cycle& cycle, Importer& importer, Diagnostics& diags,
                     IssuedAt& issued_at, const ImportOptions& options) {
  const Workbook book(path);
  const std::string base = path.filename().string();
  auto sheet_file = [&](std::string_view sheet) { return fmt::format("{}[{}]", base, sheet); };
  read_cycle_sheets(book, cycle.info, base, diags, &issued_at);
  std::vector<File> sheets;
  for (const auto& spec : kTables) {
    // The English table name or the Chinese one (测评票), not both.
    std::string name(spec.name);
    bool exists = book.has_sheet(name);
    const std::string alias(table_alias(spec.table));
    if (book.has_sheet(alias)) {
      if (exists)
        diags.add(sheet_file(name), 0, 0, "", sheet_file(alias), kTwoFiles);
      else
        name = alias, exists = true;
    }
    sheets.push_back(File{&spec, std::move(name), {}, exists});
  }
  resolve_forms(sheets, diags, sheet_file);
  if (options.roster_only)
    for (auto& s : sheets) s.exists = s.exists && in_roster(*s.spec);
  for (const auto& s : sheets) {
    const std::string file = sheet_file(s.name);
    if (!s.exists) {
      if (required_here(*s.spec, s.required, cycle.info, options))
        diags.add(file, 0, 0, "", "", kMissingSheet);
      importer.missing(*s.spec);
      continue;
    }
    auto reader = book.open(s.name);
    importer.read(*s.spec, *reader, file);
  }
  detail::Sha256 sha;
  sha.update(read_file(path));
  cycle.content_hash = sha.hex();
}

/// Records of a TextTable: the header, then one record per row (line = row number).
class TextTableReader final : public RecordReader {
 public:
  explicit TextTableReader(const TextTable& t) : t_(t) {
    rows_ = t.columns.empty() ? 0 : t.columns.front().size();
  }
  bool next(Record& r) override {
    r.fields.clear();
    r.lines.clear();
    if (row_ == 0) {
      for (const auto& h : t_.header) r.fields.emplace_back(h);
      r.line = 0;
    } else {
      if (row_ > rows_) return false;
      for (const auto& c : t_.columns)
        r.fields.emplace_back(row_ - 1 < c.size() ? std::string_view(c[row_ - 1]) : "");
      r.line = static_cast<std::uint32_t>(row_);
    }
    r.lines.assign(r.fields.size(), r.line);
    ++row_;
    return true;
  }

 private:
  const TextTable& t_;
  std::size_t rows_ = 0;
  std::size_t row_ = 0;
};

Outcome run_tables(CycleTables& in, const ImportOptions& options) {
  Outcome out;
  Diagnostics diags(options.max_diagnostics);
  Importer importer(out.cycle, diags);
  importer.keep_dates(options.dated_fields);
  out.cycle.info = in.info;
  if (out.cycle.info.year < 1900 || out.cycle.info.year > 9999)
    diags.add("cycle", 0, 0, "year", std::to_string(out.cycle.info.year), kBadYear);
  if (out.cycle.info.as_of.year == 0) out.cycle.info.as_of = Date{out.cycle.info.year, 12, 31};
  if (out.cycle.info.region.empty()) out.cycle.info.region = "default";
  for (const auto& t : in.tables) {
    const bool known = std::any_of(std::begin(kTables), std::end(kTables),
                                   [&](const TableSpec& spec) { return spec.name == t.name; });
    if (!known) diags.add(t.name, 0, 0, "", t.name, "not a table of the spec");
    for (const auto& c : t.columns)
      if (c.size() != (t.columns.empty() ? 0 : t.columns.front().size()) ||
          t.columns.size() != t.header.size()) {
        diags.add(t.name, 0, 0, "", "", kColumnLengths);
        break;
      }
  }
  for (const auto& spec : kTables) {
    const RatingTable* rating = nullptr;
    if (spec.table == Table::ballots && in.ballots) rating = &*in.ballots;
    if (spec.table == Table::questionnaires && in.questionnaires) rating = &*in.questionnaires;
    if (rating != nullptr) {
      importer.read(*rating, spec.table == Table::ballots);
      continue;
    }
    const auto it = std::find_if(in.tables.begin(), in.tables.end(),
                                 [&](const TextTable& t) { return t.name == spec.name; });
    const bool as_sheets = std::any_of(in.tables.begin(), in.tables.end(), [&](const TextTable& t) {
      return (spec.table == Table::ballots && t.name == "ballot_sheets") ||
             (spec.table == Table::questionnaires && t.name == "questionnaire_sheets");
    });
    if (it == in.tables.end()) {
      if (required_here(spec, spec.required && !as_sheets, out.cycle.info, options))
        diags.add(std::string(spec.name), 0, 0, "", "", "missing required table");
      importer.missing(spec);
      continue;
    }
    TextTableReader reader(*it);
    importer.read(spec, reader, it->name);
  }
  importer.finish();
  check_issued(out.cycle, IssuedAt{"cycle", {}, {}}, diags);
  out.cycle.source = in.source;
  out.report.total = diags.total();
  out.report.diagnostics = diags.take();
  log::get("ingest")->info(message("LR-W113", in.source, out.cycle.departments.size(),
                                   out.cycle.representatives.size(), out.cycle.ballots.size(),
                                   out.cycle.questionnaires.size(), out.report.total));
  return out;
}

Outcome run(const std::filesystem::path& source, const ImportOptions& options) {
  Outcome out;
  Diagnostics diags(options.max_diagnostics);
  Importer importer(out.cycle, diags);
  importer.keep_dates(options.dated_fields);
  IssuedAt issued_at;
  std::error_code ec;
  if (std::filesystem::is_directory(source, ec)) {
    import_folder(source, out.cycle, importer, diags, issued_at, options);
  } else if (std::filesystem::is_regular_file(source, ec)) {
    import_workbook(source, out.cycle, importer, diags, issued_at, options);
  } else {
    refuse<NotFoundError>("LR-D171", source.string());
  }
  importer.finish();
  check_issued(out.cycle, issued_at, diags);
  out.cycle.source = source.string();
  out.report.total = diags.total();
  out.report.diagnostics = diags.take();
  log::get("ingest")->info(message("LR-W113", source.string(), out.cycle.departments.size(),
                                   out.cycle.representatives.size(), out.cycle.ballots.size(),
                                   out.cycle.questionnaires.size(), out.report.total));
  return out;
}

}  // namespace
}  // namespace ingest

Cycle import_cycle(const std::filesystem::path& source, const ImportOptions& options) {
  auto out = ingest::run(source, options);
  if (!out.report.ok()) throw ValidationError(std::move(out.report.diagnostics), out.report.total);
  return std::move(out.cycle);
}

Cycle import_tables(CycleTables tables, const ImportOptions& options) {
  auto out = ingest::run_tables(tables, options);
  if (!out.report.ok()) throw ValidationError(std::move(out.report.diagnostics), out.report.total);
  return std::move(out.cycle);
}

ValidationReport validate_cycle(const std::filesystem::path& source, const ImportOptions& options) {
  return ingest::run(source, options).report;
}

}  // namespace review
