// Single-thread memory bandwidth: the best of several streaming reads (a sum of doubles) over a
// buffer far larger than the last-level cache. Prints {"gb_per_s_best":..,"gb_per_s_median":..}.
//   bandwidth [MiB=512] [passes=9]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  const std::size_t mib = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 512;
  const int passes = argc > 2 ? std::atoi(argv[2]) : 9;
  const std::size_t n = mib * 1024 * 1024 / sizeof(double);
  std::vector<double> a(n, 1.0);
  for (std::size_t i = 0; i < n; i += 512) a[i] = static_cast<double>(i % 7);  // touch every page
  std::vector<double> rates;
  double sink = 0;
  for (int p = 0; p < passes; ++p) {
    const auto t0 = std::chrono::steady_clock::now();
    // Eight independent accumulators: the adds never limit the read rate.
    double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (std::size_t i = 0; i + 8 <= n; i += 8)
      for (int k = 0; k < 8; ++k) s[k] += a[i + k];
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (double v : s) sink += v;
    rates.push_back(static_cast<double>(n * sizeof(double)) / secs / 1e9);
  }
  std::sort(rates.begin(), rates.end());
  std::printf("{\"gb_per_s_best\":%.3f,\"gb_per_s_median\":%.3f,\"mib\":%zu,\"passes\":%d,\"sink\":%g}\n",
              rates.back(), rates[rates.size() / 2], mib, passes, sink);
  return 0;
}
