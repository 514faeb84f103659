// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-pack{tile=2x64x4}))' -split-input-file -verify-diagnostics
// RUN: not kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-pack{act=f16 table=i16}))' 2>&1 | FileCheck %s --check-prefix=TABLE
// RUN: not kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-pack{tile=2x3x4}))' 2>&1 | FileCheck %s --check-prefix=TILE
// TABLE: lut-pack: i16 tables need i8 activations (they hold exact sums of them)
// TILE: lut-pack: tile N*K must be a multiple of 8 (whole bytes per weight plane), got 12

func.func @codes_not_constant(%x: tensor<1x4xf32>, %c: tensor<4x2xui8>) -> tensor<1x2xf32> {
  %s = onnx.Constant dense<1.0> : tensor<1x2xf32>
  %z = onnx.Constant dense<0.0> : tensor<1x2xf32>
  // expected-error @below {{codes, scales and zero points must be constants to be packed at compile time}}
  %y = lut.qmatmul %x, %c, %s, %z {bits = 2 : i64, group_size = 4 : i64} : (tensor<1x4xf32>, tensor<4x2xui8>, tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @bad_scale(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %c = onnx.Constant dense<1> : tensor<4x2xui8>
  %s = onnx.Constant dense<[[1.0, -2.0]]> : tensor<1x2xf32>
  %z = onnx.Constant dense<0.0> : tensor<1x2xf32>
  // expected-error @below {{cannot pack the weights: scale -2 of group 0, column 1 is not finite and positive}}
  %y = lut.qmatmul %x, %c, %s, %z {bits = 2 : i64, group_size = 4 : i64} : (tensor<1x4xf32>, tensor<4x2xui8>, tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @zero_point_fraction(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %c = onnx.Constant dense<1> : tensor<4x2xui8>
  %s = onnx.Constant dense<1.0> : tensor<1x2xf32>
  %z = onnx.Constant dense<[[0.25, 0.0]]> : tensor<1x2xf32>
  // expected-error @below {{cannot pack the weights: zero point 0.25 of group 0, column 0 is not a multiple of 1/2 in [0, 3]}}
  %y = lut.qmatmul %x, %c, %s, %z {bits = 2 : i64, group_size = 4 : i64} : (tensor<1x4xf32>, tensor<4x2xui8>, tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @group_not_multiple_of_k(%x: tensor<1x6xf32>) -> tensor<1x2xf32> {
  %c = onnx.Constant dense<1> : tensor<6x2xui8>
  %s = onnx.Constant dense<1.0> : tensor<2x2xf32>
  %z = onnx.Constant dense<0.0> : tensor<2x2xf32>
  // expected-error @below {{the weight group of 3 rows is not a multiple of the tile's K = 4}}
  %y = lut.qmatmul %x, %c, %s, %z {bits = 2 : i64, group_size = 3 : i64} : (tensor<1x6xf32>, tensor<6x2xui8>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
