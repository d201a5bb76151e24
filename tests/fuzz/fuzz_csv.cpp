// libFuzzer entry point for linreg::fuzz::csv_text (see fuzz_targets.hpp and README.md here).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  linreg::fuzz::csv_text(data, size);
  return 0;
}
