#include "data.hpp"

#include "random.hpp"

namespace linreg {

SyntheticRegressionData SyntheticRegressionData::generate(const Config& c) {
  c.check();
  SyntheticRegressionData data;
  const Eigen::Index d = static_cast<Eigen::Index>(c.w.size());
  const Eigen::Index n_train = static_cast<Eigen::Index>(c.num_train);
  const Eigen::Index n_val = static_cast<Eigen::Index>(c.num_val);
  const Eigen::Index n = n_train + n_val;
  data.w = Eigen::Map<const Vector>(c.w.data(), d);
  data.b = c.b;
  data.noise = c.noise;

  Rng rng = make_rng(c.seed, Stream::data);
  Matrix X(n, d);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < d; ++j) X(i, j) = rng.normal();
  Vector y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    double dot = 0.0;  // fixed left-to-right order: same bits on every platform
    for (Eigen::Index j = 0; j < d; ++j) dot += X(i, j) * data.w[j];
    y[i] = dot + c.b + c.noise * rng.normal();
  }
  data.X_train = X.topRows(n_train);
  data.y_train = y.head(n_train);
  data.X_val = X.bottomRows(n_val);
  data.y_val = y.tail(n_val);
  return data;
}

}  // namespace linreg
