// The county package (上报数据包): exported from a store, read and verified for the
// city roll-up. Written with the OOXML writer's zip (review_ooxml: deflate, fixed
// timestamps, so the same cycle gives the same bytes), read with the one reader of
// zip packages someone else made (libreview/src/opc) within the package's limits.
#include "libreview/package.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "digest_internal.hpp"
#include "libreview/anonymity.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/report_util.hpp"
#include "libreview/session.hpp"
#include "libreview/store.hpp"
#include "libreview/version.hpp"
#include "ooxml.hpp"
#include "package/messages_internal.hpp"
#include "package/package_internal.hpp"

namespace review {

namespace msg = package_msg;

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr const char* kManifest = "manifest.json";
/// The members every package of this format holds besides the manifest.
constexpr const char* kRequiredMembers[] = {"results.csv", "departments.csv"};

/// A county package: a handful of members, each a table of one county's departments.
constexpr opc::Limits kPackageLimits{64, std::uint64_t{64} << 20, std::uint64_t{256} << 20, 0};

std::string sha256(std::string_view bytes) {
  detail::Sha256 h;
  h.update(bytes);
  return h.hex();
}

std::string departments_csv(const Cycle& cycle) {
  std::string out(kUtf8Bom);
  append_csv_row(out, {"department_id", "department_name", "category", "kind"});
  for (const auto& d : cycle.departments)
    append_csv_row(out, {csv_cell(d.id), csv_cell(d.name), csv_cell(d.category), csv_cell(d.kind)});
  return out;
}

/// Each department's ballots by sector and questionnaire answers by group, as the
/// anonymity rules let them be shown: a suppressed cell or total is an empty count.
std::string breakdowns_csv(const Cycle& cycle, int k) {
  AnonymousView view(cycle, k);
  view.build_index();
  std::string out(kUtf8Bom);
  append_csv_row(out, {"department_id", "table", "row", "column", "count"});
  auto put = [&](const std::string& id, std::string_view table, const SuppressedBreakdown& b) {
    for (std::size_t r = 0; r < b.table.row_labels.size(); ++r) {
      for (std::size_t c = 0; c < b.table.column_labels.size(); ++c) {
        const auto n = b.shown(r, c);
        append_csv_row(out, {csv_cell(id), std::string(table), csv_cell(b.table.row_labels[r]),
                             csv_cell(b.table.column_labels[c]), n ? std::to_string(*n) : std::string()});
      }
      if (b.table.show_row_totals) {
        const auto n = b.shown_row_total(r);
        append_csv_row(out, {csv_cell(id), std::string(table), csv_cell(b.table.row_labels[r]), "合计",
                             n ? std::to_string(*n) : std::string()});
      }
    }
  };
  for (std::uint32_t i = 0; i < cycle.departments.size(); ++i) {
    if (cycle.departments[i].status != DepartmentStatus::participating) continue;
    put(cycle.departments[i].id, "ballots_by_sector", view.ballots_by_sector(i));
    put(cycle.departments[i].id, "questionnaires_by_group", view.questionnaires_by_group(i));
  }
  return out;
}

std::string manifest_json(const PackageManifest& m) {
  nlohmann::ordered_json j;
  j["format"] = "libreview-county-package";
  j["format_version"] = m.format_version;
  j["libreview_version"] = m.libreview_version;
  j["county"] = m.county;
  j["region"] = m.region;
  j["year"] = m.year;
  j["name"] = m.name;
  j["profile"] = m.profile;
  j["rule"] = m.rule;
  auto& members = j["members"] = nlohmann::ordered_json::object();
  for (const auto& [name, digest] : m.members) members[name] = {{"sha256", digest}};
  return j.dump(2) + "\n";
}

/// "1.2.3" as numbers, for comparing versions; missing parts are 0.
std::tuple<int, int, int> version_numbers(std::string_view v) {
  int parts[3] = {0, 0, 0};
  for (int& p : parts) {
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), p);
    if (ec != std::errc{}) break;
    v.remove_prefix(static_cast<std::size_t>(ptr - v.data()));
    if (v.empty() || v.front() != '.') break;
    v.remove_prefix(1);
  }
  return {parts[0], parts[1], parts[2]};
}

/// A member name the package may hold: relative, no `..` segment, no backslash or drive.
bool safe_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos ||
      name.find(':') != std::string_view::npos)
    return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto end = std::min(name.find('/', start), name.size());
    if (name.substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  return true;
}

[[noreturn]] void refuse(const std::string& file, const std::string& member, std::string message,
                         std::string code) {
  throw ValidationError(
      std::vector<Diagnostic>{package_detail::problem(file, member, std::move(message), std::move(code))});
}

opc::Refuse package_refusals(const std::string& file) {
  return [file](const opc::Refusal& r) {
    using Kind = opc::Refusal::Kind;
    std::string why;
    switch (r.kind) {
      case Kind::not_a_zip:
        why = r.detail;
        break;
      case Kind::too_many_entries:
        why = fmt::format(fmt::runtime(msg::said(msg::kTooManyMembers)), r.limit);
        break;
      case Kind::unreadable_entry:
        why = fmt::format(fmt::runtime(msg::said(msg::kUnreadableMember)), r.number);
        break;
      case Kind::part_too_large:
      case Kind::too_large_in_all:
        why = fmt::format(fmt::runtime(msg::said(msg::kTooLarge)), r.limit >> 20);
        break;
      default:
        why = std::string(msg::said(msg::kDamagedMember));
        break;
    }
    refuse(file, r.part, fmt::format(fmt::runtime(msg::said(msg::kNotAPackage)), why),
           std::string(msg::kNotAPackage));
  };
}

PackageManifest parse_manifest(const std::string& file, const std::string& bytes) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::exception& e) {
    refuse(file, kManifest, fmt::format(fmt::runtime(msg::said(msg::kBadManifest)), e.what()),
           std::string(msg::kBadManifest));
  }
  PackageManifest m;
  auto text = [&](const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string())
      refuse(file, kManifest, fmt::format(fmt::runtime(msg::said(msg::kManifestKey)), key),
             std::string(msg::kManifestKey));
    return j[key].get<std::string>();
  };
  auto integer = [&](const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer())
      refuse(file, kManifest, fmt::format(fmt::runtime(msg::said(msg::kManifestKey)), key),
             std::string(msg::kManifestKey));
    return j[key].get<int>();
  };
  m.format_version = integer("format_version");
  m.libreview_version = text("libreview_version");
  if (m.format_version < 1 || m.format_version > kPackageFormatVersion) {
    if (version_numbers(m.libreview_version) > version_numbers(version()))
      refuse(file, kManifest,
             fmt::format(fmt::runtime(msg::said(msg::kNewerLibreview)), m.libreview_version, version(),
                         m.format_version),
             std::string(msg::kNewerLibreview));
    refuse(file, kManifest,
           fmt::format(fmt::runtime(msg::said(msg::kUnknownFormat)), m.format_version, kPackageFormatVersion),
           std::string(msg::kUnknownFormat));
  }
  m.county = text("county");
  m.region = text("region");
  m.year = integer("year");
  m.name = text("name");
  m.profile = text("profile");
  m.rule = text("rule");
  if (!j.contains("members") || !j["members"].is_object())
    refuse(file, kManifest, fmt::format(fmt::runtime(msg::said(msg::kManifestKey)), "members"),
           std::string(msg::kManifestKey));
  for (const auto& [name, entry] : j["members"].items()) {
    if (!entry.is_object() || !entry.contains("sha256") || !entry["sha256"].is_string())
      refuse(file, kManifest,
             fmt::format(fmt::runtime(msg::said(msg::kManifestKey)), "members." + name + ".sha256"),
             std::string(msg::kManifestKey));
    m.members.emplace(name, entry["sha256"].get<std::string>());
  }
  return m;
}

}  // namespace

namespace package_detail {

std::string read_file(const std::filesystem::path& file) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr)
    throw IoError(fmt::format(fmt::runtime(msg::said(msg::kCannotRead)), file.string()),
                  std::string(msg::kCannotRead));
  std::string bytes;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed)
    throw IoError(fmt::format(fmt::runtime(msg::said(msg::kCannotRead)), file.string()),
                  std::string(msg::kCannotRead));
  return bytes;
}

Diagnostic problem(const std::string& file, const std::string& member, std::string message,
                   std::string code) {
  Diagnostic d;
  d.code = std::move(code);
  d.file = member.empty() ? file : file + "!" + member;
  d.field = "member";
  d.value = member;
  d.message = std::move(message);
  return d;
}

std::vector<std::vector<std::string>> parse_csv(std::string_view text, const std::string& file,
                                                const std::string& member) {
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, was_quoted = false;
  auto end_cell = [&] {
    // csv_cell() put a `'` before text that looks like a formula, and quoted it: give it back as typed.
    if (was_quoted && cell.size() > 1 && cell.front() == '\'' &&
        looks_like_formula(std::string_view(cell).substr(1)))
      cell.erase(0, 1);
    row.push_back(std::move(cell));
    cell.clear();
    was_quoted = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = was_quoted = true;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_cell();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      cell += c;
    }
  }
  if (quoted) refuse(file, member, std::string(msg::said(msg::kBadCsv)), std::string(msg::kBadCsv));
  if (!cell.empty() || !row.empty()) {
    end_cell();
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::size_t> columns(const std::vector<std::string>& header,
                                 const std::vector<std::string_view>& wanted, const std::string& file,
                                 const std::string& member) {
  std::vector<std::size_t> at;
  for (auto w : wanted) {
    const auto it = std::find(header.begin(), header.end(), w);
    if (it == header.end())
      refuse(file, member, fmt::format(fmt::runtime(msg::said(msg::kMissingColumn)), w),
             std::string(msg::kMissingColumn));
    at.push_back(static_cast<std::size_t>(it - header.begin()));
  }
  return at;
}

}  // namespace package_detail

PackageManifest export_package(const std::filesystem::path& store_file, int year, const std::string& region,
                               const std::filesystem::path& out_file, const std::string& profile,
                               const std::string& rule, const PluginRegistry& registry) {
  if (!store_exists(store_file))
    throw NotFoundError(fmt::format(fmt::runtime(msg::said(msg::kNoCycle)),
                                    store_display_name(store_file.string()), year, ""),
                        std::string(msg::kNoCycle));
  Store store(store_file);
  std::string chosen = region;
  std::vector<std::string> regions;
  for (const auto& c : store.cycles())
    if (c.year == year && (region.empty() || c.region == region)) regions.push_back(c.region);
  if (regions.empty())
    throw NotFoundError(
        fmt::format(fmt::runtime(msg::said(msg::kNoCycle)), store_display_name(store_file.string()), year,
                    region.empty() ? std::string() : " " + region),
        std::string(msg::kNoCycle));
  if (regions.size() > 1)
    throw UsageError(fmt::format(fmt::runtime(msg::said(msg::kWhichRegion)), year, listed(regions)),
                     std::string(msg::kWhichRegion));
  chosen = regions.front();

  const Cycle cycle = store.load(chosen, year);
  const History history = history_of(store, chosen, year, registry);
  // A package's flags.csv is the same bytes whatever the exporting machine's language: its
  // details are written in Chinese, as the city office reads them (codes stay English).
  struct ChineseWhileScoring {
    Language was = language();
    ChineseWhileScoring() { set_language(Language::zh); }
    ~ChineseWhileScoring() { set_language(was); }
  };
  const Scored scored = [&] {
    const ChineseWhileScoring zh;
    return score_session(cycle, history, profile, rule, registry);
  }();

  // results.csv and flags.csv exactly as the county printed them: the csv report
  // writer, into a scratch folder beside the package, read back and removed.
  // The scratch folder is in the system's temporary folder, not beside the package: a killed
  // export leaves nothing but whole files (or its own .tmp- file, removed by the next) where
  // the package goes.
  const auto dir = out_file.parent_path().empty() ? std::filesystem::path(".") : out_file.parent_path();
  std::filesystem::create_directories(dir);
  remove_stale_temp_files_of(out_file);
  const auto scratch =
      std::filesystem::temp_directory_path() /
      fmt::format("libreview-export-{}-{}", ::getpid(), sha256(detail::random_bytes(8)).substr(0, 12));
  struct Remove {
    std::filesystem::path p;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
    }
  } remove_scratch{scratch};
  write_reports(cycle, scored, {"csv"}, scratch, {}, registry);

  const int k =
      std::max(kDefaultMinCell, static_cast<int>(scored.profile.number_or("anonymity.k", kDefaultMinCell)));
  std::vector<docx::Part> parts{{"results.csv", package_detail::read_file(scratch / "results.csv")},
                                {"flags.csv", package_detail::read_file(scratch / "flags.csv")},
                                {"departments.csv", departments_csv(cycle)},
                                {"breakdowns.csv", breakdowns_csv(cycle, k)}};
  PackageManifest m;
  m.libreview_version = version();
  m.county = cycle.info.county.empty() ? cycle.info.region : cycle.info.county;
  m.region = cycle.info.region;
  m.year = cycle.info.year;
  m.name = cycle.info.name;
  m.profile = scored.results.profile;
  m.rule = scored.results.rule;
  for (const auto& p : parts) m.members.emplace(p.name, sha256(p.data));
  parts.insert(parts.begin(), docx::Part{kManifest, manifest_json(m)});
  write_file_atomically(out_file, docx::zip_parts(parts));
  return m;
}

CountyPackage read_package(const std::filesystem::path& file) {
  const std::string name = file.string();
  if (!std::filesystem::is_regular_file(file))
    throw NotFoundError(fmt::format(fmt::runtime(msg::said(msg::kNoPackage)), name),
                        std::string(msg::kNoPackage));
  opc::Package zip(file, kPackageLimits, package_refusals(name));
  std::vector<opc::Entry> entries;
  std::set<std::string> names;
  for (std::uint64_t i = 0; i < zip.entries(); ++i) {
    opc::Entry e = zip.entry(i);
    if (!safe_name(e.name))
      refuse(name, e.name, std::string(msg::said(msg::kUnsafeName)), std::string(msg::kUnsafeName));
    if (!names.insert(e.name).second)
      refuse(name, e.name, std::string(msg::said(msg::kDuplicateName)), std::string(msg::kDuplicateName));
    entries.push_back(std::move(e));
  }
  auto read = [&](const opc::Entry& e) {
    auto bytes = zip.read(e);
    if (!bytes)
      refuse(name, e.name, fmt::format(fmt::runtime(msg::said(msg::kNotAPackage)), zip.open_error()),
             std::string(msg::kNotAPackage));
    return std::move(*bytes);
  };
  const auto manifest_entry =
      std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.name == kManifest; });
  if (manifest_entry == entries.end())
    refuse(name, kManifest, std::string(msg::said(msg::kNoManifest)), std::string(msg::kNoManifest));
  std::map<std::string, std::string> members;
  for (const auto& e : entries)
    if (e.name != kManifest) members.emplace(e.name, read(e));
  return verify_package(file, read(*manifest_entry), std::move(members));
}

CountyPackage verify_package(const std::filesystem::path& where, const std::string& manifest_text,
                             std::map<std::string, std::string> members) {
  const std::string name = where.string();
  CountyPackage pkg;
  pkg.file = where;
  pkg.manifest = parse_manifest(name, manifest_text);
  pkg.manifest_text = manifest_text;

  std::vector<Diagnostic> problems;
  for (const char* required : kRequiredMembers)
    if (!pkg.manifest.members.contains(required))
      problems.push_back(package_detail::problem(name, required, std::string(msg::said(msg::kMemberRequired)),
                                                 std::string(msg::kMemberRequired)));
  for (const auto& [member, digest] : pkg.manifest.members)
    if (!members.contains(member))
      problems.push_back(package_detail::problem(name, member, std::string(msg::said(msg::kMemberMissing)),
                                                 std::string(msg::kMemberMissing)));
  for (auto& [member, bytes] : members) {
    const auto listed = pkg.manifest.members.find(member);
    if (listed == pkg.manifest.members.end()) {
      problems.push_back(package_detail::problem(name, member, std::string(msg::said(msg::kMemberExtra)),
                                                 std::string(msg::kMemberExtra)));
      continue;
    }
    if (sha256(bytes) != listed->second)
      problems.push_back(package_detail::problem(name, member, std::string(msg::said(msg::kMemberChanged)),
                                                 std::string(msg::kMemberChanged)));
    else
      pkg.members.emplace(member, std::move(bytes));
  }
  if (!problems.empty()) throw ValidationError(std::move(problems));
  return pkg;
}

}  // namespace review
