// Single-thread memory bandwidth, the physical limit of an epoch:
//   bandwidth stream [MiB=512] [passes=7]
//     a streaming read (a sum of doubles) over a buffer far larger than the last-level cache;
//   bandwidth rows ROW_BYTES [MiB=512] [passes=5]
//     whole rows of ROW_BYTES read in a random order (a minibatch epoch's access pattern), with
//     software prefetching a few rows ahead: the best this machine does for shuffled rows.
// Prints {"gb_per_s_best":..,"gb_per_s_median":..,...} (decimal GB per second).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

namespace {

double seconds_of(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Eight independent accumulators: the adds never limit the read rate.
double sum_stream(const double* a, std::size_t n) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (std::size_t i = 0; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; ++k) s[k] += a[i + k];
  return s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
}

double sum_rows(const double* a, std::size_t d, const std::vector<int>& order) {
  constexpr std::size_t kAhead = 16;
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (k + kAhead < order.size()) {
      const char* next = reinterpret_cast<const char*>(a + static_cast<std::size_t>(order[k + kAhead]) * d);
      for (std::size_t b = 0; b < d * sizeof(double); b += 64) __builtin_prefetch(next + b);
    }
    const double* row = a + static_cast<std::size_t>(order[k]) * d;
    std::size_t j = 0;
    for (; j + 8 <= d; j += 8)
      for (int t = 0; t < 8; ++t) s[t] += row[j + t];
    for (; j < d; ++j) s[j % 8] += row[j];
  }
  return s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
}

}  // namespace

int main(int argc, char** argv) {
  const bool rows = argc > 1 && std::strcmp(argv[1], "rows") == 0;
  const int base = rows ? 3 : 2;  // index of the MiB argument
  const std::size_t row_bytes = rows ? std::strtoul(argc > 2 ? argv[2] : "512", nullptr, 10) : 0;
  const std::size_t mib = argc > base ? std::strtoul(argv[base], nullptr, 10) : 512;
  const int passes = argc > base + 1 ? std::atoi(argv[base + 1]) : (rows ? 5 : 7);
  const std::size_t n = mib * 1024 * 1024 / sizeof(double);
  std::vector<double> a(n, 1.0);  // touches every page
  std::vector<int> order;
  const std::size_t d = rows ? std::max<std::size_t>(1, row_bytes / sizeof(double)) : 0;
  if (rows) {
    order.resize(n / d);
    std::iota(order.begin(), order.end(), 0);
  }
  std::mt19937_64 rng(1);
  std::vector<double> rates;
  double sink = 0;
  for (int p = 0; p < passes; ++p) {
    if (rows) std::shuffle(order.begin(), order.end(), rng);  // not timed
    const auto t0 = std::chrono::steady_clock::now();
    sink += rows ? sum_rows(a.data(), d, order) : sum_stream(a.data(), n);
    const double bytes = rows ? static_cast<double>(order.size() * d * sizeof(double)) : static_cast<double>(n * sizeof(double));
    rates.push_back(bytes / seconds_of(t0) / 1e9);
  }
  std::sort(rates.begin(), rates.end());
  std::printf("{\"mode\":\"%s\",\"row_bytes\":%zu,\"gb_per_s_best\":%.3f,\"gb_per_s_median\":%.3f,\"mib\":%zu,\"passes\":%d,\"sink\":%g}\n",
              rows ? "rows" : "stream", rows ? d * sizeof(double) : 0, rates.back(), rates[rates.size() / 2], mib, passes, sink);
  return 0;
}
