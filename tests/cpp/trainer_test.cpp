// The trainer: the book's results, agreement with the least-squares solution, minibatch layout,
// gradient clipping, determinism and reset, mid-run learning-rate changes, errors and divergence,
// and the contents of every Minibatch checked against an independent recomputation.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include "config.hpp"
#include "test_util.hpp"
#include "trainer.hpp"

namespace linreg {
namespace {

using testing::bit_identical;
using testing::param_error;

Config small(std::int64_t num_train = 100, std::int64_t batch_size = 16, std::int64_t max_epochs = 3) {
  Config c;
  c.num_train = num_train;
  c.num_val = 20;
  c.batch_size = batch_size;
  c.max_epochs = max_epochs;
  return c;
}

// The least-squares (w, b) of the training set with per-example weights, solved with a
// column-pivoting QR of the design matrix [X 1] (no normal equations, no inverse).
Eigen::VectorXd least_squares(const SyntheticRegressionData& data, const Eigen::VectorXd& weights) {
  const Eigen::Index n = data.num_train(), d = data.num_features();
  Eigen::MatrixXd A(n, d + 1);
  A.leftCols(d) = data.X_train;
  A.col(d).setOnes();
  const Eigen::VectorXd s = weights.cwiseSqrt();
  const Eigen::MatrixXd As = s.asDiagonal() * A;
  const Eigen::VectorXd ys = s.asDiagonal() * data.y_train;
  return As.colPivHouseholderQr().solve(ys);
}

Eigen::VectorXd least_squares(const SyntheticRegressionData& data) {
  return least_squares(data, Eigen::VectorXd::Ones(data.num_train()));
}

Eigen::VectorXd params(const Vector& w, double b) {
  Eigen::VectorXd p(w.size() + 1);
  p << w, b;
  return p;
}

// --- the book's results ------------------------------------------------------------------

TEST(Book, FirstEditionRunConverges) {
  Trainer t(preset("book-v1"));
  EXPECT_EQ(t.fit(), 3 * 100);
  ASSERT_TRUE(t.finished());
  ASSERT_FALSE(t.diverged());
  const double final_loss = mean_loss(t.model(), t.data().X_train, t.data().y_train);
  EXPECT_LT(final_loss, 1e-4);  // noise 0.01: the floor is about 0.01^2 / 2 = 5e-5
  EXPECT_GT(final_loss, 1e-5);
  EXPECT_EQ(t.epoch_history().back().train_loss, final_loss);
  for (Eigen::Index j = 0; j < t.error_w().size(); ++j) EXPECT_LT(std::abs(t.error_w()[j]), 0.01);
  EXPECT_LT(std::abs(t.error_b()), 0.01);
  for (const auto& e : t.epoch_history()) EXPECT_TRUE(std::isnan(e.val_loss));  // num_val = 0
}

TEST(Book, ErrorsShrinkEveryEpoch) {
  Trainer t(preset("book"));
  const auto& d = t.data();
  double previous = param_error(d.w, d.b, t.model().w, t.model().b);
  double previous_loss = mean_loss(t.model(), d.X_train, d.y_train);
  EXPECT_GT(previous, 5.0);  // starts near w = 0, b = 0: |(2, -3.4, 4.2)| = 5.76
  for (int epoch = 1; epoch <= 3; ++epoch) {
    EXPECT_EQ(t.fit_epoch(), 32);
    const double error = param_error(d.w, d.b, t.model().w, t.model().b);
    EXPECT_LT(error, previous) << "epoch " << epoch;
    EXPECT_EQ(error, std::sqrt(t.error_w().squaredNorm() + t.error_b() * t.error_b()));
    const auto& e = t.epoch_history().back();
    EXPECT_EQ(e.epoch, epoch);
    EXPECT_LT(e.train_loss, previous_loss);
    EXPECT_TRUE(std::isfinite(e.val_loss));
    previous = error;
    previous_loss = e.train_loss;
  }
  EXPECT_TRUE(t.finished());
  // 96 steps at lr 0.03 leave errors of about 0.1-0.2 per parameter, as the book reports.
  EXPECT_LT(previous, 0.5);
}

// --- agreement with the closed-form least-squares solution --------------------------------

// Trains with a learning rate decaying geometrically from 0.03 to 1e-5 over `epochs` epochs, so
// that SGD's iterates settle on the minimizer instead of hovering around it.
Trainer train_decaying(Config c, int epochs) {
  c.max_epochs = epochs;
  Trainer t(c);
  for (int e = 0; e < epochs; ++e) {
    t.set_lr(0.03 * std::pow(1e-5 / 0.03, static_cast<double>(e) / (epochs - 1)));
    t.fit_epoch();
  }
  EXPECT_TRUE(t.finished());
  return t;
}

Config noisy(bool shuffle, std::int64_t batch_size, std::uint64_t seed) {
  Config c;
  c.noise = 0.5;  // the least-squares solution differs visibly from the true parameters
  c.num_train = 1000;
  c.num_val = 0;
  c.batch_size = batch_size;
  c.shuffle = shuffle;
  c.seed = seed;
  return c;
}

void expect_matches_least_squares(const Trainer& t, const Eigen::VectorXd& ls, double tol) {
  const Eigen::VectorXd p = params(t.model().w, t.model().b);
  const Eigen::VectorXd truth = params(t.data().w, t.data().b);
  EXPECT_LT((p - ls).cwiseAbs().maxCoeff(), tol) << "trained " << p.transpose() << ", least squares "
                                                  << ls.transpose();
  // Meaningful only if the least-squares solution is far from the truth compared with tol.
  EXPECT_GT((ls - truth).cwiseAbs().maxCoeff(), 5 * tol);
}

TEST(ClosedForm, FullBatchGradientDescentReachesLeastSquares) {
  Config c = noisy(true, 1000, 3);
  c.lr = 0.5;
  c.max_epochs = 300;
  Trainer t(c);
  t.fit();
  expect_matches_least_squares(t, least_squares(t.data()), 1e-10);
}

TEST(ClosedForm, ShuffledMinibatchesReachLeastSquares) {
  for (std::uint64_t seed : {0u, 1u}) {
    const Trainer t = train_decaying(noisy(true, 25, seed), 1000);
    expect_matches_least_squares(t, least_squares(t.data()), 5e-5);
  }
}

TEST(ClosedForm, BookBatchSizeWithShortLastBatch) {
  // With a short last batch, each shuffled example has the same expected weight, so the limit is
  // still least squares, with some residual noise from the random short batch.
  const Trainer t = train_decaying(noisy(true, 32, 2), 1000);
  expect_matches_least_squares(t, least_squares(t.data()), 1e-3);
}

TEST(ClosedForm, WithoutShuffling) {
  for (std::uint64_t seed : {0u, 1u}) {
    const Trainer t = train_decaying(noisy(false, 25, seed), 1000);
    expect_matches_least_squares(t, least_squares(t.data()), 3e-4);
  }
}

TEST(ClosedForm, WithoutShufflingTheShortBatchWeighsMore) {
  // Fixed order, 1000 = 31 * 32 + 8: the last 8 rows always form their own minibatch, whose mean
  // loss gives each of them weight 1/8 against 1/32: the limit is weighted least squares.
  const Trainer t = train_decaying(noisy(false, 32, 0), 1000);
  Eigen::VectorXd weights = Eigen::VectorXd::Ones(1000);
  weights.tail(8).setConstant(4.0);
  const Eigen::VectorXd wls = least_squares(t.data(), weights), ls = least_squares(t.data());
  const Eigen::VectorXd p = params(t.model().w, t.model().b);
  EXPECT_LT((p - wls).cwiseAbs().maxCoeff(), 3e-4);
  EXPECT_GT((p - ls).cwiseAbs().maxCoeff(), 1e-3);
}

// --- minibatches ------------------------------------------------------------------------

// Runs every step of `t`, checking that each epoch's minibatches cover each row exactly once.
std::vector<std::vector<std::size_t>> batch_sizes_per_epoch(Trainer& t) {
  std::vector<std::vector<std::size_t>> sizes;
  std::vector<int> seen;
  while (!t.finished()) {
    const Minibatch& mb = t.step();
    if (mb.batch == 0) {
      sizes.emplace_back();
      seen.assign(static_cast<std::size_t>(t.config().num_train), 0);
    }
    sizes.back().push_back(mb.indices.size());
    for (int i : mb.indices) {
      EXPECT_GE(i, 0);
      EXPECT_LT(i, t.config().num_train);
      ++seen[static_cast<std::size_t>(i)];
    }
    if (mb.batch + 1 == t.num_batches()) {
      for (std::size_t i = 0; i < seen.size(); ++i) {
        EXPECT_EQ(seen[i], 1) << "row " << i << ", epoch " << mb.epoch;
      }
    }
  }
  return sizes;
}

TEST(Batches, BookLayout) {
  Config c;  // 1000 examples in batches of 32
  Trainer t(c);
  EXPECT_EQ(t.num_batches(), 32);
  const auto sizes = batch_sizes_per_epoch(t);
  ASSERT_EQ(sizes.size(), 3u);
  for (const auto& epoch : sizes) {
    ASSERT_EQ(epoch.size(), 32u);
    for (std::size_t k = 0; k < 31; ++k) EXPECT_EQ(epoch[k], 32u);
    EXPECT_EQ(epoch[31], 8u);
  }
  EXPECT_EQ(t.examples_seen(), 3000);
  EXPECT_EQ(t.global_step(), 96);
}

TEST(Batches, DividingBatchSizeHasNoShortBatch) {
  Config c;
  c.batch_size = 25;
  Trainer t(c);
  EXPECT_EQ(t.num_batches(), 40);
  for (const auto& epoch : batch_sizes_per_epoch(t)) {
    ASSERT_EQ(epoch.size(), 40u);
    for (std::size_t s : epoch) EXPECT_EQ(s, 25u);
  }
}

TEST(Batches, BatchLargerThanTheDataIsOneBatch) {
  Config c = small(100, 1000, 2);
  Trainer t(c);
  EXPECT_EQ(t.num_batches(), 1);
  const auto sizes = batch_sizes_per_epoch(t);
  ASSERT_EQ(sizes.size(), 2u);
  for (const auto& epoch : sizes) EXPECT_EQ(epoch, std::vector<std::size_t>{100});
}

TEST(Batches, SingleExampleBatches) {
  Trainer t(small(10, 1, 2));
  const auto sizes = batch_sizes_per_epoch(t);
  ASSERT_EQ(sizes.size(), 2u);
  EXPECT_EQ(sizes[0], std::vector<std::size_t>(10, 1));
}

TEST(Batches, ShuffledOrderChangesEveryEpochAndFixedOrderDoesNot) {
  Config c = small(200, 50, 3);
  Trainer shuffled(c);
  c.shuffle = false;
  Trainer fixed(c);
  std::vector<std::vector<int>> orders;
  for (int e = 0; e < 3; ++e) {
    std::vector<int> order, in_order;
    for (int k = 0; k < 4; ++k) {
      const Minibatch& a = shuffled.step();
      order.insert(order.end(), a.indices.begin(), a.indices.end());
      const Minibatch& b = fixed.step();
      in_order.insert(in_order.end(), b.indices.begin(), b.indices.end());
    }
    std::vector<int> iota(200);
    std::iota(iota.begin(), iota.end(), 0);
    EXPECT_EQ(in_order, iota);
    EXPECT_NE(order, iota);
    EXPECT_EQ(shuffled.order(), order);
    orders.push_back(order);
  }
  EXPECT_NE(orders[0], orders[1]);
  EXPECT_NE(orders[1], orders[2]);
}

TEST(Batches, FitEpochFinishesTheCurrentEpoch) {
  Trainer t(small(100, 16, 3));  // 7 batches per epoch
  EXPECT_TRUE(t.order().empty());
  for (int k = 0; k < 5; ++k) t.step();
  EXPECT_EQ(t.batch_in_epoch(), 5);
  EXPECT_EQ(t.fit_epoch(), 2);
  EXPECT_EQ(t.epoch(), 1);
  EXPECT_EQ(t.batch_in_epoch(), 0);
  EXPECT_EQ(t.fit_epoch(), 7);
  EXPECT_EQ(t.fit(), 7);
  EXPECT_TRUE(t.finished());
  EXPECT_EQ(t.global_step(), 21);
}

// --- clipping --------------------------------------------------------------------------

// The unclipped gradient of a step, recomputed with Eigen from the step's own record.
void raw_gradient(const Trainer& t, const Minibatch& mb, Vector& gw, double& gb) {
  const auto m = static_cast<Eigen::Index>(mb.indices.size());
  const Eigen::Index d = t.data().num_features();
  Eigen::MatrixXd XB(m, d);
  Eigen::VectorXd yB(m);
  for (Eigen::Index k = 0; k < m; ++k) {
    XB.row(k) = t.data().X_train.row(mb.indices[static_cast<std::size_t>(k)]);
    yB[k] = t.data().y_train[mb.indices[static_cast<std::size_t>(k)]];
  }
  const Eigen::VectorXd r = (XB * mb.w_before).array() + mb.b_before - yB.array();
  gw = XB.transpose() * r / static_cast<double>(m);
  gb = r.sum() / static_cast<double>(m);
}

TEST(Clipping, AppliedGradientNormIsAtMostTheClipValue) {
  Config c;
  c.gradient_clip_val = 1.0;
  c.lr = 0.1;
  c.max_epochs = 5;
  Trainer t(c);
  int clipped = 0, unclipped = 0;
  while (!t.finished()) {
    const Minibatch& mb = t.step();
    Vector gw;
    double gb;
    raw_gradient(t, mb, gw, gb);
    const double raw_norm = std::sqrt(gw.squaredNorm() + gb * gb);
    ASSERT_NEAR(mb.grad_norm, raw_norm, 1e-12 * raw_norm);
    ASSERT_LE(mb.grad.norm(), 1.0 * (1 + 1e-12));
    ASSERT_EQ(mb.clipped, mb.grad_norm > 1.0) << "step " << mb.step;
    if (mb.clipped) {
      ++clipped;
      // Same direction, length exactly the clip value.
      EXPECT_NEAR(mb.grad.norm(), 1.0, 1e-12);
      const double scale = 1.0 / raw_norm;
      EXPECT_LT((mb.grad.w - gw * scale).cwiseAbs().maxCoeff(), 1e-12);
      EXPECT_NEAR(mb.grad.b, gb * scale, 1e-12);
    } else {
      ++unclipped;
      EXPECT_LT((mb.grad.w - gw).cwiseAbs().maxCoeff(), 1e-12);
      EXPECT_NEAR(mb.grad.b, gb, 1e-12);
    }
    // The update used the clipped gradient.
    for (Eigen::Index j = 0; j < mb.w_after.size(); ++j)
      ASSERT_EQ(mb.w_after[j], mb.w_before[j] - mb.lr * mb.grad.w[j]);
    ASSERT_EQ(mb.b_after, mb.b_before - mb.lr * mb.grad.b);
  }
  // Both regimes occurred: large gradients far from the optimum, small ones near it.
  EXPECT_GT(clipped, 10);
  EXPECT_GT(unclipped, 10);
}

TEST(Clipping, ZeroTurnsItOff) {
  Config c;
  c.lr = 0.3;  // large steps, large gradients
  Trainer off(c);
  bool large_seen = false;
  while (!off.finished()) {
    const Minibatch& mb = off.step();
    EXPECT_FALSE(mb.clipped);
    EXPECT_EQ(mb.grad.norm(), mb.grad_norm);
    large_seen = large_seen || mb.grad_norm > 1.0;
  }
  EXPECT_TRUE(large_seen);
}

TEST(Clipping, SetMidRunAppliesFromTheNextStep) {
  Trainer t(Config{});
  const Minibatch first = t.step();
  EXPECT_FALSE(first.clipped);
  EXPECT_GT(first.grad_norm, 0.5);
  t.set_gradient_clip_val(0.5);
  const Minibatch& second = t.step();
  EXPECT_TRUE(second.clipped);
  EXPECT_NEAR(second.grad.norm(), 0.5, 1e-12);
  t.set_gradient_clip_val(0.0);
  EXPECT_FALSE(t.step().clipped);
}

// --- determinism, reset, independent streams, set_lr ----------------------------------------

void expect_identical_runs(Trainer& a, Trainer& b) {
  ASSERT_TRUE(bit_identical(a.data().X_train, b.data().X_train));
  ASSERT_TRUE(bit_identical(a.data().y_train, b.data().y_train));
  ASSERT_TRUE(bit_identical(a.data().X_val, b.data().X_val));
  ASSERT_TRUE(bit_identical(a.data().y_val, b.data().y_val));
  ASSERT_TRUE(bit_identical(a.model().w, b.model().w));
  ASSERT_EQ(a.model().b, b.model().b);
  while (!a.finished()) {
    const Minibatch& x = a.step();
    const Minibatch& y = b.step();
    ASSERT_EQ(x.indices, y.indices);
    ASSERT_TRUE(bit_identical(x.loss, y.loss)) << "step " << x.step;
    ASSERT_TRUE(bit_identical(x.w_after, y.w_after)) << "step " << x.step;
    ASSERT_TRUE(bit_identical(x.b_after, y.b_after)) << "step " << x.step;
    ASSERT_TRUE(bit_identical(x.grad.w, y.grad.w));
  }
  ASSERT_TRUE(b.finished());
  ASSERT_EQ(a.epoch_history().size(), b.epoch_history().size());
  for (std::size_t e = 0; e < a.epoch_history().size(); ++e) {
    EXPECT_TRUE(bit_identical(a.epoch_history()[e].train_loss, b.epoch_history()[e].train_loss));
    EXPECT_TRUE(bit_identical(a.epoch_history()[e].val_loss, b.epoch_history()[e].val_loss));
  }
}

TEST(Determinism, SameSeedBitIdenticalRuns) {
  for (std::uint64_t seed : {0u, 7u, 123456789u}) {
    Config c;
    c.seed = seed;
    Trainer a(c), b(c);
    expect_identical_runs(a, b);
  }
}

TEST(Determinism, ResetReproducesTheRun) {
  const Config c = small(100, 16, 3);
  Trainer t(c);
  for (int k = 0; k < 10; ++k) t.step();
  t.reset();
  EXPECT_EQ(t.global_step(), 0);
  EXPECT_EQ(t.epoch(), 0);
  EXPECT_EQ(t.examples_seen(), 0);
  EXPECT_FALSE(t.last().has_value());
  EXPECT_TRUE(t.step_history().empty());
  Trainer fresh(c);
  expect_identical_runs(t, fresh);
  // Also after finishing.
  t.reset();
  Trainer fresh2(c);
  expect_identical_runs(t, fresh2);
}

TEST(Determinism, ResetWithANewSeed) {
  const Config c = small(100, 16, 2);
  Trainer t(c);
  const Matrix X0 = t.data().X_train;
  const Vector w0 = t.initial_model().w;
  t.fit();
  t.reset(99);
  EXPECT_EQ(t.config().seed, 99u);
  EXPECT_EQ(t.global_step(), 0);
  EXPECT_NE(t.data().X_train(0, 0), X0(0, 0));
  EXPECT_NE(t.data().X_train, X0);
  EXPECT_NE(t.initial_model().w, w0);
  EXPECT_EQ(t.model().w, t.initial_model().w);
  Config c99 = c;
  c99.seed = 99;
  Trainer fresh(c99);
  expect_identical_runs(t, fresh);
}

TEST(Determinism, DifferentSeedsDifferentData) {
  Config c = small();
  Trainer a(c);
  c.seed = 1;
  Trainer b(c);
  for (Eigen::Index i = 0; i < a.data().X_train.rows(); ++i) EXPECT_NE(a.data().X_train(i, 0), b.data().X_train(i, 0));
  EXPECT_NE(a.data().y_train, b.data().y_train);
  EXPECT_NE(a.initial_model().w, b.initial_model().w);
}

TEST(Determinism, InitialWeightsDoNotDependOnTheData) {
  // Separate streams: the data size, batch size, noise, ... do not change the initialization.
  Config c;
  Trainer a(c);
  c.num_train = 500;
  c.num_val = 3;
  c.noise = 1.0;
  c.batch_size = 7;
  c.w = {5.0, 6.0};
  Trainer b(c);
  EXPECT_TRUE(bit_identical(a.initial_model().w, b.initial_model().w));
  EXPECT_EQ(b.initial_model().b, 0.0);
  // ... and the batch size and learning rate do not change the data.
  Config d;
  d.batch_size = 10;
  d.lr = 0.1;
  d.shuffle = false;
  Trainer e(d);
  EXPECT_TRUE(bit_identical(a.data().X_train, e.data().X_train));
  EXPECT_TRUE(bit_identical(a.data().y_val, e.data().y_val));
}

TEST(Determinism, SetLrAppliesFromTheNextStep) {
  Trainer t(Config{});
  for (int k = 0; k < 5; ++k) EXPECT_EQ(t.step().lr, 0.03);
  const Vector w_before = t.model().w;
  const double b_before = t.model().b;
  t.set_lr(0.1);
  EXPECT_TRUE(bit_identical(t.model().w, w_before));  // nothing moves until the next step
  const Minibatch& mb = t.step();
  EXPECT_EQ(mb.lr, 0.1);
  ASSERT_TRUE(bit_identical(mb.w_before, w_before));
  for (Eigen::Index j = 0; j < w_before.size(); ++j) EXPECT_EQ(mb.w_after[j], w_before[j] - 0.1 * mb.grad.w[j]);
  EXPECT_EQ(mb.b_after, b_before - 0.1 * mb.grad.b);
  EXPECT_EQ(t.step().lr, 0.1);
}

// --- errors and divergence ---------------------------------------------------------------

std::string trainer_error(Trainer& t, int which) {
  try {
    if (which == 0) t.step();
    if (which == 1) t.fit_epoch();
    if (which == 2) t.fit();
  } catch (const TrainerError& e) {
    return e.what();
  }
  return "<no error>";
}

// The end-of-epoch training loss is computed when a record is read: read after every epoch, read
// only at the end (many epochs waiting, beyond the trainer's cap on waiting models: d = 1000), it
// is the same bits as a plain loop over the training set with the model at that epoch's end.
TEST(EpochRecords, TrainingLossReadLateIsTheLossAtTheEpochsEnd) {
  for (const int d : {2, 1000}) {
    Config c = small(40, 8, 200);
    c.w.assign(static_cast<std::size_t>(d), 0.5);
    Trainer eager(c), late(c);
    std::vector<Vector> w_end;
    std::vector<double> b_end;
    while (!late.finished()) {
      late.fit_epoch();
      w_end.push_back(late.model().w);
      b_end.push_back(late.model().b);
      eager.fit_epoch();
      ASSERT_EQ(eager.epoch_history().size(), w_end.size());
    }
    const auto& X = late.data().X_train;
    const auto& y = late.data().y_train;
    const auto& records = late.epoch_history();
    ASSERT_EQ(records.size(), w_end.size());
    for (std::size_t e = 0; e < records.size(); ++e) {
      double sum = 0.0;
      for (Eigen::Index i = 0; i < X.rows(); ++i) {
        double dot = 0.0;
        for (Eigen::Index j = 0; j < X.cols(); ++j) dot += X(i, j) * w_end[e][j];
        const double r = dot + b_end[e] - y[i];
        sum += r * r / 2.0;
      }
      const double expected = sum / static_cast<double>(X.rows());
      EXPECT_TRUE(bit_identical(records[e].train_loss, expected)) << "d " << d << ", epoch " << e + 1;
      EXPECT_TRUE(bit_identical(eager.epoch_history()[e].train_loss, expected)) << "d " << d << ", epoch " << e + 1;
      EXPECT_TRUE(bit_identical(records[e].val_loss, eager.epoch_history()[e].val_loss));
    }
  }
}

TEST(TrainerErrors, StepAfterTheEnd) {
  Trainer t(small(50, 10, 2));
  t.fit();
  const std::string msg = "training is finished after 2 epochs; reset or raise max_epochs";
  EXPECT_EQ(trainer_error(t, 0), msg);
  EXPECT_EQ(trainer_error(t, 1), msg);
  EXPECT_EQ(trainer_error(t, 2), msg);
  EXPECT_EQ(t.global_step(), 10);
  // Raising max_epochs continues the run.
  t.set_max_epochs(3);
  EXPECT_FALSE(t.finished());
  EXPECT_EQ(t.fit(), 5);
  EXPECT_EQ(t.epoch(), 3);
  // Lowering it below the epochs done finishes the run.
  t.set_max_epochs(1);
  EXPECT_TRUE(t.finished());
  EXPECT_EQ(trainer_error(t, 0), "training is finished after 1 epochs; reset or raise max_epochs");
}

void expect_divergence(Config c) {
  Trainer t(c);
  t.fit();
  ASSERT_TRUE(t.diverged()) << "lr " << c.lr;
  EXPECT_FALSE(t.finished());
  EXPECT_GT(t.diverged_step(), 0);
  EXPECT_EQ(t.diverged_step(), t.global_step());
  EXPECT_LT(t.global_step(), c.max_epochs * t.num_batches());
  // The step that diverged has a non-finite loss or parameter.
  const Minibatch& last = *t.last();
  const bool non_finite = !std::isfinite(last.loss) || !last.w_after.allFinite() || !std::isfinite(last.b_after);
  EXPECT_TRUE(non_finite);
  // Every step before it was finite.
  for (std::size_t k = 0; k + 1 < t.step_history().size(); ++k) EXPECT_TRUE(std::isfinite(t.step_history()[k].loss));
  const std::string msg = "training diverged at step " + std::to_string(t.diverged_step()) +
                          "; reset and try a smaller learning rate";
  EXPECT_EQ(trainer_error(t, 0), msg);
  EXPECT_EQ(trainer_error(t, 1), msg);
  EXPECT_EQ(trainer_error(t, 2), msg);
  // Reset with a stable learning rate recovers.
  t.set_lr(0.03);
  t.reset();
  EXPECT_FALSE(t.diverged());
  EXPECT_EQ(t.diverged_step(), 0);
  t.fit();
  EXPECT_TRUE(t.finished());
}

TEST(TrainerErrors, LargeLearningRatesDiverge) {
  Config c;
  c.lr = 100;
  expect_divergence(c);
  c.lr = 10;
  c.max_epochs = 20;  // |1 - lr| = 9 per step: overflow takes a few epochs
  expect_divergence(c);
}

TEST(TrainerErrors, NoValidationSetGivesNaNValLoss) {
  Config c = small(64, 16, 2);
  c.num_val = 0;
  Trainer t(c);
  t.fit();
  ASSERT_EQ(t.epoch_history().size(), 2u);
  for (const auto& e : t.epoch_history()) {
    EXPECT_TRUE(std::isnan(e.val_loss));
    EXPECT_TRUE(std::isfinite(e.train_loss));
  }
  EXPECT_EQ(t.data().num_val(), 0);
}

// --- the contents of each minibatch ------------------------------------------------------

TEST(MinibatchContents, MatchAnIndependentRecomputation) {
  Config c;
  c.w = {1.0, -2.0, 0.5};
  c.b = 0.7;
  c.noise = 0.2;
  c.num_train = 90;
  c.num_val = 30;
  c.batch_size = 20;  // 4 full batches and one of 10
  c.max_epochs = 3;
  c.sigma = 0.5;
  Trainer t(c);
  const auto& d = t.data();
  Vector w = t.initial_model().w;
  double b = t.initial_model().b;
  EXPECT_TRUE(bit_identical(t.model().w, w));
  std::int64_t seen = 0;
  for (std::int64_t step = 1; !t.finished(); ++step) {
    const Minibatch& mb = t.step();
    ASSERT_EQ(&mb, &*t.last());
    EXPECT_EQ(mb.step, step);
    EXPECT_EQ(mb.epoch, (step - 1) / 5);
    EXPECT_EQ(mb.batch, (step - 1) % 5);
    EXPECT_EQ(t.global_step(), step);
    const std::size_t m = mb.batch == 4 ? 10 : 20;
    ASSERT_EQ(mb.indices.size(), m);
    seen += static_cast<std::int64_t>(m);
    EXPECT_EQ(t.examples_seen(), seen);
    // The indices are this epoch's order, slice by slice.
    const std::vector<int> slice(t.order().begin() + mb.batch * 20, t.order().begin() + mb.batch * 20 + m);
    EXPECT_EQ(mb.indices, slice);
    // Parameters chain from step to step.
    ASSERT_TRUE(bit_identical(mb.w_before, w));
    ASSERT_EQ(mb.b_before, b);
    double loss = 0;
    Vector gw = Vector::Zero(3);
    double gb = 0;
    for (std::size_t k = 0; k < m; ++k) {
      const auto K = static_cast<Eigen::Index>(k);
      const int i = mb.indices[k];
      EXPECT_EQ(mb.y[K], d.y_train[i]);
      const double y_hat = d.X_train.row(i).dot(w) + b;
      EXPECT_NEAR(mb.y_hat[K], y_hat, 1e-12);
      EXPECT_EQ(mb.residual[K], mb.y_hat[K] - mb.y[K]);
      const double r = y_hat - d.y_train[i];
      loss += r * r / 2;
      gw += r * d.X_train.row(i).transpose();
      gb += r;
    }
    loss /= static_cast<double>(m);
    gw /= static_cast<double>(m);
    gb /= static_cast<double>(m);
    EXPECT_NEAR(mb.loss, loss, 1e-12 * loss);
    EXPECT_LT((mb.grad.w - gw).cwiseAbs().maxCoeff(), 1e-12);
    EXPECT_NEAR(mb.grad.b, gb, 1e-12);
    EXPECT_NEAR(mb.grad_norm, std::sqrt(gw.squaredNorm() + gb * gb), 1e-12);
    EXPECT_FALSE(mb.clipped);
    EXPECT_EQ(mb.lr, 0.03);
    // The SGD update, and the model holds its result.
    w = w - 0.03 * mb.grad.w;
    b = b - 0.03 * mb.grad.b;
    ASSERT_TRUE(bit_identical(mb.w_after, w));
    ASSERT_EQ(mb.b_after, b);
    ASSERT_TRUE(bit_identical(t.model().w, w));
    ASSERT_EQ(t.model().b, b);
    // Step history: epochs completed and the minibatch loss.
    ASSERT_EQ(t.step_history().size(), static_cast<std::size_t>(step));
    EXPECT_EQ(t.step_history().back().epoch_fraction, static_cast<double>(step) / 5.0);
    EXPECT_EQ(t.step_history().back().loss, mb.loss);
    // Epoch counters, and the evaluation at the end of each epoch.
    EXPECT_EQ(t.epoch(), step / 5);
    EXPECT_EQ(t.batch_in_epoch(), step % 5);
    if (step % 5 == 0) {
      ASSERT_EQ(t.epoch_history().size(), static_cast<std::size_t>(step / 5));
      const auto& e = t.epoch_history().back();
      EXPECT_EQ(e.epoch, step / 5);
      const Eigen::VectorXd rt = (d.X_train * w).array() + b - d.y_train.array();
      const Eigen::VectorXd rv = (d.X_val * w).array() + b - d.y_val.array();
      EXPECT_NEAR(e.train_loss, rt.squaredNorm() / 2 / 90, 1e-12 * e.train_loss);
      EXPECT_NEAR(e.val_loss, rv.squaredNorm() / 2 / 30, 1e-12 * e.val_loss);
    }
  }
  EXPECT_EQ(t.global_step(), 15);
  EXPECT_EQ(t.examples_seen(), 270);
  const std::vector<double> expected_fractions{0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0,
                                               2.2, 2.4, 2.6, 2.8, 3.0};
  for (std::size_t k = 0; k < 15; ++k) EXPECT_DOUBLE_EQ(t.step_history()[k].epoch_fraction, expected_fractions[k]);
  EXPECT_TRUE(bit_identical(t.error_w(), Vector(d.w - w)));
  EXPECT_EQ(t.error_b(), d.b - b);
}

}  // namespace
}  // namespace linreg

// Minibatch's own swap (the trainer's per-step exchange of its two step records) must exchange
// every field. The field count is checked by aggregate initialization: a field added to Minibatch
// makes 17 initializers valid, and this test fails until swap() and the check below name it.
struct AnyField {
  template <class T>
  operator T() const;  // never called: only the initialization's validity is asked
};
template <class T, class... A>
constexpr auto braces_take(int) -> decltype(void(T{std::declval<A>()...}), true) {
  return true;
}
template <class T, class... A>
constexpr bool braces_take(...) {
  return false;
}
template <std::size_t... I>
constexpr bool minibatch_takes(std::index_sequence<I...>) {
  return braces_take<linreg::Minibatch, decltype(I, AnyField{})...>(0);
}

TEST(Minibatch, SwapExchangesEveryField) {
  static_assert(minibatch_takes(std::make_index_sequence<16>{}), "Minibatch has fewer fields than swap() knows");
  static_assert(!minibatch_takes(std::make_index_sequence<17>{}),
                "Minibatch has a field that its swap() and this test do not know");
  auto filled = [](double base) {
    linreg::Minibatch mb;
    mb.step = static_cast<std::int64_t>(base) + 1;
    mb.epoch = static_cast<std::int64_t>(base) + 2;
    mb.batch = static_cast<std::int64_t>(base) + 3;
    mb.indices = {static_cast<int>(base), static_cast<int>(base) + 4};
    mb.y = linreg::Vector::Constant(2, base + 5);
    mb.y_hat = linreg::Vector::Constant(2, base + 6);
    mb.residual = linreg::Vector::Constant(2, base + 7);
    mb.loss = base + 8;
    mb.grad.w = linreg::Vector::Constant(3, base + 9);
    mb.grad.b = base + 10;
    mb.grad_norm = base + 11;
    mb.clipped = base > 50;
    mb.lr = base + 12;
    mb.w_before = linreg::Vector::Constant(3, base + 13);
    mb.b_before = base + 14;
    mb.w_after = linreg::Vector::Constant(3, base + 15);
    mb.b_after = base + 16;
    return mb;
  };
  auto same = [](const linreg::Minibatch& a, const linreg::Minibatch& b) {
    return a.step == b.step && a.epoch == b.epoch && a.batch == b.batch && a.indices == b.indices && a.y == b.y &&
           a.y_hat == b.y_hat && a.residual == b.residual && a.loss == b.loss && a.grad.w == b.grad.w &&
           a.grad.b == b.grad.b && a.grad_norm == b.grad_norm && a.clipped == b.clipped && a.lr == b.lr &&
           a.w_before == b.w_before && a.b_before == b.b_before && a.w_after == b.w_after && a.b_after == b.b_after;
  };
  linreg::Minibatch a = filled(0), b = filled(100);
  const double* a_y = a.y.data();
  swap(a, b);
  EXPECT_TRUE(same(a, filled(100)));
  EXPECT_TRUE(same(b, filled(0)));
  EXPECT_EQ(b.y.data(), a_y);  // the buffer changed hands, not copied
}
