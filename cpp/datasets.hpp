// The data sets a run can use, chosen by the config's `dataset` (one signature, chosen by a
// string key, as TensorFlow Playground's data generators): the book's SyntheticRegressionData,
// or Ohm's law (the section's exercise 2). Then the config's `outlier`, if any, replaces one
// training label (exercise 8's y_5 = 10000).
#pragma once

#include "config.hpp"
#include "data.hpp"

namespace linreg {

// The data of `c` (which must pass c.check()), drawn from the data stream of c.seed.
SyntheticRegressionData make_dataset(const Config& c);

// Ohm's law: voltages U ~ Uniform(0, 10) V (all of the training rows, then the validation rows),
// then the currents I = U * (1 / resistance) + noise * N(0, 1) A in the same order. The true
// parameters are w = [1 / resistance] siemens and b = 0.
SyntheticRegressionData ohm_dataset(const Config& c);

// Replaces y_train[outlier.index] with outlier.value when the config has an outlier.
void apply_outlier(const Config& c, SyntheticRegressionData& data);

}  // namespace linreg
