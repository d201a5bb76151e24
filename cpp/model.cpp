#include "model.hpp"

#include <cmath>
#include <limits>

#include "random.hpp"

namespace linreg {

// The sums below are plain loops in a fixed order so that native and wasm builds produce the same
// bits (with -ffp-contract=off, see CMakeLists.txt).

double Gradient::norm() const {
  double sum = 0.0;
  for (Eigen::Index j = 0; j < w.size(); ++j) sum += w[j] * w[j];
  sum += b * b;
  return std::sqrt(sum);
}

LinearRegressionScratch::LinearRegressionScratch(Eigen::Index num_inputs, double sigma, std::uint64_t seed)
    : w(num_inputs), b(0.0) {
  Rng rng = make_rng(seed, Stream::init);
  for (Eigen::Index j = 0; j < num_inputs; ++j) w[j] = sigma * rng.normal();
}

Vector LinearRegressionScratch::forward(const Matrix& X, const std::vector<int>* rows) const {
  const Eigen::Index m = rows ? static_cast<Eigen::Index>(rows->size()) : X.rows();
  const Eigen::Index d = X.cols();
  Vector y_hat(m);
  for (Eigen::Index k = 0; k < m; ++k) {
    const double* x = X.data() + (rows ? static_cast<Eigen::Index>((*rows)[k]) : k) * d;
    double dot = 0.0;
    for (Eigen::Index j = 0; j < d; ++j) dot += x[j] * w[j];
    y_hat[k] = dot + b;
  }
  return y_hat;
}

double squared_loss(const Vector& y_hat, const Vector& y) {
  if (y.size() == 0) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    const double r = y_hat[i] - y[i];
    sum += r * r / 2.0;
  }
  return sum / static_cast<double>(y.size());
}

double mean_loss(const LinearRegressionScratch& model, const Matrix& X, const Vector& y) {
  return squared_loss(model.forward(X), y);
}

Gradient squared_loss_gradient(const Matrix& X, const std::vector<int>& rows, const Vector& residual) {
  const Eigen::Index d = X.cols();
  const double m = static_cast<double>(rows.size());
  Gradient g;
  g.w = Vector::Zero(d);
  double gb = 0.0;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const double* x = X.data() + static_cast<Eigen::Index>(rows[k]) * d;
    const double r = residual[static_cast<Eigen::Index>(k)];
    for (Eigen::Index j = 0; j < d; ++j) g.w[j] += r * x[j];
    gb += r;
  }
  for (Eigen::Index j = 0; j < d; ++j) g.w[j] /= m;
  g.b = gb / m;
  return g;
}

}  // namespace linreg
