// Resource limits of the readers (ingest.hpp, docs/reliability.md): hostile input
// is refused with a clear error in bounded memory. Each case runs in a child
// process whose peak resident set (getrusage) is measured and bounded.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/log.hpp"

namespace fs = std::filesystem;
using namespace review;

namespace {

const fs::path kData = LIBREVIEW_TEST_DATA;

/// What a child reported: whether the check passed, its message, and its peak RSS in MiB.
struct ChildOutcome {
  bool passed = false;
  std::string message;
  long peak_mib = 0;
};

/// Runs `body` in a child process; `body` returns the error text it got ("" = not refused).
ChildOutcome in_child(const std::function<std::string()>& body) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    std::string msg;
    try {
      msg = body();
    } catch (const std::exception& e) {
      msg = std::string("UNEXPECTED ") + e.what();
    }
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    const std::string out = std::to_string(ru.ru_maxrss / 1024) + "\n" + msg;
    (void)!::write(fds[1], out.data(), out.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string got;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) got.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ChildOutcome o;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got.find('\n') == std::string::npos) {
    o.message = "child died (signal " + std::to_string(WIFSIGNALED(status) ? WTERMSIG(status) : 0) + ")";
    return o;
  }
  o.peak_mib = std::stol(got.substr(0, got.find('\n')));
  o.message = got.substr(got.find('\n') + 1);
  o.passed = true;
  return o;
}

/// Every problem of validating `source`, one per line, or the review::Error's text.
std::string problems(const fs::path& source) {
  try {
    const auto report = validate_cycle(source);
    std::string all;
    for (const auto& d : report.diagnostics) all += d.to_string() + "\n";
    return all;
  } catch (const Error& e) {
    return e.what();
  }
}

class Limits : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_level(log::Level::off);
    dir_ = fs::temp_directory_path() / ("libreview-limits-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy(kData / "cycle-small", dir_ / "cycle");
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Writes departments.csv of the copied cycle: the header, then `row` built in pieces.
  void write_departments(const std::function<void(std::FILE*)>& row) {
    std::FILE* f = std::fopen((dir_ / "cycle" / "departments.csv").c_str(), "wb");
    std::fputs("id,name,category,status,exempt_reason,hotline\n", f);
    row(f);
    std::fclose(f);
  }

  /// A workbook of cycle-small.xlsx's parts, with `name` replaced (or added) by `writer`'s content.
  fs::path workbook_with(const std::string& name, zip_source_t* (*make)(zip_t*, void*), void* arg) {
    const fs::path out = dir_ / "book.xlsx";
    fs::copy_file(kData / "cycle-small.xlsx", out, fs::copy_options::overwrite_existing);
    int err = 0;
    zip_t* z = zip_open(out.c_str(), 0, &err);
    EXPECT_NE(z, nullptr);
    zip_source_t* src = make(z, arg);
    const zip_int64_t idx = zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE);
    EXPECT_GE(idx, 0);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 1);
    EXPECT_EQ(zip_close(z), 0);
    return out;
  }
  fs::path dir_;
};

// Peak RSS bounds (MiB): generous for sanitizer builds, far below what the input would take unbounded.
constexpr long kSmallBound = 200;

}  // namespace

TEST_F(Limits, CsvFieldOf100MBIsRefusedInBoundedMemory) {
  write_departments([](std::FILE* f) {
    std::fputs("D01,", f);
    const std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 100; ++i) std::fwrite(chunk.data(), 1, chunk.size(), f);
    std::fputs(",执法监督类,participating,,\n", f);
  });
  ASSERT_GE(fs::file_size(dir_ / "cycle" / "departments.csv"), 100U << 20);
  const auto o = in_child([&] { return problems(dir_ / "cycle"); });
  ASSERT_TRUE(o.passed) << o.message;
  EXPECT_NE(o.message.find("departments.csv:2:2: field longer than 1048576 bytes"), std::string::npos) << o.message;
  // The file is read once (100 MiB); nothing is copied per field.
  EXPECT_LT(o.peak_mib, 100 + kSmallBound) << "peak RSS " << o.peak_mib << " MiB";
}

TEST_F(Limits, CsvFileOverTheSizeLimitIsNotRead) {
  {
    std::FILE* f = std::fopen((dir_ / "cycle" / "surveys.csv").c_str(), "wb");
    ASSERT_EQ(::ftruncate(::fileno(f), static_cast<off_t>(kMaxInputFileBytes + 1)), 0);  // sparse: no disk
    std::fclose(f);
  }
  const auto o = in_child([&] { return problems(dir_ / "cycle"); });
  ASSERT_TRUE(o.passed) << o.message;
  EXPECT_NE(o.message.find("larger than the limit of 128 MiB"), std::string::npos) << o.message;
  EXPECT_LT(o.peak_mib, kSmallBound);
}

TEST_F(Limits, CsvRecordOfAMillionColumnsIsRefused) {
  write_departments([](std::FILE* f) {
    for (int i = 0; i < 1000000; ++i) std::fputs("a,", f);
    std::fputs("a\n", f);
  });
  const auto o = in_child([&] { return problems(dir_ / "cycle"); });
  ASSERT_TRUE(o.passed) << o.message;
  EXPECT_NE(o.message.find("departments.csv:2:1025: record of more than 1024 fields"), std::string::npos)
      << o.message;
  EXPECT_LT(o.peak_mib, kSmallBound);
}

namespace {
zip_source_t* from_string(zip_t* z, void* arg) {
  const auto* s = static_cast<const std::string*>(arg);
  return zip_source_buffer(z, s->data(), s->size(), 0);
}
}  // namespace

TEST_F(Limits, DeeplyNestedXmlInAWorkbookPartIsRefused) {
  // Shared strings nested 1,000,000 deep: a recursive reader would overflow its stack.
  std::string xml = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si>";
  for (int i = 0; i < 1000000; ++i) xml += "<r>";
  xml += "<t>x</t>";
  for (int i = 0; i < 1000000; ++i) xml += "</r>";
  xml += "</si></sst>";
  const auto book = workbook_with("xl/sharedStrings.xml", from_string, &xml);
  xml.clear();
  xml.shrink_to_fit();
  const auto o = in_child([&] { return problems(book); });
  ASSERT_TRUE(o.passed) << o.message;
  EXPECT_NE(o.message.find("xl/sharedStrings.xml nests XML elements deeper than the limit of 64"),
            std::string::npos)
      << o.message;
  EXPECT_LT(o.peak_mib, kSmallBound);
}

TEST_F(Limits, ZipBombWorkbookIsRefusedBeforeInflating) {
  // A sheet part of 1 GiB of zero bytes (a sparse file, no disk) that deflates to about 1 MiB.
  const fs::path zeros = dir_ / "zeros";
  {
    std::FILE* f = std::fopen(zeros.c_str(), "wb");
    ASSERT_EQ(::ftruncate(::fileno(f), off_t{1} << 30), 0);
    std::fclose(f);
  }
  auto make = [](zip_t* z, void* arg) -> zip_source_t* {
    return zip_source_file(z, static_cast<const fs::path*>(arg)->c_str(), 0, -1);
  };
  const auto book = workbook_with("xl/worksheets/sheet1.xml", make, const_cast<fs::path*>(&zeros));
  fs::remove(zeros);
  ASSERT_LT(fs::file_size(book), 16U << 20);
  const auto o = in_child([&] { return problems(book); });
  ASSERT_TRUE(o.passed) << o.message;
  EXPECT_NE(o.message.find("is larger than the limit of 64 MiB uncompressed"), std::string::npos) << o.message;
  EXPECT_LT(o.peak_mib, kSmallBound) << "the 1 GiB part was inflated";
}

TEST_F(Limits, SharedStringCopiedIntoEveryCellIsBounded) {
  // One shared string of 1 MiB named by 600 cells: 600 MiB once copied into the cells.
  std::string sst =
      "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>";
  sst += std::string(std::size_t{1} << 20, 'y');
  sst += "</t></si></sst>";
  std::string sheet =
      "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<sheetData>";
  for (int r = 1; r <= 600; ++r) sheet += "<row r=\"" + std::to_string(r) + "\"><c t=\"s\"><v>0</v></c></row>";
  sheet += "</sheetData></worksheet>";
  const auto book = workbook_with("xl/sharedStrings.xml", from_string, &sst);
  int err = 0;
  zip_t* z = zip_open(book.c_str(), 0, &err);
  ASSERT_NE(z, nullptr);
  ASSERT_GE(zip_file_add(z, "xl/worksheets/sheet1.xml", zip_source_buffer(z, sheet.data(), sheet.size(), 0),
                         ZIP_FL_OVERWRITE),
            0);
  ASSERT_EQ(zip_close(z), 0);
  sst.clear();
  sst.shrink_to_fit();
  const auto o = in_child([&] { return problems(book); });
  ASSERT_TRUE(o.passed) << o.message;
  EXPECT_NE(o.message.find("MiB of text"), std::string::npos) << o.message;
  // At most the sheet's text limit (128 MiB) is ever copied.
  EXPECT_LT(o.peak_mib, 128 + kSmallBound) << "peak RSS " << o.peak_mib << " MiB";
}

TEST_F(Limits, CellFarRightIsRefused) {
  std::string sheet =
      "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"AAAAAAAAAAAAAAA1\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>";
  const auto book = workbook_with("xl/worksheets/sheet1.xml", from_string, &sheet);
  const auto o = in_child([&] { return problems(book); });
  ASSERT_TRUE(o.passed) << o.message;
  EXPECT_NE(o.message.find("is right of column 1024, the limit"), std::string::npos) << o.message;
  EXPECT_LT(o.peak_mib, kSmallBound);
}
