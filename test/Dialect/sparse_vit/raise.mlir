// RUN: kiln-opt %s --sparse-vit-raise --canonicalize -split-input-file | FileCheck %s

// Multi-head self-attention as PyTorch exports it, raised to
// sparse_vit.attention. D = 4, H = 2 (d = 2), T = 3 tokens.

// timm-style block: separate Q/K/V MatMul + Add (bias first, as PyTorch 1.13
// exports it), K transposed by a Transpose perm, the scale a Mul on the
// logits. The weights pass through unchanged.
// CHECK-LABEL: func.func @separate_mul_on_logits
func.func @separate_mul_on_logits(%x: tensor<1x3x4xf32>, %res: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  // CHECK-DAG: %[[WQ:.*]] = onnx.Constant dense<1.000000e+00> : tensor<4x4xf32>
  // CHECK-DAG: %[[BQ:.*]] = onnx.Constant dense<1.000000e-01> : tensor<4xf32>
  // CHECK-DAG: %[[WK:.*]] = onnx.Constant dense<2.000000e+00> : tensor<4x4xf32>
  // CHECK-DAG: %[[BK:.*]] = onnx.Constant dense<2.000000e-01> : tensor<4xf32>
  // CHECK-DAG: %[[WV:.*]] = onnx.Constant dense<3.000000e+00> : tensor<4x4xf32>
  // CHECK-DAG: %[[BV:.*]] = onnx.Constant dense<3.000000e-01> : tensor<4xf32>
  // CHECK-DAG: %[[WO:.*]] = onnx.Constant dense<4.000000e+00> : tensor<4x4xf32>
  // CHECK-DAG: %[[BO:.*]] = onnx.Constant dense<4.000000e-01> : tensor<4xf32>
  // CHECK: %[[OUT:.*]], %{{.*}} = sparse_vit.attention %arg0, %[[WQ]], %[[BQ]], %[[WK]], %[[BK]], %[[WV]], %[[BV]], %[[WO]], %[[BO]] {num_heads = 2 : i64, scale = 0.707106769 : f32} : (tensor<1x3x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> (tensor<1x3x4xf32>, tensor<1x2x3x3xf32>)
  // CHECK: %[[R:.*]] = onnx.Add %arg1, %[[OUT]]
  // CHECK: return %[[R]]
  // CHECK-NOT: onnx.MatMul
  // CHECK-NOT: onnx.Softmax
  %wq = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %bq = onnx.Constant dense<0.1> : tensor<4xf32>
  %wk = onnx.Constant dense<2.0> : tensor<4x4xf32>
  %bk = onnx.Constant dense<0.2> : tensor<4xf32>
  %wv = onnx.Constant dense<3.0> : tensor<4x4xf32>
  %bv = onnx.Constant dense<0.3> : tensor<4xf32>
  %wo = onnx.Constant dense<4.0> : tensor<4x4xf32>
  %bo = onnx.Constant dense<0.4> : tensor<4xf32>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[1, 3, 4]> : tensor<3xi64>
  %s = onnx.Constant dense<0.707106769> : tensor<f32>
  %q0 = onnx.MatMul %x, %wq : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %q1 = onnx.Add %bq, %q0 : (tensor<4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  %q2 = onnx.Reshape %q1, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %q = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %k0 = onnx.MatMul %x, %wk : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %k1 = onnx.Add %bk, %k0 : (tensor<4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  %k2 = onnx.Reshape %k1, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %kt = onnx.Transpose %k2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %v0 = onnx.MatMul %x, %wv : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %v1 = onnx.Add %bv, %v0 : (tensor<4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  %v2 = onnx.Reshape %v1, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %v = onnx.Transpose %v2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %l0 = onnx.MatMul %q, %kt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  %l = onnx.Mul %l0, %s : (tensor<1x2x3x3xf32>, tensor<f32>) -> tensor<1x2x3x3xf32>
  %p = onnx.Softmax %l : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %a = onnx.MatMul %p, %v : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x3x2xf32>) -> tensor<1x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<1x3x2x2xf32>, tensor<3xi64>) -> tensor<1x3x4xf32>
  %o0 = onnx.MatMul %a2, %wo : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %o = onnx.Add %bo, %o0 : (tensor<4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  %r = onnx.Add %res, %o : (tensor<1x3x4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  return %r : tensor<1x3x4xf32>
}

// -----

// The scale as a Div of the logits (by sqrt(d) = 2 here: scale 0.5), two
// sequences (B = 2), biases added after the MatMul, K transposed by a
// second Transpose.
// CHECK-LABEL: func.func @separate_div_on_logits
func.func @separate_div_on_logits(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  // CHECK: %[[OUT:.*]], %{{.*}} = sparse_vit.attention %arg0, {{.*}} {num_heads = 2 : i64, scale = 5.000000e-01 : f32} : {{.*}} -> (tensor<2x3x4xf32>, tensor<2x2x3x3xf32>)
  // CHECK: return %[[OUT]]
  // CHECK-NOT: onnx.Softmax
  %wq = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %wk = onnx.Constant dense<2.0> : tensor<4x4xf32>
  %wv = onnx.Constant dense<3.0> : tensor<4x4xf32>
  %wo = onnx.Constant dense<4.0> : tensor<4x4xf32>
  %b = onnx.Constant dense<0.5> : tensor<4xf32>
  %heads = onnx.Constant dense<[2, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[2, 3, 4]> : tensor<3xi64>
  %s = onnx.Constant dense<2.0> : tensor<f32>
  %q0 = onnx.MatMul %x, %wq : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %q1 = onnx.Add %q0, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %q2 = onnx.Reshape %q1, %heads : (tensor<2x3x4xf32>, tensor<4xi64>) -> tensor<2x3x2x2xf32>
  %q = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x3x2x2xf32>) -> tensor<2x2x3x2xf32>
  %k0 = onnx.MatMul %x, %wk : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %k1 = onnx.Add %k0, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %k2 = onnx.Reshape %k1, %heads : (tensor<2x3x4xf32>, tensor<4xi64>) -> tensor<2x3x2x2xf32>
  %k3 = onnx.Transpose %k2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x3x2x2xf32>) -> tensor<2x2x3x2xf32>
  %kt = onnx.Transpose %k3 {perm = array<i64: 0, 1, 3, 2>} : (tensor<2x2x3x2xf32>) -> tensor<2x2x2x3xf32>
  %v0 = onnx.MatMul %x, %wv : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %v1 = onnx.Add %v0, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %v2 = onnx.Reshape %v1, %heads : (tensor<2x3x4xf32>, tensor<4xi64>) -> tensor<2x3x2x2xf32>
  %v = onnx.Transpose %v2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x3x2x2xf32>) -> tensor<2x2x3x2xf32>
  %l0 = onnx.MatMul %q, %kt : (tensor<2x2x3x2xf32>, tensor<2x2x2x3xf32>) -> tensor<2x2x3x3xf32>
  %l = onnx.Div %l0, %s : (tensor<2x2x3x3xf32>, tensor<f32>) -> tensor<2x2x3x3xf32>
  %p = onnx.Softmax %l {axis = 3 : i64} : (tensor<2x2x3x3xf32>) -> tensor<2x2x3x3xf32>
  %a = onnx.MatMul %p, %v : (tensor<2x2x3x3xf32>, tensor<2x2x3x2xf32>) -> tensor<2x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x2x3x2xf32>) -> tensor<2x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<2x3x2x2xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  %o0 = onnx.MatMul %a2, %wo : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %o = onnx.Add %o0, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %o : tensor<2x3x4xf32>
}

// -----

// The scale on Q before the product (Mul by 0.25 on [B, T, D]), and on the
// logits once more (Div by 2): scale = 0.125.
// CHECK-LABEL: func.func @scale_on_q
func.func @scale_on_q(%x: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  // CHECK: sparse_vit.attention %arg0, {{.*}} {num_heads = 2 : i64, scale = 1.250000e-01 : f32}
  // CHECK-NOT: onnx.Softmax
  %wq = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %wk = onnx.Constant dense<2.0> : tensor<4x4xf32>
  %wv = onnx.Constant dense<3.0> : tensor<4x4xf32>
  %wo = onnx.Constant dense<4.0> : tensor<4x4xf32>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[1, 3, 4]> : tensor<3xi64>
  %sq = onnx.Constant dense<0.25> : tensor<1xf32>
  %s = onnx.Constant dense<2.0> : tensor<f32>
  %q0 = onnx.MatMul %x, %wq : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %q1 = onnx.Mul %q0, %sq : (tensor<1x3x4xf32>, tensor<1xf32>) -> tensor<1x3x4xf32>
  %q2 = onnx.Reshape %q1, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %q = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %k0 = onnx.MatMul %x, %wk : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %k2 = onnx.Reshape %k0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %kt = onnx.Transpose %k2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %v0 = onnx.MatMul %x, %wv : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %v2 = onnx.Reshape %v0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %v = onnx.Transpose %v2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %l0 = onnx.MatMul %q, %kt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  %l = onnx.Div %l0, %s : (tensor<1x2x3x3xf32>, tensor<f32>) -> tensor<1x2x3x3xf32>
  %p = onnx.Softmax %l : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %a = onnx.MatMul %p, %v : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x3x2xf32>) -> tensor<1x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<1x3x2x2xf32>, tensor<3xi64>) -> tensor<1x3x4xf32>
  %o = onnx.MatMul %a2, %wo : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
}

// -----

// PyTorch 2 scaled_dot_product_attention: Q and K^T each multiplied by
// sqrt(scale) (0.5 each: scale = 0.25). No biases: zero ones are made.
// CHECK-LABEL: func.func @scale_on_q_and_k
func.func @scale_on_q_and_k(%x: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  // CHECK-DAG: %[[ZERO:.*]] = onnx.Constant dense<0.000000e+00> : tensor<4xf32>
  // CHECK: sparse_vit.attention %arg0, %{{.*}}, %[[ZERO]], %{{.*}}, %[[ZERO]], %{{.*}}, %[[ZERO]], %{{.*}}, %[[ZERO]] {num_heads = 2 : i64, scale = 2.500000e-01 : f32}
  // CHECK-NOT: onnx.Softmax
  %wq = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %wk = onnx.Constant dense<2.0> : tensor<4x4xf32>
  %wv = onnx.Constant dense<3.0> : tensor<4x4xf32>
  %wo = onnx.Constant dense<4.0> : tensor<4x4xf32>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[1, 3, 4]> : tensor<3xi64>
  %s = onnx.Constant dense<0.5> : tensor<f32>
  %q0 = onnx.MatMul %x, %wq : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %q2 = onnx.Reshape %q0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %q3 = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %q = onnx.Mul %q3, %s : (tensor<1x2x3x2xf32>, tensor<f32>) -> tensor<1x2x3x2xf32>
  %k0 = onnx.MatMul %x, %wk : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %k2 = onnx.Reshape %k0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %k3 = onnx.Transpose %k2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %kt = onnx.Mul %k3, %s : (tensor<1x2x2x3xf32>, tensor<f32>) -> tensor<1x2x2x3xf32>
  %v0 = onnx.MatMul %x, %wv : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %v2 = onnx.Reshape %v0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %v = onnx.Transpose %v2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %l = onnx.MatMul %q, %kt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  %p = onnx.Softmax %l : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %a = onnx.MatMul %p, %v : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x3x2xf32>) -> tensor<1x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<1x3x2x2xf32>, tensor<3xi64>) -> tensor<1x3x4xf32>
  %o = onnx.MatMul %a2, %wo : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
}

// -----

// The logits computed transposed, K x Q^T ([.., key, query]), the softmax
// over axis 2 (the keys) and the probabilities transposed back before V.
// CHECK-LABEL: func.func @keys_first_product
func.func @keys_first_product(%x: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  // CHECK-DAG: %[[WQ:.*]] = onnx.Constant dense<1.000000e+00> : tensor<4x4xf32>
  // CHECK-DAG: %[[WK:.*]] = onnx.Constant dense<2.000000e+00> : tensor<4x4xf32>
  // CHECK: sparse_vit.attention %arg0, %[[WQ]], %{{.*}}, %[[WK]], {{.*}} {num_heads = 2 : i64, scale = 5.000000e-01 : f32}
  // CHECK-NOT: onnx.Softmax
  %wq = onnx.Constant dense<1.0> : tensor<4x4xf32>
  %wk = onnx.Constant dense<2.0> : tensor<4x4xf32>
  %wv = onnx.Constant dense<3.0> : tensor<4x4xf32>
  %wo = onnx.Constant dense<4.0> : tensor<4x4xf32>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[1, 3, 4]> : tensor<3xi64>
  %s = onnx.Constant dense<0.5> : tensor<f32>
  %q0 = onnx.MatMul %x, %wq : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %q2 = onnx.Reshape %q0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %qt = onnx.Transpose %q2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %k0 = onnx.MatMul %x, %wk : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %k2 = onnx.Reshape %k0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %k = onnx.Transpose %k2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %v0 = onnx.MatMul %x, %wv : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  %v2 = onnx.Reshape %v0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %v = onnx.Transpose %v2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %l0 = onnx.MatMul %k, %qt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  %l = onnx.Mul %s, %l0 : (tensor<f32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %pt = onnx.Softmax %l {axis = 2 : i64} : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %p = onnx.Transpose %pt {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %a = onnx.MatMul %p, %v : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x3x2xf32>) -> tensor<1x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<1x3x2x2xf32>, tensor<3xi64>) -> tensor<1x3x4xf32>
  %o = onnx.MatMul %a2, %wo : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
}

// -----

// torch.nn.MultiheadAttention(batch_first=True), B = 2: x transposed to
// [T, B, D] and viewed as [T*B, D]; the in-projection a Gemm with the
// transposed [3D, D] weight (rows r: W[r] = 4r .. 4r+3) and bias 0 .. 11,
// sliced into Q, K, V; heads by [T, B*H, d] views; Q divided by sqrt(d);
// the output projection a Gemm (transB, weight 50 + 4r + c, bias -1 .. -4)
// and the views back to [B, T, D].
// Materialized in the x W + b convention: Wq[i][j] = W[j][i] = 4j + i,
// Wk[i][j] = W[4 + j][i] = 16 + 4j + i, Wv[i][j] = 32 + 4j + i,
// Wo[i][j] = 50 + 4j + i.
// CHECK-LABEL: func.func @fused_gemm_slice
func.func @fused_gemm_slice(%x: tensor<2x3x4xf32>, %res: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  // CHECK-DAG: %[[WQ:.*]] = onnx.Constant dense<{{\[}}[0.000000e+00, 4.000000e+00, 8.000000e+00, 1.200000e+01], [1.000000e+00, 5.000000e+00, 9.000000e+00, 1.300000e+01], [2.000000e+00, 6.000000e+00, 1.000000e+01, 1.400000e+01], [3.000000e+00, 7.000000e+00, 1.100000e+01, 1.500000e+01]]> : tensor<4x4xf32>
  // CHECK-DAG: %[[BQ:.*]] = onnx.Constant dense<[0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<4xf32>
  // CHECK-DAG: %[[WK:.*]] = onnx.Constant dense<{{\[}}[1.600000e+01, 2.000000e+01, 2.400000e+01, 2.800000e+01], [1.700000e+01, 2.100000e+01, 2.500000e+01, 2.900000e+01], [1.800000e+01, 2.200000e+01, 2.600000e+01, 3.000000e+01], [1.900000e+01, 2.300000e+01, 2.700000e+01, 3.100000e+01]]> : tensor<4x4xf32>
  // CHECK-DAG: %[[BK:.*]] = onnx.Constant dense<[4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00]> : tensor<4xf32>
  // CHECK-DAG: %[[WV:.*]] = onnx.Constant dense<{{\[}}[3.200000e+01, 3.600000e+01, 4.000000e+01, 4.400000e+01], [3.300000e+01, 3.700000e+01, 4.100000e+01, 4.500000e+01], [3.400000e+01, 3.800000e+01, 4.200000e+01, 4.600000e+01], [3.500000e+01, 3.900000e+01, 4.300000e+01, 4.700000e+01]]> : tensor<4x4xf32>
  // CHECK-DAG: %[[BV:.*]] = onnx.Constant dense<[8.000000e+00, 9.000000e+00, 1.000000e+01, 1.100000e+01]> : tensor<4xf32>
  // CHECK-DAG: %[[WO:.*]] = onnx.Constant dense<{{\[}}[5.000000e+01, 5.400000e+01, 5.800000e+01, 6.200000e+01], [5.100000e+01, 5.500000e+01, 5.900000e+01, 6.300000e+01], [5.200000e+01, 5.600000e+01, 6.000000e+01, 6.400000e+01], [5.300000e+01, 5.700000e+01, 6.100000e+01, 6.500000e+01]]> : tensor<4x4xf32>
  // CHECK-DAG: %[[BO:.*]] = onnx.Constant dense<[-1.000000e+00, -2.000000e+00, -3.000000e+00, -4.000000e+00]> : tensor<4xf32>
  // CHECK: %[[OUT:.*]], %{{.*}} = sparse_vit.attention %arg0, %[[WQ]], %[[BQ]], %[[WK]], %[[BK]], %[[WV]], %[[BV]], %[[WO]], %[[BO]] {num_heads = 2 : i64, scale = 0.707106769 : f32} : {{.*}} -> (tensor<2x3x4xf32>, tensor<2x2x3x3xf32>)
  // CHECK: %[[R:.*]] = onnx.Add %arg1, %[[OUT]]
  // CHECK: return %[[R]]
  // CHECK-NOT: onnx.Gemm
  // CHECK-NOT: onnx.Transpose
  %w = onnx.Constant dense<[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0], [12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0], [20.0, 21.0, 22.0, 23.0], [24.0, 25.0, 26.0, 27.0], [28.0, 29.0, 30.0, 31.0], [32.0, 33.0, 34.0, 35.0], [36.0, 37.0, 38.0, 39.0], [40.0, 41.0, 42.0, 43.0], [44.0, 45.0, 46.0, 47.0]]> : tensor<12x4xf32>
  %b = onnx.Constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]> : tensor<12xf32>
  %wo = onnx.Constant dense<[[50.0, 51.0, 52.0, 53.0], [54.0, 55.0, 56.0, 57.0], [58.0, 59.0, 60.0, 61.0], [62.0, 63.0, 64.0, 65.0]]> : tensor<4x4xf32>
  %bo = onnx.Constant dense<[-1.0, -2.0, -3.0, -4.0]> : tensor<4xf32>
  %rows = onnx.Constant dense<[6, 4]> : tensor<2xi64>
  %heads = onnx.Constant dense<[3, 4, 2]> : tensor<3xi64>
  %tbd = onnx.Constant dense<[3, 2, 4]> : tensor<3xi64>
  %c0 = onnx.Constant dense<0> : tensor<1xi64>
  %c4 = onnx.Constant dense<4> : tensor<1xi64>
  %c8 = onnx.Constant dense<8> : tensor<1xi64>
  %c12 = onnx.Constant dense<12> : tensor<1xi64>
  %ax = onnx.Constant dense<-1> : tensor<1xi64>
  %none = onnx.NoValue
  %sqrtd = onnx.Constant dense<1.41421354> : tensor<f32>
  %xt = onnx.Transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %x2 = onnx.Reshape %xt, %rows : (tensor<3x2x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %qkv = onnx.Gemm %x2, %w, %b {transB = 1 : i64} : (tensor<6x4xf32>, tensor<12x4xf32>, tensor<12xf32>) -> tensor<6x12xf32>
  %q0 = onnx.Slice %qkv, %c0, %c4, %ax, %none : (tensor<6x12xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<6x4xf32>
  %k0 = onnx.Slice %qkv, %c4, %c8, %ax, %none : (tensor<6x12xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<6x4xf32>
  %v0 = onnx.Slice %qkv, %c8, %c12, %ax, %none : (tensor<6x12xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<6x4xf32>
  %q1 = onnx.Reshape %q0, %heads : (tensor<6x4xf32>, tensor<3xi64>) -> tensor<3x4x2xf32>
  %q2 = onnx.Transpose %q1 {perm = array<i64: 1, 0, 2>} : (tensor<3x4x2xf32>) -> tensor<4x3x2xf32>
  %q = onnx.Div %q2, %sqrtd : (tensor<4x3x2xf32>, tensor<f32>) -> tensor<4x3x2xf32>
  %k1 = onnx.Reshape %k0, %heads : (tensor<6x4xf32>, tensor<3xi64>) -> tensor<3x4x2xf32>
  %kt = onnx.Transpose %k1 {perm = array<i64: 1, 2, 0>} : (tensor<3x4x2xf32>) -> tensor<4x2x3xf32>
  %v1 = onnx.Reshape %v0, %heads : (tensor<6x4xf32>, tensor<3xi64>) -> tensor<3x4x2xf32>
  %v = onnx.Transpose %v1 {perm = array<i64: 1, 0, 2>} : (tensor<3x4x2xf32>) -> tensor<4x3x2xf32>
  %l = onnx.MatMul %q, %kt : (tensor<4x3x2xf32>, tensor<4x2x3xf32>) -> tensor<4x3x3xf32>
  %p = onnx.Softmax %l : (tensor<4x3x3xf32>) -> tensor<4x3x3xf32>
  %a = onnx.MatMul %p, %v : (tensor<4x3x3xf32>, tensor<4x3x2xf32>) -> tensor<4x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 1, 0, 2>} : (tensor<4x3x2xf32>) -> tensor<3x4x2xf32>
  %a2 = onnx.Reshape %a1, %rows : (tensor<3x4x2xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %o0 = onnx.Gemm %a2, %wo, %bo {transB = 1 : i64} : (tensor<6x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<6x4xf32>
  %o1 = onnx.Reshape %o0, %tbd : (tensor<6x4xf32>, tensor<3xi64>) -> tensor<3x2x4xf32>
  %o = onnx.Transpose %o1 {perm = array<i64: 1, 0, 2>} : (tensor<3x2x4xf32>) -> tensor<2x3x4xf32>
  %r = onnx.Add %res, %o : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %r : tensor<2x3x4xf32>
}

// -----

// A fused MatMul in-projection ([D, 3D] weight W[r][c] = 12r + c, bias
// added to the whole) split by Split into Q, K, V: Wq = columns 0 .. 3,
// Wk = columns 4 .. 7, Wv = columns 8 .. 11. The output projection a MatMul
// on a transposed constant.
// CHECK-LABEL: func.func @fused_matmul_split
func.func @fused_matmul_split(%x: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  // CHECK-DAG: %[[WQ:.*]] = onnx.Constant dense<{{\[}}[0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00], [1.200000e+01, 1.300000e+01, 1.400000e+01, 1.500000e+01], [2.400000e+01, 2.500000e+01, 2.600000e+01, 2.700000e+01], [3.600000e+01, 3.700000e+01, 3.800000e+01, 3.900000e+01]]> : tensor<4x4xf32>
  // CHECK-DAG: %[[WK:.*]] = onnx.Constant dense<{{\[}}[4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00], [1.600000e+01, 1.700000e+01, 1.800000e+01, 1.900000e+01], [2.800000e+01, 2.900000e+01, 3.000000e+01, 3.100000e+01], [4.000000e+01, 4.100000e+01, 4.200000e+01, 4.300000e+01]]> : tensor<4x4xf32>
  // CHECK-DAG: %[[WV:.*]] = onnx.Constant dense<{{\[}}[8.000000e+00, 9.000000e+00, 1.000000e+01, 1.100000e+01], [2.000000e+01, 2.100000e+01, 2.200000e+01, 2.300000e+01], [3.200000e+01, 3.300000e+01, 3.400000e+01, 3.500000e+01], [4.400000e+01, 4.500000e+01, 4.600000e+01, 4.700000e+01]]> : tensor<4x4xf32>
  // CHECK-DAG: %[[BK:.*]] = onnx.Constant dense<[4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00]> : tensor<4xf32>
  // CHECK-DAG: %[[WO:.*]] = onnx.Constant dense<{{\[}}[5.000000e+01, 5.400000e+01, 5.800000e+01, 6.200000e+01], [5.100000e+01, 5.500000e+01, 5.900000e+01, 6.300000e+01], [5.200000e+01, 5.600000e+01, 6.000000e+01, 6.400000e+01], [5.300000e+01, 5.700000e+01, 6.100000e+01, 6.500000e+01]]> : tensor<4x4xf32>
  // CHECK: sparse_vit.attention %arg0, %[[WQ]], %{{.*}}, %[[WK]], %[[BK]], %[[WV]], %{{.*}}, %[[WO]], %{{.*}} {num_heads = 2 : i64, scale = 5.000000e-01 : f32}
  // CHECK-NOT: onnx.Split
  %w = onnx.Constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0], [12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0], [24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0], [36.0, 37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0]]> : tensor<4x12xf32>
  %b = onnx.Constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]> : tensor<12xf32>
  %wot = onnx.Constant dense<[[50.0, 51.0, 52.0, 53.0], [54.0, 55.0, 56.0, 57.0], [58.0, 59.0, 60.0, 61.0], [62.0, 63.0, 64.0, 65.0]]> : tensor<4x4xf32>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[1, 3, 4]> : tensor<3xi64>
  %s = onnx.Constant dense<0.5> : tensor<f32>
  %none = onnx.NoValue
  %qkv0 = onnx.MatMul %x, %w : (tensor<1x3x4xf32>, tensor<4x12xf32>) -> tensor<1x3x12xf32>
  %qkv = onnx.Add %qkv0, %b : (tensor<1x3x12xf32>, tensor<12xf32>) -> tensor<1x3x12xf32>
  %q0, %k0, %v0 = onnx.Split %qkv, %none {axis = 2 : i64} : (tensor<1x3x12xf32>, none) -> (tensor<1x3x4xf32>, tensor<1x3x4xf32>, tensor<1x3x4xf32>)
  %q2 = onnx.Reshape %q0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %q = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %k2 = onnx.Reshape %k0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %kt = onnx.Transpose %k2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %v2 = onnx.Reshape %v0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %v = onnx.Transpose %v2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %l0 = onnx.MatMul %q, %kt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  %l = onnx.Mul %l0, %s : (tensor<1x2x3x3xf32>, tensor<f32>) -> tensor<1x2x3x3xf32>
  %p = onnx.Softmax %l : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %a = onnx.MatMul %p, %v : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x3x2xf32>) -> tensor<1x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<1x3x2x2xf32>, tensor<3xi64>) -> tensor<1x3x4xf32>
  %wo = onnx.Transpose %wot {perm = array<i64: 1, 0>} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  %o = onnx.MatMul %a2, %wo : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
}

// -----

// PyTorch 2's packed in-projection: the [B, T, 3D] result unflattened to
// [B, T, 3, D], the 3 moved to the front and Q, K, V taken by Gather.
// CHECK-LABEL: func.func @fused_gather
func.func @fused_gather(%x: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  // CHECK-DAG: %[[BV:.*]] = onnx.Constant dense<[8.000000e+00, 9.000000e+00, 1.000000e+01, 1.100000e+01]> : tensor<4xf32>
  // CHECK: sparse_vit.attention %arg0, {{.*}}, {{.*}}, {{.*}}, {{.*}}, {{.*}}, %[[BV]], {{.*}} {num_heads = 2 : i64, scale = 5.000000e-01 : f32}
  // CHECK-NOT: onnx.Gather
  %w = onnx.Constant dense<1.0> : tensor<4x12xf32>
  %b = onnx.Constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]> : tensor<12xf32>
  %wo = onnx.Constant dense<4.0> : tensor<4x4xf32>
  %unflat = onnx.Constant dense<[1, 3, 3, 4]> : tensor<4xi64>
  %heads = onnx.Constant dense<[1, 3, 2, 2]> : tensor<4xi64>
  %merge = onnx.Constant dense<[1, 3, 4]> : tensor<3xi64>
  %i0 = onnx.Constant dense<0> : tensor<i64>
  %i1 = onnx.Constant dense<1> : tensor<i64>
  %i2 = onnx.Constant dense<2> : tensor<i64>
  %s = onnx.Constant dense<0.5> : tensor<f32>
  %qkv0 = onnx.MatMul %x, %w : (tensor<1x3x4xf32>, tensor<4x12xf32>) -> tensor<1x3x12xf32>
  %qkv1 = onnx.Add %b, %qkv0 : (tensor<12xf32>, tensor<1x3x12xf32>) -> tensor<1x3x12xf32>
  %qkv2 = onnx.Reshape %qkv1, %unflat : (tensor<1x3x12xf32>, tensor<4xi64>) -> tensor<1x3x3x4xf32>
  %qkv = onnx.Transpose %qkv2 {perm = array<i64: 2, 0, 1, 3>} : (tensor<1x3x3x4xf32>) -> tensor<3x1x3x4xf32>
  %q0 = onnx.Gather %qkv, %i0 : (tensor<3x1x3x4xf32>, tensor<i64>) -> tensor<1x3x4xf32>
  %k0 = onnx.Gather %qkv, %i1 : (tensor<3x1x3x4xf32>, tensor<i64>) -> tensor<1x3x4xf32>
  %v0 = onnx.Gather %qkv, %i2 : (tensor<3x1x3x4xf32>, tensor<i64>) -> tensor<1x3x4xf32>
  %q2 = onnx.Reshape %q0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %q = onnx.Transpose %q2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %k2 = onnx.Reshape %k0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %kt = onnx.Transpose %k2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %v2 = onnx.Reshape %v0, %heads : (tensor<1x3x4xf32>, tensor<4xi64>) -> tensor<1x3x2x2xf32>
  %v = onnx.Transpose %v2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x3x2xf32>
  %l0 = onnx.MatMul %q, %kt : (tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x3x3xf32>
  %l = onnx.Mul %l0, %s : (tensor<1x2x3x3xf32>, tensor<f32>) -> tensor<1x2x3x3xf32>
  %p = onnx.Softmax %l : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %a = onnx.MatMul %p, %v : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %a1 = onnx.Transpose %a {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x3x2xf32>) -> tensor<1x3x2x2xf32>
  %a2 = onnx.Reshape %a1, %merge : (tensor<1x3x2x2xf32>, tensor<3xi64>) -> tensor<1x3x4xf32>
  %o = onnx.MatMul %a2, %wo : (tensor<1x3x4xf32>, tensor<4x4xf32>) -> tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
}
