//===- KernelUtils.cpp - helpers shared by host kernels --------------------===//

#include "KernelUtils.h"

#include <cblas.h>

#include <algorithm>
#include <climits>

namespace kiln::rt {

std::vector<int64_t> readIndices(const Tensor &t) {
  std::vector<int64_t> out(t.numel());
  for (int64_t i = 0; i < t.numel(); ++i)
    out[i] = loadAsInt(t, i);
  return out;
}

int64_t normalizeAxis(const KernelContext &ctx, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
    ctx.fail("axis ", axis, " is out of range for rank ", rank);
  return axis < 0 ? axis + rank : axis;
}

std::vector<int64_t> stridesOf(const Shape &shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

std::vector<int64_t> broadcastStrides(const Shape &in, const Shape &out) {
  std::vector<int64_t> inStrides = stridesOf(in);
  std::vector<int64_t> strides(out.size(), 0);
  size_t offset = out.size() - in.size();
  for (size_t d = 0; d < in.size(); ++d)
    strides[offset + d] = in[d] == 1 ? 0 : inStrides[d];
  return strides;
}

/// BLAS takes int dims; refuse what would wrap rather than read wild memory.
static void checkBlasDims(std::initializer_list<int64_t> dims) {
  for (int64_t d : dims)
    if (d < 0 || d > INT_MAX)
      fail("matrix dimension ", d, " is outside the BLAS int range");
}

template <typename T, typename Blas>
static void gemmImpl(bool transA, bool transB, int64_t m, int64_t n, int64_t k,
                     T alpha, const T *a, int64_t lda, const T *b, int64_t ldb,
                     T beta, T *c, int64_t ldc, Blas blas) {
  if (m == 0 || n == 0)
    return;
  if (k == 0) {
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        c[i * ldc + j] = beta == T(0) ? T(0) : c[i * ldc + j] * beta;
    return;
  }
  checkBlasDims({m, n, k, lda, ldb, ldc});
  auto run = [&](int64_t rows, int64_t cols, const T *ab, const T *bb,
                 T *cb) {
    blas(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
         transB ? CblasTrans : CblasNoTrans, static_cast<blasint>(rows),
         static_cast<blasint>(cols), static_cast<blasint>(k), alpha, ab,
         static_cast<blasint>(lda), bb, static_cast<blasint>(ldb), beta, cb,
         static_cast<blasint>(ldc));
  };
  // One pool of workers, not two: OpenBLAS runs single-threaded and large
  // products are split here over the runtime's workers. With OpenBLAS's own
  // threads, its idle workers spin (sched_yield) while ours run the
  // surrounding loops (im2col, pooling): 40% of a batched Conv's time went
  // to that fight on a 2-core machine.
  static const bool singleThreaded = (openblas_set_num_threads(1), true);
  (void)singleThreaded;
  const int64_t workers = numThreads();
  if (workers <= 1 || static_cast<double>(m) * n * k < 1 << 20) {
    run(m, n, a, b, c);
    return;
  }
  // One block of the larger output dim per worker; each block repacks the
  // shared operand, which is cheap next to the product.
  const bool splitCols = n >= m;
  const int64_t extent = splitCols ? n : m;
  const int64_t block = (extent + workers - 1) / workers;
  const int64_t blocks = (extent + block - 1) / block;
  parallelFor(blocks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const int64_t first = i * block, size = std::min(block, extent - first);
      if (splitCols)
        run(m, size, a, transB ? b + first * ldb : b + first, c + first);
      else
        run(size, n, transA ? a + first : a + first * lda, b,
            c + first * ldc);
    }
  });
}

void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k,
          float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
          float beta, float *c, int64_t ldc) {
  gemmImpl(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
           cblas_sgemm);
}

void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k,
          double alpha, const double *a, int64_t lda, const double *b,
          int64_t ldb, double beta, double *c, int64_t ldc) {
  gemmImpl(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
           cblas_dgemm);
}

} // namespace kiln::rt
