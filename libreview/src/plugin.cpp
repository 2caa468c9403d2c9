#define BOOST_DLL_USE_STD_FS
#include "libreview/plugin.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#ifdef LIBREVIEW_COVERAGE
#include <dlfcn.h>
#endif

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

/// The kind in the language of messages: `scoring`, or 评分规则 in Chinese.
std::string kind_said(PluginKind kind) {
  switch (kind) {
    case PluginKind::scoring:
      return message("LR-G167");
    case PluginKind::report:
      return message("LR-G168");
    case PluginKind::region:
      return message("LR-G169");
  }
  return std::string(to_string(kind));
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
  if (info.file.empty()) return message("LR-G108", kind_said(info.kind), info.id);
  return message("LR-G109", kind_said(info.kind), info.id, info.file.string());
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
        log::get("plugin")->warn(message("LR-W107", f.string(), origin));
        refusals.push_back({f, message("LR-G110", origin)});
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
        log::get("plugin")->warn(message("LR-W108", folder.string()));
        refused.push_back({folder, message("LR-W109")});
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
            refuse<PluginError>("LR-G111", kind_said(m.info.kind), m.info.id,
                                it->second.empty() ? message("LR-G112") : it->second.string());
          }
          seen[key] = file;
          log::get("plugin")->debug("loaded {}", who(m.info));
          modules.push_back(std::move(m));
        } catch (const std::exception& e) {
          log::get("plugin")->warn(message("LR-W110", file.string(), e.what()));
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
        refuse<PluginError>("LR-G113");
    }
    std::vector<std::string> symbols;
    try {
      boost::dll::library_info info(file, /*throw_if_not_native=*/true);
      symbols = info.symbols();
    } catch (const std::exception& e) {
      refuse<PluginError>("LR-G114", e.what());
    }
    auto has = [&](std::string_view s) {
      return std::find(symbols.begin(), symbols.end(), s) != symbols.end();
    };
    if (!has(kAbiSymbol)) refuse<PluginError>("LR-G115", kAbiSymbol);
    const std::string marker = kMarkerPrefix + std::to_string(LIBREVIEW_PLUGIN_ABI);
    if (!has(marker)) {
      std::string other;
      for (const auto& s : symbols)
        if (s.starts_with(kMarkerPrefix)) other = s.substr(kMarkerPrefix.size());
      refuse<PluginError>("LR-G116", other.empty() ? message("LR-G117") : other, LIBREVIEW_PLUGIN_ABI);
    }
    if (!has(kFactorySymbol)) refuse<PluginError>("LR-G118", kFactorySymbol);
    if (!has(kDescriptorSymbol)) refuse<PluginError>("LR-G119", kDescriptorSymbol);

    auto lib = std::make_shared<boost::dll::shared_library>();
    try {
      auto mode = boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local;
#ifdef LIBREVIEW_COVERAGE
      // The coverage build keeps plugins mapped after the last object lets go: LeakSanitizer
      // then names the profile runtime's own allocations in them (tests/lsan-coverage.supp).
      mode = mode | static_cast<boost::dll::load_mode::type>(RTLD_NODELETE);
#endif
      lib->load(file, mode);
    } catch (const std::exception& e) {
      refuse<PluginError>("LR-G120", e.what());
    }
    const int abi = lib->get<int()>(std::string(kAbiSymbol))();
    if (abi != LIBREVIEW_PLUGIN_ABI) refuse<PluginError>("LR-G121", abi, LIBREVIEW_PLUGIN_ABI);
    const auto& d = lib->get<const libreview_plugin_descriptor_t>(std::string(kDescriptorSymbol));
    if (d.abi != LIBREVIEW_PLUGIN_ABI) refuse<PluginError>("LR-G122", d.abi, LIBREVIEW_PLUGIN_ABI);
    auto kind = parse_kind(d.kind != nullptr ? d.kind : "");
    if (!kind) refuse<PluginError>("LR-G123", d.kind != nullptr ? d.kind : "");
    if (d.id == nullptr || *d.id == '\0') refuse<PluginError>("LR-G124");
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
    std::string msg = message("LR-G101", kind_said(kind), id);
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
    if (!made) refuse<PluginError>("LR-G125", name);
    if (made->kind() != kind) refuse<PluginError>("LR-G126", name, kind_said(made->kind()), kind_said(kind));
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
  if (!folder.is_absolute()) refuse<PluginError>("LR-G127", folder.string());
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
  return std::make_shared<GuardedScoringRule>(std::move(rule), message("LR-G128", id));
}

std::shared_ptr<ReportWriter> PluginRegistry::report_writer(std::string_view id) const {
  auto writer = impl_->make<ReportWriter>(PluginKind::report, id);
  return std::make_shared<GuardedReportWriter>(std::move(writer), message("LR-G129", id));
}

std::shared_ptr<RegionRule> PluginRegistry::region_rule(std::string_view id) const {
  auto rule = impl_->make<RegionRule>(PluginKind::region, id);
  return std::make_shared<GuardedRegionRule>(std::move(rule), message("LR-G130", id));
}

void PluginRegistry::add_scoring_rule(const PluginInfo& info, std::shared_ptr<ScoringRule> rule) {
  std::lock_guard lock(impl_->mutex);
  if (!rule) refuse<PluginError>("LR-G131", info.id);
  impl_->ensure_scanned();
  for (const auto& m : impl_->modules)
    if (m.info.kind == PluginKind::scoring && m.info.id == info.id)
      refuse<PluginError>("LR-G132", info.id, m.info.file.string());
  for (const auto& m : impl_->in_process)
    if (m.info.id == info.id) refuse<PluginError>("LR-G133", info.id);
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
