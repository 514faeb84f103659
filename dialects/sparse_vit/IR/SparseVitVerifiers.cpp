//===- SparseVitVerifiers.cpp - verifiers of the sparse_vit ops -----------===//
//
// Every shape relation between operands, results and attributes, and every
// attribute range; the messages name the value, its size and the limit.
// Ranks and element types are checked by the ODS type constraints, except
// the index element type of gather_tokens (checked here, by name).
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/IR/SparseVitOps.h"

#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/STLExtras.h"

#include "kiln/Support/ShapeDiagnostics.h"

#include <cmath>
#include <string>

using namespace mlir;
using kiln::expectShape;
using kiln::formatShape;
using kiln::shapeOf;

namespace kiln::sparse_vit {
namespace {


/// `keep` of select_tokens / fuse_inattentive: 1 <= keep <= T - dropped.
LogicalResult checkKeep(Operation *op, int64_t keep, int64_t tokens,
                        int64_t reserved) {
  if (keep < 1)
    return op->emitOpError() << "keep " << keep << " must be at least 1";
  if (keep > tokens - reserved)
    return op->emitOpError() << "keep " << keep << " must be at most T - "
                             << reserved << " = " << tokens - reserved;
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// attention
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getX());
  int64_t batch = x[0], tokens = x[1], dim = x[2];
  int64_t numHeads = getNumHeads();
  if (numHeads < 1)
    return emitOpError() << "num_heads = " << numHeads
                         << " must be at least 1";
  if (dim % numHeads != 0)
    return emitOpError() << "model dim D = " << dim
                         << " is not divisible by num_heads = " << numHeads;
  float scale = getScale().convertToFloat();
  if (!(scale > 0.0f) || !std::isfinite(scale))
    return emitOpError() << "scale = " << scale
                         << " must be positive and finite";

  struct Param {
    StringLiteral name;
    Value value;
    bool matrix;
  };
  Param params[] = {{"wq", getWq(), true}, {"bq", getBq(), false},
                    {"wk", getWk(), true}, {"bk", getBk(), false},
                    {"wv", getWv(), true}, {"bv", getBv(), false},
                    {"wo", getWo(), true}, {"bo", getBo(), false}};
  for (const Param &p : params) {
    if (p.matrix) {
      if (failed(expectShape(*this, p.name, p.value, {dim, dim},
                             "D x D, D = " + Twine(dim) + " from x")))
        return failure();
    } else if (failed(expectShape(*this, p.name, p.value, {dim},
                                  "D = " + Twine(dim) + " from x"))) {
      return failure();
    }
  }
  if (Value keyBias = getKeyBias())
    if (failed(expectShape(*this, "key_bias", keyBias, {batch, tokens},
                           "B x T of x")))
      return failure();

  if (std::optional<ArrayRef<int64_t>> heads = getHeads()) {
    if (heads->empty())
      return emitOpError() << "heads must not be empty (omit it to keep all "
                           << numHeads << " heads)";
    for (auto [i, h] : llvm::enumerate(*heads)) {
      if (h < 0 || h >= numHeads)
        return emitOpError() << "head " << h << " out of range [0, "
                             << numHeads << ")";
      if (i > 0 && h <= (*heads)[i - 1])
        return emitOpError() << "heads must be strictly increasing, but " << h
                             << " follows " << (*heads)[i - 1];
    }
  }
  if (failed(expectShape(*this, "result out", getOut(), x, "B x T x D of x")))
    return failure();
  // Every head's probabilities: scores and head importance read them.
  return expectShape(*this, "result probs", getProbs(),
                     {batch, numHeads, tokens, tokens},
                     "B x H x T x T, H = " + Twine(numHeads) + " heads");
}

//===----------------------------------------------------------------------===//
// score
//===----------------------------------------------------------------------===//

LogicalResult ScoreOp::verify() {
  StringRef policy = getPolicy();
  if (policy != kPolicyCpVit && policy != kPolicyEvit)
    return emitOpError() << "policy \"" << policy
                         << "\" must be \"cp-vit\" or \"evit\"";
  ArrayRef<int64_t> probs = shapeOf(getProbs());
  int64_t batch = probs[0], tokens = probs[3];
  if (probs[2] != tokens)
    return emitOpError() << "probs has shape " << formatShape(probs)
                         << ", expected B x H x T x T (as many queries as "
                            "keys)";
  if (Value prev = getPrev()) {
    if (policy == kPolicyEvit)
      return emitOpError() << "policy \"evit\" takes no prev score (the "
                              "EViT score is not cumulative)";
    if (failed(expectShape(*this, "prev", prev, {batch, tokens},
                           "B x T of probs")))
      return failure();
  }
  return expectShape(*this, "result", getScore(), {batch, tokens},
                     "B x T of probs");
}

//===----------------------------------------------------------------------===//
// select_tokens
//===----------------------------------------------------------------------===//

LogicalResult SelectTokensOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getX());
  int64_t batch = x[0], tokens = x[1], dim = x[2], keep = getKeep();
  if (failed(checkKeep(*this, keep, tokens, 1)))
    return failure();
  if (failed(expectShape(*this, "score", getScore(), {batch, tokens},
                         "B x T of x")))
    return failure();
  if (failed(expectShape(*this, "result y", getY(), {batch, keep + 1, dim},
                         "B x (keep + 1) x D")))
    return failure();
  return expectShape(*this, "result indices", getIndices(), {batch, keep + 1},
                     "B x (keep + 1)");
}

//===----------------------------------------------------------------------===//
// gather_tokens
//===----------------------------------------------------------------------===//

LogicalResult GatherTokensOp::verify() {
  auto t = llvm::cast<RankedTensorType>(getT().getType());
  auto indices = llvm::cast<RankedTensorType>(getIndices().getType());
  auto result = llvm::cast<RankedTensorType>(getResult().getType());
  if (t.getRank() < 2)
    return emitOpError() << "t must have rank >= 2 (B x T x ...), got rank "
                         << t.getRank();
  if (!indices.getElementType().isSignlessInteger(64))
    return emitOpError() << "indices must have element type i64, got "
                         << indices.getElementType();
  if (indices.getDimSize(0) != t.getDimSize(0))
    return emitOpError() << "indices batch " << indices.getDimSize(0)
                         << " differs from t batch " << t.getDimSize(0);
  if (result.getElementType() != t.getElementType())
    return emitOpError() << "result element type " << result.getElementType()
                         << " differs from t element type "
                         << t.getElementType();
  SmallVector<int64_t> expected(t.getShape());
  expected[1] = indices.getDimSize(1);
  return expectShape(*this, "result", getResult(), expected,
                     "t with dim 1 = K of indices");
}

//===----------------------------------------------------------------------===//
// fuse_inattentive
//===----------------------------------------------------------------------===//

LogicalResult FuseInattentiveOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getX());
  int64_t batch = x[0], tokens = x[1], dim = x[2], keep = getKeep();
  if (failed(checkKeep(*this, keep, tokens, 2)))
    return failure();
  if (failed(expectShape(*this, "score", getScore(), {batch, tokens},
                         "B x T of x")))
    return failure();
  return expectShape(*this, "result", getY(), {batch, keep + 2, dim},
                     "B x (keep + 2) x D: CLS, keep tokens, the fused token");
}

//===----------------------------------------------------------------------===//
// merge_tokens
//===----------------------------------------------------------------------===//

LogicalResult MergeTokensOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getX());
  int64_t batch = x[0], tokens = x[1], dim = x[2], r = getR();
  if (tokens < 3)
    return emitOpError() << "needs T >= 3 tokens (CLS and at least one A and "
                            "one B token), got T = "
                         << tokens;
  int64_t sources = numMergeSources(tokens);
  if (r < 1)
    return emitOpError() << "r " << r << " must be at least 1";
  if (r > sources)
    return emitOpError() << "r " << r
                         << " must be at most the number of A tokens "
                            "ceil((T - 1) / 2) = "
                         << sources;
  int64_t dk = shapeOf(getKeys())[2];
  if (failed(expectShape(*this, "keys", getKeys(), {batch, tokens, dk},
                         "B x T x dk, B x T of x")))
    return failure();
  if (failed(expectShape(*this, "sizes", getSizes(), {batch, tokens},
                         "B x T of x")))
    return failure();
  if (failed(expectShape(*this, "result y", getY(), {batch, tokens - r, dim},
                         "B x (T - r) x D")))
    return failure();
  return expectShape(*this, "result sizes_out", getSizesOut(),
                     {batch, tokens - r}, "B x (T - r)");
}

} // namespace kiln::sparse_vit
