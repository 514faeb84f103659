// RUN: kiln-opt %s --sparse-vit-raise -split-input-file -verify-diagnostics | FileCheck %s

// What sparse-vit-raise leaves alone: a remark on the softmax names what did
// not match, the IR is unchanged and the pass does not fail.

// The softmax runs over the queries (axis 2), not the keys.
// CHECK-LABEL: func.func @softmax_over_queries
// CHECK-NOT: sparse_vit.attention
// CHECK: onnx.Softmax
func.func @softmax_over_queries(%x: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  %w = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[1, 3, 4]> : tensor<3xi64>
  %q0 = onnx.MatMul %x, %w : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %q2 = onnx.Reshape %q0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %q = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %kt = onnx.Transpose %q2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %l = onnx.MatMul %q, %kt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark @below {{not raised: the softmax axis is not the key axis}}
  %p = onnx.Softmax %l {axis = 2 : i64} : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %a = onnx.MatMul %p, %q : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x3x2xf32>) -> tensor<1x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<1x3x2x2xf32>, tensor<3xi64>) -> tensor<1x3x4xf32>
  %o = onnx.MatMul %a2, %w : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
}

// -----

// The V projection weight is a function argument.
// CHECK-LABEL: func.func @v_weight_not_constant
// CHECK-NOT: sparse_vit.attention
func.func @v_weight_not_constant(%x: tensor<1x3x4xf32>, %wv: tensor<4x4xf32>) -> tensor<1x3x4xf32> {
  %w = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[1, 3, 4]> : tensor<3xi64>
  %q0 = onnx.MatMul %x, %w : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %q2 = onnx.Reshape %q0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %q = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %kt = onnx.Transpose %q2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %v0 = onnx.MatMul %x, %wv : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %v2 = onnx.Reshape %v0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %v = onnx.Transpose %v2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %l = onnx.MatMul %q, %kt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark @below {{not raised: the V projection weight is not a constant}}
  %p = onnx.Softmax %l : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %a = onnx.MatMul %p, %v : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x3x2xf32>) -> tensor<1x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<1x3x2x2xf32>, tensor<3xi64>) -> tensor<1x3x4xf32>
  %o = onnx.MatMul %a2, %w : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
}

// -----

// An attention mask added to the logits (sparse_vit.attention has none).
// CHECK-LABEL: func.func @masked_logits
// CHECK-NOT: sparse_vit.attention
func.func @masked_logits(%x: tensor<1x3x4xf32>, %mask: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %q0 = onnx.MatMul %x, %w : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %q2 = onnx.Reshape %q0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %q = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %kt = onnx.Transpose %q2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %l0 = onnx.MatMul %q, %kt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  %l = onnx.Add %l0, %mask : (tensor<1x2x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark @below {{not raised: the softmax input is not a scaled product of two tensors (found 'onnx.Add')}}
  %p = onnx.Softmax %l : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %p : tensor<1x2x3x3xf32>
}

// -----

// Cross-attention: K and V project another sequence.
// CHECK-LABEL: func.func @cross_attention
// CHECK-NOT: sparse_vit.attention
func.func @cross_attention(%x: tensor<1x3x4xf32>, %y: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  %w = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[1, 3, 4]> : tensor<3xi64>
  %q0 = onnx.MatMul %x, %w : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %q2 = onnx.Reshape %q0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %q = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %k0 = onnx.MatMul %y, %w : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %k2 = onnx.Reshape %k0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %kt = onnx.Transpose %k2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %v = onnx.Transpose %k2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %l = onnx.MatMul %q, %kt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark @below {{not raised: the Q, K and V projections do not share an input [B, T, D] (up to Reshape/Transpose)}}
  %p = onnx.Softmax %l : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %a = onnx.MatMul %p, %v : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x3x2xf32>) -> tensor<1x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<1x3x2x2xf32>, tensor<3xi64>) -> tensor<1x3x4xf32>
  %o = onnx.MatMul %a2, %w : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
}

// -----

// Heads merged in the wrong order (d-major instead of H-major): the output
// projection would not see head h in rows h*d .. h*d + d - 1.
// CHECK-LABEL: func.func @heads_merged_transposed
// CHECK-NOT: sparse_vit.attention
func.func @heads_merged_transposed(%x: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  %w = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[1, 3, 4]> : tensor<3xi64>
  %q0 = onnx.MatMul %x, %w : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %q2 = onnx.Reshape %q0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %q = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %kt = onnx.Transpose %q2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %l = onnx.MatMul %q, %kt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark @below {{not raised: the head merge does not concatenate the heads in order}}
  %p = onnx.Softmax %l : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %a = onnx.MatMul %p, %q : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x3x2xf32>) -> tensor<1x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<1x3x2x2xf32>, tensor<3xi64>) -> tensor<1x3x4xf32>
  %o = onnx.MatMul %a2, %w : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
}

// -----

// No softmax at all.
// CHECK-LABEL: func.func @no_attention
// expected-remark @below {{no attention found}}
func.func @no_attention(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %w = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %y = onnx.MatMul %x, %w : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
