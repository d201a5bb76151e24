#include "trainer.hpp"

#include "bugs.hpp"
#include "divergence.hpp"

#include "datasets.hpp"
#include "schema.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace linreg {

namespace {

// Epoch records reserved up front (a run of more epochs grows its list beyond this).
constexpr std::int64_t kReservedEpochs = 1 << 16;
// Parameters kept for the training losses not yet computed (1 MiB).
constexpr Eigen::Index kMaxPendingValues = 1 << 17;

}  // namespace

Trainer::Trainer(const Config& config) : config_(config) {
  config_.check();
  start();
}

Trainer::Trainer(const Config& config, std::shared_ptr<const SyntheticRegressionData> data)
    : config_(config), given_data_(std::move(data)) {
  config_.check();
  if (!given_data_) throw ConfigError("internal error: no data given");
  const auto& d = *given_data_;
  if (d.num_features() != static_cast<Eigen::Index>(config_.w.size()) || d.X_val.cols() != d.num_features())
    throw ConfigError("'w' must have one entry per feature of the data (" + std::to_string(d.num_features()) +
                      "), got a list of " + std::to_string(config_.w.size()));
  if (d.num_train() != config_.num_train || d.num_val() != config_.num_val)
    throw ConfigError("'num_train' + 'num_val' must be the data's " + std::to_string(d.num_train() + d.num_val()) +
                      " rows, got " + std::to_string(config_.num_train) + " + " + std::to_string(config_.num_val));
  start();
}

void Trainer::start(bool regenerate) {
  // The data is a function of the config (its seed included), so a reset with the same config
  // keeps it. A new data set is made in full before it replaces the old one (moved, not copied:
  // one copy of X at a time once it is in place), so a failure leaves the old one untouched.
  if (regenerate) {
    if (given_data_) {
      data_ = *given_data_;
    } else {
      data_ = make_dataset(config_);
    }
  }
  model_ = LinearRegressionScratch(data_.num_features(), config_.sigma, config_.seed);
  // The initialization override: the normal draws above were made all the same (they come from
  // their own stream, Stream::init), so the data and the shuffling are the run's without it.
  if (config_.init_w) model_.w = Eigen::Map<const Vector>(config_.init_w->data(), data_.num_features());
  if (config_.init_b) model_.b = *config_.init_b;
  initial_model_ = model_;
  shuffle_rng_ = make_rng(config_.seed, Stream::shuffle);
  order_.clear();
  grad_sum_.w.setZero(data_.num_features());
  grad_sum_.b = 0.0;
  first_batch_.clear();
  phases_done_ = 0;
  epoch_ = batch_ = global_step_ = examples_seen_ = diverged_step_ = 0;
  last_.reset();
  // The records of the whole run are reserved now (bounded: see step_history.hpp), so that
  // memory stays flat while it trains.
  steps_.clear(config_.max_epochs * num_batches());
  epochs_.clear();
  pending_train_loss_ = 0;
  pending_params_.clear();
  reserve_pending();
  start_train_loss_.reset();
  data_overflow_.reset();
  epochs_.reserve(static_cast<std::size_t>(std::min<std::int64_t>(config_.max_epochs, kReservedEpochs)));
}

void Trainer::reset() { start(/*regenerate=*/false); }

double Trainer::start_train_loss() const {
  if (!start_train_loss_)
    start_train_loss_ = mean_loss(initial_model_, data_.X_train, data_.y_train, LossFunction::of(config_));
  return *start_train_loss_;
}

bool Trainer::diverging() const {
  return diverged() || (!epoch_history().empty() && loss_grew(start_train_loss(), epochs_.back().train_loss));
}

const std::vector<EpochRecord>& Trainer::epoch_history() const {
  settle_train_losses();
  return epochs_;
}

// The end-of-epoch training loss is a whole pass over X, as long as the epoch's steps for a large
// batch: made only when a record is read (the page's state() reads the last one, the exports all),
// not by epochs run back to back that nobody looks at. Pending models are kept up to
// kMaxPendingValues parameters (then they are settled at the epoch's end).
void Trainer::settle_train_losses() const {
  if (pending_train_loss_ == epochs_.size()) return;
  const LossFunction loss = LossFunction::of(config_);
  const Eigen::Index d = model_.w.size();  // settle_model_.w has this size (reserve_pending)
  for (std::size_t k = 0; pending_train_loss_ < epochs_.size(); ++pending_train_loss_, ++k) {
    const double* p = pending_params_.data() + static_cast<Eigen::Index>(k) * (d + 1);
    settle_model_.w = Eigen::Map<const Vector>(p, d);
    settle_model_.b = p[d];
    epochs_[pending_train_loss_].train_loss = mean_loss(settle_model_, data_.X_train, data_.y_train, loss);
  }
  pending_params_.clear();
}

// The waiting parameters' memory, reserved with the run's (at most kMaxPendingValues), so that
// memory stays flat while it trains.
void Trainer::reserve_pending() {
  const std::int64_t per_epoch = static_cast<std::int64_t>(data_.num_features()) + 1;
  const std::int64_t epochs = std::min<std::int64_t>(config_.max_epochs, kMaxPendingValues / per_epoch + 1);
  pending_params_.reserve(static_cast<std::size_t>(std::min<std::int64_t>(epochs * per_epoch, kMaxPendingValues + per_epoch)));
  settle_model_.w.resize(data_.num_features());
}

void Trainer::reset(std::uint64_t seed) {
  Config next = config_;
  next.seed = seed;
  next.check();
  const Config previous = config_;
  config_ = next;
  try {
    start(/*regenerate=*/!given_data_);  // given data does not depend on the seed
  } catch (...) {
    config_ = previous;  // e.g. out of memory while making the new data: the run is as it was
    throw;
  }
}

void Trainer::set_live(const std::string& key, double value) {
  Config next = config_;
  live_field(key).set_number(next, value);
  apply_live(key, next);
}

void Trainer::set_max_epochs(std::int64_t max_epochs) {
  Config next = config_;
  next.max_epochs = max_epochs;  // exact, beyond 2^53 too (for the message)
  apply_live("max_epochs", next);
}

void Trainer::apply_live(const std::string& key, const Config& next) {
  (void)live_field(key);
  next.check();
  settle_train_losses();  // the epochs before keep the loss they ended with, whatever a live change does
  config_ = next;
  // More epochs: the history's memory for them (nothing when it is already there).
  steps_.reserve(config_.max_epochs * num_batches());
  epochs_.reserve(static_cast<std::size_t>(std::min<std::int64_t>(config_.max_epochs, kReservedEpochs)));
  reserve_pending();
}

void Trainer::check_can_step() const {
  if (diverged()) {
    // The one cause the divergence report names: the learning rate, or the data (no rate helps).
    if (!data_overflow_) data_overflow_ = diagnose_divergence(*this).cause == DivergenceCause::data_overflow;
    throw TrainerError("training diverged at step " + std::to_string(diverged_step_) +
                       (*data_overflow_ ? "; the data's numbers are too large for double precision, and no learning "
                                          "rate helps: rescale the data or remove the outlier"
                                        : "; reset and try a smaller learning rate"));
  }
  if (finished())
    throw TrainerError("training is finished after " + std::to_string(config_.max_epochs) +
                       " epochs; reset or raise max_epochs");
}

const Minibatch& Trainer::step() {
  if (phases_done_ == 0) {
    check_can_step();
    // The book's loop (squared loss, no bug) between steps: forward, loss and gradient with one read
    // of each row. Phase by phase gives the same bits (the same expressions, in the same order).
    if (config_.bug == BugKind::none && config_.loss == LossKind::squared) {
      Minibatch& mb = next_;
      begin_minibatch();
      forward_and_squared_loss_gradient(model_, data_.X_train, mb.indices, mb.y, mb.y_hat, mb.residual, mb.grad);
      mb.loss = squared_loss(mb.y_hat, mb.y);
      finish_gradient();
      phase_update();
      return *last_;
    }
  }
  while (advance() != Phase::update) {
  }
  return *last_;
}

Trainer::Phase Trainer::step_phase() {
  if (phases_done_ == 0) check_can_step();
  return advance();
}

Trainer::Phase Trainer::next_phase() const { return static_cast<Phase>(phases_done_); }

Trainer::Phase Trainer::advance() {
  const Phase phase = next_phase();
  switch (phase) {
    case Phase::forward: phase_forward(); break;
    case Phase::loss: phase_loss(); break;
    case Phase::gradient: phase_gradient(); break;
    case Phase::update: phase_update(); break;
  }
  phases_done_ = phase == Phase::update ? 0 : phases_done_ + 1;
  return phase;
}

// The step is built in next_, whose buffers are reused from step to step (no allocation once the
// sizes repeat), and becomes last_ at the end of the update.
void Trainer::phase_forward() {
  begin_minibatch();
  model_.forward(data_.X_train, &next_.indices, next_.y_hat);
}

// The next minibatch's rows (reshuffled at an epoch's start), labels and parameters before the step.
void Trainer::begin_minibatch() {
  const std::int64_t n = config_.num_train;
  if (batch_ == 0) {  // a new epoch: the book's dataloader reshuffles here
    order_.resize(static_cast<std::size_t>(n));
    std::iota(order_.begin(), order_.end(), 0);
    if (config_.shuffle) {
      shuffle_rng_.shuffle(order_);
    } else if (config_.sort_by_label) {  // ascending labels, ties in generated order
      const Vector& y = data_.y_train;
      std::stable_sort(order_.begin(), order_.end(), [&y](int a, int b) { return y[a] < y[b]; });
    }
  }
  const std::int64_t begin = batch_ * config_.batch_size;
  const std::int64_t end = std::min(begin + config_.batch_size, n);

  Minibatch& mb = next_;
  mb.step = global_step_ + 1;
  mb.epoch = epoch_;
  mb.batch = batch_;
  mb.indices.assign(order_.begin() + begin, order_.begin() + end);
  if (config_.bug == BugKind::same_batch) {  // the first minibatch, at every step
    if (global_step_ == 0) first_batch_ = mb.indices;
    mb.indices = first_batch_;
  }
  const Eigen::Index m = static_cast<Eigen::Index>(mb.indices.size());
  mb.y.resize(m);
  const double* y_train = data_.y_train.data();
  for (Eigen::Index k = 0; k < m; ++k) mb.y.data()[k] = y_train[mb.indices[static_cast<std::size_t>(k)]];
  mb.w_before = model_.w;
  mb.b_before = model_.b;
}

void Trainer::phase_loss() {
  Minibatch& mb = next_;
  mb.residual = mb.y_hat - mb.y;
  if (bug_changes_loss(config_.bug)) {
    mb.loss = bug_loss(config_.bug, LossFunction::of(config_), mb.y_hat, mb.y, mb.residual, config_.batch_size);
    return;
  }
  mb.loss = config_.loss == LossKind::squared ? squared_loss(mb.y_hat, mb.y) : LossFunction::of(config_).mean(mb.residual);
}

void Trainer::phase_gradient() {
  // backward (dL/dw = X_B^T psi / m with psi = loss'(r): the residual itself for the squared
  // loss), then clip
  Minibatch& mb = next_;
  if (bug_changes_loss(config_.bug)) {
    bug_gradient(config_.bug, LossFunction::of(config_), data_.X_train, mb.indices, mb.y_hat, mb.y, mb.residual,
                 config_.batch_size, psi_, mb.grad);
  } else if (config_.loss == LossKind::squared) {
    squared_loss_gradient(data_.X_train, mb.indices, mb.residual, mb.grad);
  } else {
    LossFunction::of(config_).derivatives(mb.residual, psi_);
    squared_loss_gradient(data_.X_train, mb.indices, psi_, mb.grad);
  }
  if (config_.bug == BugKind::no_zero_grad) {  // .grad += this step's gradient (backward adds into it)
    for (Eigen::Index j = 0; j < mb.grad.w.size(); ++j) grad_sum_.w[j] += mb.grad.w[j];
    grad_sum_.b += mb.grad.b;
    mb.grad.w = grad_sum_.w;
    mb.grad.b = grad_sum_.b;
  }
  finish_gradient();
}

// The gradient's norm, then clipping.
void Trainer::finish_gradient() {
  Minibatch& mb = next_;
  mb.grad_norm = mb.grad.norm();
  mb.clipped = clip_gradients(mb.grad, config_.gradient_clip_val);
  if (config_.bug == BugKind::no_zero_grad && mb.clipped) {  // clipping scales .grad in place: it stays scaled
    grad_sum_.w = mb.grad.w;
    grad_sum_.b = mb.grad.b;
  }
}

void Trainer::phase_update() {
  Minibatch& mb = next_;
  mb.lr = config_.lr;
  const bool finite_grad = std::isfinite(mb.loss) && all_finite(mb.grad.w) && std::isfinite(mb.grad.b);
  if (finite_grad) {
    if (config_.bug == BugKind::none) SGD{config_.lr}.step(model_, mb.grad);
    else bug_update(config_.bug, config_.lr, config_.batch_size, model_, mb.grad);
  }
  mb.w_after = model_.w;
  mb.b_after = model_.b;

  ++global_step_;
  ++batch_;
  examples_seen_ += static_cast<std::int64_t>(mb.indices.size());
  steps_.push({static_cast<double>(global_step_) / static_cast<double>(num_batches()), mb.loss});
  if (!finite_grad || !all_finite(model_.w) || !std::isfinite(model_.b)) diverged_step_ = global_step_;

  if (batch_ == num_batches() && !diverged()) {  // end of the epoch: evaluate
    const double val_loss = mean_loss(model_, data_.X_val, data_.y_val, LossFunction::of(config_));
    ++epoch_;
    batch_ = 0;
    epochs_.push_back({epoch_, std::numeric_limits<double>::quiet_NaN(), val_loss});  // train_loss: when read
    pending_params_.insert(pending_params_.end(), model_.w.data(), model_.w.data() + model_.w.size());
    pending_params_.push_back(model_.b);
    if (static_cast<Eigen::Index>(pending_params_.size()) > kMaxPendingValues) settle_train_losses();
  }
  if (last_) {
    swap(*last_, next_);
  } else {
    last_.emplace(std::move(next_));
  }
}

std::int64_t Trainer::fit_epoch() {
  if (finished() || diverged()) step();  // throws the explanatory message
  std::int64_t taken = 0;
  const std::int64_t target = epoch_ + 1;
  while (epoch_ < target && !diverged()) {
    step();
    ++taken;
  }
  return taken;
}

std::int64_t Trainer::fit() {
  if (finished() || diverged()) step();  // throws the explanatory message
  std::int64_t taken = 0;
  while (!finished() && !diverged()) {
    step();
    ++taken;
  }
  return taken;
}

}  // namespace linreg
