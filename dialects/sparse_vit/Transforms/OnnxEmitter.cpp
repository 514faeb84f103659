//===- OnnxEmitter.cpp - typed onnx op construction -----------------------===//

#include "OnnxEmitter.h"

#include "dialects/onnx/IR/OnnxConstants.h"
#include "dialects/onnx/IR/OnnxOps.h"

#include <algorithm>

using namespace mlir;

namespace kiln::sparse_vit {

namespace {
/// Emitted ops combine shapes this file derived, so they always broadcast;
/// a mismatch is a bug in the emitter.
SmallVector<int64_t> broadcast(ArrayRef<int64_t> a, ArrayRef<int64_t> c) {
  std::optional<SmallVector<int64_t>> out = onnx::broadcastShapes({a, c});
  assert(out && "OnnxEmitter: operands do not broadcast");
  return *out;
}

/// Axes the emitter passes are in range by construction.
int64_t normAxis(int64_t axis, int64_t rank) {
  return *onnx::normalizeAxis(axis, rank);
}
} // namespace

RankedTensorType OnnxEmitter::type(ArrayRef<int64_t> shape, Type elem) {
  return RankedTensorType::get(shape, elem);
}

Value OnnxEmitter::i64s(ArrayRef<int64_t> values) {
  return i64Tensor({static_cast<int64_t>(values.size())}, values);
}

Value OnnxEmitter::i64Tensor(ArrayRef<int64_t> shape,
                             ArrayRef<int64_t> values) {
  auto t = type(shape, b.getI64Type());
  return b.create<onnx::ConstantOp>(loc, DenseElementsAttr::get(t, values));
}

Value OnnxEmitter::f32Scalar(float value) {
  auto t = type({}, b.getF32Type());
  return b.create<onnx::ConstantOp>(loc, DenseElementsAttr::get(t, value));
}

Value OnnxEmitter::f32Tensor(ArrayRef<int64_t> shape,
                             const std::vector<float> &values, StringRef name) {
  return onnx::createConstant(b, loc, type(shape, b.getF32Type()), values,
                              name);
}

Value OnnxEmitter::zerosLike(ArrayRef<int64_t> shape, Type elemType) {
  auto t = type(shape, elemType);
  Attribute zero = elemType.isF32() ? Attribute(b.getF32FloatAttr(0))
                                    : Attribute(b.getIntegerAttr(elemType, 0));
  return b.create<onnx::ConstantOp>(loc, DenseElementsAttr::get(t, zero));
}

Value OnnxEmitter::binary(StringRef op, Value a, Value c) {
  auto t = type(broadcast(shape(a), shape(c)), elem(a));
  return b.create(loc, b.getStringAttr(op), {a, c}, {t})->getResult(0);
}
Value OnnxEmitter::add(Value a, Value c) { return binary("onnx.Add", a, c); }
Value OnnxEmitter::mul(Value a, Value c) { return binary("onnx.Mul", a, c); }
Value OnnxEmitter::div(Value a, Value c) { return binary("onnx.Div", a, c); }
Value OnnxEmitter::log(Value a) {
  return b.create<onnx::LogOp>(loc, a.getType(), a);
}
Value OnnxEmitter::sqrt(Value a) {
  return b.create<onnx::SqrtOp>(loc, a.getType(), a);
}

Value OnnxEmitter::matmul(Value a, Value c) {
  ArrayRef<int64_t> sa = shape(a), sc = shape(c);
  SmallVector<int64_t> batch = broadcast(sa.drop_back(2), sc.drop_back(2));
  batch.push_back(sa[sa.size() - 2]);
  batch.push_back(sc.back());
  return b.create<onnx::MatMulOp>(loc, type(batch, elem(a)), a, c);
}

Value OnnxEmitter::reshape(Value x, ArrayRef<int64_t> newShape) {
  return b.create<onnx::ReshapeOp>(loc, type(newShape, elem(x)), x,
                                   i64s(newShape));
}

Value OnnxEmitter::transpose(Value x, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> out;
  for (int64_t p : perm)
    out.push_back(shape(x)[p]);
  return b
      .create(loc, b.getStringAttr("onnx.Transpose"), {x}, {type(out, elem(x))},
              {b.getNamedAttr("perm", b.getDenseI64ArrayAttr(perm))})
      ->getResult(0);
}

Value OnnxEmitter::softmax(Value x) {
  return b
      .create(loc, b.getStringAttr("onnx.Softmax"), {x}, {x.getType()},
              {b.getNamedAttr("axis", b.getI64IntegerAttr(-1))})
      ->getResult(0);
}

Value OnnxEmitter::unsqueeze(Value x, ArrayRef<int64_t> axes) {
  SmallVector<int64_t> out(shape(x));
  SmallVector<int64_t> sorted(axes);
  int64_t rank = out.size() + axes.size();
  for (int64_t &a : sorted)
    a = normAxis(a, rank);
  llvm::sort(sorted);
  for (int64_t a : sorted)
    out.insert(out.begin() + a, 1);
  return b.create<onnx::UnsqueezeOp>(loc, type(out, elem(x)), x, i64s(axes));
}

Value OnnxEmitter::expand(Value x, ArrayRef<int64_t> newShape) {
  auto out = broadcast(shape(x), newShape);
  return b.create<onnx::ExpandOp>(loc, type(out, elem(x)), x, i64s(newShape));
}

Value OnnxEmitter::slice(Value x, int64_t axis, int64_t start, int64_t end) {
  SmallVector<int64_t> out(shape(x));
  out[normAxis(axis, out.size())] = end - start;
  return b.create<onnx::SliceOp>(loc, type(out, elem(x)), x, i64s({start}),
                                 i64s({end}), i64s({axis}), i64s({1}));
}

Value OnnxEmitter::concat(ValueRange inputs, int64_t axis) {
  SmallVector<int64_t> out(shape(inputs.front()));
  int64_t ax = normAxis(axis, out.size());
  out[ax] = 0;
  for (Value v : inputs)
    out[ax] += shape(v)[ax];
  return b
      .create(loc, b.getStringAttr("onnx.Concat"), inputs,
              {type(out, elem(inputs.front()))},
              {b.getNamedAttr("axis", b.getI64IntegerAttr(axis))})
      ->getResult(0);
}

Value OnnxEmitter::gather(Value x, ArrayRef<int64_t> indices, int64_t axis) {
  SmallVector<int64_t> out(shape(x));
  out[normAxis(axis, out.size())] = indices.size();
  return b
      .create(loc, b.getStringAttr("onnx.Gather"), {x, i64s(indices)},
              {type(out, elem(x))},
              {b.getNamedAttr("axis", b.getI64IntegerAttr(axis))})
      ->getResult(0);
}

Value OnnxEmitter::gatherElements(Value x, Value indices, int64_t axis) {
  return b
      .create(loc, b.getStringAttr("onnx.GatherElements"), {x, indices},
              {type(shape(indices), elem(x))},
              {b.getNamedAttr("axis", b.getI64IntegerAttr(axis))})
      ->getResult(0);
}

Value OnnxEmitter::scatterElements(Value data, Value indices, Value updates,
                                   int64_t axis, StringRef reduction) {
  return b
      .create(loc, b.getStringAttr("onnx.ScatterElements"),
              {data, indices, updates}, {data.getType()},
              {b.getNamedAttr("axis", b.getI64IntegerAttr(axis)),
               b.getNamedAttr("reduction", b.getStringAttr(reduction))})
      ->getResult(0);
}

Value OnnxEmitter::reduce(StringRef op, Value x, ArrayRef<int64_t> axes,
                          bool keepdims) {
  SmallVector<int64_t> out;
  ArrayRef<int64_t> in = shape(x);
  for (int64_t i = 0; i < static_cast<int64_t>(in.size()); ++i) {
    bool reduced = llvm::any_of(
        axes, [&](int64_t a) { return normAxis(a, in.size()) == i; });
    if (!reduced)
      out.push_back(in[i]);
    else if (keepdims)
      out.push_back(1);
  }
  NamedAttribute keep =
      b.getNamedAttr("keepdims", b.getI64IntegerAttr(keepdims ? 1 : 0));
  if (op == "onnx.ReduceSum")
    return b
        .create(loc, b.getStringAttr(op), {x, i64s(axes)}, {type(out, elem(x))},
                {keep})
        ->getResult(0);
  return b
      .create(loc, b.getStringAttr(op), {x}, {type(out, elem(x))},
              {b.getNamedAttr("axes", b.getDenseI64ArrayAttr(axes)), keep})
      ->getResult(0);
}
Value OnnxEmitter::reduceMax(Value x, ArrayRef<int64_t> axes, bool keepdims) {
  return reduce("onnx.ReduceMax", x, axes, keepdims);
}
Value OnnxEmitter::reduceMean(Value x, ArrayRef<int64_t> axes, bool keepdims) {
  return reduce("onnx.ReduceMean", x, axes, keepdims);
}
Value OnnxEmitter::reduceSum(Value x, ArrayRef<int64_t> axes, bool keepdims) {
  return reduce("onnx.ReduceSum", x, axes, keepdims);
}

std::pair<Value, Value> OnnxEmitter::topk(Value x, int64_t k, int64_t axis,
                                          bool largest) {
  SmallVector<int64_t> out(shape(x));
  out[normAxis(axis, out.size())] = k;
  Operation *op =
      b.create(loc, b.getStringAttr("onnx.TopK"), {x, i64s({k})},
               {type(out, elem(x)), type(out, b.getI64Type())},
               {b.getNamedAttr("axis", b.getI64IntegerAttr(axis)),
                b.getNamedAttr("largest", b.getI64IntegerAttr(largest ? 1 : 0)),
                b.getNamedAttr("sorted", b.getI64IntegerAttr(1))});
  return {op->getResult(0), op->getResult(1)};
}

Value OnnxEmitter::tokenIndices(Value indices, ArrayRef<int64_t> tokenShape) {
  if (tokenShape.size() == 2)
    return indices;
  SmallVector<int64_t> axes;
  for (size_t i = 2; i < tokenShape.size(); ++i)
    axes.push_back(i);
  Value idx = unsqueeze(indices, axes);
  SmallVector<int64_t> target(tokenShape);
  target[1] = shape(indices)[1];
  return expand(idx, target);
}

Value OnnxEmitter::gatherTokens(Value t, Value indices) {
  return gatherElements(t, tokenIndices(indices, shape(t)), 1);
}

Value OnnxEmitter::projectHeads(Value x, Value w, Value bias, int64_t heads,
                                int64_t headDim, bool keyLayout) {
  ArrayRef<int64_t> xs = shape(x);
  Value y = reshape(add(matmul(x, w), bias), {xs[0], xs[1], heads, headDim});
  return keyLayout ? transpose(y, {0, 2, 3, 1}) : transpose(y, {0, 2, 1, 3});
}

} // namespace kiln::sparse_vit
