// Why a run diverged, and which learning rate would not have: the report behind the page's and the
// command line's message when a loss, gradient or parameter stops being finite (the Trainer stops
// at that step; see Trainer::diverged_step).
//
// For the squared loss, minibatch SGD is gradient descent on a quadratic with curvature
// M = A^T A / n, A = [X 1] (landscape.hpp): gradient descent on the whole training set converges
// for lr < 2 / lambda_max(M) and overshoots more every step above it, so a run with lr above that
// limit runs away; and since every minibatch's own M_B has lambda_max(M_B) <= max_i (|x_i|^2 + 1),
// below 2 / max_i (|x_i|^2 + 1) no minibatch step can overshoot, whatever the batch. The absolute
// and Huber losses have bounded gradients and cannot run away like that. A run below the limit
// (or on those losses) diverges only because the numbers themselves overflow: a label or feature
// so large (an outlier of 1e200) that its square is not a finite double, and no learning rate
// helps; the report then says so.
#pragma once

#include <cstdint>
#include <string>

#include "trainer.hpp"

namespace linreg {

// Why, decided once here; each surface words it (the message below, the page's status line):
//   lr_above_limit  the squared loss, lr >= 2 / lambda_max: gradient descent itself overshoots;
//   lr_minibatch    the squared loss, below that limit but lr >= safe_lr: a minibatch overshoots;
//   lr_overflow     another loss: lr x gradient grew the parameters beyond double precision;
//   data_overflow   not the learning rate: the data's numbers are too large to square.
enum class DivergenceCause { lr_above_limit, lr_minibatch, lr_overflow, data_overflow };
// "lr_above_limit", "lr_minibatch", "lr_overflow", "data_overflow".
const char* cause_name(DivergenceCause cause);

struct Divergence {
  std::int64_t step = 0;  // 1-based step where a value stopped being finite; 0: not diverged
  std::string what;       // the first value that was not finite: "loss", "gradient" or "parameters"
  double lr = 0.0;        // the learning rate of that step
  // 2 / lambda_max of the training data (squared and Huber losses), NaN when not computed (data
  // too large for the eigenvalues: then 2 / trace(M), a lower bound of it, stands in).
  double lr_limit = 0.0;
  bool lr_limit_is_bound = false;  // lr_limit is 2 / trace(M), not 2 / lambda_max
  double safe_lr = 0.0;            // 2 / max_i (|x_i|^2 + 1): every minibatch step is stable below it
  bool lr_is_the_cause = false;    // a smaller learning rate would have kept the run finite
  DivergenceCause cause = DivergenceCause::data_overflow;
  double max_abs_label = 0.0;      // over the training set
  double max_abs_feature = 0.0;
  std::string message;  // what happened and what to do, for the user
};

// The report for a diverged trainer (step 0 and an empty message when it has not diverged).
// Costs one pass over the training data and, when affordable, its eigenvalues (landscape.hpp).
Divergence diagnose_divergence(const Trainer& trainer);

}  // namespace linreg
