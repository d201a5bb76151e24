// The simulated bugs (bugs.hpp): each step checked against an independent recomputation of the
// bug's rule (plain loops over the minibatch, central finite differences of the broadcast loss),
// their effect on the run (ascent raises the loss, the bias stays frozen...), and the `bug` key.
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bugs.hpp"
#include "config_json.hpp"
#include "divergence.hpp"
#include "schema.hpp"
#include "test_util.hpp"
#include "trainer.hpp"

namespace linreg {
namespace {

using testing::bit_identical;

Config small(BugKind bug, std::int64_t num_train = 100, std::int64_t batch_size = 16) {
  Config c;
  c.num_train = num_train;
  c.num_val = 20;
  c.batch_size = batch_size;
  c.max_epochs = 3;
  c.seed = 5;
  c.bug = bug;
  return c;
}

// The mean squared-loss gradient at (w, b) over `rows`, by plain loops.
Gradient mean_gradient(const SyntheticRegressionData& data, const Vector& w, double b, const std::vector<int>& rows) {
  Gradient g;
  g.w = Vector::Zero(w.size());
  for (const int i : rows) {
    double r = b - data.y_train[i];
    for (Eigen::Index j = 0; j < w.size(); ++j) r += data.X_train(i, j) * w[j];
    for (Eigen::Index j = 0; j < w.size(); ++j) g.w[j] += r * data.X_train(i, j);
    g.b += r;
  }
  const double m = static_cast<double>(rows.size());
  g.w /= m;
  g.b /= m;
  return g;
}

double mean_squared(const SyntheticRegressionData& data, const Vector& w, double b, const std::vector<int>& rows) {
  double sum = 0.0;
  for (const int i : rows) {
    double r = b - data.y_train[i];
    for (Eigen::Index j = 0; j < w.size(); ++j) r += data.X_train(i, j) * w[j];
    sum += r * r / 2.0;
  }
  return sum / static_cast<double>(rows.size());
}

void expect_close(double expected, double actual, const std::string& what, double tol = 1e-11) {
  EXPECT_LE(std::fabs(expected - actual), tol * std::max(1.0, std::fabs(expected))) << what << ": " << expected
                                                                                        << " vs " << actual;
}

TEST(Bugs, ListMatchesTheSchemaChoicesAndDescribesEveryBug) {
  const FieldSpec* field = find_field(config_schema(), "bug");
  ASSERT_NE(field, nullptr);
  ASSERT_EQ(field->choices.size(), bug_list().size());
  std::set<std::string> names;
  for (std::size_t i = 0; i < bug_list().size(); ++i) {
    const BugInfo& b = bug_list()[i];
    EXPECT_EQ(field->choices[i], b.name);
    EXPECT_STREQ(bug_name(static_cast<BugKind>(i)), b.name);
    names.insert(b.name);
    if (i == 0) continue;
    EXPECT_GT(std::string(b.title).size(), 5u) << b.name;
    EXPECT_GT(std::string(b.description).size(), 20u) << b.name;
    EXPECT_GT(std::string(b.code_line).size(), 5u) << b.name;
    EXPECT_GT(std::string(b.symptom).size(), 20u) << b.name;
  }
  EXPECT_EQ(names.size(), bug_list().size());
  EXPECT_EQ(std::string(bug_list()[0].name), "none");
  EXPECT_EQ(Config{}.bug, BugKind::none);
}

TEST(Bugs, KeyIsReadWrittenAndChecked) {
  Config c = config_from_json(nlohmann::json{{"bug", "sum_loss"}});
  EXPECT_EQ(c.bug, BugKind::sum_loss);
  EXPECT_EQ(config_to_json(c).at("bug"), "sum_loss");
  EXPECT_EQ(config_to_json(Config{}).at("bug"), "none");
  try {
    config_from_json(nlohmann::json{{"bug", "typo"}});
    FAIL() << "accepted an unknown bug";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("'bug' must be one of \"none\", \"no_zero_grad\"", 0), 0u) << e.what();
  }
  try {
    config_from_json(nlohmann::json{{"bug", "shape_broadcast"}, {"loss", "huber"}});
    FAIL() << "accepted the shape bug with the Huber loss";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "'bug' must be \"shape_broadcast\" only with loss \"squared\" (the broadcast loss is the squared "
              "loss's), got \"shape_broadcast\" with loss \"huber\"");
  }
}

TEST(Bugs, NoneIsTheBooksStepBitForBit) {
  Config with = small(BugKind::none), plain = small(BugKind::none);
  Trainer a(with), b(plain);
  a.fit();
  b.fit();
  EXPECT_TRUE(bit_identical(a.model().w, b.model().w));
}

TEST(Bugs, SumLossGradientIsBatchSizeTimesTheMean) {
  Trainer t(small(BugKind::sum_loss, 100, 16));
  const double lr = t.config().lr;
  while (!t.finished()) {
    const Minibatch& mb = t.step();
    const double m = static_cast<double>(mb.indices.size());
    const Gradient mean = mean_gradient(t.data(), mb.w_before, mb.b_before, mb.indices);
    const std::string what = "step " + std::to_string(mb.step);
    expect_close(m * mean_squared(t.data(), mb.w_before, mb.b_before, mb.indices), mb.loss, what + " loss");
    for (Eigen::Index j = 0; j < mean.w.size(); ++j) expect_close(m * mean.w[j], mb.grad.w[j], what + " grad_w");
    expect_close(m * mean.b, mb.grad.b, what + " grad_b");
    for (Eigen::Index j = 0; j < mean.w.size(); ++j)
      expect_close(mb.w_before[j] - lr * m * mean.w[j], mb.w_after[j], what + " w");
  }
}

TEST(Bugs, NoZeroGradAppliesTheCumulativeSum) {
  Trainer t(small(BugKind::no_zero_grad));
  Gradient sum;
  sum.w = Vector::Zero(2);
  while (!t.finished()) {
    const Minibatch& mb = t.step();
    const Gradient g = mean_gradient(t.data(), mb.w_before, mb.b_before, mb.indices);
    sum.w += g.w;
    sum.b += g.b;
    const std::string what = "step " + std::to_string(mb.step);
    for (Eigen::Index j = 0; j < 2; ++j) expect_close(sum.w[j], mb.grad.w[j], what + " grad_w", 1e-9);
    expect_close(sum.b, mb.grad.b, what + " grad_b", 1e-9);
    expect_close(mean_squared(t.data(), mb.w_before, mb.b_before, mb.indices), mb.loss, what + " loss");
  }
  // The second step already differs from a run that zeroes.
  Trainer ok(small(BugKind::none));
  Trainer bad(small(BugKind::no_zero_grad));
  EXPECT_TRUE(bit_identical(ok.step().w_after, bad.step().w_after));
  EXPECT_FALSE(bit_identical(ok.step().w_after, bad.step().w_after));
}

TEST(Bugs, NoZeroGradKeepsTheClippedGradient) {
  Config c = small(BugKind::no_zero_grad);
  c.gradient_clip_val = 1.0;
  Trainer t(c);
  Gradient grad;  // .grad as PyTorch keeps it: accumulated, then scaled in place by clipping
  grad.w = Vector::Zero(2);
  int clipped = 0;
  while (!t.finished()) {
    const Minibatch& mb = t.step();
    const Gradient g = mean_gradient(t.data(), mb.w_before, mb.b_before, mb.indices);
    grad.w += g.w;
    grad.b += g.b;
    const double norm = std::sqrt(grad.w.squaredNorm() + grad.b * grad.b);
    if (norm > 1.0) {
      grad.w *= 1.0 / norm;
      grad.b *= 1.0 / norm;
      ++clipped;
    }
    expect_close(grad.b, mb.grad.b, "step " + std::to_string(mb.step) + " grad_b", 1e-9);
  }
  EXPECT_GT(clipped, 0);
}

TEST(Bugs, ShapeBroadcastLossIsTheMeanOverTheMatrixAndItsGradientMatchesFiniteDifferences) {
  Trainer t(small(BugKind::shape_broadcast, 100, 16));
  for (int s = 0; s < 10; ++s) {
    const Minibatch& mb = t.step();
    const std::string what = "step " + std::to_string(mb.step);
    // The loss over the m x m matrix, summed literally.
    expect_close(broadcast_loss_literal(mb.y_hat, mb.y), mb.loss, what + " loss", 1e-12);
    auto loss_at = [&](const Vector& w, double b) {
      Vector y_hat(static_cast<Eigen::Index>(mb.indices.size()));
      for (std::size_t k = 0; k < mb.indices.size(); ++k) {
        double p = b;
        for (Eigen::Index j = 0; j < w.size(); ++j) p += t.data().X_train(mb.indices[k], j) * w[j];
        y_hat[static_cast<Eigen::Index>(k)] = p;
      }
      return broadcast_loss_literal(y_hat, mb.y);
    };
    const double h = 1e-6;
    for (Eigen::Index j = 0; j < mb.w_before.size(); ++j) {
      Vector up = mb.w_before, down = mb.w_before;
      up[j] += h;
      down[j] -= h;
      const double fd = (loss_at(up, mb.b_before) - loss_at(down, mb.b_before)) / (2 * h);
      EXPECT_NEAR(fd, mb.grad.w[j], 1e-6 * std::max(1.0, std::fabs(fd))) << what << " grad_w[" << j << "]";
    }
    const double fd_b = (loss_at(mb.w_before, mb.b_before + h) - loss_at(mb.w_before, mb.b_before - h)) / (2 * h);
    EXPECT_NEAR(fd_b, mb.grad.b, 1e-6 * std::max(1.0, std::fabs(fd_b))) << what << " grad_b";
  }
}

TEST(Bugs, ShapeBroadcastFitsAFlatLineAtTheMeanLabel) {
  Config c = small(BugKind::shape_broadcast, 1000, 32);
  c.max_epochs = 20;
  c.lr = 0.1;
  Trainer t(c);
  t.fit();
  double mean_y = t.data().y_train.mean();
  EXPECT_LT(t.model().w.norm(), 0.1 * t.data().w.norm());  // shrunk to a few % of the true w (norm 3.9)
  EXPECT_NEAR(t.model().b, mean_y, 0.15);               // b: the mean label, not 4.2 by chance
  EXPECT_GT(t.epoch_history().back().train_loss, 5.0);  // about |w|^2 / 2 = 7.8, not the noise's
}

TEST(Bugs, SameBatchUsesTheFirstMinibatchAtEveryStep) {
  Trainer t(small(BugKind::same_batch));
  const std::vector<int> first = t.step().indices;
  EXPECT_EQ(first.size(), 16u);
  std::int64_t steps = 1;
  while (!t.finished()) {
    EXPECT_EQ(t.step().indices, first);
    ++steps;
  }
  EXPECT_EQ(steps, 3 * 7);  // the epochs still count ceil(100 / 16) steps
  t.reset();
  EXPECT_EQ(t.step().indices, first);
}

TEST(Bugs, AscentRaisesTheLossForASmallRateAndDivergesForALargeOne) {
  Config c = small(BugKind::ascent);
  c.lr = 0.01;
  Trainer t(c);
  double before = mean_loss(t.model(), t.data().X_train, t.data().y_train);
  for (int s = 0; s < 10; ++s) {
    const Minibatch& mb = t.step();
    for (Eigen::Index j = 0; j < 2; ++j) expect_close(mb.w_before[j] + c.lr * mb.grad.w[j], mb.w_after[j], "w");
    const double after = mean_loss(t.model(), t.data().X_train, t.data().y_train);
    EXPECT_GT(after, before) << "step " << mb.step;
    before = after;
  }
  c.lr = 3.0;
  c.max_epochs = 100;
  Trainer wild(c);
  wild.fit();
  EXPECT_TRUE(wild.diverged());
  EXPECT_TRUE(wild.diverging());
  EXPECT_THROW(wild.step(), TrainerError);
  const std::string message = diagnose_divergence(wild).message;
  EXPECT_NE(message.find("simulates the bug \"ascent\""), std::string::npos) << message;
  EXPECT_NE(message.find("runs away at any learning rate"), std::string::npos) << message;
}

TEST(Bugs, ShortBatchDivisorChangesOnlyTheShortLastBatch) {
  Trainer ok(small(BugKind::none, 100, 16)), bad(small(BugKind::short_batch_divisor, 100, 16));
  for (int s = 0; s < 6; ++s) {  // 6 full batches of 16, identical bits
    const Minibatch& a = ok.step();
    const Minibatch& b = bad.step();
    EXPECT_TRUE(bit_identical(a.w_after, b.w_after)) << "step " << a.step;
    EXPECT_TRUE(bit_identical(a.loss, b.loss));
  }
  const Minibatch& a = ok.step();  // the short batch of 4
  const Minibatch& b = bad.step();
  ASSERT_EQ(b.indices.size(), 4u);
  for (Eigen::Index j = 0; j < 2; ++j) expect_close(a.grad.w[j] * 4.0 / 16.0, b.grad.w[j], "grad_w");
  expect_close(a.loss * 4.0 / 16.0, b.loss, "loss");
  EXPECT_FALSE(bit_identical(a.w_after, b.w_after));
}

TEST(Bugs, DoubleMeanDividesTheStepByBatchSize) {
  Trainer t(small(BugKind::double_mean));
  const Minibatch& mb = t.step();
  const Gradient g = mean_gradient(t.data(), mb.w_before, mb.b_before, mb.indices);
  for (Eigen::Index j = 0; j < 2; ++j) {
    expect_close(g.w[j], mb.grad.w[j], "grad_w");
    expect_close(mb.w_before[j] - t.config().lr * g.w[j] / 16.0, mb.w_after[j], "w");
  }
}

TEST(Bugs, FrozenBiasNeverMovesB) {
  Trainer t(small(BugKind::frozen_bias, 1000, 32));
  while (!t.finished()) {
    const Minibatch& mb = t.step();
    EXPECT_EQ(mb.b_after, 0.0);
    EXPECT_NE(mb.grad.b, 0.0);
  }
  EXPECT_NEAR(t.error_b(), 4.2, 1e-12);
  EXPECT_LT((t.error_w()).norm(), 0.2);
}

}  // namespace
}  // namespace linreg
