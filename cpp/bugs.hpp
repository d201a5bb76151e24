// The classic mistakes of a from-scratch implementation, simulated exactly: each bug's name, a
// one-line description, the line of the book's code it breaks and the symptom to look for, and the
// pieces of the training step it changes (the loss, the gradient written to .grad, the update).
// The trainer (trainer.cpp) runs them; docs/bugs.md derives each rule.
#pragma once

#include <cstdint>
#include <vector>

#include "config.hpp"
#include "losses.hpp"
#include "model.hpp"

namespace linreg {

struct BugInfo {
  const char* name;         // the config's value, e.g. "sum_loss"
  const char* title;        // a few words
  const char* description;  // one line: what the code does wrong
  const char* code_line;    // the line of the book's code it breaks, as the book writes it
  const char* symptom;      // what to look for in the run
};

// Every bug in the order of BugKind, "none" (the book's correct step) first.
const std::vector<BugInfo>& bug_list();
const BugInfo& bug_info(BugKind bug);

// Whether the bug changes the minibatch loss (and with it the gradient the loss defines):
// sum_loss, shape_broadcast and short_batch_divisor. The other bugs keep the book's mean loss.
bool bug_changes_loss(BugKind bug);

// The minibatch loss under a bug that changes it (residual = y_hat - y, m = its size, B = batch_size):
//   sum_loss             sum_i loss(r_i)                       (l.sum() instead of the mean)
//   short_batch_divisor  sum_i loss(r_i) / B                   (divided by B, not by m)
//   shape_broadcast      mean over the m x m matrix (y_hat_i - y_j)^2 / 2, computed as
//                        (sum_i (y_hat_i - ybar)^2 / 2 + sum_j (y_j - ybar)^2 / 2) / m, ybar = mean(y)
//                        (the squared loss only: the config rejects it with another loss)
double bug_loss(BugKind bug, const LossFunction& loss, const Vector& y_hat, const Vector& y, const Vector& residual,
                std::int64_t batch_size);
// The gradient of that loss into g (psi: scratch, resized):
//   sum_loss             X_B^T psi,      sum(psi)        psi_i = loss'(r_i)
//   short_batch_divisor  X_B^T psi / B,  sum(psi) / B
//   shape_broadcast      X_B^T psi / m,  sum(psi) / m    psi_i = y_hat_i - ybar
void bug_gradient(BugKind bug, const LossFunction& loss, const Matrix& X, const std::vector<int>& rows,
                  const Vector& y_hat, const Vector& y, const Vector& residual, std::int64_t batch_size, Vector& psi,
                  Gradient& g);
// The shape bug's loss computed literally, as PyTorch broadcasts it: the mean of (y_hat_i - y_j)^2 / 2
// over all i, j (O(m^2); for tests).
double broadcast_loss_literal(const Vector& y_hat, const Vector& y);

// SGD's update under the bug (the book's param -= lr * grad for the others):
//   ascent       param += lr * grad
//   double_mean  param -= lr * grad / B   (the first edition's sgd on the current edition's mean loss)
//   frozen_bias  w -= lr * grad_w; b is not in the optimizer's list and stays
void bug_update(BugKind bug, double lr, std::int64_t batch_size, LinearRegressionScratch& model, const Gradient& g);

}  // namespace linreg
