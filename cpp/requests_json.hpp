// The page's requests as the JavaScript API sends them (JSON): the loss landscape and profile, a
// point in parameter space, and the learning rates of a sweep.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "landscape.hpp"
#include "sweep.hpp"

namespace linreg {

// Read with messages that name the field:
//   landscape: {"axes": [a, b], "x": [lo, hi], "y": [lo, hi], "size": n or [nx, ny], "at": point}
//   profile:   {"axis": a, "range": [lo, hi], "size": n, "at": point}
//   point:     {"w": [d numbers], "b": number}; absent ("at" missing or null): `current`.
// Throw ConfigError.
LandscapeSpec landscape_spec_from_json(const nlohmann::json& j, Eigen::Index d);
ProfileSpec profile_spec_from_json(const nlohmann::json& j, Eigen::Index d);
LinearRegressionScratch point_from_json(const nlohmann::json& j, const LinearRegressionScratch& current);
// The list of learning rates of lr_sweep(), with its messages.
std::vector<double> lrs_from_json(const nlohmann::json& j);

}  // namespace linreg
