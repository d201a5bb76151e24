// The run's configuration, in the book's names: each field's default is its initializer below; its
// type, rule, flag and doc are its row in the schema (schema.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace linreg {

// Thrown for any invalid configuration; the message names the field and the rule.
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Throws ConfigError("'field' must be rule, got value"): the shape of every rule's message.
[[noreturn]] void fail_rule(const std::string& field, const std::string& rule, const std::string& value);

// Limits that keep a run inside the WebAssembly memory cap (see docs/limits-and-errors.md).
struct Limits {
  static constexpr std::int64_t max_features = 4096;
  static constexpr std::int64_t max_examples = 10'000'000;        // num_train + num_val
  static constexpr std::int64_t max_values = 64LL * 1024 * 1024;  // (num_train + num_val) * (d + 1)
  static constexpr std::int64_t max_epochs = 1'000'000;
  static constexpr std::int64_t max_seed = 9007199254740991LL;  // 2^53 - 1, exact in JavaScript
};

// The loss minimized (the section's exercise 8): the book's squared loss (y_hat - y)^2 / 2, the
// absolute loss |y_hat - y|, or Huber's loss with huber_delta (see losses.hpp).
enum class LossKind { squared, absolute, huber };
// The order in which an epoch visits the training set: reshuffled every epoch (the book's),
// the generated order, or sorted by label (an adversarial order, the section's last exercise).
enum class Order { shuffle, generated, sorted };
// Where the data comes from: the book's SyntheticRegressionData, or Ohm's law (one feature, the
// voltage U ~ Uniform(0, 10) volts; the label, the current I = U / resistance + noise amperes).
enum class DatasetKind { synthetic, ohm };
// A classic from-scratch mistake simulated exactly in the step (bugs.hpp lists them with their
// names, the book's line each breaks and the symptom); none: the book's correct step.
enum class BugKind {
  none,
  no_zero_grad,
  sum_loss,
  shape_broadcast,
  same_batch,
  ascent,
  short_batch_divisor,
  double_mean,
  frozen_bias
};

// One training label replaced by a chosen value (the section's y_5 = 10000).
struct Outlier {
  std::int64_t index = 5;  // 0-based row of the training set
  double value = 10000.0;
};

struct Config {
  std::vector<double> w{2.0, -3.4};  // true weights; d = w.size() features
  double b = 4.2;                    // true bias
  double noise = 0.01;               // standard deviation of the label noise
  std::int64_t num_train = 1000;     // training examples
  std::int64_t num_val = 1000;       // validation examples (0: no validation loss)
  std::int64_t batch_size = 32;      // minibatch size; the short last batch is kept (unless drop_last)
  double lr = 0.03;                  // learning rate of minibatch SGD
  std::int64_t max_epochs = 3;       // epochs that fit() runs
  double sigma = 0.01;               // std of the normal initialization of the model's w
  // The start of training, instead of the book's initialization (absent by default): init_w
  // replaces the normal(0, sigma) draws of w (which are still drawn, so the data and the order
  // are the same as without it), init_b the zero bias. init_w has one number per feature.
  std::optional<std::vector<double>> init_w;
  std::optional<double> init_b;
  std::uint64_t seed = 0;            // one seed for data, initialization and shuffling
  bool shuffle = true;               // reshuffle the training set every epoch
  double gradient_clip_val = 0.0;    // clip the gradient's global L2 norm to this (0: off)
  // Beyond the book's run, for its exercises (the defaults leave the book's run unchanged):
  LossKind loss = LossKind::squared;  // the loss minimized
  double huber_delta = 1.0;           // where Huber's loss turns from quadratic to linear
  bool sort_by_label = false;         // with shuffle off: visit the examples by ascending label
  bool drop_last = false;             // drop the short last minibatch of every epoch
  std::optional<Outlier> outlier;     // replace one training label (none by default)
  DatasetKind dataset = DatasetKind::synthetic;
  double resistance = 10.0;  // ohms, for dataset ohm (its true w is 1 / resistance, b is 0)
  BugKind bug = BugKind::none;  // a simulated mistake in the training step (none: the book's)

  // d: len(w), or 1 for Ohm's law (whose w and b are then not used).
  std::size_t num_features() const { return dataset == DatasetKind::ohm ? 1 : w.size(); }
  // Minibatches per epoch: ceil(num_train / batch_size), or floor(...) with drop_last.
  std::int64_t num_batches() const {
    return drop_last ? num_train / batch_size : (num_train + batch_size - 1) / batch_size;
  }
  // The visiting order: shuffle (true) or, without shuffling, sort_by_label.
  Order order() const { return shuffle ? Order::shuffle : sort_by_label ? Order::sorted : Order::generated; }

  // Throws ConfigError naming the first field that breaks a rule (the schema's, in its order, then
  // the limits on the data's size).
  void check() const;
};

// The field names in the book's order, then the keys for the exercises (the schema's order).
const std::vector<std::string>& config_keys();

// The names used in JSON: "squared", "absolute", "huber"; "shuffle", "generated", "sorted";
// "synthetic", "ohm".
const char* loss_name(LossKind kind);
const char* order_name(Order order);
const char* dataset_name(DatasetKind kind);
const char* bug_name(BugKind kind);

// Presets by name: "book" (current edition) and "book-v1" (first edition). Throws ConfigError.
Config preset(const std::string& name);
const std::vector<std::string>& preset_names();

}  // namespace linreg
