// ProfileLibrary: region profiles read from TOML, resolved along their
// inheritance up to `default` for one date. The syntax is in docs/profiles.md.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/region.hpp"
#include "libreview/report_util.hpp"

namespace fs = std::filesystem;

namespace review {

namespace {

// ---- locations and errors ----------------------------------------------------

struct Where {
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
};

Where where_of(const std::string& file, const toml::source_region& region) {
  return {file, region.begin.line, region.begin.column};
}

// A refused profile file; a message of the catalogue is given in the current language under its code.
[[noreturn]] void fail(const Where& at, const std::string& key, const std::string& text) {
  const auto* entry = find_message_by_text(text);
  throw ValidationError(std::vector<Diagnostic>{
      Diagnostic{at.file, at.line, at.column, key, key, entry != nullptr ? message_text(*entry) : text,
                 entry != nullptr ? std::string(entry->code) : ""}});
}

// A refused profile file, with the catalogue's message `code` (LR-P1xx) in the current language.
template <class... Args>
[[noreturn]] void fail_with(const Where& at, const std::string& key, std::string_view code,
                            const Args&... args) {
  throw ValidationError(std::vector<Diagnostic>{
      Diagnostic{at.file, at.line, at.column, key, key, message(code, args...), std::string(code)}});
}

/// A kind of TOML value as a message names it, in the language of messages.
const char* in_language(const char* en, const char* zh) { return language() == Language::zh ? zh : en; }

const char* type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return in_language("a string", "文字");
    case toml::node_type::integer:
    case toml::node_type::floating_point:
      return in_language("a number", "数字");
    case toml::node_type::boolean:
      return in_language("true or false", "true 或 false");
    case toml::node_type::array:
      return in_language("an array", "数组");
    case toml::node_type::table:
      return in_language("a table", "表");
    default:
      return in_language("a date or time", "日期或时间");
  }
}

const char* type_name(std::size_t param_index) {
  static constexpr const char* en[] = {"true or false", "a number", "a string", "an array of strings"};
  static constexpr const char* zh[] = {"true 或 false", "数字", "文字", "文字数组"};
  return param_index < std::size(en) ? in_language(en[param_index], zh[param_index]) : "?";
}

// ---- the raw profile, as written ---------------------------------------------

struct MonthDay {
  unsigned month = 0;
  unsigned day = 0;
};

struct RawStage {
  std::string id;
  std::string name;
  MonthDay start;
  MonthDay end;
};

struct Entry {
  std::optional<Date> from;  // none: the value before any dated one
  ParamValue value;
  Where at;
};

struct RawParam {
  std::vector<Entry> entries;  // sorted: the undated one first, then by `from`
  Where at;
};

struct RawProfile {
  fs::path file;
  std::string id;
  std::string name;
  std::string summary;
  std::optional<std::string> inherits;
  Where at;           // the file's first line
  Where inherits_at;  // where `inherits` is written
  std::optional<std::string> scoring_rule;
  std::optional<std::vector<std::string>> region_rules;
  std::optional<std::vector<RawStage>> stages;
  std::map<std::string, RawParam> params;
};

std::string text_of(const toml::node& n, const std::string& file, const std::string& key) {
  if (const auto* s = n.as_string()) return s->get();
  fail_with(where_of(file, n.source()), key, "LR-P119", type_name(n));
}

std::vector<std::string> strings_of(const toml::node& n, const std::string& file, const std::string& key) {
  const auto* array = n.as_array();
  if (array == nullptr) fail_with(where_of(file, n.source()), key, "LR-P120", type_name(n));
  std::vector<std::string> out;
  for (const auto& item : *array) out.push_back(text_of(item, file, key));
  return out;
}

MonthDay month_day_of(const toml::node& n, const std::string& file, const std::string& key) {
  const std::string text = text_of(n, file, key);
  unsigned m = 0, d = 0;
  bool ok = text.size() == 5 && text[2] == '-';
  for (std::size_t i : {0U, 1U, 3U, 4U}) ok = ok && i < text.size() && text[i] >= '0' && text[i] <= '9';
  if (ok) {
    m = static_cast<unsigned>((text[0] - '0') * 10 + (text[1] - '0'));
    d = static_cast<unsigned>((text[3] - '0') * 10 + (text[4] - '0'));
    // 2000 is a leap year: 02-29 is a valid month-day (moved to 02-28 in other years).
    ok =
        std::chrono::year_month_day{std::chrono::year{2000}, std::chrono::month{m}, std::chrono::day{d}}.ok();
  }
  if (!ok) fail_with(where_of(file, n.source()), key, "LR-P121", text);
  return {m, d};
}

std::optional<Date> date_of(const toml::node& n, const std::string& file, const std::string& key) {
  if (const auto* d = n.as_date()) {
    const auto& v = d->get();
    return Date{v.year, v.month, v.day};
  }
  if (const auto* s = n.as_string()) {
    if (auto d = Date::parse(s->get())) return d;
  }
  fail(where_of(file, n.source()), key, "`from` must be a date like \"2018-01-01\"");
}

// A scalar or an array of strings as a parameter value.
ParamValue value_of(const toml::node& n, const std::string& file, const std::string& key) {
  if (const auto* b = n.as_boolean()) return b->get();
  if (const auto* i = n.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = n.as_floating_point()) return f->get();
  if (const auto* s = n.as_string()) return s->get();
  if (n.is_array()) return strings_of(n, file, key);
  fail_with(where_of(file, n.source()), key, "LR-P122", type_name(n));
}

RawParam param_of(const toml::node& n, const std::string& file, const std::string& key) {
  RawParam p;
  p.at = where_of(file, n.source());
  const auto* array = n.as_array();
  if (array == nullptr || array->empty() || !array->is_array_of_tables()) {
    p.entries.push_back(Entry{std::nullopt, value_of(n, file, key), p.at});
    return p;
  }
  // A dated parameter: [{ from = "2018-01-01", value = ... }, { value = ... }].
  for (const auto& item : *array) {
    const auto& t = *item.as_table();
    Entry e;
    e.at = where_of(file, item.source());
    const toml::node* value = nullptr;
    for (auto&& [k, v] : t) {
      if (k.str() == "from")
        e.from = date_of(v, file, key);
      else if (k.str() == "value")
        value = &v;
      else
        fail_with(where_of(file, v.source()), key, "LR-P123", k.str());
    }
    if (value == nullptr) fail(e.at, key, "a dated value needs `value`");
    if (value->is_array() && value->as_array()->is_array_of_tables())
      fail(where_of(file, value->source()), key, "a dated value cannot itself be dated");
    e.value = value_of(*value, file, key);
    e.at = where_of(file, value->source());
    for (const auto& other : p.entries)
      if (other.from == e.from) {
        if (e.from) fail_with(e.at, key, "LR-P124", e.from->to_string());
        fail_with(e.at, key, "LR-P125");
      }
    p.entries.push_back(std::move(e));
  }
  std::sort(p.entries.begin(), p.entries.end(),
            [](const Entry& a, const Entry& b) { return a.from < b.from; });
  for (const auto& e : p.entries)
    if (e.value.index() != p.entries.front().value.index())
      fail_with(e.at, key, "LR-P126", type_name(p.entries.front().value.index()), type_name(e.value.index()));
  return p;
}

void flatten(const toml::table& table, const std::string& prefix, const std::string& file, RawProfile& out) {
  for (auto&& [k, v] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = v.as_table())
      flatten(*sub, key, file, out);
    else
      out.params[key] = param_of(v, file, key);
  }
}

bool valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

RawProfile parse_profile(const fs::path& path) {
  const std::string file = path.string();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw NotFoundError(message("LR-P106", file), "LR-P106");
  toml::table doc;
  try {
    doc = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    fail_with(where_of(file, e.source()), "", "LR-P127", e.description());
  }
  RawProfile p;
  p.file = path;
  p.at = Where{file, 1, 1};
  bool has_id = false, has_name = false;
  for (auto&& [k, v] : doc) {
    const std::string key(k.str());
    if (key == "id") {
      p.id = text_of(v, file, key);
      has_id = true;
      if (!valid_id(p.id)) fail_with(where_of(file, v.source()), key, "LR-P128", p.id);
      if (p.id != path.stem().string())
        fail_with(where_of(file, v.source()), key, "LR-P129", p.id, path.filename().string());
    } else if (key == "name") {
      p.name = text_of(v, file, key);
      has_name = true;
    } else if (key == "summary") {
      p.summary = text_of(v, file, key);
    } else if (key == "inherits") {
      p.inherits = text_of(v, file, key);
      p.inherits_at = where_of(file, v.source());
    } else if (key == "scoring_rule") {
      p.scoring_rule = text_of(v, file, key);
    } else if (key == "region_rules") {
      p.region_rules = strings_of(v, file, key);
    } else if (key == "stages") {
      const auto* array = v.as_array();
      if (array == nullptr || (!array->empty() && !array->is_array_of_tables()))
        fail(where_of(file, v.source()), key, "expected [[stages]] tables of id, name, start and end");
      std::vector<RawStage> stages;
      for (const auto& item : *array) {
        const auto& t = *item.as_table();
        RawStage s;
        bool has_start = false, has_end = false;
        for (auto&& [sk, sv] : t) {
          const std::string skey = "stages." + std::string(sk.str());
          if (sk.str() == "id")
            s.id = text_of(sv, file, skey);
          else if (sk.str() == "name")
            s.name = text_of(sv, file, skey);
          else if (sk.str() == "start")
            s.start = month_day_of(sv, file, skey), has_start = true;
          else if (sk.str() == "end")
            s.end = month_day_of(sv, file, skey), has_end = true;
          else
            fail(where_of(file, sv.source()), skey, "unknown key in a stage (id, name, start, end)");
        }
        if (s.id.empty() || !has_start || !has_end)
          fail(where_of(file, item.source()), "stages", "a stage needs id, start and end");
        stages.push_back(std::move(s));
      }
      p.stages = std::move(stages);
    } else if (key == "parameters") {
      const auto* t = v.as_table();
      if (t == nullptr) fail_with(where_of(file, v.source()), key, "LR-P130", type_name(v));
      flatten(*t, "", file, p);
    } else {
      fail(where_of(file, v.source()), key,
           "unknown key (id, name, summary, inherits, scoring_rule, region_rules, stages, parameters)");
    }
  }
  if (!has_id) fail(p.at, "id", "a profile needs an id");
  if (!has_name) fail(p.at, "name", "a profile needs a name");
  if (p.id == "default" && p.inherits) fail(p.inherits_at, "inherits", "`default` inherits from nothing");
  if (p.id != "default" && !p.inherits)
    fail(p.at, "inherits", "a profile other than `default` names the profile it inherits");
  return p;
}

Date stage_date(int year, MonthDay md) {
  if (md.month == 2 && md.day == 29 && !std::chrono::year{year}.is_leap()) return Date{year, 2, 28};
  return Date{year, md.month, md.day};
}

bool is_path(std::string_view id) { return id.ends_with(".toml") || id.find('/') != std::string_view::npos; }

}  // namespace

// ---- the library ---------------------------------------------------------------

struct ProfileLibrary::Impl {
  std::vector<fs::path> folders;

  std::optional<fs::path> find(std::string_view id, const std::vector<fs::path>& search) const {
    for (const auto& folder : search) {
      fs::path candidate = folder / (std::string(id) + ".toml");
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec)) return candidate;
    }
    return std::nullopt;
  }

  std::string known_ids(const std::vector<fs::path>& search) const {
    std::set<std::string> ids;
    for (const auto& folder : search) {
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".toml") ids.insert(entry.path().stem().string());
    }
    return ids.empty() ? std::string(in_language("none", "无")) : listed(ids);
  }

  // This profile first, then what it inherits, up to `default`.
  std::vector<RawProfile> lineage(const fs::path& file, const std::vector<fs::path>& search) const {
    std::vector<RawProfile> chain;
    chain.push_back(parse_profile(file));
    while (chain.back().inherits) {
      const RawProfile& child = chain.back();
      const std::string& parent = *child.inherits;
      for (const auto& seen : chain) {
        if (seen.id == parent) {
          std::string path;
          for (const auto& c : chain) path += c.id + " → ";
          fail_with(child.inherits_at, "inherits", "LR-P131", path, parent);
        }
      }
      auto parent_file = find(parent, search);
      if (!parent_file) fail_with(child.inherits_at, "inherits", "LR-P105", parent, known_ids(search));
      chain.push_back(parse_profile(*parent_file));
    }
    if (chain.back().id != "default") fail(chain.back().at, "inherits", "the lineage must end at `default`");
    return chain;
  }

  RegionProfile resolve(const fs::path& file, const Date& as_of, const std::vector<fs::path>& search) const {
    const std::vector<RawProfile> chain = lineage(file, search);
    const RawProfile& base = chain.back();
    std::map<std::string, std::size_t> types;                // ParamValue index of every key of `default`
    std::map<std::string, std::vector<std::string>> groups;  // first key segment -> keys of `default`
    for (const auto& [key, param] : base.params) {
      types[key] = param.entries.front().value.index();
      groups[key.substr(0, key.find('.'))].push_back(key);
    }

    RegionProfile out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const RawProfile& p = *it;
      for (const auto& [key, param] : p.params) {
        if (auto t = types.find(key); t != types.end()) {
          for (const auto& e : param.entries) {
            const bool number_for_number = t->second == 1 && e.value.index() == 1;
            if (e.value.index() != t->second && !number_for_number)
              fail_with(e.at, key, "LR-P132", type_name(t->second), type_name(e.value.index()));
          }
        } else if (auto g = groups.find(key.substr(0, key.find('.'))); g != groups.end() && &p != &base) {
          fail_with(param.at, key, "LR-P133", g->first, listed(g->second));
        }
        // The latest value in effect on as_of; a parameter with none yet keeps the inherited value.
        const Entry* chosen = nullptr;
        for (const auto& e : param.entries)
          if (!e.from || *e.from <= as_of) chosen = &e;
        if (chosen != nullptr) out.set(key, chosen->value);
      }
      if (p.scoring_rule) out.scoring_rule = *p.scoring_rule;
      if (p.region_rules) out.region_rules = *p.region_rules;
      if (p.stages) {
        out.stages.clear();
        for (const auto& s : *p.stages) {
          Stage stage{s.id, s.name, stage_date(as_of.year, s.start), stage_date(as_of.year, s.end)};
          if (stage.end < stage.start)
            stage.end = stage_date(as_of.year + 1, s.end);  // runs over the new year
          out.stages.push_back(std::move(stage));
        }
      }
    }
    if (!base.scoring_rule) fail(base.at, "scoring_rule", "`default` must name its scoring rule");
    const RawProfile& self = chain.front();
    out.id = self.id;
    out.name = self.name;
    out.summary = self.summary;
    out.file = self.file;
    out.as_of = as_of;
    for (const auto& p : chain) out.lineage.push_back(p.id);
    return out;
  }
};

ProfileLibrary::ProfileLibrary(const PluginRegistry& registry) : ProfileLibrary(registry.profile_folders()) {}

ProfileLibrary::ProfileLibrary(std::vector<fs::path> folders) : impl_(std::make_unique<Impl>()) {
  impl_->folders = std::move(folders);
}

ProfileLibrary::~ProfileLibrary() = default;
ProfileLibrary::ProfileLibrary(ProfileLibrary&&) noexcept = default;
ProfileLibrary& ProfileLibrary::operator=(ProfileLibrary&&) noexcept = default;

std::vector<ProfileInfo> ProfileLibrary::list() const {
  std::map<std::string, ProfileInfo> found;  // first folder wins for an id
  for (const auto& folder : impl_->folders) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, ec))
      if (entry.path().extension() == ".toml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      RawProfile p = parse_profile(file);
      if (found.count(p.id) != 0) continue;
      impl_->resolve(file, today(), impl_->folders);  // checks lineage and types
      found.emplace(p.id, ProfileInfo{p.id, p.name, p.inherits.value_or(""), p.summary, file});
    }
  }
  std::vector<ProfileInfo> out;
  for (auto& [_, info] : found) out.push_back(std::move(info));
  return out;
}

RegionProfile ProfileLibrary::resolve(std::string_view id, const Date& as_of) const {
  if (is_path(id)) {
    const fs::path file(id);
    std::vector<fs::path> search{file.parent_path().empty() ? fs::path(".") : file.parent_path()};
    search.insert(search.end(), impl_->folders.begin(), impl_->folders.end());
    return impl_->resolve(file, as_of, search);
  }
  auto file = impl_->find(id, impl_->folders);
  if (!file) throw NotFoundError(message("LR-P105", id, impl_->known_ids(impl_->folders)), "LR-P105");
  return impl_->resolve(*file, as_of, impl_->folders);
}

}  // namespace review
