// Deterministic randomness that is bit-identical natively and in WebAssembly.
//
// std::normal_distribution and std::shuffle differ between standard libraries, and libm's log
// differs by an ulp between glibc and musl, so everything here is written on top of the raw
// std::mt19937_64 stream (whose output the standard fixes) with only + - * / and std::sqrt.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace linreg {

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
  // Standard normal N(0, 1) by Marsaglia's polar method (values come in pairs).
  double normal();
  // Fisher-Yates shuffle in place.
  void shuffle(std::vector<int>& items);

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// Independent streams derived from one seed, so that (for example) changing num_train does not
// change the model's initial weights.
enum class Stream : std::uint64_t { data = 1, init = 2, shuffle = 3 };
Rng make_rng(std::uint64_t seed, Stream stream);

}  // namespace linreg
