#include "bugs.hpp"

#include <limits>

#include "kernels.hpp"

namespace linreg {

const std::vector<BugInfo>& bug_list() {
  static const std::vector<BugInfo> bugs{
      {"none", "No bug", "The book's training step: mean loss, fresh gradients, param -= lr * grad.", "", ""},
      {"no_zero_grad", "Gradients never zeroed",
       "optim.zero_grad() is missing, so .grad accumulates: each step applies the sum of all gradients so far.",
       "self.optim.zero_grad()",
       "The parameters swing around the true values like a spring without friction; the loss falls, then "
       "oscillates instead of settling (or blows up for a larger lr)."},
      {"sum_loss", "Loss summed, not averaged",
       "The loss is the minibatch's sum instead of its mean, so the gradient is batch_size times larger.",
       "return d2l.reduce_mean(l)",
       "The minibatch loss reads about batch_size times larger and every step is batch_size times longer: "
       "lr acts as lr * batch_size, and a rate that was fine now zigzags or diverges."},
      {"shape_broadcast", "y of shape (B,) against y_hat of shape (B, 1)",
       "y_hat - y broadcasts to a B x B matrix of every prediction minus every label; the loss is its mean.",
       "l = (y_hat - y) ** 2 / 2",
       "w shrinks to about w_true / batch_size and b moves to the mean label: a nearly flat line, and the loss stalls "
       "near the labels' variance / 2 instead of the noise's."},
      {"same_batch", "The same minibatch at every step",
       "Every step trains on the first minibatch, as with batch = next(iter(loader)) taken once before the loop.",
       "for batch in self.train_dataloader:",
       "The minibatch loss falls smoothly to almost nothing (no step-to-step noise) while w and b settle on the "
       "first batch's own fit, farther from the truth than the correct run."},
      {"ascent", "Gradient ascent (+ instead of -)",
       "The update adds the gradient, param += lr * grad, climbing the loss instead of descending it.",
       "param -= self.lr * param.grad",
       "The loss rises from the first step and grows geometrically; the parameters run away and the run diverges."},
      {"short_batch_divisor", "Short last batch divided by batch_size",
       "The summed gradient is divided by batch_size even for an epoch's short last batch (the first edition's "
       "sgd), so that step is len(batch) / batch_size as long.",
       "param[:] = param - lr * param.grad / batch_size",
       "Identical to the correct run until the first short last batch, then off by a little: invisible in "
       "the curves, found only by a step-by-step check (needs a batch_size that does not divide num_train)."},
      {"double_mean", "Averaged twice",
       "The first edition's sgd (grad / batch_size) on the current edition's mean loss: the gradient is "
       "divided by batch_size twice.",
       "param -= self.lr * param.grad",
       "Training is batch_size times slower: the loss creeps down and w, b are still far from the truth when "
       "the epochs run out."},
      {"frozen_bias", "Bias left out of the optimizer",
       "configure_optimizers lists only w (SGD([self.w], lr)), so b keeps its initial 0.",
       "return SGD([self.w, self.b], self.lr)",
       "b stays at 0 while w converges (the features have mean 0); the loss stalls near b_true^2 / 2 and the "
       "error in estimating b stays at b_true."},
  };
  return bugs;
}

const BugInfo& bug_info(BugKind bug) { return bug_list().at(static_cast<std::size_t>(bug)); }

bool bug_changes_loss(BugKind bug) {
  return bug == BugKind::sum_loss || bug == BugKind::shape_broadcast || bug == BugKind::short_batch_divisor;
}

namespace {

double mean_of(const Vector& v) {
  double sum = 0.0;
  for (Eigen::Index i = 0; i < v.size(); ++i) sum += v[i];
  return sum / static_cast<double>(v.size());
}

// g = (X_B^T psi / divisor, sum(psi) / divisor), the rows added in order (as squared_loss_gradient).
void divided_gradient(const Matrix& X, const std::vector<int>& rows, const Vector& psi, double divisor, Gradient& g) {
  const Eigen::Index d = X.cols();
  const Eigen::Index m = static_cast<Eigen::Index>(rows.size());
  g.w.setZero(d);
  double* gw = g.w.data();
  kernels::accumulate(X.data(), rows.data(), m, d, psi.data(), gw);
  double gb = 0.0;
  for (Eigen::Index k = 0; k < m; ++k) gb += psi[k];
  for (Eigen::Index j = 0; j < d; ++j) gw[j] /= divisor;
  g.b = gb / divisor;
}

}  // namespace

double bug_loss(BugKind bug, const LossFunction& loss, const Vector& y_hat, const Vector& y, const Vector& residual,
                std::int64_t batch_size) {
  const Eigen::Index m = residual.size();
  if (m == 0) return std::numeric_limits<double>::quiet_NaN();
  if (bug == BugKind::shape_broadcast) {
    const double ybar = mean_of(y);
    double pred = 0.0, label = 0.0;
    for (Eigen::Index i = 0; i < m; ++i) {
      const double p = y_hat[i] - ybar;
      pred += p * p / 2.0;
    }
    for (Eigen::Index j = 0; j < m; ++j) {
      const double q = y[j] - ybar;
      label += q * q / 2.0;
    }
    return (pred + label) / static_cast<double>(m);
  }
  double sum = 0.0;
  for (Eigen::Index i = 0; i < m; ++i) sum += loss.value(residual[i]);
  if (bug == BugKind::sum_loss) return sum;
  if (bug == BugKind::short_batch_divisor) return sum / static_cast<double>(batch_size);
  return sum / static_cast<double>(m);
}

void bug_gradient(BugKind bug, const LossFunction& loss, const Matrix& X, const std::vector<int>& rows,
                  const Vector& y_hat, const Vector& y, const Vector& residual, std::int64_t batch_size, Vector& psi,
                  Gradient& g) {
  const Eigen::Index m = residual.size();
  if (bug == BugKind::shape_broadcast) {
    const double ybar = mean_of(y);
    psi.resize(m);
    for (Eigen::Index i = 0; i < m; ++i) psi[i] = y_hat[i] - ybar;
    divided_gradient(X, rows, psi, static_cast<double>(m), g);
    return;
  }
  loss.derivatives(residual, psi);
  const double divisor = bug == BugKind::sum_loss               ? 1.0
                         : bug == BugKind::short_batch_divisor ? static_cast<double>(batch_size)
                                                               : static_cast<double>(m);
  divided_gradient(X, rows, psi, divisor, g);
}

double broadcast_loss_literal(const Vector& y_hat, const Vector& y) {
  const Eigen::Index m = y.size();
  if (m == 0) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0;
  for (Eigen::Index i = 0; i < y_hat.size(); ++i)
    for (Eigen::Index j = 0; j < m; ++j) {
      const double r = y_hat[i] - y[j];
      sum += r * r / 2.0;
    }
  return sum / static_cast<double>(y_hat.size() * m);
}

void bug_update(BugKind bug, double lr, std::int64_t batch_size, LinearRegressionScratch& model, const Gradient& g) {
  const Eigen::Index d = model.w.size();
  switch (bug) {
    case BugKind::ascent:
      for (Eigen::Index j = 0; j < d; ++j) model.w[j] += lr * g.w[j];
      model.b += lr * g.b;
      break;
    case BugKind::double_mean: {
      const double B = static_cast<double>(batch_size);
      for (Eigen::Index j = 0; j < d; ++j) model.w[j] -= lr * g.w[j] / B;
      model.b -= lr * g.b / B;
      break;
    }
    case BugKind::frozen_bias:
      for (Eigen::Index j = 0; j < d; ++j) model.w[j] -= lr * g.w[j];
      break;
    default:
      for (Eigen::Index j = 0; j < d; ++j) model.w[j] -= lr * g.w[j];
      model.b -= lr * g.b;
  }
}

}  // namespace linreg
