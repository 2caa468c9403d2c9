// RegionProfile: typed access to a resolved profile's parameters.
#include <fmt/format.h>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/region.hpp"

namespace review {

namespace {
template <class T>
const T* get_as(const std::map<std::string, ParamValue>& values, std::string_view key) {
  auto it = values.find(std::string(key));
  if (it == values.end()) return nullptr;
  return std::get_if<T>(&it->second);
}

// A refusal of catalogue entry `code` about parameter `key` of profile `id`.
template <class E>
[[noreturn]] void refuse(std::string_view code, const std::string& id, std::string_view key) {
  throw E(message(code, id, key), std::string(code));
}
}  // namespace

double RegionProfile::number(std::string_view key) const {
  if (const auto* v = get_as<double>(values_, key)) return *v;
  if (has(key)) refuse<UsageError>("LR-P101", id, key);
  refuse<NotFoundError>("LR-P102", id, key);
}

double RegionProfile::number_or(std::string_view key, double fallback) const {
  if (const auto* v = get_as<double>(values_, key)) return *v;
  if (has(key)) refuse<UsageError>("LR-P101", id, key);
  return fallback;
}

std::string RegionProfile::text(std::string_view key) const {
  if (const auto* v = get_as<std::string>(values_, key)) return *v;
  if (has(key)) refuse<UsageError>("LR-P103", id, key);
  refuse<NotFoundError>("LR-P102", id, key);
}

std::string RegionProfile::text_or(std::string_view key, std::string_view fallback) const {
  if (const auto* v = get_as<std::string>(values_, key)) return *v;
  if (has(key)) refuse<UsageError>("LR-P103", id, key);
  return std::string(fallback);
}

bool RegionProfile::flag_or(std::string_view key, bool fallback) const {
  if (const auto* v = get_as<bool>(values_, key)) return *v;
  if (has(key)) refuse<UsageError>("LR-P104", id, key);
  return fallback;
}

bool RegionProfile::has(std::string_view key) const {
  return values_.find(std::string(key)) != values_.end();
}

std::map<std::string, ParamValue> RegionProfile::with_prefix(std::string_view prefix) const {
  std::map<std::string, ParamValue> out;
  for (auto it = values_.lower_bound(std::string(prefix));
       it != values_.end() && it->first.starts_with(prefix); ++it)
    out.insert(*it);
  return out;
}

void RegionProfile::set(std::string key, ParamValue value) { values_[std::move(key)] = std::move(value); }

}  // namespace review
