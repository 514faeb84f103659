// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round-trip test for every op of the sparse_vit dialect, on a ViT block
// with B = 2, T = 17 (CLS + 16 patches), D = 16, H = 4 (d = 4).

// CHECK-LABEL: func.func @attention(
func.func @attention(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>,
                     %b: tensor<16xf32>, %bias: tensor<2x17xf32>)
    -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>, tensor<2x17x16xf32>,
        tensor<2x4x17x17xf32>, tensor<2x17x16xf32>, tensor<2x4x17x17xf32>) {
  // CHECK: sparse_vit.attention %arg0, %arg1, %arg2, %arg1, %arg2, %arg1, %arg2, %arg1, %arg2 {num_heads = 4 : i64, scale = 5.000000e-01 : f32} : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  %o0, %p0 = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %w, %b {num_heads = 4 : i64, scale = 0.5 : f32}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>,
         tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>)
      -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  // CHECK: sparse_vit.attention {{.*}} {heads = array<i64: 0, 3>, num_heads = 4 : i64, scale = 5.000000e-01 : f32} : {{.*}} -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  %o1, %p1 = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %w, %b {num_heads = 4 : i64, scale = 0.5 : f32, heads = array<i64: 0, 3>}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>,
         tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>)
      -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  // ToMe proportional attention: a key bias log(size).
  // CHECK: sparse_vit.attention %arg0, %arg1, %arg2, %arg1, %arg2, %arg1, %arg2, %arg1, %arg2 key_bias %arg3 {heads = array<i64: 2>, num_heads = 4 : i64, scale = 2.500000e-01 : f32} : ({{.*}}, tensor<2x17xf32>) -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  %o2, %p2 = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %w, %b key_bias %bias {num_heads = 4 : i64, scale = 0.25 : f32, heads = array<i64: 2>}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>,
         tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<2x17xf32>)
      -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  return %o0, %p0, %o1, %p1, %o2, %p2 : tensor<2x17x16xf32>, tensor<2x4x17x17xf32>, tensor<2x17x16xf32>,
      tensor<2x4x17x17xf32>, tensor<2x17x16xf32>, tensor<2x4x17x17xf32>
}

// CHECK-LABEL: func.func @score(
func.func @score(%probs: tensor<2x4x17x17xf32>, %prev: tensor<2x17xf32>)
    -> (tensor<2x17xf32>, tensor<2x17xf32>, tensor<2x17xf32>) {
  // CHECK: sparse_vit.score %arg0 {policy = "cp-vit"} : (tensor<2x4x17x17xf32>) -> tensor<2x17xf32>
  %0 = sparse_vit.score %probs {policy = "cp-vit"} : (tensor<2x4x17x17xf32>) -> tensor<2x17xf32>
  // CHECK: sparse_vit.score %arg0, %arg1 {policy = "cp-vit"} : (tensor<2x4x17x17xf32>, tensor<2x17xf32>) -> tensor<2x17xf32>
  %1 = sparse_vit.score %probs, %prev {policy = "cp-vit"} : (tensor<2x4x17x17xf32>, tensor<2x17xf32>) -> tensor<2x17xf32>
  // CHECK: sparse_vit.score %arg0 {policy = "evit"} : (tensor<2x4x17x17xf32>) -> tensor<2x17xf32>
  %2 = sparse_vit.score %probs {policy = "evit"} : (tensor<2x4x17x17xf32>) -> tensor<2x17xf32>
  return %0, %1, %2 : tensor<2x17xf32>, tensor<2x17xf32>, tensor<2x17xf32>
}

// CHECK-LABEL: func.func @select_and_gather(
func.func @select_and_gather(%x: tensor<2x17x16xf32>, %s: tensor<2x17xf32>,
                             %ids: tensor<2x17xi64>, %k: tensor<2x17x4xf32>)
    -> (tensor<2x9x16xf32>, tensor<2x9xf32>, tensor<2x9xi64>, tensor<2x9x4xf32>,
        tensor<2x17x16xf32>) {
  // CHECK: sparse_vit.select_tokens %arg0, %arg1 {keep = 8 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x9x16xf32>, tensor<2x9xi64>)
  %y, %idx = sparse_vit.select_tokens %x, %s {keep = 8 : i64}
      : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x9x16xf32>, tensor<2x9xi64>)
  // Keeping every patch is legal (keep = T - 1).
  // CHECK: sparse_vit.select_tokens %arg0, %arg1 {keep = 16 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x17x16xf32>, tensor<2x17xi64>)
  %yall, %idxall = sparse_vit.select_tokens %x, %s {keep = 16 : i64}
      : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x17x16xf32>, tensor<2x17xi64>)
  // CHECK: sparse_vit.gather_tokens %arg1, %{{[a-z0-9_#]+}} : (tensor<2x17xf32>, tensor<2x9xi64>) -> tensor<2x9xf32>
  %s2 = sparse_vit.gather_tokens %s, %idx : (tensor<2x17xf32>, tensor<2x9xi64>) -> tensor<2x9xf32>
  // CHECK: sparse_vit.gather_tokens %arg2, %{{[a-z0-9_#]+}} : (tensor<2x17xi64>, tensor<2x9xi64>) -> tensor<2x9xi64>
  %ids2 = sparse_vit.gather_tokens %ids, %idx : (tensor<2x17xi64>, tensor<2x9xi64>) -> tensor<2x9xi64>
  // CHECK: sparse_vit.gather_tokens %arg3, %{{[a-z0-9_#]+}} : (tensor<2x17x4xf32>, tensor<2x9xi64>) -> tensor<2x9x4xf32>
  %k2 = sparse_vit.gather_tokens %k, %idx : (tensor<2x17x4xf32>, tensor<2x9xi64>) -> tensor<2x9x4xf32>
  return %y, %s2, %ids2, %k2, %yall : tensor<2x9x16xf32>, tensor<2x9xf32>, tensor<2x9xi64>,
      tensor<2x9x4xf32>, tensor<2x17x16xf32>
}

// CHECK-LABEL: func.func @fuse_inattentive(
func.func @fuse_inattentive(%x: tensor<2x17x16xf32>, %a: tensor<2x17xf32>)
    -> (tensor<2x9x16xf32>, tensor<2x17x16xf32>) {
  // CHECK: sparse_vit.fuse_inattentive %arg0, %arg1 {keep = 7 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> tensor<2x9x16xf32>
  %0 = sparse_vit.fuse_inattentive %x, %a {keep = 7 : i64}
      : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> tensor<2x9x16xf32>
  // CHECK: sparse_vit.fuse_inattentive %arg0, %arg1 {keep = 15 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> tensor<2x17x16xf32>
  %1 = sparse_vit.fuse_inattentive %x, %a {keep = 15 : i64}
      : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> tensor<2x17x16xf32>
  return %0, %1 : tensor<2x9x16xf32>, tensor<2x17x16xf32>
}

// CHECK-LABEL: func.func @merge_tokens(
func.func @merge_tokens(%x: tensor<2x17x16xf32>, %k: tensor<2x17x4xf32>,
                        %sizes: tensor<2x17xf32>, %x4: tensor<1x4x8xf32>,
                        %k4: tensor<1x4x2xf32>, %s4: tensor<1x4xf32>)
    -> (tensor<2x13x16xf32>, tensor<2x13xf32>, tensor<1x2x8xf32>, tensor<1x2xf32>) {
  // CHECK: sparse_vit.merge_tokens %arg0, %arg1, %arg2 {r = 4 : i64} : (tensor<2x17x16xf32>, tensor<2x17x4xf32>, tensor<2x17xf32>) -> (tensor<2x13x16xf32>, tensor<2x13xf32>)
  %y, %sz = sparse_vit.merge_tokens %x, %k, %sizes {r = 4 : i64}
      : (tensor<2x17x16xf32>, tensor<2x17x4xf32>, tensor<2x17xf32>)
      -> (tensor<2x13x16xf32>, tensor<2x13xf32>)
  // T = 4: A = positions 1, 3 (|A| = 2), B = position 2; r = |A|.
  // CHECK: sparse_vit.merge_tokens %arg3, %arg4, %arg5 {r = 2 : i64} : (tensor<1x4x8xf32>, tensor<1x4x2xf32>, tensor<1x4xf32>) -> (tensor<1x2x8xf32>, tensor<1x2xf32>)
  %y4, %sz4 = sparse_vit.merge_tokens %x4, %k4, %s4 {r = 2 : i64}
      : (tensor<1x4x8xf32>, tensor<1x4x2xf32>, tensor<1x4xf32>)
      -> (tensor<1x2x8xf32>, tensor<1x2xf32>)
  return %y, %sz, %y4, %sz4 : tensor<2x13x16xf32>, tensor<2x13xf32>, tensor<1x2x8xf32>, tensor<1x2xf32>
}
