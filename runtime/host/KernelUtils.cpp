//===- KernelUtils.cpp - helpers shared by host kernels --------------------===//

#include "KernelUtils.h"

#include <cblas.h>

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
  blas(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
       transB ? CblasTrans : CblasNoTrans, static_cast<blasint>(m),
       static_cast<blasint>(n), static_cast<blasint>(k), alpha, a,
       static_cast<blasint>(lda), b, static_cast<blasint>(ldb), beta, c,
       static_cast<blasint>(ldc));
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
