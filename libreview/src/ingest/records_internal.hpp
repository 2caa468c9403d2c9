#pragma once
// Internals of the importer: records as read from a CSV file or a worksheet,
// the diagnostics collector, text decoding, the CSV reader and the workbook reader.

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libreview/error.hpp"
#include "libreview/export.hpp"
#include "libreview/messages.hpp"

namespace review::ingest {

/// One record (row) of a table. Field i sits in column i + 1.
struct Record {
  std::vector<std::string_view> fields;
  /// The line each field starts on; may be empty when every field starts on the record's line.
  std::vector<std::uint32_t> lines;
  std::uint32_t line = 0;  ///< the line the record starts on

  [[nodiscard]] std::string_view field(std::size_t i) const noexcept {
    return i < fields.size() ? fields[i] : std::string_view{};
  }
  [[nodiscard]] std::uint32_t line_of(std::size_t i) const noexcept {
    return i < lines.size() ? lines[i] : line;
  }
};

/// A source of records; the views stay valid until the next call or the reader's end.
class RecordReader {
 public:
  virtual ~RecordReader() = default;
  /// Reads the next record into `r`; false at the end.
  virtual bool next(Record& r) = 0;
};

/// Collects diagnostics up to a cap and counts the rest.
class Diagnostics {
 public:
  explicit Diagnostics(std::size_t cap) : cap_(cap) {}
  /// A problem; `message` is the catalogue's English text of a message without
  /// placeholders (messages.hpp), given in the current language under its code.
  void add(std::string_view file, std::size_t line, std::size_t column, std::string_view field,
           std::string_view value, std::string_view message);
  /// A problem of catalogue `entry`, its `{}` filled with `arg` (the column as the header wrote it).
  void add(std::string_view file, std::size_t line, std::size_t column, std::string_view field,
           std::string_view value, const MessageEntry& entry, std::string_view arg);
  [[nodiscard]] std::size_t total() const noexcept { return total_; }
  [[nodiscard]] std::size_t cap() const noexcept { return cap_; }
  [[nodiscard]] std::vector<Diagnostic> take() { return std::move(kept_); }
  /// Adds `other`'s problems after these (their lines moved down by `line_offset`), as if added here.
  void append(Diagnostics&& other, std::size_t line_offset);

 private:
  std::size_t cap_;
  std::size_t total_ = 0;
  std::vector<Diagnostic> kept_;
};

/// An allocator that leaves bytes uninitialised (a buffer about to be read into
/// is not zero-filled first) and asks for transparent huge pages for large
/// buffers (a 90 MB file: 45 page faults rather than 23,000).
template <class T>
struct UninitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <class U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)
  static constexpr std::size_t kHuge = std::size_t{2} << 20;
  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < 2 * kHuge) return std::allocator<T>::allocate(n);
    void* p = std::aligned_alloc(kHuge, (bytes + kHuge - 1) / kHuge * kHuge);
    if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    (void)::madvise(p, (bytes + kHuge - 1) / kHuge * kHuge, MADV_HUGEPAGE);  // a hint; fine when refused
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < 2 * kHuge)
      std::allocator<T>::deallocate(p, n);
    else
      std::free(p);
  }
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// A file's bytes as read (resize() does not zero them).
using ByteBuffer = std::vector<char, UninitAllocator<char>>;

/// How a file was encoded.
enum class Encoding { utf8, utf8_bom, gb18030 };

/// Turns a file's bytes into UTF-8 in place: drops a UTF-8 BOM, or converts from
/// GB18030 (a superset of GBK) when the bytes are not valid UTF-8. Nothing when
/// they are neither; `bad_line` then holds the line of the first undecodable byte.
std::optional<Encoding> decode_to_utf8(std::string& bytes, std::size_t& bad_line);
/// The same for a file's buffer.
std::optional<Encoding> decode_to_utf8(ByteBuffer& bytes, std::size_t& bad_line);

/// The encoding of `bytes` when they are UTF-8 as they are (Encoding::utf8, or utf8_bom: the
/// text starts 3 bytes in), without a NUL byte; nothing when decode_to_utf8() has to look
/// further (GB18030, or neither). Reads only.
REVIEW_API std::optional<Encoding> utf8_as_is(std::string_view bytes) noexcept;

/// True when `text` is valid UTF-8.
REVIEW_API bool is_valid_utf8(std::string_view text) noexcept;

/// utf8_as_is() of a file taken piece by piece as it is read, each piece checked while it is
/// still in the cache rather than the whole file once more afterwards; also where the file's
/// first double quote lies (record_cuts() need not look before it).
class REVIEW_API Utf8Scan {
 public:
  /// Bytes [from, to) of the file at `all`: the pieces in order, the first from 0.
  void add(const char* all, std::size_t from, std::size_t to) noexcept;
  /// After the last piece, `size` bytes in all: what utf8_as_is() gives for the whole file.
  [[nodiscard]] std::optional<Encoding> finish(const char* all, std::size_t size) noexcept;
  /// The offset of the file's first '"', or its size when it has none (after finish()).
  [[nodiscard]] std::size_t first_quote() const noexcept { return quote_; }

 private:
  static constexpr std::size_t kNone = ~std::size_t{0};
  void check(const char* all, std::size_t end) noexcept;
  bool nul_ = false;
  bool valid_ = true;
  bool started_ = false;     ///< whether a BOM was looked for (after the first 3 bytes)
  bool bom_ = false;         ///< the file starts with a UTF-8 BOM (checked from byte 3)
  std::size_t checked_ = 0;  ///< bytes checked from the start
  std::size_t quote_ = kNone;
};

/// RFC 4180 reader over a decoded buffer that it rewrites in place (quoted
/// fields are unescaped where they lie). Blank lines are skipped. Syntax
/// errors (an unterminated quote, text after a closing quote) go to `diags`.
class REVIEW_API CsvReader final : public RecordReader {
 public:
  CsvReader(std::string& text, std::string file, Diagnostics& diags);
  /// The same over `size` bytes at `text`, whose first line is line `first_line`.
  CsvReader(char* text, std::size_t size, std::string file, Diagnostics& diags, std::uint32_t first_line = 1);
  bool next(Record& r) override;

  /// Where the next record starts (or blank lines before it), and the end of the text.
  [[nodiscard]] char* position() const noexcept { return p_; }
  [[nodiscard]] char* end() const noexcept { return end_; }
  /// The line at position().
  [[nodiscard]] std::uint32_t line() const noexcept { return line_; }
  /// True when a resource limit (LR-D147, LR-D148) stopped the reading.
  [[nodiscard]] bool stopped() const noexcept { return stopped_; }
  /// Calls `wait` once before the reader first writes into the text (unescaping a `""`), so that
  /// another thread may read the bytes meanwhile (the folder's SHA-256 takes them on a thread
  /// of its own).
  void before_writing(std::function<void()> wait) { before_write_ = std::move(wait); }
  /// Tells the reader that its text holds no double quote before `p` (Utf8Scan::first_quote()).
  void no_quote_before(const char* p) noexcept { no_quote_before_ = p; }
  /// What no_quote_before() told, or null.
  [[nodiscard]] const char* no_quote_before() const noexcept { return no_quote_before_; }

 private:
  std::function<void()> before_write_;
  const char* no_quote_before_ = nullptr;
  char* p_;
  char* end_;
  std::uint32_t line_ = 1;
  bool stopped_ = false;
  std::string file_;
  Diagnostics& diags_;
};

/// Test hook: whether CsvReader reads a record without quotes within the next 64 bytes at
/// once (on by default; the same fields as field by field); the previous setting.
REVIEW_API bool set_csv_record_scan(bool on) noexcept;

/// Where `text`, the rest of a CSV file from the start of a record, may be cut into
/// about `parts` pieces of whole records, for reading the pieces on several threads:
/// the offsets of the cuts, 0 first and text.size() last, each other one just after a
/// line end outside any quoted field (a quote opens a field only at the field's start,
/// as CsvReader reads it). Only {0, size} when there is no such line end past the
/// targets, or when a quoted field holds an escaped quote (`""`): CsvReader rewrites
/// such fields in place, and the text could then not be read again from its start.
/// `no_quote_before`: the text holds no quote before that offset (Utf8Scan::first_quote()), so
/// that a text without quotes is not read again for them.
std::vector<std::size_t> record_cuts(std::string_view text, std::size_t parts,
                                     std::size_t no_quote_before = 0);

/// An `.xlsx` workbook (Office Open XML), read with libzip and pugixml.
class Workbook {
 public:
  /// Opens the workbook; throws review::Error when it is not a readable workbook.
  explicit Workbook(const std::filesystem::path& file);
  ~Workbook();
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  [[nodiscard]] bool has_sheet(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> sheet_names() const;
  /// The rows of a sheet as records: cells as text (shared and inline strings,
  /// numbers as written, dates as YYYY-MM-DD, booleans as true/false), column A
  /// first, the sheet's row number as the line.
  [[nodiscard]] std::unique_ptr<RecordReader> open(std::string_view sheet) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The date of an Excel serial day number (1900 or 1904 date system), as YYYY-MM-DD.
std::string excel_serial_to_date(double serial, bool date1904);

}  // namespace review::ingest
