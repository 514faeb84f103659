// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(convert-onnx-to-lut))' -split-input-file -verify-diagnostics | FileCheck %s

// A rank-3 activation is viewed as [M, K] and the result reshaped back.
// CHECK-LABEL: func.func @matmul_rank3
func.func @matmul_rank3(%x: tensor<1x2x8xf32>) -> tensor<1x2x4xf32> {
  // CHECK-DAG: %[[W:.*]] = onnx.Constant dense_resource<{{.*}}> : tensor<8x4xf32>
  // CHECK-DAG: %[[X2:.*]] = onnx.Reshape %arg0, %{{.*}} : (tensor<1x2x8xf32>, tensor<2xi64>) -> tensor<2x8xf32>
  // CHECK: %[[Y:.*]] = lut.matmul %[[X2]], %[[W]] : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  // CHECK: onnx.Reshape %[[Y]], %{{.*}} : {{.*}} -> tensor<1x2x4xf32>
  // CHECK-NOT: onnx.MatMul
  %w = onnx.Constant dense<1.0> : tensor<8x4xf32>
  %y = onnx.MatMul %x, %w : (tensor<1x2x8xf32>, tensor<8x4xf32>) -> tensor<1x2x4xf32>
  return %y : tensor<1x2x4xf32>
}

// -----

// Gemm: transB is applied to the constant, alpha folded into it, beta * C
// added on the host.
// CHECK-LABEL: func.func @gemm_transb_alpha_bias
func.func @gemm_transb_alpha_bias(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  // B^T * 2: rows of B are the columns of the weight.
  // CHECK: %[[W:.*]] = onnx.Constant dense<{{\[}}[2.000000e+00, 1.000000e+01], [4.000000e+00, 1.200000e+01], [6.000000e+00, 1.400000e+01], [8.000000e+00, 1.600000e+01]]> : tensor<4x2xf32>
  // CHECK: %[[Y:.*]] = lut.matmul %arg0, %[[W]]
  // CHECK: %[[BETA:.*]] = onnx.Constant dense<5.000000e-01> : tensor<f32>
  // CHECK: %[[SC:.*]] = onnx.Mul %{{.*}}, %[[BETA]]
  // CHECK: onnx.Add %[[Y]], %[[SC]]
  %b = onnx.Constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf32>
  %c = onnx.Constant dense<[1.0, -1.0]> : tensor<2xf32>
  %y = onnx.Gemm %x, %b, %c {alpha = 2.0 : f32, beta = 0.5 : f32, transB = 1 : i64} : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// DequantizeLinear -> MatMul with int8 codes in [-2, 1]: 2 bits, codes
// shifted by +2, zero points with them, one group over the whole K.
// CHECK-LABEL: func.func @dequantize_matmul
func.func @dequantize_matmul(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  // CHECK-DAG: %[[C:.*]] = onnx.Constant dense<{{\[}}[0, 3], [2, 1], [3, 2], [0, 3]]> : tensor<4x2xui8>
  // CHECK-DAG: %[[S:.*]] = onnx.Constant dense<{{\[}}[5.000000e-01, 2.500000e-01]]> : tensor<1x2xf32>
  // CHECK-DAG: %[[Z:.*]] = onnx.Constant dense<{{\[}}[2.000000e+00, 3.000000e+00]]> : tensor<1x2xf32>
  // CHECK: lut.qmatmul %arg0, %[[C]], %[[S]], %[[Z]] {bits = 2 : i64, group_size = 4 : i64}
  // CHECK-NOT: onnx.DequantizeLinear
  %codes = onnx.Constant dense<[[-2, 1], [0, -1], [1, 0], [-2, 1]]> : tensor<4x2xi8>
  %scale = onnx.Constant dense<[0.5, 0.25]> : tensor<2xf32>
  %zp = onnx.Constant dense<[0, 1]> : tensor<2xi8>
  %w = onnx.DequantizeLinear %codes, %scale, %zp {axis = 1 : i64} : (tensor<4x2xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<4x2xf32>
  %y = onnx.MatMul %x, %w : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// What the device cannot run stays on the host, with a remark saying why.
// CHECK-LABEL: func.func @host_fallbacks
// CHECK-COUNT-3: onnx.MatMul
// CHECK: onnx.Gemm
// CHECK-NOT: lut.
func.func @host_fallbacks(%x: tensor<2x6xf32>, %v: tensor<6x3xf32>, %d: tensor<2x8xf64>, %t: tensor<8x2xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x4xf64>, tensor<2x4xf32>) {
  // A product of two activations is no candidate: no remark.
  %a = onnx.MatMul %x, %v : (tensor<2x6xf32>, tensor<6x3xf32>) -> tensor<2x3xf32>
  %w6 = onnx.Constant dense<1.0> : tensor<6x3xf32>
  // expected-remark @below {{stays on the host: the reduction dimension 6 is not a multiple of the table size K = 4}}
  %b = onnx.MatMul %x, %w6 : (tensor<2x6xf32>, tensor<6x3xf32>) -> tensor<2x3xf32>
  %w8 = onnx.Constant dense<1.0> : tensor<8x4xf64>
  // expected-remark @below {{stays on the host: the activation is f64; the LUT Tensor Core takes f32 activations (as f16 or i8)}}
  %c = onnx.MatMul %d, %w8 : (tensor<2x8xf64>, tensor<8x4xf64>) -> tensor<2x4xf64>
  %wt = onnx.Constant dense<1.0> : tensor<8x4xf32>
  %none = onnx.NoValue
  // expected-remark @below {{stays on the host: Gemm with transA = 1}}
  %e = onnx.Gemm %t, %wt, %none {transA = 1 : i64} : (tensor<8x2xf32>, tensor<8x4xf32>, none) -> tensor<2x4xf32>
  return %a, %b, %c, %e : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x4xf64>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @dequantize_fallbacks
// CHECK-COUNT-2: onnx.DequantizeLinear
// CHECK-NOT: lut.
func.func @dequantize_fallbacks(%x: tensor<1x4xf32>) -> (tensor<1x2xf32>, tensor<1x4xf32>) {
  %codes = onnx.Constant dense<[[-20, 1], [0, -1], [1, 0], [-2, 1]]> : tensor<4x2xi8>
  %scale = onnx.Constant dense<0.5> : tensor<f32>
  %none = onnx.NoValue
  %w = onnx.DequantizeLinear %codes, %scale, %none : (tensor<4x2xi8>, tensor<f32>, none) -> tensor<4x2xf32>
  // expected-remark @below {{stays on the host: DequantizeLinear codes span 22 values; the device takes at most 4-bit weights}}
  %y = onnx.MatMul %x, %w : (tensor<1x4xf32>, tensor<4x2xf32>) -> tensor<1x2xf32>
  %codes2 = onnx.Constant dense<1> : tensor<4x4xi8>
  %rows = onnx.Constant dense<[0.5, 0.25, 1.0, 2.0]> : tensor<4xf32>
  %w2 = onnx.DequantizeLinear %codes2, %rows, %none {axis = 0 : i64} : (tensor<4x4xi8>, tensor<4xf32>, none) -> tensor<4x4xf32>
  // expected-remark @below {{stays on the host: DequantizeLinear per row of the weight (axis 0); the device scales per output column}}
  %z = onnx.MatMul %x, %w2 : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  return %y, %z : tensor<1x2xf32>, tensor<1x4xf32>
}
