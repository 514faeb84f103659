//===- NN.cpp - products, convolution, pooling, normalization -------------===//
//
// The kernels that dominate model time go through OpenBLAS: MatMul and Gemm
// directly, Conv as im2col + gemm per group, ConvTranspose as gemm + col2im.
// Two Conv shapes skip im2col: pointwise convolutions (the input already is
// the column matrix) and convolutions with one input channel per group
// (depthwise), where a gemm with K = kernel size is mostly overhead and a
// direct loop vectorizes better. f16 / bf16 compute in float (widened once,
// rounded once when stored), f64 in double.
//
// Sliding-window ops (Conv, ConvTranspose, pooling) share one description of
// the window per spatial dim and iterate the last spatial dim innermost, so
// 1-D, 2-D, 3-D (and higher) inputs run the same code.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"
#include "kernels/Registration.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>

namespace kiln::rt {
namespace {

//===----------------------------------------------------------------------===//
// Shared checks and helpers.
//===----------------------------------------------------------------------===//

void expectType(const KernelContext &ctx, const Tensor &t, DType type,
                const char *what) {
  if (t.dtype() != type)
    ctx.fail(what, " has element type ", dtypeName(t.dtype()), ", expected ",
             dtypeName(type));
}

void expectOutput(const KernelContext &ctx, const Tensor &t, DType type,
                  const Shape &shape, const char *what) {
  expectType(ctx, t, type, what);
  if (t.shape() != shape)
    ctx.fail(what, " is allocated as ", formatShape(t.shape()),
             " but the inputs give ", formatShape(shape));
}

/// A 1-D tensor of `n` elements (per-channel parameters).
void expectVector(const KernelContext &ctx, const Tensor &t, int64_t n,
                  const char *what) {
  if (t.rank() != 1 || t.dim(0) != n)
    ctx.fail(what, " has shape ", formatShape(t.shape()), ", expected ", n);
}

std::vector<double> readDoubles(const Tensor &t) {
  std::vector<double> out(t.numel());
  for (int64_t i = 0; i < t.numel(); ++i)
    out[i] = loadAsDouble(t, i);
  return out;
}

int64_t product(const std::vector<int64_t> &v) {
  int64_t p = 1;
  for (int64_t d : v)
    p *= d;
  return p;
}

// Division rounding toward +inf / -inf for a positive divisor (window
// arithmetic meets negative numerators at the padded borders).
int64_t ceilDiv(int64_t a, int64_t b) {
  return a >= 0 ? (a + b - 1) / b : -(-a / b);
}
int64_t floorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/// Runs fn(TypeTag<C>) with the compute type of float storage `type`: double
/// for f64, float for f32 / f16 / bf16.
template <typename Fn>
void visitCompute(const KernelContext &ctx, DType type, Fn &&fn) {
  if (type == DType::F64)
    fn(TypeTag<double>{});
  else if (isFloat(type))
    fn(TypeTag<float>{});
  else
    ctx.fail("element type ", dtypeName(type), " is not a float type");
}

/// numpy broadcasting of two shapes; false when they do not broadcast.
bool broadcastShapes(const Shape &a, const Shape &b, Shape &out) {
  size_t rank = std::max(a.size(), b.size());
  out.assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return false;
    out[i] = da == 1 ? db : da;
  }
  return true;
}

/// Two's-complement wrap-around products for integer MatMul / Gemm (numpy
/// semantics) without signed-overflow UB: accumulate in uint64 and truncate.
template <typename T> uint64_t wrapInt(T v) {
  return static_cast<uint64_t>(static_cast<int64_t>(v));
}

//===----------------------------------------------------------------------===//
// MatMul, Gemm, MatMulInteger.
//===----------------------------------------------------------------------===//

void matMulKernel(KernelContext &ctx) {
  const Tensor &a = ctx.in(0), &b = ctx.in(1);
  Tensor &y = ctx.out(0);
  expectType(ctx, b, a.dtype(), "B");
  if (a.dtype() == DType::Bool)
    ctx.fail("bool operands are not supported");
  if (a.rank() < 1 || b.rank() < 1)
    ctx.fail("operands must have rank >= 1, got A ", formatShape(a.shape()),
             " and B ", formatShape(b.shape()));
  // numpy promotes a 1-D A to a row and a 1-D B to a column, and drops the
  // added dim from the result.
  Shape as = a.shape(), bs = b.shape();
  const bool aVector = as.size() == 1, bVector = bs.size() == 1;
  if (aVector)
    as.insert(as.begin(), 1);
  if (bVector)
    bs.push_back(1);
  const int64_t m = as[as.size() - 2], k = as.back(), n = bs.back();
  if (bs[bs.size() - 2] != k)
    ctx.fail("inner dimensions differ: A is ", formatShape(a.shape()),
             ", B is ", formatShape(b.shape()));
  Shape aBatch(as.begin(), as.end() - 2), bBatch(bs.begin(), bs.end() - 2);
  Shape batch;
  if (!broadcastShapes(aBatch, bBatch, batch))
    ctx.fail("batch dimensions of A ", formatShape(a.shape()), " and B ",
             formatShape(b.shape()), " do not broadcast");
  Shape expected = batch;
  if (!aVector)
    expected.push_back(m);
  if (!bVector)
    expected.push_back(n);
  expectOutput(ctx, y, a.dtype(), expected, "output Y");
  const int64_t batches = numElements(batch);

  // Flat matrix offsets of A and B for every output batch.
  std::vector<std::array<int64_t, 2>> offsets(batches);
  forEachBroadcast<2>(batch, std::array<Shape, 2>{aBatch, bBatch},
                      [&](int64_t i, const std::array<int64_t, 2> &off) {
                        offsets[i] = {off[0] * m * k, off[1] * k * n};
                      });

  if (isFloat(a.dtype())) {
    visitCompute(ctx, a.dtype(), [&](auto tag) {
      using C = typename decltype(tag)::type;
      ComputeInput<C> A(a), B(b);
      ComputeOutput<C> Y(y);
      if (numElements(bBatch) == 1) {
        // A shared B (a linear layer on [batch, seq, k]): the batches of A are
        // contiguous rows, so one tall gemm beats many small ones.
        gemm(false, false, batches * m, n, k, C(1), A.data(), k, B.data(), n,
             C(0), Y.data(), n);
      } else {
        for (int64_t i = 0; i < batches; ++i)
          gemm(false, false, m, n, k, C(1), A.data() + offsets[i][0], k,
               B.data() + offsets[i][1], n, C(0), Y.data() + i * m * n, n);
      }
      Y.commit();
    });
    // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
    return;
  }
  visitDType(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      const T *A = a.data<T>(), *B = b.data<T>();
      T *Y = y.data<T>();
      parallelFor(batches * m, std::max<int64_t>(1, 4096 / (n * k + 1)),
                  [&](int64_t begin, int64_t end) {
                    std::vector<uint64_t> acc(n);
                    for (int64_t r = begin; r < end; ++r) {
                      const int64_t bi = r / m, i = r % m;
                      const T *aRow = A + offsets[bi][0] + i * k;
                      const T *bMat = B + offsets[bi][1];
                      std::fill(acc.begin(), acc.end(), 0);
                      for (int64_t kk = 0; kk < k; ++kk) {
                        uint64_t av = wrapInt(aRow[kk]);
                        const T *bRow = bMat + kk * n;
                        for (int64_t j = 0; j < n; ++j)
                          acc[j] += av * wrapInt(bRow[j]);
                      }
                      for (int64_t j = 0; j < n; ++j)
                        Y[r * n + j] = static_cast<T>(acc[j]);
                    }
                  });
    }
  });
}

void gemmKernel(KernelContext &ctx) {
  const Tensor &a = ctx.in(0), &b = ctx.in(1);
  const Tensor *c = ctx.hasInput(2) ? ctx.inputs[2] : nullptr;
  Tensor &y = ctx.out(0);
  const Attrs &attrs = (*ctx.attrs);
  const float alpha = attrs.getFloat("alpha", 1.0f);
  const float beta = attrs.getFloat("beta", 1.0f);
  const bool transA = attrs.getInt("transA", 0) != 0;
  const bool transB = attrs.getInt("transB", 0) != 0;
  expectType(ctx, b, a.dtype(), "B");
  if (c)
    expectType(ctx, *c, a.dtype(), "C");
  if (a.dtype() == DType::Bool)
    ctx.fail("bool operands are not supported");
  if (a.rank() != 2 || b.rank() != 2)
    ctx.fail("A and B must be matrices, got ", formatShape(a.shape()), " and ",
             formatShape(b.shape()));
  const int64_t m = transA ? a.dim(1) : a.dim(0);
  const int64_t k = transA ? a.dim(0) : a.dim(1);
  const int64_t n = transB ? b.dim(0) : b.dim(1);
  if ((transB ? b.dim(1) : b.dim(0)) != k)
    ctx.fail("inner dimensions differ: op(A) is ", m, "x", k, ", B is ",
             formatShape(b.shape()), transB ? " (transposed)" : "");
  // C broadcasts to [m, n] one way only (Gemm's unidirectional rule).
  if (c) {
    bool ok = c->rank() <= 2;
    for (int64_t i = 0; ok && i < c->rank(); ++i) {
      int64_t want = i == c->rank() - 1 ? n : m;
      ok = c->dim(i) == want || c->dim(i) == 1;
    }
    if (!ok)
      ctx.fail("C of shape ", formatShape(c->shape()),
               " does not broadcast to ", m, "x", n);
  }
  expectOutput(ctx, y, a.dtype(), {m, n}, "output Y");
  const bool useC = c && beta != 0.0f;
  const std::vector<int64_t> cStrides =
      c ? broadcastStrides(c->shape(), {m, n}) : std::vector<int64_t>{0, 0};

  if (isFloat(a.dtype())) {
    visitCompute(ctx, a.dtype(), [&](auto tag) {
      using C = typename decltype(tag)::type;
      ComputeInput<C> A(a), B(b);
      ComputeOutput<C> Y(y);
      C *yd = Y.data();
      if (useC) {
        ComputeInput<C> cv(*c);
        for (int64_t i = 0; i < m; ++i)
          for (int64_t j = 0; j < n; ++j)
            yd[i * n + j] = cv.data()[i * cStrides[0] + j * cStrides[1]];
      }
      gemm(transA, transB, m, n, k, static_cast<C>(alpha), A.data(), a.dim(1),
           B.data(), b.dim(1), useC ? static_cast<C>(beta) : C(0), yd, n);
      Y.commit();
    });
    // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
    return;
  }
  visitDType(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      const T *A = a.data<T>(), *B = b.data<T>();
      T *Y = y.data<T>();
      const int64_t lda = a.dim(1), ldb = b.dim(1);
      // Integer Gemm stays exact (wrapping) when alpha = beta = 1; other
      // scalings go through double like onnxruntime's float scaling would.
      const bool exact = alpha == 1.0f && (beta == 1.0f || !useC);
      parallelFor(m, 1, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
          for (int64_t j = 0; j < n; ++j) {
            uint64_t acc = 0;
            for (int64_t kk = 0; kk < k; ++kk)
              acc += wrapInt(A[transA ? kk * lda + i : i * lda + kk]) *
                     wrapInt(B[transB ? j * ldb + kk : kk * ldb + j]);
            int64_t cv =
                useC ? loadAsInt(*c, i * cStrides[0] + j * cStrides[1]) : 0;
            if (exact)
              Y[i * n + j] = static_cast<T>(acc + static_cast<uint64_t>(cv));
            else
              storeFromDouble(
                  y, i * n + j,
                  alpha * static_cast<double>(static_cast<int64_t>(acc)) +
                      (useC ? beta * static_cast<double>(cv) : 0));
          }
      });
    }
  });
}

/// A MatMulInteger zero point: per tensor, per row of A / column of B, or per
/// batch and row / column ([..., M, 1] / [..., 1, N]).
struct ZeroPoint {
  std::vector<int32_t> values{0};
  int64_t batchStride = 0, indexStride = 0;
  int32_t at(int64_t batch, int64_t index) const {
    return values[batch * batchStride + index * indexStride];
  }
};

ZeroPoint readZeroPoint(const KernelContext &ctx, size_t input,
                        const Tensor &operand, const Shape &batch,
                        int64_t count, bool isA) {
  ZeroPoint zp;
  if (!ctx.hasInput(input))
    return zp;
  const Tensor &t = *ctx.inputs[input];
  const char *name = isA ? "a_zero_point" : "b_zero_point";
  expectType(ctx, t, operand.dtype(), name);
  zp.values.resize(t.numel());
  for (int64_t i = 0; i < t.numel(); ++i)
    zp.values[i] = static_cast<int32_t>(loadAsInt(t, i));
  if (t.numel() == 1)
    return zp;
  if (t.rank() == 1 && t.dim(0) == count) {
    zp.indexStride = 1;
    return zp;
  }
  Shape perBatch = batch;
  perBatch.push_back(isA ? count : 1);
  perBatch.push_back(isA ? 1 : count);
  if (t.shape() == perBatch && operand.rank() >= 2) {
    zp.batchStride = count;
    zp.indexStride = 1;
    return zp;
  }
  ctx.fail(name, " of shape ", formatShape(t.shape()),
           " is neither a scalar nor one value per ",
           isA ? "row of A" : "column of B", " (", count, ")");
}

void matMulIntegerKernel(KernelContext &ctx) {
  const Tensor &a = ctx.in(0), &b = ctx.in(1);
  Tensor &y = ctx.out(0);
  for (const Tensor *t : {&a, &b})
    if (t->dtype() != DType::U8 && t->dtype() != DType::I8)
      ctx.fail("inputs must be u8 or i8, got ", dtypeName(t->dtype()));
  if (a.rank() < 1 || b.rank() < 1)
    ctx.fail("operands must have rank >= 1");
  Shape as = a.shape(), bs = b.shape();
  const bool aVector = as.size() == 1, bVector = bs.size() == 1;
  if (aVector)
    as.insert(as.begin(), 1);
  if (bVector)
    bs.push_back(1);
  const int64_t m = as[as.size() - 2], k = as.back(), n = bs.back();
  if (bs[bs.size() - 2] != k)
    ctx.fail("inner dimensions differ: A is ", formatShape(a.shape()),
             ", B is ", formatShape(b.shape()));
  Shape aBatch(as.begin(), as.end() - 2), bBatch(bs.begin(), bs.end() - 2);
  Shape batch;
  if (!broadcastShapes(aBatch, bBatch, batch))
    ctx.fail("batch dimensions of A and B do not broadcast");
  Shape expected = batch;
  if (!aVector)
    expected.push_back(m);
  if (!bVector)
    expected.push_back(n);
  expectOutput(ctx, y, DType::I32, expected, "output Y");
  const ZeroPoint za = readZeroPoint(ctx, 2, a, aBatch, m, true);
  const ZeroPoint zb = readZeroPoint(ctx, 3, b, bBatch, n, false);
  const int64_t batches = numElements(batch);
  std::vector<std::array<int64_t, 2>> offsets(batches);
  forEachBroadcast<2>(
      batch, std::array<Shape, 2>{aBatch, bBatch},
      [&](int64_t i, const std::array<int64_t, 2> &off) { offsets[i] = off; });
  // Shift out the zero points once: B - zb as int32 per B batch, so the
  // inner loop is a plain integer axpy the compiler vectorizes.
  const int64_t bBatches = numElements(bBatch);
  std::vector<int32_t> bShifted(bBatches * k * n);
  for (int64_t bb = 0; bb < bBatches; ++bb)
    for (int64_t kk = 0; kk < k; ++kk)
      for (int64_t j = 0; j < n; ++j) {
        int64_t idx = (bb * k + kk) * n + j;
        bShifted[idx] = static_cast<int32_t>(loadAsInt(b, idx)) - zb.at(bb, j);
      }
  int32_t *Y = y.data<int32_t>();
  parallelFor(batches * m, std::max<int64_t>(1, 4096 / (n * k + 1)),
              [&](int64_t begin, int64_t end) {
                // uint32 arithmetic: exact while it fits int32, and wraps
                // (instead of signed-overflow UB) when it does not.
                std::vector<uint32_t> acc(n);
                for (int64_t r = begin; r < end; ++r) {
                  const int64_t bi = r / m, i = r % m;
                  const int64_t aRow = (offsets[bi][0] * m + i) * k;
                  const int32_t zaRow = za.at(offsets[bi][0], i);
                  const int32_t *bMat =
                      bShifted.data() + offsets[bi][1] * k * n;
                  std::fill(acc.begin(), acc.end(), 0u);
                  for (int64_t kk = 0; kk < k; ++kk) {
                    uint32_t av = static_cast<uint32_t>(
                        static_cast<int32_t>(loadAsInt(a, aRow + kk)) - zaRow);
                    if (av == 0)
                      continue;
                    const int32_t *bRow = bMat + kk * n;
                    for (int64_t j = 0; j < n; ++j)
                      acc[j] += av * static_cast<uint32_t>(bRow[j]);
                  }
                  for (int64_t j = 0; j < n; ++j)
                    Y[r * n + j] = static_cast<int32_t>(acc[j]);
                }
              });
}

//===----------------------------------------------------------------------===//
// Sliding windows: Conv, ConvTranspose, pooling.
//===----------------------------------------------------------------------===//

constexpr size_t kMaxSpatial = 8;
/// Attribute values beyond this are nonsense and could overflow window math.
constexpr int64_t kMaxWindowAttr = int64_t(1) << 30;
/// im2col / col2im scratch is tiled to about this many elements, so a large
/// early layer does not allocate a column matrix of hundreds of MB.
constexpr int64_t kColumnBudget = int64_t(1) << 21;

enum class AutoPad { NotSet, SameUpper, SameLower, Valid };

AutoPad readAutoPad(const KernelContext &ctx) {
  std::string s = (*ctx.attrs).getString("auto_pad", "NOTSET");
  if (s == "NOTSET" || s.empty())
    return AutoPad::NotSet;
  if (s == "SAME_UPPER")
    return AutoPad::SameUpper;
  if (s == "SAME_LOWER")
    return AutoPad::SameLower;
  if (s == "VALID")
    return AutoPad::Valid;
  ctx.fail("unknown auto_pad '", s, "'");
}

/// One sliding window, per spatial dim.
struct Window {
  size_t nsp = 0;
  std::vector<int64_t> in, out, kernel, stride, dil, padBegin, padEnd;
  int64_t span(size_t d) const { return (kernel[d] - 1) * dil[d] + 1; }
};

std::vector<int64_t> spatialInts(const KernelContext &ctx, const char *name,
                                 size_t count, int64_t dflt, int64_t minValue) {
  std::optional<std::vector<int64_t>> v = (*ctx.attrs).getInts(name);
  if (!v)
    return std::vector<int64_t>(count, dflt);
  if (v->size() != count)
    ctx.fail("attribute '", name, "' has ", v->size(), " values, expected ",
             count);
  for (int64_t x : *v)
    if (x < minValue || x > kMaxWindowAttr || x < -kMaxWindowAttr)
      ctx.fail("attribute '", name, "' value ", x, " is out of range");
  return *v;
}

/// The kernel offsets of every tap (row-major over the kernel dims), so inner
/// loops index a table instead of dividing.
std::vector<int64_t> kernelTaps(const Window &w) {
  const int64_t taps = product(w.kernel);
  std::vector<int64_t> table(taps * w.nsp);
  for (int64_t t = 0; t < taps; ++t) {
    int64_t rest = t;
    for (size_t d = w.nsp; d-- > 0;) {
      table[t * w.nsp + d] = rest % w.kernel[d];
      rest /= w.kernel[d];
    }
  }
  return table;
}

/// Strides, dilations and pads of a forward window (Conv, pooling); w.in and
/// w.kernel must be set. SAME_* pads so that out = ceil(in / stride), the odd
/// pad going to the end (UPPER) or the beginning (LOWER).
void readForwardWindow(const KernelContext &ctx, Window &w, AutoPad autoPad) {
  w.stride = spatialInts(ctx, "strides", w.nsp, 1, 1);
  w.dil = spatialInts(ctx, "dilations", w.nsp, 1, 1);
  w.padBegin.assign(w.nsp, 0);
  w.padEnd.assign(w.nsp, 0);
  if (autoPad == AutoPad::NotSet) {
    std::vector<int64_t> pads = spatialInts(ctx, "pads", 2 * w.nsp, 0, 0);
    for (size_t d = 0; d < w.nsp; ++d) {
      w.padBegin[d] = pads[d];
      w.padEnd[d] = pads[w.nsp + d];
    }
  } else if (autoPad != AutoPad::Valid) {
    for (size_t d = 0; d < w.nsp; ++d) {
      int64_t out = ceilDiv(w.in[d], w.stride[d]);
      int64_t total =
          std::max<int64_t>(0, (out - 1) * w.stride[d] + w.span(d) - w.in[d]);
      w.padBegin[d] =
          autoPad == AutoPad::SameUpper ? total / 2 : total - total / 2;
      w.padEnd[d] = total - w.padBegin[d];
    }
  }
}

/// Window positions along d with floor or ceil rounding; -1 when the dilated
/// kernel is larger than the padded input.
int64_t windowCount(const Window &w, size_t d, bool ceilMode) {
  int64_t room = w.in[d] + w.padBegin[d] + w.padEnd[d] - w.span(d);
  if (room < 0)
    return -1;
  return (ceilMode ? ceilDiv(room, w.stride[d]) : room / w.stride[d]) + 1;
}

/// Advances a row-major coordinate over dims [0, last) of `extent` by one
/// step; the last dim is handled by the caller's inner loop.
void nextOuter(std::array<int64_t, kMaxSpatial> &coord,
               const std::vector<int64_t> &extent, size_t last) {
  for (size_t d = last; d-- > 0;) {
    if (++coord[d] < extent[d])
      return;
    coord[d] = 0;
  }
}

/// For one tap, the input row (flattened over the outer spatial dims) that
/// output coordinate `coord` reads, or -1 when it lies in the padding.
int64_t tapRow(const Window &w, const int64_t *tap,
               const std::array<int64_t, kMaxSpatial> &coord) {
  int64_t row = 0;
  for (size_t d = 0; d + 1 < w.nsp; ++d) {
    int64_t ic = coord[d] * w.stride[d] - w.padBegin[d] + tap[d] * w.dil[d];
    if (ic < 0 || ic >= w.in[d])
      return -1;
    row = row * w.in[d] + ic;
  }
  return row;
}

/// Along the last dim, output positions [lo, hi) within [from, to) read input
/// ox * stride + base inside [0, inLast).
void validRange(int64_t base, int64_t stride, int64_t inLast, int64_t from,
                int64_t to, int64_t &lo, int64_t &hi) {
  lo = std::clamp(ceilDiv(-base, stride), from, to);
  hi = std::clamp(ceilDiv(inLast - base, stride), lo, to);
}

/// Along the last dim, tap k of the window at output ox reads input
/// ox * stride + base[k]; outputs [lo[k], hi[k]) read inside the input. With
/// these, inner loops need no division, and pooling runs tap by tap over
/// contiguous outputs, which the compiler vectorizes.
struct LastDimTaps {
  std::vector<int64_t> base, lo, hi;
};

LastDimTaps lastDimTaps(const Window &w) {
  const size_t last = w.nsp - 1;
  LastDimTaps t;
  for (int64_t k = 0; k < w.kernel[last]; ++k) {
    int64_t lo, hi;
    const int64_t base = k * w.dil[last] - w.padBegin[last];
    validRange(base, w.stride[last], w.in[last], 0, w.out[last], lo, hi);
    t.base.push_back(base);
    t.lo.push_back(lo);
    t.hi.push_back(hi);
  }
  return t;
}

/// Column matrix for output positions [first, first + count) of `channels`
/// input planes: row (c, tap), `ld` apart in `col`, holds the input each
/// output position reads through that tap (0 in the padding). Rows are
/// independent: parallel.
template <typename C>
void im2col(const Window &w, const std::vector<int64_t> &taps,
            const LastDimTaps &ranges, const C *x, int64_t channels,
            int64_t first, int64_t count, C *col, int64_t ld) {
  const int64_t kSize = product(w.kernel), inSize = product(w.in);
  const size_t last = w.nsp - 1;
  const int64_t outLast = w.out[last], inLast = w.in[last];
  const int64_t strideLast = w.stride[last];
  parallelFor(channels * kSize, std::max<int64_t>(1, 16384 / count),
              [&](int64_t begin, int64_t end) {
                for (int64_t r = begin; r < end; ++r) {
                  const int64_t *tap = &taps[(r % kSize) * w.nsp];
                  const C *plane = x + (r / kSize) * inSize;
                  C *dst = col + r * ld;
                  const int64_t kLast = tap[last], base = ranges.base[kLast];
                  std::array<int64_t, kMaxSpatial> coord{};
                  int64_t rest = first;
                  for (size_t d = w.nsp; d-- > 0;) {
                    coord[d] = rest % w.out[d];
                    rest /= w.out[d];
                  }
                  for (int64_t done = 0; done < count;) {
                    const int64_t ox0 = coord[last];
                    const int64_t seg = std::min(outLast - ox0, count - done);
                    // o[j] is output position ox0 + j of this segment.
                    C *o = dst + done;
                    const int64_t row = tapRow(w, tap, coord);
                    // The tap's valid range along the whole row, clipped to
                    // this segment.
                    int64_t lo = ox0 + seg, hi = ox0 + seg;
                    if (row >= 0) {
                      lo = std::clamp(ranges.lo[kLast], ox0, ox0 + seg);
                      hi = std::clamp(ranges.hi[kLast], lo, ox0 + seg);
                    }
                    const int64_t src = row * inLast + base;
                    for (int64_t ox = ox0; ox < lo; ++ox)
                      o[ox - ox0] = C(0);
                    if (strideLast == 1)
                      for (int64_t ox = lo; ox < hi; ++ox)
                        o[ox - ox0] = plane[src + ox];
                    else
                      for (int64_t ox = lo; ox < hi; ++ox)
                        o[ox - ox0] = plane[src + ox * strideLast];
                    for (int64_t ox = hi; ox < ox0 + seg; ++ox)
                      o[ox - ox0] = C(0);
                    done += seg;
                    coord[last] += seg;
                    if (coord[last] == outLast) {
                      coord[last] = 0;
                      nextOuter(coord, w.out, last);
                    }
                  }
                }
              });
}

/// Activations a Conv applies to its output for the executor (see
/// FusedActivation): the Relu and Clip kernels' element functions.
struct NoActivation {
  template <typename C> C operator()(C v) const { return v; }
};
struct ReluActivation {
  template <typename C> C operator()(C v) const {
    return (v != v || v > C(0)) ? v : C(0);
  }
};
struct ClipActivation {
  float lo, hi;
  template <typename C> C operator()(C v) const {
    if (v < lo)
      v = lo;
    if (v > hi)
      v = hi;
    return v;
  }
};

/// The FusedActivation an activation functor stands for (null for none), for
/// the products that apply it themselves.
inline const FusedActivation *describe(const NoActivation &,
                                       FusedActivation &) {
  return nullptr;
}
inline const FusedActivation *describe(const ReluActivation &,
                                       FusedActivation &storage) {
  storage.kind = FusedActivation::Kind::Relu;
  return &storage;
}
inline const FusedActivation *describe(const ClipActivation &act,
                                       FusedActivation &storage) {
  storage.kind = FusedActivation::Kind::Clip;
  storage.lo = act.lo;
  storage.hi = act.hi;
  return &storage;
}

/// Calls fn with the functor for `act` (f32 outputs only; the executor asks
/// for nothing else), or NoActivation.
template <typename C, typename Fn>
void withActivation(const FusedActivation *act, Fn &&fn) {
  if constexpr (std::is_same_v<C, float>) {
    if (act && act->kind == FusedActivation::Kind::Relu)
      return fn(ReluActivation{});
    if (act)
      return fn(ClipActivation{act->lo, act->hi});
  }
  fn(NoActivation{});
}

/// Adds bias[c] (when there is a bias) to every output plane of channel c
/// and applies the activation, in one pass.
template <typename C, typename Act = NoActivation>
void addBias(C *y, const C *bias, int64_t planes, int64_t channels,
             int64_t planeSize, Act act = {}) {
  parallelFor(planes, std::max<int64_t>(1, 16384 / (planeSize + 1)),
              [&](int64_t begin, int64_t end) {
                const Act f = act;
                for (int64_t p = begin; p < end; ++p) {
                  C *yp = y + p * planeSize;
                  if (!bias) {
                    for (int64_t i = 0; i < planeSize; ++i)
                      yp[i] = f(yp[i]);
                    continue;
                  }
                  const C b = bias[p % channels];
                  for (int64_t i = 0; i < planeSize; ++i)
                    yp[i] = f(yp[i] + b);
                }
              });
}

/// Rows of a plane regrouped by stride phase: element j of a row moves to
/// start[j % stride] + j / stride of that row. Reading every stride-th
/// element (a strided window tap) then is a contiguous read, which the
/// compiler vectorizes. With stride 1 nothing moves.
struct PhaseSplit {
  int64_t stride, rowLength;
  std::vector<int64_t> start;

  PhaseSplit(int64_t rowLength, int64_t stride)
      : stride(stride), rowLength(rowLength), start(stride + 1, 0) {
    for (int64_t ph = 0; ph < stride; ++ph)
      start[ph + 1] =
          start[ph] + std::max<int64_t>(0, ceilDiv(rowLength - ph, stride));
  }
  bool needed() const { return stride > 1; }
  /// Input ox * stride + base is element ox + offset(base) of the split row.
  int64_t offset(int64_t base) const {
    const int64_t q = floorDiv(base, stride);
    return start[base - q * stride] + q;
  }
  template <typename T> void apply(const T *plane, int64_t size, T *out) const {
    for (int64_t r = 0; r < size / rowLength; ++r)
      for (int64_t ph = 0; ph < stride; ++ph) {
        const T *src = plane + r * rowLength + ph;
        T *dst = out + r * rowLength + start[ph];
        for (int64_t j = 0; j < start[ph + 1] - start[ph]; ++j)
          dst[j] = src[j * stride];
      }
  }
};

/// Convolution with one input channel per group: each output plane is a sum
/// of shifted, scaled input rows (axpy per tap), computed row by row so the
/// output row stays in L1. With a stride along the last dim the input rows
/// are split by stride phase first, so every tap's axpy reads contiguously
/// and vectorizes like the unstrided one.
template <typename C>
void depthwiseConv(const Window &w, int64_t n, int64_t cin, int64_t m,
                   int64_t group, const C *x, const C *wt, C *y) {
  const int64_t mg = m / group, kSize = product(w.kernel);
  const int64_t inSize = product(w.in), outSize = product(w.out);
  const size_t last = w.nsp - 1;
  const int64_t outLast = w.out[last], inLast = w.in[last];
  const int64_t stride = w.stride[last];
  const std::vector<int64_t> taps = kernelTaps(w);
  const PhaseSplit phases(inLast, stride);
  // Along the last dim a tap's valid output range and its read offset (in
  // the split row) do not depend on the row: compute them once.
  std::vector<int64_t> tapOffset(kSize), tapLo(kSize), tapHi(kSize);
  for (int64_t t = 0; t < kSize; ++t) {
    const int64_t base =
        taps[t * w.nsp + last] * w.dil[last] - w.padBegin[last];
    validRange(base, stride, inLast, 0, outLast, tapLo[t], tapHi[t]);
    tapOffset[t] = phases.offset(base);
  }
  parallelFor(n * m, 1, [&](int64_t begin, int64_t end) {
    std::vector<C> split(phases.needed() ? inSize : 0);
    int64_t splitPlane = -1;
    for (int64_t p = begin; p < end; ++p) {
      const int64_t oc = p % m;
      const int64_t planeIndex = (p / m) * cin + oc / mg;
      const C *plane = x + planeIndex * inSize;
      if (phases.needed()) {
        // Output channels of one group share the split input plane.
        if (splitPlane != planeIndex)
          phases.apply(plane, inSize, split.data());
        splitPlane = planeIndex;
        plane = split.data();
      }
      const C *wk = wt + oc * kSize;
      C *out = y + p * outSize;
      std::array<int64_t, kMaxSpatial> coord{};
      for (int64_t r = 0; r < outSize / outLast; ++r) {
        C *orow = out + r * outLast;
        std::fill(orow, orow + outLast, C(0));
        for (int64_t t = 0; t < kSize; ++t) {
          const int64_t row = tapRow(w, &taps[t * w.nsp], coord);
          if (row < 0)
            continue;
          const C *src = plane + row * inLast + tapOffset[t];
          const C wv = wk[t];
          for (int64_t ox = tapLo[t]; ox < tapHi[t]; ++ox)
            orow[ox] += wv * src[ox];
        }
        nextOuter(coord, w.out, last);
      }
    }
  });
}

/// dst[i] = src[i * stride] for i < n: the row copies of PhasePlanes,
/// with strides 1 and 2 (a stride-2 layer's phase split) as constant-stride
/// loops the compiler vectorizes, compiled for AVX-512 / AVX2 / baseline.
template <typename C>
inline __attribute__((always_inline)) void
copyStridedBody(C *dst, const C *src, int64_t n, int64_t stride) {
  if (stride == 1)
    for (int64_t i = 0; i < n; ++i)
      dst[i] = src[i];
  else if (stride == 2)
    for (int64_t i = 0; i < n; ++i)
      dst[i] = src[2 * i];
  else
    for (int64_t i = 0; i < n; ++i)
      dst[i] = src[i * stride];
}
__attribute__((target_clones("avx512f", "avx2", "default"))) void
copyStrided(float *dst, const float *src, int64_t n, int64_t stride) {
  copyStridedBody(dst, src, n, stride);
}
__attribute__((target_clones("avx512f", "avx2", "default"))) void
copyStrided(double *dst, const double *src, int64_t n, int64_t stride) {
  copyStridedBody(dst, src, n, stride);
}

/// A 1-D or 2-D window over input planes copied into zero-padded buffers
/// split by stride phase: phase (py, px) holds padded rows py, py + sh, ...
/// and columns px, px + sw, ..., every phase PHp x PWp. Tap (ky, kx) of
/// output (oy, ox) then reads phase element (oy + qy, ox + qx) with
/// q = k * dilation / stride: at buffer offset tapOffset[t] + oy * PWp + ox,
/// with no bounds checks and contiguous along ox whatever the stride.
struct PhasePlanes {
  int64_t H, W, sh, sw, pt, pl, OH, OW, PHp, PWp, phaseSize, size;
  std::vector<int64_t> tapOffset;
  std::vector<char> phaseUsed; // phases some tap reads (1x1 stride 2: one)

  /// nullopt for 3 or more spatial dims, or when the padded buffer would be
  /// unreasonably large next to the planes (absurd pads).
  static std::optional<PhasePlanes> make(const Window &w) {
    if (w.nsp > 2)
      return std::nullopt;
    const bool two = w.nsp == 2;
    const size_t l = w.nsp - 1;
    PhasePlanes p;
    p.H = two ? w.in[0] : 1;
    p.W = w.in[l];
    const int64_t KH = two ? w.kernel[0] : 1, KW = w.kernel[l];
    p.sh = two ? w.stride[0] : 1;
    p.sw = w.stride[l];
    const int64_t dh = two ? w.dil[0] : 1, dw = w.dil[l];
    p.pt = two ? w.padBegin[0] : 0;
    p.pl = w.padBegin[l];
    p.OH = two ? w.out[0] : 1;
    p.OW = w.out[l];
    const int64_t PH = p.H + p.pt + (two ? w.padEnd[0] : 0);
    const int64_t PW = p.W + p.pl + w.padEnd[l];
    p.PHp = ceilDiv(PH, p.sh);
    p.PWp = ceilDiv(PW, p.sw);
    p.phaseSize = p.PHp * p.PWp;
    p.size = p.sh * p.sw * p.phaseSize;
    if (p.size > 4 * (p.H * p.W + p.OH * p.OW) + (int64_t(1) << 16))
      return std::nullopt;
    p.phaseUsed.assign(p.sh * p.sw, 0);
    for (int64_t ky = 0; ky < KH; ++ky)
      for (int64_t kx = 0; kx < KW; ++kx) {
        const int64_t ry = ky * dh, rx = kx * dw;
        const int64_t phase = (ry % p.sh) * p.sw + rx % p.sw;
        p.phaseUsed[phase] = 1;
        p.tapOffset.push_back(phase * p.phaseSize + (ry / p.sh) * p.PWp +
                              rx / p.sw);
      }
    return p;
  }

  /// Copies one H x W input plane into buf (`size` elements), writing every
  /// element (zeros in the padding and in the phases no tap reads), so buf
  /// needs no zero-filling. (Depthwise chunks copy only the interior into a
  /// buffer zeroed once: see depthwiseChunkBody.)
  template <typename C> void buildAll(const C *plane, C *buf) const {
    for (int64_t py = 0; py < sh; ++py)
      for (int64_t px = 0; px < sw; ++px) {
        C *phase = buf + (py * sw + px) * phaseSize;
        if (!phaseUsed[py * sw + px]) {
          std::fill(phase, phase + phaseSize, C(0));
          continue;
        }
        int64_t lo, hi;
        validRange(px - pl, sw, W, 0, PWp, lo, hi);
        for (int64_t rr = 0; rr < PHp; ++rr) {
          C *dst = phase + rr * PWp;
          const int64_t iy = rr * sh + py - pt;
          if (iy < 0 || iy >= H || lo >= hi) {
            std::fill(dst, dst + PWp, C(0));
            continue;
          }
          std::fill(dst, dst + lo, C(0));
          copyStrided(dst + lo, plane + iy * W + px - pl + lo * sw, hi - lo,
                      sw);
          std::fill(dst + hi, dst + PWp, C(0));
        }
      }
  }
};

/// Stride phases along a row whose valid ranges depthwise chunks keep at
/// hand (more are computed when needed).
constexpr int64_t kMaxStridePhases = 8;

/// weightedSum lengths are rounded up to this many elements (a multiple of
/// every SIMD width), so no call ends in a scalar tail; buffers it reads or
/// writes have this much slack.
constexpr int64_t kSimdPad = 16;

int64_t roundUpSimd(int64_t n) {
  return (n + kSimdPad - 1) / kSimdPad * kSimdPad;
}

/// Output planes [begin, end) of depthwiseConvPlanes, Bytes its vector
/// width. Always inlined into the three target-specific wrappers below, so
/// that the plane copies, the tap sums and the copy-out all compile for the
/// CPU's vector unit with no calls between them (with small planes, calls
/// were half the time).
template <typename C, typename Act, int Bytes>
inline __attribute__((always_inline)) void
depthwiseChunkBody(const PhasePlanes &pp, int64_t cin, int64_t m, int64_t mg,
                   const C *x, const C *wt, const C *bias, C *y, const Act &act,
                   int64_t begin, int64_t end) {
  const Act f = act;
  const int64_t kSize = static_cast<int64_t>(pp.tapOffset.size());
  const int64_t inSize = pp.H * pp.W, outSize = pp.OH * pp.OW;
  const int64_t PWp = pp.PWp, OW = pp.OW, W = pp.W, sw = pp.sw, sh = pp.sh;
  const int64_t wideLen = (pp.OH - 1) * PWp + OW;
  // Output rows per block: a block's wide sums (about 8 KB) stay in L1.
  const int64_t blockRows = std::max<int64_t>(1, 2048 / PWp);
  // Zero-filled once: building a plane writes only its interior.
  std::vector<C> buf(pp.size + 2 * kSimdPad, C(0));
  std::vector<C> wide(roundUpSimd(blockRows * PWp));
  std::vector<const C *> src(kSize);
  // Along a row, phase px's columns [lo, hi) lie inside the input.
  std::array<int64_t, 2> range[kMaxStridePhases];
  const int64_t phasesW = std::min<int64_t>(sw, kMaxStridePhases);
  for (int64_t px = 0; px < phasesW; ++px)
    validRange(px - pp.pl, sw, W, 0, PWp, range[px][0], range[px][1]);
  int64_t built = -1;
  for (int64_t p = begin; p < end; ++p) {
    const int64_t oc = p % m;
    const int64_t planeIndex = (p / m) * cin + oc / mg;
    // Output channels of one group share the input plane.
    if (planeIndex != built) {
      const C *plane = x + planeIndex * inSize;
      for (int64_t px = 0; px < sw; ++px) {
        int64_t lo, hi;
        if (px < phasesW) {
          lo = range[px][0];
          hi = range[px][1];
        } else {
          validRange(px - pp.pl, sw, W, 0, PWp, lo, hi);
        }
        for (int64_t iy = 0; iy < pp.H; ++iy) {
          const int64_t r = iy + pp.pt;
          if (!pp.phaseUsed[(r % sh) * sw + px] || lo >= hi)
            continue;
          C *dst = buf.data() + ((r % sh) * sw + px) * pp.phaseSize +
                   (r / sh) * PWp + lo;
          copyStridedBody(dst, plane + iy * W + px - pp.pl + lo * sw, hi - lo,
                          sw);
        }
      }
      built = planeIndex;
    }
    const C *wk = wt + oc * kSize;
    const C b = bias ? bias[oc] : C(0);
    C *out = y + p * outSize;
    for (int64_t oy0 = 0; oy0 < pp.OH; oy0 += blockRows) {
      const int64_t rows = std::min(blockRows, pp.OH - oy0);
      const int64_t j0 = oy0 * PWp;
      // The junk past the block's last output reads at most kSimdPad - 1
      // elements past the buffer's end: inside its slack.
      const int64_t len = std::min(wideLen, j0 + rows * PWp) - j0;
      for (int64_t t = 0; t < kSize; ++t)
        src[t] = buf.data() + pp.tapOffset[t] + j0;
      weightedSumBody<C, Bytes>(wide.data(), src.data(), wk, kSize,
                                roundUpSimd(len), b);
      for (int64_t r = 0; r < rows; ++r) {
        const C *from = wide.data() + r * PWp;
        C *to = out + (oy0 + r) * OW;
        for (int64_t ox = 0; ox < OW; ++ox)
          to[ox] = f(from[ox]);
      }
    }
  }
}

#define KILN_DEPTHWISE_CHUNK(NAME, TARGET, BYTES)                              \
  template <typename C, typename Act>                                          \
  TARGET void NAME(const PhasePlanes &pp, int64_t cin, int64_t m, int64_t mg,  \
                   const C *x, const C *wt, const C *bias, C *y,               \
                   const Act &act, int64_t begin, int64_t end) {               \
    depthwiseChunkBody<C, Act, BYTES>(pp, cin, m, mg, x, wt, bias, y, act,     \
                                      begin, end);                             \
  }
KILN_DEPTHWISE_CHUNK(depthwiseChunkBase, , 16)
#if defined(__x86_64__) && defined(__GNUC__)
KILN_DEPTHWISE_CHUNK(depthwiseChunkAvx2, __attribute__((target("avx2,fma"))),
                     32)
KILN_DEPTHWISE_CHUNK(depthwiseChunkAvx512,
                     __attribute__((target("avx512f,avx2,fma"))), 64)
#endif
#undef KILN_DEPTHWISE_CHUNK

/// Depthwise convolution (one input channel per group), bias included, on
/// PhasePlanes. The output is computed as a "wide" plane of PWp columns (the
/// last PWp - OW of every row are junk, dropped when the rows are copied
/// out), so every tap is one contiguous read at a fixed offset and
/// weightedSum does all taps in one vectorized pass with the sums in
/// registers (see depthwiseChunkBody).
template <typename C, typename Act>
void depthwiseConvPlanes(const PhasePlanes &pp, int64_t n, int64_t cin,
                         int64_t m, int64_t group, const C *x, const C *wt,
                         const C *bias, C *y, Act act) {
  const int64_t mg = m / group;
  const int64_t kSize = static_cast<int64_t>(pp.tapOffset.size());
  const int64_t outSize = pp.OH * pp.OW;
  // Chunks of at least ~128K multiply-adds (several microseconds): less is
  // not worth handing to a worker that may have to be woken.
  using Chunk =
      void (*)(const PhasePlanes &, int64_t, int64_t, int64_t, const C *,
               const C *, const C *, C *, const Act &, int64_t, int64_t);
  static const Chunk chunk = [] {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
      return &depthwiseChunkAvx512<C, Act>;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
      return &depthwiseChunkAvx2<C, Act>;
#endif
    return &depthwiseChunkBase<C, Act>;
  }();
  parallelFor(n * m, std::max<int64_t>(1, 131072 / (outSize * kSize + 1)),
              [&](int64_t begin, int64_t end) {
                chunk(pp, cin, m, mg, x, wt, bias, y, act, begin, end);
              });
}

/// The panels of convPlanesPackedGemm's B operand in its exact layout: rows
/// [r0, r0 + count) of a kc-row block, row r reading from src[r - r0] (its
/// plane and tap offset), columns [col0, col0 + nc), output position
/// (oy, ox) at src + oy * PWp + ox. Compiled for AVX-512 (the only CPUs
/// gemmPackedB runs on), so the copies are vector moves.
__attribute__((target("avx512f,avx2,fma"))) void
packConvPanels(const float *const *src, int64_t count, int64_t kc, int64_t r0,
               int64_t col0, int64_t nc, int64_t OW, int64_t PWp, float *dst) {
  for (int64_t q = 0; q * kGemmPanel < nc; ++q) {
    const int64_t width = std::min(kGemmPanel, nc - q * kGemmPanel);
    float *panel = dst + (q * kc + r0) * kGemmPanel;
    // Runs of the panel's columns contiguous in a plane: (panel column,
    // plane offset, length).
    std::array<std::array<int64_t, 3>, kGemmPanel> runs;
    int64_t nRuns = 0;
    const int64_t colQ = col0 + q * kGemmPanel;
    int64_t oy = colQ / OW, ox = colQ % OW;
    for (int64_t j = 0; j < width;) {
      const int64_t len = std::min(width - j, OW - ox);
      runs[nRuns++] = {j, oy * PWp + ox, len};
      j += len;
      ox = 0;
      ++oy;
    }
    for (int64_t r = 0; r < count; ++r) {
      float *d = panel + r * kGemmPanel;
      for (int64_t i = 0; i < nRuns; ++i) {
        const float *f = src[r] + runs[i][1];
        float *to = d + runs[i][0];
        for (int64_t j = 0; j < runs[i][2]; ++j)
          to[j] = f[j];
      }
      for (int64_t j = width; j < kGemmPanel; ++j)
        d[j] = 0.0f;
    }
  }
}

/// One group of a convolution (bias and fused activation included) as a
/// product whose B operand (rows (channel, tap), columns output positions)
/// comes straight from the PhasePlanes of the group's input channels: no
/// im2col matrix is written and read back. The output columns (or, when
/// there are fewer of them, the output channels) are split over the workers.
///
/// Two layouts. "Wide" computes every output row over PWp columns, PWp - OW
/// of them junk: a row of B then is a contiguous stretch of a plane, which
/// gemmIndirectB reads in place, and the junk is dropped when the rows are
/// copied out (adding the bias, applying the activation). "Exact" computes
/// only real outputs: gemmPackedB gathers B's panels from runs of at most OW
/// floats and applies bias and activation as it stores. Wide costs
/// (PWp - OW) / OW more arithmetic, exact's gather about 16 / mg of the
/// product: the cheaper one runs. False when the AVX-512 products are
/// unavailable.
template <typename Act>
bool convPlanesPackedGemm(const PhasePlanes &pp, const float *planes,
                          int64_t mg, int64_t rows, const float *wt,
                          const float *bias, float *y, Act act) {
  if (!gemmPackedBAvailable())
    return false;
  const int64_t kSize = static_cast<int64_t>(pp.tapOffset.size());
  const int64_t OW = pp.OW, OH = pp.OH, PWp = pp.PWp, outSize = OH * OW;
  const bool wide = (PWp - OW) * mg < 16 * OW;
  const int64_t columns = wide ? (OH - 1) * PWp + OW : outSize;
  // Wide: B is read in place, row (channel, tap) at its plane's tap offset.
  std::vector<const float *> rowPtrs;
  if (wide)
    for (int64_t r = 0; r < rows; ++r)
      rowPtrs.push_back(planes + (r / kSize) * pp.size +
                        pp.tapOffset[r % kSize]);
  // Exact: packs columns [first + j0, first + j0 + nc) of rows
  // [k0, k0 + kc).
  auto packer = [&](int64_t first) {
    return
        [&, first](int64_t k0, int64_t kc, int64_t j0, int64_t nc, float *dst) {
          std::array<const float *, 512> src;
          for (int64_t done = 0; done < kc; done += 512) {
            const int64_t count = std::min<int64_t>(512, kc - done);
            int64_t c = (k0 + done) / kSize, t = (k0 + done) % kSize;
            for (int64_t r = 0; r < count; ++r) {
              src[r] = planes + c * pp.size + pp.tapOffset[t];
              if (++t == kSize) {
                t = 0;
                ++c;
              }
            }
            packConvPanels(src.data(), count, kc, done, first + j0, nc, OW, PWp,
                           dst);
          }
        };
  };
  FusedActivation storage;
  const FusedActivation *fa = describe(act, storage);
  // Copies wide columns [first, first + count) of rows [r0, r1) (ld `ld`)
  // into y, dropping the junk, adding the bias, applying the activation.
  auto finish = [&](const float *from, int64_t ld, int64_t r0, int64_t r1,
                    int64_t first, int64_t count) {
    const Act fn = act;
    for (int64_t oc = r0; oc < r1; ++oc) {
      const float b = bias ? bias[oc] : 0.0f;
      const float *f = from + (oc - r0) * ld;
      for (int64_t j = first; j < first + count;) {
        const int64_t oy = j / PWp, ox = j % PWp;
        const int64_t len = std::min(first + count - j, PWp - ox);
        const int64_t real = std::clamp<int64_t>(OW - ox, 0, len);
        float *to = y + oc * outSize + oy * OW + ox;
        const float *fr = f + (j - first);
        // No bias: no "+ 0", which would turn -0 into +0.
        if (bias)
          for (int64_t i = 0; i < real; ++i)
            to[i] = fn(fr[i] + b);
        else
          for (int64_t i = 0; i < real; ++i)
            to[i] = fn(fr[i]);
        j += len;
      }
    }
  };
  const int64_t workers =
      static_cast<double>(mg) * columns * rows < (1 << 17) ? 1 : numThreads();
  const bool splitCols = columns >= mg;
  const int64_t extent = splitCols ? columns : mg;
  const int64_t unit = splitCols ? kGemmPanel : 12;
  const int64_t block =
      ((extent + workers - 1) / workers + unit - 1) / unit * unit;
  const int64_t blocks = (extent + block - 1) / block;
  parallelFor(blocks, 1, [&](int64_t begin, int64_t end) {
    thread_local std::vector<float> scratch;
    for (int64_t i = begin; i < end; ++i) {
      const int64_t first = i * block, size = std::min(block, extent - first);
      const int64_t r0 = splitCols ? 0 : first,
                    r1 = splitCols ? mg : first + size;
      const int64_t c0 = splitCols ? first : 0, cn = splitCols ? size : columns;
      float *out = y + r0 * outSize + c0;
      int64_t ld = outSize;
      if (wide) {
        scratch.resize((r1 - r0) * cn);
        out = scratch.data();
        ld = cn;
        gemmIndirectB(r1 - r0, cn, rows, wt + r0 * rows, rows, rowPtrs.data(),
                      c0, out, ld);
        finish(out, ld, r0, r1, c0, cn);
      } else {
        // The product applies the bias and the activation.
        gemmPackedB(r1 - r0, cn, rows, wt + r0 * rows, rows, packer(c0), out,
                    ld, bias ? bias + r0 : nullptr, fa);
      }
    }
  });
  return true;
}

/// Convolution as im2col + gemm on PhasePlanes, bias included: with AVX-512
/// the product packs its operand straight from the planes
/// (convPlanesPackedGemm); otherwise the column matrix rows (channel, tap)
/// for a band of output rows are copied row by row from the padded planes,
/// with no bounds checks or divisions, for gemm().
template <typename C, typename Act>
void convPlanesGemm(const PhasePlanes &pp, int64_t n, int64_t cin, int64_t m,
                    int64_t group, const C *x, const C *wt, const C *bias, C *y,
                    Act act) {
  const int64_t cg = cin / group, mg = m / group;
  const int64_t kSize = static_cast<int64_t>(pp.tapOffset.size());
  const int64_t rows = cg * kSize;
  const int64_t inSize = pp.H * pp.W, outSize = pp.OH * pp.OW;
  const int64_t OW = pp.OW, PWp = pp.PWp;
  const int64_t bandRows = std::clamp<int64_t>(
      kColumnBudget / std::max<int64_t>(1, rows * OW), 1, pp.OH);
  // Every element is written by buildAll; the slack past the last plane
  // (gemmIndirectB may read a panel's width past a row's last column) is
  // zeroed. Reused from call to call: no allocation, no page faults.
  // (Workers see their own thread_local: they use the pointer.)
  thread_local std::vector<C> planesBuffer;
  planesBuffer.resize(
      std::max<size_t>(planesBuffer.size(), cin * pp.size + kGemmPanel));
  C *const planes = planesBuffer.data();
  std::fill(planes + cin * pp.size, planes + cin * pp.size + kGemmPanel, C(0));
  std::unique_ptr<C[]> col;
  for (int64_t b = 0; b < n; ++b) {
    parallelFor(cin, std::max<int64_t>(1, 16384 / (pp.size + 1)),
                [&](int64_t begin, int64_t end) {
                  for (int64_t c = begin; c < end; ++c)
                    pp.buildAll(x + (b * cin + c) * inSize,
                                planes + c * pp.size);
                });
    if constexpr (std::is_same_v<C, float>) {
      bool done = true;
      for (int64_t g = 0; g < group && done; ++g)
        done = convPlanesPackedGemm(pp, planes + g * cg * pp.size, mg, rows,
                                    wt + g * mg * rows,
                                    bias ? bias + g * mg : nullptr,
                                    y + (b * m + g * mg) * outSize, act);
      if (done)
        continue;
    }
    if (!col)
      col.reset(new C[rows * bandRows * OW]);
    for (int64_t g = 0; g < group; ++g)
      for (int64_t oy0 = 0; oy0 < pp.OH; oy0 += bandRows) {
        const int64_t band = std::min(bandRows, pp.OH - oy0);
        const int64_t count = band * OW;
        parallelFor(rows, std::max<int64_t>(1, 16384 / (count + 1)),
                    [&](int64_t begin, int64_t end) {
                      for (int64_t r = begin; r < end; ++r) {
                        const C *src = planes + (g * cg + r / kSize) * pp.size +
                                       pp.tapOffset[r % kSize] + oy0 * PWp;
                        C *dst = col.get() + r * count;
                        for (int64_t oy = 0; oy < band; ++oy)
                          for (int64_t ox = 0; ox < OW; ++ox)
                            dst[oy * OW + ox] = src[oy * PWp + ox];
                      }
                    });
        gemm(false, false, mg, count, rows, C(1), wt + g * mg * rows, rows,
             col.get(), count, C(0), y + (b * m + g * mg) * outSize + oy0 * OW,
             outSize);
      }
    if (bias || !std::is_same_v<Act, NoActivation>)
      addBias(y + b * m * outSize, bias, m, m, outSize, act);
  }
}

template <typename C, typename Act>
void convForward(const Window &w, int64_t n, int64_t cin, int64_t m,
                 int64_t group, const C *x, const C *wt, const C *bias, C *y,
                 Act act) {
  const int64_t cg = cin / group, mg = m / group;
  const int64_t inSize = product(w.in), outSize = product(w.out);
  const int64_t kSize = product(w.kernel), rows = cg * kSize;
  if (n == 0 || m == 0 || outSize == 0)
    return;
  const std::optional<PhasePlanes> planes = PhasePlanes::make(w);
  if (cg == 1 && planes) {
    depthwiseConvPlanes(*planes, n, cin, m, group, x, wt, bias, y, act);
    return;
  }
  if (cg == 1) {
    depthwiseConv(w, n, cin, m, group, x, wt, y);
  } else {
    bool pointwise = kSize == 1;
    for (size_t d = 0; d < w.nsp; ++d)
      pointwise = pointwise && w.stride[d] == 1 && w.padBegin[d] == 0 &&
                  w.padEnd[d] == 0;
    if (pointwise) {
      // The input planes already are the [cg, outSize] column matrix.
      if constexpr (std::is_same_v<C, float>) {
        // With AVX-512 the bias and activation are applied as the product is
        // stored (every group or none: the answer does not change).
        FusedActivation storage;
        const FusedActivation *fa = describe(act, storage);
        bool done = true;
        for (int64_t b = 0; b < n && done; ++b)
          for (int64_t g = 0; g < group && done; ++g)
            done = gemmBiasActivation(mg, outSize, cg, wt + g * mg * cg, cg,
                                      x + (b * cin + g * cg) * inSize, inSize,
                                      y + (b * m + g * mg) * outSize, outSize,
                                      bias ? bias + g * mg : nullptr, fa);
        if (done)
          return;
      }
      for (int64_t b = 0; b < n; ++b)
        for (int64_t g = 0; g < group; ++g)
          gemm(false, false, mg, outSize, cg, C(1), wt + g * mg * cg, cg,
               x + (b * cin + g * cg) * inSize, inSize, C(0),
               y + (b * m + g * mg) * outSize, outSize);
    } else if (planes) {
      convPlanesGemm(*planes, n, cin, m, group, x, wt, bias, y, act);
      return;
    } else {
      const std::vector<int64_t> taps = kernelTaps(w);
      const LastDimTaps ranges = lastDimTaps(w);
      const int64_t tile =
          std::min(outSize, std::max<int64_t>(256, kColumnBudget / rows));
      // im2col writes every element: no zero-fill of megabytes per call.
      std::unique_ptr<C[]> col(new C[rows * tile]);
      for (int64_t b = 0; b < n; ++b)
        for (int64_t g = 0; g < group; ++g)
          for (int64_t first = 0; first < outSize; first += tile) {
            const int64_t count = std::min(tile, outSize - first);
            im2col(w, taps, ranges, x + (b * cin + g * cg) * inSize, cg, first,
                   count, col.get(), count);
            gemm(false, false, mg, count, rows, C(1), wt + g * mg * rows, rows,
                 col.get(), count, C(0), y + (b * m + g * mg) * outSize + first,
                 outSize);
          }
    }
  }
  if (bias || !std::is_same_v<Act, NoActivation>)
    addBias(y, bias, n * m, m, outSize, act);
}

/// The checks Conv and ConvTranspose share: float X / W / B of one type, W's
/// rank, the group, and kernel_shape against W.
struct ConvOperands {
  const Tensor *x, *w, *bias;
  size_t nsp;
  int64_t group;
};

ConvOperands readConvOperands(const KernelContext &ctx) {
  ConvOperands ops{&ctx.in(0), &ctx.in(1),
                   ctx.hasInput(2) ? ctx.inputs[2] : nullptr, 0, 1};
  const Tensor &x = *ops.x, &w = *ops.w;
  if (!isFloat(x.dtype()))
    ctx.fail("X has element type ", dtypeName(x.dtype()),
             ", expected a float type");
  expectType(ctx, w, x.dtype(), "W");
  if (ops.bias)
    expectType(ctx, *ops.bias, x.dtype(), "B");
  if (x.rank() < 3 || static_cast<size_t>(x.rank()) > kMaxSpatial + 2)
    ctx.fail("X must be N x C x D1 x ... with 1 to ", kMaxSpatial,
             " spatial dims, got ", formatShape(x.shape()));
  if (w.rank() != x.rank())
    ctx.fail("W of shape ", formatShape(w.shape()), " does not match X of ",
             "shape ", formatShape(x.shape()));
  ops.nsp = x.rank() - 2;
  ops.group = (*ctx.attrs).getInt("group", 1);
  if (ops.group < 1)
    ctx.fail("group must be positive, got ", ops.group);
  std::vector<int64_t> kernel(w.shape().begin() + 2, w.shape().end());
  for (int64_t k : kernel)
    if (k < 1)
      ctx.fail("W has an empty kernel: ", formatShape(w.shape()));
  if (auto ks = (*ctx.attrs).getInts("kernel_shape"); ks && *ks != kernel)
    ctx.fail("kernel_shape does not match W of shape ", formatShape(w.shape()));
  return ops;
}

void convKernel(KernelContext &ctx) {
  ConvOperands ops = readConvOperands(ctx);
  const Tensor &x = *ops.x, &wt = *ops.w;
  Tensor &y = ctx.out(0);
  const int64_t n = x.dim(0), cin = x.dim(1), m = wt.dim(0);
  if (cin != wt.dim(1) * ops.group)
    ctx.fail("X has ", cin, " channels but W expects ", wt.dim(1), " x group ",
             ops.group);
  if (m % ops.group != 0)
    ctx.fail("W has ", m, " output channels, not a multiple of group ",
             ops.group);
  if (ops.bias)
    expectVector(ctx, *ops.bias, m, "B");
  Window w;
  w.nsp = ops.nsp;
  w.in.assign(x.shape().begin() + 2, x.shape().end());
  w.kernel.assign(wt.shape().begin() + 2, wt.shape().end());
  readForwardWindow(ctx, w, readAutoPad(ctx));
  Shape expected{n, m};
  for (size_t d = 0; d < w.nsp; ++d) {
    int64_t count = windowCount(w, d, false);
    if (count < 1)
      ctx.fail("the dilated kernel (", w.span(d), ") is larger than the ",
               "padded input (", w.in[d] + w.padBegin[d] + w.padEnd[d],
               ") along spatial dim ", d);
    w.out.push_back(count);
    expected.push_back(count);
  }
  expectOutput(ctx, y, x.dtype(), expected, "output Y");
  visitCompute(ctx, x.dtype(), [&](auto tag) {
    using C = typename decltype(tag)::type;
    ComputeInput<C> X(x), W(wt);
    std::optional<ComputeInput<C>> B;
    if (ops.bias)
      B.emplace(*ops.bias);
    ComputeOutput<C> Y(y);
    withActivation<C>(
        y.dtype() == DType::F32 ? ctx.activation : nullptr, [&](auto act) {
          convForward(w, n, cin, m, ops.group, X.data(), W.data(),
                      B ? B->data() : nullptr, Y.data(), act);
          ctx.activationApplied = !std::is_same_v<decltype(act), NoActivation>;
        });
    Y.commit();
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

/// Scatter-adds the column matrix of input positions [first, first + count)
/// into the output planes of `channels` channels (one channel per task, so
/// no two tasks write the same plane).
template <typename C>
void col2im(const Window &w, const std::vector<int64_t> &taps, const C *col,
            int64_t channels, int64_t first, int64_t count, C *y) {
  const int64_t kSize = product(w.kernel), outSize = product(w.out);
  const size_t last = w.nsp - 1;
  const int64_t inLast = w.in[last], outLast = w.out[last];
  const int64_t strideLast = w.stride[last];
  parallelFor(channels, 1, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      C *plane = y + c * outSize;
      for (int64_t t = 0; t < kSize; ++t) {
        const int64_t *tap = &taps[t * w.nsp];
        const C *src = col + (c * kSize + t) * count;
        const int64_t base = tap[last] * w.dil[last] - w.padBegin[last];
        std::array<int64_t, kMaxSpatial> coord{};
        int64_t rest = first;
        for (size_t d = w.nsp; d-- > 0;) {
          coord[d] = rest % w.in[d];
          rest /= w.in[d];
        }
        for (int64_t done = 0; done < count;) {
          const int64_t ix0 = coord[last];
          const int64_t seg = std::min(inLast - ix0, count - done);
          // Input coordinate i lands on output i * stride - pad + tap * dil.
          int64_t row = 0;
          bool inside = true;
          for (size_t d = 0; d < last && inside; ++d) {
            int64_t oc =
                coord[d] * w.stride[d] - w.padBegin[d] + tap[d] * w.dil[d];
            inside = oc >= 0 && oc < w.out[d];
            row = row * w.out[d] + oc;
          }
          if (inside) {
            int64_t lo, hi;
            validRange(base, strideLast, outLast, ix0, ix0 + seg, lo, hi);
            C *dst = plane + row * outLast;
            const C *s = src + done;
            for (int64_t ix = lo; ix < hi; ++ix)
              dst[ix * strideLast + base] += s[ix - ix0];
          }
          done += seg;
          coord[last] += seg;
          if (coord[last] == inLast) {
            coord[last] = 0;
            nextOuter(coord, w.in, last);
          }
        }
      }
    }
  });
}

void convTransposeKernel(KernelContext &ctx) {
  ConvOperands ops = readConvOperands(ctx);
  const Tensor &x = *ops.x, &wt = *ops.w;
  Tensor &y = ctx.out(0);
  const int64_t n = x.dim(0), cin = x.dim(1), mg = wt.dim(1);
  const int64_t m = mg * ops.group;
  if (wt.dim(0) != cin)
    ctx.fail("W of shape ", formatShape(wt.shape()), " expects ", wt.dim(0),
             " input channels, X has ", cin);
  if (cin % ops.group != 0)
    ctx.fail("X has ", cin, " channels, not a multiple of group ", ops.group);
  if (ops.bias)
    expectVector(ctx, *ops.bias, m, "B");
  Window w;
  w.nsp = ops.nsp;
  w.in.assign(x.shape().begin() + 2, x.shape().end());
  w.kernel.assign(wt.shape().begin() + 2, wt.shape().end());
  w.stride = spatialInts(ctx, "strides", w.nsp, 1, 1);
  w.dil = spatialInts(ctx, "dilations", w.nsp, 1, 1);
  std::vector<int64_t> outPad = spatialInts(ctx, "output_padding", w.nsp, 0, 0);
  const AutoPad autoPad = readAutoPad(ctx);
  // The full (unpadded) extent is stride * (in - 1) + output_padding + span;
  // pads crop it. An explicit output_shape (or SAME's in * stride) fixes the
  // crop instead, splitting it as the ONNX spec says (floor division, so a
  // negative total grows the output with zeros at the end).
  std::optional<std::vector<int64_t>> target;
  if (auto os = (*ctx.attrs).getInts("output_shape")) {
    if (os->size() == w.nsp + 2)
      os->erase(os->begin(), os->begin() + 2);
    if (os->size() != w.nsp)
      ctx.fail("output_shape has ", os->size(), " values, expected ", w.nsp);
    target = *os;
  } else if (autoPad == AutoPad::SameUpper || autoPad == AutoPad::SameLower) {
    target.emplace();
    for (size_t d = 0; d < w.nsp; ++d)
      target->push_back(w.in[d] * w.stride[d]);
  }
  w.padBegin.assign(w.nsp, 0);
  w.padEnd.assign(w.nsp, 0);
  if (target) {
    for (size_t d = 0; d < w.nsp; ++d) {
      int64_t total =
          w.stride[d] * (w.in[d] - 1) + outPad[d] + w.span(d) - (*target)[d];
      int64_t half = floorDiv(total, 2);
      w.padBegin[d] = autoPad == AutoPad::SameUpper ? half : total - half;
      w.padEnd[d] = total - w.padBegin[d];
    }
  } else if (autoPad == AutoPad::NotSet) {
    std::vector<int64_t> pads = spatialInts(ctx, "pads", 2 * w.nsp, 0, 0);
    for (size_t d = 0; d < w.nsp; ++d) {
      w.padBegin[d] = pads[d];
      w.padEnd[d] = pads[w.nsp + d];
    }
  }
  Shape expected{n, m};
  for (size_t d = 0; d < w.nsp; ++d) {
    int64_t extent = w.stride[d] * (w.in[d] - 1) + outPad[d] + w.span(d) -
                     w.padBegin[d] - w.padEnd[d];
    if (extent < 0 || w.in[d] < 1)
      ctx.fail("pads leave no output along spatial dim ", d);
    w.out.push_back(extent);
    expected.push_back(extent);
  }
  expectOutput(ctx, y, x.dtype(), expected, "output Y");
  const int64_t cg = cin / ops.group, kSize = product(w.kernel);
  const int64_t inSize = product(w.in), outSize = product(w.out);
  const int64_t rows = mg * kSize;
  visitCompute(ctx, x.dtype(), [&](auto tag) {
    using C = typename decltype(tag)::type;
    ComputeInput<C> X(x), W(wt);
    ComputeOutput<C> Y(y);
    C *yd = Y.data();
    std::fill(yd, yd + y.numel(), C(0));
    if (n > 0 && m > 0 && inSize > 0 && outSize > 0) {
      const std::vector<int64_t> taps = kernelTaps(w);
      const int64_t tile =
          std::min(inSize, std::max<int64_t>(256, kColumnBudget / rows));
      // The gemm writes every element (beta = 0): no zero-fill needed.
      std::unique_ptr<C[]> col(new C[rows * tile]);
      for (int64_t b = 0; b < n; ++b)
        for (int64_t g = 0; g < ops.group; ++g)
          for (int64_t first = 0; first < inSize; first += tile) {
            const int64_t count = std::min(tile, inSize - first);
            // col[(mm, tap), i] = sum_c W[c, mm, tap] * X[c, i]
            gemm(true, false, rows, count, cg, C(1), W.data() + g * cg * rows,
                 rows, X.data() + (b * cin + g * cg) * inSize + first, inSize,
                 C(0), col.get(), count);
            col2im(w, taps, col.get(), mg, first, count,
                   yd + (b * m + g * mg) * outSize);
          }
    }
    if (ops.bias) {
      ComputeInput<C> B(*ops.bias);
      addBias(yd, B.data(), n * m, m, outSize);
    }
    Y.commit();
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

//===----------------------------------------------------------------------===//
// Pooling.
//===----------------------------------------------------------------------===//

/// Per spatial dim and output coordinate: the window's first input position
/// and the taps [lo, hi) that land inside the input, plus padHi, the taps
/// inside the padded input (AveragePool's count_include_pad divisor).
struct PoolTables {
  std::vector<std::vector<int64_t>> start, lo, hi, padHi;
};

PoolTables poolTables(const Window &w) {
  PoolTables t;
  for (size_t d = 0; d < w.nsp; ++d) {
    std::vector<int64_t> start, lo, hi, padHi;
    for (int64_t o = 0; o < w.out[d]; ++o) {
      int64_t s = o * w.stride[d] - w.padBegin[d];
      int64_t l = s < 0 ? std::min(w.kernel[d], ceilDiv(-s, w.dil[d])) : 0;
      start.push_back(s);
      lo.push_back(l);
      hi.push_back(std::clamp(ceilDiv(w.in[d] - s, w.dil[d]), l, w.kernel[d]));
      padHi.push_back(std::clamp(ceilDiv(w.in[d] + w.padEnd[d] - s, w.dil[d]),
                                 int64_t(0), w.kernel[d]));
    }
    t.start.push_back(start);
    t.lo.push_back(lo);
    t.hi.push_back(hi);
    t.padHi.push_back(padHi);
  }
  return t;
}

/// Calls fn(offset) with the flat input offset of every input row (the
/// outer taps that land inside the input) covered by the windows of the
/// output row at outer coordinate `coord`, in row-major tap order. The caller
/// sweeps the last dim with the per-position tables, so the per-element work
/// is a table lookup and a load.
template <typename Fn>
void forEachWindowRow(const Window &w, const PoolTables &t,
                      const std::array<int64_t, kMaxSpatial> &coord, Fn &&fn) {
  const size_t last = w.nsp - 1;
  std::array<int64_t, kMaxSpatial> k{};
  for (size_t d = 0; d < last; ++d) {
    if (t.lo[d][coord[d]] >= t.hi[d][coord[d]])
      return;
    k[d] = t.lo[d][coord[d]];
  }
  for (;;) {
    int64_t row = 0;
    for (size_t d = 0; d < last; ++d)
      row = row * w.in[d] + t.start[d][coord[d]] + k[d] * w.dil[d];
    fn(row * w.in[last]);
    size_t d = last;
    while (d-- > 0) {
      if (++k[d] < t.hi[d][coord[d]])
        break;
      k[d] = t.lo[d][coord[d]];
    }
    if (d == static_cast<size_t>(-1))
      return;
  }
}

/// Reads the pooling window and checks Y against it. With ceil_mode the
/// output may or may not keep a last window that starts in the right padding
/// (newer ONNX and onnxruntime drop it, onnx 1.12's shape inference keeps
/// it): both shapes are accepted and computed.
Window readPoolWindow(const KernelContext &ctx, const Tensor &x,
                      const Tensor &y) {
  if (x.rank() < 3 || static_cast<size_t>(x.rank()) > kMaxSpatial + 2)
    ctx.fail("X must be N x C x D1 x ... with 1 to ", kMaxSpatial,
             " spatial dims, got ", formatShape(x.shape()));
  Window w;
  w.nsp = x.rank() - 2;
  w.in.assign(x.shape().begin() + 2, x.shape().end());
  std::optional<std::vector<int64_t>> ks = (*ctx.attrs).getInts("kernel_shape");
  if (!ks)
    ctx.fail("missing required attribute 'kernel_shape'");
  w.kernel = spatialInts(ctx, "kernel_shape", w.nsp, 1, 1);
  const AutoPad autoPad = readAutoPad(ctx);
  readForwardWindow(ctx, w, autoPad);
  const bool ceilMode =
      (*ctx.attrs).getInt("ceil_mode", 0) != 0 && autoPad == AutoPad::NotSet;
  Shape expected{x.dim(0), x.dim(1)};
  bool ok =
      y.rank() == x.rank() && y.dim(0) == x.dim(0) && y.dim(1) == x.dim(1);
  for (size_t d = 0; d < w.nsp; ++d) {
    int64_t count = windowCount(w, d, ceilMode);
    if (count < 1)
      ctx.fail("the dilated kernel (", w.span(d), ") is larger than the ",
               "padded input (", w.in[d] + w.padBegin[d] + w.padEnd[d],
               ") along spatial dim ", d);
    bool dropped =
        ceilMode && (count - 1) * w.stride[d] >= w.in[d] + w.padBegin[d];
    int64_t got = ok ? y.dim(d + 2) : -1;
    ok = ok && (got == count || (dropped && got == count - 1));
    expected.push_back(dropped ? count - 1 : count);
  }
  if (!ok)
    ctx.fail("output Y is allocated as ", formatShape(y.shape()),
             " but the inputs give ", formatShape(expected));
  expectType(ctx, y, x.dtype(), "output Y");
  w.out.assign(y.shape().begin() + 2, y.shape().end());
  return w;
}

/// Runs rowFn(plane, row, coord) for every output row (all positions along
/// the last spatial dim at one outer coordinate `coord`), planes in parallel.
/// makeRowFn() is called once per parallel chunk so each chunk owns its
/// scratch.
template <typename MakeRowFn>
void forEachPoolRow(const Window &w, int64_t planes, MakeRowFn &&makeRowFn) {
  const size_t last = w.nsp - 1;
  const int64_t outSize = product(w.out);
  if (outSize == 0)
    return;
  const int64_t rows = outSize / w.out[last];
  parallelFor(planes, std::max<int64_t>(1, 4096 / outSize),
              [&](int64_t begin, int64_t end) {
                auto rowFn = makeRowFn();
                for (int64_t p = begin; p < end; ++p) {
                  std::array<int64_t, kMaxSpatial> coord{};
                  for (int64_t r = 0; r < rows; ++r) {
                    rowFn(p, r, coord);
                    nextOuter(coord, w.out, last);
                  }
                }
              });
}

void maxPoolKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  Tensor *indices = ctx.hasOutput(1) ? ctx.outputs[1] : nullptr;
  if (x.dtype() == DType::Bool)
    ctx.fail("bool input is not supported");
  const Window w = readPoolWindow(ctx, x, y);
  if (indices)
    expectOutput(ctx, *indices, DType::I64, y.shape(), "output Indices");
  const int64_t order = (*ctx.attrs).getInt("storage_order", 0);
  if (order != 0 && order != 1)
    ctx.fail("storage_order must be 0 or 1, got ", order);
  const PoolTables tables = poolTables(w);
  const int64_t planes = x.dim(0) * x.dim(1);
  const int64_t inSize = product(w.in), outSize = product(w.out);
  visitDType(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (!std::is_same_v<T, bool>) {
      using V = typename Elem<T>::Compute;
      const V lowest = std::numeric_limits<V>::has_infinity
                           ? -std::numeric_limits<V>::infinity()
                           : std::numeric_limits<V>::lowest();
      const T *xd = x.data<T>();
      T *yd = y.data<T>();
      int64_t *id = indices ? indices->data<int64_t>() : nullptr;
      const size_t last = w.nsp - 1;
      const int64_t outLast = w.out[last], dil = w.dil[last];
      const int64_t stride = w.stride[last];
      const LastDimTaps taps = lastDimTaps(w);
      const int64_t *start = tables.start[last].data();
      const int64_t *lo = tables.lo[last].data(), *hi = tables.hi[last].data();
      const PhaseSplit phases(w.in[last], stride);
      forEachPoolRow(w, planes, [&] {
        return [&, best = std::vector<V>(outLast),
                arg = std::vector<int64_t>(outLast),
                split = std::vector<T>(phases.needed() ? inSize : 0),
                splitPlane = int64_t(-1)](int64_t p, int64_t r,
                                          const auto &coord) mutable {
          const T *plane = xd + p * inSize;
          std::fill(best.begin(), best.end(), lowest);
          std::fill(arg.begin(), arg.end(), -1);
          // Only in-bounds elements are visited: padding never wins.
          if (!id) {
            if (phases.needed() && splitPlane != p) {
              phases.apply(plane, inSize, split.data());
              splitPlane = p;
            }
            const T *rows = phases.needed() ? split.data() : plane;
            forEachWindowRow(w, tables, coord, [&](int64_t row) {
              for (size_t k = 0; k < taps.base.size(); ++k) {
                const T *src = rows + row + phases.offset(taps.base[k]);
                for (int64_t ox = taps.lo[k]; ox < taps.hi[k]; ++ox) {
                  const V v = Elem<T>::load(src, ox);
                  best[ox] = v > best[ox] ? v : best[ox];
                }
              }
            });
            const int64_t first = p * outSize + r * outLast;
            for (int64_t ox = 0; ox < outLast; ++ox)
              Elem<T>::store(yd, first + ox, best[ox]);
            return;
          }
          // With Indices, ties go to the first element in row-major window
          // order, so visit each window in that order.
          forEachWindowRow(w, tables, coord, [&](int64_t row) {
            for (int64_t ox = 0; ox < outLast; ++ox) {
              const int64_t base = row + start[ox];
              for (int64_t k = lo[ox]; k < hi[ox]; ++k) {
                const int64_t idx = base + k * dil;
                const V v = Elem<T>::load(plane, idx);
                if (arg[ox] < 0 || v > best[ox]) {
                  best[ox] = v;
                  arg[ox] = idx;
                }
              }
            }
          });
          const int64_t first = p * outSize + r * outLast;
          for (int64_t ox = 0; ox < outLast; ++ox) {
            Elem<T>::store(yd, first + ox, best[ox]);
            int64_t a = arg[ox];
            if (a >= 0 && order == 1) {
              // Column-major spatial index: the first spatial dim varies
              // fastest.
              int64_t rest = a, colMajor = 0, scale = 1;
              std::array<int64_t, kMaxSpatial> c{};
              for (size_t d = w.nsp; d-- > 0;) {
                c[d] = rest % w.in[d];
                rest /= w.in[d];
              }
              for (size_t d = 0; d < w.nsp; ++d) {
                colMajor += c[d] * scale;
                scale *= w.in[d];
              }
              a = colMajor;
            }
            // An empty window (possible only in a kept ceil_mode window that
            // starts in the padding) has no argmax: -1.
            id[first + ox] = a < 0 ? -1 : p * inSize + a;
          }
        };
      });
    }
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

void averagePoolKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  if (!isFloat(x.dtype()))
    ctx.fail("X has element type ", dtypeName(x.dtype()),
             ", expected a float type");
  const Window w = readPoolWindow(ctx, x, y);
  const bool includePad = (*ctx.attrs).getInt("count_include_pad", 0) != 0;
  const PoolTables tables = poolTables(w);
  const int64_t planes = x.dim(0) * x.dim(1);
  const int64_t inSize = product(w.in), outSize = product(w.out);
  visitDType(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (isFloatStorage<T>) {
      const T *xd = x.data<T>();
      T *yd = y.data<T>();
      const size_t last = w.nsp - 1;
      const int64_t outLast = w.out[last];
      const int64_t *lo = tables.lo[last].data(), *hi = tables.hi[last].data();
      const int64_t *padHi = tables.padHi[last].data();
      const int64_t stride = w.stride[last];
      const LastDimTaps taps = lastDimTaps(w);
      using V = typename Elem<T>::Compute;
      const PhaseSplit phases(w.in[last], stride);
      forEachPoolRow(w, planes, [&] {
        return [&, sum = std::vector<V>(outLast),
                split = std::vector<T>(phases.needed() ? inSize : 0),
                splitPlane = int64_t(-1)](int64_t p, int64_t r,
                                          const auto &coord) mutable {
          const T *plane = xd + p * inSize;
          if (phases.needed() && splitPlane != p) {
            phases.apply(plane, inSize, split.data());
            splitPlane = p;
          }
          const T *rows = phases.needed() ? split.data() : plane;
          std::fill(sum.begin(), sum.end(), V(0));
          forEachWindowRow(w, tables, coord, [&](int64_t row) {
            for (size_t k = 0; k < taps.base.size(); ++k) {
              const T *src = rows + row + phases.offset(taps.base[k]);
              for (int64_t ox = taps.lo[k]; ox < taps.hi[k]; ++ox)
                sum[ox] += Elem<T>::load(src, ox);
            }
          });
          // The divisor counts the window's elements inside the input, or
          // with count_include_pad inside the padded input: where ceil_mode
          // extends a window past the end padding, those never count.
          int64_t outer = 1;
          for (size_t d = 0; d < last; ++d)
            outer *= includePad
                         ? tables.padHi[d][coord[d]]
                         : tables.hi[d][coord[d]] - tables.lo[d][coord[d]];
          const int64_t first = p * outSize + r * outLast;
          for (int64_t ox = 0; ox < outLast; ++ox) {
            const int64_t count =
                outer * (includePad ? padHi[ox] : hi[ox] - lo[ox]);
            // A kept ceil_mode window entirely past the input averages
            // nothing.
            const double v =
                count > 0 ? static_cast<double>(sum[ox]) / count : std::nan("");
            Elem<T>::store(yd, first + ox,
                           static_cast<typename Elem<T>::Compute>(v));
          }
        };
      });
    }
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

template <bool IsMax> void globalPoolKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  if (!isFloat(x.dtype()))
    ctx.fail("X has element type ", dtypeName(x.dtype()),
             ", expected a float type");
  if (x.rank() < 3)
    ctx.fail("X must be N x C x D1 x ..., got ", formatShape(x.shape()));
  Shape expected{x.dim(0), x.dim(1)};
  expected.resize(x.rank(), 1);
  expectOutput(ctx, y, x.dtype(), expected, "output Y");
  const int64_t planes = x.dim(0) * x.dim(1);
  const int64_t size = planes ? x.numel() / planes : 0;
  visitDType(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (isFloatStorage<T>) {
      const T *xd = x.data<T>();
      T *yd = y.data<T>();
      parallelFor(planes, std::max<int64_t>(1, 16384 / (size + 1)),
                  [&](int64_t begin, int64_t end) {
                    for (int64_t p = begin; p < end; ++p) {
                      const T *plane = xd + p * size;
                      double acc = IsMax ? -HUGE_VAL : 0.0;
                      for (int64_t i = 0; i < size; ++i) {
                        double v = Elem<T>::load(plane, i);
                        if (IsMax)
                          acc = (i == 0 || v > acc) ? v : acc;
                        else
                          acc += v;
                      }
                      if (!IsMax)
                        acc = size ? acc / size : std::nan("");
                      Elem<T>::store(
                          yd, p, static_cast<typename Elem<T>::Compute>(acc));
                    }
                  });
    }
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

//===----------------------------------------------------------------------===//
// Normalization.
//===----------------------------------------------------------------------===//

/// y = a[c] * x + b[c] over every plane of channel c.
template <typename C>
void scaleShiftPlanes(const C *x, C *y, const std::vector<C> &a,
                      const std::vector<C> &b, int64_t planes, int64_t channels,
                      int64_t size) {
  parallelFor(planes, std::max<int64_t>(1, 16384 / (size + 1)),
              [&](int64_t begin, int64_t end) {
                for (int64_t p = begin; p < end; ++p) {
                  const C ac = a[p % channels], bc = b[p % channels];
                  const C *xp = x + p * size;
                  C *yp = y + p * size;
                  for (int64_t i = 0; i < size; ++i)
                    yp[i] = ac * xp[i] + bc;
                }
              });
}

void batchNormKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  if (!isFloat(x.dtype()))
    ctx.fail("X has element type ", dtypeName(x.dtype()),
             ", expected a float type");
  if (x.rank() < 2)
    ctx.fail("X must be N x C x ..., got ", formatShape(x.shape()));
  const int64_t n = x.dim(0), c = x.dim(1);
  const char *names[] = {"", "scale", "B", "input_mean", "input_var"};
  for (size_t i = 1; i <= 4; ++i) {
    if (!isFloat(ctx.in(i).dtype()))
      ctx.fail(names[i], " must be a float tensor");
    expectVector(ctx, ctx.in(i), c, names[i]);
  }
  expectOutput(ctx, y, x.dtype(), x.shape(), "output Y");
  for (size_t i = 1; i <= 2; ++i)
    if (ctx.hasOutput(i)) {
      if (!isFloat(ctx.outputs[i]->dtype()))
        ctx.fail(i == 1 ? "running_mean" : "running_var",
                 " must be a float tensor");
      expectVector(ctx, *ctx.outputs[i], c,
                   i == 1 ? "running_mean" : "running_var");
    }
  const Attrs &attrs = (*ctx.attrs);
  const double eps = attrs.getFloat("epsilon", 1e-5f);
  const double momentum = attrs.getFloat("momentum", 0.9f);
  const bool training = attrs.getInt("training_mode", 0) != 0;
  const std::vector<double> scale = readDoubles(ctx.in(1)),
                            bias = readDoubles(ctx.in(2));
  std::vector<double> mean = readDoubles(ctx.in(3)),
                      var = readDoubles(ctx.in(4));
  const int64_t planes = n * c, size = planes ? x.numel() / planes : 0;
  visitCompute(ctx, x.dtype(), [&](auto tag) {
    using C = typename decltype(tag)::type;
    ComputeInput<C> X(x);
    ComputeOutput<C> Y(y);
    const C *xd = X.data();
    if (training) {
      // Batch statistics over N and the spatial dims (population variance,
      // as ONNX 15 defines), two passes in double for accuracy.
      std::vector<double> batchMean(c, 0.0), batchVar(c, 0.0);
      parallelFor(c, 1, [&](int64_t begin, int64_t end) {
        for (int64_t ch = begin; ch < end; ++ch) {
          double sum = 0, sq = 0;
          for (int64_t b = 0; b < n; ++b)
            for (int64_t i = 0; i < size; ++i)
              sum += xd[(b * c + ch) * size + i];
          const double count = static_cast<double>(n * size);
          const double mu = count > 0 ? sum / count : 0;
          for (int64_t b = 0; b < n; ++b)
            for (int64_t i = 0; i < size; ++i) {
              double dlt = xd[(b * c + ch) * size + i] - mu;
              sq += dlt * dlt;
            }
          batchMean[ch] = mu;
          batchVar[ch] = count > 0 ? sq / count : 0;
        }
      });
      for (int64_t ch = 0; ch < c; ++ch) {
        if (ctx.hasOutput(1))
          storeFromDouble(*ctx.outputs[1], ch,
                          mean[ch] * momentum + batchMean[ch] * (1 - momentum));
        if (ctx.hasOutput(2))
          storeFromDouble(*ctx.outputs[2], ch,
                          var[ch] * momentum + batchVar[ch] * (1 - momentum));
      }
      mean = batchMean;
      var = batchVar;
    } else {
      // Inference has nothing to update: pass the running statistics on.
      for (int64_t ch = 0; ch < c; ++ch) {
        if (ctx.hasOutput(1))
          storeFromDouble(*ctx.outputs[1], ch, mean[ch]);
        if (ctx.hasOutput(2))
          storeFromDouble(*ctx.outputs[2], ch, var[ch]);
      }
    }
    std::vector<C> a(c), b(c);
    for (int64_t ch = 0; ch < c; ++ch) {
      double inv = scale[ch] / std::sqrt(var[ch] + eps);
      a[ch] = static_cast<C>(inv);
      b[ch] = static_cast<C>(bias[ch] - mean[ch] * inv);
    }
    scaleShiftPlanes(xd, Y.data(), a, b, planes, c, size);
    Y.commit();
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

void instanceNormKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  if (!isFloat(x.dtype()))
    ctx.fail("input has element type ", dtypeName(x.dtype()),
             ", expected a float type");
  if (x.rank() < 3)
    ctx.fail("input must be N x C x D1 x ..., got ", formatShape(x.shape()));
  const int64_t c = x.dim(1);
  expectType(ctx, ctx.in(1), x.dtype(), "scale");
  expectType(ctx, ctx.in(2), x.dtype(), "B");
  expectVector(ctx, ctx.in(1), c, "scale");
  expectVector(ctx, ctx.in(2), c, "B");
  expectOutput(ctx, y, x.dtype(), x.shape(), "output");
  const double eps = (*ctx.attrs).getFloat("epsilon", 1e-5f);
  const std::vector<double> scale = readDoubles(ctx.in(1)),
                            bias = readDoubles(ctx.in(2));
  const int64_t planes = x.dim(0) * c, size = planes ? x.numel() / planes : 0;
  visitCompute(ctx, x.dtype(), [&](auto tag) {
    using C = typename decltype(tag)::type;
    ComputeInput<C> X(x);
    ComputeOutput<C> Y(y);
    const C *xd = X.data();
    C *yd = Y.data();
    parallelFor(planes, 1, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        const C *xp = xd + p * size;
        double sum = 0, sq = 0;
        for (int64_t i = 0; i < size; ++i)
          sum += xp[i];
        const double mu = size ? sum / size : 0;
        for (int64_t i = 0; i < size; ++i)
          sq += (xp[i] - mu) * (xp[i] - mu);
        const double inv = 1.0 / std::sqrt((size ? sq / size : 0) + eps);
        const C a = static_cast<C>(scale[p % c] * inv);
        const C b = static_cast<C>(bias[p % c] - mu * scale[p % c] * inv);
        for (int64_t i = 0; i < size; ++i)
          yd[p * size + i] = a * xp[i] + b;
      }
    });
    Y.commit();
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

/// `t` (Scale or B) expanded to the normalized shape `inner`, which it must
/// broadcast to one way.
template <typename C>
std::vector<C> expandTo(const KernelContext &ctx, const Tensor &t,
                        const Shape &inner, const char *what) {
  bool ok = t.rank() <= static_cast<int64_t>(inner.size());
  for (int64_t i = 0; ok && i < t.rank(); ++i) {
    int64_t want = inner[inner.size() - t.rank() + i];
    ok = t.dim(i) == want || t.dim(i) == 1;
  }
  if (!ok)
    ctx.fail(what, " of shape ", formatShape(t.shape()),
             " does not broadcast to the normalized shape ",
             formatShape(inner));
  std::vector<C> out(numElements(inner));
  forEachBroadcast<1>(inner, std::array<Shape, 1>{t.shape()},
                      [&](int64_t i, const std::array<int64_t, 1> &off) {
                        out[i] = static_cast<C>(loadAsDouble(t, off[0]));
                      });
  return out;
}

void layerNormKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0), &scaleT = ctx.in(1);
  const Tensor *biasT = ctx.hasInput(2) ? ctx.inputs[2] : nullptr;
  Tensor &y = ctx.out(0);
  if (!isFloat(x.dtype()))
    ctx.fail("X has element type ", dtypeName(x.dtype()),
             ", expected a float type");
  expectType(ctx, scaleT, x.dtype(), "Scale");
  if (biasT)
    expectType(ctx, *biasT, x.dtype(), "B");
  const Attrs &attrs = (*ctx.attrs);
  const int64_t axis = normalizeAxis(ctx, attrs.getInt("axis", -1), x.rank());
  const double eps = attrs.getFloat("epsilon", 1e-5f);
  const Shape inner(x.shape().begin() + axis, x.shape().end());
  const int64_t innerSize = numElements(inner);
  const int64_t outer = innerSize ? x.numel() / innerSize : 0;
  expectOutput(ctx, y, x.dtype(), x.shape(), "output Y");
  // Mean and InvStdDev keep X's rank with the normalized dims as 1.
  Shape statShape(x.shape().begin(), x.shape().begin() + axis);
  statShape.resize(x.rank(), 1);
  for (size_t i = 1; i <= 2; ++i)
    if (ctx.hasOutput(i)) {
      const Tensor &t = *ctx.outputs[i];
      const char *what = i == 1 ? "output Mean" : "output InvStdDev";
      if (!isFloat(t.dtype()))
        ctx.fail(what, " must be a float tensor");
      expectOutput(ctx, t, t.dtype(), statShape, what);
    }
  visitCompute(ctx, x.dtype(), [&](auto tag) {
    using C = typename decltype(tag)::type;
    const std::vector<C> scale = expandTo<C>(ctx, scaleT, inner, "Scale");
    const std::vector<C> bias = biasT ? expandTo<C>(ctx, *biasT, inner, "B")
                                      : std::vector<C>(innerSize, C(0));
    ComputeInput<C> X(x);
    ComputeOutput<C> Y(y);
    const C *xd = X.data();
    C *yd = Y.data();
    std::vector<double> means(outer), invs(outer);
    parallelFor(outer, std::max<int64_t>(1, 16384 / (innerSize + 1)),
                [&](int64_t begin, int64_t end) {
                  for (int64_t r = begin; r < end; ++r) {
                    const C *xr = xd + r * innerSize;
                    C *yr = yd + r * innerSize;
                    double sum = 0, sq = 0;
                    for (int64_t i = 0; i < innerSize; ++i)
                      sum += xr[i];
                    const double mu = sum / innerSize;
                    for (int64_t i = 0; i < innerSize; ++i)
                      sq += (xr[i] - mu) * (xr[i] - mu);
                    const double inv = 1.0 / std::sqrt(sq / innerSize + eps);
                    means[r] = mu;
                    invs[r] = inv;
                    const C cm = static_cast<C>(mu), ci = static_cast<C>(inv);
                    for (int64_t i = 0; i < innerSize; ++i)
                      yr[i] = (xr[i] - cm) * ci * scale[i] + bias[i];
                  }
                });
    Y.commit();
    for (int64_t r = 0; r < outer; ++r) {
      if (ctx.hasOutput(1))
        storeFromDouble(*ctx.outputs[1], r, means[r]);
      if (ctx.hasOutput(2))
        storeFromDouble(*ctx.outputs[2], r, invs[r]);
    }
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

} // namespace

void registerNNKernels(KernelRegistry &registry) {
  // The products below run OpenBLAS on the runtime's own workers.
  useSingleThreadedBlas();
  // FLOPs: 2 per multiply-add (batch * M * N * K); integer types count 0.
  registry.add("MatMul", matMulKernel);
  // FLOPs: 2*M*N*K, +M*N for adding C, +M*N each for alpha != 1, beta != 1.
  registry.add("Gemm", gemmKernel);
  // FLOPs: none (integer arithmetic).
  registry.add("MatMulInteger", matMulIntegerKernel);
  // FLOPs: 2 per multiply-add (outputs * C/group * kernel size), +1 per
  // output for the bias.
  registry.add("Conv", convKernel);
  // FLOPs: 2 per multiply-add (N * C_in * in size * M/group * kernel size),
  // +1 per output for the bias.
  registry.add("ConvTranspose", convTransposeKernel);
  // FLOPs: 1 per window element (outputs * kernel size), float types only.
  registry.add("MaxPool", maxPoolKernel);
  // FLOPs: 1 per window element (outputs * kernel size).
  registry.add("AveragePool", averagePoolKernel);
  // FLOPs: 1 per input element.
  registry.add("GlobalAveragePool", globalPoolKernel<false>);
  // FLOPs: 1 per input element.
  registry.add("GlobalMaxPool", globalPoolKernel<true>);
  // FLOPs: 2 per element (a * x + b); training_mode 6 (+mean, +variance).
  registry.add("BatchNormalization", batchNormKernel);
  // FLOPs: 8 per element (mean, variance, normalize, scale, shift).
  registry.add("InstanceNormalization", instanceNormKernel);
  // FLOPs: 8 per element (mean, variance, normalize, scale, shift).
  registry.add("LayerNormalization", layerNormKernel);
}

} // namespace kiln::rt
