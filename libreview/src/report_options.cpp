// Report options (报表选项): the one parser and checker of `key=value` options
// that the command, Python and the C API all go through (report.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <system_error>

#include "libreview/cycle.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/report.hpp"

namespace fs = std::filesystem;

namespace review {

std::string_view to_string(OptionType type) {
  static constexpr std::array<std::string_view, 5> kNames{
      "bool",    // boolean,
      "string",  // string,
      "date",    // date,
      "path",    // path,
      "choice",  // choice
  };
  return kNames.at(static_cast<std::size_t>(type));
}

void set_report_option(ReportOptions& options, std::string_view key_value) {
  const auto eq = key_value.find('=');
  if (eq == std::string_view::npos || eq == 0) throw UsageError(message("LR-R101", key_value), "LR-R101");
  options.values.insert_or_assign(std::string(key_value.substr(0, eq)),
                                  std::string(key_value.substr(eq + 1)));
}

namespace {

/// One declared option and the formats that declare it.
struct Declared {
  const ReportOption* option;
  std::vector<std::string> formats;
};

std::string formats_text(const std::vector<std::string>& formats) {
  return listed(formats);
}

/// Splits a list value at commas, dropping empty items and surrounding spaces.
std::vector<std::string> items_of(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

/// The value of `key` normalised for its declared type; UsageError when malformed.
std::string checked_value(const std::string& key, const std::string& value, const Declared& d) {
  const ReportOption& o = *d.option;
  const std::string formats = formats_text(d.formats);
  auto refuse = [&](const char* code, const auto&... more) {
    return UsageError(message(code, key, value, formats, more...), code);
  };
  switch (o.type) {
    case OptionType::boolean: {
      const auto b = parse_bool(value);
      if (!b) throw refuse("LR-R103");
      return *b ? "true" : "false";
    }
    case OptionType::string:
      return value;
    case OptionType::date: {
      const auto date = Date::parse_written(value);
      if (!date) throw refuse("LR-R104");
      return date->to_string();
    }
    case OptionType::path: {
      std::error_code ec;
      if (value.empty() || !fs::is_regular_file(fs::path(value), ec)) throw refuse("LR-R105");
      return value;
    }
    case OptionType::choice: {
      const auto items = o.list ? items_of(value) : std::vector<std::string>{value};
      const std::string allowed = listed(o.choices);
      if (items.empty()) throw refuse("LR-R106", allowed);
      for (const auto& item : items)
        if (std::find(o.choices.begin(), o.choices.end(), item) == o.choices.end())
          throw refuse("LR-R107", item, allowed, o.list ? message("LR-R108") : std::string());
      return fmt::format("{}", fmt::join(items, ","));
    }
  }
  return value;
}

}  // namespace

ReportOptions check_report_options(const ReportOptions& options, const std::vector<FormatOptions>& declared) {
  // Every declared name, in the order first declared, with the formats declaring it.
  std::vector<std::pair<std::string, Declared>> names;
  std::vector<std::string> formats;
  for (const auto& f : declared) {
    formats.push_back(f.format);
    for (const auto& o : f.options) {
      auto it = std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == o.name; });
      if (it == names.end()) names.emplace_back(o.name, Declared{&o, {}}), it = std::prev(names.end());
      it->second.formats.push_back(f.format);
    }
  }
  ReportOptions out;
  out.values = options.values;
  if (options.include_integrity) out.values.try_emplace("integrity", "true");
  if (!options.template_path.empty()) out.values.try_emplace("template", options.template_path.string());
  for (auto& [key, value] : out.values) {
    const auto it =
        std::find_if(names.begin(), names.end(), [&key = key](const auto& n) { return n.first == key; });
    if (it == names.end()) {
      std::vector<std::string> allowed;
      for (const auto& n : names) allowed.push_back(n.first);
      throw UsageError(message("LR-R102", key, value, formats_text(formats),
                               allowed.empty() ? std::string("none") : formats_text(allowed)),
                       "LR-R102");
    }
    value = checked_value(key, value, it->second);
  }
  if (const auto it = out.values.find("integrity"); it != out.values.end())
    out.include_integrity = it->second == "true";
  if (const auto it = out.values.find("template"); it != out.values.end()) out.template_path = it->second;
  return out;
}

}  // namespace review
