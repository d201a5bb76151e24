// The per-step loss record of a run, bounded so that a run of any length keeps a fixed amount of
// memory: every step is kept exactly up to kMaxKept steps; beyond that the record is thinned
// evenly (every 2nd step, then every 4th, ..., never more than kMaxKept records), and the most
// recent kRecent steps are always kept exactly as well, so that a reader who follows the run
// (the page asks for the steps since its last look, every frame) still sees every step.
// At most kMaxKept + kRecent records (1.25 MiB), reserved when the run starts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace linreg {

struct StepRecord {
  double epoch_fraction;  // epochs completed after this step: (global step) / num_batches
  double loss;            // minibatch loss
};

class StepHistory {
 public:
  static constexpr std::size_t kMaxKept = std::size_t{1} << 16;  // 65,536
  static constexpr std::size_t kRecent = std::size_t{1} << 14;   // 16,384

  // Forgets every step; reserves the memory a run of `planned_steps` steps will use.
  void clear(std::int64_t planned_steps);
  // Reserves for a run that may now be longer (after max_epochs grew).
  void reserve(std::int64_t planned_steps);
  // The record of the next step, steps() + 1.
  void push(const StepRecord& record);

  std::int64_t steps() const { return steps_; }  // steps recorded so far
  bool thinned() const { return stride_ > 1; }
  // The evenly thinned record of the whole run: steps 1, 1 + stride, 1 + 2 stride, ... (every
  // step, stride 1, until the run is longer than kMaxKept steps).
  const std::vector<StepRecord>& kept() const { return kept_; }
  std::int64_t stride() const { return stride_; }

  struct Entry {
    std::int64_t step;  // 1-based
    StepRecord record;
  };
  // The recorded steps after `from` (0 .. steps()), in order: every one of the last kRecent steps,
  // and the kept ones before them.
  std::vector<Entry> since(std::int64_t from) const;

 private:
  void compact();  // keeps every other kept record; the stride doubles

  std::vector<StepRecord> kept_;
  std::vector<StepRecord> recent_;  // ring of the last kRecent steps (filled once thinned)
  std::size_t oldest_ = 0;          // position of the oldest step in recent_
  std::int64_t steps_ = 0;
  std::int64_t stride_ = 1;
};

}  // namespace linreg
