#include "model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "random.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace linreg {

// The sums below are plain loops in a fixed order so that native and wasm builds produce the same
// bits (with -ffp-contract=off, see CMakeLists.txt).
//
// The kernels that walk the data compute several rows at once, for speed, without changing any
// bit: each row's dot product is still summed left to right from 0.0 (`dot += x[j] * w[j]`), one
// row per lane or per register, and each gradient entry still adds the rows' terms in row order
// (`g[j] += r * x[j]`), the entries j side by side. Every lane does the same IEEE operations in
// the same order as the plain loop, so SSE2 (native), SIMD128 (wasm -msimd128) and scalar code
// all give identical results.

namespace {

#if defined(__SSE2__) || defined(__wasm_simd128__)
#define LINREG_SIMD 1
#if defined(__SSE2__)
using f64x2 = __m128d;
inline f64x2 load2(const double* p) { return _mm_loadu_pd(p); }
inline void store2(double* p, f64x2 v) { _mm_storeu_pd(p, v); }
inline f64x2 splat2(double x) { return _mm_set1_pd(x); }
inline f64x2 pair2(double lane0, double lane1) { return _mm_set_pd(lane1, lane0); }
inline f64x2 add2(f64x2 a, f64x2 b) { return _mm_add_pd(a, b); }
inline f64x2 mul2(f64x2 a, f64x2 b) { return _mm_mul_pd(a, b); }
inline f64x2 low_lanes(f64x2 a, f64x2 b) { return _mm_unpacklo_pd(a, b); }   // (a[0], b[0])
inline f64x2 high_lanes(f64x2 a, f64x2 b) { return _mm_unpackhi_pd(a, b); }  // (a[1], b[1])
inline void store_lanes(double* lane0, double* lane1, f64x2 v) {
  _mm_store_sd(lane0, v);
  _mm_storeh_pd(lane1, v);
}
#else
using f64x2 = v128_t;
inline f64x2 load2(const double* p) { return wasm_v128_load(p); }
inline void store2(double* p, f64x2 v) { wasm_v128_store(p, v); }
inline f64x2 splat2(double x) { return wasm_f64x2_splat(x); }
inline f64x2 pair2(double lane0, double lane1) { return wasm_f64x2_make(lane0, lane1); }
inline f64x2 add2(f64x2 a, f64x2 b) { return wasm_f64x2_add(a, b); }
inline f64x2 mul2(f64x2 a, f64x2 b) { return wasm_f64x2_mul(a, b); }
inline f64x2 low_lanes(f64x2 a, f64x2 b) { return wasm_i64x2_shuffle(a, b, 0, 2); }
inline f64x2 high_lanes(f64x2 a, f64x2 b) { return wasm_i64x2_shuffle(a, b, 1, 3); }
inline void store_lanes(double* lane0, double* lane1, f64x2 v) {
  *lane0 = wasm_f64x2_extract_lane(v, 0);
  *lane1 = wasm_f64x2_extract_lane(v, 1);
}
#endif
#endif

// Rows of the data processed together: enough independent sums to keep the FPU busy.
constexpr int kRows = 8;
// Data sets smaller than this (in values: 1 MiB) stay in the cache; no prefetching.
constexpr Eigen::Index kPrefetchAbove = 128 * 1024;

// out[r] = x[r] . w for R rows, each summed left to right from 0.0.
template <int R>
inline void dot_rows(const double* const* x, const double* w, Eigen::Index d, double* out) {
#ifdef LINREG_SIMD
  static_assert(R % 2 == 0, "rows go in pairs, one per lane");
  constexpr int P = R / 2;
  f64x2 acc[P];
  for (int p = 0; p < P; ++p) acc[p] = splat2(0.0);
  Eigen::Index j = 0;
  for (; j + 2 <= d; j += 2) {
    const f64x2 w0 = splat2(w[j]);
    const f64x2 w1 = splat2(w[j + 1]);
    for (int p = 0; p < P; ++p) {
      const f64x2 a = load2(x[2 * p] + j);      // row 2p:   x[j], x[j+1]
      const f64x2 b = load2(x[2 * p + 1] + j);  // row 2p+1: x[j], x[j+1]
      acc[p] = add2(acc[p], mul2(low_lanes(a, b), w0));
      acc[p] = add2(acc[p], mul2(high_lanes(a, b), w1));
    }
  }
  if (j < d) {
    const f64x2 w0 = splat2(w[j]);
    for (int p = 0; p < P; ++p) acc[p] = add2(acc[p], mul2(pair2(x[2 * p][j], x[2 * p + 1][j]), w0));
  }
  for (int p = 0; p < P; ++p) store_lanes(&out[2 * p], &out[2 * p + 1], acc[p]);
#else
  double acc[R];
  for (int r = 0; r < R; ++r) acc[r] = 0.0;
  for (Eigen::Index j = 0; j < d; ++j) {
    const double wj = w[j];
    for (int r = 0; r < R; ++r) acc[r] += x[r][j] * wj;
  }
  for (int r = 0; r < R; ++r) out[r] = acc[r];
#endif
}

inline double dot_row(const double* x, const double* w, Eigen::Index d) {
  double dot = 0.0;
  for (Eigen::Index j = 0; j < d; ++j) dot += x[j] * w[j];
  return dot;
}

#if defined(__wasm__)
volatile std::uint64_t prefetch_sink;  // where the loads of prefetch_rows go (so that they happen)
#endif

// Asks the memory system for the first cache lines of the listed rows (the hardware prefetcher
// streams the rest of a long row) before the arithmetic starts. The rows of a minibatch are
// scattered over X: the arithmetic would wait for them a few at a time, while this loop of
// independent accesses has many in flight at once. It changes no value: natively it issues
// prefetch instructions, in WebAssembly (which has none) plain loads.
void prefetch_rows(const double* data, const int* idx, Eigen::Index m, Eigen::Index d) {
  constexpr Eigen::Index kLine = 64 / sizeof(double);
#if defined(__wasm__)
  std::uint64_t sink = 0;
  auto touch = [&](const double* p) {
    std::uint64_t bits;
    std::memcpy(&bits, p, sizeof bits);
    sink |= bits;
  };
#else
  auto touch = [](const double* p) { __builtin_prefetch(p); };
#endif
  const Eigen::Index head = std::min(d, 2 * kLine);  // prefetching whole long rows was slower
  for (Eigen::Index k = 0; k < m; ++k) {
    const double* row = data + static_cast<Eigen::Index>(idx[k]) * d;
    for (Eigen::Index j = 0; j < head; j += kLine) touch(row + j);
    touch(row + head - 1);
  }
#if defined(__wasm__)
  prefetch_sink = sink;
#endif
}

// y_hat[k] = x_k . w + b for k < m, where row_at(k) points at x_k.
template <typename RowAt>
void predict(RowAt row_at, Eigen::Index m, const Vector& w, double b, double* y_hat) {
  const Eigen::Index d = w.size();
  const double* wp = w.data();
  Eigen::Index k = 0;
  for (; k + kRows <= m; k += kRows) {
    const double* x[kRows];
    for (int r = 0; r < kRows; ++r) x[r] = row_at(k + r);
    double dot[kRows];
    dot_rows<kRows>(x, wp, d, dot);
    for (int r = 0; r < kRows; ++r) y_hat[k + r] = dot[r] + b;
  }
  for (; k + 2 <= m; k += 2) {
    const double* x[2] = {row_at(k), row_at(k + 1)};
    double dot[2];
    dot_rows<2>(x, wp, d, dot);
    y_hat[k] = dot[0] + b;
    y_hat[k + 1] = dot[1] + b;
  }
  if (k < m) y_hat[k] = dot_row(row_at(k), wp, d) + b;
}

// g[j] += r[0] x[0][j], then += r[1] x[1][j], ... (row order), for every j < d.
template <int R>
inline void accumulate_rows(const double* const* x, const double* r, Eigen::Index d, double* g) {
  Eigen::Index j = 0;
#ifdef LINREG_SIMD
  f64x2 rv[R];
  for (int k = 0; k < R; ++k) rv[k] = splat2(r[k]);
  for (; j + 2 <= d; j += 2) {
    f64x2 s = load2(g + j);
    for (int k = 0; k < R; ++k) s = add2(s, mul2(rv[k], load2(x[k] + j)));
    store2(g + j, s);
  }
#endif
  for (; j < d; ++j) {
    double s = g[j];
    for (int k = 0; k < R; ++k) s += r[k] * x[k][j];
    g[j] = s;
  }
}

}  // namespace

double Gradient::norm() const {
  const double* g = w.data();
  double sum = 0.0;
  for (Eigen::Index j = 0; j < w.size(); ++j) sum += g[j] * g[j];
  sum += b * b;
  return std::sqrt(sum);
}

LinearRegressionScratch::LinearRegressionScratch(Eigen::Index num_inputs, double sigma, std::uint64_t seed)
    : w(num_inputs), b(0.0) {
  Rng rng = make_rng(seed, Stream::init);
  for (Eigen::Index j = 0; j < num_inputs; ++j) w[j] = sigma * rng.normal();
}

Vector LinearRegressionScratch::forward(const Matrix& X, const std::vector<int>* rows) const {
  Vector y_hat;
  forward(X, rows, y_hat);
  return y_hat;
}

void LinearRegressionScratch::forward(const Matrix& X, const std::vector<int>* rows, Vector& y_hat) const {
  const Eigen::Index m = rows ? static_cast<Eigen::Index>(rows->size()) : X.rows();
  const Eigen::Index d = X.cols();
  const double* data = X.data();
  y_hat.resize(m);
  if (rows) {
    const int* idx = rows->data();
    if (X.size() > kPrefetchAbove) prefetch_rows(data, idx, m, d);
    predict([=](Eigen::Index k) { return data + static_cast<Eigen::Index>(idx[k]) * d; }, m, w, b, y_hat.data());
  } else {
    predict([=](Eigen::Index k) { return data + k * d; }, m, w, b, y_hat.data());
  }
}

double squared_loss(const Vector& y_hat, const Vector& y) {
  const Eigen::Index m = y.size();
  if (m == 0) return std::numeric_limits<double>::quiet_NaN();
  eigen_assert(y_hat.size() == m);
  const double* p = y_hat.data();
  const double* t = y.data();
  double sum = 0.0;
  for (Eigen::Index i = 0; i < m; ++i) {
    const double r = p[i] - t[i];
    sum += r * r / 2.0;
  }
  return sum / static_cast<double>(m);
}

double mean_loss(const LinearRegressionScratch& model, const Matrix& X, const Vector& y) {
  // squared_loss(model.forward(X), y) without the n-vector of predictions: a chunk at a time.
  const Eigen::Index n = X.rows();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  eigen_assert(y.size() == n);
  const Eigen::Index d = X.cols();
  const double* data = X.data();
  constexpr Eigen::Index kChunk = 256;
  double y_hat[kChunk];
  double sum = 0.0;
  for (Eigen::Index start = 0; start < n; start += kChunk) {
    const Eigen::Index m = std::min(kChunk, n - start);
    const double* first = data + start * d;
    predict([=](Eigen::Index k) { return first + k * d; }, m, model.w, model.b, y_hat);
    const double* t = y.data() + start;
    for (Eigen::Index k = 0; k < m; ++k) {
      const double r = y_hat[k] - t[k];
      sum += r * r / 2.0;
    }
  }
  return sum / static_cast<double>(n);
}

Gradient squared_loss_gradient(const Matrix& X, const std::vector<int>& rows, const Vector& residual) {
  Gradient g;
  squared_loss_gradient(X, rows, residual, g);
  return g;
}

void squared_loss_gradient(const Matrix& X, const std::vector<int>& rows, const Vector& residual, Gradient& g) {
  const Eigen::Index d = X.cols();
  const Eigen::Index m = static_cast<Eigen::Index>(rows.size());
  const double* data = X.data();
  const double* r = residual.data();
  g.w.setZero(d);
  double* gw = g.w.data();
  Eigen::Index k = 0;
  for (; k + kRows <= m; k += kRows) {
    const double* x[kRows];
    for (int i = 0; i < kRows; ++i) x[i] = data + static_cast<Eigen::Index>(rows[static_cast<std::size_t>(k + i)]) * d;
    accumulate_rows<kRows>(x, r + k, d, gw);
  }
  for (; k < m; ++k) {
    const double* x[1] = {data + static_cast<Eigen::Index>(rows[static_cast<std::size_t>(k)]) * d};
    accumulate_rows<1>(x, r + k, d, gw);
  }
  double gb = 0.0;
  for (k = 0; k < m; ++k) gb += r[k];
  const double mm = static_cast<double>(m);
  for (Eigen::Index j = 0; j < d; ++j) gw[j] /= mm;
  g.b = gb / mm;
}

}  // namespace linreg
