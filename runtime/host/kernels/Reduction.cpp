//===- Reduction.cpp - reductions, ArgMax/ArgMin, TopK, CumSum, Softmax ---===//
//
// Reductions collapse the input into alternating runs of kept and reduced
// dims and stream over it once in memory order, folding each element into an
// accumulator per output element. Sums accumulate wider than the data
// (double for f32/f64, float for f16/bf16, 64-bit wrapping for integers,
// which truncates to the same value numpy's wrapping gives).
//
// Parallel work is only ever split so that each output element is computed
// by one thread in a fixed order: results do not depend on the thread count.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"
#include "kernels/Registration.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <type_traits>

namespace kiln::rt {
namespace {

/// Elements per parallel chunk: below about this, handing work to another
/// thread costs more than the work.
constexpr int64_t kGrain = 16384;

/// fn(begin, end) over [0, n) items of about `work` elements each, on the
/// worker threads when the total is large.
template <typename Fn> void parallelItems(int64_t n, int64_t work, Fn &&fn) {
  if (n <= 0)
    return;
  work = std::max<int64_t>(work, 1);
  if (n * work < 2 * kGrain || n == 1)
    fn(int64_t(0), n);
  else
    parallelFor(n, std::max<int64_t>(1, kGrain / work), fn);
}

enum class Types { Float, Numeric };

/// visitDType restricted to floats or to numbers (no bool), so kernels are
/// only instantiated for the types they make sense for.
template <Types S, typename Fn>
void dispatch(const KernelContext &ctx, DType type, Fn &&fn) {
  visitDType(type, [&](auto tag) {
    using T = typename decltype(tag)::type;
    constexpr bool ok =
        S == Types::Float ? isFloatStorage<T> : !std::is_same_v<T, bool>;
    if constexpr (ok)
      fn(tag);
    else
      ctx.fail("element type ", dtypeName(type), " is not supported");
  });
}

template <typename C> bool isNaN(C v) {
  if constexpr (std::is_floating_point_v<C>)
    return std::isnan(v);
  else
    return false;
}

/// NaN-propagating max / min (numpy.maximum.reduce).
template <typename C> C maxProp(C a, C b) {
  if (isNaN(a) || isNaN(b))
    return isNaN(a) ? a : b;
  return a < b ? b : a;
}
template <typename C> C minProp(C a, C b) {
  if (isNaN(a) || isNaN(b))
    return isNaN(a) ? a : b;
  return b < a ? b : a;
}

/// Accumulator of sums: wider than the data, and 64-bit integers whose
/// wrap-around truncates to the result numpy's wrapping arithmetic gives.
template <typename T>
using SumAcc = std::conditional_t<
    isFloatStorage<T>,
    std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>,
                       float, double>,
    std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>>;

/// Integer accumulators add and multiply modulo 2^64 (no signed overflow UB).
template <typename A> A accAdd(A a, A b) {
  if constexpr (std::is_integral_v<A>)
    return static_cast<A>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
  else
    return a + b;
}
template <typename A> A accMul(A a, A b) {
  if constexpr (std::is_integral_v<A>)
    return static_cast<A>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
  else
    return a * b;
}

/// float -> integer: truncate; non-finite values (undefined in ONNX) give 0.
template <typename C> C toCompute(double v) {
  if constexpr (std::is_floating_point_v<C>) {
    return static_cast<C>(v);
  } else {
    if (!std::isfinite(v) || v >= 9.2233720368547758e18 ||
        v < -9.2233720368547758e18)
      return 0;
    return static_cast<C>(static_cast<int64_t>(v));
  }
}

/// Sizes of an [outer, n, inner] view of `shape` around `axis` (a scalar is
/// one element along its only "axis").
struct AxisView {
  int64_t outer = 1, n = 1, inner = 1;
};
AxisView viewAround(const Shape &shape, int64_t axis) {
  AxisView v;
  if (shape.empty())
    return v;
  for (int64_t d = 0; d < axis; ++d)
    v.outer *= shape[d];
  v.n = shape[axis];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    v.inner *= shape[d];
  return v;
}

/// Runs fn(o, ib, ie) over independent blocks of an [outer, n, inner] view:
/// block (o, [ib, ie)) covers columns ib..ie-1 of the n x inner slab o, so
/// a block reads whole contiguous column ranges row after row.
template <typename Fn> void forEachBlock(const AxisView &v, const Fn &fn) {
  if (v.outer * v.inner == 0)
    return;
  const int64_t perColumn = std::max<int64_t>(v.n, 1);
  // Wide enough to stream contiguous memory, narrow enough to split.
  int64_t width = std::min(v.inner, std::max<int64_t>(16, kGrain / perColumn));
  const int64_t perOuter = (v.inner + width - 1) / width;
  parallelItems(v.outer * perOuter, perColumn * width,
                [&](int64_t begin, int64_t end) {
                  for (int64_t b = begin; b < end; ++b) {
                    int64_t o = b / perOuter, ib = (b % perOuter) * width;
                    fn(o, ib, std::min(v.inner, ib + width));
                  }
                });
}

//===----------------------------------------------------------------------===//
// Reduce*.
//===----------------------------------------------------------------------===//

enum class Reduce {
  Sum,
  Mean,
  SumSquare,
  L1,
  L2,
  LogSum,
  LogSumExp,
  Prod,
  Max,
  Min
};

/// The input with size-1 dims dropped and neighbours of the same kind
/// (kept / reduced) merged; outStrides[d] is 0 for reduced dims.
struct ReducePlan {
  Shape dims;
  std::vector<bool> reduced;
  std::vector<int64_t> outStrides;
  int64_t inCount = 0, outCount = 0, group = 1;
};

ReducePlan planReduce(const Shape &in, const std::vector<bool> &flags) {
  ReducePlan p;
  p.inCount = numElements(in);
  p.outCount = 1;
  for (size_t d = 0; d < in.size(); ++d) {
    (flags[d] ? p.group : p.outCount) *= in[d];
    if (in[d] == 1)
      continue;
    if (!p.dims.empty() && p.reduced.back() == flags[d]) {
      p.dims.back() *= in[d];
    } else {
      p.dims.push_back(in[d]);
      p.reduced.push_back(flags[d]);
    }
  }
  p.outStrides.assign(p.dims.size(), 0);
  int64_t stride = 1;
  for (int64_t d = static_cast<int64_t>(p.dims.size()) - 1; d >= 0; --d)
    if (!p.reduced[d]) {
      p.outStrides[d] = stride;
      stride *= p.dims[d];
    }
  return p;
}

/// Calls fn(inOffset, outOffset, n, innerReduced) for every innermost run of
/// n contiguous input elements. Runs that differ along a leading kept dim
/// write disjoint outputs, so only those are split over threads: each
/// output's accumulation order is fixed.
template <typename Fn> void forEachRun(const ReducePlan &p, const Fn &fn) {
  if (p.inCount == 0)
    return;
  const int64_t m = p.dims.size();
  if (m == 0) { // every dim has size 1
    fn(0, 0, 1, true);
    return;
  }
  const int64_t len = p.dims[m - 1];
  const bool innerReduced = p.reduced[m - 1];
  if (m == 1) {
    if (innerReduced) {
      fn(0, 0, len, true);
    } else { // nothing to reduce: columns are independent
      parallelItems(len, 1,
                    [&](int64_t b, int64_t e) { fn(b, b, e - b, false); });
    }
    return;
  }
  auto rows = [&](int64_t rowBegin, int64_t rowEnd) {
    std::vector<int64_t> coord(m - 1);
    int64_t out = 0;
    for (int64_t d = m - 2, r = rowBegin; d >= 0; --d) {
      coord[d] = r % p.dims[d];
      r /= p.dims[d];
      out += coord[d] * p.outStrides[d];
    }
    for (int64_t row = rowBegin; row < rowEnd; ++row) {
      fn(row * len, out, len, innerReduced);
      for (int64_t d = m - 2; d >= 0; --d) {
        if (++coord[d] < p.dims[d]) {
          out += p.outStrides[d];
          break;
        }
        out -= p.outStrides[d] * (p.dims[d] - 1);
        coord[d] = 0;
      }
    }
  };
  const int64_t totalRows = p.inCount / len;
  if (!p.reduced[0]) {
    const int64_t lead = p.dims[0], rowsPerLead = totalRows / lead;
    parallelItems(lead, p.inCount / lead, [&](int64_t b, int64_t e) {
      rows(b * rowsPerLead, e * rowsPerLead);
    });
  } else {
    rows(0, totalRows);
  }
}

template <typename T>
void reduceTyped(const KernelContext &ctx, Reduce kind, const Tensor &x,
                 Tensor &y, const ReducePlan &p) {
  using C = typename Elem<T>::Compute;
  using S = SumAcc<T>;
  constexpr bool flt = std::is_floating_point_v<C>;
  const T *px = x.data<T>();
  T *py = y.data<T>();
  const int64_t group = p.group;

  // Folds map(x, outIndex) into one accumulator per output with combine,
  // then stores finish(acc, outIndex).
  auto run = [&](auto init, auto map, auto combine, auto finish) {
    using A = decltype(init);
    std::vector<A> acc(p.outCount, init);
    forEachRun(p, [&](int64_t in, int64_t o, int64_t n, bool innerReduced) {
      if (innerReduced) {
        A a = acc[o];
        for (int64_t i = 0; i < n; ++i)
          a = combine(a, map(Elem<T>::load(px, in + i), o));
        acc[o] = a;
      } else {
        for (int64_t i = 0; i < n; ++i)
          acc[o + i] =
              combine(acc[o + i], map(Elem<T>::load(px, in + i), o + i));
      }
    });
    parallelItems(p.outCount, std::max<int64_t>(group, 1),
                  [&](int64_t b, int64_t e) {
                    for (int64_t o = b; o < e; ++o)
                      Elem<T>::store(py, o, finish(acc[o], o));
                  });
  };
  auto add = [](S a, S b) { return accAdd(a, b); };
  auto asC = [](S a, int64_t) { return static_cast<C>(a); };
  auto square = [](C v, int64_t) { return accMul(S(v), S(v)); };
  using L = std::numeric_limits<C>;

  switch (kind) {
  case Reduce::Sum:
    run(
        S(0), [](C v, int64_t) { return S(v); }, add, asC);
    return;
  case Reduce::Mean:
    run(
        S(0), [](C v, int64_t) { return S(v); }, add,
        [group](S a, int64_t) {
          if constexpr (flt)
            return static_cast<C>(a / static_cast<S>(group)); // 0 / 0 = NaN
          else // integer means truncate toward zero; an empty one is 0
            return group == 0 ? C(0)
                              : static_cast<C>(a / static_cast<S>(group));
        });
    return;
  case Reduce::SumSquare:
    run(S(0), square, add, asC);
    return;
  case Reduce::L1:
    run(
        S(0),
        [](C v, int64_t) {
          S s = S(v);
          if constexpr (std::is_signed_v<S>)
            return s < 0 ? accMul(s, S(-1)) : s;
          else
            return s;
        },
        add, asC);
    return;
  case Reduce::L2:
    run(S(0), square, add, [](S a, int64_t) {
      return toCompute<C>(std::sqrt(static_cast<double>(a)));
    });
    return;
  case Reduce::Prod:
    run(
        S(1), [](C v, int64_t) { return S(v); },
        [](S a, S b) { return accMul(a, b); }, asC);
    return;
  case Reduce::Max:
    run(
        L::has_infinity ? -L::infinity() : L::lowest(),
        [](C v, int64_t) { return v; }, [](C a, C b) { return maxProp(a, b); },
        [](C a, int64_t) { return a; });
    return;
  case Reduce::Min:
    run(
        L::has_infinity ? L::infinity() : L::max(),
        [](C v, int64_t) { return v; }, [](C a, C b) { return minProp(a, b); },
        [](C a, int64_t) { return a; });
    return;
  case Reduce::LogSum:
  case Reduce::LogSumExp:
    break;
  }
  if constexpr (flt) {
    if (kind == Reduce::LogSum) {
      run(
          S(0), [](C v, int64_t) { return S(v); }, add,
          [](S a, int64_t) { return static_cast<C>(std::log(a)); });
      return;
    }
    // log(sum(exp(x - max))) + max: exp never overflows. An infinite (or
    // empty, -inf) max is not subtracted, so the result is that infinity.
    std::vector<C> shift(p.outCount, -L::infinity());
    forEachRun(p, [&](int64_t in, int64_t o, int64_t n, bool innerReduced) {
      for (int64_t i = 0; i < n; ++i) {
        C &m = shift[innerReduced ? o : o + i];
        m = maxProp(m, Elem<T>::load(px, in + i));
      }
    });
    for (C &m : shift)
      if (std::isinf(m))
        m = 0;
    run(
        S(0),
        [&](C v, int64_t o) { return static_cast<S>(std::exp(v - shift[o])); },
        add,
        [&](S a, int64_t o) {
          return static_cast<C>(std::log(a) + static_cast<S>(shift[o]));
        });
  } else {
    ctx.fail("element type ", dtypeName(x.dtype()), " is not supported");
  }
}

/// Reduction flags per input dim from `axes` (all dims when empty); fails on
/// axes out of range or repeated.
std::vector<bool> reductionFlags(const KernelContext &ctx, int64_t rank,
                                 const std::vector<int64_t> &axes) {
  std::vector<bool> flags(rank, axes.empty());
  for (int64_t axis : axes) {
    if (axis < -rank || axis >= rank)
      ctx.fail("reduction axis ", axis, " is out of range for rank ", rank);
    int64_t a = axis < 0 ? axis + rank : axis;
    if (flags[a])
      ctx.fail("reduction axis ", axis, " repeats");
    flags[a] = true;
  }
  return flags;
}

Shape reducedShape(const Shape &in, const std::vector<bool> &flags,
                   bool keepDims) {
  Shape out;
  for (size_t d = 0; d < in.size(); ++d)
    if (!flags[d])
      out.push_back(in[d]);
    else if (keepDims)
      out.push_back(1);
  return out;
}

/// Reduce*: axes from the optional second input (ReduceSum-13, every
/// reduction from opset 18) or else the `axes` attribute; absent or empty
/// means all dims, or none with noop_with_empty_axes.
void reduceKernel(KernelContext &ctx, Reduce kind) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  const Attrs &attrs = (*ctx.attrs);
  std::vector<int64_t> axes;
  if (ctx.hasInput(1)) {
    const Tensor &a = ctx.in(1);
    if ((a.dtype() != DType::I64 && a.dtype() != DType::I32) || a.rank() > 1)
      ctx.fail("axes must be a 1-D i64 tensor, got ", dtypeName(a.dtype()),
               " of shape ", formatShape(a.shape()));
    axes = readIndices(a);
  } else if (auto attr = attrs.getInts("axes")) {
    axes = *attr;
  }
  const bool keepDims = attrs.getInt("keepdims", 1) != 0;
  const bool noop = attrs.getInt("noop_with_empty_axes", 0) != 0;
  const bool floatOnly = kind == Reduce::LogSum || kind == Reduce::LogSumExp;
  if (floatOnly)
    dispatch<Types::Float>(ctx, x.dtype(), [](auto) {});
  if (axes.empty() && noop) {
    checkOutput(ctx, 0, y, x.dtype(), x.shape());
    dispatch<Types::Numeric>(ctx, x.dtype(), [](auto) {});
    if (x.bytes())
      std::memcpy(y.raw(), x.raw(), x.bytes());
    return;
  }
  std::vector<bool> flags = reductionFlags(ctx, x.rank(), axes);
  checkOutput(ctx, 0, y, x.dtype(), reducedShape(x.shape(), flags, keepDims));
  ReducePlan plan = planReduce(x.shape(), flags);
  dispatch<Types::Numeric>(ctx, x.dtype(), [&](auto tag) {
    reduceTyped<typename decltype(tag)::type>(ctx, kind, x, y, plan);
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

//===----------------------------------------------------------------------===//
// ArgMax / ArgMin, TopK, CumSum.
//===----------------------------------------------------------------------===//

/// numpy.argmax / argmin: NaN wins over every number (the first NaN, or the
/// last with select_last_index); ties go to the first (or last) index.
void argKernel(KernelContext &ctx, bool isMax) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  const Attrs &attrs = (*ctx.attrs);
  const int64_t axis = normalizeAxis(ctx, attrs.getInt("axis", 0), x.rank());
  const bool keepDims = attrs.getInt("keepdims", 1) != 0;
  const bool last = attrs.getInt("select_last_index", 0) != 0;
  Shape outShape;
  for (int64_t d = 0; d < x.rank(); ++d)
    if (d != axis)
      outShape.push_back(x.dim(d));
    else if (keepDims)
      outShape.push_back(1);
  checkOutput(ctx, 0, y, DType::I64, outShape);
  const AxisView v = viewAround(x.shape(), axis);
  if (v.n == 0 && y.numel() > 0)
    ctx.fail("cannot take the index of an extreme along an empty axis");
  dispatch<Types::Numeric>(ctx, x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = typename Elem<T>::Compute;
    const T *px = x.data<T>();
    int64_t *py = y.data<int64_t>();
    auto better = [isMax, last](C value, C best) {
      if (isNaN(best))
        return last && isNaN(value);
      if (isNaN(value))
        return true;
      if (value == best)
        return last;
      return isMax ? value > best : value < best;
    };
    forEachBlock(v, [&](int64_t o, int64_t ib, int64_t ie) {
      std::vector<C> best(ie - ib);
      const T *slab = px + o * v.n * v.inner;
      int64_t *out = py + o * v.inner;
      for (int64_t i = ib; i < ie; ++i) {
        best[i - ib] = Elem<T>::load(slab, i);
        out[i] = 0;
      }
      for (int64_t k = 1; k < v.n; ++k)
        for (int64_t i = ib; i < ie; ++i) {
          C value = Elem<T>::load(slab, k * v.inner + i);
          if (better(value, best[i - ib])) {
            best[i - ib] = value;
            out[i] = k;
          }
        }
    });
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

/// TopK: always returns sorted results (sorted = 0 allows any order). Ties
/// go to the lower index and NaN ranks after every number, as the ONNX
/// reference's stable argsort does.
void topKKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0), &kTensor = ctx.in(1);
  const Attrs &attrs = (*ctx.attrs);
  if (x.rank() == 0)
    ctx.fail("X must have rank >= 1");
  if (kTensor.numel() != 1 || isFloat(kTensor.dtype()) ||
      kTensor.dtype() == DType::Bool)
    ctx.fail("K must hold one integer, got ", dtypeName(kTensor.dtype()),
             " of shape ", formatShape(kTensor.shape()));
  const int64_t axis = normalizeAxis(ctx, attrs.getInt("axis", -1), x.rank());
  const bool largest = attrs.getInt("largest", 1) != 0;
  const AxisView v = viewAround(x.shape(), axis);
  const int64_t k = loadAsInt(kTensor, 0);
  if (k < 0 || k > v.n)
    ctx.fail("K = ", k, " is out of range [0, ", v.n, "] for axis ", axis,
             " of shape ", formatShape(x.shape()));
  Shape outShape = x.shape();
  outShape[axis] = k;
  Tensor *values = ctx.hasOutput(0) ? &ctx.out(0) : nullptr;
  Tensor *indices = ctx.hasOutput(1) ? &ctx.out(1) : nullptr;
  if (values)
    checkOutput(ctx, 0, *values, x.dtype(), outShape);
  if (indices)
    checkOutput(ctx, 1, *indices, DType::I64, outShape);
  dispatch<Types::Numeric>(ctx, x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = typename Elem<T>::Compute;
    const T *px = x.data<T>();
    T *pv = values ? values->data<T>() : nullptr;
    int64_t *pi = indices ? indices->data<int64_t>() : nullptr;
    const int64_t lines = v.outer * v.inner;
    parallelItems(lines, v.n, [&](int64_t begin, int64_t end) {
      std::vector<C> line(v.n);
      std::vector<int64_t> order(v.n);
      // A strict total order (index breaks ties), so the result is unique.
      auto before = [&](int64_t a, int64_t b) {
        C va = line[a], vb = line[b];
        bool na = isNaN(va), nb = isNaN(vb);
        if (na || nb)
          return na != nb ? nb : a < b;
        if (va != vb)
          return largest ? va > vb : va < vb;
        return a < b;
      };
      for (int64_t l = begin; l < end; ++l) {
        const int64_t o = l / v.inner, i = l % v.inner;
        const int64_t inBase = o * v.n * v.inner + i;
        const int64_t outBase = o * k * v.inner + i;
        for (int64_t j = 0; j < v.n; ++j)
          line[j] = Elem<T>::load(px, inBase + j * v.inner);
        std::iota(order.begin(), order.end(), int64_t(0));
        std::partial_sort(order.begin(), order.begin() + k, order.end(),
                          before);
        for (int64_t j = 0; j < k; ++j) {
          if (pv)
            Elem<T>::store(pv, outBase + j * v.inner, line[order[j]]);
          if (pi)
            pi[outBase + j * v.inner] = order[j];
        }
      }
    });
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

void cumSumKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0), &axisTensor = ctx.in(1);
  Tensor &y = ctx.out(0);
  const Attrs &attrs = (*ctx.attrs);
  if (axisTensor.numel() != 1 || axisTensor.rank() > 1 ||
      (axisTensor.dtype() != DType::I32 && axisTensor.dtype() != DType::I64))
    ctx.fail("axis must be one i32 or i64 value, got ",
             dtypeName(axisTensor.dtype()), " of shape ",
             formatShape(axisTensor.shape()));
  const int64_t axis = normalizeAxis(ctx, loadAsInt(axisTensor, 0), x.rank());
  const bool exclusive = attrs.getInt("exclusive", 0) != 0;
  const bool reverse = attrs.getInt("reverse", 0) != 0;
  checkOutput(ctx, 0, y, x.dtype(), x.shape());
  const AxisView v = viewAround(x.shape(), axis);
  dispatch<Types::Numeric>(ctx, x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = typename Elem<T>::Compute;
    using S = SumAcc<T>;
    const T *px = x.data<T>();
    T *py = y.data<T>();
    forEachBlock(v, [&](int64_t o, int64_t ib, int64_t ie) {
      std::vector<S> acc(ie - ib, S(0));
      for (int64_t step = 0; step < v.n; ++step) {
        const int64_t k = reverse ? v.n - 1 - step : step;
        const int64_t base = (o * v.n + k) * v.inner;
        for (int64_t i = ib; i < ie; ++i) {
          S value = static_cast<S>(Elem<T>::load(px, base + i));
          S &a = acc[i - ib];
          if (exclusive) {
            Elem<T>::store(py, base + i, static_cast<C>(a));
            a = accAdd(a, value);
          } else {
            a = accAdd(a, value);
            Elem<T>::store(py, base + i, static_cast<C>(a));
          }
        }
      }
    });
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

//===----------------------------------------------------------------------===//
// Softmax / LogSoftmax (opset 13: along one axis).
//===----------------------------------------------------------------------===//

void softmaxKernel(KernelContext &ctx, bool log) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  const int64_t axis =
      normalizeAxis(ctx, (*ctx.attrs).getInt("axis", -1), x.rank());
  checkOutput(ctx, 0, y, x.dtype(), x.shape());
  const AxisView v = viewAround(x.shape(), axis);
  dispatch<Types::Float>(ctx, x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = typename Elem<T>::Compute;
    const T *px = x.data<T>();
    T *py = y.data<T>();
    // Subtracting the max keeps exp() <= 1, so it never overflows; sums
    // accumulate in double. Each exp is computed once and kept in `buf`.
    if (v.inner == 1) { // contiguous rows: the common last-axis case
      parallelItems(v.outer, v.n, [&](int64_t begin, int64_t end) {
        std::vector<C> buf(v.n), exps;
        for (int64_t o = begin; o < end; ++o) {
          const T *row = px + o * v.n;
          T *out = py + o * v.n;
          C m = -std::numeric_limits<C>::infinity();
          double sum = 0;
          if constexpr (std::is_same_v<T, float>) {
            // Vectorizable loops: the max and a NaN flag (NaN wins, as in
            // maxProp), the exps (expFloats), and the double sum in eight
            // interleaved partial sums (as accurate as one running sum;
            // a single chain of dependent adds was half the time).
            bool nan = false;
            for (int64_t k = 0; k < v.n; ++k) {
              m = row[k] > m ? row[k] : m;
              nan |= row[k] != row[k];
            }
            if (nan)
              m = std::numeric_limits<C>::quiet_NaN();
            for (int64_t k = 0; k < v.n; ++k)
              buf[k] = row[k] - m;
            const float *e = buf.data();
            if (log) {
              exps.resize(v.n);
              expFloats(exps.data(), buf.data(), v.n);
              e = exps.data();
            } else {
              expFloats(buf.data(), buf.data(), v.n);
            }
            double part[8] = {};
            int64_t k = 0;
            for (; k + 8 <= v.n; k += 8)
              for (int j = 0; j < 8; ++j)
                part[j] += e[k + j];
            for (; k < v.n; ++k)
              part[k % 8] += e[k];
            sum = ((part[0] + part[1]) + (part[2] + part[3])) +
                  ((part[4] + part[5]) + (part[6] + part[7]));
          } else {
            for (int64_t k = 0; k < v.n; ++k)
              m = maxProp(m, Elem<T>::load(row, k));
            for (int64_t k = 0; k < v.n; ++k) {
              buf[k] = Elem<T>::load(row, k) - m;
              C e = std::exp(buf[k]);
              sum += e;
              if (!log)
                buf[k] = e;
            }
          }
          const double scale = log ? std::log(sum) : 1.0 / sum;
          for (int64_t k = 0; k < v.n; ++k)
            Elem<T>::store(
                out, k, static_cast<C>(log ? buf[k] - scale : buf[k] * scale));
        }
      });
      return;
    }
    // Strided lines: blocks of columns, streaming each slab row by row.
    forEachBlock(v, [&](int64_t o, int64_t ib, int64_t ie) {
      const int64_t w = ie - ib;
      const T *slab = px + o * v.n * v.inner + ib;
      T *out = py + o * v.n * v.inner + ib;
      std::vector<C> maxes(w, -std::numeric_limits<C>::infinity());
      std::vector<double> sums(w, 0.0);
      std::vector<C> buf(v.n * w);
      for (int64_t k = 0; k < v.n; ++k)
        for (int64_t i = 0; i < w; ++i)
          maxes[i] = maxProp(maxes[i], Elem<T>::load(slab, k * v.inner + i));
      if constexpr (std::is_same_v<T, float>) {
        // The exps vectorized (see expFloats); the same sums otherwise.
        std::vector<C> exps(v.n * w);
        for (int64_t k = 0; k < v.n; ++k)
          for (int64_t i = 0; i < w; ++i)
            buf[k * w + i] = slab[k * v.inner + i] - maxes[i];
        expFloats(exps.data(), buf.data(), v.n * w);
        for (int64_t k = 0; k < v.n; ++k)
          for (int64_t i = 0; i < w; ++i)
            sums[i] += exps[k * w + i];
        if (!log)
          buf.swap(exps);
      } else {
        for (int64_t k = 0; k < v.n; ++k)
          for (int64_t i = 0; i < w; ++i) {
            C &b = buf[k * w + i];
            b = Elem<T>::load(slab, k * v.inner + i) - maxes[i];
            C e = std::exp(b);
            sums[i] += e;
            if (!log)
              b = e;
          }
      }
      for (int64_t i = 0; i < w; ++i)
        sums[i] = log ? std::log(sums[i]) : 1.0 / sums[i];
      for (int64_t k = 0; k < v.n; ++k)
        for (int64_t i = 0; i < w; ++i) {
          C b = buf[k * w + i];
          Elem<T>::store(out, k * v.inner + i,
                         static_cast<C>(log ? b - sums[i] : b * sums[i]));
        }
    });
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

} // namespace

void registerReductionKernels(KernelRegistry &registry) {
  // FLOPs (float types only): 1 per input element.
  registry.add("ReduceSum",
               [](KernelContext &ctx) { reduceKernel(ctx, Reduce::Sum); });
  registry.add("ReduceSumSquare", [](KernelContext &ctx) {
    reduceKernel(ctx, Reduce::SumSquare);
  });
  registry.add("ReduceL1",
               [](KernelContext &ctx) { reduceKernel(ctx, Reduce::L1); });
  registry.add("ReduceProd",
               [](KernelContext &ctx) { reduceKernel(ctx, Reduce::Prod); });
  registry.add("ReduceMax",
               [](KernelContext &ctx) { reduceKernel(ctx, Reduce::Max); });
  registry.add("ReduceMin",
               [](KernelContext &ctx) { reduceKernel(ctx, Reduce::Min); });
  // FLOPs (float types only): 1 per input element + 1 per output element
  // (the division, square root or log).
  registry.add("ReduceMean",
               [](KernelContext &ctx) { reduceKernel(ctx, Reduce::Mean); });
  registry.add("ReduceL2",
               [](KernelContext &ctx) { reduceKernel(ctx, Reduce::L2); });
  registry.add("ReduceLogSum",
               [](KernelContext &ctx) { reduceKernel(ctx, Reduce::LogSum); });
  registry.add("ReduceLogSumExp", [](KernelContext &ctx) {
    reduceKernel(ctx, Reduce::LogSumExp);
  });
  // FLOPs (float types only): 1 per input element (one comparison each).
  registry.add("ArgMax", [](KernelContext &ctx) { argKernel(ctx, true); });
  registry.add("ArgMin", [](KernelContext &ctx) { argKernel(ctx, false); });
  // FLOPs (float types only): 1 per input element.
  registry.add("TopK", topKKernel);
  // FLOPs (float types only): 1 per element (one addition each).
  registry.add("CumSum", cumSumKernel);
  // FLOPs: 4 per element (max, subtract + exp, sum, scale).
  registry.add("Softmax",
               [](KernelContext &ctx) { softmaxKernel(ctx, false); });
  registry.add("LogSoftmax",
               [](KernelContext &ctx) { softmaxKernel(ctx, true); });
}

} // namespace kiln::rt
