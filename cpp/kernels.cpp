#include "kernels.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace linreg::kernels {

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

// y_hat[k] = x_k . w + b for k < m, where row_at(k) points at x_k.
template <typename RowAt>
void predict_at(RowAt row_at, Eigen::Index m, Eigen::Index d, const double* wp, double b, double* y_hat) {
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

void predict(const double* data, const int* idx, Eigen::Index m, Eigen::Index d, const double* w, double b,
             double* y_hat) {
  if (idx) {
    predict_at([=](Eigen::Index k) { return data + static_cast<Eigen::Index>(idx[k]) * d; }, m, d, w, b, y_hat);
  } else {
    predict_at([=](Eigen::Index k) { return data + k * d; }, m, d, w, b, y_hat);
  }
}

void accumulate(const double* data, const int* idx, Eigen::Index m, Eigen::Index d, const double* r, double* g) {
  Eigen::Index k = 0;
  for (; k + kRows <= m; k += kRows) {
    const double* x[kRows];
    for (int i = 0; i < kRows; ++i) x[i] = data + static_cast<Eigen::Index>(idx[k + i]) * d;
    accumulate_rows<kRows>(x, r + k, d, g);
  }
  for (; k < m; ++k) {
    const double* x[1] = {data + static_cast<Eigen::Index>(idx[k]) * d};
    accumulate_rows<1>(x, r + k, d, g);
  }
}

void predict_accumulate(const double* data, const int* idx, Eigen::Index m, Eigen::Index d, const double* w,
                        double b, const double* y, double* y_hat, double* r, double* g) {
  auto row = [=](Eigen::Index k) { return data + static_cast<Eigen::Index>(idx[k]) * d; };
  // R rows from row k: their predictions and residuals, then their terms of the gradient's sums,
  // while the rows are in registers or the L1 cache. (Measured against a template function with the
  // residuals in a local array: the same speed or faster, bench/README.md.)
  auto rows = [&](auto group, Eigen::Index k) {
    constexpr int R = decltype(group)::value;
    const double* x[R];
    for (int i = 0; i < R; ++i) x[i] = row(k + i);
    double dot[R];
    if constexpr (R == 1) {
      dot[0] = dot_row(x[0], w, d);
    } else {
      dot_rows<R>(x, w, d, dot);
    }
    for (int i = 0; i < R; ++i) {
      y_hat[k + i] = dot[i] + b;
      r[k + i] = y_hat[k + i] - y[k + i];
    }
    accumulate_rows<R>(x, r + k, d, g);
  };
  Eigen::Index k = 0;
  for (; k + kRows <= m; k += kRows) rows(std::integral_constant<int, kRows>{}, k);
  for (; k + 2 <= m; k += 2) rows(std::integral_constant<int, 2>{}, k);
  if (k < m) rows(std::integral_constant<int, 1>{}, k);
}

}  // namespace linreg::kernels
