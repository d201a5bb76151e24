// The book's SGD (param -= lr * grad) and its clip_gradients (scale to a global L2 norm).
#pragma once

#include "model.hpp"

namespace linreg {

// Scales g so that its global norm is at most clip_val when clip_val > 0 and the norm exceeds it.
// Returns true when it scaled.
bool clip_gradients(Gradient& g, double clip_val);

struct SGD {
  double lr;
  // The loss is already a mean over the minibatch, so there is no division by the batch size.
  void step(LinearRegressionScratch& model, const Gradient& g) const {
    for (Eigen::Index j = 0; j < model.w.size(); ++j) model.w[j] -= lr * g.w[j];
    model.b -= lr * g.b;
  }
};

}  // namespace linreg
