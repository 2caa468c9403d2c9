#include "libreview/report_util.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/scoring.hpp"

namespace fs = std::filesystem;

namespace review {

namespace {
std::atomic<unsigned> temp_counter{0};

void fsync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}
}  // namespace

AtomicFile::AtomicFile(fs::path final_path) : final_(std::move(final_path)) {
  temp_ = final_.parent_path() /
          fmt::format(".{}.tmp-{}-{}", final_.filename().string(), ::getpid(), temp_counter++);
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::commit() {
  if (committed_) return;
  std::error_code ec;
  if (!fs::exists(temp_, ec)) throw ReportError(message("LR-R109", temp_.string()), "LR-R109");
  fsync_path(temp_, O_RDONLY);
  fs::rename(temp_, final_, ec);
  if (ec) throw ReportError(message("LR-R110", temp_.string(), final_.string(), ec.message()), "LR-R110");
  committed_ = true;
  fsync_path(final_.parent_path().empty() ? fs::path(".") : final_.parent_path(), O_RDONLY | O_DIRECTORY);
}

void commit_all(const std::vector<AtomicFile*>& files) {
  // Flush: on Linux one syncfs() per file system holding a temporary file (one
  // journal commit instead of one per file); elsewhere an fsync() per file.
  std::vector<dev_t> synced;
  for (AtomicFile* f : files) {
    if (f->committed_) continue;
    const int fd = ::open(f->temp_.c_str(), O_RDONLY);
    if (fd < 0) throw ReportError(message("LR-R109", f->temp_.string()), "LR-R109");
#ifdef __linux__
    struct stat st {};
    int rc = ::fstat(fd, &st);
    if (rc == 0 && std::find(synced.begin(), synced.end(), st.st_dev) == synced.end()) {
      rc = ::syncfs(fd);
      if (rc == 0) synced.push_back(st.st_dev);
    }
#else
    const int rc = ::fsync(fd);
#endif
    ::close(fd);
    if (rc != 0) throw ReportError(message("LR-R111", f->temp_.string()), "LR-R111");
  }
  std::vector<fs::path> folders;
  for (AtomicFile* f : files) {
    if (f->committed_) continue;
    std::error_code ec;
    fs::rename(f->temp_, f->final_, ec);
    if (ec)
      throw ReportError(message("LR-R110", f->temp_.string(), f->final_.string(), ec.message()), "LR-R110");
    f->committed_ = true;
    fs::path folder = f->final_.parent_path().empty() ? fs::path(".") : f->final_.parent_path();
    if (std::find(folders.begin(), folders.end(), folder) == folders.end())
      folders.push_back(std::move(folder));
  }
  for (const auto& folder : folders) fsync_path(folder, O_RDONLY | O_DIRECTORY);
}

namespace {

/// Whether `name` is `.<something>.tmp-<pid>-<n>` of a process no longer running.
bool stale_temp_name(const std::string& name) {
  const auto mark = name.rfind(".tmp-");
  if (!name.starts_with('.') || mark == std::string::npos || mark == 0) return false;
  // .<name>.tmp-<pid>-<n>: digits, a dash, digits.
  const std::string rest = name.substr(mark + 5);
  const auto dash = rest.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == rest.size() ||
      rest.find_first_not_of("0123456789-") != std::string::npos ||
      rest.find('-', dash + 1) != std::string::npos)
    return false;
  const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
  if (pid <= 0 || pid == ::getpid()) return false;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;  // else its writer may still run
}

}  // namespace

std::size_t remove_stale_temp_files(const fs::path& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  // Recursive: writers put files in subfolders too (the letters of report-docx).
  for (const auto& entry :
       fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec)) {
    if (!entry.is_regular_file() || !stale_temp_name(entry.path().filename().string())) continue;
    std::error_code rm;
    if (fs::remove(entry.path(), rm)) ++removed;
  }
  return removed;
}

std::size_t remove_stale_temp_files_of(const fs::path& file) {
  std::size_t removed = 0;
  std::error_code ec;
  const fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  const std::string prefix = "." + file.filename().string() + ".tmp-";
  for (const auto& entry : fs::directory_iterator(dir, fs::directory_options::skip_permission_denied, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix) || !entry.is_regular_file() || !stale_temp_name(name)) continue;
    std::error_code rm;
    if (fs::remove(entry.path(), rm)) ++removed;
  }
  return removed;
}

void write_file_atomically(const fs::path& path, std::string_view content) {
  AtomicFile file(path);
  std::FILE* f = std::fopen(file.temp_path().c_str(), "wb");
  if (f == nullptr) refuse<ReportError>("LR-R116", file.temp_path().string());
  const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  if (std::fclose(f) != 0 || !ok) refuse<ReportError>("LR-R116", file.temp_path().string());
  file.commit();
}

bool looks_like_formula(std::string_view text) noexcept {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      break;
  }
  // An array formula `{=...}`; full-width equals, plus, minus and at signs (＝ ＋ － ＠,
  // U+FF1D U+FF0B U+FF0D U+FF20) are taken as formulas by some spreadsheets.
  return text.starts_with("{=") || text.starts_with("\xEF\xBC\x9D") || text.starts_with("\xEF\xBC\x8B") ||
         text.starts_with("\xEF\xBC\x8D") || text.starts_with("\xEF\xBC\xA0");
}

std::string csv_cell(std::string_view text) {
  std::string value;
  if (looks_like_formula(text)) value += '\'';
  value.append(text);
  const bool quote = value.find_first_of(",\"\r\n") != std::string::npos || value.starts_with('\'');
  if (!quote) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void append_csv_row(std::string& out, std::initializer_list<std::string> cells) {
  bool first = true;
  for (const auto& c : cells) {
    if (!first) out += ',';
    out += c;
    first = false;
  }
  out += "\r\n";
}

int display_width(std::string_view s) noexcept {
  int width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0;
    std::size_t len = 1;
    if (c < 0x80)
      cp = c;
    else if ((c >> 5) == 0x6) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c >> 4) == 0xE) {
      cp = c & 0x0F;
      len = 3;
    } else if ((c >> 3) == 0x1E) {
      cp = c & 0x07;
      len = 4;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

std::string format_figure(std::optional<double> value, int digits) {
  if (!value) return {};
  double v = round_half_away(*value, digits);
  if (v == 0) v = 0;  // no "-0.00"
  // std::to_chars prints the same correctly rounded digits as "{:.{}f}", at a fraction of the
  // cost (the scoring flags format thousands of figures); a value too long for the buffer
  // (over 10^100) goes through fmt.
  std::array<char, 128> buf;
  if (const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, digits);
      r.ec == std::errc())
    return std::string(buf.data(), r.ptr);
  return fmt::format("{:.{}f}", v, digits);
}

std::string scoring_rule_label(std::string_view rule) {
  if (rule == "default") return "默认计分规则";
  if (rule == "majority") return "多数票计分规则";
  if (rule == "weighted-strata") return "分界别加权计分规则";
  return fmt::format("计分规则“{}”", rule);
}

void parallel_for(std::size_t count, const std::function<void(std::size_t)>& work, unsigned threads) {
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t n = std::min<std::size_t>(threads, count);
  if (n <= 1) {
    for (std::size_t i = 0; i < count; ++i) work(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first;
  std::mutex first_mutex;
  auto run = [&] {
    for (std::size_t i; !failed.load(std::memory_order_relaxed) && (i = next.fetch_add(1)) < count;) {
      try {
        work(i);
      } catch (...) {
        const std::lock_guard lock(first_mutex);
        if (!first) first = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(n - 1);
  for (std::size_t t = 1; t < n; ++t) pool.emplace_back(run);
  run();
  for (auto& t : pool) t.join();
  if (first) std::rethrow_exception(first);
}

std::string date_zh(const Date& d) { return fmt::format("{}年{}月{}日", d.year, d.month, d.day); }

Date today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return Date{tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1), static_cast<unsigned>(tm.tm_mday)};
}

}  // namespace review
