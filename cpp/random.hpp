// Deterministic randomness that is bit-identical natively and in WebAssembly.
//
// std::normal_distribution and std::shuffle differ between standard libraries, and libm's log
// differs by an ulp between glibc and musl, so everything here is written on top of the raw
// mt19937_64 stream (whose output the standard fixes) with only + - * / and std::sqrt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace linreg {

// The 64-bit Mersenne Twister, mt19937_64: the same seeding and the same outputs as
// std::mt19937_64 (the standard fixes both; tests/cpp/random_test.cpp compares them), with the
// state renewed 312 words at a time, as Matsumoto and Nishimura's reference code does. libc++'s
// engine (the wasm build's) renews one word per draw with two index wraps and a multiply; this
// is the shuffle's inner loop.
class Mt64 {
 public:
  static constexpr std::size_t kWords = 312;
  explicit Mt64(std::uint64_t seed);
  std::uint64_t operator()() {
    if (next_ == kWords) twist();
    std::uint64_t z = state_[next_++];
    z ^= (z >> 29) & 0x5555555555555555ULL;
    z ^= (z << 17) & 0x71d67fffeda60000ULL;
    z ^= (z << 37) & 0xfff7eee000000000ULL;
    return z ^ (z >> 43);
  }

 private:
  void twist();
  std::uint64_t state_[kWords];
  std::size_t next_;  // the next word to temper; kWords: renew the state first
};

// The natural logarithm of a positive finite x, written with + - * / and bit operations only, so
// that every platform computes the same bits. Not correctly rounded: it agrees with glibc's log to
// within 1 ulp for over 98% of inputs and to within 3 ulp for all tested (tests/cpp/random_test).
double portable_log(double x);

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  // Uniform in [0, 1) with 53 random bits.
  double uniform();
  // Uniform integer in [0, n), n >= 1, without modulo bias.
  std::uint64_t below(std::uint64_t n);
  // Uniform integer in [0, n), 1 <= n < 2^32, without bias, from 32-bit halves of the stream (the
  // low half of a 64-bit draw, then its high half on the next call): Lemire's multiply-shift,
  // floor(x * n / 2^32) for a 32-bit x, rejecting the x whose low product word is below
  // 2^32 mod n (rare: probability n / 2^32 at most). No division on the common path.
  std::uint32_t below32(std::uint32_t n);
  // Drops the unused high half of the last 64-bit draw (so that what follows starts on a new one).
  void drop_half() { has_half_ = false; }
  // Standard normal N(0, 1) by Marsaglia's polar method (values come in pairs).
  double normal();
  // Fisher-Yates shuffle in place: for i = size down to 2, swap items[i-1] with items[below32(i)],
  // starting on a new 64-bit draw (each draw serves two positions) and leaving no half unused.
  void shuffle(std::vector<int>& items);

 private:
  Mt64 engine_;
  bool has_spare_ = false;
  double spare_ = 0.0;
  bool has_half_ = false;    // the high half of the last 64-bit draw is still unused
  std::uint32_t half_ = 0;
};

// Independent streams derived from one seed, so that (for example) changing num_train does not
// change the model's initial weights.
enum class Stream : std::uint64_t { data = 1, init = 2, shuffle = 3 };
Rng make_rng(std::uint64_t seed, Stream stream);

}  // namespace linreg
