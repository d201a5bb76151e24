#include "losses.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace linreg {

double LossFunction::value(double r) const {
  switch (kind) {
    case LossKind::absolute:
      return std::fabs(r);
    case LossKind::huber: {
      const double a = std::fabs(r);
      return a <= delta ? r * r / 2.0 : delta * (a - delta / 2.0);
    }
    default:
      return r * r / 2.0;  // the same expression as squared_loss (model.cpp): the same bits
  }
}

double LossFunction::derivative(double r) const {
  switch (kind) {
    case LossKind::absolute:
      return r > 0 ? 1.0 : r < 0 ? -1.0 : 0.0;
    case LossKind::huber:
      return r > delta ? delta : r < -delta ? -delta : r;
    default:
      return r;
  }
}

double LossFunction::mean(const Vector& residual) const {
  if (residual.size() == 0) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0;
  for (Eigen::Index i = 0; i < residual.size(); ++i) sum += value(residual[i]);
  return sum / static_cast<double>(residual.size());
}

void LossFunction::derivatives(const Vector& residual, Vector& psi) const {
  psi.resize(residual.size());
  for (Eigen::Index i = 0; i < residual.size(); ++i) psi[i] = derivative(residual[i]);
}

double mean_loss(const LinearRegressionScratch& model, const Matrix& X, const Vector& y, const LossFunction& loss) {
  if (loss.kind == LossKind::squared) return mean_loss(model, X, y);
  const Eigen::Index n = X.rows();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  // A chunk of rows at a time (no n-vector of predictions), summed in row order.
  constexpr Eigen::Index kChunk = 256;
  std::vector<int> rows;
  Vector y_hat;
  double sum = 0.0;
  for (Eigen::Index start = 0; start < n; start += kChunk) {
    const Eigen::Index m = std::min(kChunk, n - start);
    rows.resize(static_cast<std::size_t>(m));
    for (Eigen::Index k = 0; k < m; ++k) rows[static_cast<std::size_t>(k)] = static_cast<int>(start + k);
    model.forward(X, &rows, y_hat);
    for (Eigen::Index k = 0; k < m; ++k) sum += loss.value(y_hat[k] - y[start + k]);
  }
  return sum / static_cast<double>(n);
}

}  // namespace linreg
