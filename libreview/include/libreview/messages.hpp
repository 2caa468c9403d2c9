#pragma once
/// @file messages.hpp
/// The message catalogue (提示信息目录): every data diagnostic in Chinese and English
/// under one stable code (`LR-D101`, ...), the language messages are given in, and
/// the fix a clerk applies. docs/data-format.md's table is generated from it.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "libreview/export.hpp"

namespace review {

/// The language of messages (提示语言).
enum class Language { en, zh };

/// The language messages are given in now; initially language_from_environment().
[[nodiscard]] REVIEW_API Language language() noexcept;
/// Gives every later message in `lang` (the command's `--lang`, the C API, Python).
REVIEW_API void set_language(Language lang) noexcept;
/// Chinese when LC_ALL, else LC_MESSAGES, else LANG (the first one set) starts with `zh`.
[[nodiscard]] REVIEW_API Language language_from_environment() noexcept;
/// `zh` or `en`; nothing for any other text.
[[nodiscard]] REVIEW_API std::optional<Language> parse_language(std::string_view text) noexcept;

/// One entry of the catalogue (提示条目). Texts may hold `{}` placeholders, the
/// same number in both languages (the column as the file's header wrote it).
struct MessageEntry {
  std::string_view code;    ///< stable code, `LR-D` + three digits, never reused
  std::string_view en;      ///< English text
  std::string_view zh;      ///< Chinese text (中文提示)
  std::string_view fix_en;  ///< how to fix the data, in English
  std::string_view fix_zh;  ///< how to fix the data, in Chinese (修改方法)
  /// The text in `lang`.
  [[nodiscard]] std::string_view text(Language lang) const noexcept { return lang == Language::zh ? zh : en; }
  [[nodiscard]] std::string_view fix(Language lang) const noexcept {
    return lang == Language::zh ? fix_zh : fix_en;
  }
};

/// Every entry, in code order (for walking: tests, docs/data-format.md).
[[nodiscard]] REVIEW_API std::span<const MessageEntry> catalogue() noexcept;
/// The entry of `code`, or nullptr.
[[nodiscard]] REVIEW_API const MessageEntry* find_message(std::string_view code) noexcept;
/// The entry whose English text is `en` (the form the library's code names a message by), or nullptr.
[[nodiscard]] REVIEW_API const MessageEntry* find_message_by_text(std::string_view en) noexcept;
/// The entry's text in the current language with the `{}` placeholders filled by `arg`.
[[nodiscard]] REVIEW_API std::string message_text(const MessageEntry& entry, std::string_view arg = {});
/// The text of catalogue entry `code` in the current language, its `{}` filled by `args` in
/// order (the same order in both languages); `code` must be in the catalogue.
template <class... Args>
[[nodiscard]] std::string message(std::string_view code, const Args&... args) {
  const auto* entry = find_message(code);
  if (entry == nullptr) return std::string(code);
  return fmt::format(fmt::runtime(entry->text(language())), args...);
}
/// Throws error class `E` (error.hpp) with catalogue entry `code` in the current language, its
/// `{}` filled by `args`, and the code itself (Error::message_code, the C API, Python).
template <class E, class... Args>
[[noreturn]] void refuse(std::string_view code, const Args&... args) {
  throw E(message(code, args...), std::string(code));
}
/// `items` as a list in the language of messages (列举): `甲、乙、丙` in Chinese, `a, b, c`
/// in English (values to choose from, regions, formats, plugins).
template <class Range>
[[nodiscard]] std::string listed(const Range& items) {
  return fmt::format("{}", fmt::join(items, language() == Language::zh ? "、" : ", "));
}
/// docs/data-format.md's table of messages and fixes in both languages (Markdown).
[[nodiscard]] REVIEW_API std::string message_table_markdown();

}  // namespace review
