//===- Lower.cpp - sparse_vit ops to onnx ops -----------------------------===//
//
// Every sparse_vit op becomes onnx ops that the host executor and every
// target run (docs/transforms/cp-vit.md, "Lowering"). Token selections use
// TopK, whose ties go to the lower index (the order the ops define), and
// GatherElements; ToMe's merge is a ScatterElements add. Dropped heads are
// removed from constant weights at compile time, so they cost nothing.
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/Transforms/Passes.h"

#include "CpVit.h"
#include "OnnxEmitter.h"
#include "dialects/onnx/IR/OnnxConstants.h"
#include "lib/Analysis/FlopCount.h"

#include "llvm/ADT/TypeSwitch.h"

namespace kiln::sparse_vit {
#define GEN_PASS_DEF_SPARSEVITLOWER
#include "dialects/sparse_vit/Transforms/Passes.h.inc"

using namespace mlir;

namespace {

/// Columns (axis 1 of [D, D]) or elements/rows (axis 0) of the kept heads:
/// folded into a new constant when `w` is one, else an onnx.Gather.
Value keptHeadSlices(OnnxEmitter &e, Value w, ArrayRef<int64_t> heads,
                     int64_t headDim, int64_t axis) {
  SmallVector<int64_t> idx;
  for (int64_t h : heads)
    for (int64_t i = 0; i < headDim; ++i)
      idx.push_back(h * headDim + i);
  ArrayRef<int64_t> s = OnnxEmitter::shape(w);
  std::vector<float> values;
  if (!onnx::readConstantFloats(w, values))
    return e.gather(w, idx, axis);
  std::vector<float> out;
  SmallVector<int64_t> outShape(s);
  outShape[axis] = idx.size();
  if (s.size() == 1) {
    for (int64_t i : idx)
      out.push_back(values[i]);
  } else if (axis == 0) {
    for (int64_t i : idx)
      out.insert(out.end(), values.begin() + i * s[1],
                 values.begin() + (i + 1) * s[1]);
  } else {
    for (int64_t r = 0; r < s[0]; ++r)
      for (int64_t i : idx)
        out.push_back(values[r * s[1] + i]);
  }
  return e.f32Tensor(outShape, out, "sparse_vit.kept_heads");
}

void lowerAttention(AttentionOp op) {
  OpBuilder b(op);
  OnnxEmitter e(b, op.getLoc());
  const int64_t heads = op.getNumHeads(), d = op.getHeadDim();
  ArrayRef<int64_t> xs = OnnxEmitter::shape(op.getX());
  const int64_t batch = xs[0], tokens = xs[1];
  Value q = e.projectHeads(op.getX(), op.getWq(), op.getBq(), heads, d, false);
  Value kT = e.projectHeads(op.getX(), op.getWk(), op.getBk(), heads, d, true);
  Value logits =
      e.mul(e.matmul(q, kT), e.f32Scalar(op.getScale().convertToFloat()));
  if (Value bias = op.getKeyBias())
    logits = e.add(logits, e.reshape(bias, {batch, 1, 1, tokens}));
  Value probs = e.softmax(logits);

  SmallVector<int64_t> kept = op.getKeptHeads();
  const int64_t nk = kept.size();
  Value wv = op.getWv(), bv = op.getBv(), wo = op.getWo(), used = probs;
  if (nk < heads) {
    wv = keptHeadSlices(e, wv, kept, d, 1);
    bv = keptHeadSlices(e, bv, kept, d, 0);
    wo = keptHeadSlices(e, wo, kept, d, 0);
    used = e.gather(probs, kept, 1);
  }
  Value v = e.projectHeads(op.getX(), wv, bv, nk, d, false);
  Value ctx = e.transpose(e.matmul(used, v), {0, 2, 1, 3});
  ctx = e.reshape(ctx, {batch, tokens, nk * d});
  Value out = e.add(e.matmul(ctx, wo), op.getBo());
  op.getOut().replaceAllUsesWith(out);
  op.getProbs().replaceAllUsesWith(probs);
  op.erase();
}

void lowerScore(ScoreOp op) {
  OpBuilder b(op);
  OnnxEmitter e(b, op.getLoc());
  Value score;
  if (op.getPolicy() == "evit") {
    Value cls = e.slice(op.getProbs(), 2, 0, 1); // [B, H, 1, T]
    score = e.reduceMean(cls, {1, 2}, false);    // [B, T]
  } else {
    Value peak = e.reduceMax(op.getProbs(), {2}, false); // [B, H, T]
    score = e.reduceSum(peak, {1}, false);
    if (Value prev = op.getPrev())
      score = e.add(prev, score);
  }
  op.getScore().replaceAllUsesWith(score);
  op.erase();
}

/// The positions (in 1 .. T-1, ascending) of the k non-CLS tokens with the
/// highest score, and the positions in the non-CLS slice (TopK order).
std::pair<Value, Value> topTokens(OnnxEmitter &e, Value score, int64_t k) {
  int64_t tokens = OnnxEmitter::shape(score)[1];
  Value body = e.slice(score, 1, 1, tokens);
  Value best = e.topk(body, k, 1, /*largest=*/true).second;
  Value ascending = e.topk(best, k, 1, /*largest=*/false).first;
  return {e.add(ascending, e.i64Tensor({1, 1}, {1})), best};
}

/// [B, 1] zeros (CLS index) before `positions`.
Value withCls(OnnxEmitter &e, Value positions) {
  int64_t batch = OnnxEmitter::shape(positions)[0];
  return e.concat(
      {e.zerosLike({batch, 1}, OnnxEmitter::elem(positions)), positions}, 1);
}

void lowerSelect(SelectTokensOp op) {
  OpBuilder b(op);
  OnnxEmitter e(b, op.getLoc());
  Value indices = withCls(e, topTokens(e, op.getScore(), op.getKeep()).first);
  op.getIndices().replaceAllUsesWith(indices);
  op.getY().replaceAllUsesWith(e.gatherTokens(op.getX(), indices));
  op.erase();
}

void lowerGather(GatherTokensOp op) {
  OpBuilder b(op);
  OnnxEmitter e(b, op.getLoc());
  op.getResult().replaceAllUsesWith(e.gatherTokens(op.getT(), op.getIndices()));
  op.erase();
}

void lowerFuse(FuseInattentiveOp op) {
  OpBuilder b(op);
  OnnxEmitter e(b, op.getLoc());
  Value x = op.getX(), score = op.getScore();
  ArrayRef<int64_t> xs = OnnxEmitter::shape(x);
  const int64_t batch = xs[0], tokens = xs[1], k = op.getKeep();
  auto [positions, best] = topTokens(e, score, k);
  Value kept = e.gatherTokens(x, withCls(e, positions));
  // Scores of the dropped tokens: the kept ones zeroed, so one product sums
  // exactly the dropped tokens.
  Value dropped = e.scatterElements(e.slice(score, 1, 1, tokens), best,
                                    e.zerosLike({batch, k}, b.getF32Type()), 1);
  Value body = e.slice(x, 1, 1, tokens);
  Value weighted = e.matmul(e.unsqueeze(dropped, {1}), body); // [B, 1, D]
  Value total = e.unsqueeze(e.reduceSum(dropped, {1}, true), {2});
  Value fused = e.div(weighted, total);
  op.getY().replaceAllUsesWith(e.concat({kept, fused}, 1));
  op.erase();
}

void lowerMerge(MergeTokensOp op) {
  OpBuilder b(op);
  OnnxEmitter e(b, op.getLoc());
  Value x = op.getX(), keys = op.getKeys(), sizes = op.getSizes();
  ArrayRef<int64_t> xs = OnnxEmitter::shape(x);
  const int64_t batch = xs[0], tokens = xs[1], dim = xs[2], r = op.getR();
  const int64_t n = tokens - 1, na = (n + 1) / 2, nb = n / 2;
  SmallVector<int64_t> aRanks, bRanks;
  for (int64_t i = 0; i < n; ++i)
    (i % 2 ? bRanks : aRanks).push_back(i);

  // Cosine similarity of every A token to every B token.
  Value kb = e.slice(keys, 1, 1, tokens);
  Value norm = e.sqrt(e.reduceSum(e.mul(kb, kb), {2}, true));
  Value unit = e.div(kb, norm);
  Value sim = e.matmul(e.gather(unit, aRanks, 1),
                       e.transpose(e.gather(unit, bRanks, 1), {0, 2, 1}));
  auto [bestSim, bestB] = e.topk(sim, 1, 2, true); // [B, nA, 1]
  Value order = e.topk(e.reshape(bestSim, {batch, na}), na, 1, true).second;
  Value src = e.slice(order, 1, 0, r); // A ranks
  Value dst = e.gatherElements(e.reshape(bestB, {batch, na}), src, 1);

  // Size-weighted sums into the destinations.
  Value body = e.slice(x, 1, 1, tokens),
        bodySizes = e.slice(sizes, 1, 1, tokens);
  Value xa = e.gather(body, aRanks, 1), xb = e.gather(body, bRanks, 1);
  Value sa = e.gather(bodySizes, aRanks, 1),
        sb = e.gather(bodySizes, bRanks, 1);
  Value wa = e.mul(xa, e.unsqueeze(sa, {2}));
  Value wb = e.mul(xb, e.unsqueeze(sb, {2}));
  Value srcW = e.gatherTokens(wa, src);
  Value srcS = e.gatherElements(sa, src, 1);
  Value accW = e.scatterElements(wb, e.tokenIndices(dst, {batch, nb, dim}),
                                 srcW, 1, "add");
  Value accS = e.scatterElements(sb, dst, srcS, 1, "add");
  Value newB = e.div(accW, e.unsqueeze(accS, {2}));

  // Survivors in their original order: A rank a sits at body position 2a, B
  // rank c at 2c + 1; merged A tokens sort last and are cut.
  std::vector<float> position;
  for (int64_t a : aRanks)
    position.push_back(a);
  for (int64_t c : bRanks)
    position.push_back(c);
  Value pos = e.expand(e.f32Tensor({1, n}, position, "sparse_vit.tome_order"),
                       {batch, n});
  std::vector<float> far(batch * r, static_cast<float>(2 * n + 1));
  pos = e.scatterElements(pos, src, e.f32Tensor({batch, r}, far), 1);
  Value keep = e.topk(pos, n - r, 1, /*largest=*/false).second;
  Value merged = e.concat({xa, newB}, 1);
  Value mergedSizes = e.concat({sa, accS}, 1);
  Value y = e.concat({e.slice(x, 1, 0, 1), e.gatherTokens(merged, keep)}, 1);
  Value s = e.concat(
      {e.slice(sizes, 1, 0, 1), e.gatherElements(mergedSizes, keep, 1)}, 1);
  op.getY().replaceAllUsesWith(y);
  op.getSizesOut().replaceAllUsesWith(s);
  op.erase();
}

struct SparseVitLowerPass : impl::SparseVitLowerBase<SparseVitLowerPass> {
  using SparseVitLowerBase::SparseVitLowerBase;
  void runOnOperation() override { lowerSparseVitOps(getOperation()); }
};

} // namespace

void lowerSparseVitOps(Operation *root) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (llvm::isa<SparseVitDialect>(op->getDialect()))
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    llvm::TypeSwitch<Operation *>(op)
        .Case<AttentionOp>(lowerAttention)
        .Case<ScoreOp>(lowerScore)
        .Case<SelectTokensOp>(lowerSelect)
        .Case<GatherTokensOp>(lowerGather)
        .Case<FuseInattentiveOp>(lowerFuse)
        .Case<MergeTokensOp>(lowerMerge);
  }
}

uint64_t countLoweredFlops(func::FuncOp func) {
  OwningOpRef<func::FuncOp> clone(func.clone());
  lowerSparseVitOps(*clone);
  return summarizeFlops(*clone).total.flops;
}
} // namespace kiln::sparse_vit
