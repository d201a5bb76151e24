#include "schema.hpp"

#include <cmath>

#include "bugs.hpp"
#include "format.hpp"

namespace linreg {

namespace {

std::string at_least(double lo) { return "an integer >= " + std::to_string(static_cast<std::int64_t>(lo)); }
std::string at_most(double hi) { return "an integer <= " + std::to_string(static_cast<std::int64_t>(hi)); }

std::string one_of(const std::vector<std::string>& names) {
  std::string rule = "one of";
  for (std::size_t i = 0; i < names.size(); ++i) rule += std::string(i ? ", " : " ") + "\"" + names[i] + "\"";
  return rule;
}

FieldSpec number(std::string key, double Config::*member, std::string rule, std::optional<double> min = std::nullopt,
                 bool exclusive = false) {
  FieldSpec f{};
  f.key = std::move(key);
  f.type = FieldType::number;
  f.rule = std::move(rule);
  f.min = min;
  f.min_exclusive = exclusive;
  f.flag_value = "X";
  f.number = member;
  return f;
}

FieldSpec integer(std::string key, std::int64_t Config::*member, std::int64_t lo, std::int64_t hi) {
  FieldSpec f{};
  f.key = std::move(key);
  f.type = FieldType::integer;
  f.min = static_cast<double>(lo);
  f.max = static_cast<double>(hi);
  f.rule = at_least(static_cast<double>(lo));
  f.flag_value = "N";
  f.integer = member;
  return f;
}

FieldSpec boolean(std::string key, bool Config::*member) {
  FieldSpec f{};
  f.key = std::move(key);
  f.type = FieldType::boolean;
  f.rule = "true or false";
  f.boolean = member;
  return f;
}

FieldSpec choice(std::string key, std::vector<std::string> names, std::size_t (*get)(const Config&),
                 void (*set)(Config&, std::size_t)) {
  FieldSpec f{};
  f.key = std::move(key);
  f.type = FieldType::choice;
  f.rule = one_of(names);
  f.choices = std::move(names);
  f.flag_value = "NAME";
  f.get_choice = get;
  f.set_choice = set;
  return f;
}

// The rest of a row: group, doc, live, form position; the flag is --key with dashes unless given.
FieldSpec&& with(FieldSpec&& f, const char* group, int form_position, const char* doc, bool live = false,
                 const char* flag = nullptr) {
  f.group = group;
  f.form_position = form_position;
  f.doc = doc;
  f.live = live;
  if (flag) {
    f.flag = flag;
  } else {
    f.flag = "--" + f.key;
    for (char& ch : f.flag)
      if (ch == '_') ch = '-';
  }
  return std::move(f);
}

std::vector<FieldSpec> make_schema() {
  std::vector<FieldSpec> s;
  FieldSpec w{};
  w.key = "w";
  w.type = FieldType::list;
  w.rule = "a non-empty list of finite numbers";
  w.max = static_cast<double>(Limits::max_features);
  w.flag_value = "LIST";
  w.list = &Config::w;
  s.push_back(with(std::move(w), "data", 3, "the true weights, a JSON list; d = len(w) features"));
  s.push_back(with(number("b", &Config::b, "a finite number"), "data", 4, "the true bias"));
  s.push_back(with(number("noise", &Config::noise, "a finite number >= 0", 0.0), "data", 5,
                   "the standard deviation of the label noise"));
  s.push_back(with(integer("num_train", &Config::num_train, 1, Limits::max_examples), "data", 6, "training examples"));
  s.push_back(with(integer("num_val", &Config::num_val, 0, Limits::max_examples), "data", 7,
                   "validation examples; 0: no validation loss"));
  s.push_back(with(integer("batch_size", &Config::batch_size, 1, Limits::max_examples), "training", 1,
                   "examples per minibatch"));
  s.push_back(with(number("lr", &Config::lr, "a finite number > 0", 0.0, true), "training", 0,
                   "the learning rate of minibatch SGD", true));
  s.push_back(with(integer("max_epochs", &Config::max_epochs, 1, Limits::max_epochs), "training", 2,
                   "epochs that fit() runs", true));
  s.push_back(with(number("sigma", &Config::sigma, "a finite number >= 0", 0.0), "training", 9,
                   "the standard deviation of the initial weights"));
  FieldSpec init_w{};
  init_w.key = "init_w";
  init_w.type = FieldType::list;
  init_w.rule = "null or a list of finite numbers, one per feature";
  init_w.flag_value = "LIST";
  init_w.optional = true;
  init_w.optional_list = &Config::init_w;
  s.push_back(with(std::move(init_w), "training", 10,
                   "start from these weights instead of the normal(0, sigma) draws; the data and order stay the same"));
  FieldSpec init_b{};
  init_b.key = "init_b";
  init_b.type = FieldType::number;
  init_b.rule = "null or a finite number";
  init_b.flag_value = "X";
  init_b.optional = true;
  init_b.optional_number = &Config::init_b;
  s.push_back(with(std::move(init_b), "training", 11, "start from this bias instead of 0"));
  FieldSpec seed{};
  seed.key = "seed";
  seed.type = FieldType::integer;
  seed.min = 0.0;
  seed.max = static_cast<double>(Limits::max_seed);
  seed.rule = at_least(0);
  seed.flag_value = "N";
  seed.natural = &Config::seed;
  s.push_back(with(std::move(seed), "training", 12, "one seed for the data, the initialization and the shuffling"));
  s.push_back(with(boolean("shuffle", &Config::shuffle), "training", 13,
                   "reshuffle the training set every epoch; false: its generated order", false, "--no-shuffle"));
  s.push_back(with(number("gradient_clip_val", &Config::gradient_clip_val, "a finite number >= 0 (0 turns clipping off)",
                          0.0),
                   "training", 8, "clip the gradient's global L2 norm to this", true));
  s.push_back(with(choice("loss", {"squared", "absolute", "huber"},
                          [](const Config& c) { return static_cast<std::size_t>(c.loss); },
                          [](Config& c, std::size_t i) { c.loss = static_cast<LossKind>(i); }),
                   "exercise", 16, "the loss minimized"));
  s.push_back(with(number("huber_delta", &Config::huber_delta, "a finite number > 0", 0.0, true), "exercise", 17,
                   "where Huber's loss turns from quadratic to linear"));
  s.push_back(with(choice("order", {"shuffle", "generated", "sorted"},
                          [](const Config& c) { return static_cast<std::size_t>(c.order()); },
                          [](Config& c, std::size_t i) {
                            c.shuffle = static_cast<Order>(i) == Order::shuffle;
                            c.sort_by_label = static_cast<Order>(i) == Order::sorted;
                          }),
                   "exercise", 14, "the order of every epoch (sorted: by label, no reshuffling)"));
  s.back().also = [](const Config& c) {
    if (c.shuffle && c.sort_by_label)
      fail_rule("order", "\"sorted\" only without reshuffling (shuffle false)", "shuffle true and sort_by_label true");
  };
  s.push_back(with(boolean("drop_last", &Config::drop_last), "exercise", 15,
                   "drop the short last minibatch of every epoch"));
  s.back().also = [](const Config& c) {
    if (c.drop_last && c.batch_size > c.num_train)
      fail_rule("batch_size",
                "at most num_train (" + std::to_string(c.num_train) + ") when drop_last is true, or an epoch has no minibatch",
                std::to_string(c.batch_size));
  };
  FieldSpec outlier{};
  outlier.key = "outlier";
  outlier.type = FieldType::outlier;
  outlier.rule = "null or {\"index\": row, \"value\": label}";
  outlier.flag_value = "JSON";
  outlier.outlier = &Config::outlier;
  s.push_back(with(std::move(outlier), "exercise", 18,
                   "replace one training label, e.g. {\"index\": 5, \"value\": 10000}"));
  s.push_back(with(choice("dataset", {"synthetic", "ohm"},
                          [](const Config& c) { return static_cast<std::size_t>(c.dataset); },
                          [](Config& c, std::size_t i) { c.dataset = static_cast<DatasetKind>(i); }),
                   "exercise", 19, "the data: the book's, or Ohm's law (current against voltage)"));
  s.push_back(with(number("resistance", &Config::resistance, "a finite number > 0 (ohms)", 0.0, true), "exercise", 20,
                   "the resistance of Ohm's law, in ohms"));
  std::vector<std::string> bugs;
  for (const BugInfo& info : bug_list()) bugs.push_back(info.name);
  s.push_back(with(choice("bug", std::move(bugs), [](const Config& c) { return static_cast<std::size_t>(c.bug); },
                          [](Config& c, std::size_t i) { c.bug = static_cast<BugKind>(i); }),
                   "exercise", 21,
                   "simulate a classic from-scratch mistake in the training step (docs/bugs.md; --bug list)"));
  s.back().also = [](const Config& c) {
    if (c.bug == BugKind::shape_broadcast && c.loss != LossKind::squared)
      fail_rule("bug", "\"shape_broadcast\" only with loss \"squared\" (the broadcast loss is the squared loss's)",
                std::string("\"shape_broadcast\" with loss \"") + (c.loss == LossKind::absolute ? "absolute" : "huber") + "\"");
  };
  return s;
}

}  // namespace

const char* field_type_name(FieldType type) {
  switch (type) {
    case FieldType::integer: return "int";
    case FieldType::boolean: return "bool";
    case FieldType::choice: return "choice";
    case FieldType::list: return "list";
    case FieldType::outlier: return "outlier";
    default: return "number";
  }
}

void FieldSpec::check(const Config& c) const {
  switch (type) {
    case FieldType::number: {
      if (optional_number && !(c.*optional_number)) break;
      const double v = optional_number ? *(c.*optional_number) : c.*number;
      const bool ok = std::isfinite(v) && (!min || (min_exclusive ? v > *min : v >= *min));
      if (!ok) fail_rule(key, rule, plain(v));
      break;
    }
    case FieldType::integer:
      if (natural) {
        if (c.*natural > static_cast<std::uint64_t>(*max)) fail_rule(key, at_most(*max), std::to_string(c.*natural));
      } else {
        const std::int64_t v = c.*integer;
        if (v < static_cast<std::int64_t>(*min)) fail_rule(key, rule, std::to_string(v));
        if (v > static_cast<std::int64_t>(*max)) fail_rule(key, at_most(*max), std::to_string(v));
      }
      break;
    case FieldType::list: {
      if (optional_list) {
        check_start_list(c);
        break;
      }
      const std::vector<double>& v = c.*list;
      if (v.empty()) fail_rule(key, rule, "[]");
      if (static_cast<double>(v.size()) > *max)
        fail_rule(key, "a list of at most " + std::to_string(static_cast<std::int64_t>(*max)) + " numbers", "a list of " + std::to_string(v.size()));
      for (std::size_t j = 0; j < v.size(); ++j)
        if (!std::isfinite(v[j])) fail_rule(key, rule, key + "[" + std::to_string(j) + "] = " + plain(v[j]));
      break;
    }
    case FieldType::outlier: {
      const std::optional<Outlier>& o = c.*outlier;
      if (!o) break;
      if (o->index < 0 || o->index >= c.num_train)
        fail_rule(key + ".index", "a row of the training set, from 0 to num_train - 1 = " + std::to_string(c.num_train - 1),
                  std::to_string(o->index));
      if (!std::isfinite(o->value)) fail_rule(key + ".value", "a finite number", plain(o->value));
      break;
    }
    default: break;  // a boolean or a name read from a list is valid by construction
  }
  if (also) also(c);
}

// An optional list (init_w): finite numbers, one per feature of the data (d = len(w), 1 for Ohm's
// law; with the user's own data, w is its d zeros, so d is the data's).
void FieldSpec::check_start_list(const Config& c) const {
  const std::optional<std::vector<double>>& v = c.*optional_list;
  if (!v) return;
  for (std::size_t j = 0; j < v->size(); ++j)
    if (!std::isfinite((*v)[j])) fail_rule(key, rule, key + "[" + std::to_string(j) + "] = " + plain((*v)[j]));
  const std::size_t d = c.num_features();
  if (v->size() != d)
    fail_rule(key, "a list of d = " + std::to_string(d) + " numbers, one per feature",
              v->empty() ? std::string("[]") : "a list of " + std::to_string(v->size()));
}

double FieldSpec::number_of(const Config& c) const {
  if (optional_number) return c.*optional_number ? *(c.*optional_number) : std::nan("");
  if (number) return c.*number;
  if (integer) return static_cast<double>(c.*integer);
  if (natural) return static_cast<double>(c.*natural);
  throw ConfigError("internal error: '" + key + "' is not a number");
}

void FieldSpec::set_number(Config& c, double value) const {
  if (optional_number) c.*optional_number = value;
  else if (number) c.*number = value;
  else if (integer) c.*integer = static_cast<std::int64_t>(value);
  else if (natural) c.*natural = static_cast<std::uint64_t>(value);
  else throw ConfigError("internal error: '" + key + "' is not a number");
}

const std::vector<FieldSpec>& config_schema() {
  static const std::vector<FieldSpec> schema = make_schema();
  return schema;
}

const FieldSpec* find_field(const std::vector<FieldSpec>& schema, const std::string& key) {
  for (const FieldSpec& f : schema)
    if (f.key == key) return &f;
  return nullptr;
}

const FieldSpec& live_field(const std::string& key) {
  const FieldSpec* f = find_field(config_schema(), key);
  if (!f || !f->live) throw ConfigError("'" + clipped(key) + "' cannot change mid-run");
  return *f;
}

std::string live_keys_rule() {
  std::vector<std::string> keys;  // the numbers, then the integers (as the setters were always listed)
  for (const FieldType type : {FieldType::number, FieldType::integer})
    for (const FieldSpec& f : config_schema())
      if (f.live && f.type == type) keys.push_back("\"" + f.key + "\"");
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) out += (i == 0 ? "" : i + 1 == keys.size() ? " or " : ", ") + keys[i];
  return out;
}

}  // namespace linreg
