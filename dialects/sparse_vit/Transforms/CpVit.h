//===- CpVit.h - CP-ViT schedules, calibration record, retyping -*- C++ -*-===//
//
// The pieces cp-vit-calibrate, cp-vit-prune and kiln-compile share
// (docs/transforms/cp-vit.md).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_SPARSE_VIT_TRANSFORMS_CPVIT_H
#define KILN_DIALECTS_SPARSE_VIT_TRANSFORMS_CPVIT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"

#include <optional>
#include <string>
#include <vector>

namespace kiln::sparse_vit {

/// What cp-vit-calibrate measured, stored as the module attribute
/// `sparse_vit.calibration` = {inputs, attention_range, head_importance,
/// head_output}.
struct Calibration {
  int64_t inputs = 0;
  std::vector<double> attentionRange;              // per layer
  std::vector<std::vector<double>> headImportance; // per layer, per head
  std::vector<std::vector<double>> headOutput;     // per layer, per head
};
constexpr const char *kCalibrationAttr = "sparse_vit.calibration";
/// What cp-vit-prune did: {policy, tokens, flops_before, flops_after}.
constexpr const char *kPrunedAttr = "sparse_vit.pruned";
void writeCalibration(mlir::ModuleOp module, const Calibration &calibration);
/// The record, or nullopt when absent; an error (emitted) when malformed.
mlir::FailureOr<std::optional<Calibration>>
readCalibration(mlir::ModuleOp module);

/// keep ratio -> token counts: max(1, min(previous, floor(r * P + 0.5))).
std::vector<int64_t> ratiosToCounts(const std::vector<double> &ratios,
                                    int64_t patches);
/// Per-layer ratios ending at `finalRatio` on the last block; layers before
/// `firstLayer` keep everything. geometric: r_l = rho^t_l, linear: r_l = 1 -
/// (1 - rho) t_l with t_l = (l - f + 1) / (L - f); layer-aware: t_l =
/// sum_{m=f..l} w_m / sum_{m>=f} w_m with w_m = (1 - alpha) + alpha D_m /
/// mean_{m>=f} D_m (geometric when alpha = 0).
std::vector<double> scheduleRatios(const std::string &kind, double finalRatio,
                                   int64_t depth, int64_t firstLayer,
                                   const std::vector<double> &ranges = {},
                                   double alpha = 1.0);

/// Kept heads of one layer: the `count` most important (ties to the lower
/// id), ascending.
std::vector<int64_t> selectHeads(const std::vector<double> &importance,
                                 int64_t count);

/// Checks cp-vit-prune's option values; returns "" or a message naming the
/// option (with `prefix` before its name: "--cp-vit-" in kiln-compile).
std::string checkPruneOptions(const std::string &policy, double keep,
                              double flopsBudget, int64_t firstLayer,
                              const std::string &schedule, double alpha,
                              double headKeep, const std::string &headScore,
                              const std::string &score,
                              const std::string &prefix);

/// Re-derives the result types of every op after `from` in its block whose
/// operands changed type (the token count of pruned values), for the ops a
/// ViT has after its blocks (elementwise, MatMul, reductions, Gather, Slice,
/// Transpose, Softmax, LayerNormalization, sparse_vit.attention, ...), and
/// the function's result types. Fails with an error naming an op whose
/// result cannot follow a changed token count (e.g. a Reshape to a constant
/// shape that spells it).
mlir::LogicalResult retypeAfter(mlir::Operation *from,
                                llvm::ArrayRef<mlir::Value> changed);

/// Lowers every sparse_vit op nested in `root` to onnx ops (the body of
/// sparse-vit-lower; cp-vit-calibrate and cp-vit-prune use it on clones).
void lowerSparseVitOps(mlir::Operation *root);

/// The FLOPs of `func` with its sparse_vit ops lowered (on a clone), by the
/// rules of kiln-count-flops.
uint64_t countLoweredFlops(mlir::func::FuncOp func);

} // namespace kiln::sparse_vit

#endif // KILN_DIALECTS_SPARSE_VIT_TRANSFORMS_CPVIT_H
