// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(convert-onnx-to-pim{chunk=16}))' -split-input-file -verify-diagnostics | FileCheck %s

// The in-place cache form (decoder_step.onnx): scale by Div, prefix mask
// Where(arange > position, -inf, s). The lengths are position + 1.
// CHECK-LABEL: func.func @mha_masked
func.func @mha_masked(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x8x32xf32>, %v: tensor<1x4x8x32xf32>, %pos: tensor<1xi64>) -> tensor<1x4x1x32xf32> {
  // CHECK: %[[ONE:.*]] = onnx.Constant dense<1> : tensor<i64>
  // CHECK: %[[LEN:.*]] = onnx.Add %arg3, %[[ONE]] : (tensor<1xi64>, tensor<i64>) -> tensor<1xi64>
  // CHECK: %[[O:.*]] = pim.decode_attention %arg0, %arg1, %arg2, %[[LEN]] {chunk = 16 : i64, group = 1 : i64, layout = "hybrid", scale = 0.176776692 : f32}
  // CHECK-NOT: onnx.Softmax
  // CHECK: return %[[O]]
  %ar = onnx.Constant dense<[[0, 1, 2, 3, 4, 5, 6, 7]]> : tensor<1x8xi64>
  %ax = onnx.Constant dense<[1]> : tensor<1xi64>
  %p2 = onnx.Unsqueeze %pos, %ax : (tensor<1xi64>, tensor<1xi64>) -> tensor<1x1xi64>
  %gt = onnx.Greater %ar, %p2 : (tensor<1x8xi64>, tensor<1x1xi64>) -> tensor<1x8xi1>
  %ax0 = onnx.Constant dense<[1, 2]> : tensor<2xi64>
  %m = onnx.Unsqueeze %gt, %ax0 : (tensor<1x8xi1>, tensor<2xi64>) -> tensor<1x1x1x8xi1>
  %kt = onnx.Transpose %k {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x4x8x32xf32>) -> tensor<1x4x32x8xf32>
  %s = onnx.MatMul %q, %kt : (tensor<1x4x1x32xf32>, tensor<1x4x32x8xf32>) -> tensor<1x4x1x8xf32>
  %c = onnx.Constant dense<5.65685415> : tensor<f32>
  %sd = onnx.Div %s, %c : (tensor<1x4x1x8xf32>, tensor<f32>) -> tensor<1x4x1x8xf32>
  %ninf = onnx.Constant dense<0xFF800000> : tensor<f32>
  %sm = onnx.Where %m, %ninf, %sd : (tensor<1x1x1x8xi1>, tensor<f32>, tensor<1x4x1x8xf32>) -> tensor<1x4x1x8xf32>
  %p = onnx.Softmax %sm : (tensor<1x4x1x8xf32>) -> tensor<1x4x1x8xf32>
  %o = onnx.MatMul %p, %v : (tensor<1x4x1x8xf32>, tensor<1x4x8x32xf32>) -> tensor<1x4x1x32xf32>
  return %o : tensor<1x4x1x32xf32>
}

// -----

// The Concat form (decoder_decode.onnx): no mask, the whole cache is valid;
// a scale by Mul.
// CHECK-LABEL: func.func @concat_unmasked
func.func @concat_unmasked(%q: tensor<2x4x1x32xf32>, %pk: tensor<2x4x32x32xf32>, %nk: tensor<2x4x1x32xf32>, %pv: tensor<2x4x32x32xf32>, %nv: tensor<2x4x1x32xf32>) -> tensor<2x4x1x32xf32> {
  // CHECK-DAG: %[[K:.*]] = onnx.Concat %arg1, %arg2
  // CHECK-DAG: %[[V:.*]] = onnx.Concat %arg3, %arg4
  // CHECK-DAG: %[[LEN:.*]] = onnx.Constant dense<33> : tensor<2xi64>
  // CHECK: pim.decode_attention %arg0, %[[K]], %[[V]], %[[LEN]] {chunk = 16 : i64, group = 1 : i64, layout = "hybrid", scale = 1.250000e-01 : f32}
  %k = onnx.Concat %pk, %nk {axis = 2 : i64} : (tensor<2x4x32x32xf32>, tensor<2x4x1x32xf32>) -> tensor<2x4x33x32xf32>
  %v = onnx.Concat %pv, %nv {axis = 2 : i64} : (tensor<2x4x32x32xf32>, tensor<2x4x1x32xf32>) -> tensor<2x4x33x32xf32>
  %kt = onnx.Transpose %k {perm = array<i64: 0, 1, 3, 2>} : (tensor<2x4x33x32xf32>) -> tensor<2x4x32x33xf32>
  %s = onnx.MatMul %q, %kt : (tensor<2x4x1x32xf32>, tensor<2x4x32x33xf32>) -> tensor<2x4x1x33xf32>
  %c = onnx.Constant dense<0.125> : tensor<f32>
  %sc = onnx.Mul %s, %c : (tensor<2x4x1x33xf32>, tensor<f32>) -> tensor<2x4x1x33xf32>
  %p = onnx.Softmax %sc : (tensor<2x4x1x33xf32>) -> tensor<2x4x1x33xf32>
  %o = onnx.MatMul %p, %v : (tensor<2x4x1x33xf32>, tensor<2x4x33x32xf32>) -> tensor<2x4x1x32xf32>
  return %o : tensor<2x4x1x32xf32>
}

// -----

// Grouped-query: q reshaped to [B, Hkv, G, d]; the offload gives the pim op
// q as [B, H, 1, d] and reshapes its result back.
// CHECK-LABEL: func.func @gqa
func.func @gqa(%q4: tensor<1x4x1x32xf32>, %k: tensor<1x2x8x32xf32>, %v: tensor<1x2x8x32xf32>) -> tensor<1x2x2x32xf32> {
  // CHECK: %[[Q:.*]] = onnx.Reshape %{{.*}}, %{{.*}} : (tensor<1x2x2x32xf32>, tensor<4xi64>) -> tensor<1x4x1x32xf32>
  // CHECK: %[[O:.*]] = pim.decode_attention %[[Q]], %arg1, %arg2, %{{.*}} {chunk = 16 : i64, group = 2 : i64
  // CHECK: onnx.Reshape %[[O]], %{{.*}} : (tensor<1x4x1x32xf32>, tensor<4xi64>) -> tensor<1x2x2x32xf32>
  %shape = onnx.Constant dense<[1, 2, 2, 32]> : tensor<4xi64>
  %q = onnx.Reshape %q4, %shape : (tensor<1x4x1x32xf32>, tensor<4xi64>) -> tensor<1x2x2x32xf32>
  %kt = onnx.Transpose %k {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x2x8x32xf32>) -> tensor<1x2x32x8xf32>
  %s = onnx.MatMul %q, %kt : (tensor<1x2x2x32xf32>, tensor<1x2x32x8xf32>) -> tensor<1x2x2x8xf32>
  %p = onnx.Softmax %s : (tensor<1x2x2x8xf32>) -> tensor<1x2x2x8xf32>
  %o = onnx.MatMul %p, %v : (tensor<1x2x2x8xf32>, tensor<1x2x8x32xf32>) -> tensor<1x2x2x32xf32>
  return %o : tensor<1x2x2x32xf32>
}

// -----

// What is not decode attention stays on the host, with the reason.
func.func @additive_mask(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x8x32xf32>, %v: tensor<1x4x8x32xf32>, %bias: tensor<1x1x1x8xf32>) -> tensor<1x4x1x32xf32> {
  %kt = onnx.Transpose %k {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x4x8x32xf32>) -> tensor<1x4x32x8xf32>
  %s = onnx.MatMul %q, %kt : (tensor<1x4x1x32xf32>, tensor<1x4x32x8xf32>) -> tensor<1x4x1x8xf32>
  %sb = onnx.Add %s, %bias : (tensor<1x4x1x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x1x8xf32>
  // expected-remark @+1 {{stays on the host: an additive mask (Add before the softmax) is not a prefix mask the offload can turn into lengths}}
  %p = onnx.Softmax %sb : (tensor<1x4x1x8xf32>) -> tensor<1x4x1x8xf32>
  %o = onnx.MatMul %p, %v : (tensor<1x4x1x8xf32>, tensor<1x4x8x32xf32>) -> tensor<1x4x1x32xf32>
  return %o : tensor<1x4x1x32xf32>
}

// -----

func.func @prefill(%q: tensor<1x4x8x32xf32>, %k: tensor<1x4x8x32xf32>, %v: tensor<1x4x8x32xf32>) -> tensor<1x4x8x32xf32> {
  %kt = onnx.Transpose %k {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x4x8x32xf32>) -> tensor<1x4x32x8xf32>
  %s = onnx.MatMul %q, %kt : (tensor<1x4x8x32xf32>, tensor<1x4x32x8xf32>) -> tensor<1x4x8x8xf32>
  // expected-remark @+1 {{stays on the host: q has 8 rows per kv head but is not one token's q reshaped into groups: more than one query token per step is prefill, not decode}}
  %p = onnx.Softmax %s : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %o = onnx.MatMul %p, %v : (tensor<1x4x8x8xf32>, tensor<1x4x8x32xf32>) -> tensor<1x4x8x32xf32>
  return %o : tensor<1x4x8x32xf32>
}

// -----

func.func @classifier(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-remark @+1 {{stays on the host: not a 4-D statically shaped softmax}}
  %p = onnx.Softmax %x : (tensor<1x10xf32>) -> tensor<1x10xf32>
  return %p : tensor<1x10xf32>
}

// -----

func.func @keys_not_transposed(%q: tensor<1x4x1x32xf32>, %kt: tensor<1x4x32x8xf32>, %v: tensor<1x4x8x32xf32>) -> tensor<1x4x1x32xf32> {
  %s = onnx.MatMul %q, %kt : (tensor<1x4x1x32xf32>, tensor<1x4x32x8xf32>) -> tensor<1x4x1x8xf32>
  // expected-remark @+1 {{stays on the host: the keys are not transposed with perm [0, 1, 3, 2]}}
  %p = onnx.Softmax %s : (tensor<1x4x1x8xf32>) -> tensor<1x4x1x8xf32>
  %o = onnx.MatMul %p, %v : (tensor<1x4x1x8xf32>, tensor<1x4x8x32xf32>) -> tensor<1x4x1x32xf32>
  return %o : tensor<1x4x1x32xf32>
}
