// The least-squares fit of a linear model with a bias, the closed form that SGD approaches:
//   (w*, b*) = argmin over (w, b) of sum_i (x_i . w + b - y_i)^2.
// Solved with a column-pivoting Householder QR of the design matrix [X 1] (never the normal
// equations X^T X, whose condition number is the square of X's).
#pragma once

#include <optional>

#include "data.hpp"

namespace linreg {

struct LeastSquaresSolution {
  Vector w;        // d weights
  double b = 0.0;  // bias
};

// nullopt when the solution is not unique: fewer rows than d + 1, or [X 1] of lower rank
// (a constant or duplicated feature).
std::optional<LeastSquaresSolution> least_squares(const Matrix& X, const Vector& y);

}  // namespace linreg
