#pragma once
/// @file column.hpp
/// Column<T>: a read-only array that either owns its values or borrows them
/// from another owner (a numpy array, a memory map) that it keeps alive.

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace review {

/// A column of values (列). Copying a Column shares the storage.
template <class T>
class Column {
 public:
  Column() = default;
  /// Takes ownership of `values`.
  explicit Column(std::vector<T> values) {
    auto owned = std::make_shared<std::vector<T>>(std::move(values));
    data_ = owned->data();
    size_ = owned->size();
    owner_ = std::move(owned);
  }
  /// Borrows `size` values at `data`; `owner` keeps them alive (may be null for static data).
  Column(const T* data, std::size_t size, std::shared_ptr<const void> owner)
      : owner_(std::move(owner)), data_(data), size_(size) {}

  [[nodiscard]] std::span<const T> span() const noexcept { return {data_, size_}; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] const T* data() const noexcept { return data_; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] const T* begin() const noexcept { return data_; }
  [[nodiscard]] const T* end() const noexcept { return data_ + size_; }
  /// What keeps the values alive (the owned vector, or the lender).
  [[nodiscard]] const std::shared_ptr<const void>& owner() const noexcept { return owner_; }
  /// True when the values are borrowed from `owner` rather than copied.
  [[nodiscard]] bool shares(const void* p) const noexcept { return data_ == p; }

 private:
  std::shared_ptr<const void> owner_;
  const T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace review
