// The book's Trainer: fit() runs fit_epoch() max_epochs times; fit_epoch() walks the reshuffled
// training set in minibatches (keeping the short last one), then evaluates on the validation set.
// Here the loop can also be advanced one minibatch at a time, and every number is readable.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "config.hpp"
#include "data.hpp"
#include "losses.hpp"
#include "model.hpp"
#include "random.hpp"
#include "sgd.hpp"
#include "step_history.hpp"

namespace linreg {

// Thrown for a call that the trainer's state does not allow (stepping a finished run, ...).
class TrainerError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Everything about the most recent minibatch update.
struct Minibatch {
  std::int64_t step = 0;       // global step number, 1-based
  std::int64_t epoch = 0;      // 0-based epoch it belongs to
  std::int64_t batch = 0;      // 0-based index within the epoch
  std::vector<int> indices;    // training-set rows, in the order used
  Vector y;                    // labels of those rows
  Vector y_hat;                // predictions before the update
  Vector residual;             // y_hat - y
  double loss = 0.0;           // mean squared loss / 2 over the minibatch
  Gradient grad;               // the gradient applied (after clipping)
  double grad_norm = 0.0;      // global L2 norm before clipping
  bool clipped = false;        // whether clipping scaled the gradient
  double lr = 0.0;             // learning rate used
  Vector w_before;             // parameters before the update
  double b_before = 0.0;
  Vector w_after;              // parameters after the update
  double b_after = 0.0;

  // Exchanges every field (the vectors' buffers change hands, nothing is copied or freed): the
  // trainer swaps the step it built with the last one at every step. A field added above must be
  // added here (tests/cpp/trainer_test.cpp, Minibatch.SwapExchangesEveryField).
  friend void swap(Minibatch& a, Minibatch& b) noexcept {
    using std::swap;
    swap(a.step, b.step);
    swap(a.epoch, b.epoch);
    swap(a.batch, b.batch);
    a.indices.swap(b.indices);
    a.y.swap(b.y);
    a.y_hat.swap(b.y_hat);
    a.residual.swap(b.residual);
    swap(a.loss, b.loss);
    a.grad.w.swap(b.grad.w);
    swap(a.grad.b, b.grad.b);
    swap(a.grad_norm, b.grad_norm);
    swap(a.clipped, b.clipped);
    swap(a.lr, b.lr);
    a.w_before.swap(b.w_before);
    swap(a.b_before, b.b_before);
    a.w_after.swap(b.w_after);
    swap(a.b_after, b.b_after);
  }
};

struct EpochRecord {
  std::int64_t epoch;  // 1-based
  double train_loss;   // mean loss over the whole training set after the epoch
  double val_loss;     // mean loss over the validation set (NaN when num_val = 0)
};

class Trainer {
 public:
  explicit Trainer(const Config& config);
  // The same loop on data given by the caller (the user's own), kept across resets: `data` has
  // num_train + num_val rows (training rows first) and len(config.w) features, and no true
  // parameters (its w and b are NaN; config's w, b and noise are not used). Throws ConfigError.
  Trainer(const Config& config, std::shared_ptr<const SyntheticRegressionData> data);

  // One minibatch: forward, loss, backward, optional clipping, SGD update; at the end of an epoch
  // also the validation. Throws TrainerError when finished or diverged.
  const Minibatch& step();
  // The rest of the current epoch (a whole epoch at a boundary). Returns the steps taken.
  std::int64_t fit_epoch();
  // Until max_epochs epochs are done (or divergence). Returns the steps taken.
  std::int64_t fit();
  // The phases of one step, in the book's order: forward (the minibatch and y_hat), loss,
  // gradient (backward, then clipping), update (SGD, and the validation at an epoch's end).
  enum class Phase { forward = 0, loss = 1, gradient = 2, update = 3 };
  // Does the next phase of the current step and returns it; after Phase::update the step is
  // complete and last() holds it. step() does the rest of the current step: the same operations,
  // so stepping phase by phase gives the same bits. Throws TrainerError like step() when a new
  // step cannot start.
  Phase step_phase();
  // The phase step_phase() does next (Phase::forward between steps).
  Phase next_phase() const;
  // Phases done of the current step: 0 between steps, 1 to 3 inside one.
  int phases_done() const { return phases_done_; }
  // The step being built: its fields up to the phases done are current (the others are stale).
  const Minibatch& pending() const { return next_; }

  // Restart: same seed gives the identical run; a new seed gives new data and initialization.
  void reset();
  void reset(std::uint64_t seed);

  // A hyperparameter that may change mid-run (a live field of the schema: lr, gradient_clip_val,
  // max_epochs), applied from the next step. Throws ConfigError.
  void set_live(const std::string& key, double value);
  void set_lr(double lr) { set_live("lr", lr); }
  void set_gradient_clip_val(double clip_val) { set_live("gradient_clip_val", clip_val); }
  void set_max_epochs(std::int64_t max_epochs);

  const Config& config() const { return config_; }
  const SyntheticRegressionData& data() const { return data_; }
  const LinearRegressionScratch& model() const { return model_; }
  const LinearRegressionScratch& initial_model() const { return initial_model_; }

  std::int64_t epoch() const { return epoch_; }            // completed epochs
  std::int64_t batch_in_epoch() const { return batch_; }   // completed minibatches this epoch
  std::int64_t num_batches() const { return config_.num_batches(); }
  std::int64_t global_step() const { return global_step_; }
  std::int64_t examples_seen() const { return examples_seen_; }
  bool finished() const { return epoch_ >= config_.max_epochs; }
  bool diverged() const { return diverged_step_ > 0; }
  // False on data given by the caller: there are no true parameters (error_w() is NaN).
  bool has_true_params() const { return given_data_ == nullptr; }
  std::int64_t diverged_step() const { return diverged_step_; }  // 0 when not diverged
  // The training loss at the start: the initial model over the whole training set (one pass,
  // made when first asked and kept for the run).
  double start_train_loss() const;
  // Diverging: diverged, or the training loss at the end of the last epoch has grown beyond its
  // value at the start (loss_grew). The one definition of a run that runs away: the page's status
  // line and learning-rate note, the lr sweep and the host page's events all use it.
  bool diverging() const;
  const std::optional<Minibatch>& last() const { return last_; }
  // The row order of the current epoch (empty before its first step).
  const std::vector<int>& order() const { return order_; }

  // The loss of every step, thinned evenly beyond StepHistory::kMaxKept steps (see step_history.hpp):
  // step_history() is the kept record of the whole run, step_log() also has the recent steps.
  const std::vector<StepRecord>& step_history() const { return steps_.kept(); }
  const StepHistory& step_log() const { return steps_; }
  // The training loss of an epoch record is computed when first read (one pass over the training
  // set with the model as it was at that epoch's end: the same bits as computing it then).
  const std::vector<EpochRecord>& epoch_history() const;

  // The book's "error in estimating": true value minus estimate.
  Vector error_w() const { return data_.w - model_.w; }
  double error_b() const { return data_.b - model_.b; }

 private:
  void start(bool regenerate = true);
  void apply_live(const std::string& key, const Config& next);  // next: config_ with `key` changed
  void check_can_step() const;  // throws when finished or diverged
  Phase advance();              // the next phase, unchecked
  void phase_forward();
  void phase_loss();
  void phase_gradient();
  void phase_update();
  void begin_minibatch();   // phase_forward's first part: the rows, their labels, w and b before
  void finish_gradient();   // phase_gradient's last part: the norm, then clipping

  Config config_;
  std::shared_ptr<const SyntheticRegressionData> given_data_;  // null: generated from config_
  SyntheticRegressionData data_;
  LinearRegressionScratch model_;
  LinearRegressionScratch initial_model_;
  Rng shuffle_rng_{0};
  std::vector<int> order_;
  std::int64_t epoch_ = 0;
  std::int64_t batch_ = 0;
  std::int64_t global_step_ = 0;
  std::int64_t examples_seen_ = 0;
  std::int64_t diverged_step_ = 0;
  std::optional<Minibatch> last_;
  Minibatch next_;  // where step() builds the next record (its buffers are reused)
  int phases_done_ = 0;  // of the step in next_
  Vector psi_;           // loss'(residual) for the absolute and Huber losses (and the bugs' losses)
  Gradient grad_sum_;    // bug no_zero_grad: .grad, never zeroed (the sum of the gradients so far)
  std::vector<int> first_batch_;  // bug same_batch: the rows of the run's first minibatch
  StepHistory steps_;
  // The epoch records; those from pending_train_loss_ on wait for their training loss (NaN until
  // then), each with the parameters as they were at its epoch's end in pending_params_ (w, then
  // b: d + 1 values an epoch); settle_model_ is where each is put back to compute its loss.
  mutable std::vector<EpochRecord> epochs_;
  mutable std::size_t pending_train_loss_ = 0;
  mutable std::vector<double> pending_params_;
  mutable LinearRegressionScratch settle_model_;
  void reserve_pending();
  mutable std::optional<double> start_train_loss_;
  // Once diverged: whether the data's own numbers overflow (no learning rate helps), decided
  // by diagnose_divergence (divergence.cpp) the first time a step is refused.
  mutable std::optional<bool> data_overflow_;
  void settle_train_losses() const;  // computes the pending training losses
};

// Whether a loss has grown beyond its start value (a loss that is not a number has).
inline bool loss_grew(double start, double now) { return !(now <= start); }

}  // namespace linreg
