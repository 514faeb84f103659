// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-quantize{bits=2 group-size=4}))' -split-input-file | FileCheck %s --check-prefix=RTN
// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-quantize{bits=ternary group-size=4}))' -split-input-file | FileCheck %s --check-prefix=TERN
// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-quantize{bits=1 group-size=4}))' -split-input-file | FileCheck %s --check-prefix=ONE

// Column 0 is [-1, 0, 0.5, 2]; column 1 is constant 3.
// RTN at 2 bits, column 0: s = (2 - -1) / 3 = 1, z = rint(1) = 1,
// q = rint(w / s) + z = [0, 1, rint(0.5) + 1 = 1, 3] (half to even).
// Column 1 (constant): s = |3| = 3, z = clamp(rint(-1)) = 0, q = 1.
// RTN-LABEL: func.func @rtn
// RTN-DAG: onnx.Constant dense<{{\[}}[0, 1], [1, 1], [1, 1], [3, 1]]> : tensor<4x2xui8>
// RTN-DAG: onnx.Constant dense<{{\[}}[1.000000e+00, 3.000000e+00]]> : tensor<1x2xf32>
// RTN-DAG: onnx.Constant dense<{{\[}}[1.000000e+00, 0.000000e+00]]> : tensor<1x2xf32>
// RTN: lut.qmatmul %arg0, %{{.*}} {bits = 2 : i64, group_size = 4 : i64}
// RTN-NOT: lut.matmul
//
// Ternary (absmean), column 0: s = 3.5 / 4 = 0.875,
// q' = clamp(rint([-1.14, 0, 0.57, 2.29]), -1, 1) = [-1, 0, 1, 1], q = q' + 1.
// Column 1: s = 3, q' = 1.
// TERN-LABEL: func.func @rtn
// TERN-DAG: onnx.Constant dense<{{\[}}[0, 2], [1, 2], [2, 2], [2, 2]]> : tensor<4x2xui8>
// TERN-DAG: onnx.Constant dense<{{\[}}[8.750000e-01, 3.000000e+00]]> : tensor<1x2xf32>
// TERN-DAG: onnx.Constant dense<1.000000e+00> : tensor<1x2xf32>
// TERN: lut.qmatmul {{.*}} {bits = 2 : i64, group_size = 4 : i64, ternary}
//
// One bit is the sign code: levels +-mean|w|, so s = 2 mean|w|, z = 1/2,
// q = (w >= 0). Column 0: mean|w| = 0.875 -> s = 1.75, q = [0, 1, 1, 1];
// column 1: s = 6, q = 1.
// ONE-LABEL: func.func @rtn
// ONE-DAG: onnx.Constant dense<{{\[}}[0, 1], [1, 1], [1, 1], [1, 1]]> : tensor<4x2xui8>
// ONE-DAG: onnx.Constant dense<{{\[}}[1.750000e+00, 6.000000e+00]]> : tensor<1x2xf32>
// ONE-DAG: onnx.Constant dense<5.000000e-01> : tensor<1x2xf32>
// ONE: lut.qmatmul {{.*}} {bits = 1 : i64, group_size = 4 : i64}
func.func @rtn(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = onnx.Constant dense<[[-1.0, 3.0], [0.0, 3.0], [0.5, 3.0], [2.0, 3.0]]> : tensor<4x2xf32>
  %y = lut.matmul %x, %w : (tensor<1x4xf32>, tensor<4x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// 12 rows in groups of 4; an all-zero 1-bit group is code 0, s = 1, z = 0.
// RTN-LABEL: func.func @groups
// RTN: lut.qmatmul {{.*}} group_size = 4
// ONE-LABEL: func.func @groups
// ONE-DAG: onnx.Constant dense<1.000000e+00> : tensor<3x1xf32>
// ONE-DAG: onnx.Constant dense<0.000000e+00> : tensor<3x1xf32>
func.func @groups(%x: tensor<1x12xf32>) -> tensor<1x1xf32> {
  %w = onnx.Constant dense<0.0> : tensor<12x1xf32>
  %y = lut.matmul %x, %w : (tensor<1x12xf32>, tensor<12x1xf32>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}
