#pragma once
// Test helpers: a Cycle as canonical text (every field, one line per item), so
// that two cycles compare equal exactly when their texts do and a failure shows
// the difference; a scratch copy of a fixture folder; and broken copies checked
// for the exact diagnostics they must give.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/ingest.hpp"

namespace review::test {

inline std::string text(const std::optional<Date>& d) { return d ? d->to_string() : "-"; }
inline std::string text(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : "-"; }

struct TextOptions {
  bool origin = true;   ///< source and content_hash
  bool history = true;  ///< rectification status history
};

/// Every field of `c`, one line per item.
inline std::string cycle_text(const Cycle& c, TextOptions o = {}) {
  std::ostringstream out;
  const auto& i = c.info;
  out << fmt::format("cycle|{}|{}|{}|{}\n", i.year, i.region, i.name, i.as_of.to_string());
  for (const auto& s : i.stages)
    out << fmt::format("stage|{}|{}|{}|{}\n", s.id, s.name, text(s.start), text(s.end));
  if (o.origin) out << fmt::format("origin|{}|{}\n", c.source, c.content_hash);
  for (std::size_t k = 0; k < c.departments.size(); ++k) {
    const auto& d = c.departments[k];
    out << fmt::format("department|{}|{}|{}|{}|{}|{}|{}|{}\n", d.id, d.name, d.category, to_string(d.status),
                       d.exempt_reason, d.hotline, text(c.daily_work.at(k)), text(c.expected_scores.at(k)));
  }
  for (const auto& r : c.representatives)
    out << fmt::format("representative|{}|{}|{}\n", r.id, r.sector, r.trained);
  for (const auto& g : c.respondent_groups) out << fmt::format("group|{}\n", g);
  for (const auto& r : c.responses) out << fmt::format("response|{}|{}\n", r.id, r.group);
  for (std::size_t k = 0; k < c.ballots.size(); ++k) {
    const auto b = c.ballot(k);
    out << fmt::format("ballot|{}|{}|{}\n", b.representative_id, b.department_id, to_string(b.rating));
  }
  for (std::size_t k = 0; k < c.questionnaires.size(); ++k) {
    const auto a = c.questionnaire_answer(k);
    out << fmt::format("answer|{}|{}|{}|{}|{}\n", a.response_id, a.respondent_group, a.department_id,
                       to_string(a.rating), c.questionnaires.group[k]);
  }
  for (const auto& x : c.complaints)
    out << fmt::format("complaint|{}|{}|{}|{}|{}|{}|{}|{}|{}\n", x.id, x.department_id, text(x.received_on),
                       to_string(x.channel), x.category, x.substantiated, text(x.due_on), text(x.closed_on),
                       x.summary);
  for (const auto& x : c.rectifications) {
    out << fmt::format("rectification|{}|{}|{}|{}|{}|{}|{}|{}|{}\n", x.id, x.department_id,
                       to_string(x.source), x.source_ref, x.category, x.description, text(x.deadline),
                       to_string(x.status), text(x.closed_on));
    if (o.history)
      for (const auto& h : x.history)
        out << fmt::format("  status|{}|{}\n", to_string(h.status), h.on.to_string());
  }
  for (const auto& x : c.commitments)
    out << fmt::format("commitment|{}|{}|{}|{}|{}|{}|{}\n", x.id, x.department_id, x.text,
                       text(x.published_on), x.channel, text(x.due_on), x.status);
  for (const auto& x : c.hearings)
    out << fmt::format("hearing|{}|{}|{}|{}|{}|{}\n", x.id, x.department_id, text(x.held_on), x.question,
                       x.answer, x.rectification_id);
  for (const auto& x : c.activities)
    out << fmt::format("activity|{}|{}|{}|{}|{}|{}\n", x.id, x.department_id, to_string(x.kind), x.target,
                       text(x.date), x.summary);
  for (const auto& x : c.surveys)
    out << fmt::format("survey|{}|{}|{}|{}|{}|{}|{}\n", x.id, x.representative_id, to_string(x.site_kind),
                       x.site, text(x.visited_on), x.department_id, x.opinion);
  return out.str();
}

/// The fixture folder `name` below tests/data.
inline std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(LIBREVIEW_TEST_DATA) / name;
}

/// A fresh temporary folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "libreview-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// A scratch copy of a fixture folder, to break on purpose.
class Scratch {
 public:
  explicit Scratch(const std::string& name = "cycle-small") : dir_(tmp_.path() / name) {
    std::filesystem::copy(fixture(name), dir_, std::filesystem::copy_options::recursive);
  }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

  [[nodiscard]] std::string read(const std::string& file) const {
    std::ifstream in(dir_ / file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  void write(const std::string& file, const std::string& content) const {
    std::ofstream(dir_ / file, std::ios::binary | std::ios::trunc) << content;
  }
  /// Adds a line at the end (the file ends with a newline).
  void append(const std::string& file, const std::string& line) const {
    write(file, read(file) + line + "\n");
  }
  /// Replaces the first occurrence of `from`, which must be there.
  void replace(const std::string& file, const std::string& from, const std::string& to) const {
    auto content = read(file);
    const auto at = content.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << file;
    content.replace(at, from.size(), to);
    write(file, content);
  }
  void remove(const std::string& file) const { std::filesystem::remove(dir_ / file); }

 private:
  TempDir tmp_;
  std::filesystem::path dir_;
};

/// A fixture folder broken on purpose, and the exact diagnostics it must give.
namespace breakage {

/// Each diagnostic as `file:line:column: message (value)`.
inline std::vector<std::string> messages(const ValidationReport& report) {
  std::vector<std::string> out;
  for (const auto& d : report.diagnostics) out.push_back(d.to_string());
  return out;
}

struct Broken {
  const char* name;
  std::function<void(const Scratch&)> breakage;
  std::vector<std::string> expected;
};

inline void PrintTo(const Broken& b, std::ostream* os) { *os << b.name; }

/// Breaks a scratch copy of the fixture `name` and checks that validation reports exactly
/// `b.expected` and that the import is refused.
inline void expect_reports_exactly(const std::string& name, const Broken& b) {
  Scratch s(name);
  b.breakage(s);
  const auto report = validate_cycle(s.dir());
  EXPECT_EQ(messages(report), b.expected);
  EXPECT_EQ(report.total, b.expected.size());
  EXPECT_THROW((void)import_cycle(s.dir()), ValidationError);
}

inline auto append(std::string file, std::string line) {
  return [=](const Scratch& s) { s.append(file, line); };
}
inline auto replace(std::string file, std::string from, std::string to) {
  return [=](const Scratch& s) { s.replace(file, from, to); };
}
inline auto remove_file(std::string file) {
  return [=](const Scratch& s) { s.remove(file); };
}
inline auto write(std::string file, std::string content) {
  return [=](const Scratch& s) { s.write(file, content); };
}
inline auto copy(std::string from, std::string to) {
  return [=](const Scratch& s) { s.write(to, s.read(from)); };
}

}  // namespace breakage

}  // namespace review::test
