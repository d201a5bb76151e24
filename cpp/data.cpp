#include "data.hpp"

#include "random.hpp"

namespace linreg {

SyntheticRegressionData SyntheticRegressionData::generate(const Config& c) {
  c.check();
  SyntheticRegressionData data;
  const Eigen::Index d = static_cast<Eigen::Index>(c.w.size());
  data.w = Eigen::Map<const Vector>(c.w.data(), d);
  data.b = c.b;
  data.noise = c.noise;

  // The stream draws all of X row by row (the training rows first), then the noise of every
  // label in the same order. Both sets are filled in place (no copy of the whole X).
  Rng rng = make_rng(c.seed, Stream::data);
  auto draw_features = [&](Matrix& X, std::int64_t rows) {
    X.resize(static_cast<Eigen::Index>(rows), d);
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = rng.normal();  // row-major: row by row
  };
  auto draw_labels = [&](const Matrix& X, Vector& y) {
    y.resize(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      double dot = 0.0;  // fixed left-to-right order: same bits on every platform
      for (Eigen::Index j = 0; j < d; ++j) dot += X(i, j) * data.w[j];
      y[i] = dot + c.b + c.noise * rng.normal();
    }
  };
  draw_features(data.X_train, c.num_train);
  draw_features(data.X_val, c.num_val);
  draw_labels(data.X_train, data.y_train);
  draw_labels(data.X_val, data.y_val);
  return data;
}

}  // namespace linreg
