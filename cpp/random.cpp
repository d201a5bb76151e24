#include "random.hpp"

#include <cmath>
#include <cstring>

namespace linreg {

double portable_log(double x) {
  // Split x = m * 2^e with m in [sqrt(1/2), sqrt(2)), then log(m) = 2 atanh(t), t = (m-1)/(m+1),
  // |t| <= 0.1716, summed as a fixed-length odd series (t^2 <= 0.0295, 13 terms reach 1e-20).
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  int e = static_cast<int>((bits >> 52) & 0x7ff);
  if (e == 0) {  // subnormal: scale into the normal range first
    x *= 18014398509481984.0;  // 2^54
    std::memcpy(&bits, &x, sizeof bits);
    e = static_cast<int>((bits >> 52) & 0x7ff) - 54;
  }
  e -= 1023;
  bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;  // mantissa in [1, 2)
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  const double t = (m - 1.0) / (m + 1.0);
  const double t2 = t * t;
  double series = 0.0;
  for (int k = 25; k >= 3; k -= 2) series = (series + 1.0 / k) * t2;
  const double log_m = 2.0 * t * (1.0 + series);
  // ln 2 split into a high part exact in 32 bits and the rest, so e * ln2_hi is exact.
  const double ln2_hi = 0.693147180369123816490;
  const double ln2_lo = 1.90821492927058770002e-10;
  const double de = static_cast<double>(e);
  return (de * ln2_hi + log_m) + de * ln2_lo;
}

Mt64::Mt64(std::uint64_t seed) : next_(kWords) {
  state_[0] = seed;
  for (std::size_t i = 1; i < kWords; ++i)
    state_[i] = 6364136223846793005ULL * (state_[i - 1] ^ (state_[i - 1] >> 62)) + i;
}

void Mt64::twist() {
  constexpr std::size_t m = 156;
  constexpr std::uint64_t upper = 0xffffffff80000000ULL, lower = 0x7fffffffULL;
  constexpr std::uint64_t matrix = 0xb5026f5aa96619e9ULL;
  auto mixed = [](std::uint64_t hi, std::uint64_t lo) {
    const std::uint64_t y = (hi & upper) | (lo & lower);
    return (y >> 1) ^ ((y & 1) ? matrix : 0);
  };
  std::size_t i = 0;
  for (; i < kWords - m; ++i) state_[i] = state_[i + m] ^ mixed(state_[i], state_[i + 1]);
  for (; i < kWords - 1; ++i) state_[i] = state_[i + m - kWords] ^ mixed(state_[i], state_[i + 1]);
  state_[kWords - 1] = state_[m - 1] ^ mixed(state_[kWords - 1], state_[0]);
  next_ = 0;
}

Rng::Rng(std::uint64_t seed) : engine_(seed) {}

double Rng::uniform() { return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); }

std::uint64_t Rng::below(std::uint64_t n) {
  // Reject the few top values that would make r % n favour small results.
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t r = engine_();
    if (r >= threshold) return r % n;
  }
}

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * portable_log(s) / s);
  spare_ = v * factor;
  has_spare_ = true;
  return u * factor;
}

namespace {

// The next 32-bit half of the stream: the high half of the last 64-bit draw when it is unused,
// else the low half of a new draw.
inline std::uint32_t next_half(Mt64& engine, bool& has_half, std::uint32_t& half) {
  if (has_half) {
    has_half = false;
    return half;
  }
  const std::uint64_t r = engine();
  half = static_cast<std::uint32_t>(r >> 32);
  has_half = true;
  return static_cast<std::uint32_t>(r);
}

// Lemire's multiply-shift on the halves next() gives: floor(x * n / 2^32), drawing x again while
// the low word of x * n is below 2^32 mod n.
template <typename Next>
inline std::uint32_t below32_from(std::uint32_t n, Next next) {
  std::uint64_t product = static_cast<std::uint64_t>(next()) * n;
  std::uint32_t low = static_cast<std::uint32_t>(product);
  if (low < n) {  // only then can it be below the threshold, which is < n
    const std::uint32_t threshold = (0u - n) % n;  // 2^32 mod n
    while (low < threshold) {
      product = static_cast<std::uint64_t>(next()) * n;
      low = static_cast<std::uint32_t>(product);
    }
  }
  return static_cast<std::uint32_t>(product >> 32);
}

}  // namespace

std::uint32_t Rng::below32(std::uint32_t n) {
  return below32_from(n, [this] { return next_half(engine_, has_half_, half_); });
}

void Rng::shuffle(std::vector<int>& items) {
  // below32's steps with the unused half in locals: the swaps write ints, which a member
  // std::uint32_t could alias, so members would be stored and loaded again around every swap.
  bool has_half = false;
  std::uint32_t half = 0;
  auto next = [&] { return next_half(engine_, has_half, half); };
  int* p = items.data();
  for (std::size_t i = items.size(); i > 1; --i) {
    const std::uint32_t j = below32_from(static_cast<std::uint32_t>(i), next);
    const int t = p[i - 1];
    p[i - 1] = p[j];
    p[j] = t;
  }
  drop_half();
}

Rng make_rng(std::uint64_t seed, Stream stream) {
  // splitmix64 of (seed, stream): well-mixed, distinct seeds for the three streams.
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (static_cast<std::uint64_t>(stream) + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return Rng(z ^ (z >> 31));
}

}  // namespace linreg
