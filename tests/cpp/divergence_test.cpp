// Divergence: a non-finite loss, gradient or parameter stops training at that step; the report
// (divergence.hpp) names the step, what stopped being finite, and a learning rate that would have
// been stable, checked here by running the same config with it. With lr = 10, and with a huge
// outlier (where no learning rate helps, and the report says so).
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "divergence.hpp"
#include "landscape.hpp"
#include "trainer.hpp"

namespace linreg {
namespace {

bool finite_params(const Trainer& t) {
  for (Eigen::Index j = 0; j < t.model().w.size(); ++j)
    if (!std::isfinite(t.model().w[j])) return false;
  return std::isfinite(t.model().b);
}

TEST(Divergence, NoneWhileTheRunIsFinite) {
  Trainer t(Config{});
  t.fit();
  EXPECT_FALSE(t.diverged());
  const Divergence d = diagnose_divergence(t);
  EXPECT_EQ(d.step, 0);
  EXPECT_TRUE(d.message.empty());
}

TEST(Divergence, LearningRateTenStopsAtTheStepAndNamesAStableRate) {
  Config c;
  c.lr = 10;
  c.max_epochs = 50;
  Trainer t(c);
  t.fit();
  ASSERT_TRUE(t.diverged());
  // Stopped at that step: no further step, the counters end there.
  EXPECT_EQ(t.global_step(), t.diverged_step());
  EXPECT_EQ(t.last()->step, t.diverged_step());
  EXPECT_THROW(t.step(), TrainerError);
  EXPECT_THROW(t.fit(), TrainerError);
  // Every loss recorded before that step is finite.
  for (std::size_t k = 0; k + 1 < t.step_history().size(); ++k) EXPECT_TRUE(std::isfinite(t.step_history()[k].loss));

  const Divergence d = diagnose_divergence(t);
  EXPECT_EQ(d.step, t.diverged_step());
  EXPECT_EQ(d.lr, 10);
  EXPECT_TRUE(d.what == "loss" || d.what == "gradient" || d.what == "parameters") << d.what;
  EXPECT_FALSE(d.lr_limit_is_bound);
  EXPECT_DOUBLE_EQ(d.lr_limit, curvature(t.data().X_train).lr_limit);
  EXPECT_GT(d.lr_limit, 0.5);  // X ~ N(0, 1): lambda_max is about 1
  EXPECT_LT(d.lr_limit, 10);
  EXPECT_LT(d.safe_lr, d.lr_limit);
  EXPECT_TRUE(d.lr_is_the_cause);
  EXPECT_NE(d.message.find("training diverged at step " + std::to_string(d.step)), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("reset with lr below"), std::string::npos) << d.message;
  EXPECT_EQ(d.cause, DivergenceCause::lr_above_limit);

  // The rates it names would have been stable: the same run with them stays finite to the end.
  for (const double lr : {d.lr_limit * 0.5, d.safe_lr}) {
    Config stable = c;
    stable.lr = lr;
    Trainer again(stable);
    again.fit();
    EXPECT_FALSE(again.diverged()) << "lr " << lr;
    EXPECT_TRUE(again.finished());
    EXPECT_LT(again.epoch_history().back().train_loss, 0.01) << "lr " << lr;
  }
}

TEST(Divergence, AHugeOutlierIsNotTheLearningRatesFault) {
  Config c;
  c.outlier = Outlier{5, 1e200};  // (1e200)^2 is not a finite double
  Trainer t(c);
  t.fit();
  ASSERT_TRUE(t.diverged());
  EXPECT_EQ(t.global_step(), t.diverged_step());
  // The first minibatch holding row 5 is the one that diverged; the update was not applied.
  const Minibatch& mb = *t.last();
  EXPECT_NE(std::find(mb.indices.begin(), mb.indices.end(), 5), mb.indices.end());
  EXPECT_TRUE(finite_params(t));
  const Divergence d = diagnose_divergence(t);
  EXPECT_EQ(d.what, "loss");
  EXPECT_FALSE(d.lr_is_the_cause);
  EXPECT_EQ(d.max_abs_label, 1e200);
  EXPECT_NE(d.message.find("no learning rate helps"), std::string::npos) << d.message;
  EXPECT_EQ(d.cause, DivergenceCause::data_overflow);
  // Indeed: a thousand times smaller a rate diverges at the same step.
  Config small = c;
  small.lr = c.lr / 1000;
  Trainer again(small);
  again.fit();
  EXPECT_TRUE(again.diverged());
  EXPECT_EQ(again.diverged_step(), t.diverged_step());
}

TEST(Divergence, TheBooksOutlierOfTenThousandDoesNotDiverge) {
  Config c;
  c.outlier = Outlier{5, 10000};
  Trainer t(c);
  t.fit();
  EXPECT_FALSE(t.diverged());
  EXPECT_TRUE(finite_params(t));
}

TEST(Divergence, BetweenTheSafeRateAndTheLimitAMinibatchCanOvershoot) {
  Config c;
  c.batch_size = 1;  // single examples: lambda_max(M_B) = |x_i|^2 + 1 can be far above lambda_max
  c.max_epochs = 20;
  Trainer probe(c);
  const double limit = curvature(probe.data().X_train).lr_limit;
  c.lr = 0.9 * limit;
  Trainer t(c);
  t.fit();
  if (!t.diverged()) GTEST_SKIP() << "this seed's run stayed finite at lr " << c.lr;
  const Divergence d = diagnose_divergence(t);
  EXPECT_TRUE(d.lr_is_the_cause);
  EXPECT_NE(d.message.find("a single minibatch can overshoot"), std::string::npos) << d.message;
  EXPECT_EQ(d.cause, DivergenceCause::lr_minibatch);
}

// The absolute loss's gradient is bounded: only an absurd rate makes the parameters (and then the
// loss) overflow.
TEST(Divergence, AbsoluteLossHasNoCurvatureLimit) {
  Config c;
  c.loss = LossKind::absolute;
  c.lr = 1e308;
  Trainer t(c);
  t.fit();
  ASSERT_TRUE(t.diverged());
  const Divergence d = diagnose_divergence(t);
  EXPECT_TRUE(std::isnan(d.lr_limit));
  EXPECT_TRUE(d.lr_is_the_cause);
  EXPECT_NE(d.message.find("far smaller learning rate"), std::string::npos) << d.message;
  EXPECT_EQ(d.cause, DivergenceCause::lr_overflow);
  EXPECT_STREQ(cause_name(d.cause), "lr_overflow");
}

}  // namespace
}  // namespace linreg
