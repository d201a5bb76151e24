// The losses of the section's exercise 8, each a function of one example's residual
// r = y_hat - y, paired with its derivative (as TensorFlow Playground pairs a loss with its
// derivative):
//   squared   r^2 / 2                                   derivative r           (the book's)
//   absolute  |r|                                       derivative sign(r), 0 at r = 0
//   huber     r^2 / 2 when |r| <= delta,                derivative r clipped to [-delta, delta]
//             delta (|r| - delta / 2) beyond
// The minibatch loss is the mean over its examples, so the gradient is
//   dL/dw = X_B^T psi / m,  dL/db = mean(psi),  psi_i = loss'(r_i).
#pragma once

#include "config.hpp"
#include "model.hpp"

namespace linreg {

struct LossFunction {
  LossKind kind = LossKind::squared;
  double delta = 1.0;  // Huber's delta

  static LossFunction of(const Config& c) { return {c.loss, c.huber_delta}; }

  double value(double r) const;
  double derivative(double r) const;  // at a kink (r = 0 for absolute), the subgradient 0

  // Mean of value(r_i) over the residuals, summed left to right (NaN for none).
  double mean(const Vector& residual) const;
  // psi_i = derivative(r_i) into `psi` (resized).
  void derivatives(const Vector& residual, Vector& psi) const;
};

// The mean loss of the model over a whole data set (0 examples: NaN). For the squared loss it is
// mean_loss(model, X, y) of model.hpp, bit for bit.
double mean_loss(const LinearRegressionScratch& model, const Matrix& X, const Vector& y, const LossFunction& loss);

}  // namespace linreg
