#include "sgd.hpp"

namespace linreg {

bool clip_gradients(Gradient& g, double clip_val) {
  if (!(clip_val > 0)) return false;
  const double norm = g.norm();
  if (!(norm > clip_val)) return false;
  const double scale = clip_val / norm;
  for (Eigen::Index j = 0; j < g.w.size(); ++j) g.w[j] *= scale;
  g.b *= scale;
  return true;
}

}  // namespace linreg
