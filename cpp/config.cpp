#include "config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

namespace linreg {

using nlohmann::json;

namespace {

std::string got(double v) {
  // Whole numbers as a person would type them ("0", "-1"), not nlohmann's "0.0".
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
    return json(static_cast<std::int64_t>(v)).dump();
  return json(v).dump();
}

std::string got(const json& v) { return v.is_number_float() ? got(v.get<double>()) : v.dump(); }

[[noreturn]] void fail(const std::string& field, const std::string& rule, const std::string& value) {
  throw ConfigError("'" + field + "' must be " + rule + ", got " + value);
}

double read_number(const json& v, const std::string& field, const std::string& rule) {
  if (!v.is_number()) fail(field, rule, got(v));
  return v.get<double>();
}

std::string at_least(std::int64_t lo) { return "an integer >= " + std::to_string(lo); }
std::string at_most(std::int64_t hi) { return "an integer <= " + std::to_string(hi); }

void check_integer(const std::string& field, std::int64_t value, std::int64_t lo, std::int64_t hi) {
  if (value < lo) fail(field, at_least(lo), std::to_string(value));
  if (value > hi) fail(field, at_most(hi), std::to_string(value));
}

std::int64_t read_integer(const json& v, const std::string& field, std::int64_t lo, std::int64_t hi) {
  const std::string rule = at_least(lo);
  if (v.is_number_integer()) {
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(hi)) fail(field, at_most(hi), got(v));
      return static_cast<std::int64_t>(u);
    }
    const auto i = v.get<std::int64_t>();
    if (i < lo) fail(field, rule, got(v));
    if (i > hi) fail(field, at_most(hi), got(v));
    return i;
  }
  // JavaScript has only doubles: accept 32.0 as 32, reject 32.5.
  if (v.is_number_float()) {
    const double x = v.get<double>();
    if (x == HUGE_VAL) fail(field, at_most(hi), got(v));  // too large even for a double
    if (std::isfinite(x) && x == std::floor(x)) {
      if (x < static_cast<double>(lo)) fail(field, rule, got(v));
      if (x > static_cast<double>(hi)) fail(field, at_most(hi), got(v));
      return static_cast<std::int64_t>(x);
    }
  }
  fail(field, rule, got(v));
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string unknown_key_message(const std::string& key) {
  std::string lower = key;  // the keys are lower case: "LR" means lr, not w
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string best;
  std::size_t best_distance = 3;  // suggest only close matches
  for (const auto& k : config_keys()) {
    const std::size_t dist = edit_distance(lower, k);
    if (dist < best_distance) {
      best_distance = dist;
      best = k;
    }
  }
  std::string msg = "unknown key '" + key + "'";
  if (!best.empty()) msg += " (did you mean '" + best + "'?)";
  msg += "; known keys are";
  for (const auto& k : config_keys()) msg += " " + k;
  return msg;
}

}  // namespace

const std::vector<std::string>& config_keys() {
  static const std::vector<std::string> keys{"w",      "b",  "noise",      "num_train",
                                             "num_val", "batch_size", "lr", "max_epochs",
                                             "sigma",  "seed", "shuffle",  "gradient_clip_val",
                                             "loss", "huber_delta", "order", "drop_last",
                                             "outlier", "dataset", "resistance"};
  return keys;
}

const char* loss_name(LossKind kind) {
  switch (kind) {
    case LossKind::absolute: return "absolute";
    case LossKind::huber: return "huber";
    default: return "squared";
  }
}

const char* order_name(Order order) {
  switch (order) {
    case Order::generated: return "generated";
    case Order::sorted: return "sorted";
    default: return "shuffle";
  }
}

const char* dataset_name(DatasetKind kind) { return kind == DatasetKind::ohm ? "ohm" : "synthetic"; }

namespace {

// A string field that takes one of a few names: the index of the name in `names`.
template <typename Enum>
Enum read_choice(const json& v, const std::string& field, const std::vector<std::pair<Enum, const char*>>& names) {
  std::string rule = "one of";
  for (std::size_t i = 0; i < names.size(); ++i) rule += std::string(i ? ", " : " ") + "\"" + names[i].second + "\"";
  if (v.is_string())
    for (const auto& [value, name] : names)
      if (v.get<std::string>() == name) return value;
  fail(field, rule, got(v));
}

bool read_bool(const json& v, const std::string& field) {
  if (!v.is_boolean()) fail(field, "true or false", got(v));
  return v.get<bool>();
}

const char* kOutlierRule = "null or {\"index\": row, \"value\": label}";

std::optional<Outlier> read_outlier(const json& v) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_object() || !v.contains("index") || !v.contains("value")) fail("outlier", kOutlierRule, got(v));
  for (const auto& item : v.items())
    if (item.key() != "index" && item.key() != "value")
      throw ConfigError("unknown key '" + item.key() + "' in 'outlier'; its keys are index value");
  Outlier o;
  o.index = read_integer(v.at("index"), "outlier.index", 0, Limits::max_examples - 1);
  o.value = read_number(v.at("value"), "outlier.value", "a finite number");
  return o;
}

}  // namespace

void Config::check() const {
  if (w.empty()) fail("w", "a non-empty list of finite numbers", "[]");
  if (static_cast<std::int64_t>(w.size()) > Limits::max_features)
    fail("w", "a list of at most " + std::to_string(Limits::max_features) + " numbers",
         "a list of " + std::to_string(w.size()));
  for (std::size_t j = 0; j < w.size(); ++j)
    if (!std::isfinite(w[j]))
      fail("w", "a non-empty list of finite numbers", "w[" + std::to_string(j) + "] = " + got(w[j]));
  if (!std::isfinite(b)) fail("b", "a finite number", got(b));
  if (!(std::isfinite(noise) && noise >= 0)) fail("noise", "a finite number >= 0", got(noise));
  check_integer("num_train", num_train, 1, Limits::max_examples);
  check_integer("num_val", num_val, 0, Limits::max_examples);
  check_integer("batch_size", batch_size, 1, Limits::max_examples);
  if (!(std::isfinite(lr) && lr > 0)) fail("lr", "a finite number > 0", got(lr));
  check_integer("max_epochs", max_epochs, 1, Limits::max_epochs);
  if (!(std::isfinite(sigma) && sigma >= 0)) fail("sigma", "a finite number >= 0", got(sigma));
  if (seed > static_cast<std::uint64_t>(Limits::max_seed))
    fail("seed", at_most(Limits::max_seed), std::to_string(seed));
  if (!(std::isfinite(gradient_clip_val) && gradient_clip_val >= 0))
    fail("gradient_clip_val", "a finite number >= 0 (0 turns clipping off)", got(gradient_clip_val));
  if (!(std::isfinite(huber_delta) && huber_delta > 0)) fail("huber_delta", "a finite number > 0", got(huber_delta));
  if (shuffle && sort_by_label)
    fail("order", "\"sorted\" only without reshuffling (shuffle false)", "shuffle true and sort_by_label true");
  if (drop_last && batch_size > num_train)
    fail("batch_size",
         "at most num_train (" + std::to_string(num_train) + ") when drop_last is true, or an epoch has no minibatch",
         std::to_string(batch_size));
  if (outlier) {
    if (outlier->index < 0 || outlier->index >= num_train)
      fail("outlier.index", "a row of the training set, from 0 to num_train - 1 = " + std::to_string(num_train - 1),
           std::to_string(outlier->index));
    if (!std::isfinite(outlier->value)) fail("outlier.value", "a finite number", got(outlier->value));
  }
  if (!(std::isfinite(resistance) && resistance > 0)) fail("resistance", "a finite number > 0 (ohms)", got(resistance));
  const std::int64_t examples = num_train + num_val;
  if (examples > Limits::max_examples)
    fail("num_train", "such that num_train + num_val is at most " + std::to_string(Limits::max_examples),
         std::to_string(num_train) + " + " + std::to_string(num_val));
  const std::int64_t values = examples * (static_cast<std::int64_t>(num_features()) + 1);
  if (values > Limits::max_values)
    fail("num_train", "such that (num_train + num_val) * (len(w) + 1) is at most " +
                          std::to_string(Limits::max_values) + " (512 MiB of data)",
         std::to_string(values));
}

Config config_from_json(const json& j, const Config& base) {
  if (!j.is_object()) throw ConfigError("the config must be a JSON object, got " + got(j));
  for (const auto& item : j.items()) {
    bool known = false;
    for (const auto& k : config_keys()) known = known || k == item.key();
    if (!known) throw ConfigError(unknown_key_message(item.key()));
  }
  Config c = base;
  if (j.contains("w")) {
    const json& v = j.at("w");
    const std::string rule = "a non-empty list of finite numbers";
    if (!v.is_array() || v.empty()) fail("w", rule, got(v));
    c.w.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_number()) fail("w", rule, "w[" + std::to_string(i) + "] = " + got(v[i]));
      c.w.push_back(v[i].get<double>());
    }
  }
  if (j.contains("b")) c.b = read_number(j.at("b"), "b", "a finite number");
  if (j.contains("noise")) c.noise = read_number(j.at("noise"), "noise", "a finite number >= 0");
  if (j.contains("num_train")) c.num_train = read_integer(j.at("num_train"), "num_train", 1, Limits::max_examples);
  if (j.contains("num_val")) c.num_val = read_integer(j.at("num_val"), "num_val", 0, Limits::max_examples);
  if (j.contains("batch_size"))
    c.batch_size = read_integer(j.at("batch_size"), "batch_size", 1, Limits::max_examples);
  if (j.contains("lr")) c.lr = read_number(j.at("lr"), "lr", "a finite number > 0");
  if (j.contains("max_epochs"))
    c.max_epochs = read_integer(j.at("max_epochs"), "max_epochs", 1, Limits::max_epochs);
  if (j.contains("sigma")) c.sigma = read_number(j.at("sigma"), "sigma", "a finite number >= 0");
  if (j.contains("seed")) c.seed = static_cast<std::uint64_t>(read_integer(j.at("seed"), "seed", 0, Limits::max_seed));
  if (j.contains("shuffle")) {
    if (!j.at("shuffle").is_boolean()) fail("shuffle", "true or false", got(j.at("shuffle")));
    c.shuffle = j.at("shuffle").get<bool>();
    if (c.shuffle) c.sort_by_label = false;  // false keeps a sorted order of the base
  }
  if (j.contains("gradient_clip_val"))
    c.gradient_clip_val = read_number(j.at("gradient_clip_val"), "gradient_clip_val",
                                      "a finite number >= 0 (0 turns clipping off)");
  if (j.contains("loss"))
    c.loss = read_choice<LossKind>(j.at("loss"), "loss",
                                   {{LossKind::squared, "squared"}, {LossKind::absolute, "absolute"}, {LossKind::huber, "huber"}});
  if (j.contains("huber_delta")) c.huber_delta = read_number(j.at("huber_delta"), "huber_delta", "a finite number > 0");
  if (j.contains("order")) {
    const Order order = read_choice<Order>(
        j.at("order"), "order", {{Order::shuffle, "shuffle"}, {Order::generated, "generated"}, {Order::sorted, "sorted"}});
    // `shuffle` is the book's switch; `order` says more. Given both (as in an edited copy of a full
    // config), not reshuffling wins: shuffle false with order "shuffle" is the generated order.
    c.shuffle = order == Order::shuffle && !(j.contains("shuffle") && !j.at("shuffle").get<bool>());
    c.sort_by_label = order == Order::sorted;
  }
  if (j.contains("drop_last")) c.drop_last = read_bool(j.at("drop_last"), "drop_last");
  if (j.contains("outlier")) c.outlier = read_outlier(j.at("outlier"));
  if (j.contains("dataset"))
    c.dataset = read_choice<DatasetKind>(j.at("dataset"), "dataset",
                                         {{DatasetKind::synthetic, "synthetic"}, {DatasetKind::ohm, "ohm"}});
  if (j.contains("resistance"))
    c.resistance = read_number(j.at("resistance"), "resistance", "a finite number > 0 (ohms)");
  c.check();
  return c;
}

std::string JsonOverflow::where() const {
  std::string out;
  for (const auto& p : path) out += p.rfind("[", 0) == 0 || out.empty() ? p : "." + p;
  return out;
}

std::optional<JsonOverflow> find_json_overflow(const std::string& text) {
  struct Frame {
    bool array = false;
    std::size_t index = 0;
    std::string key;
  };
  std::vector<Frame> stack;
  try {
    const json ignored = json::parse(text, [&](int, json::parse_event_t event, json& parsed) {
      switch (event) {
        case json::parse_event_t::object_start: stack.push_back({false, 0, ""}); break;
        case json::parse_event_t::array_start: stack.push_back({true, 0, ""}); break;
        case json::parse_event_t::key: if (!stack.empty()) stack.back().key = parsed.get<std::string>(); break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
          if (!stack.empty()) stack.pop_back();
          if (!stack.empty() && stack.back().array) ++stack.back().index;
          break;
        case json::parse_event_t::value:
          if (!stack.empty() && stack.back().array) ++stack.back().index;
          break;
      }
      return true;
    });
    (void)ignored;
    return std::nullopt;
  } catch (const json::out_of_range& e) {
    const std::string what = e.what();
    const std::size_t open = what.find('\''), close = what.rfind('\'');
    if (e.id != 406 || open == std::string::npos || close <= open) return std::nullopt;
    JsonOverflow o;
    o.token = what.substr(open + 1, close - open - 1);
    for (const auto& f : stack) o.path.push_back(f.array ? "[" + std::to_string(f.index) + "]" : f.key);
    return o;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

namespace {

// The message a config field's own rule gives a number too large for a double, e.g.
// "'lr' must be a finite number > 0, got 1e999 (too large for a double)"; empty when the number is
// not where a config field reads it.
std::string overflow_message(const JsonOverflow& o, const Config& base) {
  if (o.path.empty() || o.path[0].rfind("[", 0) == 0) return "";
  const double inf = o.token.compare(0, 1, "-") == 0 ? -HUGE_VAL : HUGE_VAL;
  json j;
  const std::string& key = o.path[0];
  if (o.path.size() == 1) {
    j = json{{key, inf}};
  } else if (o.path.size() == 2 && key == "w" && o.path[1].rfind("[", 0) == 0) {
    json w = json::array();
    for (std::size_t i = 0; i < std::stoul(o.path[1].substr(1)); ++i) w.push_back(0.0);
    w.push_back(inf);
    j = json{{"w", w}};
  } else if (o.path.size() == 2 && key == "outlier" && (o.path[1] == "index" || o.path[1] == "value")) {
    json v{{"index", 0}, {"value", 0.0}};
    v[o.path[1]] = inf;
    j = json{{"outlier", v}};
  } else if (std::find(config_keys().begin(), config_keys().end(), key) == config_keys().end()) {
    j = json{{key, inf}};  // an unknown key: that is the message
  } else {
    return "";
  }
  try {
    (void)config_from_json(j, base);
  } catch (const ConfigError& e) {
    std::string m = e.what();
    const std::string null = "null";
    if (m.size() >= null.size() && m.compare(m.size() - null.size(), null.size(), null) == 0)
      m = m.substr(0, m.size() - null.size()) + o.token + " (too large for a double)";
    return m;
  }
  return "";
}

}  // namespace

Config config_from_json_text(const std::string& text, const Config& base) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Re-parse with exceptions only to recover the position for the message.
    try {
      const json again = json::parse(text);
      (void)again;
    } catch (const json::out_of_range& e) {  // 406: a number too large for a double, e.g. 1e999
      if (const auto overflow = find_json_overflow(text)) {
        const std::string message = overflow_message(*overflow, base);
        if (!message.empty()) throw ConfigError(message);
      }
      throw ConfigError("the config is not valid JSON: " + std::string(e.what()));
    } catch (const json::exception& e) {  // parse_error
      throw ConfigError("the config is not valid JSON: " + std::string(e.what()));
    }
    throw ConfigError("the config is not valid JSON");
  }
  return config_from_json(j, base);
}

json config_to_json(const Config& c) {
  return json{{"w", c.w},
              {"b", c.b},
              {"noise", c.noise},
              {"num_train", c.num_train},
              {"num_val", c.num_val},
              {"batch_size", c.batch_size},
              {"lr", c.lr},
              {"max_epochs", c.max_epochs},
              {"sigma", c.sigma},
              {"seed", c.seed},
              {"shuffle", c.shuffle},
              {"gradient_clip_val", c.gradient_clip_val},
              {"loss", loss_name(c.loss)},
              {"huber_delta", c.huber_delta},
              {"order", order_name(c.order())},
              {"drop_last", c.drop_last},
              {"outlier", c.outlier ? json{{"index", c.outlier->index}, {"value", c.outlier->value}} : json(nullptr)},
              {"dataset", dataset_name(c.dataset)},
              {"resistance", c.resistance}};
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
  throw ConfigError("unknown preset '" + name + "'; the presets are book and book-v1");
}

}  // namespace linreg
