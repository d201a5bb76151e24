// Randomness: portable_log against libm, the normal and uniform generators' statistics, below(n)
// and below32(n) without bias, Fisher-Yates shuffling (against its definition), reproducibility
// and independent streams.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "random.hpp"
#include "test_util.hpp"

namespace linreg {
namespace {

using testing::ulp_distance;

double from_bits(std::uint64_t bits) {
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

struct LogErrors {
  std::uint64_t worst = 0;
  double worst_x = 0;
  std::size_t count = 0, within1 = 0, over2 = 0;
  void add(double x) {
    const std::uint64_t u = ulp_distance(portable_log(x), std::log(x));
    ++count;
    if (u <= 1) ++within1;
    if (u > 2) ++over2;
    if (u > worst) {
      worst = u;
      worst_x = x;
    }
  }
};

void expect_close_to_libm(const LogErrors& e) {
  ASSERT_GT(e.count, 0u);
  // Not correctly rounded (see random.hpp): a few results near 1 are 3 ulp from glibc's.
  EXPECT_LE(e.worst, 3u) << "worst at x = " << e.worst_x;
  EXPECT_GE(static_cast<double>(e.within1) / static_cast<double>(e.count), 0.98);
  EXPECT_LE(static_cast<double>(e.over2) / static_cast<double>(e.count), 1e-3);
}

TEST(PortableLog, MatchesLibmOverAllExponents) {
  std::mt19937_64 gen(12345);
  LogErrors e;
  for (int i = 0; i < 400000; ++i) {
    const double x = from_bits(gen() & 0x7fffffffffffffffULL);  // any positive double bit pattern
    if (std::isfinite(x) && x > 0) e.add(x);
  }
  expect_close_to_libm(e);
}

TEST(PortableLog, MatchesLibmNearOneAndInTheUnitInterval) {
  // The range that Marsaglia's polar method feeds it (s in (0, 1)) and the hardest range, near 1.
  std::mt19937_64 gen(777);
  std::uniform_real_distribution<double> unit(0.0, 1.0), around_one(0.5, 2.0);
  LogErrors e;
  for (int i = 0; i < 300000; ++i) {
    const double u = unit(gen);
    if (u > 0) e.add(u);
    e.add(around_one(gen));
  }
  for (int k = 1; k <= 2000; ++k) {
    e.add(1.0 + k * std::numeric_limits<double>::epsilon());
    e.add(1.0 - k * std::numeric_limits<double>::epsilon() / 2);
  }
  expect_close_to_libm(e);
}

TEST(PortableLog, SubnormalsAndExtremes) {
  std::mt19937_64 gen(99);
  LogErrors e;
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t mantissa = gen() & 0x000fffffffffffffULL;  // exponent 0: subnormal
    if (mantissa != 0) e.add(from_bits(mantissa));
  }
  for (std::uint64_t k = 0; k < 52; ++k) e.add(from_bits(1ULL << k));  // 2^-1074 .. 2^-1023
  const double extremes[] = {std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::min(),
                             std::nextafter(std::numeric_limits<double>::min(), 0.0),
                             std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::epsilon(),
                             0.5,
                             2.0,
                             1e-300,
                             1e300,
                             std::sqrt(2.0),
                             std::sqrt(0.5),
                             std::nextafter(std::sqrt(2.0), 2.0),
                             std::nextafter(std::sqrt(0.5), 0.0)};
  for (double x : extremes) e.add(x);
  expect_close_to_libm(e);
  // Values that are exact or nearly so.
  EXPECT_EQ(portable_log(1.0), 0.0);
  EXPECT_LE(ulp_distance(portable_log(std::numeric_limits<double>::denorm_min()), -744.4400719213812), 1u);
  EXPECT_LE(ulp_distance(portable_log(std::numeric_limits<double>::max()), 709.782712893384), 1u);
  for (int k = -1074; k <= 1023; k += 7)
    EXPECT_LE(ulp_distance(portable_log(std::ldexp(1.0, k)), k * 0.6931471805599453), 1u) << "2^" << k;
}

TEST(Mt64, IsStdMt19937_64) {
  // The engine against the standard library's, over several renewals of the 312-word state, for
  // seeds with high bits, zero and all ones; and the standard's check value (the 10000th output
  // for the default seed 5489).
  for (std::uint64_t seed : {0ULL, 1ULL, 5489ULL, 0x9e3779b97f4a7c15ULL, ~0ULL}) {
    Mt64 mine(seed);
    std::mt19937_64 standard(seed);
    for (int i = 0; i < 3 * 312 + 7; ++i) ASSERT_EQ(mine(), standard()) << "seed " << seed << ", draw " << i;
  }
  Mt64 check(5489);
  for (int i = 0; i < 9999; ++i) check();
  EXPECT_EQ(check(), 9981545732273789042ULL);
}

TEST(Rng, UniformIsTheTop53BitsOfMt19937_64) {
  // Independent reference: the standard fixes mt19937_64's output sequence.
  Rng rng(2024);
  std::mt19937_64 reference(2024);
  for (int i = 0; i < 1000; ++i) {
    const double expected = static_cast<double>(reference() >> 11) / 9007199254740992.0;
    ASSERT_EQ(rng.uniform(), expected);
  }
  // And the standard's own check value: the 10000th output for the default seed 5489.
  std::mt19937_64 standard(5489);
  standard.discard(9999);
  EXPECT_EQ(standard(), 9981545732273789042ULL);
}

TEST(Rng, UniformRangeAndMean) {
  Rng rng(3);
  const int n = 200000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
}

TEST(Rng, NormalMomentsOverAMillionDraws) {
  Rng rng(42);
  const int n = 1000000;
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0, pair = 0, prev = 0;
  std::size_t within1 = 0, within2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal();
    ASSERT_TRUE(std::isfinite(x));
    m1 += x;
    m2 += x * x;
    m3 += x * x * x;
    m4 += x * x * x * x;
    if (std::abs(x) < 1) ++within1;
    if (std::abs(x) < 2) ++within2;
    if (i % 2 == 1) pair += prev * x;  // the two values of one polar pair
    prev = x;
  }
  m1 /= n;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const double sqn = std::sqrt(static_cast<double>(n));
  // Tolerances are 5 standard errors of each estimate under N(0, 1).
  EXPECT_NEAR(m1, 0.0, 5 * 1.0 / sqn);
  EXPECT_NEAR(m2 - m1 * m1, 1.0, 5 * std::sqrt(2.0) / sqn);
  EXPECT_NEAR(m3, 0.0, 5 * std::sqrt(15.0) / sqn);
  EXPECT_NEAR(m4, 3.0, 5 * std::sqrt(96.0) / sqn);
  EXPECT_NEAR(pair / (n / 2), 0.0, 5 / std::sqrt(n / 2.0));
  const double p1 = std::erf(1 / std::sqrt(2.0)), p2 = std::erf(2 / std::sqrt(2.0));
  EXPECT_NEAR(static_cast<double>(within1) / n, p1, 5 * std::sqrt(p1 * (1 - p1)) / sqn);
  EXPECT_NEAR(static_cast<double>(within2) / n, p2, 5 * std::sqrt(p2 * (1 - p2)) / sqn);
}

TEST(Rng, BelowStaysInRange) {
  Rng rng(5);
  const std::uint64_t ns[] = {1, 2, 3, 7, 10, 1000, (1ULL << 32) + 1, (1ULL << 63) + 1,
                              std::numeric_limits<std::uint64_t>::max()};
  for (std::uint64_t n : ns)
    for (int i = 0; i < 2000; ++i) ASSERT_LT(rng.below(n), n) << "n = " << n;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(rng.below(1), 0u);
}

TEST(Rng, BelowIsRoughlyUniform) {
  Rng rng(6);
  for (std::uint64_t n : {2ULL, 7ULL, 10ULL}) {
    const int draws = 100000;
    std::vector<int> counts(n, 0);
    for (int i = 0; i < draws; ++i) ++counts[rng.below(n)];
    double chi2 = 0;
    const double expected = static_cast<double>(draws) / static_cast<double>(n);
    for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
    // Far beyond the 1e-6 tail of chi-square with at most 9 degrees of freedom (about 42).
    EXPECT_LT(chi2, 50.0) << "n = " << n;
  }
}

TEST(Rng, BelowHasNoModuloBias) {
  // n = 3 * 2^62: plain r % n would put half of all results below 2^62 instead of a third.
  Rng rng(8);
  const std::uint64_t n = 3ULL << 62;
  const int draws = 100000;
  int low = 0;
  for (int i = 0; i < draws; ++i) low += rng.below(n) < (1ULL << 62);
  EXPECT_NEAR(static_cast<double>(low) / draws, 1.0 / 3, 0.01);
}

// below32 and the shuffle against a plain restatement of their definition (random.hpp) on the raw
// mt19937_64 stream: 32-bit halves, low half first; x * n >> 32, x drawn again while the low word
// of x * n is below 2^32 mod n.
struct HalfStream {
  std::mt19937_64 engine;
  std::vector<std::uint32_t> halves;
  explicit HalfStream(std::uint64_t seed) : engine(seed) {}
  std::uint32_t next() {
    if (halves.empty()) {
      const std::uint64_t r = engine();
      halves = {static_cast<std::uint32_t>(r >> 32), static_cast<std::uint32_t>(r)};
    }
    const std::uint32_t x = halves.back();
    halves.pop_back();
    return x;
  }
  std::uint32_t below(std::uint32_t n) {
    const std::uint64_t threshold = ((std::uint64_t{1} << 32) - n) % n;
    for (;;) {
      const std::uint64_t product = static_cast<std::uint64_t>(next()) * n;
      if ((product & 0xffffffffu) >= threshold) return static_cast<std::uint32_t>(product >> 32);
    }
  }
};

TEST(Rng, Below32FollowsItsDefinition) {
  // n = 3 * 2^30 rejects a quarter of the draws; 2^31 + 1 almost half; small n almost never.
  for (std::uint32_t n : {1u, 2u, 3u, 7u, 1000u, 3u << 30, (1u << 31) + 1, 0xffffffffu}) {
    Rng rng(42);
    HalfStream ref(42);
    for (int i = 0; i < 5000; ++i) {
      const std::uint32_t got = rng.below32(n);
      ASSERT_EQ(got, ref.below(n)) << "n = " << n << ", draw " << i;
      ASSERT_LT(got, n);
    }
  }
}

TEST(Rng, Below32HasNoBias) {
  // n = 3 * 2^30: multiply-shift alone maps the 32-bit x to floor(3x / 4), which hits the multiples
  // of 3 twice as often as the others (half of all results instead of a third); the rejection
  // makes every value of [0, n) equally likely.
  Rng rng(9);
  const std::uint32_t n = 3u << 30;
  const int draws = 120000;
  int multiples = 0, low = 0;
  for (int i = 0; i < draws; ++i) {
    const std::uint32_t x = rng.below32(n);
    multiples += x % 3 == 0;
    low += x < (1u << 30);
  }
  EXPECT_NEAR(static_cast<double>(multiples) / draws, 1.0 / 3, 0.01);
  EXPECT_NEAR(static_cast<double>(low) / draws, 1.0 / 3, 0.01);
}

TEST(Rng, ShuffleFollowsItsDefinition) {
  for (int size : {2, 3, 10, 1001}) {
    Rng rng(7);
    HalfStream ref(7);
    std::vector<int> items(static_cast<std::size_t>(size)), expected;
    std::iota(items.begin(), items.end(), 0);
    expected = items;
    for (int round = 0; round < 3; ++round) {  // each shuffle starts on a new 64-bit draw
      rng.shuffle(items);
      for (std::size_t i = expected.size(); i > 1; --i)
        std::swap(expected[i - 1], expected[ref.below(static_cast<std::uint32_t>(i))]);
      ref.halves.clear();
      ASSERT_EQ(items, expected) << "size " << size << ", round " << round;
    }
  }
}

TEST(Rng, ShuffleIsAPermutation) {
  for (int size : {0, 1, 2, 5, 1000}) {
    Rng rng(static_cast<std::uint64_t>(size));
    std::vector<int> items(static_cast<std::size_t>(size));
    std::iota(items.begin(), items.end(), 0);
    rng.shuffle(items);
    std::vector<int> sorted = items;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < size; ++i) ASSERT_EQ(sorted[static_cast<std::size_t>(i)], i);
    if (size == 1000) {
      int fixed_points = 0;
      for (int i = 0; i < size; ++i) fixed_points += items[static_cast<std::size_t>(i)] == i;
      EXPECT_LT(fixed_points, 10);  // expected about 1 for a random permutation
    }
  }
}

TEST(Rng, ShuffleGivesEveryOrderEquallyOften) {
  // Fisher-Yates draws each of the 3! orders with probability 1/6 (the classic bug of drawing j
  // from the whole range instead of [0, i) skews this).
  Rng rng(11);
  std::map<std::vector<int>, int> counts;
  const int trials = 60000;
  for (int t = 0; t < trials; ++t) {
    std::vector<int> items{0, 1, 2};
    rng.shuffle(items);
    ++counts[items];
  }
  ASSERT_EQ(counts.size(), 6u);
  double chi2 = 0;
  for (const auto& kv : counts) chi2 += (kv.second - 10000.0) * (kv.second - 10000.0) / 10000.0;
  EXPECT_LT(chi2, 40.0);  // chi-square, 5 degrees of freedom: the 1e-6 tail is about 35
}

TEST(Rng, SameSeedSameSequenceDifferentSeedDifferentOrder) {
  Rng a(77), b(77), c(78);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(a.uniform(), b.uniform());
    ASSERT_EQ(a.normal(), b.normal());
    ASSERT_EQ(a.below(1000), b.below(1000));
  }
  std::vector<int> x(100), y(100), z(100);
  std::iota(x.begin(), x.end(), 0);
  y = z = x;
  Rng s1(1), s1b(1), s2(2);
  s1.shuffle(x);
  s1b.shuffle(y);
  s2.shuffle(z);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
  Rng first(77);
  EXPECT_NE(first.uniform(), c.uniform());
}

TEST(Rng, StreamsAreDistinctAndReproducible) {
  const Stream streams[] = {Stream::data, Stream::init, Stream::shuffle};
  std::set<double> firsts;
  for (std::uint64_t seed : {0ULL, 1ULL, 2ULL, 9007199254740991ULL})
    for (Stream s : streams) {
      Rng r1 = make_rng(seed, s), r2 = make_rng(seed, s);
      const double u = r1.uniform();
      EXPECT_EQ(u, r2.uniform());
      firsts.insert(u);
    }
  EXPECT_EQ(firsts.size(), 12u);  // 4 seeds x 3 streams, all different
}

}  // namespace
}  // namespace linreg
