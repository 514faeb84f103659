// cp-vit-prune reading cp-vit-calibrate's record (here written by hand).
// Layer-aware schedule, keep 0.25, first layer 1, ranges D = (1, 1, 3):
// weights w_l = D_l / mean(D_1, D_2) = 0.5, 1.5, so block 1 reaches
// 0.25^(0.5/2) = 0.707 -> floor(4 * 0.707 + 0.5) = 3 patches and block 2
// 0.25 -> 1. Geometric (or alpha = 0) gives 0.25^(1/2) -> 2 at block 1.
// RUN: kiln-opt %s --cp-vit-prune="keep=0.25" 2>&1 | FileCheck %s --check-prefix=LA
// RUN: kiln-opt %s --cp-vit-prune="keep=0.25 alpha=0" 2>&1 | FileCheck %s --check-prefix=ALPHA0
// RUN: kiln-opt %s --cp-vit-prune="keep=0.25 schedule=geometric" 2>&1 | FileCheck %s --check-prefix=ALPHA0
// Head selection by attention peaks (head_importance; block 1: 0.2, 0.7 ->
// head 1; block 2: a tie -> head 0) or, the default, by output share
// (head_output; block 1: 3, 1 -> head 0; block 2: 1, 2 -> head 1); block 0
// comes before first-layer and keeps both heads.
// RUN: kiln-opt %s --cp-vit-prune="keep=1.0 head-keep=0.5 head-score=attention" 2>&1 | FileCheck %s --check-prefix=HEADS
// RUN: kiln-opt %s --cp-vit-prune="keep=1.0 head-keep=0.5" 2>&1 | FileCheck %s --check-prefix=HEADSOUT

// LA: schedule layer-aware, final keep ratio 0.250: patch tokens after each block [4 3 1] of 4
// ALPHA0: final keep ratio 0.250: patch tokens after each block [4 2 1] of 4

// HEADS: patch tokens after each block [4 4 4] of 4, heads [2 1 1] of 2
// HEADS: sparse_vit.attention %arg0, {{.*}} {num_heads = 2 : i64, scale
// HEADS: sparse_vit.attention {{.*}} {heads = array<i64: 1>, num_heads = 2 : i64
// HEADS: sparse_vit.attention {{.*}} {heads = array<i64: 0>, num_heads = 2 : i64

// HEADSOUT: patch tokens after each block [4 4 4] of 4, heads [2 1 1] of 2
// HEADSOUT: sparse_vit.attention {{.*}} {heads = array<i64: 0>, num_heads = 2 : i64
// HEADSOUT: sparse_vit.attention {{.*}} {heads = array<i64: 1>, num_heads = 2 : i64

module attributes {sparse_vit.calibration = {inputs = 4 : i64,
    attention_range = array<f64: 1.0, 1.0, 3.0>,
    head_importance = [array<f64: 0.9, 0.1>, array<f64: 0.2, 0.7>, array<f64: 0.5, 0.5>],
    head_output = [array<f64: 5.0, 5.0>, array<f64: 3.0, 1.0>, array<f64: 1.0, 2.0>]}} {
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
}
