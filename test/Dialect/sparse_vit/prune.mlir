// cp-vit-prune on a 3-block model (CLS + 4 patches, dim 8, 2 heads): the
// schedule, each policy's ops, and the types that follow the token count.
// Geometric schedule, keep 0.5, first layer 1: block 1 keeps
// floor(4 * 0.5^(1/2) + 0.5) = 3 patches, block 2 keeps 4 * 0.5 = 2.
// RUN: kiln-opt %s --cp-vit-prune="keep=0.5" 2>&1 | FileCheck %s --check-prefix=CPVIT
// RUN: kiln-opt %s --cp-vit-prune="policy=evit keep=0.5" 2>&1 | FileCheck %s --check-prefix=EVIT
// RUN: kiln-opt %s --cp-vit-prune="policy=tome keep=0.5" 2>&1 | FileCheck %s --check-prefix=TOME
// RUN: kiln-opt %s --cp-vit-prune="keep=0.5 score=evit first-layer=2" 2>&1 | FileCheck %s --check-prefix=CLS
// RUN: kiln-opt %s --cp-vit-prune="keep=0.5 schedule=linear" 2>&1 | FileCheck %s --check-prefix=LINEAR
// Budget 0.95 of 13470 FLOPs: 2 patches at the end cost 12308 but 3 cost
// 12397, both fit; the largest count that fits wins.
// RUN: kiln-opt %s --cp-vit-prune="flops-budget=0.95" 2>&1 | FileCheck %s --check-prefix=BUDGET
// The FLOPs in the remark are kiln-count-flops' totals of the lowered model
// before and after pruning (selection overhead included: TopK, ReduceMax, ...).
// RUN: kiln-opt %s --sparse-vit-lower --kiln-count-flops -o /dev/null | FileCheck %s --check-prefix=FLOPS0
// RUN: kiln-opt %s --cp-vit-prune="keep=0.5" --sparse-vit-lower --kiln-count-flops -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=FLOPS1
// FLOPS0: total {{[0-9]+}} {{[0-9]+}} 13470 100.0%
// FLOPS1: TopK 4
// FLOPS1: total {{[0-9]+}} {{[0-9]+}} 12308 100.0%
// Lowered, the pruned model is plain onnx ops.
// RUN: kiln-opt %s --cp-vit-prune="keep=0.5" --sparse-vit-lower --canonicalize 2>&1 | FileCheck %s --check-prefix=LOWER

// CPVIT: remark: cp-vit-prune: policy cp-vit, score cp-vit, schedule geometric, final keep ratio 0.500: patch tokens after each block [4 3 2] of 4, heads [2 2 2] of 2; FLOPs 13470 -> 12308 (8.6% fewer)
// CPVIT: %[[S0:.*]] = sparse_vit.score %probs {policy = "cp-vit"}
// CPVIT: %[[S1:.*]] = sparse_vit.score %probs_1, %[[S0]] {policy = "cp-vit"}
// CPVIT: %y, %indices = sparse_vit.select_tokens %{{.*}}, %[[S1]] {keep = 3 : i64} : (tensor<1x5x8xf32>, tensor<1x5xf32>) -> (tensor<1x4x8xf32>, tensor<1x4xi64>)
// CPVIT: %[[C1:.*]] = sparse_vit.gather_tokens %[[S1]], %indices
// CPVIT: onnx.MatMul %y, %{{.*}} : (tensor<1x4x8xf32>, tensor<8x8xf32>) -> tensor<1x4x8xf32>
// CPVIT: sparse_vit.attention {{.*}} -> (tensor<1x4x8xf32>, tensor<1x2x4x4xf32>)
// CPVIT: %[[S2:.*]] = sparse_vit.score %probs_3, %[[C1]] {policy = "cp-vit"}
// CPVIT: sparse_vit.select_tokens %{{.*}}, %[[S2]] {keep = 2 : i64} : (tensor<1x4x8xf32>, tensor<1x4xf32>) -> (tensor<1x3x8xf32>, tensor<1x3xi64>)
// CPVIT-NOT: sparse_vit.gather_tokens
// CPVIT: onnx.Gather %{{.*}} {axis = 1 : i64} : (tensor<1x3x8xf32>, tensor<i64>) -> tensor<1x8xf32>

// EVIT: policy evit, score evit, schedule geometric, final keep ratio 0.500: patch tokens after each block [4 3 2]
// EVIT-NOT: sparse_vit.score %probs {
// EVIT: sparse_vit.score %probs_1 {policy = "evit"}
// EVIT: sparse_vit.fuse_inattentive %{{.*}} {keep = 2 : i64} : (tensor<1x5x8xf32>, tensor<1x5xf32>) -> tensor<1x4x8xf32>
// EVIT: sparse_vit.fuse_inattentive %{{.*}} {keep = 1 : i64} : (tensor<1x4x8xf32>, tensor<1x4xf32>) -> tensor<1x3x8xf32>

// The keys are x times the head-averaged key weights (dim 8 -> head dim 4);
// from the first merge on, attention adds log(size) to the logits.
// TOME: policy tome, score key-similarity, schedule geometric, final keep ratio 0.500: patch tokens after each block [4 3 2]
// TOME: %[[K:.*]] = onnx.MatMul %{{.*}}, %{{.*}} : (tensor<1x5x8xf32>, tensor<8x4xf32>) -> tensor<1x5x4xf32>
// TOME: sparse_vit.merge_tokens %{{.*}}, %{{.*}}, %{{.*}} {r = 1 : i64} : (tensor<1x5x8xf32>, tensor<1x5x4xf32>, tensor<1x5xf32>) -> (tensor<1x4x8xf32>, tensor<1x4xf32>)
// TOME: %[[LOG:.*]] = onnx.Log %sizes_out : (tensor<1x4xf32>) -> tensor<1x4xf32>
// TOME: sparse_vit.attention {{.*}} key_bias %[[LOG]]
// TOME: sparse_vit.merge_tokens {{.*}} {r = 1 : i64} : (tensor<1x4x8xf32>, tensor<1x4x4xf32>, tensor<1x4xf32>) -> (tensor<1x3x8xf32>, tensor<1x3xf32>)

// score=evit keeps top-k by CLS attention without fusing; first-layer=2
// prunes only the last block, straight to the final ratio.
// CLS: policy cp-vit, score evit, schedule geometric, final keep ratio 0.500: patch tokens after each block [4 4 2]
// CLS-NOT: select_tokens
// CLS: sparse_vit.score %probs_3 {policy = "evit"}
// CLS: sparse_vit.select_tokens {{.*}} {keep = 2 : i64}

// Linear: block 1 keeps floor(4 * 0.75 + 0.5) = 3.
// LINEAR: schedule linear, final keep ratio 0.500: patch tokens after each block [4 3 2]

// BUDGET: schedule geometric, final keep ratio 0.750: patch tokens after each block [4 3 3] of 4, heads [2 2 2] of 2; FLOPs 13470 -> 12397 (8.0% fewer)

// LOWER-NOT: = sparse_vit.
// LOWER: onnx.TopK
// LOWER: onnx.GatherElements
// LOWER: return %{{.*}} : tensor<1x8xf32>

func.func @main(%x: tensor<1x5x8xf32>) -> tensor<1x8xf32> {
  %wq = onnx.Constant dense<0.125> : tensor<8x8xf32>
  %wk = onnx.Constant dense<-0.25> : tensor<8x8xf32>
  %wv = onnx.Constant dense<0.5> : tensor<8x8xf32>
  %wo = onnx.Constant dense<0.375> : tensor<8x8xf32>
  %b = onnx.Constant dense<0.0625> : tensor<8xf32>
  %w1 = onnx.Constant dense<0.03125> : tensor<8x8xf32>
  %zero = onnx.Constant dense<0> : tensor<i64>
  %a0, %p0 = sparse_vit.attention %x, %wq, %b, %wk, %b, %wv, %b, %wo, %b {num_heads = 2 : i64, scale = 0.5 : f32} : (tensor<1x5x8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<1x5x8xf32>, tensor<1x2x5x5xf32>)
  %r0 = onnx.Add %x, %a0 : (tensor<1x5x8xf32>, tensor<1x5x8xf32>) -> tensor<1x5x8xf32>
  %m0 = onnx.MatMul %r0, %w1 : (tensor<1x5x8xf32>, tensor<8x8xf32>) -> tensor<1x5x8xf32>
  %h0 = onnx.Add %r0, %m0 : (tensor<1x5x8xf32>, tensor<1x5x8xf32>) -> tensor<1x5x8xf32>
  %a1, %p1 = sparse_vit.attention %h0, %wq, %b, %wk, %b, %wv, %b, %wo, %b {num_heads = 2 : i64, scale = 0.5 : f32} : (tensor<1x5x8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<1x5x8xf32>, tensor<1x2x5x5xf32>)
  %r1 = onnx.Add %h0, %a1 : (tensor<1x5x8xf32>, tensor<1x5x8xf32>) -> tensor<1x5x8xf32>
  %m1 = onnx.MatMul %r1, %w1 : (tensor<1x5x8xf32>, tensor<8x8xf32>) -> tensor<1x5x8xf32>
  %h1 = onnx.Add %r1, %m1 : (tensor<1x5x8xf32>, tensor<1x5x8xf32>) -> tensor<1x5x8xf32>
  %a2, %p2 = sparse_vit.attention %h1, %wq, %b, %wk, %b, %wv, %b, %wo, %b {num_heads = 2 : i64, scale = 0.5 : f32} : (tensor<1x5x8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<1x5x8xf32>, tensor<1x2x5x5xf32>)
  %r2 = onnx.Add %h1, %a2 : (tensor<1x5x8xf32>, tensor<1x5x8xf32>) -> tensor<1x5x8xf32>
  %m2 = onnx.MatMul %r2, %w1 : (tensor<1x5x8xf32>, tensor<8x8xf32>) -> tensor<1x5x8xf32>
  %h2 = onnx.Add %r2, %m2 : (tensor<1x5x8xf32>, tensor<1x5x8xf32>) -> tensor<1x5x8xf32>
  %c = onnx.Gather %h2, %zero {axis = 1 : i64} : (tensor<1x5x8xf32>, tensor<i64>) -> tensor<1x8xf32>
  return %c : tensor<1x8xf32>
}
