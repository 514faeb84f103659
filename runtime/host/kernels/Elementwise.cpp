//===- Elementwise.cpp - elementwise host kernels -------------------------===//
//
// Unary ops, binary and variadic ops with numpy broadcasting, Where, Clip,
// Cast/CastLike and Dropout.
//
// Broadcasting collapses the output into rows along which every input is
// either contiguous (stride 1) or one repeated element (stride 0). The inner
// loops are then plain loops with compile-time strides that the compiler can
// vectorize, so equal shapes (one long row) and scalar operands (stride 0)
// need no special cases and nothing dispatches per element.
//
// Integer arithmetic wraps around like numpy's instead of invoking signed
// overflow UB; integer division and remainder by zero fail the step.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"
#include "kernels/Registration.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

namespace kiln::rt {
namespace {

/// Elements per parallel chunk: below about this, handing work to another
/// thread costs more than the work.
constexpr int64_t kGrain = 16384;

/// fn(begin, end) over [0, n), on the worker threads when n is large.
template <typename Fn> void parallelRange(int64_t n, Fn &&fn) {
  if (n <= 0)
    return;
  if (n < 2 * kGrain)
    fn(int64_t(0), n);
  else
    parallelFor(n, kGrain, fn);
}

//===----------------------------------------------------------------------===//
// Type sets and checks.
//===----------------------------------------------------------------------===//

/// The element-type families of the ONNX operator definitions.
enum class Types { Float, SignedNumeric, Numeric, Bool, Any };

template <Types S, typename T> constexpr bool allows() {
  constexpr bool isBool = std::is_same_v<T, bool>;
  constexpr bool isFlt = isFloatStorage<T>;
  if constexpr (S == Types::Float)
    return isFlt;
  else if constexpr (S == Types::SignedNumeric)
    return isFlt || (std::is_signed_v<T> && !isBool);
  else if constexpr (S == Types::Numeric)
    return !isBool;
  else if constexpr (S == Types::Bool)
    return isBool;
  else
    return true;
}

/// visitDType restricted to the set S, so kernels are only instantiated for
/// types they make sense for; other types fail with the op's name.
template <Types S, typename Fn>
void dispatch(const KernelContext &ctx, DType type, Fn &&fn) {
  visitDType(type, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (allows<S, T>())
      fn(tag);
    else
      ctx.fail("element type ", dtypeName(type), " is not supported");
  });
}

void checkSameType(const KernelContext &ctx, const Tensor &a, size_t ia,
                   const Tensor &b, size_t ib) {
  if (a.dtype() != b.dtype())
    ctx.fail("input #", ia, " (", dtypeName(a.dtype()), ") and input #", ib,
             " (", dtypeName(b.dtype()), ") must have the same element type");
}

/// numpy broadcast of `shapes`; fails when they are incompatible.
Shape broadcastAll(const KernelContext &ctx,
                   std::initializer_list<const Shape *> shapes) {
  size_t rank = 0;
  for (const Shape *s : shapes)
    rank = std::max(rank, s->size());
  Shape out(rank, 1);
  for (const Shape *s : shapes) {
    size_t offset = rank - s->size();
    for (size_t d = 0; d < s->size(); ++d) {
      int64_t &o = out[offset + d];
      int64_t v = (*s)[d];
      if (v == o || v == 1)
        continue;
      if (o != 1) {
        std::string all;
        for (const Shape *t : shapes)
          all += (all.empty() ? "" : ", ") + formatShape(*t);
        ctx.fail("input shapes ", all, " do not broadcast");
      }
      o = v;
    }
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Wrapping integer arithmetic and conversions.
//===----------------------------------------------------------------------===//

template <typename T>
inline constexpr bool isInt = std::is_integral_v<T> && !std::is_same_v<T, bool>;

/// Unsigned type at least as wide as unsigned int, so that the arithmetic
/// wraps instead of promoting to (overflowing) int.
template <typename T>
using WrapU = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned,
                                 std::make_unsigned_t<T>>;

template <typename T> T wrapAdd(T a, T b) {
  if constexpr (isInt<T>)
    return static_cast<T>(WrapU<T>(a) + WrapU<T>(b));
  else
    return a + b;
}
template <typename T> T wrapSub(T a, T b) {
  if constexpr (isInt<T>)
    return static_cast<T>(WrapU<T>(a) - WrapU<T>(b));
  else
    return a - b;
}
template <typename T> T wrapMul(T a, T b) {
  if constexpr (isInt<T>)
    return static_cast<T>(WrapU<T>(a) * WrapU<T>(b));
  else
    return a * b;
}
template <typename T> T wrapNeg(T a) {
  if constexpr (isInt<T>)
    return static_cast<T>(WrapU<T>(0) - WrapU<T>(a));
  else
    return -a;
}

template <typename C> bool isNaN(C v) {
  if constexpr (std::is_floating_point_v<C>)
    return std::isnan(v);
  else
    return false;
}

/// float -> integer as ONNX Cast: truncate toward zero; NaN and infinities
/// (undefined in ONNX) become 0, and values beyond int64 wrap modulo 2^64
/// like numpy on x86, without ever invoking the C++ conversion UB.
template <typename T> T truncToInt(double v) {
  if (!std::isfinite(v))
    return 0;
  v = std::trunc(v);
  if (v >= -9.2233720368547758e18 && v < 9.2233720368547758e18)
    return static_cast<T>(static_cast<int64_t>(v));
  double m = std::fmod(v, 18446744073709551616.0);
  if (m < 0)
    m += 18446744073709551616.0;
  return static_cast<T>(static_cast<uint64_t>(m));
}

/// One value from compute type From to compute type To (ONNX Cast).
template <typename To, typename From> To convertValue(From v) {
  if constexpr (std::is_same_v<To, bool>)
    return v != From(0); // NaN != 0, so NaN -> true like numpy
  else if constexpr (std::is_floating_point_v<To>)
    return static_cast<To>(v);
  else if constexpr (std::is_floating_point_v<From>)
    return truncToInt<To>(static_cast<double>(v));
  else
    return static_cast<To>(v);
}

/// Integer power by squaring (wrapping). Negative exponents give the
/// truncated value of 1 / base^-e: only +-1 survive, 0 has no value.
template <typename C, typename E>
C intPow(const KernelContext &ctx, C base, E e) {
  if constexpr (std::is_signed_v<E>) {
    if (e < 0) {
      if (base == 0)
        ctx.fail("integer 0 raised to the negative power ", e);
      if (base == 1)
        return 1;
      if constexpr (std::is_signed_v<C>)
        if (base == -1)
          return (e & 1) ? C(-1) : C(1);
      return 0;
    }
  }
  using U = WrapU<C>;
  U result = 1, b = static_cast<U>(base);
  for (auto n = static_cast<std::make_unsigned_t<E>>(e); n; n >>= 1) {
    if (n & 1)
      result *= b;
    b *= b;
  }
  return static_cast<C>(result);
}

//===----------------------------------------------------------------------===//
// Loops.
//===----------------------------------------------------------------------===//

/// y[i] = f(x[i]) over contiguous storage.
template <typename TI, typename TO, typename F>
void mapUnary(const Tensor &x, Tensor &y, const F &f) {
  const TI *in = x.data<TI>();
  TO *out = y.data<TO>();
  parallelRange(x.numel(), [&](int64_t begin, int64_t end) {
    // A local copy of f: its captured state (Clip's bounds, say) then cannot
    // alias `out`, so it stays in registers and the loop vectorizes.
    const F fn = f;
    for (int64_t i = begin; i < end; ++i)
      Elem<TO>::store(out, i, fn(Elem<TI>::load(in, i)));
  });
}

/// The output of a broadcasting op as rows: `len` elements each, input k at
/// `innerStride[k]` (0 or 1) along a row, rows laid out by `outer`.
template <size_t N> struct RowPlan {
  int64_t total = 0;
  int64_t len = 1;
  Shape outer;
  std::array<std::vector<int64_t>, N> outerStrides;
  std::array<int64_t, N> innerStride{};
};

/// Drops size-1 output dims and merges neighbours along which every input
/// is laid out contiguously (or broadcast in both), so the innermost row is
/// as long as possible. Inputs must broadcast to `out` (checked by callers).
template <size_t N>
RowPlan<N> planRows(const Shape &out, const std::array<const Shape *, N> &ins) {
  RowPlan<N> plan;
  plan.total = numElements(out);
  std::array<std::vector<int64_t>, N> strides;
  for (size_t k = 0; k < N; ++k)
    strides[k] = broadcastStrides(*ins[k], out);
  Shape dims;
  std::array<std::vector<int64_t>, N> merged;
  for (size_t d = 0; d < out.size(); ++d) {
    if (out[d] == 1)
      continue;
    bool canMerge = !dims.empty();
    for (size_t k = 0; k < N && canMerge; ++k)
      canMerge = merged[k].back() == strides[k][d] * out[d];
    if (canMerge) {
      dims.back() *= out[d];
      for (size_t k = 0; k < N; ++k)
        merged[k].back() = strides[k][d];
    } else {
      dims.push_back(out[d]);
      for (size_t k = 0; k < N; ++k)
        merged[k].push_back(strides[k][d]);
    }
  }
  if (!dims.empty()) {
    plan.len = dims.back();
    dims.pop_back();
    for (size_t k = 0; k < N; ++k) {
      plan.innerStride[k] = merged[k].back();
      merged[k].pop_back();
    }
  }
  plan.outer = std::move(dims);
  plan.outerStrides = std::move(merged);
  return plan;
}

/// Calls fn(outIndex, inIndices, count) for runs of `count` elements within
/// one row. Work is split by output element, so a single long row (equal
/// shapes) is still spread over the threads.
template <size_t N, typename Fn>
void forEachRow(const RowPlan<N> &plan, const Fn &fn) {
  const int64_t rank = plan.outer.size();
  parallelRange(plan.total, [&](int64_t begin, int64_t end) {
    int64_t row = begin / plan.len, col = begin % plan.len;
    std::vector<int64_t> coord(rank);
    std::array<int64_t, N> base{};
    for (int64_t d = rank - 1; d >= 0; --d) {
      coord[d] = row % plan.outer[d];
      row /= plan.outer[d];
      for (size_t k = 0; k < N; ++k)
        base[k] += coord[d] * plan.outerStrides[k][d];
    }
    while (begin < end) {
      int64_t count = std::min(plan.len - col, end - begin);
      std::array<int64_t, N> at;
      for (size_t k = 0; k < N; ++k)
        at[k] = base[k] + col * plan.innerStride[k];
      fn(begin, at, count);
      begin += count;
      col = 0;
      for (int64_t d = rank - 1; d >= 0; --d) {
        if (++coord[d] < plan.outer[d]) {
          for (size_t k = 0; k < N; ++k)
            base[k] += plan.outerStrides[k][d];
          break;
        }
        for (size_t k = 0; k < N; ++k)
          base[k] -= plan.outerStrides[k][d] * (plan.outer[d] - 1);
        coord[d] = 0;
      }
    }
  });
}

/// Calls fn with one std::integral_constant (0 or 1) per runtime stride, so
/// the inner loops see their strides as constants.
template <size_t K, size_t N, typename Fn, typename... Done>
void withStridesImpl(const std::array<int64_t, N> &strides, const Fn &fn,
                     Done... done) {
  if constexpr (K == N)
    fn(done...);
  else if (strides[K] == 0)
    withStridesImpl<K + 1>(strides, fn, done...,
                           std::integral_constant<int64_t, 0>{});
  else
    withStridesImpl<K + 1>(strides, fn, done...,
                           std::integral_constant<int64_t, 1>{});
}
template <size_t N, typename Fn>
void withStrides(const std::array<int64_t, N> &strides, const Fn &fn) {
  withStridesImpl<0>(strides, fn);
}

/// out = f(a, b) with broadcasting; `out` may be `a` (in-place variadics).
template <typename TA, typename TB, typename TO, typename F>
void broadcastBinary(const Tensor &a, const Tensor &b, Tensor &out,
                     const F &f) {
  // Equal shapes and a scalar operand, the common cases, need no row plan
  // (whose few small allocations cost as much as a small tensor's loop).
  const int64_t total = out.numel();
  const bool aFull = a.numel() == total && a.shape() == out.shape();
  const bool bFull = b.numel() == total && b.shape() == out.shape();
  if ((aFull || a.numel() == 1) && (bFull || b.numel() == 1) &&
      (aFull || bFull)) {
    const TA *pa = a.data<TA>();
    const TB *pb = b.data<TB>();
    TO *po = out.data<TO>();
    auto run = [&](auto sa, auto sb) {
      parallelRange(total, [&](int64_t begin, int64_t end) {
        const F fn = f; // a local copy: its state cannot alias `out`
        for (int64_t i = begin; i < end; ++i)
          Elem<TO>::store(
              po, i,
              fn(Elem<TA>::load(pa, i * sa), Elem<TB>::load(pb, i * sb)));
      });
    };
    using One = std::integral_constant<int64_t, 1>;
    using Zero = std::integral_constant<int64_t, 0>;
    if (aFull && bFull)
      run(One{}, One{});
    else if (aFull)
      run(One{}, Zero{});
    else
      run(Zero{}, One{});
    return;
  }
  RowPlan<2> plan = planRows<2>(out.shape(), {&a.shape(), &b.shape()});
  const TA *pa = a.data<TA>();
  const TB *pb = b.data<TB>();
  TO *po = out.data<TO>();
  withStrides(plan.innerStride, [&](auto sa, auto sb) {
    forEachRow(plan, [&](int64_t o, const std::array<int64_t, 2> &at,
                         int64_t n) {
      const TA *ra = pa + at[0];
      const TB *rb = pb + at[1];
      TO *ro = po + o;
      for (int64_t i = 0; i < n; ++i)
        Elem<TO>::store(
            ro, i, f(Elem<TA>::load(ra, i * sa), Elem<TB>::load(rb, i * sb)));
    });
  });
}

/// A copy of `t` converted to `type` (ONNX Cast semantics).
void castInto(const Tensor &in, Tensor &out) {
  if (in.dtype() == out.dtype()) {
    if (in.bytes() && in.raw() != out.raw())
      std::memcpy(out.raw(), in.raw(), in.bytes());
    return;
  }
  visitDType(in.dtype(), [&](auto fromTag) {
    using F = typename decltype(fromTag)::type;
    visitDType(out.dtype(), [&](auto toTag) {
      using T = typename decltype(toTag)::type;
      using TC = typename Elem<T>::Compute;
      mapUnary<F, T>(in, out, [](auto v) { return convertValue<TC>(v); });
    });
  });
}

Tensor castedCopy(const Tensor &in, DType type) {
  Tensor out(type, in.shape());
  castInto(in, out);
  return out;
}

//===----------------------------------------------------------------------===//
// Kernel builders.
//===----------------------------------------------------------------------===//

/// A unary kernel over the types S. make(ctx) returns the element function
/// (taking and returning the compute type), so attributes are read once per
/// step. Float types count one FLOP per element.
template <Types S, typename Make> KernelFn unaryKernel(Make make) {
  return [make](KernelContext &ctx) {
    const Tensor &x = ctx.in(0);
    Tensor &y = ctx.out(0);
    checkOutput(ctx, 0, y, x.dtype(), x.shape());
    auto f = make(ctx);
    dispatch<S>(ctx, x.dtype(), [&](auto tag) {
      using T = typename decltype(tag)::type;
      mapUnary<T, T>(x, y, f);
    });
    // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
  };
}

template <Types S, typename F> KernelFn unary(F f) {
  return unaryKernel<S>([f](const KernelContext &) { return f; });
}

/// `general`, except for f32 tensors, where fast(out, in, n) computes the
/// elements a block at a time (exp and erf vectorized: expFloats,
/// erfFloats). Same checks and FLOPs as the unary kernels.
template <typename Fast> KernelFn floatFast(KernelFn general, Fast fast) {
  return [general, fast](KernelContext &ctx) {
    const Tensor &x = ctx.in(0);
    Tensor &y = ctx.out(0);
    if (x.dtype() != DType::F32) {
      general(ctx);
      return;
    }
    checkOutput(ctx, 0, y, x.dtype(), x.shape());
    const float *in = x.data<float>();
    float *out = y.data<float>();
    parallelRange(x.numel(), [&](int64_t begin, int64_t end) {
      fast(out + begin, in + begin, end - begin);
    });
  };
}

/// Float-to-bool predicate (IsNaN, IsInf): no arithmetic, no FLOPs.
template <typename Make> KernelFn predicateKernel(Make make) {
  return [make](KernelContext &ctx) {
    const Tensor &x = ctx.in(0);
    Tensor &y = ctx.out(0);
    checkOutput(ctx, 0, y, DType::Bool, x.shape());
    auto f = make(ctx);
    dispatch<Types::Float>(ctx, x.dtype(), [&](auto tag) {
      using T = typename decltype(tag)::type;
      mapUnary<T, bool>(x, y, f);
    });
  };
}

/// Checks a broadcasting binary op (same element types) and returns the
/// output shape.
Shape checkBinary(KernelContext &ctx, DType outType) {
  const Tensor &a = ctx.in(0), &b = ctx.in(1);
  checkSameType(ctx, a, 0, b, 1);
  Shape shape = broadcastAll(ctx, {&a.shape(), &b.shape()});
  checkOutput(ctx, 0, ctx.out(0), outType, shape);
  return shape;
}

/// C = f(A, B) with broadcasting over the types S; the result has A's type,
/// or bool when BoolOut. Arithmetic on float types counts one FLOP per output
/// element (countFlops), comparisons and logic none.
template <Types S, bool BoolOut, typename F>
void binaryOp(KernelContext &ctx, const F &f, bool countFlops = !BoolOut) {
  const Tensor &a = ctx.in(0), &b = ctx.in(1);
  checkBinary(ctx, BoolOut ? DType::Bool : a.dtype());
  Tensor &c = ctx.out(0);
  dispatch<S>(ctx, a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using O = std::conditional_t<BoolOut, bool, T>;
    broadcastBinary<T, T, O>(a, b, c, f);
  });
  (void)countFlops; // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

template <Types S, bool BoolOut, typename F> KernelFn binary(F f) {
  return [f](KernelContext &ctx) { binaryOp<S, BoolOut>(ctx, f); };
}

/// Integer Div and Mod fail on a zero divisor before computing anything.
void checkNoZeroDivisor(KernelContext &ctx) {
  const Tensor &b = ctx.in(1);
  if (isFloat(b.dtype()) || ctx.out(0).numel() == 0)
    return;
  visitDType(b.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (isInt<T>) {
      const T *p = b.data<T>();
      for (int64_t i = 0; i < b.numel(); ++i)
        if (p[i] == T(0))
          ctx.fail("integer division by zero (divisor element ", i, ")");
    }
  });
}

/// NaN-propagating max / min (numpy.maximum / minimum).
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

enum class Variadic { Max, Min, Sum, Mean };

/// Max / Min / Sum / Mean of n broadcast inputs, folded pairwise into the
/// output: out = f(in0, in1), then out = f(out, in_k).
void variadicOp(KernelContext &ctx, Variadic kind) {
  size_t n = ctx.numInputs();
  if (n == 0)
    ctx.fail("needs at least one input");
  std::vector<const Shape *> shapes;
  for (size_t k = 0; k < n; ++k) {
    checkSameType(ctx, ctx.in(0), 0, ctx.in(k), k);
    shapes.push_back(&ctx.in(k).shape());
  }
  // broadcastAll takes an initializer list; fold the shapes pairwise.
  Shape shape = *shapes[0];
  for (size_t k = 1; k < n; ++k)
    shape = broadcastAll(ctx, {&shape, shapes[k]});
  Tensor &out = ctx.out(0);
  checkOutput(ctx, 0, out, ctx.in(0).dtype(), shape);
  dispatch<Types::Numeric>(ctx, out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = typename Elem<T>::Compute;
    auto fold = [&](auto f) {
      if (n == 1) {
        broadcastBinary<T, T, T>(ctx.in(0), ctx.in(0), out,
                                 [](C a, C) { return a; });
        return;
      }
      broadcastBinary<T, T, T>(ctx.in(0), ctx.in(1), out, f);
      for (size_t k = 2; k < n; ++k)
        broadcastBinary<T, T, T>(out, ctx.in(k), out, f);
    };
    switch (kind) {
    case Variadic::Max:
      fold([](C a, C b) { return maxProp(a, b); });
      break;
    case Variadic::Min:
      fold([](C a, C b) { return minProp(a, b); });
      break;
    case Variadic::Sum:
    case Variadic::Mean:
      fold([](C a, C b) { return wrapAdd(a, b); });
      break;
    }
    if (kind == Variadic::Mean && n > 1) {
      // Integer means truncate toward zero like an integer Div (in 64 bits,
      // so that n itself cannot wrap in a narrow type).
      mapUnary<T, T>(out, out, [n](C v) {
        if constexpr (std::is_floating_point_v<C>)
          return static_cast<C>(v / static_cast<C>(n));
        else if constexpr (std::is_unsigned_v<C>)
          return static_cast<C>(static_cast<uint64_t>(v) / n);
        else
          return static_cast<C>(static_cast<int64_t>(v) /
                                static_cast<int64_t>(n));
      });
    }
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

/// A scalar bound of Clip as the compute type, or `fallback` when absent.
template <typename T>
typename Elem<T>::Compute clipBound(KernelContext &ctx, size_t i,
                                    typename Elem<T>::Compute fallback) {
  if (!ctx.hasInput(i))
    return fallback;
  const Tensor &t = ctx.in(i);
  checkSameType(ctx, ctx.in(0), 0, t, i);
  if (t.numel() != 1)
    ctx.fail(i == 1 ? "min" : "max", " must hold one value, got shape ",
             formatShape(t.shape()));
  return Elem<T>::load(t.data<T>(), 0);
}

/// The uniform [0, 1) draws of numpy's legacy RandomState(seed): MT19937
/// seeded with init_genrand (std::mt19937 uses the same algorithm) and 53-bit
/// doubles from two 32-bit words. The ONNX reference draws the training
/// mask as np.random.uniform(0, 1, shape) >= ratio after np.random.seed(seed),
/// so the same seed gives the same mask as ONNX's test data and PyTorch-free
/// reference code.
class NumpyUniform {
public:
  explicit NumpyUniform(uint32_t seed) : engine_(seed) {}
  double next() {
    uint32_t a = static_cast<uint32_t>(engine_()) >> 5;
    uint32_t b = static_cast<uint32_t>(engine_()) >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

private:
  std::mt19937 engine_;
};

void dropoutKernel(KernelContext &ctx) {
  const Tensor &data = ctx.in(0);
  Tensor &out = ctx.out(0);
  checkOutput(ctx, 0, out, data.dtype(), data.shape());
  Tensor *mask = ctx.hasOutput(1) ? &ctx.out(1) : nullptr;
  if (mask)
    checkOutput(ctx, 1, *mask, DType::Bool, data.shape());
  double ratio = 0.5;
  if (ctx.hasInput(1)) {
    const Tensor &r = ctx.in(1);
    if (r.numel() != 1 || !isFloat(r.dtype()))
      ctx.fail("ratio must be one float value, got ", dtypeName(r.dtype()),
               " of shape ", formatShape(r.shape()));
    ratio = loadAsDouble(r, 0);
  }
  bool training = false;
  if (ctx.hasInput(2)) {
    const Tensor &t = ctx.in(2);
    if (t.numel() != 1 || t.dtype() != DType::Bool)
      ctx.fail("training_mode must be one bool value, got ",
               dtypeName(t.dtype()), " of shape ", formatShape(t.shape()));
    training = loadAsInt(t, 0) != 0;
  }
  if (!isFloat(data.dtype()))
    ctx.fail("element type ", dtypeName(data.dtype()), " is not supported");
  if (!training || ratio == 0) {
    castInto(data, out);
    if (mask && mask->bytes())
      std::memset(mask->raw(), 1, mask->bytes());
    return;
  }
  if (!(ratio > 0 && ratio < 1))
    ctx.fail("ratio ", ratio, " is outside [0, 1)");
  // The mask is drawn sequentially (it is cheap); scaling runs in parallel.
  std::vector<uint8_t> keep(data.numel());
  NumpyUniform uniform(static_cast<uint32_t>((*ctx.attrs).getInt("seed", 0)));
  for (int64_t i = 0; i < data.numel(); ++i)
    keep[i] = uniform.next() >= ratio;
  const double scale = 1.0 / (1.0 - ratio);
  bool *m = mask ? mask->data<bool>() : nullptr;
  dispatch<Types::Float>(ctx, data.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = typename Elem<T>::Compute;
    const T *in = data.data<T>();
    T *o = out.data<T>();
    const C s = static_cast<C>(scale);
    parallelRange(data.numel(), [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        Elem<T>::store(o, i, keep[i] ? Elem<T>::load(in, i) * s : C(0));
        if (m)
          m[i] = keep[i];
      }
    });
  });
  ctx.flops += data.numel();
}

void whereKernel(KernelContext &ctx) {
  const Tensor &cond = ctx.in(0), &x = ctx.in(1), &y = ctx.in(2);
  Tensor &out = ctx.out(0);
  if (cond.dtype() != DType::Bool)
    ctx.fail("condition must be bool, got ", dtypeName(cond.dtype()));
  checkSameType(ctx, x, 1, y, 2);
  Shape shape = broadcastAll(ctx, {&cond.shape(), &x.shape(), &y.shape()});
  checkOutput(ctx, 0, out, x.dtype(), shape);
  RowPlan<3> plan = planRows<3>(shape, {&cond.shape(), &x.shape(), &y.shape()});
  // Where only moves elements, so it dispatches on the element size.
  auto run = [&](auto tag) {
    using T = typename decltype(tag)::type;
    const uint8_t *pc = cond.data<uint8_t>();
    const T *px = x.data<T>(), *py = y.data<T>();
    T *po = out.data<T>();
    withStrides(plan.innerStride, [&](auto sc, auto sx, auto sy) {
      forEachRow(plan,
                 [&](int64_t o, const std::array<int64_t, 3> &at, int64_t n) {
                   for (int64_t i = 0; i < n; ++i)
                     po[o + i] = pc[at[0] + i * sc] ? px[at[1] + i * sx]
                                                    : py[at[2] + i * sy];
                 });
    });
  };
  switch (dtypeSize(x.dtype())) {
  case 1:
    run(TypeTag<uint8_t>{});
    break;
  case 2:
    run(TypeTag<uint16_t>{});
    break;
  case 4:
    run(TypeTag<uint32_t>{});
    break;
  default:
    run(TypeTag<uint64_t>{});
    break;
  }
}

void powKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0), &y = ctx.in(1);
  Tensor &z = ctx.out(0);
  Shape shape = broadcastAll(ctx, {&x.shape(), &y.shape()});
  checkOutput(ctx, 0, z, x.dtype(), shape);
  dispatch<Types::Numeric>(ctx, y.dtype(), [](auto) {});
  dispatch<Types::Numeric>(ctx, x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = typename Elem<T>::Compute;
    // Mixed types compute in double and round (or truncate) into X's type,
    // except integer ^ integer, which stays exact.
    auto viaDouble = [&] {
      Tensor yd = castedCopy(y, DType::F64);
      broadcastBinary<T, double, T>(x, yd, z, [](C a, double b) {
        return convertValue<C>(std::pow(static_cast<double>(a), b));
      });
    };
    if constexpr (std::is_floating_point_v<C>) {
      if (y.dtype() == x.dtype() && y.numel() == 1 && shape == x.shape() &&
          Elem<T>::load(y.data<T>(), 0) == C(2))
        // Pow(x, 2) (layer and RMS norms) as x * x, the correctly rounded
        // square (numpy's and onnxruntime's fast path too), not a pow call
        // per element.
        mapUnary<T, T>(x, z, [](C a) { return a * a; });
      else if (y.dtype() == x.dtype())
        broadcastBinary<T, T, T>(x, y, z,
                                 [](C a, C b) { return std::pow(a, b); });
      else
        viaDouble();
    } else {
      if (y.dtype() == x.dtype()) {
        broadcastBinary<T, T, T>(x, y, z,
                                 [&](C a, C b) { return intPow(ctx, a, b); });
      } else if (isFloat(y.dtype())) {
        viaDouble();
      } else {
        Tensor yi = castedCopy(y, DType::I64);
        broadcastBinary<T, int64_t, T>(
            x, yi, z, [&](C a, int64_t b) { return intPow(ctx, a, b); });
      }
    }
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

void modKernel(KernelContext &ctx) {
  int64_t fmodAttr = (*ctx.attrs).getInt("fmod", 0);
  if (fmodAttr != 0 && fmodAttr != 1)
    ctx.fail("fmod must be 0 or 1, got ", fmodAttr);
  const bool cFmod = fmodAttr == 1;
  if (isFloat(ctx.in(0).dtype()) && !cFmod)
    ctx.fail("floating-point operands need fmod = 1");
  checkBinary(ctx, ctx.in(0).dtype());
  checkNoZeroDivisor(ctx);
  binaryOp<Types::Numeric, false>(ctx, [cFmod](auto a, auto b) {
    using C = decltype(a);
    if constexpr (std::is_floating_point_v<C>) {
      return static_cast<C>(std::fmod(a, b));
    } else if constexpr (std::is_unsigned_v<C>) {
      return static_cast<C>(a % b);
    } else {
      // b == -1 would overflow for the minimum value; the remainder is 0.
      if (b == C(-1))
        return C(0);
      C r = static_cast<C>(a % b);
      // Python's mod takes the sign of the divisor.
      if (!cFmod && r != 0 && ((r < 0) != (b < 0)))
        r = static_cast<C>(r + b);
      return r;
    }
  });
}

void divKernel(KernelContext &ctx) {
  checkBinary(ctx, ctx.in(0).dtype());
  checkNoZeroDivisor(ctx);
  binaryOp<Types::Numeric, false>(ctx, [](auto a, auto b) {
    using C = decltype(a);
    if constexpr (std::is_floating_point_v<C>)
      return a / b;
    else if constexpr (std::is_signed_v<C>)
      return b == C(-1) ? wrapNeg(a) : static_cast<C>(a / b); // C truncates
    else
      return static_cast<C>(a / b);
  });
}

void preluKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0), &slope = ctx.in(1);
  if (broadcastAll(ctx, {&x.shape(), &slope.shape()}) != x.shape())
    ctx.fail("slope of shape ", formatShape(slope.shape()),
             " does not broadcast to X of shape ", formatShape(x.shape()));
  binaryOp<Types::SignedNumeric, false>(ctx, [](auto v, auto s) {
    using C = decltype(v);
    return v < C(0) ? wrapMul(v, s) : v;
  });
}

void clipKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  checkOutput(ctx, 0, y, x.dtype(), x.shape());
  dispatch<Types::Numeric>(ctx, x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = typename Elem<T>::Compute;
    using L = std::numeric_limits<C>;
    const C lo =
        clipBound<T>(ctx, 1, L::has_infinity ? -L::infinity() : L::lowest());
    const C hi =
        clipBound<T>(ctx, 2, L::has_infinity ? L::infinity() : L::max());
    // min(max(x, lo), hi) as numpy.clip; NaN inputs stay NaN.
    mapUnary<T, T>(x, y, [lo, hi](C v) {
      if (v < lo)
        v = lo;
      if (v > hi)
        v = hi;
      return v;
    });
  });
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

void castKernel(KernelContext &ctx, DType to) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  checkOutput(ctx, 0, y, to, x.shape());
  castInto(x, y);
}

float attrFloat(const KernelContext &ctx, const char *name, float fallback) {
  return (*ctx.attrs).getFloat(name, fallback);
}

} // namespace

void registerElementwiseKernels(KernelRegistry &registry) {
  // FLOPs: none (data movement).
  registry.add("Identity", [](KernelContext &ctx) {
    const Tensor &x = ctx.in(0);
    Tensor &y = ctx.out(0);
    checkOutput(ctx, 0, y, x.dtype(), x.shape());
    castInto(x, y);
  });

  // Unary float ops. FLOPs: 1 per element (float types only).
  // Sigmoid takes the exp of a non-positive argument only, so it never
  // overflows; f32 computes the exps a block at a time (expFloats).
  auto sigmoid = [](auto v) {
    using C = decltype(v);
    if (v >= C(0))
      return C(1) / (C(1) + std::exp(-v));
    C e = std::exp(v);
    return e / (C(1) + e);
  };
  auto sigmoidFloats = [](float *out, const float *in, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
      out[i] = -std::fabs(in[i]);
    expFloats(out, out, n);
    for (int64_t i = 0; i < n; ++i) {
      const float e = out[i];
      out[i] = in[i] >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
      if (in[i] != in[i])
        out[i] = in[i];
    }
  };
  registry.add("Sigmoid",
               floatFast(unary<Types::Float>(sigmoid), sigmoidFloats));
  registry.add("Tanh",
               unary<Types::Float>([](auto v) { return std::tanh(v); }));
  registry.add(
      "Exp", floatFast(unary<Types::Float>([](auto v) { return std::exp(v); }),
                       expFloats));
  registry.add("Log", unary<Types::Float>([](auto v) { return std::log(v); }));
  registry.add("Sqrt",
               unary<Types::Float>([](auto v) { return std::sqrt(v); }));
  registry.add("Reciprocal",
               unary<Types::Float>([](auto v) { return decltype(v)(1) / v; }));
  registry.add("Floor",
               unary<Types::Float>([](auto v) { return std::floor(v); }));
  registry.add("Ceil",
               unary<Types::Float>([](auto v) { return std::ceil(v); }));
  // nearbyint in the default rounding mode rounds half to even.
  registry.add("Round",
               unary<Types::Float>([](auto v) { return std::nearbyint(v); }));
  registry.add("Sin", unary<Types::Float>([](auto v) { return std::sin(v); }));
  registry.add("Cos", unary<Types::Float>([](auto v) { return std::cos(v); }));
  registry.add("Tan", unary<Types::Float>([](auto v) { return std::tan(v); }));
  registry.add("Asin",
               unary<Types::Float>([](auto v) { return std::asin(v); }));
  registry.add("Acos",
               unary<Types::Float>([](auto v) { return std::acos(v); }));
  registry.add("Atan",
               unary<Types::Float>([](auto v) { return std::atan(v); }));
  registry.add("Sinh",
               unary<Types::Float>([](auto v) { return std::sinh(v); }));
  registry.add("Cosh",
               unary<Types::Float>([](auto v) { return std::cosh(v); }));
  registry.add("Softplus", unary<Types::Float>([](auto v) {
                 using C = decltype(v);
                 // log(1 + e^v) without overflow for large v.
                 return std::max(v, C(0)) + std::log1p(std::exp(-std::fabs(v)));
               }));
  registry.add("Softsign", unary<Types::Float>([](auto v) {
                 return v / (decltype(v)(1) + std::fabs(v));
               }));
  registry.add(
      "HardSwish", unary<Types::Float>([](auto v) {
        using C = decltype(v);
        return v * std::max(C(0), std::min(C(1), v * (C(1) / C(6)) + C(0.5)));
      }));

  // Unary ops over more types. FLOPs: 1 per element (float types only).
  registry.add("Relu", unary<Types::SignedNumeric>([](auto v) {
                 using C = decltype(v);
                 return (isNaN(v) || v > C(0)) ? v : C(0);
               }));
  auto erf = [](auto v) {
    using C = decltype(v);
    if constexpr (std::is_floating_point_v<C>)
      return std::erf(v);
    else // erf is within [-1, 1]: truncates to -1, 0 or 1
      return static_cast<C>(std::erf(static_cast<double>(v)));
  };
  registry.add("Erf", floatFast(unary<Types::Numeric>(erf), erfFloats));
  registry.add("Sign", unary<Types::Numeric>([](auto v) {
                 using C = decltype(v);
                 if constexpr (std::is_unsigned_v<C>)
                   return v > C(0) ? C(1) : C(0);
                 else if (isNaN(v))
                   return v;
                 else
                   return v > C(0) ? C(1) : v < C(0) ? C(-1) : C(0);
               }));
  registry.add("Abs", unary<Types::Numeric>([](auto v) {
                 using C = decltype(v);
                 if constexpr (std::is_floating_point_v<C>)
                   return std::fabs(v);
                 else if constexpr (std::is_unsigned_v<C>)
                   return v;
                 else
                   return v < 0 ? wrapNeg(v) : v;
               }));
  registry.add("Neg",
               unary<Types::SignedNumeric>([](auto v) { return wrapNeg(v); }));
  // FLOPs: none (logic).
  registry.add("Not", unary<Types::Bool>([](auto v) { return !v; }));

  // Unary ops with attributes. FLOPs: 1 per element.
  registry.add("LeakyRelu",
               unaryKernel<Types::Float>([](const KernelContext &ctx) {
                 float alpha = attrFloat(ctx, "alpha", 0.01f);
                 return [alpha](auto v) {
                   using C = decltype(v);
                   return v < C(0) ? C(alpha) * v : v;
                 };
               }));
  registry.add("Elu", unaryKernel<Types::Float>([](const KernelContext &ctx) {
                 float alpha = attrFloat(ctx, "alpha", 1.0f);
                 return [alpha](auto v) {
                   using C = decltype(v);
                   return v < C(0) ? C(alpha) * std::expm1(v) : v;
                 };
               }));
  registry.add("Celu", unaryKernel<Types::Float>([](const KernelContext &ctx) {
                 float alpha = attrFloat(ctx, "alpha", 1.0f);
                 if (alpha == 0)
                   ctx.fail("alpha must not be 0");
                 return [alpha](auto v) {
                   using C = decltype(v);
                   C a = C(alpha);
                   return std::max(C(0), v) +
                          std::min(C(0), a * std::expm1(v / a));
                 };
               }));
  registry.add("ThresholdedRelu",
               unaryKernel<Types::Float>([](const KernelContext &ctx) {
                 float alpha = attrFloat(ctx, "alpha", 1.0f);
                 return [alpha](auto v) {
                   using C = decltype(v);
                   return v > C(alpha) ? v : C(0);
                 };
               }));
  registry.add(
      "Selu", unaryKernel<Types::Float>([](const KernelContext &ctx) {
        // ONNX's defaults, the float32 roundings of the SELU paper's
        // constants.
        float alpha = attrFloat(ctx, "alpha", 1.67326319217681884765625f);
        float gamma = attrFloat(ctx, "gamma", 1.05070102214813232421875f);
        return [alpha, gamma](auto v) {
          using C = decltype(v);
          return v > C(0) ? C(gamma) * v : C(gamma) * C(alpha) * std::expm1(v);
        };
      }));
  registry.add(
      "HardSigmoid", unaryKernel<Types::Float>([](const KernelContext &ctx) {
        float alpha = attrFloat(ctx, "alpha", 0.2f);
        float beta = attrFloat(ctx, "beta", 0.5f);
        return [alpha, beta](auto v) {
          using C = decltype(v);
          return std::max(C(0), std::min(C(1), C(alpha) * v + C(beta)));
        };
      }));

  // Float predicates. FLOPs: none (classification, no arithmetic).
  registry.add("IsNaN", predicateKernel([](const KernelContext &) {
                 return [](auto v) { return isNaN(v); };
               }));
  registry.add("IsInf", predicateKernel([](const KernelContext &ctx) {
                 bool negative = (*ctx.attrs).getInt("detect_negative", 1) != 0;
                 bool positive = (*ctx.attrs).getInt("detect_positive", 1) != 0;
                 return [negative, positive](auto v) {
                   return std::isinf(v) && (v > 0 ? positive : negative);
                 };
               }));

  // Binary arithmetic. FLOPs: 1 per output element (float types only).
  registry.add("Add", binary<Types::Numeric, false>(
                          [](auto a, auto b) { return wrapAdd(a, b); }));
  registry.add("Sub", binary<Types::Numeric, false>(
                          [](auto a, auto b) { return wrapSub(a, b); }));
  registry.add("Mul", binary<Types::Numeric, false>(
                          [](auto a, auto b) { return wrapMul(a, b); }));
  // FLOPs: 1 per output element; integer division truncates toward zero.
  registry.add("Div", divKernel);
  // FLOPs: 1 per output element; X and Y may differ in type.
  registry.add("Pow", powKernel);
  // FLOPs: 1 per output element (float types only).
  registry.add("Mod", modKernel);
  // FLOPs: 1 per output element.
  registry.add("PRelu", preluKernel);

  // Logic and comparisons. FLOPs: none.
  registry.add(
      "And", binary<Types::Bool, true>([](bool a, bool b) { return a && b; }));
  registry.add(
      "Or", binary<Types::Bool, true>([](bool a, bool b) { return a || b; }));
  registry.add(
      "Xor", binary<Types::Bool, true>([](bool a, bool b) { return a != b; }));
  registry.add("Equal",
               binary<Types::Any, true>([](auto a, auto b) { return a == b; }));
  registry.add("Less",
               binary<Types::Any, true>([](auto a, auto b) { return a < b; }));
  registry.add("LessOrEqual",
               binary<Types::Any, true>([](auto a, auto b) { return a <= b; }));
  registry.add("Greater",
               binary<Types::Any, true>([](auto a, auto b) { return a > b; }));
  registry.add("GreaterOrEqual",
               binary<Types::Any, true>([](auto a, auto b) { return a >= b; }));

  // Variadic. FLOPs: (n - 1) per output element for n inputs; Mean adds one
  // division per output element (float types only).
  registry.add("Max",
               [](KernelContext &ctx) { variadicOp(ctx, Variadic::Max); });
  registry.add("Min",
               [](KernelContext &ctx) { variadicOp(ctx, Variadic::Min); });
  registry.add("Sum",
               [](KernelContext &ctx) { variadicOp(ctx, Variadic::Sum); });
  registry.add("Mean",
               [](KernelContext &ctx) { variadicOp(ctx, Variadic::Mean); });

  // FLOPs: none (selection).
  registry.add("Where", whereKernel);
  // FLOPs: 1 per element (float types only).
  registry.add("Clip", clipKernel);

  // Conversions. FLOPs: none.
  registry.add("Cast", [](KernelContext &ctx) {
    std::optional<DType> to = (*ctx.attrs).getType("to");
    if (!to)
      ctx.fail("missing required attribute 'to'");
    castKernel(ctx, *to);
  });
  registry.add("CastLike",
               [](KernelContext &ctx) { castKernel(ctx, ctx.in(1).dtype()); });

  // FLOPs: none in inference (a copy); 1 per element (the scaling) in
  // training mode.
  registry.add("Dropout", dropoutKernel);
}

} // namespace kiln::rt
