// The book's LinearRegressionScratch and its squared loss, with the analytic gradient.
#pragma once

#include <cmath>
#include <vector>

#include "data.hpp"

namespace linreg {

// Whether every entry of v is finite (no NaN, no infinity).
inline bool all_finite(const Vector& v) {
  for (Eigen::Index j = 0; j < v.size(); ++j)
    if (!std::isfinite(v[j])) return false;
  return true;
}

// d/dparams of the mean loss over a minibatch.
struct Gradient {
  Vector w;
  double b = 0.0;
  double norm() const;  // global L2 norm over w and b, as the book's clip_gradients
};

class LinearRegressionScratch {
 public:
  Vector w;        // d weights, initialized from N(0, sigma^2)
  double b = 0.0;  // bias, initialized to 0

  LinearRegressionScratch() = default;
  LinearRegressionScratch(Eigen::Index num_inputs, double sigma, std::uint64_t seed);

  // y_hat = X w + b for the rows of X listed in `rows` (all rows when `rows` is null).
  Vector forward(const Matrix& X, const std::vector<int>* rows = nullptr) const;
  // The same into `y_hat` (resized to the number of rows: no allocation when it has that size).
  void forward(const Matrix& X, const std::vector<int>* rows, Vector& y_hat) const;
};

// The squared loss (y_hat - y)^2 / 2, averaged over the examples.
double squared_loss(const Vector& y_hat, const Vector& y);
// Mean squared loss of the model over a whole data set (0 examples: NaN).
double mean_loss(const LinearRegressionScratch& model, const Matrix& X, const Vector& y);

// Gradient of the mean squared loss over the minibatch `rows` of X, given its residuals
// r = y_hat - y: dL/dw = X_B^T r / m, dL/db = sum(r) / m.
Gradient squared_loss_gradient(const Matrix& X, const std::vector<int>& rows, const Vector& residual);
// The same into `g` (g.w resized to d: no allocation when it has that size).
void squared_loss_gradient(const Matrix& X, const std::vector<int>& rows, const Vector& residual, Gradient& g);

// forward, the residual y_hat - y and squared_loss_gradient in one pass over the minibatch's rows
// (each row read once): the same bits as the three one after the other. y holds the rows' labels.
void forward_and_squared_loss_gradient(const LinearRegressionScratch& model, const Matrix& X,
                                       const std::vector<int>& rows, const Vector& y, Vector& y_hat,
                                       Vector& residual, Gradient& g);

}  // namespace linreg
