// The model, loss and gradient: forward against Eigen, the squared loss by hand, the analytic
// gradient against central finite differences, clipping and the SGD update, the synthetic data
// and the initialization.
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "data.hpp"
#include "model.hpp"
#include "random.hpp"
#include "sgd.hpp"
#include "test_util.hpp"

namespace linreg {
namespace {

Config small_config(std::size_t d, std::int64_t num_train, std::uint64_t seed) {
  Config c;
  c.w.resize(d);
  for (std::size_t j = 0; j < d; ++j) c.w[j] = 1.5 - 0.7 * static_cast<double>(j);
  c.b = -0.8;
  c.noise = 0.3;
  c.num_train = num_train;
  c.num_val = 0;
  c.sigma = 1.0;  // a model far from the truth: large gradients
  c.seed = seed;
  return c;
}

double batch_loss(const LinearRegressionScratch& model, const Matrix& X, const Vector& y, const std::vector<int>& rows) {
  Vector yb(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) yb[static_cast<Eigen::Index>(k)] = y[rows[k]];
  return squared_loss(model.forward(X, &rows), yb);
}

TEST(Model, ForwardMatchesEigen) {
  const Config c = small_config(3, 50, 1);
  const auto data = SyntheticRegressionData::generate(c);
  const LinearRegressionScratch model(3, 1.0, 9);
  const Vector all = model.forward(data.X_train);
  const Vector expected = (data.X_train * model.w).array() + model.b;
  ASSERT_EQ(all.size(), 50);
  EXPECT_LT((all - expected).cwiseAbs().maxCoeff(), 1e-13);
  const std::vector<int> rows{49, 0, 7, 7};
  const Vector some = model.forward(data.X_train, &rows);
  ASSERT_EQ(some.size(), 4);
  for (Eigen::Index k = 0; k < 4; ++k) EXPECT_EQ(some[k], all[rows[static_cast<std::size_t>(k)]]);
}

TEST(Model, SquaredLossIsHalfTheMeanSquare) {
  Vector y_hat(3), y(3);
  y_hat << 1.0, 2.0, -1.0;
  y << 0.0, 4.0, -1.0;
  // ((1)^2 + (-2)^2 + 0) / 2 / 3 = 5/6
  EXPECT_DOUBLE_EQ(squared_loss(y_hat, y), 5.0 / 6.0);
  EXPECT_TRUE(std::isnan(squared_loss(Vector(0), Vector(0))));
  LinearRegressionScratch model;
  model.w = Vector::Zero(2);
  model.b = 0;
  EXPECT_TRUE(std::isnan(mean_loss(model, Matrix(0, 2), Vector(0))));
  Matrix X(2, 2);
  X << 1, 2, 3, 4;
  model.w << 1, 1;
  model.b = 1;  // predictions 4 and 8
  Vector t(2);
  t << 4, 10;
  EXPECT_DOUBLE_EQ(mean_loss(model, X, t), 1.0);  // (0 + 4) / 2 / 2
}

void expect_gradient_matches_finite_differences(std::size_t d, const std::vector<int>& rows, std::uint64_t seed) {
  const Config c = small_config(d, 100, seed);
  const auto data = SyntheticRegressionData::generate(c);
  LinearRegressionScratch model(static_cast<Eigen::Index>(d), 1.0, seed + 100);
  model.b = 0.37;
  const Vector y_hat = model.forward(data.X_train, &rows);
  Vector y(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) y[static_cast<Eigen::Index>(k)] = data.y_train[rows[k]];
  const Gradient g = squared_loss_gradient(data.X_train, rows, y_hat - y);
  ASSERT_EQ(g.w.size(), static_cast<Eigen::Index>(d));

  // The loss is quadratic in (w, b), so central differences have no truncation error: only
  // rounding, about eps * loss / h.
  const double h = 1e-4;
  auto fd = [&](auto&& perturb) {
    LinearRegressionScratch plus = model, minus = model;
    perturb(plus, +h);
    perturb(minus, -h);
    return (batch_loss(plus, data.X_train, data.y_train, rows) - batch_loss(minus, data.X_train, data.y_train, rows)) /
           (2 * h);
  };
  auto close = [](double analytic, double numeric) {
    return std::abs(analytic - numeric) <= 1e-6 * std::max(1.0, std::abs(numeric));
  };
  for (std::size_t j = 0; j < d; ++j) {
    const double numeric = fd([&](LinearRegressionScratch& m, double e) { m.w[static_cast<Eigen::Index>(j)] += e; });
    EXPECT_PRED2(close, g.w[static_cast<Eigen::Index>(j)], numeric) << "d = " << d << ", w[" << j << "], batch of " << rows.size();
  }
  const double numeric_b = fd([&](LinearRegressionScratch& m, double e) { m.b += e; });
  EXPECT_PRED2(close, g.b, numeric_b) << "d = " << d << ", b, batch of " << rows.size();
  // A gradient that is not trivially zero (the test could not tell otherwise).
  EXPECT_GT(g.norm(), 1e-2);
}

TEST(Gradient, MatchesFiniteDifferences) {
  std::vector<int> all(100);
  std::iota(all.begin(), all.end(), 0);
  const std::vector<int> full_batch(all.begin(), all.begin() + 32);
  const std::vector<int> short_batch(all.begin() + 96, all.end());  // the last 4 of 100 in batches of 32
  const std::vector<int> scattered{83, 2, 57, 57, 19, 0, 99};
  for (std::size_t d : {1u, 2u, 5u}) {
    for (const auto& rows : {std::vector<int>{42}, std::vector<int>{0}, full_batch, short_batch, scattered, all})
      expect_gradient_matches_finite_differences(d, rows, 10 + d);
  }
}

TEST(Gradient, MatchesTheMatrixFormula) {
  const Config c = small_config(5, 64, 3);
  const auto data = SyntheticRegressionData::generate(c);
  const std::vector<int> rows{5, 17, 63, 0, 32, 8, 40};
  Vector r(7);
  r << 0.5, -1.0, 2.0, 0.25, -0.75, 3.0, -2.5;
  const Gradient g = squared_loss_gradient(data.X_train, rows, r);
  Matrix XB(7, 5);
  for (int k = 0; k < 7; ++k) XB.row(k) = data.X_train.row(rows[static_cast<std::size_t>(k)]);
  const Vector expected = XB.transpose() * r / 7.0;
  EXPECT_LT((g.w - expected).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_NEAR(g.b, r.sum() / 7.0, 1e-15);
}

TEST(Gradient, NormIsTheGlobalL2Norm) {
  Gradient g;
  g.w = Vector(2);
  g.w << 3.0, 4.0;
  g.b = 12.0;
  EXPECT_EQ(g.norm(), 13.0);
  g.w = Vector::Zero(3);
  g.b = -2.0;
  EXPECT_EQ(g.norm(), 2.0);
}

TEST(Clip, ScalesToTheClipValueKeepingTheDirection) {
  Gradient g;
  g.w = Vector(2);
  g.w << 3.0, 4.0;
  g.b = 12.0;  // norm 13
  Gradient c = g;
  EXPECT_TRUE(clip_gradients(c, 6.5));
  EXPECT_NEAR(c.norm(), 6.5, 6.5 * 1e-15);
  EXPECT_DOUBLE_EQ(c.w[0], 1.5);
  EXPECT_DOUBLE_EQ(c.w[1], 2.0);
  EXPECT_DOUBLE_EQ(c.b, 6.0);

  Gradient same = g;
  EXPECT_FALSE(clip_gradients(same, 13.0));  // at the threshold: not clipped
  EXPECT_EQ(same.w, g.w);
  EXPECT_FALSE(clip_gradients(same, 100.0));
  EXPECT_FALSE(clip_gradients(same, 0.0));  // 0: off
  EXPECT_EQ(same.w, g.w);
  EXPECT_EQ(same.b, g.b);
}

TEST(Sgd, StepSubtractsLrTimesGradient) {
  LinearRegressionScratch m;
  m.w = Vector(2);
  m.w << 1.0, -2.0;
  m.b = 0.5;
  Gradient g;
  g.w = Vector(2);
  g.w << 0.5, 0.25;
  g.b = -1.0;
  SGD{0.1}.step(m, g);
  EXPECT_EQ(m.w[0], 1.0 - 0.1 * 0.5);
  EXPECT_EQ(m.w[1], -2.0 - 0.1 * 0.25);
  EXPECT_EQ(m.b, 0.5 - 0.1 * -1.0);
}

TEST(Init, NormalWeightsScaledBySigmaAndZeroBias) {
  const LinearRegressionScratch one(1000, 1.0, 5), two(1000, 2.0, 5), zero(1000, 0.0, 5), other(1000, 1.0, 6);
  EXPECT_EQ(one.b, 0.0);
  EXPECT_EQ(two.w, Vector(2.0 * one.w));  // exact: scaling by a power of two
  EXPECT_EQ(zero.w, Vector::Zero(1000));
  EXPECT_NE(one.w, other.w);
  EXPECT_NEAR(one.w.mean(), 0.0, 5 / std::sqrt(1000.0));
  EXPECT_NEAR(one.w.squaredNorm() / 1000, 1.0, 5 * std::sqrt(2.0 / 1000));
  // The init stream of the seed, independent of the data stream.
  Rng rng = make_rng(5, Stream::init);
  for (int j = 0; j < 1000; ++j) ASSERT_EQ(one.w[j], rng.normal());
}

TEST(Data, ShapesAndTheGeneratingModel) {
  Config c;
  c.w = {2.0, -3.4, 0.5};
  c.b = 4.2;
  c.noise = 0.0;
  c.num_train = 300;
  c.num_val = 200;
  const auto data = SyntheticRegressionData::generate(c);
  EXPECT_EQ(data.num_features(), 3);
  EXPECT_EQ(data.num_train(), 300);
  EXPECT_EQ(data.num_val(), 200);
  EXPECT_EQ(data.X_val.cols(), 3);
  EXPECT_EQ(data.y_val.size(), 200);
  EXPECT_EQ(data.b, 4.2);
  const Vector wv = Eigen::Map<const Vector>(c.w.data(), 3);
  EXPECT_EQ(data.w, wv);
  // noise = 0: y is exactly Xw + b up to rounding.
  EXPECT_LT(((data.X_train * wv).array() + 4.2 - data.y_train.array()).abs().maxCoeff(), 1e-13);
  EXPECT_LT(((data.X_val * wv).array() + 4.2 - data.y_val.array()).abs().maxCoeff(), 1e-13);
}

TEST(Data, FeaturesAreStandardNormalAndNoiseHasTheGivenStd) {
  Config c;
  c.w = {1.0, 2.0};
  c.b = -1.0;
  c.noise = 0.25;
  c.num_train = 20000;
  c.num_val = 5000;
  const auto data = SyntheticRegressionData::generate(c);
  const double n = 20000;
  for (int j = 0; j < 2; ++j) {
    EXPECT_NEAR(data.X_train.col(j).mean(), 0.0, 5 / std::sqrt(n));
    EXPECT_NEAR(data.X_train.col(j).squaredNorm() / n, 1.0, 5 * std::sqrt(2 / n));
  }
  // Correlation between the two features: about 0.
  EXPECT_NEAR(data.X_train.col(0).dot(data.X_train.col(1)) / n, 0.0, 5 / std::sqrt(n));
  const Vector wv = data.w;
  const Vector eps = data.y_train - ((data.X_train * wv).array() - 1.0).matrix();
  EXPECT_NEAR(eps.mean(), 0.0, 5 * 0.25 / std::sqrt(n));
  EXPECT_NEAR(std::sqrt(eps.squaredNorm() / n), 0.25, 5 * 0.25 / std::sqrt(2 * n));
  // The noise is independent of the features.
  EXPECT_NEAR(eps.dot(data.X_train.col(0)) / n, 0.0, 5 * 0.25 / std::sqrt(n));
}

TEST(Data, SameSeedSameBitsDifferentSeedDifferentData) {
  Config c;
  c.num_train = 200;
  c.num_val = 50;
  const auto a = SyntheticRegressionData::generate(c), b = SyntheticRegressionData::generate(c);
  EXPECT_TRUE(testing::bit_identical(a.X_train, b.X_train));
  EXPECT_TRUE(testing::bit_identical(a.y_train, b.y_train));
  EXPECT_TRUE(testing::bit_identical(a.X_val, b.X_val));
  EXPECT_TRUE(testing::bit_identical(a.y_val, b.y_val));
  c.seed = 1;
  const auto other = SyntheticRegressionData::generate(c);
  int equal = 0;
  for (Eigen::Index i = 0; i < 200; ++i) equal += other.X_train(i, 0) == a.X_train(i, 0);
  EXPECT_EQ(equal, 0);
}

}  // namespace
}  // namespace linreg
