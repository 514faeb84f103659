// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-pack{tile=1x2x4}))' | FileCheck %s
// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-pack{tile=1x4x4 act=i8}))' | FileCheck %s --check-prefix=PAD

// Codes, column 0 [0, 1, 1, 3] and column 1 [3, 2, 0, 1], 2 bits, K = 4:
// plane 0 (bit 0): column 0 bits [0,1,1,1] -> index 0b1110 = 14,
//                  column 1 bits [1,0,0,1] -> 0b1001 = 9;
//                  one byte: 14 | 9 << 4 = 158.
// plane 1 (bit 1): column 0 [0,0,0,1] -> 8, column 1 [1,1,0,0] -> 3;
//                  8 | 3 << 4 = 56.
// Epilogue constants (s, 2^b - 1 - 2z): (1, 3 - 2) and (0.5, 3 - 0).
// CHECK-LABEL: func.func @pack
// CHECK: %[[T:.*]], %[[R:.*]] = lut.precompute %arg0 {act = #lut.act<f16>, group_size = 4 : i64, k = 4 : i64, table = #lut.table<f16>} : (tensor<3x4xf32>) -> (tensor<1x3x8xf16>, tensor<1x3x2xf32>)
// CHECK-DAG: %[[P:.*]] = onnx.Constant dense<{{\[\[\[}}158], [56]]]> : tensor<1x2x1xui8>
// CHECK-DAG: %[[C:.*]] = onnx.Constant dense<{{\[\[\[}}1.000000e+00, 1.000000e+00], [5.000000e-01, 3.000000e+00]]]> : tensor<1x2x2xf32>
// CHECK: lut.mpgemm %[[T]], %[[R]], %[[P]], %[[C]] {act = #lut.act<f16>, format = #lut.weights<bits = 2, k = 4, group = 4, n = 2, n_padded = 2, ternary = false>, table = #lut.table<f16>}
// CHECK-SAME: -> tensor<3x2xf32>
// CHECK-NOT: lut.qmatmul
//
// With a tile of N = 4 the columns pad to 4 (code 0, constants (0, 0)):
// plane rows are 2 bytes; i8 activations default to exact i16 tables.
// PAD: lut.precompute %arg0 {act = #lut.act<i8>, group_size = 4 : i64, k = 4 : i64, table = #lut.table<i16>} : (tensor<3x4xf32>) -> (tensor<1x3x8xi16>, tensor<1x3x2xf32>)
// PAD-DAG: onnx.Constant dense<{{\[\[\[}}158, 0], [56, 0]]]> : tensor<1x2x2xui8>
// PAD-DAG: onnx.Constant dense<{{\[\[\[}}1.000000e+00, 1.000000e+00], [5.000000e-01, 3.000000e+00], [0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00]]]> : tensor<1x4x2xf32>
// PAD: n = 2, n_padded = 4
func.func @pack(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %codes = onnx.Constant dense<[[0, 3], [1, 2], [1, 0], [3, 1]]> : tensor<4x2xui8>
  %s = onnx.Constant dense<[[1.0, 0.5]]> : tensor<1x2xf32>
  %z = onnx.Constant dense<[[1.0, 0.0]]> : tensor<1x2xf32>
  %y = lut.qmatmul %x, %codes, %s, %z {bits = 2 : i64, group_size = 4 : i64} : (tensor<3x4xf32>, tensor<4x2xui8>, tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}
