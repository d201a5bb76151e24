// The book's SyntheticRegressionData: X ~ N(0, 1), y = Xw + b + noise * N(0, 1).
#pragma once

#include <Eigen/Core>

#include "config.hpp"

namespace linreg {

// Row-major so that one example's features are contiguous (minibatches gather rows).
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXd;

struct SyntheticRegressionData {
  Vector w;        // true weights (d)
  double b = 0.0;  // true bias
  double noise = 0.0;
  Matrix X_train;  // num_train x d
  Vector y_train;  // num_train
  Matrix X_val;    // num_val x d
  Vector y_val;    // num_val

  // Draws num_train + num_val examples from the data stream of `seed`: all of X row by row, then
  // the noise; the first num_train rows are the training set, as in the book.
  static SyntheticRegressionData generate(const Config& c);

  Eigen::Index num_features() const { return w.size(); }
  Eigen::Index num_train() const { return X_train.rows(); }
  Eigen::Index num_val() const { return X_val.rows(); }
};

}  // namespace linreg
