// A training session: a Trainer, the data it trains on (the book's synthetic data, or the user's
// own), and the hyperparameters changed mid-run. It saves to JSON and restores from it.
//
// Restoring replays: a saved session holds its starting config, the user's data (if any), the
// mid-run changes with the step after which each was made, and the state and history it reached.
// from_json() builds a fresh trainer, replays the saved number of steps applying each change at
// its step, and then checks the parameters, counters and every loss of the history bit for bit
// against the file. Because every run is deterministic (same seed, same bits, native and wasm),
// this restores exactly the same state, including the parts that are costly to serialize (the
// shuffling stream in mid-epoch, the last minibatch, the history), and a file that was edited or
// made by a different version is refused with the first difference named instead of being
// loaded into a state that no run produces.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config.hpp"
#include "least_squares.hpp"
#include "trainer.hpp"

namespace linreg {

// A session file that cannot be restored; the message says which field and why.
class SessionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

inline constexpr const char* kSessionFormat = "d2l-linreg-session";
inline constexpr int kSessionFormatVersion = 1;

// Restoring replays the run; this bounds its cost (steps x batch_size x (d + 1) multiply-adds,
// a few seconds in the browser).
inline constexpr double kMaxReplayWork = 2e9;

// The config keys that describe generated data: a run on the user's data does not use them (its
// num_train is the rows less num_val, w starts at zeros, b at 0; noise, dataset, outlier and
// resistance make no data). The command line names those given with --data.
inline constexpr const char* kGeneratedDataKeys[] = {"w", "b", "noise", "num_train", "dataset", "outlier", "resistance"};

// A config (JSON text) given with the user's data of d features, read on top of `base` with w set
// to d zeros: its w describes generated data and does not apply (it is still checked on its own),
// so that init_w's length is checked against the data's d. Throws ConfigError.
Config config_for_user_data(const std::string& text, Config base, std::size_t d);

// The user's own examples (from CSV): all rows, the training rows first.
struct UserData {
  std::string name;                  // where they came from (a file name), shown to the user
  std::vector<std::string> columns;  // d feature names, then the label's
  Matrix X;                          // rows x d
  Vector y;                          // rows
};

// A live field changed mid-run (lr, gradient_clip_val or max_epochs: schema.hpp), after `after_step` steps
// and `after_phase` phases of the next one (0 between steps; see Trainer::step_phase).
struct HyperparameterChange {
  std::int64_t after_step = 0;
  int after_phase = 0;
  std::string key;
  double value = 0.0;
};

class Session {
 public:
  // The synthetic data of `config`. Throws ConfigError.
  explicit Session(const Config& config);
  // The user's data: the last config.num_val rows are the validation set, the others the training
  // set (num_train is set to their number). There are no true parameters: w becomes d zeros and
  // b and noise 0, and the data-generating keys (dataset, outlier, resistance) their defaults:
  // they are not used. Throws ConfigError.
  Session(Config config, UserData data);

  const Trainer& trainer() const { return trainer_; }
  const Minibatch& step() { return trainer_.step(); }
  Trainer::Phase step_phase() { return trainer_.step_phase(); }
  std::int64_t fit_epoch() { return trainer_.fit_epoch(); }
  std::int64_t fit() { return trainer_.fit(); }
  // The identical run again (no seed) or a new seed (new initialization and shuffling; new data
  // too unless it is the user's). Forgets the changes: the current config is the new start.
  void reset();
  void reset(std::uint64_t seed);
  // A live field (Trainer::set_live) changed from the next step, and recorded (a change before the
  // first step changes the start).
  void set_live(const std::string& key, double value);
  void set_lr(double lr) { set_live("lr", lr); }
  void set_gradient_clip_val(double clip_val) { set_live("gradient_clip_val", clip_val); }
  void set_max_epochs(std::int64_t max_epochs);

  const Config& start_config() const { return start_config_; }
  const std::vector<HyperparameterChange>& changes() const { return changes_; }
  bool has_user_data() const { return user_data_ != nullptr; }
  const UserData* user_data() const { return user_data_.get(); }
  // Column names: the user's, or x1 .. xd and y for the synthetic data.
  std::vector<std::string> columns() const;
  // The least-squares (w, b) of the training set (computed once per data set); nullopt when it
  // is not unique.
  const std::optional<LeastSquaresSolution>& least_squares() const;

  // The parameters along the run so far, replayed from its start (with its changes): after step 0,
  // every `every`-th step and the last complete step; the first `max_weights` weights and b.
  struct Trajectory {
    std::vector<std::int64_t> steps;
    Matrix w;  // one row per entry of steps
    std::vector<double> b;
  };
  Trajectory trajectory(std::int64_t every, Eigen::Index max_weights) const;

  // The current config's run from step 1 in the --export-run format (run_record.hpp).
  nlohmann::json export_run() const;
  // Every example (training rows, then validation rows) as CSV, numbers exact.
  std::string data_csv() const;

  // The session file (its keys are session_to_json's; docs/page.md, "Saving, opening and downloads").
  nlohmann::json to_json() const;
  // to_json() as text, its top-level keys in the order of the format's description (format and
  // version first) rather than alphabetical, for people who open the file.
  std::string to_json_text() const;
  // Restores by replaying and checking (see the top of this file). Throws SessionError.
  static Session from_json(const nlohmann::json& j);
  static Session from_json_text(const std::string& text);

 private:
  void record(const std::string& key, double before, double after);
  // Takes this (fresh) session to `steps` steps and `phase` phases, applying `changes` where they
  // were made; calls after_step() after each complete step. Throws SessionError.
  void replay(const std::vector<HyperparameterChange>& changes, std::int64_t steps, int phase,
              const std::function<void()>& after_step = {});

  Config start_config_;
  std::shared_ptr<const UserData> user_data_;
  Trainer trainer_;
  std::vector<HyperparameterChange> changes_;
  mutable std::optional<std::optional<LeastSquaresSolution>> least_squares_;  // outer: computed yet
};

}  // namespace linreg
