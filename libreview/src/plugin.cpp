#define BOOST_DLL_USE_STD_FS
#include "libreview/plugin.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/dll/library_info.hpp>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <set>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/region.hpp"
#include "libreview/report.hpp"
#include "libreview/scoring.hpp"
#include "log_internal.hpp"
#include "plugin_internal.hpp"

namespace fs = std::filesystem;

namespace review {

namespace {

constexpr std::string_view kAbiSymbol = "libreview_plugin_abi";
constexpr std::string_view kDescriptorSymbol = "libreview_plugin_descriptor";
constexpr std::string_view kFactorySymbol = "libreview_plugin";
const std::string kMarkerPrefix = "libreview_plugin_abi_";

using Library = std::shared_ptr<boost::dll::shared_library>;
using Factory = std::unique_ptr<Plugin>();

std::optional<PluginKind> parse_kind(std::string_view s) {
  if (s == "scoring") return PluginKind::scoring;
  if (s == "report") return PluginKind::report;
  if (s == "region") return PluginKind::region;
  return std::nullopt;
}

bool looks_like_plugin(const fs::path& p) {
  const auto name = p.filename().string();
  return name.starts_with("review_") && p.extension() == ".so";
}

struct Module {
  PluginInfo info;
  Library library;  // null for in-process rules
  std::shared_ptr<ScoringRule> in_process;
};

std::string who(const PluginInfo& info) {
  if (info.file.empty()) return fmt::format("{} plugin '{}' (in-process)", to_string(info.kind), info.id);
  return fmt::format("{} plugin '{}' ({})", to_string(info.kind), info.id, info.file.string());
}

// ---- guarded objects: every call into a plugin goes through one of these -----

class GuardedScoringRule final : public ScoringRule {
 public:
  GuardedScoringRule(std::shared_ptr<ScoringRule> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)) {}
  Results score(const ScoringInput& input) const override {
    return plugin_guard(name_, [&] { return inner_->score(input); });
  }

 private:
  std::shared_ptr<ScoringRule> inner_;
  std::string name_;
};

class GuardedReportWriter final : public ReportWriter {
 public:
  GuardedReportWriter(std::shared_ptr<ReportWriter> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)) {}
  std::vector<ReportOption> options() const override {
    return plugin_guard(name_, [&] { return inner_->options(); });
  }
  std::vector<fs::path> write(const ReportInput& input, const fs::path& out_dir,
                              const ReportOptions& options) const override {
    return plugin_guard(name_, [&] { return inner_->write(input, out_dir, options); });
  }

 private:
  std::shared_ptr<ReportWriter> inner_;
  std::string name_;
};

class GuardedRegionRule final : public RegionRule {
 public:
  GuardedRegionRule(std::shared_ptr<RegionRule> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)) {}
  void apply(const ScoringInput& input, Results& results) const override {
    plugin_guard(name_, [&] { inner_->apply(input, results); });
  }

 private:
  std::shared_ptr<RegionRule> inner_;
  std::string name_;
};

}  // namespace

// ---- registry ------------------------------------------------------------------

struct PluginRegistry::Impl {
  mutable std::mutex mutex;
  bool use_environment = true;
  std::vector<fs::path> explicit_folders;  // given to the constructor
  std::vector<fs::path> extra_folders;     // add_folder()
  mutable bool scanned = false;
  mutable std::vector<fs::path> folders;
  mutable std::vector<Module> modules;
  mutable std::vector<RefusedPlugin> refused;
  std::vector<Module> in_process;
  // Scoring rules whose property check passed: rule id -> profile keys (check_rule_once).
  mutable std::mutex rule_checks_mutex;
  mutable std::map<std::string, std::set<std::string, std::less<>>, std::less<>> rule_checks;

  std::vector<fs::path> compute_folders(std::vector<RefusedPlugin>& refusals) const {
    std::vector<fs::path> out;
    auto add = [&](const fs::path& f, const char* origin) {
      if (!f.is_absolute()) {
        log::get("plugin")->warn("ignoring relative plugin folder '{}' from {}", f.string(), origin);
        refusals.push_back({f, fmt::format("relative plugin folder from {} ignored: only absolute "
                                           "folders are searched",
                                           origin)});
        return;
      }
      if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
    };
    if (!use_environment) {
      for (const auto& f : explicit_folders) add(f, "the caller");
    } else {
      const char* env = std::getenv("LIBREVIEW_PLUGIN_PATH");
      std::string_view path = env != nullptr ? env : "";
      if (path == "disable") return {};
      while (!path.empty()) {
        auto colon = path.find(':');
        auto part = path.substr(0, colon);
        if (!part.empty()) add(fs::path(part), "LIBREVIEW_PLUGIN_PATH");
        if (colon == std::string_view::npos) break;
        path.remove_prefix(colon + 1);
      }
      add(default_plugin_folder(), "the install prefix");
    }
    for (const auto& f : extra_folders) add(f, "add_folder()");
    return out;
  }

  void scan() const {
    modules.clear();
    refused.clear();
    folders = compute_folders(refused);
    std::map<std::pair<PluginKind, std::string>, fs::path> seen;
    for (const auto& m : in_process) seen[{m.info.kind, m.info.id}] = fs::path();
    for (const auto& folder : folders) {
      std::error_code ec;
      if (!fs::is_directory(folder, ec)) continue;
      struct stat st {};
      // Sticky or not: the sticky bit (as on /tmp) stops deleting, not planting a new file.
      if (::stat(folder.c_str(), &st) == 0 && (st.st_mode & S_IWOTH) != 0) {
        log::get("plugin")->warn("refusing world-writable plugin folder {}", folder.string());
        refused.push_back({folder, "plugin folder is world-writable; anyone could plant a plugin there"});
        continue;
      }
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(folder, ec))
        if (looks_like_plugin(entry.path())) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        try {
          Module m = inspect(file);
          auto key = std::make_pair(m.info.kind, m.info.id);
          if (auto it = seen.find(key); it != seen.end()) {
            throw PluginError(
                fmt::format("{} plugin id '{}' is already provided by {}", to_string(m.info.kind), m.info.id,
                            it->second.empty() ? std::string("an in-process rule") : it->second.string()));
          }
          seen[key] = file;
          log::get("plugin")->debug("loaded {}", who(m.info));
          modules.push_back(std::move(m));
        } catch (const std::exception& e) {
          log::get("plugin")->warn("refused {}: {}", file.string(), e.what());
          refused.push_back({file, e.what()});
        }
      }
    }
    scanned = true;
  }

  // Checks a file from its symbol table before loading it, then loads it and
  // reads its descriptor. Calls no C++ code of the plugin.
  static Module inspect(const fs::path& file) {
    {
      std::ifstream in(file, std::ios::binary);
      char magic[4] = {};
      in.read(magic, 4);
      if (!in || std::string_view(magic, 4) != std::string_view("\x7f"
                                                                "ELF",
                                                                4))
        throw PluginError("not a shared library (not an ELF file)");
    }
    std::vector<std::string> symbols;
    try {
      boost::dll::library_info info(file, /*throw_if_not_native=*/true);
      symbols = info.symbols();
    } catch (const std::exception& e) {
      throw PluginError(fmt::format("not a shared library ({})", e.what()));
    }
    auto has = [&](std::string_view s) {
      return std::find(symbols.begin(), symbols.end(), s) != symbols.end();
    };
    if (!has(kAbiSymbol))
      throw PluginError(fmt::format("not a libreview plugin: it exports no {}()", kAbiSymbol));
    const std::string marker = kMarkerPrefix + std::to_string(LIBREVIEW_PLUGIN_ABI);
    if (!has(marker)) {
      std::string other;
      for (const auto& s : symbols)
        if (s.starts_with(kMarkerPrefix)) other = s.substr(kMarkerPrefix.size());
      throw PluginError(
          fmt::format("built for plugin ABI {}, this libreview needs ABI {}; rebuild the plugin",
                      other.empty() ? "unknown" : other, LIBREVIEW_PLUGIN_ABI));
    }
    if (!has(kFactorySymbol))
      throw PluginError(fmt::format("missing factory: it exports no '{}' (BOOST_DLL_ALIAS)", kFactorySymbol));
    if (!has(kDescriptorSymbol))
      throw PluginError(fmt::format("missing descriptor: it exports no '{}'", kDescriptorSymbol));

    auto lib = std::make_shared<boost::dll::shared_library>();
    try {
      lib->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
      throw PluginError(fmt::format("cannot be loaded: {}", e.what()));
    }
    const int abi = lib->get<int()>(std::string(kAbiSymbol))();
    if (abi != LIBREVIEW_PLUGIN_ABI)
      throw PluginError(fmt::format("libreview_plugin_abi() returns {}, this libreview needs ABI {}", abi,
                                    LIBREVIEW_PLUGIN_ABI));
    const auto& d = lib->get<const libreview_plugin_descriptor_t>(std::string(kDescriptorSymbol));
    if (d.abi != LIBREVIEW_PLUGIN_ABI)
      throw PluginError(
          fmt::format("descriptor says ABI {}, this libreview needs ABI {}", d.abi, LIBREVIEW_PLUGIN_ABI));
    auto kind = parse_kind(d.kind != nullptr ? d.kind : "");
    if (!kind)
      throw PluginError(fmt::format("descriptor has unknown kind '{}' (scoring, report or region)",
                                    d.kind != nullptr ? d.kind : ""));
    if (d.id == nullptr || *d.id == '\0') throw PluginError("descriptor has an empty id");
    Module m;
    m.info = PluginInfo{*kind, d.id, d.version != nullptr ? d.version : "",
                        d.summary != nullptr ? d.summary : "", file};
    m.library = std::move(lib);
    return m;
  }

  void ensure_scanned() const {
    if (!scanned) scan();
  }

  const Module& find(PluginKind kind, std::string_view id) const {
    for (const auto& m : in_process)
      if (m.info.kind == kind && m.info.id == id) return m;
    ensure_scanned();
    for (const auto& m : modules)
      if (m.info.kind == kind && m.info.id == id) return m;
    std::string msg = message("LR-G101", to_string(kind), id);
    for (const auto& r : refused)
      if (r.file.filename().string().find(std::string(id)) != std::string::npos)
        msg += message("LR-G102", r.file.string(), r.reason);
    std::vector<std::string> known;
    for (const auto& m : modules)
      if (m.info.kind == kind) known.push_back(m.info.id);
    for (const auto& m : in_process)
      if (m.info.kind == kind) known.push_back(m.info.id);
    msg += known.empty() ? message("LR-G103") : message("LR-G104", listed(known));
    if (folders.empty())
      msg += message("LR-G105");
    else if (folders.size() > 1)
      msg += message("LR-G107", folders.front().string());
    else
      msg += message("LR-G106", folders.front().string());
    throw PluginError(msg, "LR-G101");
  }

  // Calls the factory; the object keeps the library loaded through its deleter.
  template <class T>
  std::shared_ptr<T> make(PluginKind kind, std::string_view id) const {
    std::lock_guard lock(mutex);
    const Module& m = find(kind, id);
    if constexpr (std::is_same_v<T, ScoringRule>) {
      if (m.in_process) return m.in_process;
    }
    const std::string name = who(m.info);
    Library lib = m.library;
    std::unique_ptr<Plugin> made = plugin_guard(name, [&] {
      auto factory = lib->get_alias<Factory>(std::string(kFactorySymbol));
      return factory();
    });
    if (!made) throw PluginError(name + ": factory returned nothing");
    if (made->kind() != kind)
      throw PluginError(fmt::format("{}: factory made a {} object, the descriptor says {}", name,
                                    to_string(made->kind()), to_string(kind)));
    T* raw = static_cast<T*>(made.release());
    return std::shared_ptr<T>(raw, [lib](T* p) { delete p; });
  }
};

PluginRegistry::PluginRegistry() : impl_(std::make_unique<Impl>()) {}

PluginRegistry::PluginRegistry(std::vector<fs::path> folders) : impl_(std::make_unique<Impl>()) {
  impl_->use_environment = false;
  impl_->explicit_folders = std::move(folders);
}

PluginRegistry::~PluginRegistry() = default;

PluginRegistry& PluginRegistry::global() {
  static PluginRegistry registry;  // NOLINT: process-wide registry
  return registry;
}

void PluginRegistry::add_folder(const fs::path& folder) {
  std::lock_guard lock(impl_->mutex);
  if (!folder.is_absolute())
    throw PluginError("plugin folder must be an absolute path: '" + folder.string() + "'");
  impl_->extra_folders.push_back(folder);
  impl_->scanned = false;
}

std::vector<fs::path> PluginRegistry::folders() const {
  std::lock_guard lock(impl_->mutex);
  impl_->ensure_scanned();
  return impl_->folders;
}

std::vector<PluginInfo> PluginRegistry::list() const {
  std::lock_guard lock(impl_->mutex);
  impl_->ensure_scanned();
  std::vector<PluginInfo> out;
  for (const auto& m : impl_->modules) out.push_back(m.info);
  for (const auto& m : impl_->in_process) out.push_back(m.info);
  std::sort(out.begin(), out.end(), [](const PluginInfo& a, const PluginInfo& b) {
    return std::tie(a.kind, a.id) < std::tie(b.kind, b.id);
  });
  return out;
}

std::vector<RefusedPlugin> PluginRegistry::refused() const {
  std::lock_guard lock(impl_->mutex);
  impl_->ensure_scanned();
  return impl_->refused;
}

void PluginRegistry::rescan() {
  std::lock_guard lock(impl_->mutex);
  impl_->scan();
  std::lock_guard checks(impl_->rule_checks_mutex);
  impl_->rule_checks.clear();  // a rule file may have changed
}

std::shared_ptr<ScoringRule> PluginRegistry::scoring_rule(std::string_view id) const {
  auto rule = impl_->make<ScoringRule>(PluginKind::scoring, id);
  return std::make_shared<GuardedScoringRule>(std::move(rule), fmt::format("scoring rule '{}'", id));
}

std::shared_ptr<ReportWriter> PluginRegistry::report_writer(std::string_view id) const {
  auto writer = impl_->make<ReportWriter>(PluginKind::report, id);
  return std::make_shared<GuardedReportWriter>(std::move(writer), fmt::format("report '{}'", id));
}

std::shared_ptr<RegionRule> PluginRegistry::region_rule(std::string_view id) const {
  auto rule = impl_->make<RegionRule>(PluginKind::region, id);
  return std::make_shared<GuardedRegionRule>(std::move(rule), fmt::format("region rule '{}'", id));
}

void PluginRegistry::add_scoring_rule(const PluginInfo& info, std::shared_ptr<ScoringRule> rule) {
  std::lock_guard lock(impl_->mutex);
  if (!rule) throw PluginError("add_scoring_rule: no rule given for '" + info.id + "'");
  impl_->ensure_scanned();
  for (const auto& m : impl_->modules)
    if (m.info.kind == PluginKind::scoring && m.info.id == info.id)
      throw PluginError(
          fmt::format("scoring rule id '{}' is already provided by {}", info.id, m.info.file.string()));
  for (const auto& m : impl_->in_process)
    if (m.info.id == info.id)
      throw PluginError(fmt::format("scoring rule id '{}' is already registered in-process", info.id));
  Module m;
  m.info = info;
  m.info.kind = PluginKind::scoring;
  m.info.file.clear();
  m.in_process = std::move(rule);
  impl_->in_process.push_back(std::move(m));
}

void PluginRegistry::remove_scoring_rule(std::string_view id) {
  std::lock_guard lock(impl_->mutex);
  std::erase_if(impl_->in_process, [&](const Module& m) { return m.info.id == id; });
  std::lock_guard checks(impl_->rule_checks_mutex);
  if (auto it = impl_->rule_checks.find(id); it != impl_->rule_checks.end()) impl_->rule_checks.erase(it);
}

void PluginRegistry::check_rule_once(std::string_view rule_id, std::string_view profile_key,
                                     const std::function<void()>& check) const {
  // Checks of one registry run one at a time; a rule is checked once per profile key.
  std::lock_guard lock(impl_->rule_checks_mutex);
  auto it = impl_->rule_checks.find(rule_id);
  if (it != impl_->rule_checks.end() && it->second.contains(profile_key)) return;
  check();
  impl_->rule_checks[std::string(rule_id)].insert(std::string(profile_key));
}

std::vector<fs::path> PluginRegistry::profile_folders() const {
  std::vector<fs::path> out;
  for (const auto& f : folders()) out.push_back(f / "regions");
  return out;
}

fs::path default_plugin_folder() {
  static const fs::path folder = [] {
    fs::path lib = fs::weakly_canonical(boost::dll::this_line_location());
    return lib.parent_path() / "libreview" / "plugins" / std::to_string(LIBREVIEW_PLUGIN_ABI);
  }();
  return folder;
}

}  // namespace review
