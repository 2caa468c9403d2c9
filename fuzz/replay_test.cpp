// GoogleTest that replays a fuzz target's inputs without libFuzzer: the seed
// corpus (fuzz/corpus/<target>/) and every input that once crashed it
// (fuzz/regressions/<target>/). Built with the normal tests, so a fixed crash
// stays fixed in every build, sanitized or not. Linked with one fuzz_<target>.cpp.
#include <gtest/gtest.h>

#include <algorithm>
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
    // A crash (a signal, an escaped exception, a sanitizer report) fails the test.
    EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
  }
}

}  // namespace

TEST(FuzzReplay, SeedCorpus) {
  const auto files = inputs("corpus");
  ASSERT_FALSE(files.empty()) << "no seed corpus for " << LIBREVIEW_FUZZ_TARGET;
  replay(files);
}

TEST(FuzzReplay, Regressions) { replay(inputs("regressions")); }

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  LLVMFuzzerInitialize(&argc, &argv);
  return RUN_ALL_TESTS();
}
