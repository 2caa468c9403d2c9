#pragma once
// A flat, open-addressing table from ids to dense indexes, for the many id
// lookups of one scoring pass (complaints and rectification items by
// department, flags by subject): built once per pass from the cycle's ids,
// short keys stored inline so that a lookup touches one slot.
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace review::detail {

class IdTable {
 public:
  /// Indexes `count` ids, `id(i)` giving the i-th; the first of equal ids wins.
  template <class GetId>
  IdTable(std::size_t count, GetId&& id) {
    std::size_t capacity = 16;
    while (capacity * 2 < count * 3) capacity *= 2;  // at most 2/3 full
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    ids_.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::string_view key = id(i);
      ids_.push_back(key);
      const std::uint64_t h = hash(key);
      for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
        Slot& slot = slots_[s];
        if (slot.index == kEmpty) {
          slot.hash = h;
          slot.index = static_cast<std::uint32_t>(i);
          slot.size = static_cast<std::uint32_t>(key.size());
          std::memcpy(slot.key, key.data(), std::min(key.size(), sizeof slot.key));
          break;
        }
        if (matches(slot, h, key)) break;
      }
    }
  }

  /// The index of `key`, or nothing.
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view key) const {
    const std::uint64_t h = hash(key);
    for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
      const Slot& slot = slots_[s];
      if (slot.index == kEmpty) return std::nullopt;
      if (matches(slot, h, key)) return slot.index;
    }
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xffffffffU;
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t index = kEmpty;
    std::uint32_t size = 0;
    char key[16] = {};
  };

  static std::uint64_t hash(std::string_view key) noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ key.size();
    std::size_t i = 0;
    for (; i + 8 <= key.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, key.data() + i, 8);
      h = (h ^ w) * 0xff51afd7ed558ccdULL;
      h ^= h >> 32;
    }
    if (i < key.size()) {
      std::uint64_t w = 0;
      std::memcpy(&w, key.data() + i, key.size() - i);
      h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 32);
  }

  [[nodiscard]] bool matches(const Slot& slot, std::uint64_t h, std::string_view key) const noexcept {
    if (slot.hash != h || slot.size != key.size()) return false;
    if (key.size() <= sizeof slot.key) return std::memcmp(slot.key, key.data(), key.size()) == 0;
    return ids_[slot.index] == key;
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::vector<std::string_view> ids_;
};

}  // namespace review::detail
