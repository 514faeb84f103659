//===- KernelUtils.cpp - helpers shared by host kernels
//--------------------===//

#include "KernelUtils.h"

#include <cblas.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <type_traits>
#include <utility>
#include <vector>

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

void checkOutput(const KernelContext &ctx, size_t index, const Tensor &t,
                 DType type, const Shape &shape) {
  if (t.dtype() != type)
    ctx.fail("output #", index, " has element type ", dtypeName(t.dtype()),
             ", expected ", dtypeName(type));
  if (t.shape() != shape)
    ctx.fail("output #", index, " has shape ", formatShape(t.shape()),
             ", expected ", formatShape(shape));
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

// Exported by OpenBLAS's pthread builds, not declared in cblas.h; weak, so
// a BLAS without it still links.
extern "C" int blas_thread_shutdown_(void) __attribute__((weak));

void useSingleThreadedBlas() {
  // One pool of workers, not two: OpenBLAS runs single-threaded and large
  // products are split in gemm() over the runtime's workers. With OpenBLAS's
  // own threads, its idle workers spin (sched_yield) while ours run the
  // surrounding loops (im2col, pooling): 40% of a batched Conv's time went
  // to that fight on a 2-core machine. Its threads are then stopped too:
  // started when the library loads (OPENBLAS_NUM_THREADS - 1 of them), each
  // spins for about 0.1 s before it sleeps, which on 2 cores made every
  // third 2-thread run of a short benchmark 2.5x slower. With one thread
  // OpenBLAS never starts them again.
  static const bool done = [] {
    openblas_set_num_threads(1);
    if (blas_thread_shutdown_)
      blas_thread_shutdown_();
    return true;
  }();
  (void)done;
}

//===----------------------------------------------------------------------===//
// An AVX-512 sgemm.
//
// OpenBLAS 0.3.21 does not recognize AMD's AVX-512 cores (Zen 4 and 5) and
// runs its Haswell (AVX2) kernels there, at about half of what the machine
// does; OPENBLAS_CORETYPE=SkylakeX fixes that only when set before the
// library loads, and environments may pin it. This is a blocked GEMM in the
// Goto / BLIS loop order: B in KC x NC blocks packed into NR-column panels
// (or read in place: with a few rows of A, and a convolution's shifted
// planes), A read in place (a transposed A packed into MR-row panels), and a
// register-blocked micro-kernel of MR x NR = 12 x 32 (24 zmm accumulators)
// with every row count 1..12 and one or two vectors of columns as its own
// instance, so edges waste little. Measured single-threaded on the products
// of the benchmark models it runs at 180-230 GFLOP/s, against 100-120 for
// OpenBLAS's Haswell kernels and 160-225 for its SkylakeX ones. Results
// differ from OpenBLAS's only in the order of the additions.
//===----------------------------------------------------------------------===//

namespace {

#if defined(__x86_64__) && defined(__GNUC__)
#define KILN_HAVE_SGEMM_AVX512 1

typedef float SgemmVec __attribute__((vector_size(64)));
constexpr int kSgemmMR = 12, kSgemmNR = 32;
static_assert(kSgemmNR == kGemmPanel, "gemmPackedB's panels are the kernel's");
constexpr int64_t kSgemmKC = 256, kSgemmMC = 192, kSgemmNC = 2048;

/// B of a micro-kernel call: a panel or B itself (bp, ldbp floats per k) or,
/// indirect, row k at rows[k] + col.
struct SgemmB {
  const float *bp;
  int64_t ldbp;
  const float *const *rows;
  int64_t col;
};

/// What the micro-kernel applies to C[i][j] after the last K block: + bias[i]
/// (when bias is set), then the activation (kind 1 Relu, 2 Clip to
/// [lo, hi], with the Relu / Clip kernels' NaN and -0 behaviour). A
/// convolution's bias and fused activation, applied as the tile is stored
/// instead of in another pass over the output.
struct SgemmEpilogue {
  const float *bias = nullptr;
  int act = 0;
  float lo = 0, hi = 0;
};

SgemmEpilogue makeEpilogue(const float *bias, const FusedActivation *act) {
  SgemmEpilogue ep;
  ep.bias = bias;
  if (act) {
    ep.act = act->kind == FusedActivation::Kind::Relu ? 1 : 2;
    ep.lo = act->lo;
    ep.hi = act->hi;
  }
  return ep;
}

/// C[R x 16 NV] (ldc) = alpha * sum_k A[i][k] B[k][j] (+ beta * C on the
/// first K block, + C on the others), then the epilogue, if any (the last K
/// block). A is a packed panel (PackedA: kSgemmMR floats per k) or row-major
/// A read in place, element (i, k) at ap[i * lda + k] (packing A is a
/// transpose, which costs more than the 12 streams of in-place rows). Only
/// `nr` columns are stored; with beta == 0 C is never read on the first
/// block (it may be uninitialized).
template <int R, int NV, bool Indirect, bool PackedA>
__attribute__((target("avx512f,avx2,fma"))) void
sgemmMicro(int64_t kc, const float *__restrict ap, int64_t lda, SgemmB src,
           float *c, int64_t ldc, int nr, float alpha, float beta, bool first,
           const SgemmEpilogue *ep) {
  const float *bp = src.bp;
  using V = SgemmVec;
  const V zero = {};
  V acc[R][NV];
#pragma GCC unroll 12
  for (int i = 0; i < R; ++i)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v)
      acc[i][v] = zero;
  for (int64_t k = 0; k < kc; ++k) {
    if constexpr (Indirect)
      bp = src.rows[k] + src.col;
    V b[NV];
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v)
      __builtin_memcpy(&b[v], bp + 16 * v, 64);
#pragma GCC unroll 12
    for (int i = 0; i < R; ++i) {
      // A broadcast (x - +0 == x, -0 included).
      const V a = (PackedA ? ap[k * kSgemmMR + i] : ap[i * lda + k]) - zero;
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v)
        acc[i][v] += a * b[v];
    }
    if constexpr (!Indirect)
      bp += src.ldbp;
  }
  if (nr == 16 * NV) {
    const V va = alpha - zero, vb = beta - zero;
#pragma GCC unroll 12
    for (int i = 0; i < R; ++i) {
      float *cr = c + i * ldc;
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v) {
        V r = acc[i][v] * va;
        if (!first || beta != 0.0f) {
          V cv;
          __builtin_memcpy(&cv, cr + 16 * v, 64);
          r += first ? vb * cv : cv;
        }
        if (ep) {
          if (ep->bias)
            r += ep->bias[i] - zero;
          if (ep->act == 1) {
            r = (r != r || r > zero) ? r : zero;
          } else if (ep->act == 2) {
            const V lo = ep->lo - zero, hi = ep->hi - zero;
            r = r < lo ? lo : r;
            r = r > hi ? hi : r;
          }
        }
        __builtin_memcpy(cr + 16 * v, &r, 64);
      }
    }
    return;
  }
  float tile[R][16 * NV];
  __builtin_memcpy(tile, acc, sizeof tile);
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < nr; ++j) {
      const float v = alpha * tile[i][j];
      float &cv = c[i * ldc + j];
      float r = !first ? cv + v : (beta != 0.0f ? v + beta * cv : v);
      if (ep) {
        if (ep->bias)
          r += ep->bias[i];
        if (ep->act == 1) {
          r = (r != r || r > 0.0f) ? r : 0.0f;
        } else if (ep->act == 2) {
          if (r < ep->lo)
            r = ep->lo;
          if (r > ep->hi)
            r = ep->hi;
        }
      }
      cv = r;
    }
}

using SgemmMicroFn = void (*)(int64_t, const float *, int64_t, SgemmB, float *,
                              int64_t, int, float, float, bool,
                              const SgemmEpilogue *);

template <int NV, bool Indirect, bool PackedA, int... R>
constexpr std::array<SgemmMicroFn, sizeof...(R) + 1>
sgemmMicroTable(std::integer_sequence<int, R...>) {
  return {nullptr, sgemmMicro<R + 1, NV, Indirect, PackedA>...};
}

/// The micro-kernels by [packed A][indirect B][two vectors of columns][rows].
struct SgemmMicroKernels {
  std::array<SgemmMicroFn, kSgemmMR + 1> table[2][2][2];
};

template <bool PackedA, bool Indirect> constexpr auto sgemmMicroRows(int nv) {
  return nv == 2 ? sgemmMicroTable<2, Indirect, PackedA>(
                       std::make_integer_sequence<int, kSgemmMR>{})
                 : sgemmMicroTable<1, Indirect, PackedA>(
                       std::make_integer_sequence<int, kSgemmMR>{});
}

constexpr SgemmMicroKernels sgemmMicroKernels() {
  SgemmMicroKernels k{};
  k.table[0][0][0] = sgemmMicroRows<false, false>(1);
  k.table[0][0][1] = sgemmMicroRows<false, false>(2);
  k.table[0][1][0] = sgemmMicroRows<false, true>(1);
  k.table[0][1][1] = sgemmMicroRows<false, true>(2);
  k.table[1][0][0] = sgemmMicroRows<true, false>(1);
  k.table[1][0][1] = sgemmMicroRows<true, false>(2);
  k.table[1][1][0] = sgemmMicroRows<true, true>(1);
  k.table[1][1][1] = sgemmMicroRows<true, true>(2);
  return k;
}

/// Rows [0, mc) x k [0, kc) of A^T (A stored k-major, lda apart) into
/// MR-row panels, k-major: a row-major A is read in place instead. Rows past
/// mc in the last panel are left as they are: the micro-kernel for the
/// actual row count never reads them.
void sgemmPackA(const float *a, int64_t lda, int64_t mc, int64_t kc,
                float *ap) {
  for (int64_t i0 = 0; i0 < mc; i0 += kSgemmMR) {
    const int mr = static_cast<int>(std::min<int64_t>(kSgemmMR, mc - i0));
    float *dst = ap + i0 * kc;
    for (int64_t k = 0; k < kc; ++k) {
      const float *src = a + k * lda + i0;
      for (int i = 0; i < mr; ++i)
        dst[k * kSgemmMR + i] = src[i];
    }
  }
}

/// k [0, kc) x columns [0, nc) of op(B) into NR-column panels, k-major, the
/// last panel zero-padded.
void sgemmPackB(bool trans, const float *b, int64_t ldb, int64_t kc, int64_t nc,
                float *bp) {
  for (int64_t j0 = 0; j0 < nc; j0 += kSgemmNR) {
    const int nr = static_cast<int>(std::min<int64_t>(kSgemmNR, nc - j0));
    float *dst = bp + j0 * kc;
    for (int64_t k = 0; k < kc; ++k) {
      float *d = dst + k * kSgemmNR;
      if (!trans) {
        const float *src = b + k * ldb + j0;
        for (int j = 0; j < nr; ++j)
          d[j] = src[j];
      } else {
        for (int j = 0; j < nr; ++j)
          d[j] = b[(j0 + j) * ldb + k];
      }
      for (int j = nr; j < kSgemmNR; ++j)
        d[j] = 0.0f;
    }
  }
}

/// The blocked product behind sgemmAvx512, gemmPackedB and gemmIndirectB.
/// packB(k0, kc, j0, nc, dst) packs rows [k0, k0 + kc) x columns
/// [j0, j0 + nc) of B into NR-column panels; inPlace(k0, j0, &ld), when it
/// returns non-null, gives a full panel of B to read in place instead (ld
/// floats per row); with bRows, B is never packed: B(k, j) is
/// bRows[k][bCol + j].
template <typename PackB, typename InPlace>
void sgemmDriver(bool transA, int64_t m, int64_t n, int64_t k, float alpha,
                 const float *a, int64_t lda, const PackB &packB,
                 const InPlace &inPlace, const float *const *bRows,
                 int64_t bCol, float beta, float *c, int64_t ldc,
                 const SgemmEpilogue &epilogue = {}) {
  const bool hasEpilogue = epilogue.bias || epilogue.act;
  static constexpr SgemmMicroKernels kernels = sgemmMicroKernels();
  // Per thread, allocated on first need (a B block is 2 MB).
  thread_local std::vector<float> aPack, bPack;
  if (transA)
    aPack.resize(kSgemmMC * kSgemmKC);
  if (!bRows)
    bPack.resize(kSgemmKC * kSgemmNC);
  for (int64_t jc = 0; jc < n; jc += kSgemmNC) {
    const int64_t nc = std::min(kSgemmNC, n - jc);
    for (int64_t pc = 0; pc < k; pc += kSgemmKC) {
      const int64_t kc = std::min(kSgemmKC, k - pc);
      int64_t ld = 0;
      const bool direct = bRows || inPlace(pc, jc, &ld) != nullptr;
      if (!direct)
        packB(pc, kc, jc, nc, bPack.data());
      for (int64_t ic = 0; ic < m; ic += kSgemmMC) {
        const int64_t mc = std::min(kSgemmMC, m - ic);
        if (transA)
          sgemmPackA(a + pc * lda + ic, lda, mc, kc, aPack.data());
        for (int64_t jr = 0; jr < nc; jr += kSgemmNR) {
          const int nr = static_cast<int>(std::min<int64_t>(kSgemmNR, nc - jr));
          SgemmB src{bRows ? nullptr : bPack.data() + jr * kc, kSgemmNR,
                     nullptr, 0};
          if (bRows) {
            src.rows = bRows + pc;
            src.col = bCol + jc + jr;
          } else if (direct) {
            if (nr == kSgemmNR) {
              src.bp = inPlace(pc, jc + jr, &src.ldbp);
            } else {
              packB(pc, kc, jc + jr, nr, bPack.data());
              src.bp = bPack.data();
            }
          }
          const auto &micro = kernels.table[transA][bRows != nullptr][nr > 16];
          for (int64_t ir = 0; ir < mc; ir += kSgemmMR) {
            const int mr =
                static_cast<int>(std::min<int64_t>(kSgemmMR, mc - ir));
            // The epilogue, on the last K block, for rows ic + ir on.
            SgemmEpilogue ep = epilogue;
            if (ep.bias)
              ep.bias += ic + ir;
            const SgemmEpilogue *tileEp =
                hasEpilogue && pc + kc == k ? &ep : nullptr;
            if (transA)
              micro[mr](kc, aPack.data() + ir * kc, 0, src,
                        c + (ic + ir) * ldc + jc + jr, ldc, nr, alpha, beta,
                        pc == 0, tileEp);
            else
              micro[mr](kc, a + (ic + ir) * lda + pc, lda, src,
                        c + (ic + ir) * ldc + jc + jr, ldc, nr, alpha, beta,
                        pc == 0, tileEp);
          }
        }
      }
    }
  }
}

/// Rows of A times a transposed B (a linear layer applied to one or a few
/// vectors): c[i][j] = alpha * dot(A row i, B row j) + beta * c[i][j], for
/// R rows of A at a time against 4 rows of B, both read contiguously. A
/// matrix-vector product is bound by reading B; this streams it once per R
/// rows at the full width of the vector unit.
template <int R>
__attribute__((target("avx512f,avx2,fma"))) void
sgemvTransBRows(int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                const float *b, int64_t ldb, float beta, float *c,
                int64_t ldc) {
  using V = SgemmVec;
  const V zero = {};
  const int64_t kv = k / 16 * 16;
  const int tail = static_cast<int>(k - kv);
  auto dots = [&](int64_t j, int rowsOfB, float out[R][4]) {
    V acc[R][4];
    for (int i = 0; i < R; ++i)
      for (int q = 0; q < 4; ++q)
        acc[i][q] = zero;
    for (int64_t p = 0; p < kv; p += 16) {
      V av[R];
      for (int i = 0; i < R; ++i)
        __builtin_memcpy(&av[i], a + i * lda + p, 64);
      for (int q = 0; q < rowsOfB; ++q) {
        V bv;
        __builtin_memcpy(&bv, b + (j + q) * ldb + p, 64);
        for (int i = 0; i < R; ++i)
          acc[i][q] += av[i] * bv;
      }
    }
    for (int i = 0; i < R; ++i)
      for (int q = 0; q < rowsOfB; ++q) {
        float sum = 0;
        for (int l = 0; l < 16; ++l)
          sum += acc[i][q][l];
        for (int t = 0; t < tail; ++t)
          sum += a[i * lda + kv + t] * b[(j + q) * ldb + kv + t];
        out[i][q] = sum;
      }
  };
  for (int64_t j = 0; j < n; j += 4) {
    const int rowsOfB = static_cast<int>(std::min<int64_t>(4, n - j));
    float out[R][4];
    dots(j, rowsOfB, out);
    for (int i = 0; i < R; ++i)
      for (int q = 0; q < rowsOfB; ++q) {
        float &cv = c[i * ldc + j + q];
        const float v = alpha * out[i][q];
        cv = beta != 0.0f ? v + beta * cv : v;
      }
  }
}

void sgemvTransB(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                 int64_t lda, const float *b, int64_t ldb, float beta, float *c,
                 int64_t ldc) {
  for (int64_t i = 0; i < m; i += 4) {
    const float *ai = a + i * lda;
    float *ci = c + i * ldc;
    switch (std::min<int64_t>(4, m - i)) {
    case 1:
      sgemvTransBRows<1>(n, k, alpha, ai, lda, b, ldb, beta, ci, ldc);
      break;
    case 2:
      sgemvTransBRows<2>(n, k, alpha, ai, lda, b, ldb, beta, ci, ldc);
      break;
    case 3:
      sgemvTransBRows<3>(n, k, alpha, ai, lda, b, ldb, beta, ci, ldc);
      break;
    default:
      sgemvTransBRows<4>(n, k, alpha, ai, lda, b, ldb, beta, ci, ldc);
      break;
    }
  }
}

void sgemmAvx512(bool transA, bool transB, int64_t m, int64_t n, int64_t k,
                 float alpha, const float *a, int64_t lda, const float *b,
                 int64_t ldb, float beta, float *c, int64_t ldc) {
  // With few rows of A, packing B costs about as much as the product: its
  // full panels are read in place (row-major B only).
  const bool bInPlace = !transB && m <= 2 * kSgemmMR;
  sgemmDriver(
      transA, m, n, k, alpha, a, lda,
      [&](int64_t k0, int64_t kc, int64_t j0, int64_t nc, float *dst) {
        sgemmPackB(transB, transB ? b + j0 * ldb + k0 : b + k0 * ldb + j0, ldb,
                   kc, nc, dst);
      },
      [&](int64_t k0, int64_t j0, int64_t *ld) -> const float * {
        if (!bInPlace)
          return nullptr;
        *ld = ldb;
        return b + k0 * ldb + j0;
      },
      nullptr, 0, beta, c, ldc);
}

bool haveAvx512() {
  static const bool yes = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") != 0;
  }();
  return yes;
}
#endif

} // namespace

/// Runs fn(rows, cols, row0, col0) over blocks of an m x n x k product: one
/// block of the larger output dim per worker (each repacks the shared
/// operand, which is cheap next to the product), whole micro-tiles (32
/// columns, 12 rows) each; the whole product on the calling thread when it
/// is too small to be worth splitting.
template <typename Fn>
void splitProduct(int64_t m, int64_t n, int64_t k, const Fn &fn) {
  const int64_t workers = numThreads();
  if (workers <= 1 || static_cast<double>(m) * n * k < 1 << 20) {
    fn(m, n, int64_t(0), int64_t(0));
    return;
  }
  const bool splitCols = n >= m;
  const int64_t extent = splitCols ? n : m, unit = splitCols ? 32 : 12;
  const int64_t block =
      ((extent + workers - 1) / workers + unit - 1) / unit * unit;
  const int64_t blocks = (extent + block - 1) / block;
  parallelFor(blocks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const int64_t first = i * block, size = std::min(block, extent - first);
      if (splitCols)
        fn(m, size, int64_t(0), first);
      else
        fn(size, n, first, int64_t(0));
    }
  });
}

/// c[i][j] = act(c[i][j] + bias[i]) (each part optional), as the Relu / Clip
/// kernels compute it.
void applyBiasActivation(int64_t m, int64_t n, float *c, int64_t ldc,
                         const float *bias, const FusedActivation *act) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float &v = c[i * ldc + j];
      if (bias)
        v += bias[i];
      if (act && act->kind == FusedActivation::Kind::Relu) {
        v = (v != v || v > 0.0f) ? v : 0.0f;
      } else if (act) {
        if (v < act->lo)
          v = act->lo;
        if (v > act->hi)
          v = act->hi;
      }
    }
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
  auto run = [&](int64_t rows, int64_t cols, const T *ab, const T *bb, T *cb) {
#ifdef KILN_HAVE_SGEMM_AVX512
    // A few rows times a transposed B (which sgemm would repack for little
    // work) are dot products; a few columns (matrix-vector the other way)
    // stay with OpenBLAS, and so does alpha == 0, where BLAS ignores A and B
    // (NaNs included).
    if constexpr (std::is_same_v<T, float>)
      if (alpha != 0.0f && haveAvx512()) {
        if (transB && !transA && rows < 16) {
          sgemvTransB(rows, cols, k, alpha, ab, lda, bb, ldb, beta, cb, ldc);
          return;
        }
        if (cols >= 16 && (rows >= 16 || !transB)) {
          sgemmAvx512(transA, transB, rows, cols, k, alpha, ab, lda, bb, ldb,
                      beta, cb, ldc);
          return;
        }
      }
#endif
    blas(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
         transB ? CblasTrans : CblasNoTrans, static_cast<blasint>(rows),
         static_cast<blasint>(cols), static_cast<blasint>(k), alpha, ab,
         static_cast<blasint>(lda), bb, static_cast<blasint>(ldb), beta, cb,
         static_cast<blasint>(ldc));
  };
  useSingleThreadedBlas();
  splitProduct(m, n, k,
               [&](int64_t rows, int64_t cols, int64_t row0, int64_t col0) {
                 run(rows, cols, transA ? a + row0 : a + row0 * lda,
                     transB ? b + col0 * ldb : b + col0, c + row0 * ldc + col0);
               });
}

//===----------------------------------------------------------------------===//
// weightedSum: one body, compiled for three instruction sets.
//===----------------------------------------------------------------------===//

namespace {

template <typename C>
using WeightedSumFn = void (*)(C *, const C *const *, const C *, int64_t,
                               int64_t, C);

template <typename C>
void weightedSumBase(C *out, const C *const *src, const C *w, int64_t taps,
                     int64_t len, C init) {
  weightedSumBody<C, 16>(out, src, w, taps, len, init);
}

#if defined(__x86_64__) && defined(__GNUC__)
template <typename C>
__attribute__((target("avx2,fma"))) void
weightedSumAvx2(C *out, const C *const *src, const C *w, int64_t taps,
                int64_t len, C init) {
  weightedSumBody<C, 32>(out, src, w, taps, len, init);
}

template <typename C>
__attribute__((target("avx512f,avx2,fma"))) void
weightedSumAvx512(C *out, const C *const *src, const C *w, int64_t taps,
                  int64_t len, C init) {
  weightedSumBody<C, 64>(out, src, w, taps, len, init);
}
#endif

template <typename C> WeightedSumFn<C> pickWeightedSum() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f"))
    return weightedSumAvx512<C>;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return weightedSumAvx2<C>;
#endif
  return weightedSumBase<C>;
}

} // namespace

void weightedSum(float *out, const float *const *src, const float *w,
                 int64_t taps, int64_t len, float init) {
  static const WeightedSumFn<float> fn = pickWeightedSum<float>();
  fn(out, src, w, taps, len, init);
}

void weightedSum(double *out, const double *const *src, const double *w,
                 int64_t taps, int64_t len, double init) {
  static const WeightedSumFn<double> fn = pickWeightedSum<double>();
  fn(out, src, w, taps, len, init);
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

bool gemmPackedBAvailable() {
#ifdef KILN_HAVE_SGEMM_AVX512
  return haveAvx512();
#else
  return false;
#endif
}

bool gemmPackedB(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                 const PackPanelsFn &packB, float *c, int64_t ldc,
                 const float *bias, const FusedActivation *act) {
#ifdef KILN_HAVE_SGEMM_AVX512
  if (!gemmPackedBAvailable())
    return false;
  if (m == 0 || n == 0)
    return true;
  if (k == 0) {
    for (int64_t i = 0; i < m; ++i)
      std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
    if (bias || act)
      applyBiasActivation(m, n, c, ldc, bias, act);
    return true;
  }
  sgemmDriver(
      false, m, n, k, 1.0f, a, lda,
      [&](int64_t k0, int64_t kc, int64_t j0, int64_t nc, float *dst) {
        packB(k0, kc, j0, nc, dst);
      },
      [](int64_t, int64_t, int64_t *) -> const float * { return nullptr; },
      nullptr, 0, 0.0f, c, ldc, makeEpilogue(bias, act));
  return true;
#else
  return false;
#endif
}

bool gemmBiasActivation(int64_t m, int64_t n, int64_t k, const float *a,
                        int64_t lda, const float *b, int64_t ldb, float *c,
                        int64_t ldc, const float *bias,
                        const FusedActivation *act) {
#ifdef KILN_HAVE_SGEMM_AVX512
  if (!gemmPackedBAvailable() || n < 16)
    return false;
  if (m == 0)
    return true;
  if (k == 0) {
    for (int64_t i = 0; i < m; ++i)
      std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
    applyBiasActivation(m, n, c, ldc, bias, act);
    return true;
  }
  checkBlasDims({m, n, k, lda, ldb, ldc});
  splitProduct(
      m, n, k, [&](int64_t rows, int64_t cols, int64_t row0, int64_t col0) {
        const bool bInPlace = rows <= 2 * kSgemmMR;
        const float *bb = b + col0;
        sgemmDriver(
            false, rows, cols, k, 1.0f, a + row0 * lda, lda,
            [&](int64_t k0, int64_t kc, int64_t j0, int64_t nc, float *dst) {
              sgemmPackB(false, bb + k0 * ldb + j0, ldb, kc, nc, dst);
            },
            [&](int64_t k0, int64_t j0, int64_t *ld) -> const float * {
              if (!bInPlace)
                return nullptr;
              *ld = ldb;
              return bb + k0 * ldb + j0;
            },
            nullptr, 0, 0.0f, c + row0 * ldc + col0, ldc,
            makeEpilogue(bias ? bias + row0 : nullptr, act));
      });
  return true;
#else
  return false;
#endif
}

bool gemmIndirectB(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                   const float *const *bRows, int64_t bCol, float *c,
                   int64_t ldc) {
#ifdef KILN_HAVE_SGEMM_AVX512
  if (!gemmPackedBAvailable())
    return false;
  if (m == 0 || n == 0)
    return true;
  if (k == 0) {
    for (int64_t i = 0; i < m; ++i)
      std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
    return true;
  }
  auto never = [](int64_t, int64_t, int64_t, int64_t, float *) {};
  sgemmDriver(
      false, m, n, k, 1.0f, a, lda, never,
      [](int64_t, int64_t, int64_t *) -> const float * { return nullptr; },
      bRows, bCol, 0.0f, c, ldc);
  return true;
#else
  return false;
#endif
}

//===----------------------------------------------------------------------===//
// exp and erf over float arrays.
//
// With AVX-512, evaluated in double, 8 lanes at a time, with an error below
// 1e-12 relative, then rounded to float once: the result is the correctly
// rounded float except when the exact value lies within that error of a
// rounding boundary. Measured on 2.9 million floats (random bit patterns
// and dense sweeps of [-110, 95] and [-5, 5]): every exp and erf correctly
// rounded, where glibc's expf is off by up to 0.502 ulp (627 of them) and
// its erff by up to 0.88 ulp (128485). Without AVX-512, glibc's expf / erff
// as before (scalar double FMAs in software would be slower than those).
//===----------------------------------------------------------------------===//

namespace {

constexpr double kLog2e = 1.4426950408889634074;
constexpr double kLn2 = 0.69314718055994530942;
/// 1.5 * 2^52: adding it rounds a double below 2^51 to an integer, which
/// then is the low bits of the sum's representation.
constexpr double kRoundMagic = 6755399441055744.0;

/// exp(r) / r^k Taylor coefficients, |r| <= ln2 / 2: degree 11 leaves
/// 0.347^12 / 12! < 6e-15.
constexpr double kExpCoef[] = {1.0,          1.0,           1.0 / 2,
                               1.0 / 6,      1.0 / 24,      1.0 / 120,
                               1.0 / 720,    1.0 / 5040,    1.0 / 40320,
                               1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800};

/// erf on [0, 0.5): x * sum c_n x^2n (Taylor, degree 8 in x^2: error below
/// 6e-13 relative); on [0.5, 4): seven intervals of width 0.5, each a Taylor
/// polynomial of degree 13 around its centre (error below 4e-13); beyond, 1
/// (erf(4) rounds to 1.0f).
constexpr int kErfSmallDegree = 8, kErfDegree = 13, kErfIntervals = 7;

struct ErfTables {
  double small[kErfSmallDegree + 1];
  /// big[d][i]: coefficient d of interval i (8 entries: a table per SIMD
  /// permute).
  double big[kErfDegree + 1][8];
};

const ErfTables &erfTables() {
  static const ErfTables t = [] {
    ErfTables t{};
    const double twoOverSqrtPi = 1.1283791670955125739;
    double factorial = 1;
    for (int n = 0; n <= kErfSmallDegree; ++n) {
      if (n)
        factorial *= n;
      t.small[n] = twoOverSqrtPi * (n % 2 ? -1 : 1) / (factorial * (2 * n + 1));
    }
    for (int i = 0; i < 8; ++i) {
      const double c = 0.75 + 0.5 * std::min(i, kErfIntervals - 1);
      // erf^(n)(c) = 2/sqrt(pi) (-1)^(n-1) H_(n-1)(c) exp(-c^2), n >= 1,
      // H the physicists' Hermite polynomials.
      const double g = twoOverSqrtPi * std::exp(-c * c);
      double hPrev = 1, h = 2 * c; // H_0, H_1
      double fact = 1;
      t.big[0][i] = std::erf(c);
      for (int n = 1; n <= kErfDegree; ++n) {
        fact *= n;
        const double hn1 = n == 1 ? 1.0 : (n == 2 ? 2 * c : h);
        t.big[n][i] = g * ((n - 1) % 2 ? -1 : 1) * hn1 / fact;
        if (n >= 2) { // advance H_(n-1) -> H_n
          const double next = 2 * c * h - 2 * (n - 1) * hPrev;
          hPrev = h;
          h = next;
        }
      }
    }
    return t;
  }();
  return t;
}

#ifdef KILN_HAVE_SGEMM_AVX512
typedef double F64x8 __attribute__((vector_size(64)));
typedef float F32x8 __attribute__((vector_size(32)));
typedef int64_t I64x8 __attribute__((vector_size(64)));

__attribute__((target("avx512f,avx2,fma"))) inline F64x8 expLanes(F64x8 x) {
  const F64x8 zero = {};
  const F64x8 lo = -104.0 - zero, hi = 89.0 - zero;
  x = x < lo ? lo : x;
  x = x > hi ? hi : x;
  const F64x8 t = x * kLog2e + kRoundMagic;
  const F64x8 n = t - kRoundMagic;
  const F64x8 r = x - n * kLn2;
  F64x8 p = kExpCoef[11] - zero;
  for (int d = 10; d >= 0; --d)
    p = p * r + kExpCoef[d];
  // 2^n from its exponent bits: n is in [-151, 129], a normal double.
  // (A cast between vectors of one size reinterprets the bits.)
  I64x8 bits = (I64x8)t - static_cast<int64_t>(0x4338000000000000LL);
  bits = (bits + 1023) << 52;
  return p * (F64x8)bits;
}

/// erf of 8 lanes; big: the interval tables, one vector per coefficient.
__attribute__((target("avx512f,avx2,fma"))) inline F64x8
erfLanes(F64x8 x, const ErfTables &t, const F64x8 *big) {
  const F64x8 zero = {};
  const F64x8 a = x < zero ? -x : x;
  // [0, 0.5)
  const F64x8 z = a * a;
  F64x8 ps = t.small[kErfSmallDegree] - zero;
  for (int d = kErfSmallDegree - 1; d >= 0; --d)
    ps = ps * z + t.small[d];
  ps *= a;
  // [0.5, 4): the interval's coefficients picked per lane by a permute. Its
  // index rounded with the magic constant (no float -> int conversion, which
  // plain AVX-512F lacks for vectors): the nearest interval centre, so
  // |u| <= 0.25 as the Taylor polynomials need.
  F64x8 ai = (a - 0.5) * 2.0 - 0.5;
  ai = ai < zero ? zero : ai;
  ai = ai > (kErfIntervals - 1) - zero ? (kErfIntervals - 1) - zero : ai;
  const F64x8 ti = ai + kRoundMagic;
  const I64x8 idx = (I64x8)ti - static_cast<int64_t>(0x4338000000000000LL);
  const F64x8 u = a - (0.75 + 0.5 * (ti - kRoundMagic));
  F64x8 pb = __builtin_shuffle(big[kErfDegree], idx);
  for (int d = kErfDegree - 1; d >= 0; --d)
    pb = pb * u + __builtin_shuffle(big[d], idx);
  F64x8 r = a < 0.5 ? ps : pb;
  r = a < 4.0 ? r : 1.0 - zero;
  return x < zero ? -r : r;
}

/// exp (IsErf false) or erf of a block of 8 floats; NaN stays NaN.
template <bool IsErf>
__attribute__((target("avx512f,avx2,fma"))) inline F32x8
floatBlock(F32x8 v, const ErfTables &t, const F64x8 *big) {
  const F64x8 x = __builtin_convertvector(v, F64x8);
  F64x8 y;
  if constexpr (IsErf)
    y = erfLanes(x, t, big);
  else
    y = expLanes(x);
  const F32x8 r = __builtin_convertvector(y, F32x8);
  return v != v ? v : r;
}

/// exp or erf over floats, 16 at a time as two independent groups of 8
/// lanes (the polynomials are latency-bound chains: two in flight run
/// almost twice as fast); the tail through a zero-padded block. (No lambdas
/// here: GCC 12 compiles them without the enclosing target attribute.)
template <bool IsErf>
__attribute__((target("avx512f,avx2,fma"))) void
mapFloatsAvx512(float *out, const float *in, int64_t n) {
  const ErfTables &t = erfTables();
  F64x8 big[kErfDegree + 1];
  for (int d = 0; d <= kErfDegree; ++d)
    __builtin_memcpy(&big[d], t.big[d], 64);
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    F32x8 v0, v1;
    __builtin_memcpy(&v0, in + i, 32);
    __builtin_memcpy(&v1, in + i + 8, 32);
    const F32x8 r0 = floatBlock<IsErf>(v0, t, big);
    const F32x8 r1 = floatBlock<IsErf>(v1, t, big);
    __builtin_memcpy(out + i, &r0, 32);
    __builtin_memcpy(out + i + 8, &r1, 32);
  }
  for (; i < n; i += 8) {
    const int64_t count = std::min<int64_t>(8, n - i);
    float tmp[8] = {};
    for (int64_t j = 0; j < count; ++j)
      tmp[j] = in[i + j];
    F32x8 v;
    __builtin_memcpy(&v, tmp, 32);
    const F32x8 r = floatBlock<IsErf>(v, t, big);
    __builtin_memcpy(tmp, &r, 32);
    for (int64_t j = 0; j < count; ++j)
      out[i + j] = tmp[j];
  }
}
#endif

} // namespace

void expFloats(float *out, const float *in, int64_t n) {
#ifdef KILN_HAVE_SGEMM_AVX512
  if (haveAvx512()) {
    mapFloatsAvx512<false>(out, in, n);
    return;
  }
#endif
  for (int64_t i = 0; i < n; ++i)
    out[i] = std::exp(in[i]);
}

void erfFloats(float *out, const float *in, int64_t n) {
#ifdef KILN_HAVE_SGEMM_AVX512
  if (haveAvx512()) {
    mapFloatsAvx512<true>(out, in, n);
    return;
  }
#endif
  for (int64_t i = 0; i < n; ++i)
    out[i] = std::erf(in[i]);
}

} // namespace kiln::rt
