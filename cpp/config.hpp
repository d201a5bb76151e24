// The run's configuration, in the book's names, with every default and rule in one place.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace linreg {

// Thrown for any invalid configuration; the message names the field and the rule.
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Limits that keep a run inside the WebAssembly memory cap (see README, "Limits and errors").
struct Limits {
  static constexpr std::int64_t max_features = 4096;
  static constexpr std::int64_t max_examples = 10'000'000;        // num_train + num_val
  static constexpr std::int64_t max_values = 64LL * 1024 * 1024;  // (num_train + num_val) * (d + 1)
  static constexpr std::int64_t max_epochs = 1'000'000;
  static constexpr std::int64_t max_seed = 9007199254740991LL;  // 2^53 - 1, exact in JavaScript
};

struct Config {
  std::vector<double> w{2.0, -3.4};  // true weights; d = w.size() features
  double b = 4.2;                    // true bias
  double noise = 0.01;               // standard deviation of the label noise
  std::int64_t num_train = 1000;     // training examples
  std::int64_t num_val = 1000;       // validation examples (0: no validation loss)
  std::int64_t batch_size = 32;      // minibatch size; the short last batch is kept
  double lr = 0.03;                  // learning rate of minibatch SGD
  std::int64_t max_epochs = 3;       // epochs that fit() runs
  double sigma = 0.01;               // std of the normal initialization of the model's w
  std::uint64_t seed = 0;            // one seed for data, initialization and shuffling
  bool shuffle = true;               // reshuffle the training set every epoch
  double gradient_clip_val = 0.0;    // clip the gradient's global L2 norm to this (0: off)

  std::size_t num_features() const { return w.size(); }
  // Minibatches per epoch: ceil(num_train / batch_size).
  std::int64_t num_batches() const { return (num_train + batch_size - 1) / batch_size; }

  // Throws ConfigError naming the first field that breaks a rule.
  void check() const;
};

// The field names in the book's order.
const std::vector<std::string>& config_keys();

// Reads a config object: missing keys take the defaults of `base`, unknown keys are rejected,
// every field is checked. Throws ConfigError.
Config config_from_json(const nlohmann::json& j, const Config& base = Config{});
// Parses JSON text first; a parse error becomes a ConfigError that says where.
Config config_from_json_text(const std::string& text, const Config& base = Config{});
nlohmann::json config_to_json(const Config& c);

// Presets by name: "book" (current edition) and "book-v1" (first edition). Throws ConfigError.
Config preset(const std::string& name);
const std::vector<std::string>& preset_names();

}  // namespace linreg
