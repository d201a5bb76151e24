// The fuzz targets (tests/fuzz/fuzz_targets.hpp) on every file of their seed corpus and on every
// input that once failed (tests/fuzz/regressions/<target>/), so that each crash the fuzzer found
// stays fixed; the native suite runs this under ASan and UBSan too (scripts/sanitize.sh). A
// failed check aborts the test program, as it does the fuzzer.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../fuzz/fuzz_targets.hpp"
#include "csv.hpp"

namespace linreg {
namespace {

namespace fs = std::filesystem;

const fs::path kFuzzDir = fs::path(__FILE__).parent_path().parent_path() / "fuzz";

std::vector<fs::path> inputs(const std::string& folder, const std::string& target) {
  std::vector<fs::path> out;
  const fs::path dir = kFuzzDir / folder / target;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') out.push_back(entry.path());
  return out;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

template <class Target>
std::size_t run_all(const std::string& target, Target fn) {
  std::size_t n = 0;
  for (const char* folder : {"corpus", "regressions"}) {
    for (const auto& p : inputs(folder, target)) {
      SCOPED_TRACE(p.string());
      const std::string text = read(p);
      fn(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
      ++n;
    }
  }
  return n;
}

TEST(FuzzRegressions, ConfigCorpusAndRegressions) {
  EXPECT_GT(run_all("config", fuzz::config_text), 5u);
}

TEST(FuzzRegressions, SessionCorpusAndRegressions) {
  EXPECT_GT(run_all("session", fuzz::session_text), 5u);
}

TEST(FuzzRegressions, CsvCorpusAndRegressions) {
  EXPECT_GT(run_all("csv", fuzz::csv_text), 5u);
}

// Found by fuzz_csv: a column name that starts with a UTF-8 byte-order mark, written first in the
// file, lost the mark when read back (the reader skips one at the start of the text).
TEST(FuzzRegressions, CsvNameStartingWithAByteOrderMarkRoundTrips) {
  const CsvData t = parse_csv("\xEF\xBB\xBF\xEF\xBB\xBF,y\n1,2\n");
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_EQ(t.columns[0], "\xEF\xBB\xBF");
  const CsvData back = parse_csv(write_csv(t.columns, t.X, t.y));
  EXPECT_EQ(back.columns, t.columns);
}

}  // namespace
}  // namespace linreg
