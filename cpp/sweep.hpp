// The learning-rate sweep of the section's exercise 6: the same run (same data, same
// initialization, same minibatch order) for each of a list of learning rates, to the end.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "data.hpp"

namespace linreg {

struct SweepRun {
  double lr = 0.0;
  double initial_train_loss = 0.0;    // over the whole training set before the first step
  double final_train_loss = 0.0;      // after the last epoch (NaN when it stopped as non-finite)
  std::int64_t diverged_step = 0;     // the step where a value stopped being finite (0: none)
  bool diverged = false;              // non-finite, or the final loss above the initial loss
  std::vector<double> epoch_train_loss;  // after each completed epoch
  Vector w;                           // the parameters at the end
  double b = 0.0;
};

inline constexpr std::size_t kMaxSweepRates = 100;
// Every rate's run is trained to its end in one call: at most this many multiply-adds in all
// (about rates x max_epochs x (2 num_train + num_val) x (d + 1); a second or two in the browser,
// which asks for one rate at a time), and at most kMaxSweepEpochs epoch losses kept (80 MB), so
// that a sweep never hangs the page or exhausts its memory.
inline constexpr double kMaxSweepWork = 1e9;
inline constexpr double kMaxSweepEpochs = 1e7;

// Throws ConfigError for an invalid config or list ('lrs': 1 to 100 finite numbers > 0), or a run
// beyond the budgets above. With
// `data`, every run trains on it (the user's own data) instead of the config's generated data.
// "a list of 1 to 100 learning rates", the rule of 'lrs' in the messages.
std::string lrs_rule();

std::vector<SweepRun> lr_sweep(const Config& config, const std::vector<double>& lrs,
                               std::shared_ptr<const SyntheticRegressionData> data = nullptr);

}  // namespace linreg
