// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-quantize{bits=2 group-size=8}))' -split-input-file -verify-diagnostics

func.func @weight_not_constant(%x: tensor<1x4xf32>, %w: tensor<4x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{the weight of lut.matmul must be a constant to be quantized at compile time}}
  %y = lut.matmul %x, %w : (tensor<1x4xf32>, tensor<4x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @group_from_divisor(%x: tensor<1x12xf32>) -> tensor<1x1xf32> {
  %w = onnx.Constant dense<0.5> : tensor<12x1xf32>
  // expected-remark @below {{weight groups of 4 rows: 8 does not divide 12}}
  %y = lut.matmul %x, %w : (tensor<1x12xf32>, tensor<12x1xf32>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// -----

func.func @not_finite(%x: tensor<1x4xf32>) -> tensor<1x1xf32> {
  %w = onnx.Constant dense<[[1.0], [0x7F800000], [0.0], [1.0]]> : tensor<4x1xf32>
  // expected-error @below {{the weight holds a non-finite value}}
  %y = lut.matmul %x, %w : (tensor<1x4xf32>, tensor<4x1xf32>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}
