// The training loss seen as a surface over the parameters, for the page's loss landscape and its
// learning-rate limit. Parameters are numbered 0 .. d-1 for w_1 .. w_d, and d for b.
//
// For the squared loss the surface is a quadratic in the parameters: with A = [X 1] and the
// residuals r = A theta - y at a point theta,
//   L(theta + delta) = L(theta) + g . delta + delta^T M delta / 2,
//   g = A^T r / n (the full-batch gradient),  M = A^T A / n (the second-moment matrix),
// so a whole grid over two parameters a and b costs one pass over the data (for L, g_a, g_b and
// M_aa, M_ab, M_bb) and then a few operations per grid point: no loop over grid x data.
// The absolute and Huber losses are not quadratic: their surface is evaluated point by point, from
// at most kMaxSurfaceExamples evenly spaced examples.
#pragma once

#include <string>
#include <vector>

#include "losses.hpp"
#include "model.hpp"

namespace linreg {

// The loss and its gradient over a whole data set at `at` (the full-batch gradient).
struct FullBatch {
  double loss = 0.0;
  Gradient grad;
};
FullBatch full_batch(const Matrix& X, const Vector& y, const LossFunction& loss, const LinearRegressionScratch& at);

// A grid over two parameters (axis_x != axis_y, each 0 .. d), in parameter values; the other
// parameters stay at the point `at`.
struct LandscapeSpec {
  Eigen::Index axis_x = 0, axis_y = 1;
  double x_lo = -1, x_hi = 1, y_lo = -1, y_hi = 1;
  Eigen::Index nx = 41, ny = 41;  // grid points per axis, 2 .. kMaxGrid
};

// The same along one parameter (0 .. d): n points from lo to hi.
struct ProfileSpec {
  Eigen::Index axis = 0;
  double lo = -1, hi = 1;
  Eigen::Index n = 101;
};

struct Landscape {
  std::vector<double> x, y;    // the grid's parameter values (nx and ny of them)
  std::vector<double> values;  // the loss at (x[i], y[j]) in values[j * nx + i]
  bool quadratic = true;       // computed from the second moments (squared loss)
  Eigen::Index examples_used = 0;  // examples behind the surface (all, unless sampled)
};

inline constexpr Eigen::Index kMaxGrid = 401;
inline constexpr Eigen::Index kMaxSurfaceExamples = 4096;

// Throws ConfigError (naming the field) for a bad spec: axes out of range or equal, a range that
// is not finite or empty, a grid size out of 2 .. kMaxGrid.
void check_spec(const LandscapeSpec& spec, Eigen::Index d);

Landscape loss_landscape(const Matrix& X, const Vector& y, const LossFunction& loss, const LinearRegressionScratch& at,
                         const LandscapeSpec& spec);

// The loss along one parameter (0 .. d) from lo to hi at n points, the others at `at`.
Landscape loss_profile(const Matrix& X, const Vector& y, const LossFunction& loss, const LinearRegressionScratch& at,
                       Eigen::Index axis, double lo, double hi, Eigen::Index n);
inline Landscape loss_profile(const Matrix& X, const Vector& y, const LossFunction& loss,
                              const LinearRegressionScratch& at, const ProfileSpec& s) {
  return loss_profile(X, y, loss, at, s.axis, s.lo, s.hi, s.n);
}

// The curvature of the squared loss: the eigenvalues of M = A^T A / n, A = [X 1]. Full-batch
// gradient descent on the squared loss converges for lr < 2 / lambda_max and diverges above it.
struct Curvature {
  bool available = false;
  std::string reason;  // why not, when not available
  double lambda_max = 0.0, lambda_min = 0.0;
  double lr_limit = 0.0;  // 2 / lambda_max
};
// Work budget: n (d+1)^2 multiply-adds at most (about a second in WebAssembly).
inline constexpr double kAnalysisBudget = 2.5e8;
Curvature curvature(const Matrix& X);

// M = A^T A / n, summed in row order (the same bits on every platform). (d+1) x (d+1).
Eigen::MatrixXd second_moments(const Matrix& X);

}  // namespace linreg
