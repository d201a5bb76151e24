#include "sweep.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "format.hpp"
#include "losses.hpp"
#include "trainer.hpp"

namespace linreg {

std::string lrs_rule() { return "a list of 1 to " + std::to_string(kMaxSweepRates) + " learning rates"; }

std::vector<SweepRun> lr_sweep(const Config& config, const std::vector<double>& lrs,
                               std::shared_ptr<const SyntheticRegressionData> data) {
  if (lrs.empty() || lrs.size() > kMaxSweepRates)
    throw ConfigError("'lrs' must be " + lrs_rule() + ", got a list of " + std::to_string(lrs.size()));
  config.check();
  for (std::size_t k = 0; k < lrs.size(); ++k) {
    Config c = config;
    c.lr = lrs[k];
    try {
      c.check();
    } catch (const ConfigError&) {
      throw ConfigError("'lrs' must be a list of finite numbers > 0, got lrs[" + std::to_string(k) + "] = " +
                        plain(lrs[k]));
    }
  }
  const double d = static_cast<double>(data ? data->num_features() : static_cast<Eigen::Index>(config.num_features()));
  const double rates = static_cast<double>(lrs.size());
  const double work = rates * static_cast<double>(config.max_epochs) *
                      static_cast<double>(2 * config.num_train + config.num_val) * (d + 1);
  if (work > kMaxSweepWork)
    throw ConfigError("the sweep trains " + (lrs.size() == 1 ? std::string("its rate") : "each of its " + plain(rates) + " rates") + " to the end (" +
                      std::to_string(config.max_epochs) + " epochs of " + std::to_string(config.num_train) +
                      " examples): about " + plain(work) + " multiply-adds; the limit is " + plain(kMaxSweepWork) +
                      ": fewer rates, epochs or examples");
  if (static_cast<double>(config.max_epochs) * rates > kMaxSweepEpochs)
    throw ConfigError("the sweep would keep " + plain(static_cast<double>(config.max_epochs) * rates) +
                      " epoch losses; the limit is " + plain(kMaxSweepEpochs) + ": fewer rates or epochs");
  std::vector<SweepRun> runs;
  for (const double lr : lrs) {
    Config c = config;
    c.lr = lr;
    Trainer trainer = data ? Trainer(c, data) : Trainer(c);  // same seed: same data, start and order
    SweepRun run;
    run.lr = lr;
    trainer.fit();
    run.initial_train_loss = trainer.start_train_loss();
    run.diverged_step = trainer.diverged_step();
    for (const auto& e : trainer.epoch_history()) run.epoch_train_loss.push_back(e.train_loss);
    run.final_train_loss = trainer.diverged() || run.epoch_train_loss.empty()
                               ? std::numeric_limits<double>::quiet_NaN()
                               : run.epoch_train_loss.back();
    run.diverged = trainer.diverging();
    run.w = trainer.model().w;
    run.b = trainer.model().b;
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace linreg
