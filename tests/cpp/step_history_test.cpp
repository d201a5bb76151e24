// StepHistory: exact up to kMaxKept steps, then an evenly thinned record of the whole run plus
// every one of the last kRecent steps, in at most kMaxKept + kRecent records; and a Trainer's
// record against the losses its steps returned.
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "step_history.hpp"
#include "test_util.hpp"
#include "trainer.hpp"

namespace linreg {
namespace {

using testing::bit_identical;

constexpr auto kMaxKept = static_cast<std::int64_t>(StepHistory::kMaxKept);
constexpr auto kRecent = static_cast<std::int64_t>(StepHistory::kRecent);

// A record that says which step it is: loss = step, fraction = step / 10.
StepRecord record(std::int64_t step) { return {static_cast<double>(step) / 10.0, static_cast<double>(step)}; }

StepHistory filled(std::int64_t steps) {
  StepHistory h;
  h.clear(steps);
  for (std::int64_t s = 1; s <= steps; ++s) h.push(record(s));
  return h;
}

void expect_entries_are_their_steps(const std::vector<StepHistory::Entry>& entries) {
  for (std::size_t k = 0; k < entries.size(); ++k) {
    EXPECT_EQ(entries[k].record.loss, static_cast<double>(entries[k].step));
    if (k > 0) {
      EXPECT_GT(entries[k].step, entries[k - 1].step);
    }
  }
}

TEST(StepHistory, ExactUpToTheCap) {
  const StepHistory h = filled(kMaxKept);
  EXPECT_FALSE(h.thinned());
  ASSERT_EQ(static_cast<std::int64_t>(h.kept().size()), kMaxKept);
  for (std::int64_t s = 1; s <= kMaxKept; ++s) EXPECT_EQ(h.kept()[static_cast<std::size_t>(s - 1)].loss, s);
  const auto all = h.since(0);
  ASSERT_EQ(static_cast<std::int64_t>(all.size()), kMaxKept);
  expect_entries_are_their_steps(all);
  const auto tail = h.since(kMaxKept - 3);
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_EQ(tail[0].step, kMaxKept - 2);
  EXPECT_TRUE(h.since(kMaxKept).empty());
  EXPECT_TRUE(h.since(kMaxKept + 100).empty());  // clamped
}

TEST(StepHistory, ThinnedEvenlyBeyondTheCapWithEveryRecentStep) {
  for (const std::int64_t steps : {kMaxKept + 1, 3 * kMaxKept + 12345, 40 * kMaxKept + 7}) {
    SCOPED_TRACE(steps);
    const StepHistory h = filled(steps);
    EXPECT_TRUE(h.thinned());
    EXPECT_EQ(h.steps(), steps);
    EXPECT_LE(static_cast<std::int64_t>(h.kept().size()), kMaxKept);
    EXPECT_GE(static_cast<std::int64_t>(h.kept().size()), kMaxKept / 2);
    // The kept record: steps 1, 1 + stride, ... evenly.
    for (std::size_t k = 0; k < h.kept().size(); ++k)
      ASSERT_EQ(h.kept()[k].loss, static_cast<double>(static_cast<std::int64_t>(k) * h.stride() + 1));
    // A reader that follows the run gets every recent step.
    for (const std::int64_t behind : {std::int64_t{0}, std::int64_t{1}, std::int64_t{1000}, kRecent}) {
      const auto e = h.since(steps - behind);
      ASSERT_EQ(static_cast<std::int64_t>(e.size()), behind);
      expect_entries_are_their_steps(e);
      if (behind > 0) {
        EXPECT_EQ(e.front().step, steps - behind + 1);
      }
    }
    // From the start: the thinned record, then every recent step; at most kMaxKept + kRecent.
    const auto all = h.since(0);
    expect_entries_are_their_steps(all);
    EXPECT_LE(static_cast<std::int64_t>(all.size()), kMaxKept + kRecent);
    EXPECT_EQ(all.front().step, 1);
    EXPECT_EQ(all.back().step, steps);
    EXPECT_EQ(all[all.size() - static_cast<std::size_t>(kRecent)].step, steps - kRecent + 1);
    // From the middle: only steps after it.
    const auto mid = h.since(steps / 2);
    expect_entries_are_their_steps(mid);
    EXPECT_GT(mid.front().step, steps / 2);
  }
}

TEST(StepHistory, ClearStartsOver) {
  StepHistory h = filled(2 * kMaxKept);
  h.clear(10);
  EXPECT_EQ(h.steps(), 0);
  EXPECT_FALSE(h.thinned());
  EXPECT_TRUE(h.since(0).empty());
  h.push(record(1));
  EXPECT_EQ(h.kept().size(), 1u);
}

// A long run (200,000 steps): the record holds the very losses the steps returned, and two runs of
// the same config record the same bits.
TEST(StepHistory, ATrainersRecordIsItsStepsLosses) {
  Config c;
  c.num_train = 20;
  c.num_val = 0;
  c.batch_size = 2;  // 10 steps an epoch
  c.max_epochs = 20000;
  Trainer t(c);
  std::vector<double> losses;
  while (!t.finished()) losses.push_back(t.step().loss);
  ASSERT_EQ(losses.size(), 200000u);
  const StepHistory& log = t.step_log();
  EXPECT_TRUE(log.thinned());
  for (const auto& e : log.since(0)) {
    ASSERT_TRUE(bit_identical(e.record.loss, losses[static_cast<std::size_t>(e.step - 1)])) << "step " << e.step;
    ASSERT_EQ(e.record.epoch_fraction, static_cast<double>(e.step) / 10.0);
  }
  Trainer again(c);
  again.fit();
  ASSERT_EQ(again.step_history().size(), t.step_history().size());
  for (std::size_t k = 0; k < t.step_history().size(); ++k)
    ASSERT_TRUE(bit_identical(again.step_history()[k].loss, t.step_history()[k].loss));
  ASSERT_EQ(t.epoch_history().size(), 20000u);  // epochs are all kept
}

}  // namespace
}  // namespace linreg
