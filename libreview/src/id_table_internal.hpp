#pragma once
// One table from ids to dense indexes for the whole library: the importer
// interns department, representative and response ids with it, scoring looks
// complaints', rectification items' and flags' departments up in it.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace review::detail {
/// A hash of a short id, eight bytes at a time (ids are mostly 4-16 bytes).
inline std::uint64_t hash_id(std::string_view s) noexcept {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  auto mix = [](std::uint64_t x) {
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ULL;
    x ^= x >> 32;
    return x;
  };
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = mix(h ^ w) * 0x9E3779B97F4A7C15ULL;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = mix(h ^ w) * 0x9E3779B97F4A7C15ULL;
  }
  return mix(h);
}

/// True when the ids are equal; short ids (most of them) without a call to memcmp.
inline bool same_id(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n > 16) return std::memcmp(a.data(), b.data(), n) == 0;
  auto load = [](const char* p, std::size_t k) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, k);
    return w;
  };
  if (n >= 8)  // the first and the last eight bytes (overlapping) cover up to 16
    return load(a.data(), 8) == load(b.data(), 8) && load(a.data() + n - 8, 8) == load(b.data() + n - 8, 8);
  if (n >= 4)
    return load(a.data(), 4) == load(b.data(), 4) && load(a.data() + n - 4, 4) == load(b.data() + n - 4, 4);
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

/// Up to eight bytes of an id, loaded as one word: all of an id of up to eight
/// bytes (one word per id for each length, so that with the length it is the
/// id), the first eight of a longer one.
inline std::uint64_t id_head(std::string_view s) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t w = 0;
  if (n >= 8) {
    std::memcpy(&w, p, 8);
  } else if (n >= 4) {  // two overlapping four-byte loads
    std::uint32_t lo = 0, hi = 0;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    w = lo | std::uint64_t{hi} << 32;
  } else if (n > 0) {
    w = static_cast<unsigned char>(p[0]) | std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
        std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
  }
  return w;
}

/// Shortlex order (shorter first, then byte by byte): the order of ids numbered
/// with or without leading zeros (Q8, Q9, Q10 as Q08, Q09, Q10).
inline bool shortlex_less(std::string_view a, std::string_view b) noexcept {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

/// Ids and their dense indices (0, 1, 2, ... in the order they were added). The
/// ids are copied into one buffer. While they come in increasing (shortlex)
/// order, as numbered ids in a file mostly do, a new id is told from the ids
/// before it by comparing it with the last one: no hashing, no scattered memory
/// access. The first id out of that order (or index()) builds an open-addressing
/// hash table whose slot holds the index, a hash tag with the id's length and
/// the id's first eight bytes (id_head), so that a lookup of an id of up to
/// eight bytes touches one slot and nothing else.
class IdTable {
 public:
  static constexpr std::uint32_t npos = ~std::uint32_t{0};

  /// Forgets every id.
  void clear() {
    direct_.clear();
    slots_.clear();
    chars_.clear();
    spans_.clear();
    sorted_ = true;
  }
  /// Makes room for `n` ids.
  void reserve(std::size_t n) { spans_.reserve(n); }
  /// Builds the hash table (if not built yet), for lookups in O(1) rather than O(log n).
  void index() {
    if (!sorted_) return;
    index_hash();
    build_direct();
  }
  /// Number of ids.
  [[nodiscard]] std::size_t size() const noexcept { return spans_.size(); }
  /// The id of index `i`.
  [[nodiscard]] std::string_view key(std::uint32_t i) const noexcept {
    return {chars_.data() + spans_[i].offset, spans_[i].size};
  }
  /// The index of `id`, or npos.
  [[nodiscard]] std::uint32_t find(std::string_view id) const noexcept {
    if (sorted_) {  // binary search
      std::size_t lo = 0, hi = size();
      while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (shortlex_less(key(static_cast<std::uint32_t>(mid)), id))
          lo = mid + 1;
        else
          hi = mid;
      }
      return lo < size() && same_id(key(static_cast<std::uint32_t>(lo)), id) ? static_cast<std::uint32_t>(lo)
                                                                             : npos;
    }
    if (!direct_.empty()) return find_direct(id);
    const std::uint64_t head = id_head(id);
    const std::uint64_t h = hash_of(id, head);
    const std::uint32_t tag = tag_of(h, id.size());
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.index == 0) return npos;
      if (s.tag == tag && s.head == head && (id.size() <= 8 || same_id(key(s.index - 1), id)))
        return s.index - 1;
    }
  }
  /// The index of `id`, adding it when new; `added` tells which.
  std::uint32_t insert(std::string_view id, bool& added) {
    if (sorted_) {
      if (spans_.empty() || shortlex_less(key(static_cast<std::uint32_t>(size() - 1)), id)) {
        added = true;
        return append(id);
      }
      index_hash();
    }
    if ((size() + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
    const std::uint64_t head = id_head(id);
    const std::uint64_t h = hash_of(id, head);
    const std::uint32_t tag = tag_of(h, id.size());
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.index == 0) {
        s = Slot{head, static_cast<std::uint32_t>(size()) + 1, tag};
        direct_.clear();  // lookups by the hash table from now on
        added = true;
        return append(id);
      }
      if (s.tag == tag && s.head == head && (id.size() <= 8 || same_id(key(s.index - 1), id))) {
        added = false;
        return s.index - 1;
      }
    }
  }

 private:
  struct Slot {
    std::uint64_t head;   ///< id_head() of the id
    std::uint32_t index;  ///< index + 1; 0 marks an empty slot
    std::uint32_t tag;    ///< tag_of() the id
  };
  /// The hash: of the head alone for ids of up to eight bytes (one mixing step).
  static std::uint64_t hash_of(std::string_view id, std::uint64_t head) noexcept {
    if (id.size() > 8) return hash_id(id);
    std::uint64_t x = head ^ (std::uint64_t{id.size()} << 59);
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ULL;
    x ^= x >> 29;
    x *= 0x9E3779B97F4A7C15ULL;
    return x ^ (x >> 32);
  }
  /// The hash's high bits with the id's length (capped) in the low byte.
  static std::uint32_t tag_of(std::uint64_t h, std::size_t size) noexcept {
    return (static_cast<std::uint32_t>(h >> 32) & ~std::uint32_t{0xFF}) |
           static_cast<std::uint32_t>(std::min<std::size_t>(size, 0xFF));
  }
  struct Span {
    std::size_t offset, size;  ///< of an id in chars_
  };
  std::uint32_t append(std::string_view id) {
    spans_.push_back(Span{chars_.size(), id.size()});
    chars_.append(id);
    return static_cast<std::uint32_t>(size() - 1);
  }
  void rehash(std::size_t n) {
    std::vector<Slot> slots(n, Slot{0, 0, 0});
    const std::size_t mask = n - 1;
    for (std::uint32_t k = 0; k < size(); ++k) {
      const auto id = key(k);
      const std::uint64_t head = id_head(id);
      const std::uint64_t h = hash_of(id, head);
      std::size_t i = h & mask;
      while (slots[i].index != 0) i = (i + 1) & mask;
      slots[i] = Slot{head, k + 1, tag_of(h, id.size())};
    }
    slots_.swap(slots);
  }

  void index_hash() {
    sorted_ = false;
    rehash(
        std::bit_ceil(std::max<std::size_t>(size() * 3 / 2 + 2, 16)));  // at most 2/3 full: fewer cache lines
  }
  /// A byte of the ids' common shape that takes more than one value.
  struct Varying {
    std::uint32_t pos;     ///< in the id
    std::uint32_t low;     ///< smallest value
    std::uint32_t range;   ///< largest - smallest + 1
    std::uint32_t stride;  ///< in direct_
  };
  /// When every id has the same length and the byte values of each position
  /// span a small range (numbered ids such as C001-D33: fixed letters, a few
  /// digits), a table indexed by those bytes in mixed radix replaces the hash
  /// table for lookups: ids numbered together sit together in it (a county's
  /// departments in a few cache lines), and a lookup touches one entry.
  void build_direct() {
    direct_.clear();
    varying_.clear();
    const std::size_t n = size();
    if (n < 64) return;  // the hash table is small enough
    const std::size_t len = spans_[0].size;
    if (len == 0 || len > 64) return;
    for (std::uint32_t k = 1; k < n; ++k)
      if (spans_[k].size != len) return;
    unsigned char lo[64], hi[64];
    const auto first = key(0);
    for (std::size_t p = 0; p < len; ++p) lo[p] = hi[p] = static_cast<unsigned char>(first[p]);
    for (std::uint32_t k = 1; k < n; ++k) {
      const auto id = key(k);
      for (std::size_t p = 0; p < len; ++p) {
        const auto c = static_cast<unsigned char>(id[p]);
        lo[p] = std::min(lo[p], c);
        hi[p] = std::max(hi[p], c);
      }
    }
    const std::size_t limit = std::max<std::size_t>(n * 16, 4096);
    std::size_t entries = 1;
    std::vector<Varying> varying;
    for (std::size_t p = len; p-- > 0;) {  // the last byte varies fastest
      const std::uint32_t range = std::uint32_t{hi[p]} - lo[p] + 1;
      if (range == 1) continue;
      varying.push_back(
          Varying{static_cast<std::uint32_t>(p), lo[p], range, static_cast<std::uint32_t>(entries)});
      entries *= range;
      if (entries > limit) return;
    }
    fixed_.assign(first.data(), len);
    fixed_mask_.assign(len, '\xFF');
    for (const auto& v : varying) fixed_mask_[v.pos] = 0;
    std::vector<std::uint32_t> direct(entries, 0);
    for (std::uint32_t k = 0; k < n; ++k) {
      const auto id = key(k);
      std::size_t e = 0;
      for (const auto& v : varying)
        e += (static_cast<unsigned char>(id[v.pos]) - v.low) * std::size_t{v.stride};
      direct[e] = k + 1;
    }
    varying_ = std::move(varying);
    direct_ = std::move(direct);
  }
  [[nodiscard]] std::uint32_t find_direct(std::string_view id) const noexcept {
    const std::size_t len = fixed_.size();
    if (id.size() != len) return npos;
    const char* p = id.data();
    const char* f = fixed_.data();
    const char* m = fixed_mask_.data();
    std::size_t i = 0;
    for (; i + 8 <= len; i += 8)
      if (((load8(p + i) ^ load8(f + i)) & load8(m + i)) != 0) return npos;
    if (i < len) {  // the last eight bytes (overlapping) or the short id byte by byte
      if (len >= 8) {
        if (((load8(p + len - 8) ^ load8(f + len - 8)) & load8(m + len - 8)) != 0) return npos;
      } else {
        for (; i < len; ++i)
          if (((p[i] ^ f[i]) & m[i]) != 0) return npos;
      }
    }
    std::size_t e = 0;
    for (const auto& v : varying_) {
      const std::uint32_t d = static_cast<unsigned char>(p[v.pos]) - v.low;
      if (d >= v.range) return npos;
      e += std::size_t{d} * v.stride;
    }
    return direct_[e] - 1;  // npos for 0
  }
  static std::uint64_t load8(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  }

  std::vector<std::uint32_t> direct_;  ///< index + 1 by the varying bytes (0: no such id); empty: not in use
  std::vector<Varying> varying_;       ///< of direct_, last byte first
  std::string fixed_;                  ///< an id of the shape (its fixed bytes are every id's)
  std::string fixed_mask_;             ///< 0xFF at the fixed bytes, 0 at the varying ones
  bool sorted_ = true;                 ///< every id so far greater than the one before; no hash table yet
  std::vector<Slot> slots_;            ///< the hash table (once not sorted_)
  std::string chars_;                  ///< the ids, one after the other
  std::vector<Span> spans_;            ///< by index
};

}  // namespace review::detail
