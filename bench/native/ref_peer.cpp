// Peer "native reference": minibatch SGD for linear regression as one would write it directly
// with Eigen (g++ -O3, Eigen's default vectorization): shuffle the row order every epoch, gather
// each minibatch into a matrix, then two matrix-vector products.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <Eigen/Dense>

#include "peer_protocol.hpp"

namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct RefPeer {
  RowMatrix X;
  Eigen::VectorXd y, w, true_w;
  double b = 0, true_b = 0, lr = 0;
  std::int64_t batch_size = 0;
  std::mt19937_64 rng;
  std::vector<int> order;

  void setup(const bench::Case& c) {
    rng.seed(c.seed);
    std::normal_distribution<double> normal;
    true_w = Eigen::Map<const Eigen::VectorXd>(c.w.data(), c.d);
    true_b = c.b;
    X.resize(c.n, c.d);
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = normal(rng);
    y = X * true_w;
    for (Eigen::Index i = 0; i < y.size(); ++i) y[i] += c.b + c.noise * normal(rng);
    w.resize(c.d);
    for (Eigen::Index j = 0; j < w.size(); ++j) w[j] = 0.01 * normal(rng);
    b = 0;
    lr = c.lr;
    batch_size = c.batch_size;
    order.resize(static_cast<std::size_t>(c.n));
    std::iota(order.begin(), order.end(), 0);
  }

  void epoch() {
    std::shuffle(order.begin(), order.end(), rng);
    const std::int64_t n = X.rows();
    for (std::int64_t begin = 0; begin < n; begin += batch_size) {
      const std::int64_t m = std::min(batch_size, n - begin);
      const auto rows = Eigen::Map<const Eigen::VectorXi>(order.data() + begin, m);
      const RowMatrix Xb = X(rows, Eigen::all);       // gather
      const Eigen::VectorXd yb = y(rows);
      const Eigen::VectorXd r = (Xb * w).array() + b - yb.array();  // y_hat - y
      w -= (lr / m) * (Xb.transpose() * r);           // dL/dw = Xb^T r / m
      b -= lr * r.mean();
    }
  }

  void run_epochs(std::int64_t epochs) {
    for (std::int64_t e = 0; e < epochs; ++e) epoch();
  }

  std::pair<double, double> error() const {
    return {(w - true_w).cwiseAbs().maxCoeff(), std::abs(b - true_b)};
  }

  nlohmann::json breakdown() {
    std::vector<int> copy = order;
    const auto t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < 3; ++k) std::shuffle(copy.begin(), copy.end(), rng);
    return {{"shuffle_seconds", bench::seconds_since(t0) / 3}};
  }
};

}  // namespace

int main() { return bench::serve<RefPeer>(); }
