//===- Prune.cpp - cp-vit-prune: progressive token and head pruning -------===//
//
// Inserts the token reduction of the chosen policy after the attention
// residual of every block from first-layer on, with static per-layer counts,
// and re-derives the types of everything after it, so later ops really
// compute on fewer tokens (docs/transforms/cp-vit.md).
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/Transforms/Passes.h"

#include "CpVit.h"
#include "OnnxEmitter.h"
#include "dialects/onnx/IR/OnnxConstants.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <sstream>

namespace kiln::sparse_vit {
#define GEN_PASS_DEF_CPVITPRUNE
#include "dialects/sparse_vit/Transforms/Passes.h.inc"

using namespace mlir;

namespace {

struct Block {
  AttentionOp attention;
  Operation *residual; // the onnx.Add of the block input and the attention
};

/// The blocks of `func` in program order; fails (with an error) when a
/// block's attention output does not feed exactly one residual Add.
FailureOr<SmallVector<Block>> findBlocks(func::FuncOp func) {
  SmallVector<Block> blocks;
  WalkResult walk = func.walk([&](AttentionOp attention) {
    Value out = attention.getOut();
    Operation *add = out.hasOneUse() ? *out.getUsers().begin() : nullptr;
    if (!add || add->getName().getStringRef() != "onnx.Add" ||
        add->getResult(0).getType() != out.getType()) {
      attention.emitError("cannot prune: the attention output must feed "
                          "exactly one residual onnx.Add of the same shape");
      return WalkResult::interrupt();
    }
    if (add->getParentOp() != func.getOperation()) {
      attention.emitError("cannot prune: the block is not at function level");
      return WalkResult::interrupt();
    }
    blocks.push_back({attention, add});
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  return blocks;
}

/// What to insert: per layer the non-CLS token count after the prune point
/// and the kept heads (empty = all).
struct Plan {
  std::string policy, score;
  int64_t firstLayer = 1;
  std::vector<int64_t> keep;
  std::vector<std::vector<int64_t>> heads;
};

/// Keys averaged over heads for ToMe: x (mean_h Wk_h) + mean_h bk_h.
FailureOr<Value> meanKeys(OnnxEmitter &e, AttentionOp a) {
  std::vector<float> wk, bk;
  if (!onnx::readConstantFloats(a.getWk(), wk) ||
      !onnx::readConstantFloats(a.getBk(), bk))
    return a.emitError("cannot merge tokens (tome): the key weights are not "
                       "constants");
  const int64_t heads = a.getNumHeads(), d = a.getHeadDim(), dim = heads * d;
  std::vector<float> w(dim * d, 0.f), b(d, 0.f);
  for (int64_t i = 0; i < dim; ++i)
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t j = 0; j < d; ++j)
        w[i * d + j] += wk[i * dim + h * d + j] / heads;
  for (int64_t h = 0; h < heads; ++h)
    for (int64_t j = 0; j < d; ++j)
      b[j] += bk[h * d + j] / heads;
  return e.add(e.matmul(a.getX(), e.f32Tensor({dim, d}, w, "sparse_vit.keys")),
               e.f32Tensor({d}, b, "sparse_vit.keys_bias"));
}

/// Rebuilds `a` with a key bias (ToMe proportional attention).
AttentionOp withKeyBias(AttentionOp a, Value keyBias) {
  OpBuilder b(a);
  SmallVector<int64_t> heads;
  if (auto h = a.getHeads())
    heads.assign(h->begin(), h->end());
  auto n = b.create<AttentionOp>(a.getLoc(), a.getX(), a.getWq(), a.getBq(),
                                 a.getWk(), a.getBk(), a.getWv(), a.getBv(),
                                 a.getWo(), a.getBo(), a.getNumHeads(),
                                 a.getScale().convertToFloat(), heads, keyBias);
  a.getOut().replaceAllUsesWith(n.getOut());
  a.getProbs().replaceAllUsesWith(n.getProbs());
  a.erase();
  return n;
}

/// Inserts the plan's reductions into `func`.
LogicalResult applyPlan(func::FuncOp func, const Plan &plan) {
  FailureOr<SmallVector<Block>> found = findBlocks(func);
  if (failed(found))
    return failure();
  SmallVector<Block> blocks = *found;
  int64_t lastPrune = -1;
  {
    int64_t n = OnnxEmitter::shape(blocks[0].attention.getX())[1] - 1;
    for (size_t l = 0; l < blocks.size(); ++l)
      if (int64_t(l) >= plan.firstLayer && plan.keep[l] < n) {
        lastPrune = l;
        n = plan.keep[l];
      }
  }
  Value cum, sizes;
  bool merged = false;
  for (size_t l = 0; l < blocks.size(); ++l) {
    AttentionOp a = blocks[l].attention;
    Operation *residual = blocks[l].residual;
    if (!plan.heads[l].empty())
      a.setHeadsAttr(DenseI64ArrayAttr::get(a.getContext(), plan.heads[l]));
    if (merged) {
      OpBuilder b(a);
      OnnxEmitter e(b, a.getLoc());
      a = withKeyBias(a, e.log(sizes));
    }
    ArrayRef<int64_t> xs = OnnxEmitter::shape(a.getX());
    const int64_t batch = xs[0], n = xs[1] - 1;
    int64_t target = plan.keep[l];
    const bool prune = int64_t(l) >= plan.firstLayer && target < n;

    OpBuilder b(residual->getContext());
    b.setInsertionPointAfter(residual);
    OnnxEmitter e(b, residual->getLoc());
    Value h = residual->getResult(0);
    const bool cumulative = plan.policy == "cp-vit" && plan.score == "cp-vit";
    if (cumulative && int64_t(l) <= lastPrune)
      cum = b.create<ScoreOp>(a.getLoc(), a.getProbs(), cum, "cp-vit");
    if (!prune)
      continue;
    Value pruned;
    if (plan.policy == "cp-vit") {
      Value score = cumulative
                        ? cum
                        : Value(b.create<ScoreOp>(a.getLoc(), a.getProbs(),
                                                  Value(), "evit"));
      auto select = b.create<SelectTokensOp>(a.getLoc(), h, score, target);
      pruned = select.getY();
      if (cumulative && int64_t(l) < lastPrune)
        cum = b.create<GatherTokensOp>(a.getLoc(), cum, select.getIndices());
    } else if (plan.policy == "evit") {
      if (target < 2)
        return a.emitError(llvm::formatv(
            "cannot prune with evit at block {0}: {1} token(s) left, but "
            "evit keeps at least one token besides the fused one (raise the "
            "keep ratio)",
            l, target));
      Value score =
          b.create<ScoreOp>(a.getLoc(), a.getProbs(), Value(), "evit");
      pruned = b.create<FuseInattentiveOp>(a.getLoc(), h, score, target - 1);
    } else {
      const int64_t setA = (n + 1) / 2;
      int64_t r = n - target;
      if (r > setA) {
        emitRemark(a.getLoc(),
                   llvm::formatv("tome merges at most {0} of {1} tokens at "
                                 "block {2} (|A|); {3} tokens remain "
                                 "instead of {4}",
                                 setA, n, l, n - setA, target));
        r = setA;
      }
      if (!sizes) {
        std::vector<float> ones(batch * (n + 1), 1.f);
        sizes = e.f32Tensor({batch, n + 1}, ones, "sparse_vit.sizes");
      }
      FailureOr<Value> keys = meanKeys(e, a);
      if (failed(keys))
        return failure();
      auto merge = b.create<MergeTokensOp>(a.getLoc(), h, *keys, sizes, r);
      pruned = merge.getY();
      sizes = merge.getSizesOut();
      merged = true;
    }
    Operation *lastNew = b.getInsertionPoint() == b.getBlock()->end()
                             ? &b.getBlock()->back()
                             : b.getInsertionPoint()->getPrevNode();
    llvm::SmallPtrSet<Operation *, 16> inserted;
    for (Operation *op = residual->getNextNode(); op != lastNew->getNextNode();
         op = op->getNextNode())
      inserted.insert(op);
    h.replaceUsesWithIf(pruned, [&](OpOperand &use) {
      return !inserted.contains(use.getOwner());
    });
    SmallVector<Value> changed = {pruned};
    if (failed(retypeAfter(lastNew, changed)))
      return failure();
  }
  return success();
}

struct CpVitPrunePass : impl::CpVitPruneBase<CpVitPrunePass> {
  using CpVitPruneBase::CpVitPruneBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string err =
        checkPruneOptions(policy, keep, flopsBudget, firstLayer, schedule,
                          alpha, headKeep, headScore, score, "cp-vit-prune: ");
    func::FuncOp func = module.lookupSymbol<func::FuncOp>("main");
    if (!func) {
      auto funcs = module.getOps<func::FuncOp>();
      if (!funcs.empty())
        func = *funcs.begin();
    }
    if (!func) {
      module.emitError("cp-vit-prune: the module has no function");
      return signalPassFailure();
    }
    if (!err.empty()) {
      func.emitError(err);
      return signalPassFailure();
    }
    if (module->hasAttr(kPrunedAttr)) {
      func.emitError("cp-vit-prune: the model is already pruned "
                     "(sparse_vit.pruned is set); prune the unpruned model "
                     "once with the final options");
      return signalPassFailure();
    }
    FailureOr<SmallVector<Block>> blocks = findBlocks(func);
    if (failed(blocks))
      return signalPassFailure();
    if (blocks->empty()) {
      func.emitError("cp-vit-prune: no attention block to prune (the model "
                     "has no sparse_vit.attention; sparse-vit-raise's "
                     "remarks say why its softmaxes were not raised)");
      return signalPassFailure();
    }
    const int64_t depth = blocks->size();
    AttentionOp first = (*blocks)[0].attention;
    ArrayRef<int64_t> xs = OnnxEmitter::shape(first.getX());
    const int64_t patches = xs[1] - 1, heads = first.getNumHeads();
    if (firstLayer >= depth) {
      func.emitError(llvm::formatv("cp-vit-prune: first-layer={0} but the "
                                   "model has {1} blocks (0 .. {2})",
                                   int64_t(firstLayer), depth, depth - 1));
      return signalPassFailure();
    }
    if (patches < 2) {
      first.emitError("cp-vit-prune: the first block has fewer than 2 patch "
                      "tokens besides CLS; nothing to prune");
      return signalPassFailure();
    }

    FailureOr<std::optional<Calibration>> calibration = readCalibration(module);
    if (failed(calibration))
      return signalPassFailure();
    if (*calibration &&
        int64_t((*calibration)->attentionRange.size()) != depth) {
      func.emitError(llvm::formatv(
          "cp-vit-prune: {0} has {1} layers but the model has {2} blocks "
          "(calibrated on another model?)",
          kCalibrationAttr, (*calibration)->attentionRange.size(), depth));
      return signalPassFailure();
    }
    std::string kind = schedule;
    if (kind == "auto")
      kind = *calibration ? "layer-aware" : "geometric";
    if (kind == "layer-aware" && !*calibration) {
      func.emitError("cp-vit-prune: schedule=layer-aware needs the attention "
                     "ranges of cp-vit-calibrate (run it first, or "
                     "--cp-vit-calibration=inputs.npy in kiln-compile)");
      return signalPassFailure();
    }

    Plan plan;
    plan.policy = policy;
    // tome scores pairs by key similarity, not tokens by attention.
    plan.score = policy == "tome"   ? "key-similarity"
                 : policy == "evit" ? "evit"
                 : score.empty()    ? "cp-vit"
                                    : std::string(score);
    plan.firstLayer = firstLayer;
    plan.heads.assign(depth, {});
    const int64_t headCount =
        std::max<int64_t>(1, int64_t(std::floor(headKeep * heads + 0.5)));
    if (headCount < heads) {
      if (!*calibration) {
        func.emitError("cp-vit-prune: head-keep < 1 needs the head "
                       "importance of cp-vit-calibrate (run it first, or "
                       "--cp-vit-calibration=inputs.npy in kiln-compile)");
        return signalPassFailure();
      }
      const bool byOutput = headScore == "output";
      if (byOutput && (*calibration)->headOutput.empty()) {
        func.emitError("cp-vit-prune: head-score=output needs the head "
                       "outputs of cp-vit-calibrate, which this calibration "
                       "record lacks (recalibrate, or head-score=attention)");
        return signalPassFailure();
      }
      for (int64_t l = firstLayer; l < depth; ++l) {
        const std::vector<double> &imp =
            byOutput ? (*calibration)->headOutput[l]
                     : (*calibration)->headImportance[l];
        if (int64_t(imp.size()) != (*blocks)[l].attention.getNumHeads()) {
          func.emitError(llvm::formatv(
              "cp-vit-prune: the calibration has {0} head importances for "
              "block {1}, which has {2} heads",
              imp.size(), l, (*blocks)[l].attention.getNumHeads()));
          return signalPassFailure();
        }
        plan.heads[l] = selectHeads(imp, headCount);
      }
    }
    std::vector<double> ranges =
        *calibration ? (*calibration)->attentionRange : std::vector<double>();
    auto countsFor = [&](double ratio) {
      return ratiosToCounts(
          scheduleRatios(kind, ratio, depth, firstLayer, ranges, alpha),
          patches);
    };

    const uint64_t before = countLoweredFlops(func);
    double finalRatio = keep;
    if (flopsBudget > 0) {
      // The largest final count whose FLOPs fit the budget (FLOPs grow with
      // the count): binary search over trial prunings of clones. Counts the
      // policy cannot serve (EViT below 2 tokens) are not candidates; their
      // diagnostics are kept out of the output.
      auto flopsAt = [&](int64_t count) -> std::optional<uint64_t> {
        ScopedDiagnosticHandler quiet(func.getContext(),
                                      [](Diagnostic &) { return success(); });
        OwningOpRef<func::FuncOp> trial(func.clone());
        Plan p = plan;
        p.keep = countsFor(double(count) / patches);
        if (failed(applyPlan(*trial, p)))
          return std::nullopt;
        return countLoweredFlops(*trial);
      };
      const double limit = flopsBudget * double(before);
      int64_t lo = 1, hi = patches;
      std::optional<uint64_t> atLo = flopsAt(lo);
      while (!atLo && lo < patches)
        atLo = flopsAt(++lo);
      if (!atLo || double(*atLo) > limit) {
        std::ostringstream budget;
        budget << flopsBudget;
        func.emitError(llvm::formatv(
            "cp-vit-prune: flops-budget={0} is below the least this schedule "
            "reaches ({1:F3} of the model's FLOPs with {2} patch(es) left)",
            budget.str(), atLo ? double(*atLo) / double(before) : 1.0, lo));
        return signalPassFailure();
      }
      while (lo < hi) {
        int64_t mid = (lo + hi + 1) / 2;
        std::optional<uint64_t> f = flopsAt(mid);
        if (f && double(*f) <= limit)
          lo = mid;
        else
          hi = mid - 1;
      }
      finalRatio = double(lo) / patches;
    }
    plan.keep = countsFor(finalRatio);
    if (failed(applyPlan(func, plan)))
      return signalPassFailure();
    const uint64_t after = countLoweredFlops(func);

    std::string tokens, headList;
    for (int64_t l = 0; l < depth; ++l) {
      tokens += (l ? " " : "") + std::to_string(plan.keep[l]);
      headList +=
          (l ? " " : "") +
          std::to_string(plan.heads[l].empty() ? heads : plan.heads[l].size());
    }
    emitRemark(func.getLoc(),
               llvm::formatv("cp-vit-prune: policy {0}, score {1}, schedule "
                             "{2}, final keep ratio {3:F3}: patch tokens after "
                             "each block [{4}] of {5}, heads [{6}] of {7}; "
                             "FLOPs {8} -> {9} ({10:F1}% fewer)",
                             plan.policy, plan.score, kind, finalRatio, tokens,
                             patches, headList, heads, before, after,
                             100.0 * (1.0 - double(after) / double(before))));
    Builder builder(module.getContext());
    module->setAttr(
        kPrunedAttr,
        builder.getDictionaryAttr(
            {builder.getNamedAttr("policy", builder.getStringAttr(plan.policy)),
             builder.getNamedAttr("tokens",
                                  builder.getDenseI64ArrayAttr(plan.keep)),
             builder.getNamedAttr("flops_before",
                                  builder.getI64IntegerAttr(before)),
             builder.getNamedAttr("flops_after",
                                  builder.getI64IntegerAttr(after))}));
  }
};

} // namespace
} // namespace kiln::sparse_vit
