// GoogleTest that replays a fuzz target's inputs without libFuzzer: the seed
// corpus (fuzz/corpus/<target>/) and every input that once crashed it
// (fuzz/regressions/<target>/). Built with the normal tests, so a fixed crash
// stays fixed in every build, sanitized or not. Linked with one fuzz_<target>.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <exception>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs(const char* kind) {
  std::vector<fs::path> out;
  const fs::path dir = fs::path(LIBREVIEW_SOURCE_DIR) / "fuzz" / kind / LIBREVIEW_FUZZ_TARGET;
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && !e.path().filename().string().starts_with(".")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

void replay(const std::vector<fs::path>& files) {
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    std::ifstream in(f, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A crash (a signal, a sanitizer report) ends the process and so fails the test; an
    // exception escaping the target (it lets only unexpected ones through) fails this input.
    int rc = 0;
    try {
      rc = LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    } catch (const std::exception& e) {
      ADD_FAILURE() << "an exception escaped the fuzz target: " << e.what();
    } catch (...) {
      ADD_FAILURE() << "an exception of unknown type escaped the fuzz target";
    }
    // libFuzzer's contract: 0 (or -1: keep this input out of the corpus); anything else is a bug.
    EXPECT_TRUE(rc == 0 || rc == -1) << "the fuzz target returned " << rc;
  }
}

}  // namespace

TEST(FuzzReplay, SeedCorpus) {
  const auto files = inputs("corpus");
  ASSERT_FALSE(files.empty()) << "no seed corpus for " << LIBREVIEW_FUZZ_TARGET;
  replay(files);
}

TEST(FuzzReplay, Regressions) {
  const auto files = inputs("regressions");
  if (files.empty()) GTEST_SKIP() << "no regression inputs for " << LIBREVIEW_FUZZ_TARGET << " yet";
  replay(files);
}

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  LLVMFuzzerInitialize(&argc, &argv);
  return RUN_ALL_TESTS();
}
