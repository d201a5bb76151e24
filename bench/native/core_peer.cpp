// Peer "native core": the project's own Trainer (cpp/), built with the project's flags; an epoch
// is Trainer::fit_epoch(), exactly what the wasm module's trainer.epoch() runs.
#include <algorithm>
#include <cmath>
#include <memory>

#include "peer_protocol.hpp"
#include "trainer.hpp"

namespace {

struct CorePeer {
  std::unique_ptr<linreg::Trainer> trainer;

  void setup(const bench::Case& c) {
    linreg::Config config;
    config.w = c.w;
    config.b = c.b;
    config.noise = c.noise;
    config.num_train = c.n;
    config.num_val = 0;
    config.batch_size = c.batch_size;
    config.lr = c.lr;
    config.max_epochs = linreg::Limits::max_epochs;
    config.seed = c.seed;
    trainer.reset();  // free the previous case's data first
    trainer = std::make_unique<linreg::Trainer>(config);
  }

  void run_epochs(std::int64_t epochs) {
    for (std::int64_t e = 0; e < epochs; ++e) trainer->fit_epoch();
  }

  std::pair<double, double> error() const {
    const linreg::Vector ew = trainer->error_w();
    return {ew.cwiseAbs().maxCoeff(), std::abs(trainer->error_b())};
  }

  // Two parts of Trainer::fit_epoch() timed alone: the shuffle of the row order (the core's own
  // bit-identical Fisher-Yates) and the end-of-epoch loss over the whole training set.
  nlohmann::json breakdown() const {
    std::vector<int> order = trainer->order();
    linreg::Rng rng(12345);
    auto t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < 3; ++k) rng.shuffle(order);
    const double shuffle = bench::seconds_since(t0) / 3;
    const auto& data = trainer->data();
    t0 = std::chrono::steady_clock::now();
    double sink = 0;
    for (int k = 0; k < 3; ++k) sink += linreg::mean_loss(trainer->model(), data.X_train, data.y_train);
    const double eval = bench::seconds_since(t0) / 3;
    return {{"shuffle_seconds", shuffle}, {"epoch_loss_seconds", eval}, {"sink", sink}};
  }
};

}  // namespace

int main() { return bench::serve<CorePeer>(); }
