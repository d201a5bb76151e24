#include "least_squares.hpp"

#include <Eigen/QR>

namespace linreg {

std::optional<LeastSquaresSolution> least_squares(const Matrix& X, const Vector& y) {
  const Eigen::Index n = X.rows(), d = X.cols();
  if (n < d + 1 || y.size() != n) return std::nullopt;
  Eigen::MatrixXd A(n, d + 1);
  A.leftCols(d) = X;
  A.col(d).setOnes();
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(A);
  if (qr.rank() < d + 1) return std::nullopt;
  const Eigen::VectorXd p = qr.solve(y);
  LeastSquaresSolution s;
  s.w = p.head(d);
  s.b = p[d];
  return s;
}

}  // namespace linreg
