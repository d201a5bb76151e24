#include "datasets.hpp"

#include "random.hpp"

namespace linreg {

SyntheticRegressionData make_dataset(const Config& c) {
  SyntheticRegressionData data =
      c.dataset == DatasetKind::ohm ? ohm_dataset(c) : SyntheticRegressionData::generate(c);
  apply_outlier(c, data);
  return data;
}

SyntheticRegressionData ohm_dataset(const Config& c) {
  c.check();
  constexpr double kMaxVolts = 10.0;
  SyntheticRegressionData data;
  data.w = Vector::Constant(1, 1.0 / c.resistance);
  data.b = 0.0;
  data.noise = c.noise;
  Rng rng = make_rng(c.seed, Stream::data);
  auto draw_voltages = [&](Matrix& X, std::int64_t rows) {
    X.resize(static_cast<Eigen::Index>(rows), 1);
    for (Eigen::Index i = 0; i < X.rows(); ++i) X(i, 0) = kMaxVolts * rng.uniform();
  };
  auto draw_currents = [&](const Matrix& X, Vector& y) {
    y.resize(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      const double dot = 0.0 + X(i, 0) * data.w[0];  // as the synthetic data's x . w + b
      y[i] = dot + data.b + c.noise * rng.normal();
    }
  };
  draw_voltages(data.X_train, c.num_train);
  draw_voltages(data.X_val, c.num_val);
  draw_currents(data.X_train, data.y_train);
  draw_currents(data.X_val, data.y_val);
  return data;
}

void apply_outlier(const Config& c, SyntheticRegressionData& data) {
  if (c.outlier && c.outlier->index < data.y_train.size()) data.y_train[c.outlier->index] = c.outlier->value;
}

}  // namespace linreg
