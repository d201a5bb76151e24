// Helpers shared by the native tests (not a test file itself: CMake globs only *_test.cpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config.hpp"
#include "data.hpp"
#include "model.hpp"

namespace linreg::testing {

// Distance in units in the last place between two finite doubles (0 when bit-identical or +-0).
inline std::uint64_t ulp_distance(double a, double b) {
  auto ordered = [](double x) {
    std::int64_t i;
    std::memcpy(&i, &x, sizeof i);
    // Map the sign-magnitude bits onto a monotonic integer line.
    return i < 0 ? std::numeric_limits<std::int64_t>::min() - i : i;
  };
  const std::int64_t ia = ordered(a), ib = ordered(b);
  return ia > ib ? static_cast<std::uint64_t>(ia) - static_cast<std::uint64_t>(ib)
                 : static_cast<std::uint64_t>(ib) - static_cast<std::uint64_t>(ia);
}

inline bool bit_identical(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

inline bool bit_identical(const Vector& a, const Vector& b) {
  if (a.size() != b.size()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i)
    if (!bit_identical(a[i], b[i])) return false;
  return true;
}

inline bool bit_identical(const Matrix& a, const Matrix& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j)
      if (!bit_identical(a(i, j), b(i, j))) return false;
  return true;
}

// The ConfigError message of `f()`, or "<no error>" when it does not throw.
template <class F>
std::string config_error(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "<no error>";
}

// Norm of the book's "error in estimating" over w and b together.
inline double param_error(const Vector& w_true, double b_true, const Vector& w, double b) {
  const double db = b_true - b;
  return std::sqrt((w_true - w).squaredNorm() + db * db);
}

}  // namespace linreg::testing
