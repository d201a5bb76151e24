#include "run_record.hpp"

#include <cmath>

namespace linreg {

using nlohmann::json;

// JSON has no NaN or infinity: write null (a missing validation loss, a diverged value).
json number_or_null(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json vector_to_json(const Vector& v) {
  json out = json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) out.push_back(number_or_null(v[i]));
  return out;
}

json matrix_to_json(const Matrix& X) {
  json out = json::array();
  for (Eigen::Index i = 0; i < X.rows(); ++i) out.push_back(vector_to_json(X.row(i).transpose()));
  return out;
}

json step_to_json(const Minibatch& mb) {
  return json{{"step", mb.step},
              {"epoch", mb.epoch},
              {"batch", mb.batch},
              {"indices", mb.indices},
              {"loss", number_or_null(mb.loss)},
              {"grad_w", vector_to_json(mb.grad.w)},
              {"grad_b", number_or_null(mb.grad.b)},
              {"grad_norm", number_or_null(mb.grad_norm)},
              {"clipped", mb.clipped},
              {"lr", mb.lr},
              {"w", vector_to_json(mb.w_after)},
              {"b", number_or_null(mb.b_after)}};
}

json epoch_to_json(const EpochRecord& e) {
  return json{{"epoch", e.epoch}, {"train_loss", number_or_null(e.train_loss)}, {"val_loss", number_or_null(e.val_loss)}};
}

json record_run(const Config& config) { return record_run(Trainer(config)); }

json record_run(Trainer trainer) {
  if (trainer.global_step() > 0 || trainer.phases_done() > 0) trainer.reset();  // from the start
  const auto& data = trainer.data();
  const bool truth = trainer.has_true_params();
  json steps = json::array();
  while (!trainer.finished() && !trainer.diverged()) steps.push_back(step_to_json(trainer.step()));
  json epochs = json::array();
  for (const auto& e : trainer.epoch_history()) epochs.push_back(epoch_to_json(e));
  // Built key by key rather than from nested initializer lists: the same object (a json object
  // keeps its keys sorted either way), in about half the wasm code.
  json run;
  run["format"] = kRunFormat;
  run["version"] = kRunFormatVersion;
  run["config"] = config_to_json(trainer.config());
  json true_params(nullptr);
  if (truth) {
    true_params["w"] = vector_to_json(data.w);
    true_params["b"] = data.b;
  }
  run["true_params"] = std::move(true_params);
  json& d = run["data"];
  d["X_train"] = matrix_to_json(data.X_train);
  d["y_train"] = vector_to_json(data.y_train);
  d["X_val"] = matrix_to_json(data.X_val);
  d["y_val"] = vector_to_json(data.y_val);
  json& initial = run["initial_params"];
  initial["w"] = vector_to_json(trainer.initial_model().w);
  initial["b"] = trainer.initial_model().b;
  run["steps"] = std::move(steps);
  run["epochs"] = std::move(epochs);
  json& final_ = run["final"];
  final_["w"] = vector_to_json(trainer.model().w);
  final_["b"] = number_or_null(trainer.model().b);
  final_["error_w"] = truth ? vector_to_json(trainer.error_w()) : json(nullptr);
  final_["error_b"] = truth ? number_or_null(trainer.error_b()) : json(nullptr);
  final_["diverged_step"] = trainer.diverged() ? json(trainer.diverged_step()) : json(nullptr);
  return run;
}

}  // namespace linreg
