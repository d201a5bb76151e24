#include "model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels.hpp"
#include "random.hpp"

namespace linreg {

// The sums are plain loops in a fixed order so that native and wasm builds produce the same bits
// (with -ffp-contract=off, see CMakeLists.txt); the loops over the data are in kernels.cpp.

double Gradient::norm() const {
  const double* g = w.data();
  double sum = 0.0;
  for (Eigen::Index j = 0; j < w.size(); ++j) sum += g[j] * g[j];
  sum += b * b;
  return std::sqrt(sum);
}

LinearRegressionScratch::LinearRegressionScratch(Eigen::Index num_inputs, double sigma, std::uint64_t seed)
    : w(num_inputs), b(0.0) {
  Rng rng = make_rng(seed, Stream::init);
  for (Eigen::Index j = 0; j < num_inputs; ++j) w[j] = sigma * rng.normal();
}

Vector LinearRegressionScratch::forward(const Matrix& X, const std::vector<int>* rows) const {
  Vector y_hat;
  forward(X, rows, y_hat);
  return y_hat;
}

void LinearRegressionScratch::forward(const Matrix& X, const std::vector<int>* rows, Vector& y_hat) const {
  const Eigen::Index m = rows ? static_cast<Eigen::Index>(rows->size()) : X.rows();
  const Eigen::Index d = X.cols();
  const double* data = X.data();
  y_hat.resize(m);
  const int* idx = rows ? rows->data() : nullptr;
  if (idx && X.size() > kernels::kPrefetchAbove) kernels::prefetch_rows(data, idx, m, d);
  kernels::predict(data, idx, m, d, w.data(), b, y_hat.data());
}

double squared_loss(const Vector& y_hat, const Vector& y) {
  const Eigen::Index m = y.size();
  if (m == 0) return std::numeric_limits<double>::quiet_NaN();
  eigen_assert(y_hat.size() == m);
  const double* p = y_hat.data();
  const double* t = y.data();
  double sum = 0.0;
  for (Eigen::Index i = 0; i < m; ++i) {
    const double r = p[i] - t[i];
    sum += r * r / 2.0;
  }
  return sum / static_cast<double>(m);
}

double mean_loss(const LinearRegressionScratch& model, const Matrix& X, const Vector& y) {
  // squared_loss(model.forward(X), y) without the n-vector of predictions: a chunk at a time.
  const Eigen::Index n = X.rows();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  eigen_assert(y.size() == n);
  const Eigen::Index d = X.cols();
  const double* data = X.data();
  constexpr Eigen::Index kChunk = 256;
  double y_hat[kChunk];
  double sum = 0.0;
  for (Eigen::Index start = 0; start < n; start += kChunk) {
    const Eigen::Index m = std::min(kChunk, n - start);
    const double* first = data + start * d;
    kernels::predict(first, nullptr, m, d, model.w.data(), model.b, y_hat);
    const double* t = y.data() + start;
    for (Eigen::Index k = 0; k < m; ++k) {
      const double r = y_hat[k] - t[k];
      sum += r * r / 2.0;
    }
  }
  return sum / static_cast<double>(n);
}

namespace {

// g.w holds X_B^T r: the means dL/dw = X_B^T r / m and dL/db = sum(r) / m.
void mean_of_sums(const double* r, Eigen::Index m, Gradient& g) {
  double gb = 0.0;
  for (Eigen::Index k = 0; k < m; ++k) gb += r[k];
  const double mm = static_cast<double>(m);
  double* gw = g.w.data();
  for (Eigen::Index j = 0; j < g.w.size(); ++j) gw[j] /= mm;
  g.b = gb / mm;
}

}  // namespace

Gradient squared_loss_gradient(const Matrix& X, const std::vector<int>& rows, const Vector& residual) {
  Gradient g;
  squared_loss_gradient(X, rows, residual, g);
  return g;
}

void squared_loss_gradient(const Matrix& X, const std::vector<int>& rows, const Vector& residual, Gradient& g) {
  const Eigen::Index d = X.cols();
  const Eigen::Index m = static_cast<Eigen::Index>(rows.size());
  const double* data = X.data();
  const double* r = residual.data();
  g.w.setZero(d);
  kernels::accumulate(data, rows.data(), m, d, r, g.w.data());  // X_B^T r, row by row
  mean_of_sums(r, m, g);
}

void forward_and_squared_loss_gradient(const LinearRegressionScratch& model, const Matrix& X,
                                       const std::vector<int>& rows, const Vector& y, Vector& y_hat,
                                       Vector& residual, Gradient& g) {
  const Eigen::Index d = X.cols();
  const Eigen::Index m = static_cast<Eigen::Index>(rows.size());
  eigen_assert(y.size() == m && model.w.size() == d);
  const double* data = X.data();
  y_hat.resize(m);
  residual.resize(m);
  g.w.setZero(d);
  if (X.size() > kernels::kPrefetchAbove) kernels::prefetch_rows(data, rows.data(), m, d);
  kernels::predict_accumulate(data, rows.data(), m, d, model.w.data(), model.b, y.data(), y_hat.data(),
                              residual.data(), g.w.data());
  mean_of_sums(residual.data(), m, g);
}

}  // namespace linreg
