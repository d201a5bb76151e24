// The loss landscape, the full-batch gradient, the learning-rate limit 2 / lambda_max and the
// learning-rate sweep, each against an independent computation (direct evaluation of the loss,
// finite differences, Eigen's eigenvalues of an explicitly built A^T A, separate runs).
#include <cmath>
#include <vector>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include "config.hpp"
#include "landscape.hpp"
#include "losses.hpp"
#include "sweep.hpp"
#include "test_util.hpp"
#include "trainer.hpp"

namespace linreg {
namespace {

using testing::bit_identical;
using testing::config_error;

Config data_config(std::vector<double> w = {2.0, -3.4}) {
  Config c;
  c.w = std::move(w);
  c.num_train = 300;
  c.num_val = 10;
  c.noise = 0.5;
  return c;
}

LinearRegressionScratch point(Vector w, double b) {
  LinearRegressionScratch m;
  m.w = std::move(w);
  m.b = b;
  return m;
}

double direct_loss(const SyntheticRegressionData& d, const LossFunction& loss, const LinearRegressionScratch& m) {
  double sum = 0;
  for (Eigen::Index i = 0; i < d.num_train(); ++i) sum += loss.value(d.X_train.row(i).dot(m.w) + m.b - d.y_train[i]);
  return sum / static_cast<double>(d.num_train());
}

TEST(Landscape, QuadraticSurfaceEqualsTheLossAtEveryGridPoint) {
  const Config c = data_config({2.0, -3.4, 0.7});
  const Trainer t(c);
  const auto& d = t.data();
  const LossFunction squared;
  const LinearRegressionScratch at = point((Vector(3) << 0.5, -1.0, 0.2).finished(), 1.5);
  // Every pair of parameters, the bias included (index 3).
  for (Eigen::Index a = 0; a <= 3; ++a)
    for (Eigen::Index b = 0; b <= 3; ++b) {
      if (a == b) continue;
      LandscapeSpec s;
      s.axis_x = a, s.axis_y = b, s.x_lo = -4, s.x_hi = 5, s.y_lo = -6, s.y_hi = 3, s.nx = 7, s.ny = 5;
      const Landscape L = loss_landscape(d.X_train, d.y_train, squared, at, s);
      ASSERT_EQ(L.values.size(), 35u);
      EXPECT_TRUE(L.quadratic);
      EXPECT_EQ(L.examples_used, 300);
      EXPECT_EQ(L.x.front(), -4.0);
      EXPECT_EQ(L.x.back(), 5.0);
      for (int j = 0; j < 5; ++j)
        for (int i = 0; i < 7; ++i) {
          LinearRegressionScratch p = at;
          (a < 3 ? p.w[a] : p.b) = L.x[i];
          (b < 3 ? p.w[b] : p.b) = L.y[j];
          const double expected = direct_loss(d, squared, p);
          EXPECT_NEAR(L.values[static_cast<std::size_t>(j * 7 + i)], expected, 1e-11 * (1 + expected))
              << "axes " << a << "," << b << " at " << i << "," << j;
        }
    }
}

TEST(Landscape, AbsoluteAndHuberSurfacesAreEvaluatedDirectly) {
  const Trainer t(data_config());
  const auto& d = t.data();
  const LinearRegressionScratch at = point((Vector(2) << 1.0, -1.0).finished(), 0.5);
  for (const LossFunction loss : {LossFunction{LossKind::absolute, 1}, LossFunction{LossKind::huber, 0.3}}) {
    LandscapeSpec s;
    s.axis_x = 0, s.axis_y = 2, s.x_lo = 0, s.x_hi = 4, s.y_lo = 2, s.y_hi = 6, s.nx = 4, s.ny = 3;
    const Landscape L = loss_landscape(d.X_train, d.y_train, loss, at, s);
    EXPECT_FALSE(L.quadratic);
    EXPECT_EQ(L.examples_used, 300);  // all of them: fewer than kMaxSurfaceExamples
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 4; ++i) {
        LinearRegressionScratch p = at;
        p.w[0] = L.x[i];
        p.b = L.y[j];
        EXPECT_NEAR(L.values[static_cast<std::size_t>(j * 4 + i)], direct_loss(d, loss, p), 1e-12);
      }
  }
}

TEST(Landscape, ProfileAlongBIsTheLossAlongB) {
  const Trainer t(data_config());
  const auto& d = t.data();
  const LinearRegressionScratch at = point((Vector(2) << 1.0, -2.0).finished(), 0.0);
  const Landscape P = loss_profile(d.X_train, d.y_train, LossFunction{}, at, 2, -1.0, 9.0, 11);
  ASSERT_EQ(P.values.size(), 11u);
  for (int i = 0; i < 11; ++i) {
    LinearRegressionScratch p = at;
    p.b = P.x[i];
    EXPECT_NEAR(P.values[static_cast<std::size_t>(i)], direct_loss(d, LossFunction{}, p), 1e-11);
  }
  const Landscape H = loss_profile(d.X_train, d.y_train, LossFunction{LossKind::huber, 1}, at, 0, -1.0, 1.0, 5);
  EXPECT_FALSE(H.quadratic);
}

TEST(Landscape, SpecMessages) {
  const Trainer t(data_config());
  const auto& d = t.data();
  const LinearRegressionScratch at = t.model();
  auto msg = [&](LandscapeSpec s) { return config_error([&] { loss_landscape(d.X_train, d.y_train, LossFunction{}, at, s); }); };
  LandscapeSpec s;
  s.axis_x = 3;
  EXPECT_EQ(msg(s), "'axes' must be a parameter index from 0 to 2 (2 is b), got 3");
  s = LandscapeSpec{};
  s.axis_y = 0;
  EXPECT_EQ(msg(s), "'axes' must be two different parameters, got 0 twice");
  s = LandscapeSpec{};
  s.x_lo = 2, s.x_hi = 1;
  EXPECT_EQ(msg(s), "'x' must be a range [lo, hi] of finite numbers with lo < hi");
  s = LandscapeSpec{};
  s.nx = 1;
  EXPECT_EQ(msg(s), "'size' must be grid points per axis from 2 to 401, got 1 x 41");
}

TEST(FullBatch, LossAndGradientMatchFiniteDifferences) {
  const Trainer t(data_config({0.5, 1.5, -2.0}));
  const auto& d = t.data();
  const LinearRegressionScratch at = point((Vector(3) << 0.1, 0.2, 0.3).finished(), -0.4);
  for (const LossFunction loss : {LossFunction{}, LossFunction{LossKind::absolute, 1}, LossFunction{LossKind::huber, 2}}) {
    const FullBatch fb = full_batch(d.X_train, d.y_train, loss, at);
    EXPECT_NEAR(fb.loss, direct_loss(d, loss, at), 1e-12);
    const double h = 1e-6;
    for (Eigen::Index j = 0; j <= 3; ++j) {
      LinearRegressionScratch p = at, m = at;
      (j < 3 ? p.w[j] : p.b) += h;
      (j < 3 ? m.w[j] : m.b) -= h;
      const double fd = (direct_loss(d, loss, p) - direct_loss(d, loss, m)) / (2 * h);
      EXPECT_NEAR(j < 3 ? fb.grad.w[j] : fb.grad.b, fd, 1e-6) << loss_name(loss.kind) << " parameter " << j;
    }
  }
}

TEST(Curvature, EigenvaluesOfTheSecondMomentMatrixWithTheBiasColumn) {
  Config c = data_config({1.0, 2.0, 3.0});
  const Trainer t(c);
  const auto& X = t.data().X_train;
  Eigen::MatrixXd A(X.rows(), 4);
  A.leftCols(3) = X;
  A.col(3).setOnes();
  const Eigen::MatrixXd M = A.transpose() * A / static_cast<double>(X.rows());
  EXPECT_LT((second_moments(X) - M).cwiseAbs().maxCoeff(), 1e-12);
  const Eigen::VectorXd ev = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(M).eigenvalues();
  const Curvature k = curvature(X);
  ASSERT_TRUE(k.available);
  EXPECT_NEAR(k.lambda_max, ev[3], 1e-12);
  EXPECT_NEAR(k.lambda_min, ev[0], 1e-12);
  EXPECT_DOUBLE_EQ(k.lr_limit, 2.0 / k.lambda_max);
  // Standard normal features: M is close to the identity.
  EXPECT_NEAR(k.lambda_max, 1.0, 0.3);
}

// Full-batch gradient descent (batch_size = num_train) just below the limit converges, just above
// it diverges: the limit is where the theory puts it.
TEST(Curvature, FullBatchGradientDescentConvergesBelowTheLimitAndDivergesAbove) {
  Config c = data_config();
  c.batch_size = c.num_train;
  c.max_epochs = 2000;
  const double limit = curvature(Trainer(c).data().X_train).lr_limit;
  c.lr = 0.97 * limit;
  Trainer below(c);
  below.fit();
  EXPECT_FALSE(below.diverged());
  EXPECT_LT(below.epoch_history().back().train_loss, below.epoch_history().front().train_loss);
  c.lr = 1.03 * limit;
  Trainer above(c);
  above.fit();
  EXPECT_TRUE(above.diverged() || above.epoch_history().back().train_loss > 1e6);
}

TEST(Curvature, OhmsLawIsIllConditioned) {
  Config c;
  c.dataset = DatasetKind::ohm;
  const Curvature k = curvature(Trainer(c).data().X_train);
  ASSERT_TRUE(k.available);
  // U ~ Uniform(0, 10): M is about [[33.3, 5], [5, 1]], eigenvalues about 34.1 and 0.24.
  EXPECT_NEAR(k.lambda_max, 34.1, 1.5);
  EXPECT_NEAR(k.lambda_min, 0.245, 0.05);
  EXPECT_NEAR(k.lr_limit, 0.0587, 0.003);
}

TEST(Curvature, NotComputedBeyondTheBudget) {
  Matrix X = Matrix::Zero(10, 400);
  const Curvature k = curvature(X);
  EXPECT_FALSE(k.available);
  EXPECT_NE(k.reason.find("not computed for data this large"), std::string::npos);
}

TEST(Sweep, EachRunIsTheRunOfThatLearningRate) {
  Config c = data_config();
  c.max_epochs = 2;
  const std::vector<double> lrs{0.01, 0.1, 60.0, 1e20};
  const std::vector<SweepRun> runs = lr_sweep(c, lrs);
  ASSERT_EQ(runs.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    Config one = c;
    one.lr = lrs[k];
    Trainer t(one);
    t.fit();
    EXPECT_EQ(runs[k].lr, lrs[k]);
    EXPECT_EQ(runs[k].diverged_step, t.diverged_step());
    EXPECT_TRUE(bit_identical(runs[k].w, t.model().w));
    if (!t.diverged()) {
      EXPECT_TRUE(bit_identical(runs[k].final_train_loss, t.epoch_history().back().train_loss));
      EXPECT_EQ(runs[k].epoch_train_loss.size(), 2u);
    }
  }
  EXPECT_GT(runs[0].final_train_loss, runs[1].final_train_loss);  // faster with a larger lr
  EXPECT_FALSE(runs[0].diverged || runs[1].diverged);
  EXPECT_TRUE(runs[2].diverged);  // far above 2 / lambda_max: the loss grows (still finite here)
  EXPECT_EQ(runs[2].diverged_step, 0);
  EXPECT_GT(runs[2].final_train_loss, 1e10 * runs[2].initial_train_loss);
  EXPECT_TRUE(runs[3].diverged);  // and overflows
  EXPECT_GT(runs[3].diverged_step, 0);
  EXPECT_TRUE(std::isnan(runs[3].final_train_loss));
  EXPECT_TRUE(bit_identical(runs[0].initial_train_loss, runs[3].initial_train_loss));  // the same start
}

TEST(Sweep, Messages) {
  const Config c;
  EXPECT_EQ(config_error([&] { lr_sweep(c, {}); }), "'lrs' must be a list of 1 to 100 learning rates, got a list of 0");
  EXPECT_EQ(config_error([&] { lr_sweep(c, {0.1, -1}); }), "'lrs' must be a list of finite numbers > 0, got lrs[1] = -1");
  EXPECT_EQ(config_error([&] { lr_sweep(c, {NAN}); }), "'lrs' must be a list of finite numbers > 0, got lrs[0] = null");
  EXPECT_EQ(config_error([&] { lr_sweep(c, std::vector<double>(101, 0.1)); }),
            "'lrs' must be a list of 1 to 100 learning rates, got a list of 101");
}

}  // namespace
}  // namespace linreg
