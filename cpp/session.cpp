#include "session.hpp"

#include <cmath>
#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <utility>

#include "config_json.hpp"
#include "csv.hpp"
#include "format.hpp"
#include "json_fields.hpp"
#include "run_record.hpp"
#include "schema.hpp"

namespace linreg {

using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- The user's data as the trainer's data --------------------------------------------------

// The config of a run on the user's data: num_train from the data, w as d zeros, b and noise 0.
Config config_for_data(Config c, const UserData& data) {
  const Eigen::Index rows = data.X.rows(), d = data.X.cols();
  if (rows < 1 || d < 1) throw ConfigError("the data must have at least one row and one feature");
  if (data.y.size() != rows) throw ConfigError("internal error: the data has " + std::to_string(rows) +
                                               " rows but " + std::to_string(data.y.size()) + " labels");
  if (c.num_val < 0 || c.num_val >= rows)
    throw ConfigError("'num_val' must be an integer from 0 to " + std::to_string(rows - 1) +
                      " (your data has " + std::to_string(rows) + " rows and training needs at least one), got " +
                      std::to_string(c.num_val));
  c.num_train = rows - c.num_val;
  const Config defaults;
  c.w.assign(static_cast<std::size_t>(d), 0.0);
  c.b = 0.0;
  c.noise = 0.0;
  c.dataset = defaults.dataset;
  c.outlier = defaults.outlier;
  c.resistance = defaults.resistance;
  c.check();
  return c;
}

}  // namespace

Config config_for_user_data(const std::string& text, Config base, std::size_t d) {
  base.w.assign(d, 0.0);
  json j = parse_json(text, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !json_text_error(text).empty() || !j.contains("w"))
    return config_from_json_text(text, base);  // (its messages for text that is not a config)
  (void)config_from_json(json{{"w", j.at("w")}});  // w's own rule
  j.erase("w");
  return config_from_json(j, base);
}

namespace {

// The training rows first, then the validation rows; no true parameters (NaN).
std::shared_ptr<const SyntheticRegressionData> split(const Config& c, const UserData& data) {
  auto out = std::make_shared<SyntheticRegressionData>();
  const Eigen::Index d = data.X.cols();
  const auto n_train = static_cast<Eigen::Index>(c.num_train), n_val = static_cast<Eigen::Index>(c.num_val);
  out->w = Vector::Constant(d, kNaN);
  out->b = kNaN;
  out->noise = kNaN;
  out->X_train = data.X.topRows(n_train);
  out->y_train = data.y.head(n_train);
  out->X_val = data.X.bottomRows(n_val);
  out->y_val = data.y.tail(n_val);
  return out;
}

// ---- Reading a session file, every message naming the field -----------------------------------

// A value in a message, cut short.
std::string excerpt(const json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

[[noreturn]] void bad(const std::string& path, const std::string& rule, const json& got) {
  throw SessionError("the session's '" + path + "' must be " + rule + ", got " + excerpt(got));
}

const json& field(const json& obj, const std::string& key, const std::string& path) {
  const auto it = obj.find(key);
  if (it == obj.end()) throw SessionError("the session has no '" + path + "'");
  return *it;
}

void object_with(const json& obj, const std::string& path, std::initializer_list<const char*> keys) {
  if (!obj.is_object()) bad(path, "an object", obj);
  for (const auto& item : obj.items()) {
    bool known = false;
    for (const char* k : keys) known = known || item.key() == k;
    if (!known) {
      std::string list;
      for (const char* k : keys) list += std::string(list.empty() ? "" : " ") + k;
      throw SessionError("the session's '" + path + "' has an unknown key '" + clipped(item.key()) + "'; its keys are " +
                         list);
    }
  }
}

std::int64_t read_int(const json& v, const std::string& path, std::int64_t lo, std::int64_t hi) {
  const IntegerField i = integer_field(v, lo, hi);
  if (i.fit != IntegerField::ok) bad(path, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi), v);
  return i.value;
}

double read_finite(const json& v, const std::string& path) {
  if (!v.is_number() || !std::isfinite(v.get<double>())) bad(path, "a finite number", v);
  return v.get<double>();
}

// A number or null (null: a value that was not finite when saved).
double read_number_or_null(const json& v, const std::string& path) {
  if (v.is_null()) return kNaN;
  if (!v.is_number()) bad(path, "a number or null", v);
  return v.get<double>();
}

std::string read_name(const json& v, const std::string& path) {
  if (!v.is_string()) bad(path, "a string", v);
  const std::string s = v.get<std::string>();
  if (s.size() > CsvLimits::max_name)
    bad(path, "at most " + std::to_string(CsvLimits::max_name) + " bytes long", json(s.substr(0, 40)));
  return s;
}

UserData read_data(const json& j) {
  object_with(j, "data", {"name", "columns", "X", "y"});
  UserData data;
  data.name = read_name(field(j, "name", "data.name"), "data.name");
  const json& X = field(j, "X", "data.X");
  const json& y = field(j, "y", "data.y");
  const json& columns = field(j, "columns", "data.columns");
  const auto max_rows = static_cast<std::int64_t>(CsvLimits::max_rows);
  const auto max_d = static_cast<std::int64_t>(CsvLimits::max_features);
  if (!X.is_array() || X.empty() || static_cast<std::int64_t>(X.size()) > max_rows)
    bad("data.X", "a list of 1 to " + std::to_string(max_rows) + " rows", X);
  if (!X[0].is_array() || X[0].empty() || static_cast<std::int64_t>(X[0].size()) > max_d)
    bad("data.X[0]", "a list of 1 to " + std::to_string(max_d) + " numbers", X[0]);
  const std::size_t n = X.size(), d = X[0].size();
  if (!y.is_array() || y.size() != n) bad("data.y", "a list of " + std::to_string(n) + " numbers (one per row)", y);
  if (!columns.is_array() || columns.size() != d + 1)
    bad("data.columns", "a list of " + std::to_string(d + 1) + " names (the features, then the label)", columns);
  for (std::size_t j2 = 0; j2 <= d; ++j2)
    data.columns.push_back(read_name(columns[j2], "data.columns[" + std::to_string(j2) + "]"));
  data.X.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  data.y.resize(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const std::string row = "data.X[" + std::to_string(i) + "]";
    if (!X[i].is_array() || X[i].size() != d) bad(row, "a list of " + std::to_string(d) + " numbers", X[i]);
    for (std::size_t k = 0; k < d; ++k)
      data.X(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) =
          read_finite(X[i][k], row + "[" + std::to_string(k) + "]");
    data.y[static_cast<Eigen::Index>(i)] = read_finite(y[i], "data.y[" + std::to_string(i) + "]");
  }
  return data;
}

// ---- Checking the replay against the file ----------------------------------------------------

bool same_bits(double a, double b) {
  if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b))  // saved as null
    return !std::isfinite(a) && !std::isfinite(b);
  return std::memcmp(&a, &b, sizeof a) == 0;
}

[[noreturn]] void differs(std::int64_t steps, const std::string& path, const std::string& replayed,
                          const std::string& saved) {
  throw SessionError("the session does not replay to its saved state: after " + std::to_string(steps) +
                     " steps '" + path + "' is " + replayed + ", but the file says " + saved +
                     " (was the file edited, or saved by a different version?)");
}

void expect_number(std::int64_t steps, const std::string& path, double replayed, const json& saved) {
  const double s = read_number_or_null(saved, path);
  if (!same_bits(replayed, s)) differs(steps, path, shortest(replayed), shortest(s));
}

json changes_to_json(const std::vector<HyperparameterChange>& changes) {
  json out = json::array();
  for (const auto& c : changes) {
    json v = live_field(c.key).type == FieldType::integer ? json(static_cast<std::int64_t>(c.value)) : json(c.value);
    out.push_back(json{{"after_step", c.after_step}, {"after_phase", c.after_phase}, {"key", c.key}, {"value", v}});
  }
  return out;
}

}  // namespace

// ---- Session ----------------------------------------------------------------------------------

Session::Session(const Config& config) : start_config_(config), trainer_(config) {}

Session::Session(Config config, UserData data)
    : start_config_(config_for_data(std::move(config), data)),
      user_data_(std::make_shared<const UserData>(std::move(data))),
      trainer_(start_config_, split(start_config_, *user_data_)) {}

void Session::reset() {
  trainer_.reset();
  start_config_ = trainer_.config();
  changes_.clear();
}

void Session::reset(std::uint64_t seed) {
  trainer_.reset(seed);
  start_config_ = trainer_.config();
  changes_.clear();
  if (!user_data_) least_squares_.reset();  // new synthetic data
}

void Session::record(const std::string& key, double before, double after) {
  if (before == after) return;
  if (trainer_.global_step() == 0 && trainer_.phases_done() == 0) {
    start_config_ = trainer_.config();
    return;
  }
  changes_.push_back({trainer_.global_step(), trainer_.phases_done(), key, after});
}

void Session::set_live(const std::string& key, double value) {
  const FieldSpec& field = live_field(key);
  const double before = field.number_of(trainer_.config());
  trainer_.set_live(key, value);
  record(key, before, field.number_of(trainer_.config()));
}

void Session::set_max_epochs(std::int64_t max_epochs) {
  const auto before = static_cast<double>(trainer_.config().max_epochs);
  trainer_.set_max_epochs(max_epochs);
  record("max_epochs", before, static_cast<double>(trainer_.config().max_epochs));
}

std::vector<std::string> Session::columns() const {
  if (user_data_) return user_data_->columns;
  std::vector<std::string> out;
  for (Eigen::Index j = 0; j < trainer_.data().num_features(); ++j) out.push_back("x" + std::to_string(j + 1));
  out.push_back("y");
  return out;
}

const std::optional<LeastSquaresSolution>& Session::least_squares() const {
  if (!least_squares_) least_squares_.emplace(linreg::least_squares(trainer_.data().X_train, trainer_.data().y_train));
  return *least_squares_;
}

json Session::export_run() const { return record_run(trainer_); }

std::string Session::data_csv() const {
  const auto& d = trainer_.data();
  Matrix X(d.X_train.rows() + d.X_val.rows(), d.X_train.cols());
  X << d.X_train, d.X_val;
  Vector y(d.y_train.size() + d.y_val.size());
  y << d.y_train, d.y_val;
  return write_csv(columns(), X, y);
}

json Session::to_json() const {
  const Trainer& t = trainer_;
  // Built key by key rather than from nested initializer lists: the same object (its keys are
  // sorted either way), in less wasm code.
  json session;
  session["format"] = kSessionFormat;
  session["version"] = kSessionFormatVersion;
  session["config"] = config_to_json(start_config_);
  session["changes"] = changes_to_json(changes_);
  json& data = session["data"];  // null without user data
  if (user_data_) {
    data["name"] = user_data_->name;
    data["columns"] = user_data_->columns;
    data["X"] = matrix_to_json(user_data_->X);
    data["y"] = vector_to_json(user_data_->y);
  }
  json& state = session["state"];
  state["step"] = t.global_step();
  state["phase"] = t.phases_done();
  state["epoch"] = t.epoch();
  state["batch_in_epoch"] = t.batch_in_epoch();
  state["examples_seen"] = t.examples_seen();
  state["finished"] = t.finished();
  state["diverged_step"] = t.diverged() ? json(t.diverged_step()) : json(nullptr);
  state["w"] = vector_to_json(t.model().w);
  state["b"] = std::isfinite(t.model().b) ? json(t.model().b) : json(nullptr);
  // step_loss[i] is the loss of step 1 + i * step_stride (1 until a run passes 65,536 steps; then
  // the record is thinned evenly, see step_history.hpp).
  json& history = session["history"];
  json& step_loss = history["step_loss"] = json::array();
  for (const auto& s : t.step_history()) step_loss.push_back(std::isfinite(s.loss) ? json(s.loss) : json(nullptr));
  history["step_stride"] = t.step_log().stride();
  json& epochs = history["epochs"] = json::array();
  for (const auto& e : t.epoch_history()) epochs.push_back(epoch_to_json(e));
  return session;
}

// Replayed phase by phase (step() is the same operations), so that a change made in the middle
// of a step lands exactly where it was made.
void Session::replay(const std::vector<HyperparameterChange>& changes, std::int64_t steps, int phase,
                     const std::function<void()>& after_step) {
  std::size_t next = 0;
  auto apply_changes = [&] {
    while (next < changes.size() && changes[next].after_step == trainer_.global_step() &&
           changes[next].after_phase == trainer_.phases_done()) {
      const auto& c = changes[next++];
      try {
        set_live(c.key, c.value);
      } catch (const ConfigError& e) {
        throw SessionError("the session's change after step " + std::to_string(c.after_step) + ": " + e.what());
      }
    }
  };
  auto before_target = [&] {
    return trainer_.global_step() < steps || (trainer_.global_step() == steps && trainer_.phases_done() < phase);
  };
  while (before_target()) {
    apply_changes();
    if (trainer_.phases_done() == 0 && (trainer_.finished() || trainer_.diverged()))
      throw SessionError("the session does not replay to its saved state: the run " +
                         std::string(trainer_.diverged() ? "diverges" : "finishes") + " after " +
                         std::to_string(trainer_.global_step()) + " steps, but the file says " +
                         std::to_string(steps) + " steps were taken");
    if (trainer_.step_phase() == Trainer::Phase::update && after_step) after_step();
  }
  apply_changes();
}

Session::Trajectory Session::trajectory(std::int64_t every, Eigen::Index max_weights) const {
  if (every < 1) throw ConfigError("'every' must be an integer >= 1, got " + std::to_string(every));
  Session r = *this;  // the same data and start, replayed from step 0
  r.trainer_ = user_data_ ? Trainer(start_config_, split(start_config_, *user_data_)) : Trainer(start_config_);
  r.changes_.clear();
  const Eigen::Index k = std::min<Eigen::Index>(std::max<Eigen::Index>(max_weights, 0), trainer_.model().w.size());
  const std::int64_t last = trainer_.global_step();
  std::vector<double> w, b;
  Trajectory out;
  auto record = [&] {
    const Trainer& t = r.trainer_;
    out.steps.push_back(t.global_step());
    for (Eigen::Index j = 0; j < k; ++j) w.push_back(t.model().w[j]);
    b.push_back(t.model().b);
  };
  record();
  r.replay(changes_, last, 0, [&] {
    const std::int64_t step = r.trainer_.global_step();
    if (step % every == 0 || step == last) record();
  });
  out.w = Eigen::Map<const Matrix>(w.data(), static_cast<Eigen::Index>(out.steps.size()), k);
  out.b = std::move(b);
  return out;
}

std::string Session::to_json_text() const {
  // The top level in this order (saved files keep it), every object below with its keys sorted.
  return dump_in_order(to_json(), {"format", "version", "config", "changes", "data", "state", "history"}, -1,
                       /*levels=*/1) +
         "\n";
}

Session Session::from_json_text(const std::string& text) {
  if (const std::string deep = json_text_error(text); !deep.empty()) throw SessionError("the session is not valid JSON: " + deep);
  const json j = parse_json(text, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    try {
      const json again = parse_json(text);  // only for the position of the error
      (void)again;
    } catch (const json::exception& e) {
      if (const auto overflow = find_json_overflow(text))  // 1e999: say where
        throw SessionError("the session's '" + clipped(overflow->where()) + "' must be a number that fits in a double, got " +
                           clipped(overflow->token));
      throw SessionError("the session is not valid JSON: " + parse_error_text(e.what()));
    }
    throw SessionError("the session is not valid JSON");
  }
  return from_json(j);
}

Session Session::from_json(const json& j) {
  if (!j.is_object()) throw SessionError("the session must be a JSON object, got " + excerpt(j));
  const json& format = field(j, "format", "format");
  if (format != kSessionFormat)
    throw SessionError(std::string("this is not a saved session: 'format' must be \"") + kSessionFormat +
                       "\", got " + excerpt(format));
  object_with(j, "(top level)", {"format", "version", "config", "changes", "data", "state", "history"});
  const json& version = field(j, "version", "version");
  if (version != kSessionFormatVersion)
    throw SessionError("the session's 'version' must be " + std::to_string(kSessionFormatVersion) +
                       " (the only version this page reads), got " + excerpt(version));

  Config config;
  try {
    config = config_from_json(field(j, "config", "config"));
  } catch (const ConfigError& e) {
    throw SessionError(std::string("the session's config: ") + e.what());
  }

  const json& data_json = field(j, "data", "data");
  std::optional<UserData> data;
  if (!data_json.is_null()) data = read_data(data_json);

  const json& state = field(j, "state", "state");
  object_with(state, "state",
              {"step", "phase", "epoch", "batch_in_epoch", "examples_seen", "finished", "diverged_step", "w", "b"});
  const std::int64_t steps = read_int(field(state, "step", "state.step"), "state.step", 0, Limits::max_seed);
  const int phase = static_cast<int>(read_int(field(state, "phase", "state.phase"), "state.phase", 0, 3));

  // The changes: in order of their steps, none after the saved step.
  const json& changes_json = field(j, "changes", "changes");
  if (!changes_json.is_array()) bad("changes", "a list", changes_json);
  std::vector<HyperparameterChange> changes;
  for (std::size_t i = 0; i < changes_json.size(); ++i) {
    const std::string path = "changes[" + std::to_string(i) + "]";
    const json& c = changes_json[i];
    object_with(c, path, {"after_step", "after_phase", "key", "value"});
    HyperparameterChange change;
    const std::int64_t lo = changes.empty() ? 0 : changes.back().after_step;
    change.after_step = read_int(field(c, "after_step", path + ".after_step"), path + ".after_step", lo, steps);
    const int lo_phase = !changes.empty() && changes.back().after_step == change.after_step ? changes.back().after_phase : 0;
    const int hi_phase = change.after_step == steps ? phase : 3;
    change.after_phase = static_cast<int>(
        read_int(field(c, "after_phase", path + ".after_phase"), path + ".after_phase", lo_phase, hi_phase));
    const json& key = field(c, "key", path + ".key");
    const FieldSpec* live = key.is_string() ? find_field(config_schema(), key.get<std::string>()) : nullptr;
    if (!live || !live->live) bad(path + ".key", live_keys_rule(), key);
    change.key = live->key;
    const json& value = field(c, "value", path + ".value");
    change.value = live->type == FieldType::integer
                       ? static_cast<double>(read_int(value, path + ".value", static_cast<std::int64_t>(*live->min),
                                                      static_cast<std::int64_t>(*live->max)))
                       : read_finite(value, path + ".value");
    changes.push_back(change);
  }

  // The replay's cost, bounded before it starts.
  const double d = data ? static_cast<double>(data->X.cols()) : static_cast<double>(config.w.size());
  const std::int64_t rows = data ? static_cast<std::int64_t>(data->X.rows()) : config.num_train;
  const double rows_per_step = static_cast<double>(std::min(config.batch_size, rows));
  const double work = static_cast<double>(steps) * rows_per_step * (d + 1);
  if (work > kMaxReplayWork)
    throw SessionError("the session is too long to restore: replaying its " + std::to_string(steps) +
                       " steps takes about " + shortest(work) + " multiply-adds; the limit is " +
                       shortest(kMaxReplayWork));
  // And the evaluations: at the end of each epoch the trainer evaluates the training and validation
  // sets, (num_train + num_val) x (d + 1) multiply-adds (one-batch epochs on a large validation set
  // cost far more than the steps: a 338-byte file froze the page for hours).
  const std::int64_t train_rows = data ? std::max<std::int64_t>(1, rows - config.num_val) : config.num_train;
  const std::int64_t batches = std::max<std::int64_t>(
      1, config.drop_last ? train_rows / config.batch_size : (train_rows + config.batch_size - 1) / config.batch_size);
  const double full_epochs = std::floor(static_cast<double>(steps) / static_cast<double>(batches));
  const double examples = static_cast<double>(data ? rows : config.num_train + config.num_val);
  const double evaluations = full_epochs * examples * (d + 1);
  if (work + evaluations > kMaxReplayWork)
    throw SessionError("the session is too long to restore: replaying its " + std::to_string(steps) + " steps takes about " +
                       shortest(work + evaluations) + " multiply-adds, " + shortest(evaluations) +
                       " of them evaluating the training and validation sets at the end of each of its " +
                       shortest(full_epochs) + " epochs; the limit is " + shortest(kMaxReplayWork));

  std::optional<Session> restored;
  try {
    if (data) restored.emplace(config, std::move(*data));
    else restored.emplace(config);
  } catch (const ConfigError& e) {
    throw SessionError(std::string("the session's config does not fit its data: ") + e.what());
  }
  Session& s = *restored;
  // A session on the user's data was saved with the config that Session(config, data) makes.
  if (!data_json.is_null() && config_to_json(s.start_config_) != config_to_json(config))
    throw SessionError("the session's config does not match its data (num_train must be the rows less num_val, "
                       "w as many zeros as features, b and noise 0)");

  s.replay(changes, steps, phase);

  // Check everything the file says against the replay.
  const Trainer& t = s.trainer_;
  auto expect_int = [&](const char* key, std::int64_t replayed) {
    const std::string path = std::string("state.") + key;
    const std::int64_t saved = read_int(field(state, key, path), path, 0, Limits::max_seed);
    if (saved != replayed) differs(steps, path, std::to_string(replayed), std::to_string(saved));
  };
  expect_int("epoch", t.epoch());
  expect_int("batch_in_epoch", t.batch_in_epoch());
  expect_int("examples_seen", t.examples_seen());
  const json& finished = field(state, "finished", "state.finished");
  if (!finished.is_boolean()) bad("state.finished", "true or false", finished);
  if (finished.get<bool>() != t.finished())
    differs(steps, "state.finished", t.finished() ? "true" : "false", finished.dump());
  const json& diverged = field(state, "diverged_step", "state.diverged_step");
  const std::int64_t saved_diverged =
      diverged.is_null() ? 0 : read_int(diverged, "state.diverged_step", 1, Limits::max_seed);
  if (saved_diverged != t.diverged_step())
    differs(steps, "state.diverged_step", t.diverged() ? std::to_string(t.diverged_step()) : "null", diverged.dump());
  const json& w = field(state, "w", "state.w");
  if (!w.is_array() || static_cast<Eigen::Index>(w.size()) != t.model().w.size())
    bad("state.w", "a list of " + std::to_string(t.model().w.size()) + " numbers", w);
  for (std::size_t k = 0; k < w.size(); ++k)
    expect_number(steps, "state.w[" + std::to_string(k) + "]", t.model().w[static_cast<Eigen::Index>(k)], w[k]);
  expect_number(steps, "state.b", t.model().b, field(state, "b", "state.b"));

  const json& history = field(j, "history", "history");
  object_with(history, "history", {"step_loss", "step_stride", "epochs"});
  const std::int64_t stride = read_int(field(history, "step_stride", "history.step_stride"), "history.step_stride", 1,
                                       Limits::max_seed);
  if (stride != t.step_log().stride())
    differs(steps, "history.step_stride", std::to_string(t.step_log().stride()), std::to_string(stride));
  const json& step_loss = field(history, "step_loss", "history.step_loss");
  if (!step_loss.is_array() || step_loss.size() != t.step_history().size())
    bad("history.step_loss", "a list of " + std::to_string(t.step_history().size()) + " losses (one per step)",
        step_loss);
  for (std::size_t k = 0; k < step_loss.size(); ++k)
    expect_number(steps, "history.step_loss[" + std::to_string(k) + "]", t.step_history()[k].loss, step_loss[k]);
  const json& epochs = field(history, "epochs", "history.epochs");
  if (!epochs.is_array() || epochs.size() != t.epoch_history().size())
    bad("history.epochs", "a list of " + std::to_string(t.epoch_history().size()) + " epochs", epochs);
  for (std::size_t k = 0; k < epochs.size(); ++k) {
    const std::string path = "history.epochs[" + std::to_string(k) + "]";
    object_with(epochs[k], path, {"epoch", "train_loss", "val_loss"});
    const auto& e = t.epoch_history()[k];
    const std::int64_t saved_epoch = read_int(field(epochs[k], "epoch", path + ".epoch"), path + ".epoch", 1,
                                              Limits::max_epochs);
    if (saved_epoch != e.epoch) differs(steps, path + ".epoch", std::to_string(e.epoch), std::to_string(saved_epoch));
    expect_number(steps, path + ".train_loss", e.train_loss, field(epochs[k], "train_loss", path + ".train_loss"));
    expect_number(steps, path + ".val_loss", e.val_loss, field(epochs[k], "val_loss", path + ".val_loss"));
  }
  return std::move(*restored);
}

}  // namespace linreg
