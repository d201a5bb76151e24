#include "sweep.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "losses.hpp"
#include "trainer.hpp"

namespace linreg {

std::vector<SweepRun> lr_sweep(const Config& config, const std::vector<double>& lrs) {
  if (lrs.empty() || lrs.size() > kMaxSweepRates)
    throw ConfigError("'lrs' must be a list of 1 to " + std::to_string(kMaxSweepRates) +
                      " learning rates, got a list of " + std::to_string(lrs.size()));
  config.check();
  for (std::size_t k = 0; k < lrs.size(); ++k) {
    Config c = config;
    c.lr = lrs[k];
    try {
      c.check();
    } catch (const ConfigError&) {
      const double x = lrs[k];  // as the config messages write numbers: -1, 0.5, null
      const std::string shown = !std::isfinite(x)                           ? "null"
                                : x == std::floor(x) && std::fabs(x) < 1e15 ? std::to_string(static_cast<long long>(x))
                                                                            : nlohmann::json(x).dump();
      throw ConfigError("'lrs' must be a list of finite numbers > 0, got lrs[" + std::to_string(k) + "] = " + shown);
    }
  }
  std::vector<SweepRun> runs;
  for (const double lr : lrs) {
    Config c = config;
    c.lr = lr;
    Trainer trainer(c);  // same seed: the same data, initialization and order for every lr
    SweepRun run;
    run.lr = lr;
    run.initial_train_loss =
        mean_loss(trainer.model(), trainer.data().X_train, trainer.data().y_train, LossFunction::of(c));
    trainer.fit();
    run.diverged_step = trainer.diverged_step();
    for (const auto& e : trainer.epoch_history()) run.epoch_train_loss.push_back(e.train_loss);
    run.final_train_loss = trainer.diverged() || run.epoch_train_loss.empty()
                               ? std::numeric_limits<double>::quiet_NaN()
                               : run.epoch_train_loss.back();
    run.diverged = trainer.diverged() || !(run.final_train_loss <= run.initial_train_loss);
    run.w = trainer.model().w;
    run.b = trainer.model().b;
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace linreg
