// Ops after a pruned block with absent optional operands and results
// (LayerNormalization without its Mean/InvStdDev outputs, ReduceSum without
// axes and noop_with_empty_axes) follow the smaller token count.
// RUN: kiln-opt %s --cp-vit-prune="keep=0.5" 2>&1 | FileCheck %s
// CHECK: patch tokens after each block [4 2] of 4
// CHECK: onnx.LayerNormalization {{.*}} : (tensor<1x3x8xf32>, tensor<8xf32>, none) -> (tensor<1x3x8xf32>, none, none)
// CHECK: onnx.ReduceSum {{.*}} : (tensor<1x3x8xf32>, none) -> tensor<1x3x8xf32>
// CHECK: onnx.Gather {{.*}} : (tensor<1x3x8xf32>, tensor<i64>) -> tensor<1x8xf32>

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
  %none = onnx.NoValue
  %ln, %mean, %inv = onnx.LayerNormalization %h1, %b, %none {axis = -1 : i64} : (tensor<1x5x8xf32>, tensor<8xf32>, none) -> (tensor<1x5x8xf32>, none, none)
  %sum = onnx.ReduceSum %ln, %none {keepdims = 0 : i64, noop_with_empty_axes = 1 : i64} : (tensor<1x5x8xf32>, none) -> tensor<1x5x8xf32>
  %c = onnx.Gather %sum, %zero {axis = 1 : i64} : (tensor<1x5x8xf32>, tensor<i64>) -> tensor<1x8xf32>
  return %c : tensor<1x8xf32>
}
