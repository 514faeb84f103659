//===- Passes.td - passes of the sparse_vit dialect --------*- tablegen -*-===//
//
// CP-ViT token and head pruning (docs/transforms/cp-vit.md):
//   sparse-vit-raise -> cp-vit-calibrate -> cp-vit-prune -> sparse-vit-lower
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SPARSE_VIT_PASSES
#define KILN_SPARSE_VIT_PASSES

include "mlir/Pass/PassBase.td"

def SparseVitRaise : Pass<"sparse-vit-raise", "mlir::func::FuncOp"> {
  let summary = "Raise ViT encoder-block attention from onnx ops to sparse_vit.attention";
  let description = [{
    Recognises multi-head self-attention as PyTorch exports it, matched from
    each `onnx.Softmax` outward along use-def chains: Q/K/V projections
    (separate, or one fused in-projection split by `Slice`/`Split`), the head
    split (`Reshape`/`Transpose`), the logit scale (`Mul`/`Div` on the logits,
    on Q, or on both Q and K), softmax, `probs x V`, the head merge and the
    output projection. Each match becomes one `sparse_vit.attention` whose
    `x` is the normalized block input and whose `out` replaces the output
    projection; weights are materialized as `[D, D]` constants in the
    `y = x W + b` convention. A softmax that does not match is left unchanged
    with a remark naming the op and what did not match.
  }];
  let dependentDialects = ["kiln::sparse_vit::SparseVitDialect",
                           "kiln::onnx::OnnxDialect"];
}

def CpVitCalibrate : Pass<"cp-vit-calibrate", "mlir::ModuleOp"> {
  let summary = "Measure per-layer attention range and head importance on calibration inputs";
  let description = [{
    Runs the function `main` (with every `sparse_vit` op lowered) through the
    host runtime on the calibration inputs and records, per
    `sparse_vit.attention` in program order (layer `l`):

    * the attention range `D_l`: mean over inputs, heads and query patches
      of `sum_j P[i, j] * |g_i - g_j| / sum_j P[i, j]` over patch tokens only
      (CLS row and column dropped, patch-key probabilities renormalized),
      `g` the (row, column) position on the square patch grid;
    * the head importance `I_l[h]`: mean over inputs of the mean over
      non-CLS keys `j` of the maximum over queries `i` of `P[h, i, j]`;
    * the head output `O_l[h]`: mean over inputs and tokens `i` of the L2
      norm of the head's share of the attention output,
      `|sum_j P[h, i, j] V_h[j] Wo_h|`.

    The result is the module attribute `sparse_vit.calibration`, which
    `cp-vit-prune` reads (layer-aware schedule, head selection).
  }];
  let options = [
    Option<"inputs", "inputs", "std::string", "\"\"",
           "Calibration inputs: a .npy (or ONNX TensorProto .pb) tensor whose "
           "first dimension counts inputs of the model's input shape">,
    Option<"limit", "limit", "int64_t", "0",
           "Use at most this many calibration inputs (0 = all)">,
  ];
  let dependentDialects = ["kiln::sparse_vit::SparseVitDialect",
                           "kiln::onnx::OnnxDialect"];
}

def CpVitPrune : Pass<"cp-vit-prune", "mlir::ModuleOp"> {
  let summary = "Progressive token (and head) pruning of raised ViT blocks";
  let description = [{
    After each `sparse_vit.attention` block `l >= first-layer` (the prune
    point is the attention residual `Add`, before the MLP) inserts the
    token reduction of `policy` with the static per-layer count of the
    schedule, so every later op computes on fewer tokens:

    * `cp-vit`: cumulative score (`sparse_vit.score`, accumulated from block
      0) and `sparse_vit.select_tokens`, the score carried by
      `sparse_vit.gather_tokens`;
    * `evit`: CLS-attention score and `sparse_vit.fuse_inattentive`
      (`keep[l] - 1` kept tokens plus one fused token);
    * `tome`: `sparse_vit.merge_tokens` with `r = n - keep[l]`, keys averaged
      over heads, sizes feeding proportional attention.

    The target is `keep` (the final patch keep ratio) or `flops-budget` (the
    largest final ratio whose counted FLOPs stay within that fraction of
    the unpruned model's). Per-layer ratios follow `schedule` (see
    docs/transforms/cp-vit.md); `layer-aware` needs `cp-vit-calibrate`.
    `head-keep < 1` keeps, from `first-layer` on, the most important heads
    by the calibrated `head-score`. Blocks are found in program order
    and must form one residual chain.
  }];
  let options = [
    Option<"policy", "policy", "std::string", "\"cp-vit\"",
           "Token policy: cp-vit, evit or tome">,
    Option<"keep", "keep", "double", "1.0",
           "Final patch keep ratio in (0, 1]">,
    Option<"flopsBudget", "flops-budget", "double", "0.0",
           "Target FLOPs as a fraction of the unpruned model, in (0, 1] "
           "(replaces keep; 0 = unused)">,
    Option<"firstLayer", "first-layer", "int64_t", "1",
           "First block whose tokens and heads are pruned">,
    Option<"schedule", "schedule", "std::string", "\"auto\"",
           "Per-layer ratios: geometric, linear, layer-aware, or auto "
           "(layer-aware when calibrated, else geometric)">,
    Option<"alpha", "alpha", "double", "1.0",
           "Layer-aware weight of the attention range in [0, 1] (0 = geometric)">,
    Option<"headKeep", "head-keep", "double", "1.0",
           "Fraction of heads kept in pruned blocks, in (0, 1]">,
    Option<"headScore", "head-score", "std::string", "\"output\"",
           "Head importance: output (mean norm of the head's share of the "
           "attention output) or attention (mean over patches of the peak "
           "attention received)">,
    Option<"score", "score", "std::string", "\"\"",
           "cp-vit token score: cp-vit (cumulative max-received attention) "
           "or evit (CLS attention); empty = the policy's own">,
  ];
  let dependentDialects = ["kiln::sparse_vit::SparseVitDialect",
                           "kiln::onnx::OnnxDialect"];
}

def SparseVitLower : Pass<"sparse-vit-lower", "mlir::func::FuncOp"> {
  let summary = "Lower every sparse_vit op to onnx ops that every target runs";
  let description = [{
    `attention` to MatMul/Reshape/Transpose/Softmax (dropped heads' `Wv`
    columns and `Wo` rows removed from constant weights), `score` to
    ReduceMax/ReduceSum/ReduceMean, `select_tokens`/`fuse_inattentive` to
    TopK (stable: ties to the lower index) and GatherElements,
    `merge_tokens` to MatMul, TopK and ScatterElements (add).
  }];
  let dependentDialects = ["kiln::onnx::OnnxDialect"];
}

#endif // KILN_SPARSE_VIT_PASSES
