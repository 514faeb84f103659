//===- SparseVitOps.cpp - sparse_vit builders and generated code ----------===//
//
// Builders (inferring result types from operands and attributes) and
// accessors. The verifiers are in SparseVitVerifiers.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/IR/SparseVitOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;

namespace kiln::sparse_vit {

//===----------------------------------------------------------------------===//
// Helpers.
//===----------------------------------------------------------------------===//

static RankedTensorType f32Tensor(Builder &b, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, b.getF32Type());
}

/// Dimension `dim` of `value`'s ranked tensor type, or dynamic (the verifier
/// then reports the operand).
static int64_t dimOr(Value value, unsigned dim) {
  auto type = llvm::dyn_cast_if_present<RankedTensorType>(
      value ? value.getType() : Type());
  if (!type || type.getRank() <= dim)
    return ShapedType::kDynamic;
  return type.getDimSize(dim);
}

/// `n + delta`, or dynamic when `n` is.
static int64_t plus(int64_t n, int64_t delta) {
  return ShapedType::isDynamic(n) ? n : n + delta;
}

//===----------------------------------------------------------------------===//
// Builders.
//===----------------------------------------------------------------------===//

void AttentionOp::build(OpBuilder &b, OperationState &state, Value x, Value wq,
                        Value bq, Value wk, Value bk, Value wv, Value bv,
                        Value wo, Value bo, int64_t numHeads, float scale,
                        ArrayRef<int64_t> heads, Value keyBias) {
  int64_t batch = dimOr(x, 0), tokens = dimOr(x, 1), dim = dimOr(x, 2);
  // probs holds every head (see the op's description), kept or not.
  int64_t kept = numHeads;
  build(b, state, f32Tensor(b, {batch, tokens, dim}),
        f32Tensor(b, {batch, kept, tokens, tokens}), x, wq, bq, wk, bk, wv, bv,
        wo, bo, keyBias, b.getI64IntegerAttr(numHeads), b.getF32FloatAttr(scale),
        heads.empty() ? DenseI64ArrayAttr() : b.getDenseI64ArrayAttr(heads));
}

SmallVector<int64_t> AttentionOp::getKeptHeads() {
  if (std::optional<ArrayRef<int64_t>> heads = getHeads())
    return SmallVector<int64_t>(*heads);
  return llvm::to_vector(llvm::seq<int64_t>(0, getNumHeads()));
}

int64_t AttentionOp::getHeadDim() {
  int64_t dim = dimOr(getX(), 2);
  return getNumHeads() > 0 ? dim / getNumHeads() : 0;
}

void ScoreOp::build(OpBuilder &b, OperationState &state, Value probs,
                    Value prev, StringRef policy) {
  build(b, state, f32Tensor(b, {dimOr(probs, 0), dimOr(probs, 3)}), probs,
        prev, b.getStringAttr(policy));
}

void SelectTokensOp::build(OpBuilder &b, OperationState &state, Value x,
                           Value score, int64_t keep) {
  int64_t batch = dimOr(x, 0);
  build(b, state, f32Tensor(b, {batch, keep + 1, dimOr(x, 2)}),
        RankedTensorType::get({batch, keep + 1}, b.getI64Type()), x, score,
        b.getI64IntegerAttr(keep));
}

void GatherTokensOp::build(OpBuilder &b, OperationState &state, Value t,
                           Value indices) {
  auto type = llvm::cast<RankedTensorType>(t.getType());
  SmallVector<int64_t> shape(type.getShape());
  if (shape.size() >= 2)
    shape[1] = dimOr(indices, 1);
  build(b, state, RankedTensorType::get(shape, type.getElementType()), t,
        indices);
}

void FuseInattentiveOp::build(OpBuilder &b, OperationState &state, Value x,
                              Value score, int64_t keep) {
  build(b, state, f32Tensor(b, {dimOr(x, 0), keep + 2, dimOr(x, 2)}), x, score,
        b.getI64IntegerAttr(keep));
}

void MergeTokensOp::build(OpBuilder &b, OperationState &state, Value x,
                          Value keys, Value sizes, int64_t r) {
  int64_t batch = dimOr(x, 0), left = plus(dimOr(x, 1), -r);
  build(b, state, f32Tensor(b, {batch, left, dimOr(x, 2)}),
        f32Tensor(b, {batch, left}), x, keys, sizes, b.getI64IntegerAttr(r));
}

} // namespace kiln::sparse_vit

#define GET_OP_CLASSES
#include "dialects/sparse_vit/IR/SparseVitOps.cpp.inc"
