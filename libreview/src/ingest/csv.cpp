// Text decoding (UTF-8, UTF-8 with BOM, GB18030/GBK) and the RFC 4180 CSV reader.
#include <fmt/format.h>
#include <iconv.h>
#include <simdjson.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstring>
#include <utility>

#include "ingest/records_internal.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"

namespace review::ingest {

void Diagnostics::add(std::string_view file, std::size_t line, std::size_t column, std::string_view field,
                      std::string_view value, std::string_view message) {
  if (const auto* entry = find_message_by_text(message); entry != nullptr) {
    add(file, line, column, field, value, *entry, {});
    return;
  }
  ++total_;  // a message outside the catalogue (test_messages fails on any left): as given
  if (kept_.size() < cap_)
    kept_.push_back(Diagnostic{
        std::string(file), line, column, std::string(field), std::string(value), std::string(message), {}});
}

void Diagnostics::add(std::string_view file, std::size_t line, std::size_t column, std::string_view field,
                      std::string_view value, const MessageEntry& entry, std::string_view arg) {
  ++total_;
  if (kept_.size() < cap_)
    kept_.push_back(Diagnostic{std::string(file), line, column, std::string(field), std::string(value),
                               message_text(entry, arg), std::string(entry.code)});
}

void Diagnostics::append(Diagnostics&& other, std::size_t line_offset) {
  total_ += other.total_;
  for (auto& d : other.kept_) {
    if (kept_.size() >= cap_) break;
    d.line += line_offset;
    kept_.push_back(std::move(d));
  }
  other.kept_.clear();
  other.total_ = 0;
}

// ---- decoding -----------------------------------------------------------------

bool is_valid_utf8(std::string_view text) noexcept {
  // simdjson's validator (Keiser and Lemire's lookup method, the widest vector unit the CPU
  // has, chosen at run time): 0.9 ms for a county set's 9 MB questionnaires file, where a
  // byte-by-byte check took 3.4–5.4 ms.
  return simdjson::validate_utf8(text.data(), text.size());
}

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::size_t line_at(std::string_view text, std::size_t offset) {
  return 1 +
         static_cast<std::size_t>(std::count(
             text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size())), '\n'));
}

/// GB18030 → UTF-8 with iconv; nothing (and the offset of the first bad byte) on failure.
std::optional<std::string> from_gb18030(std::string_view in, std::size_t& bad_offset) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) refuse<IoError>("LR-D172");
  std::string out(in.size() * 3 / 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());  // iconv's interface is not const-correct
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  std::optional<std::string> result;
  while (true) {
    const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    if (rc != static_cast<std::size_t>(-1)) {
      out.resize(out.size() - dst_left);
      result = std::move(out);
      break;
    }
    if (errno == E2BIG) {
      const std::size_t used = out.size() - dst_left;
      out.resize(out.size() * 2);
      dst = out.data() + used;
      dst_left = out.size() - used;
      continue;
    }
    bad_offset = static_cast<std::size_t>(src - in.data());
    break;
  }
  iconv_close(cd);
  return result;
}

template <class Buffer>
std::optional<Encoding> decode(Buffer& bytes, std::size_t& bad_line) {
  auto text = [&] { return std::string_view(bytes.data(), bytes.size()); };
  auto drop_bom = [&] {
    bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(kUtf8Bom.size()));
  };
  // A NUL byte is valid UTF-8 and GB18030, but no text a clerk saves holds one: the file is binary,
  // or UTF-16 (Excel's "Unicode Text"), whose every ASCII character comes with a NUL.
  if (const void* nul = bytes.empty() ? nullptr : std::memchr(bytes.data(), 0, bytes.size())) {
    bad_line = line_at(text(), static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data()));
    return std::nullopt;
  }
  if (text().starts_with(kUtf8Bom)) {
    drop_bom();
    if (is_valid_utf8(text())) return Encoding::utf8_bom;
    bad_line = 1;
    return std::nullopt;
  }
  if (is_valid_utf8(text())) return Encoding::utf8;
  std::size_t bad_offset = 0;
  auto converted = from_gb18030(text(), bad_offset);
  if (!converted) {
    bad_line = line_at(text(), bad_offset);
    return std::nullopt;
  }
  bytes.assign(converted->begin(), converted->end());
  if (text().starts_with(kUtf8Bom)) drop_bom();  // a GB18030 BOM
  return Encoding::gb18030;
}

}  // namespace

std::optional<Encoding> utf8_as_is(std::string_view bytes) noexcept {
  if (bytes.empty()) return Encoding::utf8;
  if (std::memchr(bytes.data(), 0, bytes.size()) != nullptr) return std::nullopt;
  if (bytes.starts_with(kUtf8Bom))
    return is_valid_utf8(bytes.substr(kUtf8Bom.size())) ? std::optional(Encoding::utf8_bom) : std::nullopt;
  return is_valid_utf8(bytes) ? std::optional(Encoding::utf8) : std::nullopt;
}

void Utf8Scan::add(const char* all, std::size_t from, std::size_t to) noexcept {
  if (from >= to) return;
  const char* p = all + from;
  const std::size_t n = to - from;
  if (!nul_ && std::memchr(p, 0, n) != nullptr) nul_ = true;
  if (quote_ == kNone)
    if (const void* q = std::memchr(p, '"', n))
      quote_ = static_cast<std::size_t>(static_cast<const char*>(q) - all);
  if (!started_) {
    if (to < kUtf8Bom.size()) return;
    started_ = true;
    bom_ = std::string_view(all, kUtf8Bom.size()) == kUtf8Bom;
    checked_ = bom_ ? kUtf8Bom.size() : 0;
  }
  // Up to the last sequence that is surely whole: a lead byte and up to three continuation
  // bytes at the end may go on in the next piece, which checks them again from the lead.
  std::size_t end = to;
  for (int k = 0; k < 3 && end > checked_ && (static_cast<unsigned char>(all[end - 1]) & 0xC0) == 0x80; ++k)
    --end;
  if (end > checked_ && static_cast<unsigned char>(all[end - 1]) >= 0xC0) --end;
  check(all, end);
}

void Utf8Scan::check(const char* all, std::size_t end) noexcept {
  if (nul_ || !valid_ || end <= checked_) return;
  valid_ = is_valid_utf8(std::string_view(all + checked_, end - checked_));
  checked_ = end;
}

std::optional<Encoding> Utf8Scan::finish(const char* all, std::size_t size) noexcept {
  if (quote_ == kNone) quote_ = size;
  if (!started_) return utf8_as_is(std::string_view(all, size));  // fewer than 3 bytes
  check(all, size);
  if (nul_ || !valid_) return std::nullopt;
  return bom_ ? Encoding::utf8_bom : Encoding::utf8;
}

std::optional<Encoding> decode_to_utf8(std::string& bytes, std::size_t& bad_line) {
  return decode(bytes, bad_line);
}
std::optional<Encoding> decode_to_utf8(ByteBuffer& bytes, std::size_t& bad_line) {
  return decode(bytes, bad_line);
}

// ---- CSV ----------------------------------------------------------------------

namespace {

// Characters that end an unquoted field.
constexpr std::array<bool, 256> kStop = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  return t;
}();

/// Where the unquoted field at `p` ends: the first `,` `\n` or `\r` from `p`, or `end`. Sixteen
/// bytes at a time (SSE2, every x86-64 has it): a rating file's fields are 5 to 15 bytes, so one
/// compare mostly finds the end, where a byte loop paid a mispredicted branch per field.
inline char* field_end(char* p, char* const end) noexcept {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)), _mm_cmpeq_epi8(v, cr));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0)
      return p + std::countr_zero(mask);
    p += 16;
  }
#endif
  while (p < end && !kStop[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

/// At most `n` bytes of `t` for a diagnostic, cut on a character boundary, without line ends.
std::string_view clip(std::string_view t, std::size_t n) {
  if (t.size() > n) {
    while (n > 0 && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80) --n;
    t = t.substr(0, n);
  }
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.remove_suffix(1);
  return t;
}

}  // namespace

CsvReader::CsvReader(std::string& text, std::string file, Diagnostics& diags)
    : CsvReader(text.data(), text.size(), std::move(file), diags) {}

CsvReader::CsvReader(char* text, std::size_t size, std::string file, Diagnostics& diags,
                     std::uint32_t first_line)
    : p_(text), end_(text + size), line_(first_line), file_(std::move(file)), diags_(diags) {}

namespace {

std::atomic<bool> record_scan{true};

/// Notes that the last field of `r` starts on `line`: the lines of a record are kept only once
/// one of its fields starts on a later line than the record (after a quoted line end).
void line_of_field(Record& r, std::uint32_t line) {
  if (r.lines.empty()) r.lines.assign(r.fields.size() - 1, r.line);
  r.lines.push_back(line);
}

}  // namespace

bool set_csv_record_scan(bool on) noexcept { return record_scan.exchange(on); }

bool CsvReader::next(Record& r) {
  r.fields.clear();
  r.lines.clear();
  // The position and line in locals, written back on return: as members, read
  // through a char* that may alias them, they would be stored on every byte.
  char* p = p_;
  char* const end = end_;
  std::uint32_t line = line_;
  auto done = [&](bool more) {
    p_ = p;
    line_ = line;
    return more;
  };
  // Skip blank lines.
  while (p < end && (*p == '\n' || *p == '\r')) {
    if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
    ++p;
    ++line;
  }
  if (p >= end) return done(false);
  r.line = line;
#if defined(__SSE2__)
  // A whole record in the next 64 bytes without a quote (a rating row): its commas and its line
  // end found at once, the fields cut between them. What the loop below reads from such a record.
  if (end - p >= 64 && record_scan.load(std::memory_order_relaxed)) {
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i quote = _mm_set1_epi8('"');
    std::uint64_t commas = 0, ends = 0, quotes = 0;
    for (int k = 0; k < 4 && ends == 0; ++k) {  // up to the block holding the line end
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
      const auto bits = [&](__m128i hit) {
        return std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(hit))} << (16 * k);
      };
      commas |= bits(_mm_cmpeq_epi8(v, comma));
      ends |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
      quotes |= bits(_mm_cmpeq_epi8(v, quote));
    }
    if (ends != 0) {
      const auto stop = static_cast<unsigned>(std::countr_zero(ends));
      const std::uint64_t before = (std::uint64_t{1} << stop) - 1;
      if ((quotes & before) == 0) {
        char* start = p;
        for (std::uint64_t c = commas & before; c != 0; c &= c - 1) {
          char* const at = p + std::countr_zero(c);
          r.fields.emplace_back(start, static_cast<std::size_t>(at - start));
          start = at + 1;
        }
        p += stop;
        r.fields.emplace_back(start, static_cast<std::size_t>(p - start));
        if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
        ++p;
        ++line;
        return done(true);
      }
    }
  }
#endif
  while (true) {
    const std::uint32_t field_line = line;
    if (p < end && *p == '"') {
      const std::size_t column = r.fields.size() + 1;
      // Quoted field: unescape in place, writing at w while reading at p.
      char* w = ++p;
      char* start = w;
      bool closed = false;
      while (p < end) {
        char* q = static_cast<char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
        char* chunk_end = q != nullptr ? q : end;
        line += static_cast<std::uint32_t>(std::count(p, chunk_end, '\n'));
        if (w != p) std::memmove(w, p, static_cast<std::size_t>(chunk_end - p));
        w += chunk_end - p;
        p = chunk_end;
        if (q == nullptr) break;
        if (q + 1 < end && q[1] == '"') {  // an escaped quote
          if (before_write_) std::exchange(before_write_, nullptr)();
          *w++ = '"';
          p = q + 2;
          continue;
        }
        p = q + 1;
        closed = true;
        break;
      }
      if (!closed) {
        diags_.add(file_, field_line, column, "",
                   clip(std::string_view(start, static_cast<std::size_t>(w - start)), 40),
                   "unterminated quoted field");
      } else if (p < end && !kStop[static_cast<unsigned char>(*p)]) {
        char* junk = p;
        while (p < end && !kStop[static_cast<unsigned char>(*p)]) ++p;
        diags_.add(file_, field_line, column, "",
                   clip(std::string_view(junk, static_cast<std::size_t>(p - junk)), 40),
                   "text after a closing quote");
      }
      r.fields.emplace_back(start, static_cast<std::size_t>(w - start));
    } else {
      char* start = p;
      p = field_end(p, end);
      r.fields.emplace_back(start, static_cast<std::size_t>(p - start));
    }
    if (field_line != r.line || !r.lines.empty()) [[unlikely]]
      line_of_field(r, field_line);
    // Resource limits (ingest.hpp): past them the rest of the file is not read.
    if (r.fields.back().size() > kMaxFieldBytes || r.fields.size() > kMaxFieldsPerRecord) [[unlikely]] {
      const bool too_long = r.fields.back().size() > kMaxFieldBytes;
      diags_.add(file_, field_line, r.fields.size(), "", clip(r.fields.back(), 40),
                 *find_message(too_long ? "LR-D147" : "LR-D148"),
                 std::to_string(too_long ? kMaxFieldBytes : kMaxFieldsPerRecord));
      p = end;
      stopped_ = true;
      r.fields.clear();
      r.lines.clear();
      return done(false);
    }
    if (p >= end) return done(true);
    if (*p == ',') {
      ++p;
      if (p >= end) {  // a trailing comma at the very end: one more, empty field
        r.fields.emplace_back();
        if (line != r.line || !r.lines.empty()) line_of_field(r, line);
        return done(true);
      }
      continue;
    }
    // End of the record: \n, \r\n or a lone \r.
    if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
    ++p;
    ++line;
    return done(true);
  }
}

std::vector<std::size_t> record_cuts(std::string_view text, std::size_t parts, std::size_t no_quote_before) {
  constexpr std::size_t kUnknown = ~std::size_t{0};
  const char* const s = text.data();
  const std::size_t size = text.size();
  std::vector<std::size_t> cuts{0};
  // Quotes are walked from the start, `pos` always outside a quoted field. A quote opens
  // a field only at a field's start (after , \n \r or at the start); anywhere else it is
  // a character of an unquoted field, or of the text after a closing quote.
  std::size_t pos = 0;
  auto find_byte = [&](char c, std::size_t from) {
    const void* at = from < size ? std::memchr(s + from, c, size - from) : nullptr;
    return at == nullptr ? size : static_cast<std::size_t>(static_cast<const char*>(at) - s);
  };
  // The last quote found and where its search started: a search from between the two finds
  // it again without reading the text once more (a text without quotes is read once).
  std::size_t quote_from = 0, quote_at = kUnknown;
  if (no_quote_before > 0) {  // from 0 the first quote is there or later
    quote_at = find_byte('"', std::min(no_quote_before, size));
  }
  auto find = [&](char c, std::size_t from) {
    if (c != '"') return find_byte(c, from);
    if (quote_at == kUnknown || from < quote_from || from > quote_at) {
      quote_from = from;
      quote_at = find_byte('"', from);
    }
    return quote_at;
  };
  enum class At { outside, inside, escaped };
  // Walks the quoted fields that open before `c`: where `c` lies.
  auto walk_to = [&](std::size_t c) {
    while (true) {
      const std::size_t q = find('"', pos);
      if (q >= c) return At::outside;
      if (q > 0 && !kStop[static_cast<unsigned char>(s[q - 1])]) {
        pos = q + 1;
        continue;
      }
      std::size_t close = find('"', q + 1);
      if (close + 1 < size && s[close + 1] == '"') return At::escaped;
      pos = close == size ? size : close + 1;  // an unterminated field runs to the end
      if (close >= c) return At::inside;
    }
  };
  for (std::size_t k = 1; k < parts; ++k) {
    std::size_t c = find('\n', std::max(size / parts * k, cuts.back()));
    At at = At::inside;
    while (c < size && (at = walk_to(c)) == At::inside) c = find('\n', pos);
    if (at == At::escaped) return {0, size};
    if (c >= size || c + 1 >= size) break;
    cuts.push_back(c + 1);
  }
  if (walk_to(size) == At::escaped) return {0, size};  // the rest of the text, for escaped quotes
  cuts.push_back(size);
  return cuts;
}

}  // namespace review::ingest
