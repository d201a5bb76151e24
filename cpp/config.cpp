#include "config.hpp"

#include "format.hpp"
#include "schema.hpp"

namespace linreg {

void fail_rule(const std::string& field, const std::string& rule, const std::string& value) {
  throw ConfigError("'" + field + "' must be " + rule + ", got " + value);
}

const std::vector<std::string>& config_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const FieldSpec& f : config_schema()) out.push_back(f.key);
    return out;
  }();
  return keys;
}

namespace {

const char* choice_name(const char* key, std::size_t index) {
  return find_field(config_schema(), key)->choices.at(index).c_str();
}

}  // namespace

const char* loss_name(LossKind kind) { return choice_name("loss", static_cast<std::size_t>(kind)); }
const char* order_name(Order order) { return choice_name("order", static_cast<std::size_t>(order)); }
const char* dataset_name(DatasetKind kind) { return choice_name("dataset", static_cast<std::size_t>(kind)); }
const char* bug_name(BugKind kind) { return choice_name("bug", static_cast<std::size_t>(kind)); }

void Config::check() const {
  for (const FieldSpec& f : config_schema()) f.check(*this);
  const std::int64_t examples = num_train + num_val;
  if (examples > Limits::max_examples)
    fail_rule("num_train", "such that num_train + num_val is at most " + std::to_string(Limits::max_examples),
              std::to_string(num_train) + " + " + std::to_string(num_val));
  const std::int64_t values = examples * (static_cast<std::int64_t>(num_features()) + 1);
  if (values > Limits::max_values)
    fail_rule("num_train", "such that (num_train + num_val) * (len(w) + 1) is at most " +
                               std::to_string(Limits::max_values) + " (512 MiB of data)",
              std::to_string(values));
}

const std::vector<std::string>& preset_names() {
  static const std::vector<std::string> names{"book", "book-v1"};
  return names;
}

Config preset(const std::string& name) {
  Config c;  // the defaults are the current edition's run
  if (name == "book") return c;
  if (name == "book-v1") {
    // First edition: minibatches of 10, no validation set, loss printed over the training data.
    c.batch_size = 10;
    c.num_val = 0;
    return c;
  }
  throw ConfigError("unknown preset '" + clipped(name) + "'; the presets are book and book-v1");
}

}  // namespace linreg
