//===- Calibrate.cpp - cp-vit-calibrate: attention range, head importance -===//
//
// Runs the model through the host runtime (in process: the lowered clone is
// serialized to an in-memory .kbin) with every block's attention
// probabilities as extra outputs, and records per layer the statistics the
// layer-aware schedule and head pruning read (docs/transforms/cp-vit.md).
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/Transforms/Passes.h"

#include "CpVit.h"
#include "OnnxEmitter.h"
#include "kiln/Target/TargetBackend.h"
#include "kiln/rt/Executor.h"
#include "kiln/rt/Kbin.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace kiln::sparse_vit {
#define GEN_PASS_DEF_CPVITCALIBRATE
#include "dialects/sparse_vit/Transforms/Passes.h.inc"

using namespace mlir;

namespace {

/// Adds the statistics of one batch of probabilities [B, H, T, T].
LogicalResult accumulate(const rt::Tensor &probs, int64_t layer, Calibration &c,
                         std::vector<double> &rangeSum,
                         std::vector<int64_t> &rangeCount, Location loc) {
  const int64_t batch = probs.dim(0), heads = probs.dim(1),
                tokens = probs.dim(2);
  const int64_t patches = tokens - 1;
  const int64_t grid = std::llround(std::sqrt(double(patches)));
  if (grid * grid != patches)
    return emitError(
        loc, llvm::formatv("cp-vit-calibrate: block {0} has {1} patch "
                           "tokens, not a square grid; the attention range "
                           "needs patch positions on a square grid",
                           layer, patches));
  const float *p = probs.data<float>();
  std::vector<double> &imp = c.headImportance[layer];
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t h = 0; h < heads; ++h) {
      const float *m = p + (b * heads + h) * tokens * tokens;
      for (int64_t i = 1; i < tokens; ++i) {
        double mass = 0, weighted = 0;
        const int64_t ri = (i - 1) / grid, ci = (i - 1) % grid;
        for (int64_t j = 1; j < tokens; ++j) {
          const int64_t rj = (j - 1) / grid, cj = (j - 1) % grid;
          mass += m[i * tokens + j];
          weighted +=
              m[i * tokens + j] * std::hypot(double(ri - rj), double(ci - cj));
        }
        rangeSum[layer] += mass > 0 ? weighted / mass : 0;
        ++rangeCount[layer];
      }
      double peaks = 0;
      for (int64_t j = 1; j < tokens; ++j) {
        float peak = m[j];
        for (int64_t i = 1; i < tokens; ++i)
          peak = std::max(peak, m[i * tokens + j]);
        peaks += peak;
      }
      imp[h] += peaks / patches;
    }
  return success();
}

/// [B, H]: per input and head, the mean over tokens i of the L2 norm of the
/// head's share of the attention output, || sum_j P[h, i, j] V_h[j] Wo_h ||
/// (Wo_h = the head's d rows of Wo; the bias is shared, so left out).
Value headOutputNorms(AttentionOp a) {
  OpBuilder b(a->getContext());
  b.setInsertionPointAfter(a);
  OnnxEmitter e(b, a.getLoc());
  ArrayRef<int64_t> xs = OnnxEmitter::shape(a.getX());
  const int64_t heads = a.getNumHeads(), d = a.getHeadDim();
  Value v = e.projectHeads(a.getX(), a.getWv(), a.getBv(), heads, d,
                           /*keyLayout=*/false);
  Value ctx = e.matmul(a.getProbs(), v); // [B, H, T, d]
  Value share = e.matmul(ctx, e.reshape(a.getWo(), {heads, d, xs[2]}));
  Value norm = e.sqrt(e.reduceSum(e.mul(share, share), {3}, false));
  return e.reduceMean(norm, {2}, false);
}

struct CpVitCalibratePass : impl::CpVitCalibrateBase<CpVitCalibratePass> {
  using CpVitCalibrateBase::CpVitCalibrateBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Errors without a better place point at the entry function.
    Operation *anchor = module.lookupSymbol<func::FuncOp>("main");
    if (!anchor)
      anchor = module;
    if (failed(calibrate(module, anchor)))
      signalPassFailure();
  }

  LogicalResult calibrate(ModuleOp module, Operation *anchor) {
    if (inputs.empty())
      return anchor->emitError("cp-vit-calibrate: inputs=<file.npy> is "
                               "required (calibration inputs, first axis = "
                               "inputs)");
    if (limit < 0)
      return anchor->emitError("cp-vit-calibrate: limit must be >= 0");
    OwningOpRef<ModuleOp> clone(module.clone());
    func::FuncOp func = clone->lookupSymbol<func::FuncOp>("main");
    if (!func)
      return anchor->emitError("cp-vit-calibrate: no function @main");
    SmallVector<AttentionOp> blocks;
    func.walk([&](AttentionOp a) { blocks.push_back(a); });
    if (blocks.empty())
      return func.emitError("cp-vit-calibrate: no sparse_vit.attention to "
                            "calibrate (run sparse-vit-raise first; its "
                            "remarks say why nothing was raised)");
    if (func.getNumArguments() != 1)
      return func.emitError(llvm::formatv(
          "cp-vit-calibrate: the model has {0} inputs; calibration feeds "
          "exactly one",
          func.getNumArguments()));

    // Every block's probabilities and per-head output norms become extra
    // outputs: probs of block l at firstOut + 2l, norms at firstOut + 2l + 1.
    auto ret =
        llvm::cast<func::ReturnOp>(func.getBody().front().getTerminator());
    const unsigned firstOut = ret.getNumOperands();
    SmallVector<Value> results(ret.getOperands());
    auto addOutput = [&](Value v, const std::string &name) {
      func.insertResult(
          results.size(), v.getType(),
          DictionaryAttr::get(
              func.getContext(),
              {NamedAttribute(StringAttr::get(func.getContext(), "onnx.name"),
                              StringAttr::get(func.getContext(), name))}));
      results.push_back(v);
    };
    for (auto [l, a] : llvm::enumerate(blocks)) {
      addOutput(a.getProbs(), "sparse_vit.probs." + std::to_string(l));
      addOutput(headOutputNorms(a),
                "sparse_vit.head_output." + std::to_string(l));
    }
    ret->setOperands(results);
    // The ops are gone after lowering: keep what the statistics need.
    const size_t depth = blocks.size();
    SmallVector<Location> locs;
    Calibration c;
    c.attentionRange.assign(depth, 0);
    c.headImportance.resize(depth);
    c.headOutput.resize(depth);
    for (auto [l, a] : llvm::enumerate(blocks)) {
      locs.push_back(a.getLoc());
      c.headImportance[l].assign(a.getNumHeads(), 0);
      c.headOutput[l].assign(a.getNumHeads(), 0);
    }
    blocks.clear();
    lowerSparseVitOps(func);

    std::vector<double> rangeSum(depth, 0);
    std::vector<int64_t> rangeCount(depth, 0);
    rt::KbinWriter writer;
    if (failed(serializeHostProgram(*clone, writer)))
      return failure();
    auto bytes = std::make_shared<std::string>();
    if (std::string err = writer.serialize(*bytes); !err.empty())
      return anchor->emitError("cp-vit-calibrate: " + err);
    bool statsFailed = false;
    int64_t used = 0, given = 0;
    std::string err = rt::runSampleBatches(
        bytes, inputs, limit,
        [&](const std::vector<rt::Tensor> &outs) -> std::string {
          for (size_t l = 0; l < depth && !statsFailed; ++l) {
            statsFailed = failed(accumulate(outs[firstOut + 2 * l], l, c,
                                            rangeSum, rangeCount, locs[l]));
            const rt::Tensor &norms = outs[firstOut + 2 * l + 1]; // [B, H]
            for (int64_t b = 0; b < norms.dim(0); ++b)
              for (int64_t h = 0; h < norms.dim(1); ++h)
                c.headOutput[l][h] += norms.data<float>()[b * norms.dim(1) + h];
          }
          return statsFailed ? "statistics failed" : "";
        },
        &used, &given);
    if (statsFailed)
      return failure();
    if (!err.empty())
      return anchor->emitError("cp-vit-calibrate: " + err);
    if (used != given)
      emitRemark(anchor->getLoc(),
                 llvm::formatv("cp-vit-calibrate: used {0} of {1} inputs "
                               "(whole batches only)",
                               used, given));
    c.inputs = used;
    for (size_t l = 0; l < depth; ++l) {
      c.attentionRange[l] = rangeSum[l] / std::max<int64_t>(1, rangeCount[l]);
      for (double &v : c.headImportance[l])
        v /= c.inputs;
      for (double &v : c.headOutput[l])
        v /= c.inputs;
    }
    writeCalibration(module, c);
    return success();
  }
};

} // namespace
} // namespace kiln::sparse_vit
