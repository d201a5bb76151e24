// The whole run as JSON (the `--export-run` format, documented in docs/run-format.md):
// enough to replay every step in NumPy or PyTorch and compare number by number.
#pragma once

#include <nlohmann/json.hpp>

#include "config_json.hpp"
#include "trainer.hpp"

namespace linreg {

inline constexpr const char* kRunFormat = "d2l-linreg-run";
inline constexpr int kRunFormatVersion = 1;

// Runs a fresh trainer for `config` to the end (or divergence) and records every step.
nlohmann::json record_run(const Config& config);
// The same for a fresh trainer given by the caller (e.g. on the user's own data, where
// true_params, error_w and error_b are null).
nlohmann::json record_run(Trainer trainer);

// Pieces of the format, shared with the session export.
// A number as the run's JSON writes it: the value, or null when it is not finite (NaN, infinity).
nlohmann::json number_or_null(double x);
nlohmann::json vector_to_json(const Vector& v);
nlohmann::json matrix_to_json(const Matrix& X);  // a list of rows
nlohmann::json step_to_json(const Minibatch& mb);
nlohmann::json epoch_to_json(const EpochRecord& e);

}  // namespace linreg
