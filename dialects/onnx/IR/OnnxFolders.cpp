//===- OnnxFolders.cpp - onnx folders and canonicalization patterns -------===//
//
// Folding evaluates ops on small constants (shape arithmetic: Shape -> Gather
// -> Concat -> Reshape chains) and removes no-ops. Large tensors are never
// folded: kMaxFoldElements bounds the size of any attribute a fold creates.
//
//===----------------------------------------------------------------------===//

#include "dialects/onnx/IR/OnnxOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>
#include <functional>
#include <limits>
#include <type_traits>

using namespace mlir;

namespace kiln::onnx {
namespace {

constexpr int64_t kMaxFoldElements = 1024;

RankedTensorType resultTensorType(Operation *op, unsigned i = 0) {
  return llvm::dyn_cast<RankedTensorType>(op->getResult(i).getType());
}

/// A constant operand as DenseElementsAttr, small enough to fold, or null.
DenseElementsAttr foldable(Attribute attr) {
  auto dense = llvm::dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || dense.getNumElements() > kMaxFoldElements)
    return nullptr;
  return dense;
}

/// Scalar view of an element used by the evaluator: integers as int64 (with
/// the signedness of their type), floats as double.
struct Scalar {
  bool isFloat = false;
  int64_t i = 0;
  double f = 0;
  double asDouble() const { return isFloat ? f : static_cast<double>(i); }
};

SmallVector<Scalar> readScalars(DenseElementsAttr attr) {
  SmallVector<Scalar> out;
  Type elem = attr.getElementType();
  if (llvm::isa<FloatType>(elem)) {
    for (const APFloat &v : attr.getValues<APFloat>())
      out.push_back({true, 0, v.convertToDouble()});
  } else {
    bool isUnsigned = elem.isUnsignedInteger() || elem.isInteger(1);
    for (const APInt &v : attr.getValues<APInt>())
      out.push_back({false,
                     isUnsigned ? static_cast<int64_t>(v.getZExtValue())
                                : v.getSExtValue(),
                     0});
  }
  return out;
}

DenseElementsAttr buildElements(RankedTensorType type,
                                ArrayRef<Scalar> values) {
  Type elem = type.getElementType();
  if (auto floatType = llvm::dyn_cast<FloatType>(elem)) {
    SmallVector<APFloat> out;
    for (const Scalar &s : values) {
      APFloat v(s.asDouble());
      bool losesInfo;
      v.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &losesInfo);
      out.push_back(v);
    }
    return DenseElementsAttr::get(type, out);
  }
  auto intType = llvm::cast<IntegerType>(elem);
  SmallVector<APInt> out;
  for (const Scalar &s : values) {
    int64_t v;
    if (intType.getWidth() == 1)
      v = s.isFloat ? (s.f != 0.0 || std::isnan(s.f)) : s.i != 0;
    else
      v = s.isFloat ? static_cast<int64_t>(std::trunc(s.f)) : s.i;
    out.push_back(APInt(intType.getWidth(), static_cast<uint64_t>(v),
                        !intType.isUnsigned() && intType.getWidth() > 1));
  }
  return DenseElementsAttr::get(type, out);
}

/// Two's-complement arithmetic on int64 without signed-overflow UB.
template <typename Op> int64_t wrapping(int64_t a, int64_t b, Op op) {
  return static_cast<int64_t>(
      op(static_cast<uint64_t>(a), static_cast<uint64_t>(b)));
}

/// max/min that propagate NaN from either side, like numpy.maximum/minimum.
template <typename T> T nanMax(T a, T b) {
  if constexpr (std::is_floating_point_v<T>)
    if (std::isnan(a) || std::isnan(b))
      return std::numeric_limits<T>::quiet_NaN();
  return std::max(a, b);
}
template <typename T> T nanMin(T a, T b) {
  if constexpr (std::is_floating_point_v<T>)
    if (std::isnan(a) || std::isnan(b))
      return std::numeric_limits<T>::quiet_NaN();
  return std::min(a, b);
}

/// Flat index into an input of shape `in` for the flat output index `flat`
/// of `out`, under numpy broadcasting.
int64_t broadcastIndex(int64_t flat, ArrayRef<int64_t> out,
                       ArrayRef<int64_t> in) {
  int64_t index = 0, stride = 1;
  for (int64_t d = out.size() - 1, k = in.size() - 1; d >= 0; --d, --k) {
    int64_t coord = flat % out[d];
    flat /= out[d];
    if (k < 0)
      continue;
    if (in[k] != 1)
      index += coord * stride;
    stride *= in[k];
  }
  return index;
}

/// Evaluates an elementwise op over broadcast constant operands.
template <typename Fn>
OpFoldResult foldElementwise(Operation *op, ArrayRef<Attribute> operands,
                             Fn fn) {
  RankedTensorType type = resultTensorType(op);
  if (!type || type.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<DenseElementsAttr> inputs;
  for (Attribute a : operands) {
    DenseElementsAttr d = foldable(a);
    if (!d || !(llvm::isa<FloatType>(d.getElementType()) ||
                llvm::isa<IntegerType>(d.getElementType())))
      return {};
    // The evaluator works in int64: leave ui64 values above INT64_MAX alone.
    if (d.getElementType().isUnsignedInteger(64) &&
        llvm::any_of(d.getValues<APInt>(),
                     [](const APInt &v) { return v.isNegative(); }))
      return {};
    inputs.push_back(d);
  }
  SmallVector<SmallVector<Scalar>> values;
  for (DenseElementsAttr d : inputs)
    values.push_back(readScalars(d));
  SmallVector<Scalar> result;
  SmallVector<Scalar> args(inputs.size());
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    for (auto [k, input] : llvm::enumerate(inputs))
      args[k] = values[k][broadcastIndex(i, type.getShape(),
                                         input.getType().getShape())];
    std::optional<Scalar> v = fn(ArrayRef<Scalar>(args));
    if (!v)
      return {};
    result.push_back(*v);
  }
  return buildElements(type, result);
}

template <typename IntFn, typename FloatFn>
OpFoldResult foldArithmetic(Operation *op, ArrayRef<Attribute> operands,
                            IntFn intFn, FloatFn floatFn) {
  return foldElementwise(op, operands,
                         [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
                           if (a[0].isFloat)
                             return Scalar{true, 0, floatFn(a[0].f, a[1].f)};
                           std::optional<int64_t> v = intFn(a[0].i, a[1].i);
                           if (!v)
                             return std::nullopt;
                           return Scalar{false, *v, 0};
                         });
}

template <typename Cmp>
OpFoldResult foldCompare(Operation *op, ArrayRef<Attribute> operands, Cmp cmp) {
  return foldElementwise(
      op, operands, [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
        bool r = a[0].isFloat ? cmp(a[0].f, a[1].f) : cmp(a[0].i, a[1].i);
        return Scalar{false, r ? 1 : 0, 0};
      });
}

/// `value` reshaped to the result type when it is a foldable constant.
OpFoldResult reshapeConstant(Operation *op, Attribute value) {
  RankedTensorType type = resultTensorType(op);
  if (auto dense = llvm::dyn_cast_or_null<DenseElementsAttr>(value)) {
    if (dense.isSplat() || dense.getNumElements() <= kMaxFoldElements)
      return dense.reshape(type);
  }
  return {};
}

} // namespace

//===----------------------------------------------------------------------===//
// Elementwise folders.
//===----------------------------------------------------------------------===//

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldArithmetic(
      *this, adaptor.getOperands(),
      [](int64_t a, int64_t b) -> std::optional<int64_t> {
        return wrapping(a, b, std::plus<uint64_t>());
      },
      [](double a, double b) { return a + b; });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldArithmetic(
      *this, adaptor.getOperands(),
      [](int64_t a, int64_t b) -> std::optional<int64_t> {
        return wrapping(a, b, std::minus<uint64_t>());
      },
      [](double a, double b) { return a - b; });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldArithmetic(
      *this, adaptor.getOperands(),
      [](int64_t a, int64_t b) -> std::optional<int64_t> {
        return wrapping(a, b, std::multiplies<uint64_t>());
      },
      [](double a, double b) { return a * b; });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldArithmetic(
      *this, adaptor.getOperands(),
      [](int64_t a, int64_t b) -> std::optional<int64_t> {
        if (b == 0)
          return std::nullopt; // Leave the runtime to report it.
        if (a == std::numeric_limits<int64_t>::min() && b == -1)
          return a;   // Wraps, as numpy does (C++ would trap).
        return a / b; // ONNX integer Div truncates like C.
      },
      [](double a, double b) { return a / b; });
}

template <typename IntFn, typename FloatFn>
static OpFoldResult foldUnary(Operation *op, Attribute operand, IntFn intFn,
                              FloatFn floatFn) {
  return foldElementwise(op, {operand},
                         [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
                           if (a[0].isFloat)
                             return Scalar{true, 0, floatFn(a[0].f)};
                           return Scalar{false, intFn(a[0].i), 0};
                         });
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      *this, adaptor.getX(), [](int64_t v) { return -v; },
      [](double v) { return -v; });
}
OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      *this, adaptor.getX(), [](int64_t v) { return v < 0 ? -v : v; },
      [](double v) { return std::fabs(v); });
}
OpFoldResult FloorOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      *this, adaptor.getX(), [](int64_t v) { return v; },
      [](double v) { return std::floor(v); });
}
OpFoldResult CeilOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      *this, adaptor.getX(), [](int64_t v) { return v; },
      [](double v) { return std::ceil(v); });
}
OpFoldResult SqrtOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      *this, adaptor.getX(), [](int64_t v) { return v; },
      [](double v) { return std::sqrt(v); });
}
OpFoldResult ReciprocalOp::fold(FoldAdaptor adaptor) {
  return foldUnary(
      *this, adaptor.getX(), [](int64_t v) { return v; },
      [](double v) { return 1.0 / v; });
}

/// Variadic Max/Min/Sum/Mean over constants, reduced pairwise.
template <typename Fn>
static OpFoldResult foldVariadic(Operation *op, ArrayRef<Attribute> operands,
                                 Fn fn, bool mean = false) {
  return foldElementwise(op, operands,
                         [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
                           Scalar acc = a[0];
                           for (const Scalar &s : a.drop_front()) {
                             if (acc.isFloat)
                               acc.f = fn(acc.f, s.f);
                             else
                               acc.i = fn(acc.i, s.i);
                           }
                           if (mean) {
                             if (!acc.isFloat)
                               return std::nullopt;
                             acc.f /= a.size();
                           }
                           return acc;
                         });
}

OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  return foldVariadic(*this, adaptor.getOperands(),
                      [](auto a, auto b) { return nanMax(a, b); });
}
OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  return foldVariadic(*this, adaptor.getOperands(),
                      [](auto a, auto b) { return nanMin(a, b); });
}
OpFoldResult SumOp::fold(FoldAdaptor adaptor) {
  return foldVariadic(*this, adaptor.getOperands(),
                      [](auto a, auto b) { return a + b; });
}
OpFoldResult MeanOp::fold(FoldAdaptor adaptor) {
  return foldVariadic(
      *this, adaptor.getOperands(), [](auto a, auto b) { return a + b; },
      /*mean=*/true);
}

OpFoldResult AndOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](auto a, auto b) { return a && b; });
}
OpFoldResult OrOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](auto a, auto b) { return a || b; });
}
OpFoldResult XorOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](auto a, auto b) { return (a != 0) != (b != 0); });
}
OpFoldResult EqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](auto a, auto b) { return a == b; });
}
OpFoldResult LessOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](auto a, auto b) { return a < b; });
}
OpFoldResult LessOrEqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](auto a, auto b) { return a <= b; });
}
OpFoldResult GreaterOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](auto a, auto b) { return a > b; });
}
OpFoldResult GreaterOrEqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](auto a, auto b) { return a >= b; });
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  // A splat condition selects one side when it already has the result type.
  if (auto cond =
          llvm::dyn_cast_or_null<DenseElementsAttr>(adaptor.getCondition());
      cond && cond.isSplat()) {
    Value chosen = cond.getSplatValue<bool>() ? getX() : getY();
    if (chosen.getType() == getType())
      return chosen;
  }
  return foldElementwise(*this, adaptor.getOperands(),
                         [](ArrayRef<Scalar> a) -> std::optional<Scalar> {
                           return a[0].i ? a[1] : a[2];
                         });
}

//===----------------------------------------------------------------------===//
// Shape and data-movement folders.
//===----------------------------------------------------------------------===//

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> shape =
      llvm::cast<RankedTensorType>(getData().getType()).getShape();
  auto [start, end] = getDimRange();
  SmallVector<int64_t> dims(shape.begin() + start, shape.begin() + end);
  return DenseElementsAttr::get(resultTensorType(*this),
                                ArrayRef<int64_t>(dims));
}

OpFoldResult SizeOp::fold(FoldAdaptor) {
  auto type = llvm::cast<RankedTensorType>(getData().getType());
  return DenseElementsAttr::get(resultTensorType(*this),
                                ArrayRef<int64_t>{type.getNumElements()});
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getData().getType() == getType())
    return getData();
  return reshapeConstant(*this, adaptor.getData());
}

OpFoldResult SqueezeOp::fold(FoldAdaptor adaptor) {
  if (getData().getType() == getType())
    return getData();
  return reshapeConstant(*this, adaptor.getData());
}

OpFoldResult UnsqueezeOp::fold(FoldAdaptor adaptor) {
  if (getData().getType() == getType())
    return getData();
  return reshapeConstant(*this, adaptor.getData());
}

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto dense = llvm::dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (dense && dense.isSplat())
    return DenseElementsAttr::get(getType(), dense.getSplatValue<Attribute>());
  return foldElementwise(
      *this, {adaptor.getInput()},
      [](ArrayRef<Scalar> a) -> std::optional<Scalar> { return a[0]; });
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  auto inType = llvm::cast<RankedTensorType>(getData().getType());
  SmallVector<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getData();
  DenseElementsAttr dense = foldable(adaptor.getData());
  if (!dense)
    return {};
  if (dense.isSplat())
    return dense.reshape(getType());
  // Walk output elements and gather from the permuted input position.
  RankedTensorType outType = getType();
  SmallVector<int64_t> inStrides(inType.getRank(), 1);
  for (int64_t d = inType.getRank() - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * inType.getDimSize(d + 1);
  SmallVector<Attribute> values(dense.getValues<Attribute>());
  SmallVector<Attribute> out;
  for (int64_t flat = 0; flat < outType.getNumElements(); ++flat) {
    int64_t rest = flat, index = 0;
    for (int64_t d = outType.getRank() - 1; d >= 0; --d) {
      index += (rest % outType.getDimSize(d)) * inStrides[perm[d]];
      rest /= outType.getDimSize(d);
    }
    out.push_back(values[index]);
  }
  return DenseElementsAttr::get(outType, out);
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  RankedTensorType type = getType();
  if (type.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<DenseElementsAttr> inputs;
  for (Attribute a : adaptor.getInputs()) {
    DenseElementsAttr d = foldable(a);
    if (!d)
      return {};
    inputs.push_back(d);
  }
  int64_t axis = *normalizeAxis(getAxis(), type.getRank());
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= type.getDimSize(d);
  SmallVector<SmallVector<Attribute>> values;
  for (DenseElementsAttr d : inputs)
    values.emplace_back(d.getValues<Attribute>());
  SmallVector<Attribute> out;
  for (int64_t o = 0; o < outer; ++o)
    for (auto [d, v] : llvm::zip(inputs, values)) {
      int64_t chunk = d.getNumElements() / outer;
      out.append(v.begin() + o * chunk, v.begin() + (o + 1) * chunk);
    }
  return DenseElementsAttr::get(type, out);
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr data = foldable(adaptor.getData());
  DenseElementsAttr indices = foldable(adaptor.getIndices());
  RankedTensorType type = getType();
  if (!data || !indices || type.getNumElements() > kMaxFoldElements)
    return {};
  ArrayRef<int64_t> dataShape = data.getType().getShape();
  int64_t axis = *normalizeAxis(getAxis(), dataShape.size());
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= dataShape[d];
  for (int64_t d = axis + 1; d < static_cast<int64_t>(dataShape.size()); ++d)
    inner *= dataShape[d];
  SmallVector<Attribute> values(data.getValues<Attribute>());
  SmallVector<Scalar> idx = readScalars(indices);
  SmallVector<Attribute> out;
  for (int64_t o = 0; o < outer; ++o)
    for (const Scalar &s : idx) {
      int64_t i = s.i < 0 ? s.i + dataShape[axis] : s.i;
      if (i < 0 || i >= dataShape[axis])
        return {};
      for (int64_t k = 0; k < inner; ++k)
        out.push_back(values[(o * dataShape[axis] + i) * inner + k]);
    }
  return DenseElementsAttr::get(type, out);
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  auto inType = llvm::cast<RankedTensorType>(getData().getType());
  RankedTensorType outType = getType();
  auto starts = getConstantInts(getStarts());
  auto steps = isNone(getSteps())
                   ? std::optional<SmallVector<int64_t>>(SmallVector<int64_t>())
                   : getConstantInts(getSteps());
  auto axes = isNone(getAxes())
                  ? std::optional<SmallVector<int64_t>>(SmallVector<int64_t>())
                  : getConstantInts(getAxes());
  if (!starts || !steps || !axes)
    return {};
  // Per-axis start and step, after ONNX's clamping.
  SmallVector<int64_t> begin(inType.getRank(), 0), step(inType.getRank(), 1);
  for (size_t i = 0; i < starts->size(); ++i) {
    int64_t axis =
        axes->empty() ? i : *normalizeAxis((*axes)[i], inType.getRank());
    int64_t dim = inType.getDimSize(axis);
    int64_t st = steps->empty() ? 1 : (*steps)[i];
    int64_t s = (*starts)[i];
    if (s < 0)
      s += dim;
    begin[axis] = st > 0 ? std::clamp<int64_t>(s, 0, dim)
                         : std::clamp<int64_t>(s, 0, dim - 1);
    step[axis] = st;
  }
  if (inType == outType &&
      llvm::all_of(begin, [](int64_t b) { return b == 0; }) &&
      llvm::all_of(step, [](int64_t s) { return s == 1; }))
    return getData();
  DenseElementsAttr data = foldable(adaptor.getData());
  if (!data || outType.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<Attribute> values(data.getValues<Attribute>());
  SmallVector<int64_t> inStrides(inType.getRank(), 1);
  for (int64_t d = inType.getRank() - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * inType.getDimSize(d + 1);
  SmallVector<Attribute> out;
  for (int64_t flat = 0; flat < outType.getNumElements(); ++flat) {
    int64_t rest = flat, index = 0;
    for (int64_t d = outType.getRank() - 1; d >= 0; --d) {
      int64_t coord = rest % outType.getDimSize(d);
      rest /= outType.getDimSize(d);
      index += (begin[d] + coord * step[d]) * inStrides[d];
    }
    out.push_back(values[index]);
  }
  return DenseElementsAttr::get(outType, out);
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto dense = llvm::dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (!dense || !(llvm::isa<IntegerType, FloatType>(dense.getElementType())))
    return {};
  if (dense.isSplat() || dense.getNumElements() <= kMaxFoldElements) {
    SmallVector<Scalar> values = readScalars(dense);
    if (dense.isSplat())
      values.resize(1);
    DenseElementsAttr out = buildElements(
        dense.isSplat() ? RankedTensorType::get({}, getTo()) : getType(),
        values);
    return dense.isSplat() ? DenseElementsAttr::get(
                                 getType(), out.getSplatValue<Attribute>())
                           : out;
  }
  return {};
}

OpFoldResult ConstantOfShapeOp::fold(FoldAdaptor) {
  RankedTensorType type = getType();
  if (auto value = getValue()) {
    auto dense = llvm::dyn_cast<DenseElementsAttr>(*value);
    if (!dense)
      return {};
    return DenseElementsAttr::get(type, dense.getValues<Attribute>()[0]);
  }
  return DenseElementsAttr::get(type,
                                FloatAttr::get(type.getElementType(), 0.0));
}

OpFoldResult RangeOp::fold(FoldAdaptor adaptor) {
  RankedTensorType type = getType();
  if (type.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<Scalar> args;
  for (Attribute a : adaptor.getOperands()) {
    DenseElementsAttr d = foldable(a);
    if (!d)
      return {};
    args.push_back(readScalars(d)[0]);
  }
  SmallVector<Scalar> out;
  for (int64_t i = 0; i < type.getNumElements(); ++i) {
    Scalar s = args[0];
    if (s.isFloat)
      s.f += i * args[2].f;
    else
      s.i += i * args[2].i;
    out.push_back(s);
  }
  return buildElements(type, out);
}

//===----------------------------------------------------------------------===//
// Canonicalization patterns.
//===----------------------------------------------------------------------===//

namespace {

/// Dropout in inference mode is the identity; its mask is all true.
struct RemoveInferenceDropout : OpRewritePattern<DropoutOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DropoutOp op,
                                PatternRewriter &rewriter) const override {
    if (!isNone(op.getTrainingMode())) {
      DenseElementsAttr mode = getConstantElements(op.getTrainingMode());
      if (!mode || mode.getSplatValue<bool>())
        return failure();
    }
    SmallVector<Value> replacements = {op.getData()};
    if (isNone(op.getMask())) {
      replacements.push_back(rewriter.create<NoValueOp>(op.getLoc()));
    } else {
      auto maskType = llvm::cast<RankedTensorType>(op.getMask().getType());
      replacements.push_back(rewriter.create<ConstantOp>(
          op.getLoc(), DenseElementsAttr::get(maskType, true)));
    }
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

/// Reshape(Reshape(x)) -> Reshape(x); a shape operand that is not constant,
/// or holds -1 or copied zeros, becomes the explicit (static) result shape.
struct SimplifyReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    Value data = op.getData();
    bool changed = false;
    if (auto inner = data.getDefiningOp<ReshapeOp>()) {
      data = inner.getData();
      changed = true;
    }
    // Canonical shape operand: the explicit result dims (no -1, no copied 0).
    std::optional<SmallVector<int64_t>> shape = getConstantInts(op.getShape());
    if (!shape || ArrayRef<int64_t>(*shape) != op.getType().getShape())
      changed = true;
    if (!changed)
      return failure();
    ArrayRef<int64_t> dims = op.getType().getShape();
    auto shapeType = RankedTensorType::get({static_cast<int64_t>(dims.size())},
                                           rewriter.getI64Type());
    Value shapeValue = rewriter.create<ConstantOp>(
        op.getLoc(), DenseElementsAttr::get(shapeType, dims));
    // Explicit dims: zeros in the result must be taken literally.
    bool hasZero = llvm::is_contained(dims, 0);
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), data, shapeValue,
                                           hasZero ? 1 : op.getAllowzero());
    return success();
  }
};

/// Transpose(Transpose(x, p1), p2) -> Transpose(x, p1 o p2).
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getData().getDefiningOp<TransposeOp>();
    if (!inner)
      return failure();
    SmallVector<int64_t> outer = op.getPermutation(),
                         first = inner.getPermutation(), composed;
    for (int64_t p : outer)
      composed.push_back(first[p]);
    rewriter.replaceOpWithNewOp<TransposeOp>(
        op, op.getType(), inner.getData(),
        rewriter.getDenseI64ArrayAttr(composed));
    return success();
  }
};

} // namespace

void DropoutOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<RemoveInferenceDropout>(context);
}

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<SimplifyReshape>(context);
}

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<ComposeTransposes>(context);
}

} // namespace kiln::onnx
