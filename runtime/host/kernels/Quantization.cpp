//===- Quantization.cpp - linear (de)quantization -------------------------===//
//
// QuantizeLinear, DequantizeLinear and DynamicQuantizeLinear with ONNX 13
// semantics. Quantization divides in float (double for f64 inputs) exactly
// like the ONNX reference and onnxruntime do, then rounds half to even, so a
// value on a tie lands on the same integer as theirs; NaN quantizes to the
// zero point (casting NaN to an integer would be undefined).
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"
#include "kernels/Registration.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiln::rt {
namespace {

/// How scale / zero point values map onto the elements of x: one value for
/// the whole tensor, or one per index along `axis` (elements are visited as
/// outer x channels x inner, so no division per element).
struct QuantAxis {
  int64_t outer = 1, channels = 1, inner = 1;
  bool perAxis = false;
};

/// Checks a scale and its optional zero point against x and the axis
/// attribute. A one-element scale is per tensor (as in onnxruntime);
/// otherwise it must be 1-D with x.dim(axis) values.
QuantAxis readQuantAxis(const KernelContext &ctx, const Tensor &x,
                        const Tensor &scale, const Tensor *zeroPoint,
                        const char *scaleName, const char *zeroName) {
  if (!isFloat(scale.dtype()))
    ctx.fail(scaleName, " has element type ", dtypeName(scale.dtype()),
             ", expected a float type");
  // One-element scales and zero points are per tensor whatever their rank
  // (a [1] scale with a scalar zero point is common in exported models).
  const bool perTensor = scale.numel() == 1 && scale.rank() <= 1;
  if (zeroPoint && (perTensor ? zeroPoint->numel() != 1 || zeroPoint->rank() > 1
                              : zeroPoint->shape() != scale.shape()))
    ctx.fail(zeroName, " has shape ", formatShape(zeroPoint->shape()), " but ",
             scaleName, " has shape ", formatShape(scale.shape()));
  QuantAxis q;
  q.inner = x.numel();
  if (perTensor)
    return q;
  const int64_t axis =
      normalizeAxis(ctx, (*ctx.attrs).getInt("axis", 1), x.rank());
  if (scale.rank() != 1 || scale.dim(0) != x.dim(axis))
    ctx.fail(scaleName, " of shape ", formatShape(scale.shape()),
             " is neither a scalar nor one value per index of axis ", axis,
             " of x (", x.dim(axis), ")");
  q.perAxis = true;
  q.channels = x.dim(axis);
  q.outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    q.outer *= x.dim(d);
  q.inner = 1;
  for (int64_t d = axis + 1; d < x.rank(); ++d)
    q.inner *= x.dim(d);
  return q;
}

/// Calls fn(begin, end, channel) over contiguous runs of x's elements that
/// share a scale, in parallel.
template <typename Fn> void forEachRun(const QuantAxis &q, Fn &&fn) {
  const int64_t runs = q.outer * q.channels;
  parallelFor(runs, std::max<int64_t>(1, 16384 / (q.inner + 1)),
              [&](int64_t begin, int64_t end) {
                for (int64_t r = begin; r < end; ++r)
                  fn(r * q.inner, (r + 1) * q.inner, r % q.channels);
              });
}

/// round-half-to-even(v) + zero point, saturated to [lo, hi].
template <typename C>
int64_t quantizeValue(C v, int64_t zeroPoint, int64_t lo, int64_t hi) {
  if (std::isnan(v))
    return std::clamp(zeroPoint, lo, hi);
  C r = std::nearbyint(v) + static_cast<C>(zeroPoint);
  if (!(r >= static_cast<C>(lo)))
    return lo;
  if (r > static_cast<C>(hi))
    return hi;
  return static_cast<int64_t>(r);
}

std::pair<int64_t, int64_t> quantRange(DType type) {
  return type == DType::U8 ? std::pair<int64_t, int64_t>{0, 255}
                           : std::pair<int64_t, int64_t>{-128, 127};
}

template <typename C>
void quantizeAs(const Tensor &x, const std::vector<double> &scales,
                const std::vector<int64_t> &zeros, const QuantAxis &q,
                Tensor &y) {
  ComputeInput<C> in(x);
  const auto [lo, hi] = quantRange(y.dtype());
  const bool toU8 = y.dtype() == DType::U8;
  uint8_t *yu = toU8 ? y.data<uint8_t>() : nullptr;
  int8_t *yi = toU8 ? nullptr : y.data<int8_t>();
  forEachRun(q, [&](int64_t begin, int64_t end, int64_t channel) {
    const int64_t c = q.perAxis ? channel : 0;
    const C scale = static_cast<C>(scales[c]);
    const int64_t zero = zeros[c];
    for (int64_t i = begin; i < end; ++i) {
      int64_t v = quantizeValue<C>(in.data()[i] / scale, zero, lo, hi);
      if (toU8)
        yu[i] = static_cast<uint8_t>(v);
      else
        yi[i] = static_cast<int8_t>(v);
    }
  });
}

void quantizeLinearKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0), &scale = ctx.in(1);
  const Tensor *zero = ctx.hasInput(2) ? ctx.inputs[2] : nullptr;
  Tensor &y = ctx.out(0);
  if (!isFloat(x.dtype()) && x.dtype() != DType::I32)
    ctx.fail("x has element type ", dtypeName(x.dtype()),
             ", expected a float type or i32");
  // The zero point's type picks the output type; u8 without one.
  const DType outType = zero ? zero->dtype() : DType::U8;
  if (outType != DType::U8 && outType != DType::I8)
    ctx.fail("y_zero_point must be u8 or i8, got ", dtypeName(outType));
  if (y.dtype() != outType || y.shape() != x.shape())
    ctx.fail("output y is allocated as ", dtypeName(y.dtype()), " ",
             formatShape(y.shape()), ", expected ", dtypeName(outType), " ",
             formatShape(x.shape()));
  const QuantAxis q =
      readQuantAxis(ctx, x, scale, zero, "y_scale", "y_zero_point");
  std::vector<double> scales(scale.numel());
  std::vector<int64_t> zeros(scale.numel(), 0);
  for (int64_t i = 0; i < scale.numel(); ++i) {
    scales[i] = loadAsDouble(scale, i);
    if (zero)
      zeros[i] = loadAsInt(*zero, i);
  }
  if (x.dtype() == DType::F64)
    quantizeAs<double>(x, scales, zeros, q, y);
  else
    quantizeAs<float>(x, scales, zeros, q, y);
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

void dequantizeLinearKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0), &scale = ctx.in(1);
  const Tensor *zero = ctx.hasInput(2) ? ctx.inputs[2] : nullptr;
  Tensor &y = ctx.out(0);
  if (x.dtype() != DType::U8 && x.dtype() != DType::I8 &&
      x.dtype() != DType::I32)
    ctx.fail("x has element type ", dtypeName(x.dtype()),
             ", expected u8, i8 or i32");
  if (zero && zero->dtype() != x.dtype())
    ctx.fail("x_zero_point has element type ", dtypeName(zero->dtype()),
             ", expected ", dtypeName(x.dtype()), " like x");
  if (!isFloat(y.dtype()) || y.shape() != x.shape())
    ctx.fail("output y is allocated as ", dtypeName(y.dtype()), " ",
             formatShape(y.shape()), ", expected a float tensor of shape ",
             formatShape(x.shape()));
  const QuantAxis q =
      readQuantAxis(ctx, x, scale, zero, "x_scale", "x_zero_point");
  std::vector<double> scales(scale.numel());
  std::vector<int64_t> zeros(scale.numel(), 0);
  for (int64_t i = 0; i < scale.numel(); ++i) {
    scales[i] = loadAsDouble(scale, i);
    if (zero)
      zeros[i] = loadAsInt(*zero, i);
  }
  auto run = [&](auto tag) {
    using C = typename decltype(tag)::type;
    ComputeOutput<C> out(y);
    forEachRun(q, [&](int64_t begin, int64_t end, int64_t channel) {
      const int64_t c = q.perAxis ? channel : 0;
      const C s = static_cast<C>(scales[c]);
      // The integer difference is exact (int64), then scaled once.
      for (int64_t i = begin; i < end; ++i)
        out.data()[i] = static_cast<C>(loadAsInt(x, i) - zeros[c]) * s;
    });
    out.commit();
  };
  if (y.dtype() == DType::F64)
    run(TypeTag<double>{});
  else
    run(TypeTag<float>{});
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

void dynamicQuantizeLinearKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0), &yScale = ctx.out(1), &yZero = ctx.out(2);
  if (!isFloat(x.dtype()))
    ctx.fail("x has element type ", dtypeName(x.dtype()),
             ", expected a float type");
  if (y.dtype() != DType::U8 || y.shape() != x.shape())
    ctx.fail("output y is allocated as ", dtypeName(y.dtype()), " ",
             formatShape(y.shape()), ", expected u8 ", formatShape(x.shape()));
  if (!isFloat(yScale.dtype()) || yScale.numel() != 1 || yScale.rank() > 1)
    ctx.fail("output y_scale must be a float scalar, is ",
             dtypeName(yScale.dtype()), " ", formatShape(yScale.shape()));
  if (yZero.dtype() != DType::U8 || yZero.numel() != 1 || yZero.rank() > 1)
    ctx.fail("output y_zero_point must be a u8 scalar, is ",
             dtypeName(yZero.dtype()), " ", formatShape(yZero.shape()));
  ComputeInput<float> in(x);
  const float *xd = in.data();
  // The range always includes 0 so that 0 is exactly representable; NaNs
  // do not take part.
  float lo = 0, hi = 0;
  for (int64_t i = 0; i < x.numel(); ++i) {
    lo = std::min(lo, xd[i]);
    hi = std::max(hi, xd[i]);
  }
  // An all-zero input has no range; scale 1 (as onnxruntime) keeps every
  // division finite and quantizes everything to 0.
  const float scale = hi == lo ? 1.0f : (hi - lo) / 255.0f;
  const int64_t zero = static_cast<int64_t>(
      std::nearbyint(std::clamp(0.0f - lo / scale, 0.0f, 255.0f)));
  uint8_t *yd = y.data<uint8_t>();
  parallelFor(x.numel(), 16384, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i)
      yd[i] = static_cast<uint8_t>(
          quantizeValue<float>(xd[i] / scale, zero, 0, 255));
  });
  storeFromDouble(yScale, 0, scale);
  storeFromInt(yZero, 0, zero);
  // FLOPs: counted by the executor from kiln/rt/FlopRules.h.
}

} // namespace

void registerQuantizationKernels(KernelRegistry &registry) {
  // FLOPs: 2 per element (divide, add the zero point); i32 input counts 0.
  registry.add("QuantizeLinear", quantizeLinearKernel);
  // FLOPs: 2 per element (subtract the zero point, multiply).
  registry.add("DequantizeLinear", dequantizeLinearKernel);
  // FLOPs: 4 per element (2 for the min / max scan, 2 to quantize).
  registry.add("DynamicQuantizeLinear", dynamicQuantizeLinearKernel);
}

} // namespace kiln::rt
