// The exercise losses (squared, absolute, Huber): values, derivatives against central finite
// differences away from the kinks, the subgradient 0 at r = 0, the minibatch gradient of each loss
// against finite differences over the parameters, and the new config keys' rules and messages.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config.hpp"
#include "config_json.hpp"
#include "losses.hpp"
#include "test_util.hpp"
#include "trainer.hpp"

namespace linreg {
namespace {

using nlohmann::json;
using testing::config_error;

const LossFunction kSquared{LossKind::squared, 1.0};
const LossFunction kAbsolute{LossKind::absolute, 1.0};
const LossFunction kHuber{LossKind::huber, 0.7};

std::string message(const json& j) {
  return config_error([&] { config_from_json(j); });
}

TEST(Losses, Values) {
  EXPECT_EQ(kSquared.value(3.0), 4.5);
  EXPECT_EQ(kSquared.value(-0.5), 0.125);
  EXPECT_EQ(kAbsolute.value(-2.5), 2.5);
  EXPECT_EQ(kAbsolute.value(0.0), 0.0);
  EXPECT_EQ(kHuber.value(0.5), 0.125);                  // quadratic inside delta
  EXPECT_DOUBLE_EQ(kHuber.value(2.0), 0.7 * (2.0 - 0.35));  // linear beyond
  EXPECT_DOUBLE_EQ(kHuber.value(-2.0), kHuber.value(2.0));
  // Huber's two pieces meet at +-delta, value and slope.
  EXPECT_DOUBLE_EQ(kHuber.value(0.7), 0.7 * 0.7 / 2.0);
  EXPECT_NEAR(kHuber.value(0.7 + 1e-9), kHuber.value(0.7) + 0.7e-9, 1e-15);
}

TEST(Losses, DerivativesMatchCentralFiniteDifferencesAwayFromTheKinks) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-5.0, 5.0);
  const double h = 1e-6;
  for (const LossFunction& loss : {kSquared, kAbsolute, kHuber, LossFunction{LossKind::huber, 2.5}}) {
    int checked = 0;
    for (int k = 0; k < 2000; ++k) {
      const double r = u(rng);
      // Kinks: 0 for the absolute loss; +-delta for Huber's (its second derivative jumps there).
      if (loss.kind == LossKind::absolute && std::fabs(r) < 1e-3) continue;
      if (loss.kind == LossKind::huber && std::fabs(std::fabs(r) - loss.delta) < 1e-3) continue;
      const double fd = (loss.value(r + h) - loss.value(r - h)) / (2 * h);
      EXPECT_NEAR(loss.derivative(r), fd, 1e-6 * (1 + std::fabs(fd))) << loss_name(loss.kind) << " at r = " << r;
      ++checked;
    }
    EXPECT_GT(checked, 1900);
  }
}

TEST(Losses, SubgradientsAtTheKinks) {
  EXPECT_EQ(kAbsolute.derivative(0.0), 0.0);  // the subgradient the exercise asks for
  EXPECT_EQ(kAbsolute.derivative(-0.0), 0.0);
  EXPECT_EQ(kAbsolute.derivative(1e-300), 1.0);
  EXPECT_EQ(kAbsolute.derivative(-1e-300), -1.0);
  EXPECT_EQ(kHuber.derivative(0.7), 0.7);   // continuous at +-delta
  EXPECT_EQ(kHuber.derivative(-0.7), -0.7);
  EXPECT_EQ(kHuber.derivative(1e6), 0.7);   // bounded: an outlier pulls with at most delta
  EXPECT_EQ(kHuber.derivative(-1e6), -0.7);
  EXPECT_EQ(kSquared.derivative(1e6), 1e6);
}

TEST(Losses, MeanAndDerivativesOverResiduals) {
  Vector r(4);
  r << 1.0, -2.0, 0.0, 0.25;
  EXPECT_DOUBLE_EQ(kSquared.mean(r), (0.5 + 2.0 + 0.0 + 0.03125) / 4);
  EXPECT_DOUBLE_EQ(kAbsolute.mean(r), 3.25 / 4);
  Vector psi;
  kAbsolute.derivatives(r, psi);
  EXPECT_EQ(psi, (Vector(4) << 1.0, -1.0, 0.0, 1.0).finished());
  EXPECT_TRUE(std::isnan(kSquared.mean(Vector())));
}

TEST(Losses, SquaredMeanIsBitForBitTheBooksSquaredLoss) {
  Trainer t(Config{});
  const auto& data = t.data();
  EXPECT_TRUE(testing::bit_identical(mean_loss(t.model(), data.X_train, data.y_train, kSquared),
                                     mean_loss(t.model(), data.X_train, data.y_train)));
  const Vector r = t.model().forward(data.X_train) - data.y_train;
  EXPECT_TRUE(testing::bit_identical(kSquared.mean(r), squared_loss(t.model().forward(data.X_train), data.y_train)));
}

TEST(Losses, WholeSetMeanLossEqualsTheMeanOfTheValues) {
  Config c;
  c.w = {1.0, -2.0, 0.5};
  c.num_train = 700;  // not a multiple of the chunk of 256
  c.noise = 3.0;
  Trainer t(c);
  const auto& data = t.data();
  for (const LossFunction& loss : {kAbsolute, kHuber}) {
    const Vector r = t.model().forward(data.X_train) - data.y_train;
    EXPECT_TRUE(testing::bit_identical(mean_loss(t.model(), data.X_train, data.y_train, loss), loss.mean(r)));
  }
}

// The trainer's minibatch gradient for each loss is the derivative of its minibatch loss: central
// finite differences over every parameter, at a point where no residual sits at a kink.
TEST(Losses, MinibatchGradientOfEachLossMatchesFiniteDifferences) {
  for (const LossKind kind : {LossKind::squared, LossKind::absolute, LossKind::huber}) {
    Config c;
    c.w = {1.5, -0.5, 2.0};
    c.b = 0.3;
    c.noise = 1.0;  // residuals on both sides of Huber's delta
    c.num_train = 64;
    c.num_val = 0;
    c.batch_size = 16;
    c.loss = kind;
    c.huber_delta = 0.8;
    c.sigma = 0.5;
    Trainer t(c);
    const Minibatch mb = t.step();
    const LossFunction loss = LossFunction::of(c);
    const auto& X = t.data().X_train;
    auto batch_loss = [&](const Vector& w, double b) {
      double sum = 0.0;
      for (std::size_t k = 0; k < mb.indices.size(); ++k) {
        const int i = mb.indices[k];
        sum += loss.value(X.row(i).dot(w) + b - mb.y[static_cast<Eigen::Index>(k)]);
      }
      return sum / static_cast<double>(mb.indices.size());
    };
    for (Eigen::Index k = 0; k < mb.residual.size(); ++k) {
      ASSERT_GT(std::fabs(mb.residual[k]), 1e-4);
      ASSERT_GT(std::fabs(std::fabs(mb.residual[k]) - c.huber_delta), 1e-4);
    }
    EXPECT_DOUBLE_EQ(mb.loss, batch_loss(mb.w_before, mb.b_before)) << loss_name(kind);
    const double h = 1e-7;
    for (Eigen::Index j = 0; j <= mb.w_before.size(); ++j) {
      Vector wp = mb.w_before, wm = mb.w_before;
      double bp = mb.b_before, bm = mb.b_before;
      if (j < mb.w_before.size()) {
        wp[j] += h;
        wm[j] -= h;
      } else {
        bp += h;
        bm -= h;
      }
      const double fd = (batch_loss(wp, bp) - batch_loss(wm, bm)) / (2 * h);
      const double g = j < mb.w_before.size() ? mb.grad.w[j] : mb.grad.b;
      EXPECT_NEAR(g, fd, 1e-6) << loss_name(kind) << ", parameter " << j;
    }
  }
}

TEST(Losses, TheOutlierPullsTheSquaredLossFarAndTheOthersLittle) {
  // One label of 10000 (the section's y_5): its minibatch gradient is huge for the squared loss
  // and bounded for the absolute and Huber losses.
  auto first_b_gradient_with_row_5 = [](LossKind kind) {
    Config c;
    c.loss = kind;
    c.outlier = Outlier{5, 10000.0};
    c.shuffle = false;  // the generated order: row 5 is in the first minibatch
    Trainer t(c);
    return t.step().grad.b;
  };
  EXPECT_LT(first_b_gradient_with_row_5(LossKind::squared), -300.0);  // about -10000 / 32
  EXPECT_GE(first_b_gradient_with_row_5(LossKind::absolute), -1.0);
  EXPECT_GE(first_b_gradient_with_row_5(LossKind::huber), -1.0);
}

// ---- The new config keys ----------------------------------------------------------------------

TEST(ExerciseConfig, DefaultsAreTheBooksRun) {
  const Config c;
  EXPECT_EQ(c.loss, LossKind::squared);
  EXPECT_EQ(c.order(), Order::shuffle);
  EXPECT_FALSE(c.drop_last);
  EXPECT_FALSE(c.outlier.has_value());
  EXPECT_EQ(c.dataset, DatasetKind::synthetic);
  const json j = config_to_json(c);
  EXPECT_EQ(j.at("loss"), "squared");
  EXPECT_EQ(j.at("huber_delta"), 1.0);
  EXPECT_EQ(j.at("order"), "shuffle");
  EXPECT_EQ(j.at("drop_last"), false);
  EXPECT_TRUE(j.at("outlier").is_null());
  EXPECT_EQ(j.at("dataset"), "synthetic");
  EXPECT_EQ(j.at("resistance"), 10.0);
}

TEST(ExerciseConfig, ReadAndRoundTrip) {
  const Config c = config_from_json(json{{"loss", "huber"},
                                         {"huber_delta", 0.5},
                                         {"order", "sorted"},
                                         {"drop_last", true},
                                         {"outlier", {{"index", 5}, {"value", 10000}}},
                                         {"dataset", "ohm"},
                                         {"resistance", 4.7}});
  EXPECT_EQ(c.loss, LossKind::huber);
  EXPECT_EQ(c.huber_delta, 0.5);
  EXPECT_EQ(c.order(), Order::sorted);
  EXPECT_FALSE(c.shuffle);
  EXPECT_TRUE(c.drop_last);
  ASSERT_TRUE(c.outlier.has_value());
  EXPECT_EQ(c.outlier->index, 5);
  EXPECT_EQ(c.outlier->value, 10000.0);
  EXPECT_EQ(c.dataset, DatasetKind::ohm);
  EXPECT_EQ(c.num_features(), 1u);
  const json j = config_to_json(c);
  EXPECT_EQ(j.at("shuffle"), false);
  EXPECT_EQ(j.at("order"), "sorted");
  EXPECT_EQ(config_to_json(config_from_json(j)), j);
  EXPECT_EQ(config_to_json(config_from_json(json{{"outlier", nullptr}})).at("outlier"), json(nullptr));
}

TEST(ExerciseConfig, ShuffleAndOrder) {
  // The book's switch alone still works; with order it must agree.
  EXPECT_EQ(config_from_json(json{{"shuffle", false}}).order(), Order::generated);
  EXPECT_EQ(config_from_json(json{{"order", "generated"}}).order(), Order::generated);
  EXPECT_EQ(config_from_json(json{{"order", "shuffle"}, {"shuffle", true}}).order(), Order::shuffle);
  EXPECT_EQ(config_from_json(json{{"order", "sorted"}, {"shuffle", false}}).order(), Order::sorted);
  // Given both and disagreeing (an edited copy of a full config), not reshuffling wins.
  EXPECT_EQ(config_from_json(json{{"order", "shuffle"}, {"shuffle", false}}).order(), Order::generated);
  EXPECT_EQ(config_from_json(json{{"order", "sorted"}, {"shuffle", true}}).order(), Order::sorted);
  EXPECT_EQ(config_from_json(json{{"order", "generated"}, {"shuffle", true}}).order(), Order::generated);
  // shuffle: false on a sorted base keeps it sorted; shuffle: true reshuffles.
  const Config sorted = config_from_json(json{{"order", "sorted"}});
  EXPECT_EQ(config_from_json(json{{"shuffle", false}}, sorted).order(), Order::sorted);
  EXPECT_EQ(config_from_json(json{{"shuffle", true}}, sorted).order(), Order::shuffle);
  Config both;
  both.sort_by_label = true;  // and shuffle still true
  EXPECT_EQ(config_error([&] { both.check(); }),
            "'order' must be \"sorted\" only without reshuffling (shuffle false), got shuffle true and sort_by_label true");
}

TEST(ExerciseConfig, Messages) {
  EXPECT_EQ(message(json{{"loss", "abs"}}), "'loss' must be one of \"squared\", \"absolute\", \"huber\", got \"abs\"");
  EXPECT_EQ(message(json{{"loss", 1}}), "'loss' must be one of \"squared\", \"absolute\", \"huber\", got 1");
  EXPECT_EQ(message(json{{"huber_delta", 0}}), "'huber_delta' must be a finite number > 0, got 0");
  EXPECT_EQ(message(json{{"huber_delta", "1"}}), "'huber_delta' must be a finite number > 0, got \"1\"");
  EXPECT_EQ(message(json{{"order", "random"}}),
            "'order' must be one of \"shuffle\", \"generated\", \"sorted\", got \"random\"");
  EXPECT_EQ(message(json{{"drop_last", 1}}), "'drop_last' must be true or false, got 1");
  EXPECT_EQ(message(json{{"drop_last", true}, {"num_train", 10}, {"batch_size", 11}}),
            "'batch_size' must be at most num_train (10) when drop_last is true, or an epoch has no minibatch, got 11");
  EXPECT_EQ(message(json{{"dataset", "csv"}}), "'dataset' must be one of \"synthetic\", \"ohm\", got \"csv\"");
  EXPECT_EQ(message(json{{"resistance", -1}}), "'resistance' must be a finite number > 0 (ohms), got -1");
  const std::string outlier_rule = "'outlier' must be null or {\"index\": row, \"value\": label}, got ";
  EXPECT_EQ(message(json{{"outlier", 5}}), outlier_rule + "5");
  EXPECT_EQ(message(json{{"outlier", {{"index", 5}}}}), outlier_rule + "{\"index\":5}");
  EXPECT_EQ(message(json{{"outlier", {{"index", 5}, {"value", 1}, {"label", 2}}}}),
            "unknown key 'label' in 'outlier'; its keys are index value");
  EXPECT_EQ(message(json{{"outlier", {{"index", -1}, {"value", 1}}}}), "'outlier.index' must be an integer >= 0, got -1");
  EXPECT_EQ(message(json{{"outlier", {{"index", 2.5}, {"value", 1}}}}), "'outlier.index' must be an integer >= 0, got 2.5");
  EXPECT_EQ(message(json{{"outlier", {{"index", 1000}, {"value", 1}}}}),
            "'outlier.index' must be a row of the training set, from 0 to num_train - 1 = 999, got 1000");
  EXPECT_EQ(message(json{{"outlier", {{"index", 1}, {"value", "x"}}}}), "'outlier.value' must be a finite number, got \"x\"");
  EXPECT_EQ(message(json{{"los", "huber"}}).substr(0, 45), "unknown key 'los' (did you mean 'loss'?); kno");
}

}  // namespace
}  // namespace linreg
