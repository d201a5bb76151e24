// The closed-form facts of a run's data as JSON (`linreg --analysis FILE`): the least-squares
// solution and its training loss, the curvature and learning-rate limit, the full-batch loss and
// gradient at the initial parameters, and a small loss landscape and profile. The Node tests
// compare these numbers with the WebAssembly module's, bit for bit.
#pragma once

#include <nlohmann/json.hpp>

#include "trainer.hpp"

namespace linreg {

nlohmann::json record_analysis(const Trainer& trainer);

}  // namespace linreg
