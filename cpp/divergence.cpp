#include "divergence.hpp"

#include <algorithm>
#include <cmath>

#include "bugs.hpp"
#include "format.hpp"
#include "landscape.hpp"

namespace linreg {

namespace {

// A number as people read it: 4 significant digits.
std::string num(double x) { return significant(x, 4); }

}  // namespace

const char* cause_name(DivergenceCause cause) {
  switch (cause) {
    case DivergenceCause::lr_above_limit: return "lr_above_limit";
    case DivergenceCause::lr_minibatch: return "lr_minibatch";
    case DivergenceCause::lr_overflow: return "lr_overflow";
    default: return "data_overflow";
  }
}

Divergence diagnose_divergence(const Trainer& t) {
  Divergence d;
  if (!t.diverged() || !t.last()) return d;
  const Minibatch& mb = *t.last();
  d.step = t.diverged_step();
  d.lr = mb.lr;
  if (!std::isfinite(mb.loss)) d.what = "loss";
  else if (!all_finite(mb.grad.w) || !std::isfinite(mb.grad.b)) d.what = "gradient";
  else d.what = "parameters";

  // One pass: the largest label, feature and |x_i|^2 + 1, and trace(M) = mean of |x_i|^2 + 1.
  const Matrix& X = t.data().X_train;
  const Vector& y = t.data().y_train;
  double max_row = 0.0, trace = 0.0;
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    double row = 1.0;
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
      const double x = X(i, j);
      row += x * x;
      d.max_abs_feature = std::max(d.max_abs_feature, std::fabs(x));
    }
    max_row = std::max(max_row, row);
    trace += row;
    d.max_abs_label = std::max(d.max_abs_label, std::fabs(y[i]));
  }
  trace /= static_cast<double>(std::max<Eigen::Index>(X.rows(), 1));
  d.safe_lr = 2.0 / max_row;

  const LossKind loss = t.config().loss;
  const Curvature c = loss == LossKind::absolute ? Curvature{} : curvature(X);
  if (c.available && std::isfinite(c.lr_limit) && c.lr_limit > 0) {
    d.lr_limit = c.lr_limit;
  } else {
    d.lr_limit = 2.0 / trace;
    d.lr_limit_is_bound = true;
  }
  if (loss == LossKind::absolute) d.lr_limit = std::nan("");
  // The squared loss runs away when a step overshoots: at or above lr_limit for the whole data,
  // at or above safe_lr for some minibatch; below safe_lr it cannot, and only numbers too large to
  // square can make it overflow. The other losses have bounded gradients: the parameters overflow
  // only when lr x gradient does (a huge rate), unless the data itself is near the largest double.
  const bool squared = loss == LossKind::squared;
  if (squared) {
    d.lr_is_the_cause = std::isfinite(max_row) && d.lr >= d.safe_lr;
  } else {
    d.lr_is_the_cause = d.max_abs_label < 1e300 && d.max_abs_feature < 1e300;
  }

  if (d.lr_is_the_cause && squared && std::isfinite(d.lr_limit) && d.lr >= d.lr_limit)
    d.cause = DivergenceCause::lr_above_limit;
  else if (d.lr_is_the_cause && squared && d.lr >= d.safe_lr)
    d.cause = DivergenceCause::lr_minibatch;
  else if (d.lr_is_the_cause)
    d.cause = DivergenceCause::lr_overflow;
  else
    d.cause = DivergenceCause::data_overflow;

  std::string m = "training diverged at step " + std::to_string(d.step) + ": the " + d.what +
                  " stopped being finite. ";
  const std::string limit = (d.lr_limit_is_bound ? "2 / trace(M) = " : "2 / lambda_max = ") + num(d.lr_limit);
  switch (d.cause) {
    case DivergenceCause::lr_above_limit:
      m += "The learning rate " + num(d.lr) + " is above " + limit +
           ", beyond which gradient descent on this data overshoots more at every step: reset with lr below " +
           num(d.lr_limit) + " (below " + num(d.safe_lr) + " no minibatch step can overshoot).";
      break;
    case DivergenceCause::lr_minibatch:
      m += "The learning rate " + num(d.lr) + " is below " + limit + " but above 2 / max(|x|^2 + 1) = " +
           num(d.safe_lr) + ", so a single minibatch can overshoot: reset with lr below " + num(d.safe_lr) + ".";
      break;
    case DivergenceCause::lr_overflow:
      m += "With lr = " + num(d.lr) + " the steps lr x gradient grew the parameters beyond double precision: reset "
           "with a far smaller learning rate.";
      break;
    case DivergenceCause::data_overflow:
      m += "The learning rate is not the cause";
      if (squared && std::isfinite(max_row)) m += " (" + num(d.lr) + " is below 2 / max(|x|^2 + 1) = " + num(d.safe_lr) + ", where no step can overshoot)";
      m += ": the data's numbers are too large for double precision (the largest |label| is " +
           num(d.max_abs_label) + ", the largest |feature| " + num(d.max_abs_feature) +
           "); no learning rate helps. Rescale the data or remove the outlier.";
      break;
  }
  const BugKind bug = t.config().bug;
  if (bug != BugKind::none)
    m += std::string(" This run simulates the bug \"") + bug_info(bug).name + "\" (" + bug_info(bug).title +
         "), which changes the step this analysis assumes" +
         (bug == BugKind::ascent ? ": gradient ascent climbs the loss and runs away at any learning rate." : ".");
  d.message = m;
  return d;
}

}  // namespace linreg
