// The data and order options of the exercises, and stepping one phase at a time:
// the outlier, the sorted order, drop_last, Ohm's-law data, and step_phase() against step().
#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "config.hpp"
#include "datasets.hpp"
#include "run_record.hpp"
#include "test_util.hpp"
#include "trainer.hpp"

namespace linreg {
namespace {

using testing::bit_identical;

Config small(std::int64_t num_train = 100, std::int64_t batch_size = 16) {
  Config c;
  c.num_train = num_train;
  c.num_val = 20;
  c.batch_size = batch_size;
  c.max_epochs = 3;
  return c;
}

TEST(Outlier, ReplacesOneTrainingLabelOnly) {
  Config c = small();
  const Trainer plain(c);
  c.outlier = Outlier{5, 10000.0};
  const Trainer with(c);
  EXPECT_EQ(with.data().y_train[5], 10000.0);
  for (Eigen::Index i = 0; i < c.num_train; ++i) {
    if (i != 5) {
      EXPECT_TRUE(bit_identical(with.data().y_train[i], plain.data().y_train[i])) << i;
    }
  }
  EXPECT_TRUE(bit_identical(with.data().X_train, plain.data().X_train));
  EXPECT_TRUE(bit_identical(with.data().y_val, plain.data().y_val));
  EXPECT_TRUE(bit_identical(with.model().w, plain.model().w));  // the same initialization
}

TEST(Order, SortedVisitsTheLabelsInAscendingOrderEveryEpoch) {
  Config c = small(100, 16);
  c.shuffle = false;
  c.sort_by_label = true;
  Trainer t(c);
  std::vector<int> expected(100);
  std::iota(expected.begin(), expected.end(), 0);
  const Vector& y = t.data().y_train;
  std::stable_sort(expected.begin(), expected.end(), [&](int a, int b) { return y[a] < y[b]; });
  for (int epoch = 0; epoch < 2; ++epoch) {
    std::vector<int> seen;
    for (std::int64_t k = 0; k < t.num_batches(); ++k) {
      const Minibatch& mb = t.step();
      seen.insert(seen.end(), mb.indices.begin(), mb.indices.end());
    }
    EXPECT_EQ(seen, expected) << "epoch " << epoch;
  }
  for (std::size_t k = 1; k < expected.size(); ++k) EXPECT_LE(y[expected[k - 1]], y[expected[k]]);
}

TEST(Order, GeneratedIsTheIdentityAndShuffleIsUnchanged) {
  Config c = small();
  c.shuffle = false;
  Trainer t(c);
  EXPECT_EQ(t.step().indices, std::vector<int>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
}

TEST(DropLast, DropsTheShortBatchAndEveryBatchIsFull) {
  Config c = small(100, 16);  // 100 = 6 x 16 + 4
  c.drop_last = true;
  Trainer t(c);
  EXPECT_EQ(t.num_batches(), 6);
  std::set<int> dropped_per_epoch[2];
  for (int epoch = 0; epoch < 2; ++epoch) {
    std::set<int> seen;
    for (int k = 0; k < 6; ++k) {
      const Minibatch& mb = t.step();
      EXPECT_EQ(mb.indices.size(), 16u);
      seen.insert(mb.indices.begin(), mb.indices.end());
    }
    EXPECT_EQ(t.epoch(), epoch + 1);
    EXPECT_EQ(seen.size(), 96u);
    for (int i = 0; i < 100; ++i)
      if (!seen.count(i)) dropped_per_epoch[epoch].insert(i);
  }
  EXPECT_EQ(dropped_per_epoch[0].size(), 4u);
  EXPECT_NE(dropped_per_epoch[0], dropped_per_epoch[1]);  // reshuffled: other rows left out
  EXPECT_EQ(t.examples_seen(), 192);
  // Without drop_last the same config has a short seventh batch.
  c.drop_last = false;
  EXPECT_EQ(Trainer(c).num_batches(), 7);
}

TEST(Ohm, VoltagesCurrentsAndTheTrueResistance) {
  Config c = small(500);
  c.dataset = DatasetKind::ohm;
  c.resistance = 4.0;
  c.noise = 0.001;
  const SyntheticRegressionData data = make_dataset(c);
  EXPECT_EQ(data.num_features(), 1);
  EXPECT_EQ(data.w[0], 0.25);
  EXPECT_EQ(data.b, 0.0);
  EXPECT_EQ(data.X_val.rows(), 20);
  double lo = 1e9, hi = -1e9, mean = 0;
  for (Eigen::Index i = 0; i < data.num_train(); ++i) {
    const double u = data.X_train(i, 0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    mean += u / 500.0;
    EXPECT_NEAR(data.y_train[i], u / 4.0, 0.006);  // 6 standard deviations of the noise
  }
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 10.0);
  EXPECT_NEAR(mean, 5.0, 0.5);
  // Same seed, same bits; `w` and `b` of the config do not matter.
  Config other = c;
  other.w = {1, 2, 3};
  other.b = 7;
  const SyntheticRegressionData again = make_dataset(other);
  EXPECT_TRUE(bit_identical(again.X_train, data.X_train));
  EXPECT_TRUE(bit_identical(again.y_train, data.y_train));
}

TEST(Ohm, TrainingRecoversTheResistance) {
  Config c;
  c.dataset = DatasetKind::ohm;
  c.resistance = 10.0;
  c.max_epochs = 30;
  Trainer t(c);
  EXPECT_EQ(t.model().w.size(), 1);
  t.fit();
  ASSERT_FALSE(t.diverged());
  EXPECT_NEAR(1.0 / t.model().w[0], 10.0, 0.2);
  EXPECT_NEAR(t.model().b, 0.0, 0.02);
}

// ---- Phase stepping -------------------------------------------------------------------------

TEST(Phases, PhaseByPhaseIsBitForBitStepByStep) {
  for (const LossKind loss : {LossKind::squared, LossKind::absolute, LossKind::huber}) {
    Config c = small(70, 16);
    c.loss = loss;
    c.gradient_clip_val = 1.0;
    Trainer a(c), b(c);
    while (!a.finished()) {
      const Minibatch& ma = a.step();
      EXPECT_EQ(b.step_phase(), Trainer::Phase::forward);
      EXPECT_EQ(b.step_phase(), Trainer::Phase::loss);
      EXPECT_EQ(b.step_phase(), Trainer::Phase::gradient);
      EXPECT_EQ(b.phases_done(), 3);
      EXPECT_EQ(b.step_phase(), Trainer::Phase::update);
      EXPECT_EQ(b.phases_done(), 0);
      EXPECT_EQ(step_to_json(ma), step_to_json(*b.last()));
      EXPECT_TRUE(bit_identical(ma.y_hat, b.last()->y_hat));
    }
    EXPECT_TRUE(b.finished());
    EXPECT_TRUE(bit_identical(a.model().w, b.model().w));
    ASSERT_EQ(a.epoch_history().size(), b.epoch_history().size());
    for (std::size_t e = 0; e < a.epoch_history().size(); ++e)
      EXPECT_TRUE(bit_identical(a.epoch_history()[e].val_loss, b.epoch_history()[e].val_loss));
  }
}

// step() reads each row once for the book's loop (forward, residual and gradient fused, per group
// of rows); the phases read them in three passes. Every shape of the row groups (8 rows, pairs, a
// single row; a feature count that is odd or fills whole SIMD pairs; data large enough to prefetch
// its rows) must give the same bits.
TEST(Phases, FusedStepIsBitForBitThePhasesAtEveryShape) {
  struct Shape { std::int64_t n; int d; std::int64_t batch; };
  for (const Shape s : {Shape{50, 1, 1}, Shape{50, 2, 2}, Shape{61, 3, 7}, Shape{61, 2, 9}, Shape{70, 9, 16},
                        Shape{70, 17, 33}, Shape{9000, 17, 250}}) {
    SCOPED_TRACE("n " + std::to_string(s.n) + ", d " + std::to_string(s.d) + ", batch " + std::to_string(s.batch));
    Config c = small(s.n, s.batch);
    c.max_epochs = 2;
    c.w.assign(static_cast<std::size_t>(s.d), 0.5);
    c.w[0] = -1.25;
    c.noise = 0.3;
    Trainer a(c), b(c);
    while (!a.finished()) {
      const Minibatch& ma = a.step();
      for (int p = 0; p < 4; ++p) b.step_phase();
      const Minibatch& mb = *b.last();
      ASSERT_EQ(ma.indices, mb.indices);
      ASSERT_TRUE(bit_identical(ma.y_hat, mb.y_hat));
      ASSERT_TRUE(bit_identical(ma.residual, mb.residual));
      ASSERT_TRUE(bit_identical(ma.loss, mb.loss));
      ASSERT_TRUE(bit_identical(ma.grad.w, mb.grad.w));
      ASSERT_TRUE(bit_identical(ma.grad.b, mb.grad.b));
      ASSERT_TRUE(bit_identical(ma.grad_norm, mb.grad_norm));
      ASSERT_TRUE(bit_identical(ma.w_after, mb.w_after));
      ASSERT_TRUE(bit_identical(ma.b_after, mb.b_after));
    }
    // And both are the plain sums: the last step's gradient recomputed row by row.
    const Minibatch& last = *a.last();
    const auto& X = a.data().X_train;
    for (int j = 0; j < s.d; ++j) {
      double g = 0.0;
      for (std::size_t k = 0; k < last.indices.size(); ++k) g += last.residual[static_cast<Eigen::Index>(k)] * X(last.indices[k], j);
      EXPECT_TRUE(bit_identical(last.grad.w[j], g / static_cast<double>(last.indices.size())));
    }
  }
}

TEST(Phases, PendingHoldsEachPhasesNumbers) {
  Config c = small();
  Trainer t(c);
  const Vector w0 = t.model().w;
  EXPECT_EQ(t.next_phase(), Trainer::Phase::forward);
  t.step_phase();  // forward: the minibatch and y_hat; nothing changed yet
  const Minibatch& p = t.pending();
  EXPECT_EQ(t.next_phase(), Trainer::Phase::loss);
  EXPECT_EQ(p.step, 1);
  EXPECT_EQ(p.indices.size(), 16u);
  EXPECT_EQ(p.y_hat.size(), 16);
  EXPECT_TRUE(bit_identical(p.w_before, w0));
  EXPECT_EQ(t.global_step(), 0);
  EXPECT_FALSE(t.last().has_value());
  t.step_phase();  // loss
  EXPECT_TRUE(bit_identical(t.pending().residual, Vector(p.y_hat - p.y)));
  EXPECT_GT(t.pending().loss, 0.0);
  t.step_phase();  // gradient
  EXPECT_EQ(t.pending().grad.w.size(), 2);
  EXPECT_TRUE(bit_identical(t.model().w, w0));  // not updated yet
  t.step_phase();  // update
  EXPECT_EQ(t.global_step(), 1);
  EXPECT_FALSE(bit_identical(t.model().w, w0));
}

TEST(Phases, StepFinishesAStartedStepAndMixingKeepsTheBits) {
  Config c = small();
  Trainer a(c), b(c);
  for (int k = 0; k < 20; ++k) {
    a.step();
    for (int p = 0; p < k % 4; ++p) b.step_phase();
    const Minibatch& mb = b.step();  // the rest of the step
    EXPECT_EQ(mb.step, k + 1);
    EXPECT_EQ(step_to_json(*a.last()), step_to_json(mb));
  }
  // fit() finishes a started step first.
  b.step_phase();
  b.step_phase();
  a.fit();
  b.fit();
  EXPECT_TRUE(bit_identical(a.model().w, b.model().w));
  EXPECT_EQ(a.global_step(), b.global_step());
}

TEST(Phases, ResetDropsAStartedStepAndTheEndStillThrows) {
  Config c = small();
  c.max_epochs = 1;
  Trainer t(c);
  t.step_phase();
  t.step_phase();
  t.reset();
  EXPECT_EQ(t.phases_done(), 0);
  EXPECT_EQ(t.next_phase(), Trainer::Phase::forward);
  t.fit();
  EXPECT_THROW(t.step_phase(), TrainerError);
}

}  // namespace
}  // namespace linreg
