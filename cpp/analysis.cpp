#include "analysis.hpp"

#include <algorithm>
#include <cmath>

#include "landscape.hpp"
#include "least_squares.hpp"
#include "losses.hpp"
#include "run_record.hpp"

namespace linreg {

using nlohmann::json;

namespace {

json doubles(const std::vector<double>& v) {
  json out = json::array();
  for (const double x : v) out.push_back(number_or_null(x));
  return out;
}

}  // namespace

json record_analysis(const Trainer& t) {
  const auto& X = t.data().X_train;
  const auto& y = t.data().y_train;
  const LossFunction loss = LossFunction::of(t.config());
  const Eigen::Index d = X.cols();

  json ls = nullptr;
  if (const auto s = least_squares(X, y)) {
    LinearRegressionScratch at;
    at.w = s->w;
    at.b = s->b;
    ls = {{"w", vector_to_json(s->w)}, {"b", number_or_null(s->b)}, {"train_loss", number_or_null(mean_loss(at, X, y, loss))}};
  }
  const Curvature c = curvature(X);
  const json curv = c.available ? json{{"lambda_max", c.lambda_max}, {"lambda_min", c.lambda_min}, {"lr_limit", c.lr_limit}}
                                : json{{"reason", c.reason}};
  const LinearRegressionScratch& init = t.initial_model();
  const FullBatch fb = full_batch(X, y, loss, init);

  // A 7 x 5 grid over w_1 and b (the last two parameters when d = 1: w_1 and b) around the
  // truth, the others at the initial parameters; and the loss along b.
  LandscapeSpec spec;
  spec.axis_x = 0;
  spec.axis_y = d;
  spec.x_lo = t.data().w[0] - 2, spec.x_hi = t.data().w[0] + 1.5;
  spec.y_lo = t.data().b - 3, spec.y_hi = t.data().b + 1;
  spec.nx = 7, spec.ny = 5;
  if (!std::isfinite(spec.x_lo)) spec.x_lo = -2, spec.x_hi = 1.5, spec.y_lo = -3, spec.y_hi = 1;  // no truth
  const Landscape L = loss_landscape(X, y, loss, init, spec);
  const Landscape P = loss_profile(X, y, loss, init, d, spec.y_lo, spec.y_hi, 9);
  return json{{"least_squares", ls},
              {"curvature", curv},
              {"full_batch_at_init", {{"loss", number_or_null(fb.loss)}, {"grad_w", vector_to_json(fb.grad.w)}, {"grad_b", number_or_null(fb.grad.b)}}},
              {"landscape",
               {{"axes", {spec.axis_x, spec.axis_y}},
                {"x", {spec.x_lo, spec.x_hi}},
                {"y", {spec.y_lo, spec.y_hi}},
                {"size", {spec.nx, spec.ny}},
                {"values", doubles(L.values)}}},
              {"profile", {{"axis", d}, {"range", {spec.y_lo, spec.y_hi}}, {"size", 9}, {"values", doubles(P.values)}}}};
}

}  // namespace linreg
