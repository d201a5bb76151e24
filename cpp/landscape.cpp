#include "landscape.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Eigenvalues>

namespace linreg {

namespace {

// Column a of A = [X 1]: feature a, or 1 for the bias (a = d).
inline double column(const Matrix& X, Eigen::Index i, Eigen::Index a) { return a < X.cols() ? X(i, a) : 1.0; }

inline double param(const LinearRegressionScratch& at, Eigen::Index a) { return a < at.w.size() ? at.w[a] : at.b; }

// Residuals r = X w + b - y at `at`, in row order.
Vector residuals(const Matrix& X, const Vector& y, const LinearRegressionScratch& at) {
  Vector r = at.forward(X);
  for (Eigen::Index i = 0; i < r.size(); ++i) r[i] -= y[i];
  return r;
}

std::vector<double> grid(double lo, double hi, Eigen::Index n) {
  std::vector<double> g(static_cast<std::size_t>(n));
  for (Eigen::Index k = 0; k < n; ++k)
    g[static_cast<std::size_t>(k)] = k + 1 == n ? hi : lo + (hi - lo) * static_cast<double>(k) / static_cast<double>(n - 1);
  return g;
}

[[noreturn]] void bad(const std::string& field, const std::string& rule) {
  throw ConfigError("'" + field + "' must be " + rule);
}

// The quadratic's coefficients along parameters a and b at the point of the residuals r:
// L(delta_a, delta_b) = loss + g_a delta_a + g_b delta_b + (m_aa delta_a^2 + 2 m_ab delta_a delta_b + m_bb delta_b^2) / 2.
struct Quadratic {
  double loss = 0, g_a = 0, g_b = 0, m_aa = 0, m_ab = 0, m_bb = 0;
  double at(double da, double db) const {
    const double v = loss + g_a * da + g_b * db + (m_aa * da * da + 2.0 * m_ab * da * db + m_bb * db * db) / 2.0;
    return v > 0 ? v : 0.0;  // a loss is never negative; rounding near the minimum could say so
  }
};

Quadratic quadratic(const Matrix& X, const Vector& r, Eigen::Index a, Eigen::Index b) {
  Quadratic q;
  const Eigen::Index n = X.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    const double xa = column(X, i, a), xb = column(X, i, b);
    q.loss += r[i] * r[i] / 2.0;
    q.g_a += r[i] * xa;
    q.g_b += r[i] * xb;
    q.m_aa += xa * xa;
    q.m_ab += xa * xb;
    q.m_bb += xb * xb;
  }
  const double nn = static_cast<double>(n);
  q.loss /= nn, q.g_a /= nn, q.g_b /= nn, q.m_aa /= nn, q.m_ab /= nn, q.m_bb /= nn;
  return q;
}

// Evenly spaced rows (at most `cap`) for the surfaces that are evaluated point by point.
std::vector<Eigen::Index> sample_rows(Eigen::Index n, Eigen::Index cap) {
  const Eigen::Index step = (n + cap - 1) / cap;
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < n; i += step) rows.push_back(i);
  return rows;
}

// Examples for a surface of `points` grid points: at most kMaxSurfaceExamples, and about 2e7
// loss evaluations in all.
Eigen::Index sample_cap(Eigen::Index points) {
  return std::max<Eigen::Index>(64, std::min<Eigen::Index>(kMaxSurfaceExamples, 20'000'000 / points));
}

}  // namespace

FullBatch full_batch(const Matrix& X, const Vector& y, const LossFunction& loss, const LinearRegressionScratch& at) {
  const Eigen::Index n = X.rows(), d = X.cols();
  FullBatch out;
  out.grad.w = Vector::Zero(d);
  if (n == 0) {
    out.loss = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  const Vector r = residuals(X, y, at);
  out.loss = loss.mean(r);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double psi = loss.derivative(r[i]);
    for (Eigen::Index j = 0; j < d; ++j) out.grad.w[j] += psi * X(i, j);
    out.grad.b += psi;
  }
  out.grad.w /= static_cast<double>(n);
  out.grad.b /= static_cast<double>(n);
  return out;
}

void check_spec(const LandscapeSpec& s, Eigen::Index d) {
  const std::string axis_rule = "a parameter index from 0 to " + std::to_string(d) + " (" + std::to_string(d) +
                                " is b), got ";
  if (s.axis_x < 0 || s.axis_x > d) bad("axes", axis_rule + std::to_string(s.axis_x));
  if (s.axis_y < 0 || s.axis_y > d) bad("axes", axis_rule + std::to_string(s.axis_y));
  if (s.axis_x == s.axis_y) bad("axes", "two different parameters, got " + std::to_string(s.axis_x) + " twice");
  auto range = [](const char* field, double lo, double hi) {
    if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
      bad(field, "a range [lo, hi] of finite numbers with lo < hi");
  };
  range("x", s.x_lo, s.x_hi);
  range("y", s.y_lo, s.y_hi);
  if (s.nx < 2 || s.nx > kMaxGrid || s.ny < 2 || s.ny > kMaxGrid)
    bad("size", "grid points per axis from 2 to " + std::to_string(kMaxGrid) + ", got " + std::to_string(s.nx) +
                    " x " + std::to_string(s.ny));
}

Landscape loss_landscape(const Matrix& X, const Vector& y, const LossFunction& loss, const LinearRegressionScratch& at,
                         const LandscapeSpec& spec) {
  const Eigen::Index d = X.cols(), n = X.rows();
  check_spec(spec, d);
  Landscape out;
  out.x = grid(spec.x_lo, spec.x_hi, spec.nx);
  out.y = grid(spec.y_lo, spec.y_hi, spec.ny);
  out.values.assign(static_cast<std::size_t>(spec.nx * spec.ny), std::numeric_limits<double>::quiet_NaN());
  if (n == 0) return out;
  const Eigen::Index a = spec.axis_x, b = spec.axis_y;
  const double ca = param(at, a), cb = param(at, b);
  const Vector r = residuals(X, y, at);
  if (loss.kind == LossKind::squared) {
    const Quadratic q = quadratic(X, r, a, b);
    for (Eigen::Index j = 0; j < spec.ny; ++j)
      for (Eigen::Index i = 0; i < spec.nx; ++i)
        out.values[static_cast<std::size_t>(j * spec.nx + i)] = q.at(out.x[i] - ca, out.y[j] - cb);
    out.quadratic = true;
    out.examples_used = n;
    return out;
  }
  // r_k + x_ka delta_a + x_kb delta_b is example k's residual at the grid point.
  const std::vector<Eigen::Index> rows = sample_rows(n, sample_cap(spec.nx * spec.ny));
  const double m = static_cast<double>(rows.size());
  for (Eigen::Index j = 0; j < spec.ny; ++j) {
    const double db = out.y[j] - cb;
    for (Eigen::Index i = 0; i < spec.nx; ++i) {
      const double da = out.x[i] - ca;
      double sum = 0.0;
      for (const Eigen::Index k : rows) sum += loss.value(r[k] + column(X, k, a) * da + column(X, k, b) * db);
      out.values[static_cast<std::size_t>(j * spec.nx + i)] = sum / m;
    }
  }
  out.quadratic = false;
  out.examples_used = static_cast<Eigen::Index>(rows.size());
  return out;
}

Landscape loss_profile(const Matrix& X, const Vector& y, const LossFunction& loss, const LinearRegressionScratch& at,
                       Eigen::Index axis, double lo, double hi, Eigen::Index n_points) {
  const Eigen::Index d = X.cols(), n = X.rows();
  if (axis < 0 || axis > d)
    bad("axis", "a parameter index from 0 to " + std::to_string(d) + " (" + std::to_string(d) + " is b), got " +
                    std::to_string(axis));
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi)) bad("range", "a range [lo, hi] of finite numbers with lo < hi");
  if (n_points < 2 || n_points > 4 * kMaxGrid)
    bad("size", "points from 2 to " + std::to_string(4 * kMaxGrid) + ", got " + std::to_string(n_points));
  Landscape out;
  out.x = grid(lo, hi, n_points);
  out.values.assign(static_cast<std::size_t>(n_points), std::numeric_limits<double>::quiet_NaN());
  if (n == 0) return out;
  const double c = param(at, axis);
  const Vector r = residuals(X, y, at);
  if (loss.kind == LossKind::squared) {
    const Quadratic q = quadratic(X, r, axis, axis);  // m_aa = m_ab = m_bb: use the a terms alone
    for (Eigen::Index i = 0; i < n_points; ++i) {
      const double da = out.x[i] - c;
      const double v = q.loss + q.g_a * da + q.m_aa * da * da / 2.0;
      out.values[static_cast<std::size_t>(i)] = v > 0 ? v : 0.0;
    }
    out.examples_used = n;
    return out;
  }
  const std::vector<Eigen::Index> rows = sample_rows(n, sample_cap(n_points));
  for (Eigen::Index i = 0; i < n_points; ++i) {
    const double da = out.x[i] - c;
    double sum = 0.0;
    for (const Eigen::Index k : rows) sum += loss.value(r[k] + column(X, k, axis) * da);
    out.values[static_cast<std::size_t>(i)] = sum / static_cast<double>(rows.size());
  }
  out.quadratic = false;
  out.examples_used = static_cast<Eigen::Index>(rows.size());
  return out;
}

Eigen::MatrixXd second_moments(const Matrix& X) {
  const Eigen::Index n = X.rows(), d = X.cols(), p = d + 1;
  Eigen::MatrixXd M = Eigen::MatrixXd::Zero(p, p);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index a = 0; a < p; ++a) {
      const double xa = column(X, i, a);
      for (Eigen::Index b = a; b < p; ++b) M(a, b) += xa * column(X, i, b);
    }
  for (Eigen::Index a = 0; a < p; ++a)
    for (Eigen::Index b = a; b < p; ++b) {
      M(a, b) /= static_cast<double>(n);
      M(b, a) = M(a, b);
    }
  return M;
}

Curvature curvature(const Matrix& X) {
  Curvature c;
  const double n = static_cast<double>(X.rows()), p = static_cast<double>(X.cols() + 1);
  if (X.rows() == 0) {
    c.reason = "there are no training examples";
    return c;
  }
  if (n * p * p > kAnalysisBudget || p * p * p > kAnalysisBudget / 5) {
    c.reason = "not computed for data this large: n (d+1)^2 = " + std::to_string(static_cast<long long>(n * p * p)) +
               " (at most 250,000,000, with d + 1 at most 368)";
    return c;
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(second_moments(X), Eigen::EigenvaluesOnly);
  if (eig.info() != Eigen::Success) {
    c.reason = "the eigenvalue solver did not converge";
    return c;
  }
  c.available = true;
  c.lambda_min = eig.eigenvalues()[0];
  c.lambda_max = eig.eigenvalues()[eig.eigenvalues().size() - 1];
  c.lr_limit = 2.0 / c.lambda_max;
  return c;
}

}  // namespace linreg
