//===- KernelUtils.h - helpers shared by host kernels -----------*- C++ -*-===//
//
// Type dispatch, element access for the 16-bit floats, numpy broadcasting and
// axis handling. Kernels compute 16-bit floats in float and round once when
// storing, which matches IEEE results for single operations.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_HOST_KERNELUTILS_H
#define KILN_RT_HOST_KERNELUTILS_H

#include "kiln/rt/Kernel.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <vector>

namespace kiln::rt {

template <typename T> struct TypeTag { using type = T; };

/// Element access: Half and BFloat16 compute as float, everything else as
/// itself (bool as bool).
template <typename T> struct Elem {
  using Compute = T;
  static Compute load(const T *p, int64_t i) { return p[i]; }
  static void store(T *p, int64_t i, Compute v) { p[i] = v; }
};
template <> struct Elem<Half> {
  using Compute = float;
  static float load(const Half *p, int64_t i) { return halfToFloat(p[i].bits); }
  static void store(Half *p, int64_t i, float v) { p[i].bits = floatToHalf(v); }
};
template <> struct Elem<BFloat16> {
  using Compute = float;
  static float load(const BFloat16 *p, int64_t i) {
    return bf16ToFloat(p[i].bits);
  }
  static void store(BFloat16 *p, int64_t i, float v) {
    p[i].bits = floatToBf16(v);
  }
};

template <typename T>
inline constexpr bool isFloatStorage =
    std::is_floating_point_v<T> || std::is_same_v<T, Half> ||
    std::is_same_v<T, BFloat16>;

/// Calls fn(TypeTag<T>{}) with the storage type of `type`.
template <typename Fn> decltype(auto) visitDType(DType type, Fn &&fn) {
  switch (type) {
  case DType::F32:
    return fn(TypeTag<float>{});
  case DType::F16:
    return fn(TypeTag<Half>{});
  case DType::BF16:
    return fn(TypeTag<BFloat16>{});
  case DType::F64:
    return fn(TypeTag<double>{});
  case DType::Bool:
    return fn(TypeTag<bool>{});
  case DType::I8:
    return fn(TypeTag<int8_t>{});
  case DType::I16:
    return fn(TypeTag<int16_t>{});
  case DType::I32:
    return fn(TypeTag<int32_t>{});
  case DType::I64:
    return fn(TypeTag<int64_t>{});
  case DType::U8:
    return fn(TypeTag<uint8_t>{});
  case DType::U16:
    return fn(TypeTag<uint16_t>{});
  case DType::U32:
    return fn(TypeTag<uint32_t>{});
  case DType::U64:
    return fn(TypeTag<uint64_t>{});
  }
  fail("unknown dtype");
}

/// Like visitDType, restricted to the float types (fails otherwise).
template <typename Fn>
decltype(auto) visitFloat(const KernelContext &ctx, DType type, Fn &&fn) {
  switch (type) {
  case DType::F32:
    return fn(TypeTag<float>{});
  case DType::F16:
    return fn(TypeTag<Half>{});
  case DType::BF16:
    return fn(TypeTag<BFloat16>{});
  case DType::F64:
    return fn(TypeTag<double>{});
  default:
    ctx.fail("element type ", dtypeName(type), " is not a float type");
  }
}

/// Index type values (i32 or i64) of a tensor as int64.
std::vector<int64_t> readIndices(const Tensor &t);

/// `axis` normalized into [0, rank); fails with a message otherwise.
int64_t normalizeAxis(const KernelContext &ctx, int64_t axis, int64_t rank);

/// Fails unless output #index has `type` and `shape`. The compiler allocated
/// outputs from its own shape inference; a mismatch with what a kernel
/// computes means a corrupt program, so kernels fail instead of writing out
/// of bounds.
void checkOutput(const KernelContext &ctx, size_t index, const Tensor &t,
                 DType type, const Shape &shape);

/// Row-major strides of `shape`.
std::vector<int64_t> stridesOf(const Shape &shape);

/// Strides of `in` when broadcast to `out` (0 along broadcast dims), one per
/// dim of `out`.
std::vector<int64_t> broadcastStrides(const Shape &in, const Shape &out);

/// Calls fn(outIndex, offsets) for every element of `out`, where offsets[k]
/// is the flat index into input k (numpy broadcasting). Iterates the last
/// dim innermost without divisions.
template <size_t N, typename Fn>
void forEachBroadcast(const Shape &out, const std::array<Shape, N> &ins,
                      Fn &&fn) {
  const int64_t rank = out.size();
  std::array<std::vector<int64_t>, N> strides;
  for (size_t k = 0; k < N; ++k)
    strides[k] = broadcastStrides(ins[k], out);
  int64_t total = numElements(out);
  if (total == 0)
    return;
  std::vector<int64_t> coord(rank, 0);
  std::array<int64_t, N> offsets{};
  for (int64_t index = 0; index < total; ++index) {
    fn(index, offsets);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++coord[d] < out[d]) {
        for (size_t k = 0; k < N; ++k)
          offsets[k] += strides[k][d];
        break;
      }
      for (size_t k = 0; k < N; ++k)
        offsets[k] -= strides[k][d] * (out[d] - 1);
      coord[d] = 0;
    }
  }
}

//===----------------------------------------------------------------------===//
// Dense products and float compute buffers (NN and recurrent kernels).
//===----------------------------------------------------------------------===//

/// Makes OpenBLAS single-threaded and stops its idle threads (once; gemm()
/// calls it, the host kernels' registration too, so that happens before the
/// first run).
void useSingleThreadedBlas();

/// Row-major c[m x n] = alpha * op(a) * op(b) + beta * c through OpenBLAS,
/// op(x) = x^T when trans*. Empty products are handled here because BLAS
/// rejects zero leading dimensions (k == 0 only scales c by beta); a dim that
/// does not fit BLAS's int fails instead of wrapping. OpenBLAS runs
/// single-threaded and large products are split over parallelFor's workers
/// (inside a parallelFor chunk the blocks run inline, one after another).
void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k,
          float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
          float beta, float *c, int64_t ldc);
void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k,
          double alpha, const double *a, int64_t lda, const double *b,
          int64_t ldb, double beta, double *c, int64_t ldc);

/// Packs rows [k0, k0 + kc) x columns [j0, j0 + nc) of a product's B operand
/// into dst as panels of kGemmPanel columns, one after another, each kc rows
/// of kGemmPanel floats (row-major within the panel); columns past nc in the
/// last panel must be written as 0.
constexpr int64_t kGemmPanel = 32;
using PackPanelsFn = std::function<void(int64_t k0, int64_t kc, int64_t j0,
                                        int64_t nc, float *dst)>;

/// Row-major c[m x n] = a[m x k] * B, where B is never materialized: packB
/// writes the panels the product needs (a convolution packs them straight
/// from its input, skipping the im2col matrix), then bias and act are
/// applied as in gemmBiasActivation. Single-threaded; c is not read. Returns
/// false, doing nothing, where the CPU lacks the AVX-512 this needs; the
/// caller then materializes B and calls gemm().
bool gemmPackedB(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                 const PackPanelsFn &packB, float *c, int64_t ldc,
                 const float *bias = nullptr,
                 const FusedActivation *act = nullptr);

/// Row-major c[m x n] = act(a[m x k] * b[k x n] + bias[row]) (bias and act
/// optional): a pointwise convolution, its bias and fused activation applied
/// as the product is stored rather than in more passes over the output,
/// exactly as the Add / Relu / Clip kernels would. Split over the workers
/// like gemm(). Returns false, doing nothing, without AVX-512 or with fewer
/// than 16 columns; the caller then uses gemm().
bool gemmBiasActivation(int64_t m, int64_t n, int64_t k, const float *a,
                        int64_t lda, const float *b, int64_t ldb, float *c,
                        int64_t ldc, const float *bias,
                        const FusedActivation *act);

/// Row-major c[m x n] = a[m x k] * B with row kk of B at bRows[kk] + bCol,
/// read in place (an indirect convolution: the rows are shifted views of
/// padded input planes). Reads up to kGemmPanel - 1 floats past column n - 1
/// of a row (junk that is never stored): the memory must exist. Same
/// availability as gemmPackedB.
bool gemmIndirectB(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                   const float *const *bRows, int64_t bCol, float *c,
                   int64_t ldc);

/// Whether gemmPackedB, gemmIndirectB and gemmBiasActivation run on this
/// CPU.
bool gemmPackedBAvailable();

/// out[j] = init + sum over t < taps of w[t] * src[t][j], for j in [0, len):
/// the inner loop of direct (depthwise) convolution, one pass over the output
/// with the accumulators in registers. Runs the widest SIMD code the CPU
/// supports (AVX-512, AVX2 + FMA, or the baseline), picked once.
void weightedSum(float *out, const float *const *src, const float *w,
                 int64_t taps, int64_t len, float init);
void weightedSum(double *out, const double *const *src, const double *w,
                 int64_t taps, int64_t len, double init);

/// A GCC vector of Bytes / sizeof(C) lanes.
template <typename C, int Bytes> struct SimdVec {
  typedef C type __attribute__((vector_size(Bytes)));
};

/// weightedSum's body, Bytes the vector width: four vectors of outputs at a
/// time, every tap accumulated in registers. Always inlined, so a caller
/// compiled for a wider instruction set (a target attribute; the runtime's
/// baseline is plain x86-64) gets it in that instruction set.
template <typename C, int Bytes>
inline __attribute__((always_inline)) void
weightedSumBody(C *out, const C *const *src, const C *w, int64_t taps,
                int64_t len, C init) {
  using V = typename SimdVec<C, Bytes>::type;
  constexpr int64_t L = Bytes / sizeof(C);
  // x - (+0) == x for every x, -0 included: a broadcast without a lane loop.
  const V zero = {};
  const V start = init - zero;
  int64_t j = 0;
  for (; j + 4 * L <= len; j += 4 * L) {
    V a0 = start, a1 = start, a2 = start, a3 = start;
    for (int64_t t = 0; t < taps; ++t) {
      const C *s = src[t] + j;
      const V wv = w[t] - zero;
      V x0, x1, x2, x3;
      __builtin_memcpy(&x0, s, Bytes);
      __builtin_memcpy(&x1, s + L, Bytes);
      __builtin_memcpy(&x2, s + 2 * L, Bytes);
      __builtin_memcpy(&x3, s + 3 * L, Bytes);
      a0 += wv * x0;
      a1 += wv * x1;
      a2 += wv * x2;
      a3 += wv * x3;
    }
    __builtin_memcpy(out + j, &a0, Bytes);
    __builtin_memcpy(out + j + L, &a1, Bytes);
    __builtin_memcpy(out + j + 2 * L, &a2, Bytes);
    __builtin_memcpy(out + j + 3 * L, &a3, Bytes);
  }
  for (; j + L <= len; j += L) {
    V a = start;
    for (int64_t t = 0; t < taps; ++t) {
      V x;
      __builtin_memcpy(&x, src[t] + j, Bytes);
      a += (w[t] - zero) * x;
    }
    __builtin_memcpy(out + j, &a, Bytes);
  }
  for (; j < len; ++j) {
    C a = init;
    for (int64_t t = 0; t < taps; ++t)
      a += w[t] * src[t][j];
    out[j] = a;
  }
}

/// out[i] = exp(in[i]) and erf(in[i]) for float arrays (out may be in).
/// With AVX-512 vectorized, evaluated in double and rounded once (correctly
/// rounded but within 1e-12 of a rounding boundary); otherwise libm's.
void expFloats(float *out, const float *in, int64_t n);
void erfFloats(float *out, const float *in, int64_t n);

/// The elements of a tensor as C (float or double): borrowed when the storage
/// already is C, else widened once (f16 / bf16 / ints) so BLAS can read them.
template <typename C> class ComputeInput {
public:
  explicit ComputeInput(const Tensor &t) {
    if (t.dtype() == (std::is_same_v<C, double> ? DType::F64 : DType::F32)) {
      ptr_ = t.data<C>();
      return;
    }
    owned_.resize(t.numel());
    visitDType(t.dtype(), [&](auto tag) {
      using T = typename decltype(tag)::type;
      const T *p = t.data<T>();
      for (int64_t i = 0; i < t.numel(); ++i)
        owned_[i] = static_cast<C>(Elem<T>::load(p, i));
    });
    ptr_ = owned_.data();
  }
  const C *data() const { return ptr_; }

private:
  std::vector<C> owned_;
  const C *ptr_ = nullptr;
};

/// Somewhere to compute a float tensor's values as C: the tensor itself when
/// its storage is C, else a scratch buffer that commit() rounds into it once.
template <typename C> class ComputeOutput {
public:
  explicit ComputeOutput(Tensor &t) : t_(t) {
    if (t.dtype() == (std::is_same_v<C, double> ? DType::F64 : DType::F32)) {
      ptr_ = t.data<C>();
      return;
    }
    owned_.assign(t.numel(), C(0));
    ptr_ = owned_.data();
  }
  C *data() { return ptr_; }
  void commit() {
    if (owned_.empty())
      return;
    visitDType(t_.dtype(), [&](auto tag) {
      using T = typename decltype(tag)::type;
      if constexpr (isFloatStorage<T>) {
        T *p = t_.data<T>();
        for (int64_t i = 0; i < t_.numel(); ++i)
          Elem<T>::store(p, i, static_cast<typename Elem<T>::Compute>(ptr_[i]));
      } else {
        for (int64_t i = 0; i < t_.numel(); ++i)
          storeFromDouble(t_, i, static_cast<double>(ptr_[i]));
      }
    });
  }

private:
  Tensor &t_;
  std::vector<C> owned_;
  C *ptr_ = nullptr;
};

} // namespace kiln::rt

#endif // KILN_RT_HOST_KERNELUTILS_H
