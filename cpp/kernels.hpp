// The loops that walk the data, for speed, without changing a bit of the plain loops they replace
// (model.cpp keeps the book's forward, loss and gradient on top of them).
//
// They compute several rows at once: each row's dot product is still summed left to right from
// 0.0 (`dot += x[j] * w[j]`), one row per lane or per register, and each gradient entry still adds
// the rows' terms in row order (`g[j] += r * x[j]`), the entries j side by side. Every lane does the
// same IEEE operations in the same order as the plain loop, so SSE2 (native), SIMD128 (wasm
// -msimd128) and scalar code all give identical results (with -ffp-contract=off, CMakeLists.txt).
#pragma once

#include <Eigen/Core>

namespace linreg::kernels {

// y_hat[k] = x_k . w + b for k < m, where x_k is row idx[k] of the row-major n x d `data` (row k
// when idx is null).
void predict(const double* data, const int* idx, Eigen::Index m, Eigen::Index d, const double* w, double b,
             double* y_hat);

// g[j] += r[0] x_0[j] + r[1] x_1[j] + ... (added in row order) for j < d, where x_k is row idx[k] of
// `data`.
void accumulate(const double* data, const int* idx, Eigen::Index m, Eigen::Index d, const double* r, double* g);

// The forward pass and the squared loss's gradient sum in one pass over the rows, each row read once
// while it is in registers or the L1 cache: for k < m, y_hat[k] = x_k . w + b, r[k] = y_hat[k] - y[k],
// and g[j] += r[k] x_k[j] (added in row order). The same bits as predict, then the subtraction,
// then accumulate: every value is the same expression in the same order, only interleaved.
void predict_accumulate(const double* data, const int* idx, Eigen::Index m, Eigen::Index d, const double* w,
                        double b, const double* y, double* y_hat, double* r, double* g);

// Asks the memory system for the first cache lines of the rows idx[0..m) of `data`; changes no value.
void prefetch_rows(const double* data, const int* idx, Eigen::Index m, Eigen::Index d);
// Data sets smaller than this (in values) stay in the cache: no prefetching. Natively the prefetch is
// an instruction that costs next to nothing: above 1 MiB of X. WebAssembly has no such instruction,
// so there prefetch_rows makes plain loads, which are work of their own and pay only when the rows
// come from beyond the caches: above 4 MiB. Measured on the benchmark machine (bench/README.md,
// "Prefetching in wasm"): without it, X of 1.6-4 MB trained 3-10% faster, 6.4 MB the same, and
// 8-16 MB 3-48% slower.
#if defined(__wasm__)
inline constexpr Eigen::Index kPrefetchAbove = 512 * 1024;
#else
inline constexpr Eigen::Index kPrefetchAbove = 128 * 1024;
#endif

}  // namespace linreg::kernels
