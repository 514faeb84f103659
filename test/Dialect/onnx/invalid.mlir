// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Negative tests for the onnx dialect: every op of OnnxOps.td has at least one
// case, each in its own function and split, with the diagnostic its verifier
// (or its ODS type constraints and traits) must emit.

//===----------------------------------------------------------------------===//
// Structural ops: NoValue, Constant, Identity.
//===----------------------------------------------------------------------===//

func.func @novalue_not_none() {
  // expected-error @+1 {{'onnx.NoValue' op result #0 must be none type, but got 'tensor<f32>'}}
  %0 = "onnx.NoValue"() : () -> tensor<f32>
  return
}

// -----

func.func @constant_bad_element_type() {
  // expected-error @+1 {{'onnx.Constant' op result #0 must be statically shaped tensor of ONNX element values, but got 'tensor<3xi4>'}}
  %0 = onnx.Constant dense<1> : tensor<3xi4>
  return
}

// -----

func.func @constant_result_differs_from_value() {
  // expected-error @+2 {{'onnx.Constant' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'onnx.Constant' op failed to infer returned types}}
  %0 = "onnx.Constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
  return
}

// -----

func.func @constant_missing_value() {
  // expected-error @+1 {{'onnx.Constant' op requires attribute 'value'}}
  %0 = "onnx.Constant"() : () -> tensor<2xf32>
  return
}

// -----

func.func @identity_type_mismatch(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Identity' op requires the same type for all operands and results}}
  %0 = onnx.Identity %arg0 : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @identity_dynamic_shape(%arg0: tensor<?x3xf32>) {
  // expected-error @+1 {{'onnx.Identity' op operand #0 must be statically shaped tensor of ONNX element values, but got 'tensor<?x3xf32>'}}
  %0 = onnx.Identity %arg0 : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Elementwise unary ops (trait and type constraints only).
//===----------------------------------------------------------------------===//

func.func @relu_unsigned(%arg0: tensor<4xui8>) {
  // expected-error @+1 {{'onnx.Relu' op operand #0 must be statically shaped tensor of signed numeric values, but got 'tensor<4xui8>'}}
  %0 = onnx.Relu %arg0 : (tensor<4xui8>) -> tensor<4xui8>
  return
}

// -----

func.func @relu_result_shape(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Relu' op requires the same type for all operands and results}}
  %0 = onnx.Relu %arg0 : (tensor<2x3xf32>) -> tensor<6xf32>
  return
}

// -----

func.func @sigmoid_integer(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Sigmoid' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = onnx.Sigmoid %arg0 : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @tanh_result_shape(%arg0: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.Tanh' op requires the same type for all operands and results}}
  %0 = onnx.Tanh %arg0 : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @exp_integer(%arg0: tensor<4xi64>) {
  // expected-error @+1 {{'onnx.Exp' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi64>'}}
  %0 = onnx.Exp %arg0 : (tensor<4xi64>) -> tensor<4xi64>
  return
}

// -----

func.func @log_result_element_type(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Log' op requires the same type for all operands and results}}
  %0 = onnx.Log %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return
}

// -----

func.func @sqrt_integer(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Sqrt' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = onnx.Sqrt %arg0 : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @erf_bool(%arg0: tensor<4xi1>) {
  // expected-error @+1 {{'onnx.Erf' op operand #0 must be statically shaped tensor of numeric values, but got 'tensor<4xi1>'}}
  %0 = onnx.Erf %arg0 : (tensor<4xi1>) -> tensor<4xi1>
  return
}

// -----

func.func @reciprocal_integer(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Reciprocal' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = onnx.Reciprocal %arg0 : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @floor_integer(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Floor' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = onnx.Floor %arg0 : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @ceil_result_type(%arg0: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.Ceil' op requires the same type for all operands and results}}
  %0 = onnx.Ceil %arg0 : (tensor<4xf32>) -> tensor<4xf64>
  return
}

// -----

func.func @round_integer(%arg0: tensor<4xi64>) {
  // expected-error @+1 {{'onnx.Round' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi64>'}}
  %0 = onnx.Round %arg0 : (tensor<4xi64>) -> tensor<4xi64>
  return
}

// -----

func.func @sin_integer(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Sin' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = onnx.Sin %arg0 : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @cos_result_shape(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Cos' op requires the same type for all operands and results}}
  %0 = onnx.Cos %arg0 : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @tan_integer(%arg0: tensor<4xi8>) {
  // expected-error @+1 {{'onnx.Tan' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi8>'}}
  %0 = onnx.Tan %arg0 : (tensor<4xi8>) -> tensor<4xi8>
  return
}

// -----

func.func @asin_integer(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Asin' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = onnx.Asin %arg0 : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @acos_dynamic(%arg0: tensor<?xf32>) {
  // expected-error @+1 {{'onnx.Acos' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<?xf32>'}}
  %0 = onnx.Acos %arg0 : (tensor<?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @atan_integer(%arg0: tensor<4xui16>) {
  // expected-error @+1 {{'onnx.Atan' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xui16>'}}
  %0 = onnx.Atan %arg0 : (tensor<4xui16>) -> tensor<4xui16>
  return
}

// -----

func.func @sinh_integer(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Sinh' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = onnx.Sinh %arg0 : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @cosh_result_type(%arg0: tensor<4xbf16>) {
  // expected-error @+1 {{'onnx.Cosh' op requires the same type for all operands and results}}
  %0 = onnx.Cosh %arg0 : (tensor<4xbf16>) -> tensor<4xf16>
  return
}

// -----

func.func @softplus_integer(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Softplus' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = onnx.Softplus %arg0 : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @softsign_result_shape(%arg0: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.Softsign' op requires the same type for all operands and results}}
  %0 = onnx.Softsign %arg0 : (tensor<4xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @hardswish_integer(%arg0: tensor<4xi8>) {
  // expected-error @+1 {{'onnx.HardSwish' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi8>'}}
  %0 = onnx.HardSwish %arg0 : (tensor<4xi8>) -> tensor<4xi8>
  return
}

// -----

func.func @sign_bool(%arg0: tensor<4xi1>) {
  // expected-error @+1 {{'onnx.Sign' op operand #0 must be statically shaped tensor of numeric values, but got 'tensor<4xi1>'}}
  %0 = onnx.Sign %arg0 : (tensor<4xi1>) -> tensor<4xi1>
  return
}

// -----

func.func @abs_result_type(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Abs' op requires the same type for all operands and results}}
  %0 = onnx.Abs %arg0 : (tensor<4xi32>) -> tensor<4xui32>
  return
}

// -----

func.func @neg_unsigned(%arg0: tensor<4xui8>) {
  // expected-error @+1 {{'onnx.Neg' op operand #0 must be statically shaped tensor of signed numeric values, but got 'tensor<4xui8>'}}
  %0 = onnx.Neg %arg0 : (tensor<4xui8>) -> tensor<4xui8>
  return
}

// -----

func.func @not_float(%arg0: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.Not' op operand #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = onnx.Not %arg0 : (tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @leakyrelu_alpha_not_f32(%arg0: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.LeakyRelu' op attribute 'alpha' failed to satisfy constraint: 32-bit float attribute}}
  %0 = onnx.LeakyRelu %arg0 {alpha = 1 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @elu_integer(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Elu' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = onnx.Elu %arg0 : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @celu_alpha_f64(%arg0: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.Celu' op attribute 'alpha' failed to satisfy constraint: 32-bit float attribute}}
  %0 = onnx.Celu %arg0 {alpha = 2.0 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @thresholdedrelu_result_type(%arg0: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.ThresholdedRelu' op requires the same type for all operands and results}}
  %0 = onnx.ThresholdedRelu %arg0 {alpha = 1.5 : f32} : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @selu_gamma_not_float(%arg0: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.Selu' op attribute 'gamma' failed to satisfy constraint: 32-bit float attribute}}
  %0 = onnx.Selu %arg0 {gamma = 2 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @hardsigmoid_beta_string(%arg0: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.HardSigmoid' op attribute 'beta' failed to satisfy constraint: 32-bit float attribute}}
  %0 = onnx.HardSigmoid %arg0 {beta = "half"} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @isnan_result_shape(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.IsNaN' op 'result' has shape 3x2, expected 2x3 (elementwise)}}
  %0 = onnx.IsNaN %arg0 : (tensor<2x3xf32>) -> tensor<3x2xi1>
  return
}

// -----

func.func @isnan_result_not_bool(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.IsNaN' op result #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = onnx.IsNaN %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @isinf_result_shape(%arg0: tensor<4xf16>) {
  // expected-error @+1 {{'onnx.IsInf' op 'result' has shape 1x4, expected 4 (elementwise)}}
  %0 = onnx.IsInf %arg0 {detect_negative = 0 : i64} : (tensor<4xf16>) -> tensor<1x4xi1>
  return
}

// -----

func.func @isinf_integer(%arg0: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.IsInf' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = onnx.IsInf %arg0 : (tensor<4xi32>) -> tensor<4xi1>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Elementwise binary and variadic ops (multidirectional broadcasting).
//===----------------------------------------------------------------------===//

func.func @add_not_broadcastable(%arg0: tensor<2x3xf32>, %arg1: tensor<4x3xf32>) {
  // expected-error @+1 {{'onnx.Add' op operands are not broadcast-compatible: 2x3 vs 4x3}}
  %0 = onnx.Add %arg0, %arg1 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @add_result_shape(%arg0: tensor<2x1x4xf32>, %arg1: tensor<3x1xf32>) {
  // expected-error @+1 {{'onnx.Add' op 'result' has shape 2x3x1, expected 2x3x4 (broadcast of the operands)}}
  %0 = onnx.Add %arg0, %arg1 : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x1xf32>
  return
}

// -----

func.func @sub_element_types(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xi32>) {
  // expected-error @+1 {{'onnx.Sub' op 'first input' and 'other input' must have the same element type, got 'f32' and 'i32'}}
  %0 = onnx.Sub %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @mul_result_rank(%arg0: tensor<4xf32>, %arg1: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Mul' op 'result' has shape 3x4, expected 2x3x4 (broadcast of the operands)}}
  %0 = onnx.Mul %arg0, %arg1 : (tensor<4xf32>, tensor<2x3x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @div_result_element_type(%arg0: tensor<2x3xi32>, %arg1: tensor<3xi32>) {
  // expected-error @+1 {{'onnx.Div' op result element type 'f32' differs from the inputs' 'i32'}}
  %0 = onnx.Div %arg0, %arg1 : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @and_float(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.And' op operand #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = onnx.And %arg0, %arg0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  return
}

// -----

func.func @or_not_broadcastable(%arg0: tensor<2x3xi1>, %arg1: tensor<2xi1>) {
  // expected-error @+1 {{'onnx.Or' op operands are not broadcast-compatible: 2x3 vs 2}}
  %0 = onnx.Or %arg0, %arg1 : (tensor<2x3xi1>, tensor<2xi1>) -> tensor<2x3xi1>
  return
}

// -----

func.func @xor_result_shape(%arg0: tensor<4x1x1xi1>, %arg1: tensor<2x3xi1>) {
  // expected-error @+1 {{'onnx.Xor' op 'result' has shape 2x3, expected 4x2x3 (broadcast of the operands)}}
  %0 = onnx.Xor %arg0, %arg1 : (tensor<4x1x1xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  return
}

// -----

func.func @mod_not_broadcastable(%arg0: tensor<2x3xi32>, %arg1: tensor<2xi32>) {
  // expected-error @+1 {{'onnx.Mod' op operands are not broadcast-compatible: 2x3 vs 2}}
  %0 = onnx.Mod %arg0, %arg1 : (tensor<2x3xi32>, tensor<2xi32>) -> tensor<2x3xi32>
  return
}

// -----

func.func @mod_element_types(%arg0: tensor<2x3xi32>, %arg1: tensor<3xi64>) {
  // expected-error @+1 {{'onnx.Mod' op 'first input' and 'other input' must have the same element type, got 'i32' and 'i64'}}
  %0 = onnx.Mod %arg0, %arg1 : (tensor<2x3xi32>, tensor<3xi64>) -> tensor<2x3xi32>
  return
}

// -----

func.func @pow_result_element_type(%arg0: tensor<2x3xf32>, %arg1: tensor<i64>) {
  // expected-error @+1 {{'onnx.Pow' op result must have the element type of X}}
  %0 = onnx.Pow %arg0, %arg1 : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xi64>
  return
}

// -----

func.func @pow_not_broadcastable(%arg0: tensor<2x3xf32>, %arg1: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.Pow' op operands are not broadcast-compatible: 2x3 vs 4}}
  %0 = onnx.Pow %arg0, %arg1 : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @prelu_slope_not_unidirectional(%arg0: tensor<3x4xf32>, %arg1: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.PRelu' op slope of shape 2x3x4 does not broadcast to X of shape 3x4}}
  %0 = onnx.PRelu %arg0, %arg1 : (tensor<3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @prelu_element_types(%arg0: tensor<3x4xf32>, %arg1: tensor<4xf16>) {
  // expected-error @+1 {{'onnx.PRelu' op 'X' and 'slope' must have the same element type, got 'f32' and 'f16'}}
  %0 = onnx.PRelu %arg0, %arg1 : (tensor<3x4xf32>, tensor<4xf16>) -> tensor<3x4xf32>
  return
}

// -----

func.func @prelu_result_shape(%arg0: tensor<3x4xf32>, %arg1: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.PRelu' op 'result #0' has shape 4x3, expected 3x4 (shape of X)}}
  %0 = onnx.PRelu %arg0, %arg1 : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @equal_element_types(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xi32>) {
  // expected-error @+1 {{'onnx.Equal' op 'A' and 'B' must have the same element type, got 'f32' and 'i32'}}
  %0 = onnx.Equal %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x3xi1>
  return
}

// -----

func.func @less_not_broadcastable(%arg0: tensor<2x3xi64>, %arg1: tensor<2x5xi64>) {
  // expected-error @+1 {{'onnx.Less' op operands are not broadcast-compatible: 2x3 vs 2x5}}
  %0 = onnx.Less %arg0, %arg1 : (tensor<2x3xi64>, tensor<2x5xi64>) -> tensor<2x5xi1>
  return
}

// -----

func.func @lessorequal_result_shape(%arg0: tensor<2x1xi64>, %arg1: tensor<1x5xi64>) {
  // expected-error @+1 {{'onnx.LessOrEqual' op 'result' has shape 2x1, expected 2x5 (broadcast of the operands)}}
  %0 = onnx.LessOrEqual %arg0, %arg1 : (tensor<2x1xi64>, tensor<1x5xi64>) -> tensor<2x1xi1>
  return
}

// -----

func.func @greater_result_not_bool(%arg0: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.Greater' op result #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<3xf32>'}}
  %0 = onnx.Greater %arg0, %arg0 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @greaterorequal_not_broadcastable(%arg0: tensor<3xf32>, %arg1: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.GreaterOrEqual' op operands are not broadcast-compatible: 3 vs 4}}
  %0 = onnx.GreaterOrEqual %arg0, %arg1 : (tensor<3xf32>, tensor<4xf32>) -> tensor<4xi1>
  return
}

// -----

func.func @max_no_inputs() {
  // expected-error @+1 {{'onnx.Max' op needs at least one input}}
  %0 = onnx.Max : () -> tensor<2x3xf32>
  return
}

// -----

func.func @max_not_broadcastable(%arg0: tensor<2x3xi32>, %arg1: tensor<3xi32>, %arg2: tensor<3x1xi32>) {
  // expected-error @+1 {{'onnx.Max' op operands are not broadcast-compatible: 2x3 vs 3 vs 3x1}}
  %0 = onnx.Max %arg0, %arg1, %arg2 : (tensor<2x3xi32>, tensor<3xi32>, tensor<3x1xi32>) -> tensor<2x3xi32>
  return
}

// -----

func.func @min_element_types(%arg0: tensor<2x3xf32>, %arg1: tensor<1x3xf16>) {
  // expected-error @+1 {{'onnx.Min' op 'first input' and 'other input' must have the same element type, got 'f32' and 'f16'}}
  %0 = onnx.Min %arg0, %arg1 : (tensor<2x3xf32>, tensor<1x3xf16>) -> tensor<2x3xf32>
  return
}

// -----

func.func @sum_result_shape(%arg0: tensor<2x3xf32>, %arg1: tensor<1x3xf32>, %arg2: tensor<f32>) {
  // expected-error @+1 {{'onnx.Sum' op 'result' has shape 1x3, expected 2x3 (broadcast of the operands)}}
  %0 = onnx.Sum %arg0, %arg1, %arg2 : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<f32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @mean_not_broadcastable(%arg0: tensor<2x1x3xf32>, %arg1: tensor<4x2xf32>) {
  // expected-error @+1 {{'onnx.Mean' op operands are not broadcast-compatible: 2x1x3 vs 4x2}}
  %0 = onnx.Mean %arg0, %arg1 : (tensor<2x1x3xf32>, tensor<4x2xf32>) -> tensor<2x4x3xf32>
  return
}

// -----

func.func @where_element_types(%arg0: tensor<2x3xi1>, %arg1: tensor<2x3xf32>, %arg2: tensor<2x3xi64>) {
  // expected-error @+1 {{'onnx.Where' op 'X' and 'Y' must have the same element type, got 'f32' and 'i64'}}
  %0 = onnx.Where %arg0, %arg1, %arg2 : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @where_condition_not_broadcastable(%arg0: tensor<2xi1>, %arg1: tensor<2x3xf32>, %arg2: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.Where' op operands are not broadcast-compatible: 2 vs 2x3 vs 3}}
  %0 = onnx.Where %arg0, %arg1, %arg2 : (tensor<2xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @where_condition_not_bool(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Where' op operand #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = onnx.Where %arg0, %arg1, %arg1 : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Not covered: a non-scalar or mistyped Clip bound (and a bad MatMulInteger
// zero point) -- their diagnostics read a dangling name and crash kiln-opt.

func.func @clip_result_element_type(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Clip' op 'input' and 'output' must have the same element type, got 'f32' and 'f16'}}
  %0 = onnx.Clip %arg0, %none, %none : (tensor<2x3xf32>, none, none) -> tensor<2x3xf16>
  return
}

// -----

func.func @clip_result_shape(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Clip' op 'result #0' has shape 6, expected 2x3 (shape of input)}}
  %0 = onnx.Clip %arg0, %none, %none : (tensor<2x3xf32>, none, none) -> tensor<6xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Matrix products.
//===----------------------------------------------------------------------===//

func.func @matmul_inner_mismatch(%arg0: tensor<2x3xf32>, %arg1: tensor<4x5xf32>) {
  // expected-error @+1 {{'onnx.MatMul' op inner dimensions do not match: A is 2x3 (K=3), B is 4x5 (K=4)}}
  %0 = onnx.MatMul %arg0, %arg1 : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_scalar_operand(%arg0: tensor<f32>, %arg1: tensor<3x4xf32>) {
  // expected-error @+1 {{'onnx.MatMul' op operands must have rank >= 1 (numpy.matmul)}}
  %0 = onnx.MatMul %arg0, %arg1 : (tensor<f32>, tensor<3x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_batch_not_broadcastable(%arg0: tensor<2x3x4xf32>, %arg1: tensor<5x4x6xf32>) {
  // expected-error @+1 {{'onnx.MatMul' op batch dimensions of A (2x3x4) and B (5x4x6) are not broadcast-compatible}}
  %0 = onnx.MatMul %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x3x6xf32>
  return
}

// -----

func.func @matmul_result_shape(%arg0: tensor<2x1x3x4xf32>, %arg1: tensor<5x4x6xf32>) {
  // expected-error @+1 {{'onnx.MatMul' op 'result #0' has shape 2x3x6, expected 2x5x3x6 (matmul of A and B)}}
  %0 = onnx.MatMul %arg0, %arg1 : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x3x6xf32>
  return
}

// -----

func.func @matmul_vector_result_keeps_dim(%arg0: tensor<3xf32>, %arg1: tensor<3x4xf32>) {
  // expected-error @+1 {{'onnx.MatMul' op 'result #0' has shape 1x4, expected 4 (matmul of A and B)}}
  %0 = onnx.MatMul %arg0, %arg1 : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @matmul_element_types(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf16>) {
  // expected-error @+1 {{'onnx.MatMul' op 'A' and 'B' must have the same element type, got 'f32' and 'f16'}}
  %0 = onnx.MatMul %arg0, %arg1 : (tensor<2x3xf32>, tensor<3x4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_result_element_type(%arg0: tensor<2x3xi32>, %arg1: tensor<3x4xi32>) {
  // expected-error @+1 {{'onnx.MatMul' op 'A' and 'Y' must have the same element type, got 'i32' and 'i64'}}
  %0 = onnx.MatMul %arg0, %arg1 : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi64>
  return
}

// -----

func.func @matmulinteger_inner_mismatch(%arg0: tensor<2x3xui8>, %arg1: tensor<4x4xi8>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.MatMulInteger' op inner dimensions do not match: A is 2x3 (K=3), B is 4x4 (K=4)}}
  %0 = onnx.MatMulInteger %arg0, %arg1, %none, %none : (tensor<2x3xui8>, tensor<4x4xi8>, none, none) -> tensor<2x4xi32>
  return
}

// -----

func.func @matmulinteger_result_not_i32(%arg0: tensor<2x3xui8>, %arg1: tensor<3x4xi8>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.MatMulInteger' op result #0 must be statically shaped tensor of 32-bit signless integer values, but got 'tensor<2x4xi64>'}}
  %0 = onnx.MatMulInteger %arg0, %arg1, %none, %none : (tensor<2x3xui8>, tensor<3x4xi8>, none, none) -> tensor<2x4xi64>
  return
}

// -----

func.func @gemm_not_matrices(%arg0: tensor<2x2x3xf32>, %arg1: tensor<3x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Gemm' op A and B must be matrices, got 2x2x3 and 3x4}}
  %0 = onnx.Gemm %arg0, %arg1, %none : (tensor<2x2x3xf32>, tensor<3x4xf32>, none) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_inner_mismatch_transposed(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Gemm' op inner dimensions do not match: op(A) is 2x3, op(B) is 4x3}}
  %0 = onnx.Gemm %arg0, %arg1, %none {transB = 1 : i64} : (tensor<2x3xf32>, tensor<3x4xf32>, none) -> tensor<2x3xf32>
  return
}

// -----

func.func @gemm_c_not_broadcastable(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>, %arg2: tensor<2x1x4xf32>) {
  // expected-error @+1 {{'onnx.Gemm' op C of shape 2x1x4 does not broadcast to 2x4}}
  %0 = onnx.Gemm %arg0, %arg1, %arg2 : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_c_bidirectional(%arg0: tensor<1x3xf32>, %arg1: tensor<3x4xf32>, %arg2: tensor<2x4xf32>) {
  // expected-error @+1 {{'onnx.Gemm' op C of shape 2x4 does not broadcast to 1x4}}
  %0 = onnx.Gemm %arg0, %arg1, %arg2 : (tensor<1x3xf32>, tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_result_shape(%arg0: tensor<4x3xf32>, %arg1: tensor<5x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Gemm' op 'result #0' has shape 4x5, expected 3x5 (M x N)}}
  %0 = onnx.Gemm %arg0, %arg1, %none {transA = 1 : i64, transB = 1 : i64} : (tensor<4x3xf32>, tensor<5x4xf32>, none) -> tensor<4x5xf32>
  return
}

// -----

func.func @gemm_c_element_type(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>, %arg2: tensor<4xf16>) {
  // expected-error @+1 {{'onnx.Gemm' op 'A' and 'C' must have the same element type, got 'f32' and 'f16'}}
  %0 = onnx.Gemm %arg0, %arg1, %arg2 : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @einsum_term_count(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op equation 'ij->ji' has 1 input terms but the op has 2 inputs}}
  %0 = onnx.Einsum %arg0, %arg1 {equation = "ij->ji"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @einsum_term_rank(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op term 'ijk' has 3 labels but its input has rank 2}}
  %0 = onnx.Einsum %arg0, %arg1 {equation = "ijk,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @einsum_label_size_mismatch(%arg0: tensor<2x3xf32>, %arg1: tensor<5x4xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op label 'j' has sizes 3 and 5}}
  %0 = onnx.Einsum %arg0, %arg1 {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<5x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @einsum_unknown_output_label(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op output label 'z' does not appear in the inputs}}
  %0 = onnx.Einsum %arg0, %arg1 {equation = "ij,jk->iz"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @einsum_invalid_label(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op invalid label '1' in equation}}
  %0 = onnx.Einsum %arg0 {equation = "i1->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @einsum_result_shape(%arg0: tensor<5x2x3xf32>, %arg1: tensor<5x3x4xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op 'result #0' has shape 5x4x2, expected 5x2x4 (einsum output labels)}}
  %0 = onnx.Einsum %arg0, %arg1 {equation = "bij,bjk->bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x4x2xf32>
  return
}

// -----

func.func @einsum_implicit_result_shape(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>) {
  // Implicit output: the labels seen once, sorted ("ik"), so 4x2.
  // expected-error @+1 {{'onnx.Einsum' op 'result #0' has shape 2x4, expected 4x2 (einsum output labels)}}
  %0 = onnx.Einsum %arg0, %arg1 {equation = "kj,ji"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @einsum_element_types(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf64>) {
  // expected-error @+1 {{'onnx.Einsum' op 'first input' and 'other input' must have the same element type, got 'f32' and 'f64'}}
  %0 = onnx.Einsum %arg0, %arg1 {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf64>) -> tensor<2x4xf32>
  return
}

// -----

func.func @einsum_ellipsis_not_broadcastable(%arg0: tensor<2x3x4xf32>, %arg1: tensor<5x4x6xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op the dimensions covered by '...' do not broadcast}}
  %0 = onnx.Einsum %arg0, %arg1 {equation = "...ij,...jk->...ik"} : (tensor<2x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x3x6xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Convolution and pooling.
//===----------------------------------------------------------------------===//

func.func @conv_x_rank(%arg0: tensor<3x4xf32>, %arg1: tensor<2x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op X must be N x C x D1 ... (rank >= 3), got 3x4}}
  %0 = onnx.Conv %arg0, %arg1, %none : (tensor<3x4xf32>, tensor<2x3xf32>, none) -> tensor<3x2xf32>
  return
}

// -----

func.func @conv_w_rank(%arg0: tensor<1x3x8x8xf32>, %arg1: tensor<4x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op W must have the rank of X (4), got 4x3x3}}
  %0 = onnx.Conv %arg0, %arg1, %none : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>, none) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_element_types(%arg0: tensor<1x3x8x8xf32>, %arg1: tensor<4x3x3x3xf16>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op failed to verify that all of {X, W, Y} have same element type}}
  %0 = onnx.Conv %arg0, %arg1, %none : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf16>, none) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_input_channels(%arg0: tensor<1x3x8x8xf32>, %arg1: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op input channels 3 != W's channels per group 2 x group 1}}
  %0 = onnx.Conv %arg0, %arg1, %none : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_output_channels_not_divisible(%arg0: tensor<1x4x8x8xf32>, %arg1: tensor<3x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op output channels 3 are not divisible by group 2}}
  %0 = onnx.Conv %arg0, %arg1, %none {group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>, none) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @conv_group_zero(%arg0: tensor<1x3x8x8xf32>, %arg1: tensor<4x3x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op group must be positive}}
  %0 = onnx.Conv %arg0, %arg1, %none {group = 0 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_kernel_shape_mismatch(%arg0: tensor<1x3x8x8xf32>, %arg1: tensor<4x3x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op kernel_shape 5x5 differs from W's spatial shape 3x3}}
  %0 = onnx.Conv %arg0, %arg1, %none {kernel_shape = array<i64: 5, 5>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @conv_bias_shape(%arg0: tensor<1x3x8x8xf32>, %arg1: tensor<4x3x3x3xf32>, %arg2: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.Conv' op 'B' has shape 3, expected 4 (one bias per output channel)}}
  %0 = onnx.Conv %arg0, %arg1, %arg2 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_bad_auto_pad(%arg0: tensor<1x3x8x8xf32>, %arg1: tensor<4x3x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op auto_pad 'SAME' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID}}
  %0 = onnx.Conv %arg0, %arg1, %none {auto_pad = "SAME"} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @conv_strides_length(%arg0: tensor<1x3x8x8xf32>, %arg1: tensor<4x3x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op strides has 1 values, expected 2}}
  %0 = onnx.Conv %arg0, %arg1, %none {strides = array<i64: 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_negative_pads(%arg0: tensor<1x3x8x8xf32>, %arg1: tensor<4x3x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op pads values must be non-negative}}
  %0 = onnx.Conv %arg0, %arg1, %none {pads = array<i64: -1, 0, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x5x6xf32>
  return
}

// -----

func.func @conv_zero_dilation(%arg0: tensor<1x3x8x8xf32>, %arg1: tensor<4x3x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op dilations values must be positive}}
  %0 = onnx.Conv %arg0, %arg1, %none {dilations = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_kernel_does_not_fit(%arg0: tensor<1x3x2x2xf32>, %arg1: tensor<4x3x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op window of size 3 (dilation 1) does not fit spatial dimension 0 of size 2 with padding 0+0}}
  %0 = onnx.Conv %arg0, %arg1, %none : (tensor<1x3x2x2xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @conv_result_shape(%arg0: tensor<1x3x32x32xf32>, %arg1: tensor<16x3x3x3xf32>, %arg2: tensor<16xf32>) {
  // floor((32 + 1 + 1 - 3) / 2) + 1 = 16
  // expected-error @+1 {{'onnx.Conv' op 'result #0' has shape 1x16x15x15, expected 1x16x16x16 (convolution output size)}}
  %0 = onnx.Conv %arg0, %arg1, %arg2 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x15x15xf32>
  return
}

// -----

func.func @conv_result_shape_same_upper(%arg0: tensor<1x3x7x7xf32>, %arg1: tensor<4x3x3x3xf32>) {
  %none = onnx.NoValue
  // SAME_UPPER: ceil(7 / 2) = 4.
  // expected-error @+1 {{'onnx.Conv' op 'result #0' has shape 1x4x3x3, expected 1x4x4x4 (convolution output size)}}
  %0 = onnx.Conv %arg0, %arg1, %none {auto_pad = "SAME_UPPER", strides = array<i64: 2, 2>} : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_integer(%arg0: tensor<1x3x8x8xi32>, %arg1: tensor<4x3x3x3xi32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<1x3x8x8xi32>'}}
  %0 = onnx.Conv %arg0, %arg1, %none : (tensor<1x3x8x8xi32>, tensor<4x3x3x3xi32>, none) -> tensor<1x4x6x6xi32>
  return
}

// -----

func.func @convtranspose_rank(%arg0: tensor<1x4x5x5xf32>, %arg1: tensor<4x2x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op X must be N x C x D1 ... and W of the same rank, got 1x4x5x5 and 4x2x3}}
  %0 = onnx.ConvTranspose %arg0, %arg1, %none : (tensor<1x4x5x5xf32>, tensor<4x2x3xf32>, none) -> tensor<1x2x7x7xf32>
  return
}

// -----

func.func @convtranspose_input_channels(%arg0: tensor<1x4x5x5xf32>, %arg1: tensor<3x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op input channels 4 must equal W's first dimension 3}}
  %0 = onnx.ConvTranspose %arg0, %arg1, %none : (tensor<1x4x5x5xf32>, tensor<3x2x3x3xf32>, none) -> tensor<1x2x7x7xf32>
  return
}

// -----

func.func @convtranspose_strides_length(%arg0: tensor<1x4x5x5xf32>, %arg1: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op strides has 1 values, expected 2}}
  %0 = onnx.ConvTranspose %arg0, %arg1, %none {strides = array<i64: 2>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x11x11xf32>
  return
}

// -----

func.func @convtranspose_output_padding_length(%arg0: tensor<1x4x5x5xf32>, %arg1: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op output_padding has 3 values, expected 2}}
  %0 = onnx.ConvTranspose %arg0, %arg1, %none {output_padding = array<i64: 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x12x12xf32>
  return
}

// -----

func.func @convtranspose_output_shape_length(%arg0: tensor<1x4x5x5xf32>, %arg1: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op output_shape has 1 values, expected 2}}
  %0 = onnx.ConvTranspose %arg0, %arg1, %none {output_shape = array<i64: 10>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @convtranspose_result_shape(%arg0: tensor<1x4x5x5xf32>, %arg1: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // 2 * (5 - 1) + 3 = 11
  // expected-error @+1 {{'onnx.ConvTranspose' op 'result #0' has shape 1x2x10x10, expected 1x2x11x11 (transposed convolution output size)}}
  %0 = onnx.ConvTranspose %arg0, %arg1, %none {strides = array<i64: 2, 2>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @convtranspose_group_channels(%arg0: tensor<1x4x5x5xf32>, %arg1: tensor<4x3x3x3xf32>) {
  %none = onnx.NoValue
  // Output channels = W.shape[1] * group = 6.
  // expected-error @+1 {{'onnx.ConvTranspose' op 'result #0' has shape 1x3x7x7, expected 1x6x7x7 (transposed convolution output size)}}
  %0 = onnx.ConvTranspose %arg0, %arg1, %none {group = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x3x7x7xf32>
  return
}

// -----

func.func @convtranspose_output_shape_result(%arg0: tensor<1x4x5x5xf32>, %arg1: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op 'result #0' has shape 1x2x9x9, expected 1x2x10x10 (transposed convolution output size)}}
  %0 = onnx.ConvTranspose %arg0, %arg1, %none {output_shape = array<i64: 10, 10>, strides = array<i64: 2, 2>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x9x9xf32>
  return
}

// -----

func.func @convtranspose_bias_shape(%arg0: tensor<1x4x5x5xf32>, %arg1: tensor<4x2x3x3xf32>, %arg2: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.ConvTranspose' op 'B' has shape 4, expected 2 (one bias per output channel)}}
  %0 = onnx.ConvTranspose %arg0, %arg1, %arg2 : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x2x7x7xf32>
  return
}

// -----

func.func @maxpool_x_rank(%arg0: tensor<3x4xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op X must be N x C x D1 ... (rank >= 3), got 3x4}}
  %0:2 = onnx.MaxPool %arg0 {kernel_shape = array<i64: 2>} : (tensor<3x4xf32>) -> (tensor<3x3xf32>, none)
  return
}

// -----

func.func @maxpool_kernel_shape_length(%arg0: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op kernel_shape has 1 values, expected 2 (one per spatial dimension)}}
  %0:2 = onnx.MaxPool %arg0 {kernel_shape = array<i64: 2>} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x7x7xf32>, none)
  return
}

// -----

func.func @maxpool_missing_kernel_shape(%arg0: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op requires attribute 'kernel_shape'}}
  %0:2 = onnx.MaxPool %arg0 : (tensor<1x3x8x8xf32>) -> (tensor<1x3x8x8xf32>, none)
  return
}

// -----

func.func @maxpool_ceil_mode(%arg0: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op ceil_mode must be 0 or 1}}
  %0:2 = onnx.MaxPool %arg0 {ceil_mode = 2 : i64, kernel_shape = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x7x7xf32>, none)
  return
}

// -----

func.func @maxpool_bad_auto_pad(%arg0: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op auto_pad 'same_upper' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID}}
  %0:2 = onnx.MaxPool %arg0 {auto_pad = "same_upper", kernel_shape = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x8x8xf32>, none)
  return
}

// -----

func.func @maxpool_zero_stride(%arg0: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op strides values must be positive}}
  %0:2 = onnx.MaxPool %arg0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 0, 2>} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x4x4xf32>, none)
  return
}

// -----

func.func @maxpool_dilations_length(%arg0: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op dilations has 3 values, expected 2}}
  %0:2 = onnx.MaxPool %arg0 {dilations = array<i64: 1, 1, 1>, kernel_shape = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x7x7xf32>, none)
  return
}

// -----

func.func @maxpool_dilated_window_does_not_fit(%arg0: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op window of size 3 (dilation 2) does not fit spatial dimension 0 of size 4 with padding 0+0}}
  %0:2 = onnx.MaxPool %arg0 {dilations = array<i64: 2, 2>, kernel_shape = array<i64: 3, 3>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x1x1xf32>, none)
  return
}

// -----

func.func @maxpool_result_shape(%arg0: tensor<1x3x32x32xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op 'result #0' has shape 1x3x15x15, expected 1x3x16x16 (pooling output size)}}
  %0:2 = onnx.MaxPool %arg0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> (tensor<1x3x15x15xf32>, none)
  return
}

// -----

func.func @maxpool_ceil_mode_result_shape(%arg0: tensor<1x1x4x4xf32>) {
  // ceil((4 - 3) / 2) + 1 = 2
  // expected-error @+1 {{'onnx.MaxPool' op 'result #0' has shape 1x1x1x1, expected 1x1x2x2 (pooling output size)}}
  %0:2 = onnx.MaxPool %arg0 {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x1x1xf32>, none)
  return
}

// -----

func.func @maxpool_indices_shape(%arg0: tensor<1x3x32x32xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op 'Indices' has shape 1x3x8x8, expected 1x3x16x16 (shape of Y)}}
  %0:2 = onnx.MaxPool %arg0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> (tensor<1x3x16x16xf32>, tensor<1x3x8x8xi64>)
  return
}

// -----

func.func @maxpool_indices_type(%arg0: tensor<1x3x32x32xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op result #1 must be statically shaped tensor of 64-bit signless integer values or none, but got 'tensor<1x3x16x16xi32>'}}
  %0:2 = onnx.MaxPool %arg0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> (tensor<1x3x16x16xf32>, tensor<1x3x16x16xi32>)
  return
}

// -----

func.func @maxpool_result_element_type(%arg0: tensor<1x1x4x4xui8>) {
  // expected-error @+1 {{'onnx.MaxPool' op failed to verify that all of {X, Y} have same element type}}
  %0:2 = onnx.MaxPool %arg0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xui8>) -> (tensor<1x1x2x2xi8>, none)
  return
}

// -----

func.func @averagepool_x_rank(%arg0: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.AveragePool' op X must be N x C x D1 ... (rank >= 3), got 4}}
  %0 = onnx.AveragePool %arg0 {kernel_shape = array<i64: 2>} : (tensor<4xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @averagepool_pads_length(%arg0: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.AveragePool' op pads has 2 values, expected 4}}
  %0 = onnx.AveragePool %arg0 {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @averagepool_zero_kernel(%arg0: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.AveragePool' op kernel_shape values must be positive}}
  %0 = onnx.AveragePool %arg0 {kernel_shape = array<i64: 0, 3>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x6xf32>
  return
}

// -----

func.func @averagepool_kernel_does_not_fit(%arg0: tensor<1x3x8x2xf32>) {
  // expected-error @+1 {{'onnx.AveragePool' op window of size 3 (dilation 1) does not fit spatial dimension 1 of size 2 with padding 0+0}}
  %0 = onnx.AveragePool %arg0 {kernel_shape = array<i64: 3, 3>} : (tensor<1x3x8x2xf32>) -> tensor<1x3x6x1xf32>
  return
}

// -----

func.func @averagepool_bad_auto_pad(%arg0: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.AveragePool' op auto_pad 'SAME' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID}}
  %0 = onnx.AveragePool %arg0 {auto_pad = "SAME", kernel_shape = array<i64: 3, 3>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @averagepool_result_shape_same_lower(%arg0: tensor<1x1x5x5xf32>) {
  // SAME_LOWER: ceil(5 / 2) = 3.
  // expected-error @+1 {{'onnx.AveragePool' op 'result #0' has shape 1x1x2x2, expected 1x1x3x3 (pooling output size)}}
  %0 = onnx.AveragePool %arg0 {auto_pad = "SAME_LOWER", kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @averagepool_integer(%arg0: tensor<1x1x4x4xi32>) {
  // expected-error @+1 {{'onnx.AveragePool' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<1x1x4x4xi32>'}}
  %0 = onnx.AveragePool %arg0 {kernel_shape = array<i64: 2, 2>} : (tensor<1x1x4x4xi32>) -> tensor<1x1x3x3xi32>
  return
}

// -----

func.func @globalaveragepool_rank(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.GlobalAveragePool' op X must be N x C x D1 ... (rank >= 3), got 2x3}}
  %0 = onnx.GlobalAveragePool %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @globalaveragepool_result_shape(%arg0: tensor<1x3x7x7xf32>) {
  // expected-error @+1 {{'onnx.GlobalAveragePool' op 'result #0' has shape 1x3x7x7, expected 1x3x1x1 (spatial dimensions reduced to 1)}}
  %0 = onnx.GlobalAveragePool %arg0 : (tensor<1x3x7x7xf32>) -> tensor<1x3x7x7xf32>
  return
}

// -----

func.func @globalmaxpool_drops_spatial_dims(%arg0: tensor<1x3x7x7xf32>) {
  // expected-error @+1 {{'onnx.GlobalMaxPool' op 'result #0' has shape 1x3, expected 1x3x1x1 (spatial dimensions reduced to 1)}}
  %0 = onnx.GlobalMaxPool %arg0 : (tensor<1x3x7x7xf32>) -> tensor<1x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Normalization, softmax, dropout.
//===----------------------------------------------------------------------===//

func.func @batchnorm_x_rank(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.BatchNormalization' op X must have rank >= 2 (N x C ...), got 3}}
  %0:3 = onnx.BatchNormalization %arg0, %arg1, %arg1, %arg1, %arg1 : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, none, none)
  return
}

// -----

func.func @batchnorm_scale_shape(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.BatchNormalization' op 'scale' has shape 4, expected 3 (one value per channel)}}
  %0:3 = onnx.BatchNormalization %arg0, %arg1, %arg2, %arg2, %arg2 : (tensor<2x3x4x4xf32>, tensor<4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, none, none)
  return
}

// -----

func.func @batchnorm_var_shape(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<3xf32>, %arg2: tensor<1x3xf32>) {
  // expected-error @+1 {{'onnx.BatchNormalization' op 'input_var' has shape 1x3, expected 3 (one value per channel)}}
  %0:3 = onnx.BatchNormalization %arg0, %arg1, %arg1, %arg1, %arg2 : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x3xf32>) -> (tensor<2x3x4x4xf32>, none, none)
  return
}

// -----

func.func @batchnorm_running_stats_in_inference(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.BatchNormalization' op running_mean and running_var are outputs of training mode only}}
  %0:3 = onnx.BatchNormalization %arg0, %arg1, %arg1, %arg1, %arg1 : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @batchnorm_running_stats_shape(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.BatchNormalization' op 'running statistics' has shape 4, expected 3 (per channel)}}
  %0:3 = onnx.BatchNormalization %arg0, %arg1, %arg1, %arg1, %arg1 {training_mode = 1 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batchnorm_result_shape(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.BatchNormalization' op 'result #0' has shape 2x3x16, expected 2x3x4x4 (shape of X)}}
  %0:3 = onnx.BatchNormalization %arg0, %arg1, %arg1, %arg1, %arg1 : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x16xf32>, none, none)
  return
}

// -----

func.func @instancenorm_rank(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.InstanceNormalization' op input must have rank >= 3 (N x C x D1 ...), got 2x3}}
  %0 = onnx.InstanceNormalization %arg0, %arg1, %arg1 : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @instancenorm_bias_shape(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<3xf32>, %arg2: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.InstanceNormalization' op 'scale/B' has shape 4, expected 3 (one value per channel)}}
  %0 = onnx.InstanceNormalization %arg0, %arg1, %arg2 : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<2x3x4x4xf32>
  return
}

// -----

func.func @instancenorm_result_shape(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.InstanceNormalization' op 'result #0' has shape 2x3x4x5, expected 2x3x4x4 (shape of input)}}
  %0 = onnx.InstanceNormalization %arg0, %arg1, %arg1 : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x5xf32>
  return
}

// -----

func.func @layernorm_axis_out_of_range(%arg0: tensor<2x5x8xf32>, %arg1: tensor<8xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LayerNormalization' op axis 3 is out of range [-3, 2] for rank 3}}
  %0:3 = onnx.LayerNormalization %arg0, %arg1, %none {axis = 3 : i64} : (tensor<2x5x8xf32>, tensor<8xf32>, none) -> (tensor<2x5x8xf32>, none, none)
  return
}

// -----

func.func @layernorm_scale_shape(%arg0: tensor<2x5x8xf32>, %arg1: tensor<5xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LayerNormalization' op Scale/B of shape 5 does not broadcast to the normalized shape 8}}
  %0:3 = onnx.LayerNormalization %arg0, %arg1, %none : (tensor<2x5x8xf32>, tensor<5xf32>, none) -> (tensor<2x5x8xf32>, none, none)
  return
}

// -----

func.func @layernorm_bias_rank(%arg0: tensor<2x5x8xf32>, %arg1: tensor<5x8xf32>, %arg2: tensor<2x5x8xf32>) {
  // expected-error @+1 {{'onnx.LayerNormalization' op Scale/B of shape 2x5x8 does not broadcast to the normalized shape 5x8}}
  %0:3 = onnx.LayerNormalization %arg0, %arg1, %arg2 {axis = 1 : i64} : (tensor<2x5x8xf32>, tensor<5x8xf32>, tensor<2x5x8xf32>) -> (tensor<2x5x8xf32>, none, none)
  return
}

// -----

func.func @layernorm_mean_shape(%arg0: tensor<2x5x8xf32>, %arg1: tensor<8xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LayerNormalization' op 'Mean/InvStdDev' has shape 2x5, expected 2x5x1 (X's shape with normalized dims set to 1)}}
  %0:3 = onnx.LayerNormalization %arg0, %arg1, %none : (tensor<2x5x8xf32>, tensor<8xf32>, none) -> (tensor<2x5x8xf32>, tensor<2x5xf32>, none)
  return
}

// -----

func.func @layernorm_result_shape(%arg0: tensor<2x5x8xf32>, %arg1: tensor<8xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LayerNormalization' op 'result #0' has shape 10x8, expected 2x5x8 (shape of X)}}
  %0:3 = onnx.LayerNormalization %arg0, %arg1, %none : (tensor<2x5x8xf32>, tensor<8xf32>, none) -> (tensor<10x8xf32>, none, none)
  return
}

// -----

func.func @softmax_axis_out_of_range(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Softmax' op axis 3 is out of range [-3, 2] for rank 3}}
  %0 = onnx.Softmax %arg0 {axis = 3 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @softmax_result_type(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Softmax' op requires the same type for all operands and results}}
  %0 = onnx.Softmax %arg0 : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @softmax_integer(%arg0: tensor<2x3xi32>) {
  // expected-error @+1 {{'onnx.Softmax' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<2x3xi32>'}}
  %0 = onnx.Softmax %arg0 : (tensor<2x3xi32>) -> tensor<2x3xi32>
  return
}

// -----

func.func @logsoftmax_axis_out_of_range(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.LogSoftmax' op axis -4 is out of range [-3, 2] for rank 3}}
  %0 = onnx.LogSoftmax %arg0 {axis = -4 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @dropout_ratio_one(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  %ratio = onnx.Constant dense<1.0> : tensor<f32>
  // expected-error @+1 {{'onnx.Dropout' op ratio 1.000000e+00 is outside [0, 1)}}
  %0:2 = onnx.Dropout %arg0, %ratio, %none : (tensor<2x3xf32>, tensor<f32>, none) -> (tensor<2x3xf32>, none)
  return
}

// -----

func.func @dropout_ratio_negative(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  %ratio = onnx.Constant dense<-0.5> : tensor<f32>
  // expected-error @+1 {{'onnx.Dropout' op ratio -5.000000e-01 is outside [0, 1)}}
  %0:2 = onnx.Dropout %arg0, %ratio, %none : (tensor<2x3xf32>, tensor<f32>, none) -> (tensor<2x3xf32>, none)
  return
}

// -----

func.func @dropout_ratio_not_scalar(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  %ratio = onnx.Constant dense<[0.5]> : tensor<1xf32>
  // expected-error @+1 {{'onnx.Dropout' op ratio must be a scalar}}
  %0:2 = onnx.Dropout %arg0, %ratio, %none : (tensor<2x3xf32>, tensor<1xf32>, none) -> (tensor<2x3xf32>, none)
  return
}

// -----

func.func @dropout_training_mode_not_scalar(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  %train = onnx.Constant dense<[true, false]> : tensor<2xi1>
  // expected-error @+1 {{'onnx.Dropout' op training_mode must be a scalar}}
  %0:2 = onnx.Dropout %arg0, %none, %train : (tensor<2x3xf32>, none, tensor<2xi1>) -> (tensor<2x3xf32>, none)
  return
}

// -----

func.func @dropout_mask_shape(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Dropout' op 'mask' has shape 3x2, expected 2x3 (shape of data)}}
  %0:2 = onnx.Dropout %arg0, %none, %none : (tensor<2x3xf32>, none, none) -> (tensor<2x3xf32>, tensor<3x2xi1>)
  return
}

// -----

func.func @dropout_output_shape(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Dropout' op 'result #0' has shape 6, expected 2x3 (shape of data)}}
  %0:2 = onnx.Dropout %arg0, %none, %none : (tensor<2x3xf32>, none, none) -> (tensor<6xf32>, none)
  return
}

// -----

func.func @dropout_output_element_type(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Dropout' op 'data' and 'output' must have the same element type, got 'f32' and 'f16'}}
  %0:2 = onnx.Dropout %arg0, %none, %none : (tensor<2x3xf32>, none, none) -> (tensor<2x3xf16>, none)
  return
}

// -----

//===----------------------------------------------------------------------===//
// Shape manipulation and data movement.
//===----------------------------------------------------------------------===//

func.func @reshape_element_count(%arg0: tensor<2x3x4xf32>) {
  %s = onnx.Constant dense<[5, 5]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Reshape' op cannot reshape 2x3x4 (24 elements) to 5x5 (25 elements)}}
  %0 = onnx.Reshape %arg0, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<5x5xf32>
  return
}

// -----

func.func @reshape_shape_length(%arg0: tensor<2x3x4xf32>) {
  %s = onnx.Constant dense<[2, 3, 4]> : tensor<3xi64>
  // expected-error @+1 {{'onnx.Reshape' op shape input of shape 3 must be 1-D with one value per result dimension (2)}}
  %0 = onnx.Reshape %arg0, %s : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<6x4xf32>
  return
}

// -----

func.func @reshape_two_minus_one(%arg0: tensor<2x3x4xf32>) {
  %s = onnx.Constant dense<[-1, -1]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Reshape' op shape has more than one -1}}
  %0 = onnx.Reshape %arg0, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<4x6xf32>
  return
}

// -----

func.func @reshape_zero_beyond_rank(%arg0: tensor<24xf32>) {
  %s = onnx.Constant dense<[6, 0, 4]> : tensor<3xi64>
  // expected-error @+1 {{'onnx.Reshape' op shape value 0 at index 1 copies a dimension the input lacks}}
  %0 = onnx.Reshape %arg0, %s : (tensor<24xf32>, tensor<3xi64>) -> tensor<6x1x4xf32>
  return
}

// -----

func.func @reshape_negative_value(%arg0: tensor<2x3x4xf32>) {
  %s = onnx.Constant dense<[-2, 12]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Reshape' op invalid shape value -2}}
  %0 = onnx.Reshape %arg0, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  return
}

// -----

func.func @reshape_cannot_infer(%arg0: tensor<2x3x4xf32>) {
  %s = onnx.Constant dense<[5, -1]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Reshape' op cannot infer the -1 dimension: 24 elements do not divide by 5}}
  %0 = onnx.Reshape %arg0, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  return
}

// -----

func.func @reshape_allowzero_with_minus_one(%arg0: tensor<2x3x4xf32>) {
  %s = onnx.Constant dense<[0, -1]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Reshape' op cannot infer the -1 dimension: 24 elements do not divide by 0}}
  %0 = onnx.Reshape %arg0, %s {allowzero = 1 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  return
}

// -----

func.func @reshape_result_differs_from_shape(%arg0: tensor<2x3x4xf32>) {
  %s = onnx.Constant dense<[4, 0, -1]> : tensor<3xi64>
  // 0 copies dimension 1 (3); -1 is inferred (2).
  // expected-error @+1 {{'onnx.Reshape' op 'result #0' has shape 2x3x4, expected 4x3x2 (value of the shape input)}}
  %0 = onnx.Reshape %arg0, %s : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @reshape_element_type(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2xi64>) {
  // expected-error @+1 {{'onnx.Reshape' op failed to verify that all of {data, reshaped} have same element type}}
  %0 = onnx.Reshape %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xi32>
  return
}

// -----

func.func @reshape_shape_not_i64(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2xi32>) {
  // expected-error @+1 {{'onnx.Reshape' op operand #1 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = onnx.Reshape %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<2xi32>) -> tensor<6x4xf32>
  return
}

// -----

func.func @flatten_axis_out_of_range(%arg0: tensor<2x3x4x5xf32>) {
  // expected-error @+1 {{'onnx.Flatten' op axis 5 is out of range [-4, 4]}}
  %0 = onnx.Flatten %arg0 {axis = 5 : i64} : (tensor<2x3x4x5xf32>) -> tensor<120x1xf32>
  return
}

// -----

func.func @flatten_result_shape(%arg0: tensor<2x3x4x5xf32>) {
  // expected-error @+1 {{'onnx.Flatten' op 'result #0' has shape 2x60, expected 6x20 (dims before axis x dims from axis)}}
  %0 = onnx.Flatten %arg0 {axis = 2 : i64} : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
  return
}

// -----

func.func @transpose_perm_length(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Transpose' op perm has 2 values but the input has rank 3}}
  %0 = onnx.Transpose %arg0 {perm = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return
}

// -----

func.func @transpose_perm_duplicate(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Transpose' op perm 0x0x1 is not a permutation of 0..2}}
  %0 = onnx.Transpose %arg0 {perm = array<i64: 0, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<2x2x3xf32>
  return
}

// -----

func.func @transpose_perm_out_of_range(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Transpose' op perm 0x1x3 is not a permutation of 0..2}}
  %0 = onnx.Transpose %arg0 {perm = array<i64: 0, 1, 3>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @transpose_perm_negative(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Transpose' op perm -1x0 is not a permutation of 0..1}}
  %0 = onnx.Transpose %arg0 {perm = array<i64: -1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_result_shape(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Transpose' op 'result #0' has shape 4x3x2, expected 4x2x3 (permuted input shape)}}
  %0 = onnx.Transpose %arg0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  return
}

// -----

func.func @transpose_default_reverses(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Transpose' op 'result #0' has shape 2x3x4, expected 4x3x2 (permuted input shape)}}
  %0 = onnx.Transpose %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @squeeze_non_unit_axis(%arg0: tensor<1x3x1x4xf32>) {
  %axes = onnx.Constant dense<[1]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Squeeze' op cannot squeeze axis 1 of size 3}}
  %0 = onnx.Squeeze %arg0, %axes : (tensor<1x3x1x4xf32>, tensor<1xi64>) -> tensor<1x3x4xf32>
  return
}

// -----

func.func @squeeze_element_count(%arg0: tensor<1x3x1x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Squeeze' op squeeze must not change the number of elements}}
  %0 = onnx.Squeeze %arg0, %none : (tensor<1x3x1x4xf32>, none) -> tensor<3x5xf32>
  return
}

// -----

func.func @squeeze_axis_out_of_range(%arg0: tensor<1x3x1x4xf32>) {
  %axes = onnx.Constant dense<[4]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Squeeze' op squeeze axis 4 is out of range [-4, 3] for rank 4}}
  %0 = onnx.Squeeze %arg0, %axes : (tensor<1x3x1x4xf32>, tensor<1xi64>) -> tensor<3x1x4xf32>
  return
}

// -----

func.func @squeeze_no_axes_result_shape(%arg0: tensor<1x3x1x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Squeeze' op 'result #0' has shape 1x3x4, expected 3x4 (all size-1 dims removed)}}
  %0 = onnx.Squeeze %arg0, %none : (tensor<1x3x1x4xf32>, none) -> tensor<1x3x4xf32>
  return
}

// -----

func.func @squeeze_axes_result_shape(%arg0: tensor<1x3x1x4xf32>) {
  %axes = onnx.Constant dense<[0]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Squeeze' op 'result #0' has shape 1x3x4, expected 3x1x4 (squeezed axes removed)}}
  %0 = onnx.Squeeze %arg0, %axes : (tensor<1x3x1x4xf32>, tensor<1xi64>) -> tensor<1x3x4xf32>
  return
}

// -----

func.func @unsqueeze_repeated_axis(%arg0: tensor<3x4xf32>) {
  %axes = onnx.Constant dense<[1, -3]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Unsqueeze' op unsqueeze axis -3 repeats}}
  %0 = onnx.Unsqueeze %arg0, %axes : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x1x1x4xf32>
  return
}

// -----

func.func @unsqueeze_axis_out_of_range(%arg0: tensor<3x4xf32>) {
  %axes = onnx.Constant dense<[3]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Unsqueeze' op unsqueeze axis 3 is out of range [-3, 2] for rank 3}}
  %0 = onnx.Unsqueeze %arg0, %axes : (tensor<3x4xf32>, tensor<1xi64>) -> tensor<3x4x1xf32>
  return
}

// -----

func.func @unsqueeze_result_shape(%arg0: tensor<3x4xf32>) {
  %axes = onnx.Constant dense<[0]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Unsqueeze' op 'result #0' has shape 3x4x1, expected 1x3x4 (size-1 dims inserted at axes)}}
  %0 = onnx.Unsqueeze %arg0, %axes : (tensor<3x4xf32>, tensor<1xi64>) -> tensor<3x4x1xf32>
  return
}

// -----

func.func @unsqueeze_axes_not_i64(%arg0: tensor<3x4xf32>, %arg1: tensor<1xi32>) {
  // expected-error @+1 {{'onnx.Unsqueeze' op operand #1 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<1xi32>'}}
  %0 = onnx.Unsqueeze %arg0, %arg1 : (tensor<3x4xf32>, tensor<1xi32>) -> tensor<1x3x4xf32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+1 {{'onnx.Concat' op needs at least one input}}
  %0 = onnx.Concat {axis = 0 : i64} : () -> tensor<0xf32>
  return
}

// -----

func.func @concat_axis_out_of_range(%arg0: tensor<2x3xf32>, %arg1: tensor<2x5xf32>) {
  // expected-error @+1 {{'onnx.Concat' op axis 2 is out of range [-2, 1] for rank 2}}
  %0 = onnx.Concat %arg0, %arg1 {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_missing_axis(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Concat' op requires attribute 'axis'}}
  %0 = onnx.Concat %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @concat_rank_mismatch(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.Concat' op input #1 has rank 1, expected 2}}
  %0 = onnx.Concat %arg0, %arg1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_shape_mismatch(%arg0: tensor<2x3xf32>, %arg1: tensor<3x5xf32>) {
  // expected-error @+1 {{'onnx.Concat' op input #1 has shape 3x5, which differs from 2x3 outside axis 1}}
  %0 = onnx.Concat %arg0, %arg1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_result_shape(%arg0: tensor<2x3xf32>, %arg1: tensor<2x5xf32>) {
  // expected-error @+1 {{'onnx.Concat' op 'result #0' has shape 2x7, expected 2x8 (concatenation)}}
  %0 = onnx.Concat %arg0, %arg1 {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x7xf32>
  return
}

// -----

func.func @concat_element_types(%arg0: tensor<2xi64>, %arg1: tensor<1xi32>) {
  // expected-error @+1 {{'onnx.Concat' op 'input #0' and 'other inputs' must have the same element type, got 'i64' and 'i32'}}
  %0 = onnx.Concat %arg0, %arg1 {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi32>) -> tensor<3xi64>
  return
}

// -----

func.func @split_uneven(%arg0: tensor<6x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Split' op dimension 6 does not split evenly into 4 outputs}}
  %0:4 = onnx.Split %arg0, %none : (tensor<6x4xf32>, none) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @split_sizes_count(%arg0: tensor<6x4xf32>) {
  %sp = onnx.Constant dense<[2, 4]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Split' op split must be 1-D with one size per output (3)}}
  %0:3 = onnx.Split %arg0, %sp : (tensor<6x4xf32>, tensor<2xi64>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @split_sizes_sum(%arg0: tensor<6x4xf32>) {
  %sp = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Split' op split sizes sum to 5 but the dimension has 6}}
  %0:2 = onnx.Split %arg0, %sp : (tensor<6x4xf32>, tensor<2xi64>) -> (tensor<2x4xf32>, tensor<3x4xf32>)
  return
}

// -----

func.func @split_output_differs_from_sizes(%arg0: tensor<6x4xf32>) {
  %sp = onnx.Constant dense<[2, 4]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Split' op 'output #0' has shape 3x4, expected 2x4 (split along axis)}}
  %0:2 = onnx.Split %arg0, %sp : (tensor<6x4xf32>, tensor<2xi64>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return
}

// -----

func.func @split_output_off_axis_dim(%arg0: tensor<6x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Split' op 'output #1' has shape 6x2, expected 3x4 (split along axis)}}
  %0:2 = onnx.Split %arg0, %none : (tensor<6x4xf32>, none) -> (tensor<3x4xf32>, tensor<6x2xf32>)
  return
}

// -----

func.func @split_output_rank(%arg0: tensor<6x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Split' op output #0 must have rank 2}}
  %0:2 = onnx.Split %arg0, %none : (tensor<6x4xf32>, none) -> (tensor<12xf32>, tensor<3x4xf32>)
  return
}

// -----

func.func @split_axis_out_of_range(%arg0: tensor<6x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Split' op axis -3 is out of range [-2, 1] for rank 2}}
  %0:2 = onnx.Split %arg0, %none {axis = -3 : i64} : (tensor<6x4xf32>, none) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return
}

// -----

func.func @split_element_type(%arg0: tensor<6x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Split' op 'input' and 'outputs' must have the same element type, got 'f32' and 'f16'}}
  %0:2 = onnx.Split %arg0, %none : (tensor<6x4xf32>, none) -> (tensor<3x4xf16>, tensor<3x4xf16>)
  return
}

// -----

func.func @split_no_outputs(%arg0: tensor<6x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Split' op needs at least one output}}
  onnx.Split %arg0, %none : (tensor<6x4xf32>, none) -> ()
  return
}

// -----

func.func @slice_result_rank(%arg0: tensor<10x20xf32>) {
  %none = onnx.NoValue
  %st = onnx.Constant dense<[0]> : tensor<1xi64>
  %en = onnx.Constant dense<[1]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Slice' op result must have the rank of data}}
  %0 = onnx.Slice %arg0, %st, %en, %none, %none : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, none, none) -> tensor<20xf32>
  return
}

// -----

func.func @slice_length_mismatch(%arg0: tensor<10x20xf32>) {
  %none = onnx.NoValue
  %st = onnx.Constant dense<[0, 0]> : tensor<2xi64>
  %en = onnx.Constant dense<[1]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Slice' op starts, ends, axes and steps must be 1-D of equal length}}
  %0 = onnx.Slice %arg0, %st, %en, %none, %none : (tensor<10x20xf32>, tensor<2xi64>, tensor<1xi64>, none, none) -> tensor<1x20xf32>
  return
}

// -----

func.func @slice_zero_step(%arg0: tensor<10x20xf32>) {
  %st = onnx.Constant dense<[0]> : tensor<1xi64>
  %en = onnx.Constant dense<[5]> : tensor<1xi64>
  %ax = onnx.Constant dense<[0]> : tensor<1xi64>
  %stp = onnx.Constant dense<[0]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Slice' op slice steps must be non-zero}}
  %0 = onnx.Slice %arg0, %st, %en, %ax, %stp : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<5x20xf32>
  return
}

// -----

func.func @slice_repeated_axis(%arg0: tensor<10x20xf32>) {
  %none = onnx.NoValue
  %st = onnx.Constant dense<[0, 0]> : tensor<2xi64>
  %en = onnx.Constant dense<[5, 5]> : tensor<2xi64>
  %ax = onnx.Constant dense<[1, -1]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Slice' op slice axis 1 repeats}}
  %0 = onnx.Slice %arg0, %st, %en, %ax, %none : (tensor<10x20xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, none) -> tensor<10x5xf32>
  return
}

// -----

func.func @slice_axis_out_of_range(%arg0: tensor<10x20xf32>) {
  %none = onnx.NoValue
  %st = onnx.Constant dense<[0]> : tensor<1xi32>
  %en = onnx.Constant dense<[5]> : tensor<1xi32>
  %ax = onnx.Constant dense<[2]> : tensor<1xi32>
  // expected-error @+1 {{'onnx.Slice' op slice axis 2 is out of range [-2, 1] for rank 2}}
  %0 = onnx.Slice %arg0, %st, %en, %ax, %none : (tensor<10x20xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>, none) -> tensor<10x5xf32>
  return
}

// -----

func.func @slice_result_shape(%arg0: tensor<10x20xf32>) {
  %st = onnx.Constant dense<[1, 0]> : tensor<2xi64>
  %en = onnx.Constant dense<[5, -1]> : tensor<2xi64>
  %ax = onnx.Constant dense<[0, 1]> : tensor<2xi64>
  %stp = onnx.Constant dense<[1, 2]> : tensor<2xi64>
  // Columns 0..18 by 2: 10 elements.
  // expected-error @+1 {{'onnx.Slice' op 'result #0' has shape 4x9, expected 4x10 (values of starts/ends/axes/steps)}}
  %0 = onnx.Slice %arg0, %st, %en, %ax, %stp : (tensor<10x20xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<4x9xf32>
  return
}

// -----

func.func @slice_negative_step_result_shape(%arg0: tensor<10x20xf32>) {
  %st = onnx.Constant dense<[-1]> : tensor<1xi64>
  %en = onnx.Constant dense<[-1000]> : tensor<1xi64>
  %ax = onnx.Constant dense<[1]> : tensor<1xi64>
  %stp = onnx.Constant dense<[-1]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Slice' op 'result #0' has shape 10x19, expected 10x20 (values of starts/ends/axes/steps)}}
  %0 = onnx.Slice %arg0, %st, %en, %ax, %stp : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<10x19xf32>
  return
}

// -----

func.func @slice_element_type(%arg0: tensor<10x20xf32>, %arg1: tensor<1xi64>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Slice' op failed to verify that all of {data, output} have same element type}}
  %0 = onnx.Slice %arg0, %arg1, %arg1, %none, %none : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, none, none) -> tensor<10x20xi64>
  return
}

// -----

func.func @gather_axis_out_of_range(%arg0: tensor<5x4x3xf32>, %arg1: tensor<2xi64>) {
  // expected-error @+1 {{'onnx.Gather' op axis 3 is out of range [-3, 2] for rank 3}}
  %0 = onnx.Gather %arg0, %arg1 {axis = 3 : i64} : (tensor<5x4x3xf32>, tensor<2xi64>) -> tensor<5x4x2xf32>
  return
}

// -----

func.func @gather_index_out_of_range(%arg0: tensor<5x4x3xf32>) {
  %i = onnx.Constant dense<[0, 5]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Gather' op index 5 is out of range for axis 0 of size 5}}
  %0 = onnx.Gather %arg0, %i : (tensor<5x4x3xf32>, tensor<2xi64>) -> tensor<2x4x3xf32>
  return
}

// -----

func.func @gather_negative_index_out_of_range(%arg0: tensor<5x4x3xf32>) {
  %i = onnx.Constant dense<-4> : tensor<i32>
  // expected-error @+1 {{'onnx.Gather' op index -4 is out of range for axis 2 of size 3}}
  %0 = onnx.Gather %arg0, %i {axis = -1 : i64} : (tensor<5x4x3xf32>, tensor<i32>) -> tensor<5x4xf32>
  return
}

// -----

func.func @gather_result_shape(%arg0: tensor<5x4x3xf32>, %arg1: tensor<2x2xi64>) {
  // expected-error @+1 {{'onnx.Gather' op 'result #0' has shape 2x2x4x3, expected 5x2x2x3 (data[:axis] + indices + data[axis+1:])}}
  %0 = onnx.Gather %arg0, %arg1 {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<2x2xi64>) -> tensor<2x2x4x3xf32>
  return
}

// -----

func.func @gather_scalar_data(%arg0: tensor<f32>, %arg1: tensor<i64>) {
  // expected-error @+1 {{'onnx.Gather' op data must have rank >= 1}}
  %0 = onnx.Gather %arg0, %arg1 : (tensor<f32>, tensor<i64>) -> tensor<f32>
  return
}

// -----

func.func @gather_float_indices(%arg0: tensor<5x4xf32>, %arg1: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.Gather' op operand #1 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = onnx.Gather %arg0, %arg1 : (tensor<5x4xf32>, tensor<2xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gatherelements_rank_mismatch(%arg0: tensor<3x4xf32>, %arg1: tensor<4xi64>) {
  // expected-error @+1 {{'onnx.GatherElements' op indices must have the rank of data}}
  %0 = onnx.GatherElements %arg0, %arg1 : (tensor<3x4xf32>, tensor<4xi64>) -> tensor<4xf32>
  return
}

// -----

func.func @gatherelements_axis_out_of_range(%arg0: tensor<3x4xf32>, %arg1: tensor<2x4xi64>) {
  // expected-error @+1 {{'onnx.GatherElements' op axis 2 is out of range [-2, 1] for rank 2}}
  %0 = onnx.GatherElements %arg0, %arg1 {axis = 2 : i64} : (tensor<3x4xf32>, tensor<2x4xi64>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gatherelements_result_shape(%arg0: tensor<3x4xf32>, %arg1: tensor<2x4xi64>) {
  // expected-error @+1 {{'onnx.GatherElements' op 'result #0' has shape 3x4, expected 2x4 (shape of indices)}}
  %0 = onnx.GatherElements %arg0, %arg1 : (tensor<3x4xf32>, tensor<2x4xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @gathernd_batch_dims(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x1xi64>) {
  // expected-error @+1 {{'onnx.GatherND' op batch_dims 2 is out of range}}
  %0 = onnx.GatherND %arg0, %arg1 {batch_dims = 2 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @gathernd_index_tuple_too_long(%arg0: tensor<2x3xf32>, %arg1: tensor<4x3xi64>) {
  // expected-error @+1 {{'onnx.GatherND' op indices' last dimension 3 must be in [1, rank(data) - batch_dims]}}
  %0 = onnx.GatherND %arg0, %arg1 : (tensor<2x3xf32>, tensor<4x3xi64>) -> tensor<4xf32>
  return
}

// -----

func.func @gathernd_scalar_indices(%arg0: tensor<2x3xf32>, %arg1: tensor<i64>) {
  // expected-error @+1 {{'onnx.GatherND' op data and indices must have rank >= 1}}
  %0 = onnx.GatherND %arg0, %arg1 : (tensor<2x3xf32>, tensor<i64>) -> tensor<3xf32>
  return
}

// -----

func.func @gathernd_result_shape(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x2xi64>) {
  // expected-error @+1 {{'onnx.GatherND' op 'result #0' has shape 2x3x4, expected 2x4 (GatherND output shape)}}
  %0 = onnx.GatherND %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @scatternd_updates_shape(%arg0: tensor<4x4x4xf32>, %arg1: tensor<2x1xi64>, %arg2: tensor<2x4xf32>) {
  // expected-error @+1 {{'onnx.ScatterND' op 'updates' has shape 2x4, expected 2x4x4 (indices[:-1] + data[indices[-1]:])}}
  %0 = onnx.ScatterND %arg0, %arg1, %arg2 : (tensor<4x4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4x4xf32>
  return
}

// -----

func.func @scatternd_bad_reduction(%arg0: tensor<8xi32>, %arg1: tensor<4x1xi64>, %arg2: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.ScatterND' op reduction 'sum' is not none, add, mul, max or min}}
  %0 = onnx.ScatterND %arg0, %arg1, %arg2 {reduction = "sum"} : (tensor<8xi32>, tensor<4x1xi64>, tensor<4xi32>) -> tensor<8xi32>
  return
}

// -----

func.func @scatternd_index_tuple_too_long(%arg0: tensor<8xi32>, %arg1: tensor<4x2xi64>, %arg2: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.ScatterND' op indices' last dimension must be <= rank(data)}}
  %0 = onnx.ScatterND %arg0, %arg1, %arg2 : (tensor<8xi32>, tensor<4x2xi64>, tensor<4xi32>) -> tensor<8xi32>
  return
}

// -----

func.func @scatternd_result_shape(%arg0: tensor<8xi32>, %arg1: tensor<4x1xi64>, %arg2: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.ScatterND' op 'result #0' has shape 4, expected 8 (shape of data)}}
  %0 = onnx.ScatterND %arg0, %arg1, %arg2 : (tensor<8xi32>, tensor<4x1xi64>, tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @scatterelements_rank_mismatch(%arg0: tensor<3x3xf32>, %arg1: tensor<3xi64>, %arg2: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.ScatterElements' op indices must have the rank of data}}
  %0 = onnx.ScatterElements %arg0, %arg1, %arg2 : (tensor<3x3xf32>, tensor<3xi64>, tensor<3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @scatterelements_updates_shape(%arg0: tensor<3x3xf32>, %arg1: tensor<2x3xi64>, %arg2: tensor<2x2xf32>) {
  // expected-error @+1 {{'onnx.ScatterElements' op 'updates' has shape 2x2, expected 2x3 (shape of indices)}}
  %0 = onnx.ScatterElements %arg0, %arg1, %arg2 : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x2xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @scatterelements_axis_out_of_range(%arg0: tensor<3x3xf32>, %arg1: tensor<2x3xi64>, %arg2: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.ScatterElements' op axis -3 is out of range [-2, 1] for rank 2}}
  %0 = onnx.ScatterElements %arg0, %arg1, %arg2 {axis = -3 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @scatterelements_bad_reduction(%arg0: tensor<3x3xf32>, %arg1: tensor<2x3xi64>, %arg2: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.ScatterElements' op reduction 'avg' is not none, add, mul, max or min}}
  %0 = onnx.ScatterElements %arg0, %arg1, %arg2 {reduction = "avg"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @scatterelements_result_shape(%arg0: tensor<3x3xf32>, %arg1: tensor<2x3xi64>, %arg2: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.ScatterElements' op 'result #0' has shape 2x3, expected 3x3 (shape of data)}}
  %0 = onnx.ScatterElements %arg0, %arg1, %arg2 : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @expand_not_broadcastable(%arg0: tensor<3x4xf32>) {
  %s = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Expand' op input of shape 3x4 cannot expand to 2x3}}
  %0 = onnx.Expand %arg0, %s : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @expand_shape_not_1d(%arg0: tensor<3x1xf32>, %arg1: tensor<1x2xi64>) {
  // expected-error @+1 {{'onnx.Expand' op shape must be 1-D}}
  %0 = onnx.Expand %arg0, %arg1 : (tensor<3x1xf32>, tensor<1x2xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @expand_result_shape(%arg0: tensor<3x1xf32>) {
  %s = onnx.Constant dense<[2, 1, 6]> : tensor<3xi64>
  // expected-error @+1 {{'onnx.Expand' op result 2x1x6 is not a broadcast of the input 3x1 to rank 3}}
  %0 = onnx.Expand %arg0, %s : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<2x1x6xf32>
  return
}

// -----

func.func @tile_repeats_length(%arg0: tensor<2x3xf32>) {
  %r = onnx.Constant dense<[2, 3, 4]> : tensor<3xi64>
  // expected-error @+1 {{'onnx.Tile' op repeats must be 1-D with 2 values}}
  %0 = onnx.Tile %arg0, %r : (tensor<2x3xf32>, tensor<3xi64>) -> tensor<4x9xf32>
  return
}

// -----

func.func @tile_negative_repeat(%arg0: tensor<2x3xf32>) {
  %r = onnx.Constant dense<[2, -1]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Tile' op repeats must be non-negative}}
  %0 = onnx.Tile %arg0, %r : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x3xf32>
  return
}

// -----

func.func @tile_result_shape(%arg0: tensor<2x3xf32>) {
  %r = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Tile' op 'result #0' has shape 4x6, expected 4x9 (input dims x repeats)}}
  %0 = onnx.Tile %arg0, %r : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x6xf32>
  return
}

// -----

func.func @pad_bad_mode(%arg0: tensor<3x4xi32>) {
  %none = onnx.NoValue
  %p = onnx.Constant dense<[0, 1, 0, 1]> : tensor<4xi64>
  // expected-error @+1 {{'onnx.Pad' op mode 'symmetric' is not constant, reflect, edge or wrap}}
  %0 = onnx.Pad %arg0, %p, %none {mode = "symmetric"} : (tensor<3x4xi32>, tensor<4xi64>, none) -> tensor<3x6xi32>
  return
}

// -----

func.func @pad_pads_length(%arg0: tensor<1x3x4x4xf32>) {
  %none = onnx.NoValue
  %p = onnx.Constant dense<[1, 2, 1, 2]> : tensor<4xi64>
  // expected-error @+1 {{'onnx.Pad' op pads must be 1-D with 8 values (begin and end per axis)}}
  %0 = onnx.Pad %arg0, %p, %none : (tensor<1x3x4x4xf32>, tensor<4xi64>, none) -> tensor<1x3x6x8xf32>
  return
}

// -----

func.func @pad_negative_too_large(%arg0: tensor<3x4xi32>) {
  %none = onnx.NoValue
  %p = onnx.Constant dense<[0, -3, 0, -2]> : tensor<4xi64>
  // expected-error @+1 {{'onnx.Pad' op negative pads remove more than the dimension holds}}
  %0 = onnx.Pad %arg0, %p, %none : (tensor<3x4xi32>, tensor<4xi64>, none) -> tensor<3x0xi32>
  return
}

// -----

func.func @pad_result_shape(%arg0: tensor<1x3x4x4xf32>) {
  %cv = onnx.Constant dense<0.5> : tensor<f32>
  %p = onnx.Constant dense<[0, 0, 1, 2, 0, 0, 1, 2]> : tensor<8xi64>
  // expected-error @+1 {{'onnx.Pad' op 'result #0' has shape 1x3x6x6, expected 1x3x6x8 (input dims plus pads)}}
  %0 = onnx.Pad %arg0, %p, %cv : (tensor<1x3x4x4xf32>, tensor<8xi64>, tensor<f32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @pad_constant_value_type(%arg0: tensor<1x3x4x4xf32>) {
  %cv = onnx.Constant dense<0> : tensor<i32>
  %p = onnx.Constant dense<[0, 0, 1, 2, 0, 0, 1, 2]> : tensor<8xi64>
  // expected-error @+1 {{'onnx.Pad' op 'data' and 'constant_value' must have the same element type, got 'f32' and 'i32'}}
  %0 = onnx.Pad %arg0, %p, %cv : (tensor<1x3x4x4xf32>, tensor<8xi64>, tensor<i32>) -> tensor<1x3x6x8xf32>
  return
}

// -----

func.func @shape_result_length(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Shape' op 'result #0' has shape 3, expected 2 (dims start..end of the input)}}
  %0 = onnx.Shape %arg0 {start = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<3xi64>
  return
}

// -----

func.func @shape_start_after_end(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Shape' op 'result #0' has shape 1, expected 0 (dims start..end of the input)}}
  %0 = onnx.Shape %arg0 {end = 1 : i64, start = -1 : i64} : (tensor<2x3x4xf32>) -> tensor<1xi64>
  return
}

// -----

func.func @shape_result_not_i64(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Shape' op result #0 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<3xi32>'}}
  %0 = onnx.Shape %arg0 : (tensor<2x3x4xf32>) -> tensor<3xi32>
  return
}

// -----

func.func @size_not_scalar(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.Size' op 'result #0' has shape 1, expected scalar (a scalar)}}
  %0 = onnx.Size %arg0 : (tensor<2x3x4xf32>) -> tensor<1xi64>
  return
}

// -----

func.func @cast_result_differs_from_to(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Cast' op result element type 'f16' differs from 'to' ('f32')}}
  %0 = onnx.Cast %arg0 {to = f32} : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return
}

// -----

func.func @cast_result_shape(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Cast' op 'result #0' has shape 3x2, expected 2x3 (shape of input)}}
  %0 = onnx.Cast %arg0 {to = i64} : (tensor<2x3xf32>) -> tensor<3x2xi64>
  return
}

// -----

func.func @cast_missing_to(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Cast' op requires attribute 'to'}}
  %0 = onnx.Cast %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return
}

// -----

func.func @castlike_element_type(%arg0: tensor<2x3xf32>, %arg1: tensor<1xi32>) {
  // expected-error @+1 {{'onnx.CastLike' op 'target_type' and 'output' must have the same element type, got 'i32' and 'f16'}}
  %0 = onnx.CastLike %arg0, %arg1 : (tensor<2x3xf32>, tensor<1xi32>) -> tensor<2x3xf16>
  return
}

// -----

func.func @castlike_result_shape(%arg0: tensor<2x3xf32>, %arg1: tensor<1xi32>) {
  // expected-error @+1 {{'onnx.CastLike' op 'result #0' has shape 1, expected 2x3 (shape of input)}}
  %0 = onnx.CastLike %arg0, %arg1 : (tensor<2x3xf32>, tensor<1xi32>) -> tensor<1xi32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Generators and layout ops.
//===----------------------------------------------------------------------===//

func.func @constantofshape_value_count() {
  %s = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.ConstantOfShape' op value must hold exactly one element}}
  %0 = onnx.ConstantOfShape %s {value = dense<[1, 2]> : tensor<2xi64>} : (tensor<2xi64>) -> tensor<2x3xi64>
  return
}

// -----

func.func @constantofshape_default_is_f32() {
  %s = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.ConstantOfShape' op result element type 'i64' differs from the value's 'f32'}}
  %0 = onnx.ConstantOfShape %s : (tensor<2xi64>) -> tensor<2x3xi64>
  return
}

// -----

func.func @constantofshape_negative_dim() {
  %s = onnx.Constant dense<[2, -3]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.ConstantOfShape' op shape values must be non-negative}}
  %0 = onnx.ConstantOfShape %s : (tensor<2xi64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @constantofshape_result_shape() {
  %s = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.ConstantOfShape' op 'result #0' has shape 3x2, expected 2x3 (value of the shape input)}}
  %0 = onnx.ConstantOfShape %s {value = dense<1.0> : tensor<1xf32>} : (tensor<2xi64>) -> tensor<3x2xf32>
  return
}

// -----

func.func @constantofshape_input_rank(%arg0: tensor<1x2xi64>) {
  // expected-error @+1 {{'onnx.ConstantOfShape' op input (the shape) must be 1-D}}
  %0 = onnx.ConstantOfShape %arg0 : (tensor<1x2xi64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @constantofshape_result_rank(%arg0: tensor<2xi64>) {
  // expected-error @+1 {{'onnx.ConstantOfShape' op result rank must equal the length of the shape input}}
  %0 = onnx.ConstantOfShape %arg0 : (tensor<2xi64>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @range_not_scalar(%arg0: tensor<1xf32>, %arg1: tensor<f32>) {
  // expected-error @+1 {{'onnx.Range' op start, limit and delta must be scalars}}
  %0 = onnx.Range %arg0, %arg1, %arg1 : (tensor<1xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return
}

// -----

func.func @range_zero_delta() {
  %s = onnx.Constant dense<0> : tensor<i64>
  %l = onnx.Constant dense<10> : tensor<i64>
  %d = onnx.Constant dense<0> : tensor<i64>
  // expected-error @+1 {{'onnx.Range' op delta must be non-zero}}
  %0 = onnx.Range %s, %l, %d : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<10xi64>
  return
}

// -----

func.func @range_result_length() {
  %s = onnx.Constant dense<1.0> : tensor<f32>
  %l = onnx.Constant dense<5.0> : tensor<f32>
  %d = onnx.Constant dense<0.5> : tensor<f32>
  // expected-error @+1 {{'onnx.Range' op 'result #0' has shape 9, expected 8 (ceil((limit - start) / delta))}}
  %0 = onnx.Range %s, %l, %d : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<9xf32>
  return
}

// -----

func.func @range_negative_delta_result_length() {
  %s = onnx.Constant dense<10> : tensor<i32>
  %l = onnx.Constant dense<4> : tensor<i32>
  %d = onnx.Constant dense<-2> : tensor<i32>
  // expected-error @+1 {{'onnx.Range' op 'result #0' has shape 0, expected 3 (ceil((limit - start) / delta))}}
  %0 = onnx.Range %s, %l, %d : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<0xi32>
  return
}

// -----

func.func @range_element_types(%arg0: tensor<f32>, %arg1: tensor<i64>) {
  // expected-error @+1 {{'onnx.Range' op failed to verify that all of {start, limit, delta, output} have same element type}}
  %0 = onnx.Range %arg0, %arg1, %arg0 : (tensor<f32>, tensor<i64>, tensor<f32>) -> tensor<4xf32>
  return
}

// -----

func.func @range_result_rank(%arg0: tensor<f32>) {
  // expected-error @+1 {{'onnx.Range' op result must be 1-D}}
  %0 = onnx.Range %arg0, %arg0, %arg0 : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @trilu_rank(%arg0: tensor<5xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Trilu' op input must have rank >= 2}}
  %0 = onnx.Trilu %arg0, %none : (tensor<5xf32>, none) -> tensor<5xf32>
  return
}

// -----

func.func @trilu_k_not_scalar(%arg0: tensor<4x5xf32>) {
  %k = onnx.Constant dense<[1]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Trilu' op k must be a scalar}}
  %0 = onnx.Trilu %arg0, %k : (tensor<4x5xf32>, tensor<1xi64>) -> tensor<4x5xf32>
  return
}

// -----

func.func @trilu_result_shape(%arg0: tensor<4x5xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Trilu' op 'result #0' has shape 5x4, expected 4x5 (shape of input)}}
  %0 = onnx.Trilu %arg0, %none {upper = 0 : i64} : (tensor<4x5xf32>, none) -> tensor<5x4xf32>
  return
}

// -----

func.func @depthtospace_channels(%arg0: tensor<1x6x2x3xf32>) {
  // expected-error @+1 {{'onnx.DepthToSpace' op channels 6 are not divisible by blocksize^2 (4)}}
  %0 = onnx.DepthToSpace %arg0 {blocksize = 2 : i64} : (tensor<1x6x2x3xf32>) -> tensor<1x1x4x6xf32>
  return
}

// -----

func.func @depthtospace_zero_blocksize(%arg0: tensor<1x8x2x3xf32>) {
  // expected-error @+1 {{'onnx.DepthToSpace' op channels 8 are not divisible by blocksize^2 (0)}}
  %0 = onnx.DepthToSpace %arg0 {blocksize = 0 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x8x2x3xf32>
  return
}

// -----

func.func @depthtospace_bad_mode(%arg0: tensor<1x8x2x3xf32>) {
  // expected-error @+1 {{'onnx.DepthToSpace' op mode must be DCR or CRD}}
  %0 = onnx.DepthToSpace %arg0 {blocksize = 2 : i64, mode = "RCD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  return
}

// -----

func.func @depthtospace_rank(%arg0: tensor<8x2x3xf32>) {
  // expected-error @+1 {{'onnx.DepthToSpace' op input must be N x C x H x W}}
  %0 = onnx.DepthToSpace %arg0 {blocksize = 2 : i64} : (tensor<8x2x3xf32>) -> tensor<2x4x6xf32>
  return
}

// -----

func.func @depthtospace_result_shape(%arg0: tensor<1x8x2x3xf32>) {
  // expected-error @+1 {{'onnx.DepthToSpace' op 'result #0' has shape 1x2x6x4, expected 1x2x4x6 (N x C/b^2 x H*b x W*b)}}
  %0 = onnx.DepthToSpace %arg0 {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x6x4xf32>
  return
}

// -----

func.func @depthtospace_missing_blocksize(%arg0: tensor<1x8x2x3xf32>) {
  // expected-error @+1 {{'onnx.DepthToSpace' op requires attribute 'blocksize'}}
  %0 = onnx.DepthToSpace %arg0 : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  return
}

// -----

func.func @spacetodepth_not_divisible(%arg0: tensor<1x2x5x6xf32>) {
  // expected-error @+1 {{'onnx.SpaceToDepth' op spatial dims 5x6 are not divisible by blocksize 2}}
  %0 = onnx.SpaceToDepth %arg0 {blocksize = 2 : i64} : (tensor<1x2x5x6xf32>) -> tensor<1x8x2x3xf32>
  return
}

// -----

func.func @spacetodepth_result_shape(%arg0: tensor<1x2x4x6xf32>) {
  // expected-error @+1 {{'onnx.SpaceToDepth' op 'result #0' has shape 1x2x2x3, expected 1x8x2x3 (N x C*b^2 x H/b x W/b)}}
  %0 = onnx.SpaceToDepth %arg0 {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x2x2x3xf32>
  return
}

// -----

func.func @resize_bad_mode(%arg0: tensor<1x3x4x4xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  // expected-error @+1 {{'onnx.Resize' op mode 'area' is not nearest, linear or cubic}}
  %0 = onnx.Resize %arg0, %none, %sc, %none {mode = "area"} : (tensor<1x3x4x4xf32>, none, tensor<4xf32>, none) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @resize_result_rank(%arg0: tensor<1x3x4x4xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  // expected-error @+1 {{'onnx.Resize' op result must have the rank of X}}
  %0 = onnx.Resize %arg0, %none, %sc, %none : (tensor<1x3x4x4xf32>, none, tensor<4xf32>, none) -> tensor<3x8x8xf32>
  return
}

// -----

func.func @resize_scales_and_sizes(%arg0: tensor<1x3x4x4xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  %sz = onnx.Constant dense<[1, 3, 8, 8]> : tensor<4xi64>
  // expected-error @+1 {{'onnx.Resize' op exactly one of scales and sizes must be given}}
  %0 = onnx.Resize %arg0, %none, %sc, %sz : (tensor<1x3x4x4xf32>, none, tensor<4xf32>, tensor<4xi64>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @resize_result_differs_from_sizes(%arg0: tensor<1x3x4x4xf32>) {
  %none = onnx.NoValue
  %sz = onnx.Constant dense<[1, 3, 6, 10]> : tensor<4xi64>
  // expected-error @+1 {{'onnx.Resize' op 'result #0' has shape 1x3x8x8, expected 1x3x6x10 (value of sizes)}}
  %0 = onnx.Resize %arg0, %none, %none, %sz {mode = "cubic"} : (tensor<1x3x4x4xf32>, none, none, tensor<4xi64>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @onehot_depth_count(%arg0: tensor<3xi64>) {
  %d = onnx.Constant dense<[4, 5]> : tensor<2xi64>
  %v = onnx.Constant dense<[0.0, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{'onnx.OneHot' op depth must be a scalar or a 1-element tensor}}
  %0 = onnx.OneHot %arg0, %d, %v : (tensor<3xi64>, tensor<2xi64>, tensor<2xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @onehot_values_count(%arg0: tensor<3xi64>) {
  %d = onnx.Constant dense<5> : tensor<i64>
  %v = onnx.Constant dense<[0.0, 1.0, 2.0]> : tensor<3xf32>
  // expected-error @+1 {{'onnx.OneHot' op values must be [off_value, on_value]}}
  %0 = onnx.OneHot %arg0, %d, %v : (tensor<3xi64>, tensor<i64>, tensor<3xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @onehot_axis_out_of_range(%arg0: tensor<3xi64>) {
  %d = onnx.Constant dense<5> : tensor<i64>
  %v = onnx.Constant dense<[0.0, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{'onnx.OneHot' op axis 2 is out of range [-2, 1] for rank 2}}
  %0 = onnx.OneHot %arg0, %d, %v {axis = 2 : i64} : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @onehot_result_rank(%arg0: tensor<2x3xi32>) {
  %d = onnx.Constant dense<5> : tensor<i64>
  %v = onnx.Constant dense<[0, 1]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.OneHot' op result rank must be rank(indices) + 1}}
  %0 = onnx.OneHot %arg0, %d, %v : (tensor<2x3xi32>, tensor<i64>, tensor<2xi64>) -> tensor<30xi64>
  return
}

// -----

func.func @onehot_result_element_type(%arg0: tensor<3xi64>) {
  %d = onnx.Constant dense<5> : tensor<i64>
  %v = onnx.Constant dense<[0.0, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{'onnx.OneHot' op 'values' and 'output' must have the same element type, got 'f32' and 'i64'}}
  %0 = onnx.OneHot %arg0, %d, %v : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x5xi64>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

func.func @reducemean_axis_out_of_range(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ReduceMean' op reduction axis 3 is out of range [-3, 2] for rank 3}}
  %0 = onnx.ReduceMean %arg0 {axes = array<i64: 3>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  return
}

// -----

func.func @reducemean_repeated_axis(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ReduceMean' op reduction axis -2 repeats}}
  %0 = onnx.ReduceMean %arg0 {axes = array<i64: 1, -2>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  return
}

// -----

func.func @reducemean_keepdims_result(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ReduceMean' op 'result #0' has shape 2x4, expected 2x1x4 (reduction)}}
  %0 = onnx.ReduceMean %arg0 {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @reducemean_no_keepdims_result(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ReduceMean' op 'result #0' has shape 2x1x4, expected 2x4 (reduction)}}
  %0 = onnx.ReduceMean %arg0 {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  return
}

// -----

func.func @reducemax_element_type(%arg0: tensor<2x3xi32>) {
  // expected-error @+1 {{'onnx.ReduceMax' op 'data' and 'reduced' must have the same element type, got 'i32' and 'f32'}}
  %0 = onnx.ReduceMax %arg0 {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xi32>) -> tensor<2xf32>
  return
}

// -----

func.func @reducemin_all_axes_keepdims(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ReduceMin' op 'result #0' has shape scalar, expected 1x1x1 (reduction)}}
  %0 = onnx.ReduceMin %arg0 : (tensor<2x3x4xf32>) -> tensor<f32>
  return
}

// -----

func.func @reduceprod_all_axes_no_keepdims(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ReduceProd' op 'result #0' has shape 1x1x1, expected scalar (reduction)}}
  %0 = onnx.ReduceProd %arg0 {keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  return
}

// -----

func.func @reducel1_axis_out_of_range(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ReduceL1' op reduction axis -4 is out of range [-3, 2] for rank 3}}
  %0 = onnx.ReduceL1 %arg0 {axes = array<i64: -4>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  return
}

// -----

func.func @reducel2_result_shape(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ReduceL2' op 'result #0' has shape 2x3x1, expected 2x3 (reduction)}}
  %0 = onnx.ReduceL2 %arg0 {axes = array<i64: -1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  return
}

// -----

func.func @reducesumsquare_repeated_axis(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ReduceSumSquare' op reduction axis 0 repeats}}
  %0 = onnx.ReduceSumSquare %arg0 {axes = array<i64: 0, 0>} : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
  return
}

// -----

func.func @reducelogsum_integer(%arg0: tensor<2x3xi32>) {
  // expected-error @+1 {{'onnx.ReduceLogSum' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<2x3xi32>'}}
  %0 = onnx.ReduceLogSum %arg0 : (tensor<2x3xi32>) -> tensor<1x1xi32>
  return
}

// -----

func.func @reducelogsumexp_result_shape(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ReduceLogSumExp' op 'result #0' has shape 2x3x1, expected 2x1x4 (reduction)}}
  %0 = onnx.ReduceLogSumExp %arg0 {axes = array<i64: -2>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  return
}

// -----

func.func @reducesum_axis_out_of_range(%arg0: tensor<2x3x4xf32>) {
  %axes = onnx.Constant dense<[3]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.ReduceSum' op reduction axis 3 is out of range [-3, 2] for rank 3}}
  %0 = onnx.ReduceSum %arg0, %axes : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x3x1xf32>
  return
}

// -----

func.func @reducesum_noop_with_empty_axes(%arg0: tensor<2x3x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ReduceSum' op 'result #0' has shape 1x1x1, expected 2x3x4 (reduction)}}
  %0 = onnx.ReduceSum %arg0, %none {noop_with_empty_axes = 1 : i64} : (tensor<2x3x4xf32>, none) -> tensor<1x1x1xf32>
  return
}

// -----

func.func @reducesum_result_shape(%arg0: tensor<2x3x4xf32>) {
  %axes = onnx.Constant dense<[-1, 0]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.ReduceSum' op 'result #0' has shape 2x3, expected 3 (reduction)}}
  %0 = onnx.ReduceSum %arg0, %axes {keepdims = 0 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @reducesum_repeated_axis(%arg0: tensor<2x3x4xf32>) {
  %axes = onnx.Constant dense<[2, -1]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.ReduceSum' op reduction axis -1 repeats}}
  %0 = onnx.ReduceSum %arg0, %axes : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x3x1xf32>
  return
}

// -----

func.func @reducesum_element_type(%arg0: tensor<2x3x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ReduceSum' op 'data' and 'reduced' must have the same element type, got 'f32' and 'f64'}}
  %0 = onnx.ReduceSum %arg0, %none : (tensor<2x3x4xf32>, none) -> tensor<1x1x1xf64>
  return
}

// -----

func.func @argmax_axis_out_of_range(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ArgMax' op axis 3 is out of range [-3, 2] for rank 3}}
  %0 = onnx.ArgMax %arg0 {axis = 3 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x1xi64>
  return
}

// -----

func.func @argmax_keepdims_result(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ArgMax' op 'result #0' has shape 2x4, expected 2x1x4 (reduction along axis)}}
  %0 = onnx.ArgMax %arg0 {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x4xi64>
  return
}

// -----

func.func @argmax_result_not_i64(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.ArgMax' op result #0 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<1x3xi32>'}}
  %0 = onnx.ArgMax %arg0 : (tensor<2x3xf32>) -> tensor<1x3xi32>
  return
}

// -----

func.func @argmin_no_keepdims_result(%arg0: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'onnx.ArgMin' op 'result #0' has shape 2x3x1, expected 2x3 (reduction along axis)}}
  %0 = onnx.ArgMin %arg0 {axis = -1 : i64, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x1xi64>
  return
}

// -----

func.func @topk_k_too_large(%arg0: tensor<3x4xf32>) {
  %k = onnx.Constant dense<[5]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.TopK' op K = 5 is out of range [0, 4]}}
  %0:2 = onnx.TopK %arg0, %k : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x5xf32>, tensor<3x5xi64>)
  return
}

// -----

func.func @topk_k_negative(%arg0: tensor<3x4xf32>) {
  %k = onnx.Constant dense<[-1]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.TopK' op K = -1 is out of range [0, 3]}}
  %0:2 = onnx.TopK %arg0, %k {axis = 0 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x4xf32>, tensor<3x4xi64>)
  return
}

// -----

func.func @topk_k_scalar(%arg0: tensor<3x4xf32>) {
  %k = onnx.Constant dense<2> : tensor<i64>
  // expected-error @+1 {{'onnx.TopK' op K must be a 1-D tensor with one value}}
  %0:2 = onnx.TopK %arg0, %k : (tensor<3x4xf32>, tensor<i64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  return
}

// -----

func.func @topk_k_two_values(%arg0: tensor<3x4xf32>, %arg1: tensor<2xi64>) {
  // expected-error @+1 {{'onnx.TopK' op K must be a 1-D tensor with one value}}
  %0:2 = onnx.TopK %arg0, %arg1 : (tensor<3x4xf32>, tensor<2xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  return
}

// -----

func.func @topk_axis_out_of_range(%arg0: tensor<3x4xf32>) {
  %k = onnx.Constant dense<[2]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.TopK' op axis 2 is out of range [-2, 1] for rank 2}}
  %0:2 = onnx.TopK %arg0, %k {axis = 2 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  return
}

// -----

func.func @topk_indices_shape(%arg0: tensor<3x4xf32>) {
  %k = onnx.Constant dense<[2]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.TopK' op 'Indices' has shape 3x3, expected 3x2 (K along axis)}}
  %0:2 = onnx.TopK %arg0, %k : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x3xi64>)
  return
}

// -----

func.func @topk_values_shape(%arg0: tensor<3x4xf32>) {
  %k = onnx.Constant dense<[3]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.TopK' op 'result #0' has shape 3x4, expected 3x3 (K along axis)}}
  %0:2 = onnx.TopK %arg0, %k {largest = 0 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x4xf32>, tensor<3x3xi64>)
  return
}

// -----

func.func @topk_dynamic_k_values_indices_differ(%arg0: tensor<3x4xf32>, %arg1: tensor<1xi64>) {
  // expected-error @+1 {{'onnx.TopK' op 'Indices' has shape 3x3, expected 3x2 (K along axis)}}
  %0:2 = onnx.TopK %arg0, %arg1 : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x3xi64>)
  return
}

// -----

func.func @cumsum_axis_not_scalar(%arg0: tensor<2x3xf32>) {
  %ax = onnx.Constant dense<[0, 1]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.CumSum' op axis must be a scalar}}
  %0 = onnx.CumSum %arg0, %ax : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @cumsum_axis_out_of_range(%arg0: tensor<2x3xf32>) {
  %ax = onnx.Constant dense<2> : tensor<i64>
  // expected-error @+1 {{'onnx.CumSum' op axis 2 is out of range [-2, 1] for rank 2}}
  %0 = onnx.CumSum %arg0, %ax : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @cumsum_result_shape(%arg0: tensor<2x3xf32>, %arg1: tensor<i32>) {
  // expected-error @+1 {{'onnx.CumSum' op 'result #0' has shape 6, expected 2x3 (shape of x)}}
  %0 = onnx.CumSum %arg0, %arg1 : (tensor<2x3xf32>, tensor<i32>) -> tensor<6xf32>
  return
}

// -----

func.func @cumsum_float_axis(%arg0: tensor<2x3xf32>, %arg1: tensor<f32>) {
  // expected-error @+1 {{'onnx.CumSum' op operand #1 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<f32>'}}
  %0 = onnx.CumSum %arg0, %arg1 : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Quantization.
//===----------------------------------------------------------------------===//

func.func @quantizelinear_per_axis_scale_size(%arg0: tensor<1x3x2x2xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>
  // expected-error @+1 {{'onnx.QuantizeLinear' op per-axis scale has 4 values but axis 1 has size 3}}
  %0 = onnx.QuantizeLinear %arg0, %sc, %none : (tensor<1x3x2x2xf32>, tensor<4xf32>, none) -> tensor<1x3x2x2xui8>
  return
}

// -----

func.func @quantizelinear_zero_point_shape(%arg0: tensor<1x3x2x2xf32>) {
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  %zp = onnx.Constant dense<[0, 1, 2]> : tensor<3xi8>
  // expected-error @+1 {{'onnx.QuantizeLinear' op zero point must have the shape of the scale}}
  %0 = onnx.QuantizeLinear %arg0, %sc, %zp : (tensor<1x3x2x2xf32>, tensor<f32>, tensor<3xi8>) -> tensor<1x3x2x2xi8>
  return
}

// -----

func.func @quantizelinear_result_type_from_zero_point(%arg0: tensor<2x3xf32>) {
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  %zp = onnx.Constant dense<0> : tensor<i8>
  // expected-error @+1 {{'onnx.QuantizeLinear' op result element type 'ui8' differs from the zero point's 'i8'}}
  %0 = onnx.QuantizeLinear %arg0, %sc, %zp : (tensor<2x3xf32>, tensor<f32>, tensor<i8>) -> tensor<2x3xui8>
  return
}

// -----

func.func @quantizelinear_default_uint8(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  // expected-error @+1 {{'onnx.QuantizeLinear' op result element type 'i8' differs from the zero point's 'ui8'}}
  %0 = onnx.QuantizeLinear %arg0, %sc, %none : (tensor<2x3xf32>, tensor<f32>, none) -> tensor<2x3xi8>
  return
}

// -----

func.func @quantizelinear_scale_rank(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<0.125> : tensor<1x3xf32>
  // expected-error @+1 {{'onnx.QuantizeLinear' op scale must be a scalar or 1-D (per axis)}}
  %0 = onnx.QuantizeLinear %arg0, %sc, %none : (tensor<2x3xf32>, tensor<1x3xf32>, none) -> tensor<2x3xui8>
  return
}

// -----

func.func @quantizelinear_axis_out_of_range(%arg0: tensor<1x3x2x2xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  // expected-error @+1 {{'onnx.QuantizeLinear' op axis 4 is out of range [-4, 3] for rank 4}}
  %0 = onnx.QuantizeLinear %arg0, %sc, %none {axis = 4 : i64} : (tensor<1x3x2x2xf32>, tensor<3xf32>, none) -> tensor<1x3x2x2xui8>
  return
}

// -----

func.func @quantizelinear_scale_element_type(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<0.125> : tensor<f16>
  // expected-error @+1 {{'onnx.QuantizeLinear' op 'x' and 'y_scale' must have the same element type, got 'f32' and 'f16'}}
  %0 = onnx.QuantizeLinear %arg0, %sc, %none : (tensor<2x3xf32>, tensor<f16>, none) -> tensor<2x3xui8>
  return
}

// -----

func.func @quantizelinear_result_shape(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  // expected-error @+1 {{'onnx.QuantizeLinear' op 'result #0' has shape 3x2, expected 2x3 (shape of x)}}
  %0 = onnx.QuantizeLinear %arg0, %sc, %none : (tensor<2x3xf32>, tensor<f32>, none) -> tensor<3x2xui8>
  return
}

// -----

func.func @quantizelinear_result_i32(%arg0: tensor<2x3xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  // expected-error @+1 {{'onnx.QuantizeLinear' op result #0 must be statically shaped tensor of 8-bit signless integer or 8-bit unsigned integer values, but got 'tensor<2x3xi32>'}}
  %0 = onnx.QuantizeLinear %arg0, %sc, %none : (tensor<2x3xf32>, tensor<f32>, none) -> tensor<2x3xi32>
  return
}

// -----

func.func @dequantizelinear_zero_point_shape(%arg0: tensor<4x3xi8>) {
  %sc = onnx.Constant dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %zp = onnx.Constant dense<0> : tensor<i8>
  // expected-error @+1 {{'onnx.DequantizeLinear' op zero point must have the shape of the scale}}
  %0 = onnx.DequantizeLinear %arg0, %sc, %zp : (tensor<4x3xi8>, tensor<3xf32>, tensor<i8>) -> tensor<4x3xf32>
  return
}

// -----

func.func @dequantizelinear_per_axis_scale_size(%arg0: tensor<4x3xi8>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>
  // Default axis 1 has size 3.
  // expected-error @+1 {{'onnx.DequantizeLinear' op per-axis scale has 4 values but axis 1 has size 3}}
  %0 = onnx.DequantizeLinear %arg0, %sc, %none : (tensor<4x3xi8>, tensor<4xf32>, none) -> tensor<4x3xf32>
  return
}

// -----

func.func @dequantizelinear_zero_point_type(%arg0: tensor<2x3xui8>) {
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  %zp = onnx.Constant dense<0> : tensor<i8>
  // expected-error @+1 {{'onnx.DequantizeLinear' op 'x' and 'x_zero_point' must have the same element type, got 'ui8' and 'i8'}}
  %0 = onnx.DequantizeLinear %arg0, %sc, %zp : (tensor<2x3xui8>, tensor<f32>, tensor<i8>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dequantizelinear_result_element_type(%arg0: tensor<2x3xui8>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  // expected-error @+1 {{'onnx.DequantizeLinear' op 'x_scale' and 'y' must have the same element type, got 'f32' and 'f16'}}
  %0 = onnx.DequantizeLinear %arg0, %sc, %none : (tensor<2x3xui8>, tensor<f32>, none) -> tensor<2x3xf16>
  return
}

// -----

func.func @dequantizelinear_result_shape(%arg0: tensor<4xi32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  // expected-error @+1 {{'onnx.DequantizeLinear' op 'result #0' has shape 1x4, expected 4 (shape of x)}}
  %0 = onnx.DequantizeLinear %arg0, %sc, %none : (tensor<4xi32>, tensor<f32>, none) -> tensor<1x4xf32>
  return
}

// -----

func.func @dequantizelinear_i16_input(%arg0: tensor<4xi16>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  // expected-error @+1 {{'onnx.DequantizeLinear' op operand #0 must be statically shaped tensor of 8-bit signless integer or 8-bit unsigned integer or 32-bit signless integer values, but got 'tensor<4xi16>'}}
  %0 = onnx.DequantizeLinear %arg0, %sc, %none : (tensor<4xi16>, tensor<f32>, none) -> tensor<4xf32>
  return
}

// -----

func.func @dynamicquantizelinear_scale_not_scalar(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.DynamicQuantizeLinear' op 'y_scale' has shape 1, expected scalar (a scalar)}}
  %0:3 = onnx.DynamicQuantizeLinear %arg0 : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<1xf32>, tensor<ui8>)
  return
}

// -----

func.func @dynamicquantizelinear_zero_point_not_scalar(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.DynamicQuantizeLinear' op 'y_zero_point' has shape 3, expected scalar (a scalar)}}
  %0:3 = onnx.DynamicQuantizeLinear %arg0 : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<3xui8>)
  return
}

// -----

func.func @dynamicquantizelinear_result_shape(%arg0: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.DynamicQuantizeLinear' op 'result #0' has shape 6, expected 2x3 (shape of x)}}
  %0:3 = onnx.DynamicQuantizeLinear %arg0 : (tensor<2x3xf32>) -> (tensor<6xui8>, tensor<f32>, tensor<ui8>)
  return
}

// -----

func.func @dynamicquantizelinear_f16(%arg0: tensor<2x3xf16>) {
  // expected-error @+1 {{'onnx.DynamicQuantizeLinear' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<2x3xf16>'}}
  %0:3 = onnx.DynamicQuantizeLinear %arg0 : (tensor<2x3xf16>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
  return
}

// -----

//===----------------------------------------------------------------------===//
// Recurrent layers.
//===----------------------------------------------------------------------===//

func.func @lstm_bad_direction(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op direction 'backward' is not forward, reverse or bidirectional}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none {direction = "backward", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_hidden_size_zero(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op hidden_size must be positive}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none {hidden_size = 0 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_missing_hidden_size(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op requires attribute 'hidden_size'}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_x_rank(%arg0: tensor<5x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op X must have rank 3, got 5x4}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, none, none) -> (tensor<5x1x1x3xf32>, none, none)
  return
}

// -----

func.func @lstm_w_gates(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x9x4xf32>, %arg2: tensor<1x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'W' has shape 1x9x4, expected 1x12x4 (num_directions x gates*hidden_size x input_size)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x9x4xf32>, tensor<1x12x3xf32>, none, none, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_bidirectional_w(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'W' has shape 1x12x4, expected 2x12x4 (num_directions x gates*hidden_size x input_size)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none {direction = "bidirectional", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, none, none) -> (none, tensor<2x2x3xf32>, tensor<2x2x3xf32>)
  return
}

// -----

func.func @lstm_r_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'R' has shape 1x12x4, expected 1x12x3 (num_directions x gates*hidden_size x hidden_size)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x4xf32>, none, none, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_b_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>, %arg3: tensor<1x12xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'B' has shape 1x12, expected 1x24 (num_directions x 2*gates*hidden_size)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %arg3, %none, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, tensor<1x12xf32>, none, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_sequence_lens_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>, %arg3: tensor<5xi32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'sequence_lens' has shape 5, expected 2 (batch_size)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %arg3, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, tensor<5xi32>, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_sequence_lens_i64(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>, %arg3: tensor<2xi64>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op operand #4 must be statically shaped tensor of 32-bit signless integer values or none, but got 'tensor<2xi64>'}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %arg3, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, tensor<2xi64>, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_initial_h_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>, %arg3: tensor<1x5x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'initial state' has shape 1x5x3, expected 1x2x3 (num_directions x batch_size x hidden_size)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %arg3, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, tensor<1x5x3xf32>, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_initial_c_layout(%arg0: tensor<2x5x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>, %arg3: tensor<1x2x3xf32>) {
  %none = onnx.NoValue
  // layout 1: states are batch x num_directions x hidden.
  // expected-error @+1 {{'onnx.LSTM' op 'initial state' has shape 1x2x3, expected 2x1x3 (num_directions x batch_size x hidden_size)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %arg3, %none {hidden_size = 3 : i64, layout = 1 : i64} : (tensor<2x5x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, tensor<1x2x3xf32>, none) -> (tensor<2x5x1x3xf32>, none, none)
  return
}

// -----

func.func @lstm_peephole_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>, %arg3: tensor<1x12xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'P' has shape 1x12, expected 1x9 (num_directions x 3*hidden_size)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %arg3 {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, none, tensor<1x12xf32>) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_y_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'Y' has shape 5x2x3, expected 5x1x2x3 (seq x num_directions x batch x hidden)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, none, none) -> (tensor<5x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_layout_y_shape(%arg0: tensor<2x5x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'Y' has shape 5x1x2x3, expected 2x5x1x3 (seq x num_directions x batch x hidden)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none {hidden_size = 3 : i64, layout = 1 : i64} : (tensor<2x5x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @lstm_y_c_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<2x12x4xf32>, %arg2: tensor<2x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'final state' has shape 1x2x3, expected 2x2x3 (num_directions x batch x hidden)}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none {direction = "bidirectional", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<2x12x4xf32>, tensor<2x12x3xf32>, none, none, none, none, none) -> (none, tensor<2x2x3xf32>, tensor<1x2x3xf32>)
  return
}

// -----

func.func @lstm_weight_element_type(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf16>, %arg2: tensor<1x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op 'X' and 'weights and states' must have the same element type, got 'f32' and 'f16'}}
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %none, %none, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf16>, tensor<1x12x3xf32>, none, none, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @gru_bad_direction(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x9x4xf32>, %arg2: tensor<1x9x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.GRU' op direction 'Forward' is not forward, reverse or bidirectional}}
  %0:2 = onnx.GRU %arg0, %arg1, %arg2, %none, %none, %none {direction = "Forward", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, none, none, none) -> (tensor<5x1x2x3xf32>, none)
  return
}

// -----

func.func @gru_w_gates(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>, %arg2: tensor<1x9x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.GRU' op 'W' has shape 1x12x4, expected 1x9x4 (num_directions x gates*hidden_size x input_size)}}
  %0:2 = onnx.GRU %arg0, %arg1, %arg2, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x9x3xf32>, none, none, none) -> (tensor<5x1x2x3xf32>, none)
  return
}

// -----

func.func @gru_b_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x9x4xf32>, %arg2: tensor<1x9x3xf32>, %arg3: tensor<1x9xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.GRU' op 'B' has shape 1x9, expected 1x18 (num_directions x 2*gates*hidden_size)}}
  %0:2 = onnx.GRU %arg0, %arg1, %arg2, %arg3, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, tensor<1x9xf32>, none, none) -> (tensor<5x1x2x3xf32>, none)
  return
}

// -----

func.func @gru_y_h_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x9x4xf32>, %arg2: tensor<1x9x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.GRU' op 'final state' has shape 2x3, expected 1x2x3 (num_directions x batch x hidden)}}
  %0:2 = onnx.GRU %arg0, %arg1, %arg2, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, none, none, none) -> (none, tensor<2x3xf32>)
  return
}

// -----

func.func @rnn_bad_direction(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x3x4xf32>, %arg2: tensor<1x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.RNN' op direction 'both' is not forward, reverse or bidirectional}}
  %0:2 = onnx.RNN %arg0, %arg1, %arg2, %none, %none, %none {direction = "both", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x3x4xf32>, tensor<1x3x3xf32>, none, none, none) -> (tensor<5x1x2x3xf32>, none)
  return
}

// -----

func.func @rnn_negative_hidden_size(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x3x4xf32>, %arg2: tensor<1x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.RNN' op hidden_size must be positive}}
  %0:2 = onnx.RNN %arg0, %arg1, %arg2, %none, %none, %none {hidden_size = -3 : i64} : (tensor<5x2x4xf32>, tensor<1x3x4xf32>, tensor<1x3x3xf32>, none, none, none) -> (tensor<5x1x2x3xf32>, none)
  return
}

// -----

func.func @rnn_r_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x3x4xf32>, %arg2: tensor<1x3x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.RNN' op 'R' has shape 1x3x4, expected 1x3x3 (num_directions x gates*hidden_size x hidden_size)}}
  %0:2 = onnx.RNN %arg0, %arg1, %arg2, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x3x4xf32>, tensor<1x3x4xf32>, none, none, none) -> (tensor<5x1x2x3xf32>, none)
  return
}

// -----

func.func @rnn_bidirectional_y_shape(%arg0: tensor<5x2x4xf32>, %arg1: tensor<2x3x4xf32>, %arg2: tensor<2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.RNN' op 'Y' has shape 5x1x2x3, expected 5x2x2x3 (seq x num_directions x batch x hidden)}}
  %0:2 = onnx.RNN %arg0, %arg1, %arg2, %none, %none, %none {direction = "bidirectional", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<2x3x4xf32>, tensor<2x3x3xf32>, none, none, none) -> (tensor<5x1x2x3xf32>, none)
  return
}


// -----
// Verifier gaps found by review (each was once accepted).

func.func @mod_float_fmod0(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Mod' op floating-point operands need fmod = 1 (ONNX defines integer-style Mod only for integers)}}
  %0 = onnx.Mod %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @conv_result_elem(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Conv' op failed to verify that all of {X, W, Y} have same element type}}
  %0 = onnx.Conv %x, %w, %none : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x6x6xf16>
  return
}

// -----

func.func @conv_bias_elem(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf16>) {
  // expected-error @+1 {{'onnx.Conv' op 'X' and 'B' must have the same element type, got 'f32' and 'f16'}}
  %0 = onnx.Conv %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf16>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @convtranspose_elem(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf16>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op failed to verify that all of {X, W, Y} have same element type}}
  %0 = onnx.ConvTranspose %x, %w, %none : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf16>, none) -> tensor<1x2x7x7xbf16>
  return
}

// -----

func.func @convtranspose_bad_auto_pad(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op auto_pad 'BOGUS' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID}}
  %0 = onnx.ConvTranspose %x, %w, %none {auto_pad = "BOGUS"} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x7x7xf32>
  return
}

// -----

func.func @convtranspose_kernel_shape(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op kernel_shape 5x5 differs from W's spatial shape 3x3}}
  %0 = onnx.ConvTranspose %x, %w, %none {kernel_shape = array<i64: 5, 5>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x7x7xf32>
  return
}

// -----

func.func @convtranspose_zero_stride(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op strides values must be positive}}
  %0 = onnx.ConvTranspose %x, %w, %none {strides = array<i64: 0, 0>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @convtranspose_output_padding_ge_stride(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op output_padding 3 must be smaller than the stride or dilation (1)}}
  %0 = onnx.ConvTranspose %x, %w, %none {output_padding = array<i64: 3, 3>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @convtranspose_group_not_dividing(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op input channels 4 are not divisible by group 3}}
  %0 = onnx.ConvTranspose %x, %w, %none {group = 3 : i64} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x6x7x7xf32>
  return
}

// -----

func.func @convtranspose_negative_output(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.ConvTranspose' op padding leaves no output along spatial dimension 0}}
  %0 = onnx.ConvTranspose %x, %w, %none {pads = array<i64: 4, 4, 4, 4>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x0x0xf32>
  return
}

// -----

func.func @globalpool_elem(%x: tensor<1x3x7x7xf32>) {
  // expected-error @+1 {{'onnx.GlobalAveragePool' op failed to verify that all of {X, Y} have same element type}}
  %0 = onnx.GlobalAveragePool %x : (tensor<1x3x7x7xf32>) -> tensor<1x3x1x1xf16>
  return
}

// -----

func.func @batchnorm_result_elem(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.BatchNormalization' op failed to verify that all of {X, Y} have same element type}}
  %0:3 = onnx.BatchNormalization %x, %s, %s, %s, %s : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf16>, none, none)
  return
}

// -----

func.func @instancenorm_elem(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf16>) {
  // expected-error @+1 {{'onnx.InstanceNormalization' op failed to verify that all of {input, scale, B, output} have same element type}}
  %0 = onnx.InstanceNormalization %x, %s, %s : (tensor<2x3x4x4xf32>, tensor<3xf16>, tensor<3xf16>) -> tensor<2x3x4x4xf64>
  return
}

// -----

func.func @layernorm_elem(%x: tensor<2x5x8xf32>, %s: tensor<8xf64>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LayerNormalization' op failed to verify that all of {X, Scale, Y} have same element type}}
  %0:3 = onnx.LayerNormalization %x, %s, %none : (tensor<2x5x8xf32>, tensor<8xf64>, none) -> (tensor<2x5x8xf16>, none, none)
  return
}

// -----

func.func @flatten_elem(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Flatten' op failed to verify that all of {input, output} have same element type}}
  %0 = onnx.Flatten %x : (tensor<2x3xf32>) -> tensor<2x3xi32>
  return
}

// -----

func.func @transpose_elem(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Transpose' op failed to verify that all of {data, transposed} have same element type}}
  %0 = onnx.Transpose %x : (tensor<2x3xf32>) -> tensor<3x2xi64>
  return
}

// -----

func.func @squeeze_elem(%x: tensor<1x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Squeeze' op failed to verify that all of {data, squeezed} have same element type}}
  %0 = onnx.Squeeze %x, %none : (tensor<1x3xf32>, none) -> tensor<3xi1>
  return
}

// -----

func.func @unsqueeze_dynamic_axes_anything(%x: tensor<3x4xf32>, %axes: tensor<1xi64>) {
  // expected-error @+1 {{'onnx.Unsqueeze' op failed to verify that all of {data, expanded} have same element type}}
  %0 = onnx.Unsqueeze %x, %axes : (tensor<3x4xf32>, tensor<1xi64>) -> tensor<7xi32>
  return
}

// -----

func.func @unsqueeze_elem(%x: tensor<3x4xf32>) {
  %a = onnx.Constant dense<[0]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.Unsqueeze' op failed to verify that all of {data, expanded} have same element type}}
  %0 = onnx.Unsqueeze %x, %a : (tensor<3x4xf32>, tensor<1xi64>) -> tensor<1x3x4xi8>
  return
}

// -----

func.func @concat_result_elem(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Concat' op 'input #0' and 'result' must have the same element type, got 'f32' and 'f16'}}
  %0 = onnx.Concat %x, %x {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf16>
  return
}

// -----

func.func @gatherelements_elem(%x: tensor<3x4xf32>, %i: tensor<2x4xi64>) {
  // expected-error @+1 {{'onnx.GatherElements' op failed to verify that all of {data, output} have same element type}}
  %0 = onnx.GatherElements %x, %i : (tensor<3x4xf32>, tensor<2x4xi64>) -> tensor<2x4xi64>
  return
}

// -----

func.func @gathernd_elem(%x: tensor<2x3xf32>, %i: tensor<4x2xi64>) {
  // expected-error @+1 {{'onnx.GatherND' op failed to verify that all of {data, output} have same element type}}
  %0 = onnx.GatherND %x, %i : (tensor<2x3xf32>, tensor<4x2xi64>) -> tensor<4xi1>
  return
}

// -----

func.func @gathernd_batch_mismatch(%x: tensor<2x3x4xf32>, %i: tensor<3x1xi64>) {
  // expected-error @+1 {{'onnx.GatherND' op batch dimension 0 differs: data has 2, indices has 3}}
  %0 = onnx.GatherND %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<3x1xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @scatternd_elem(%d: tensor<8xi32>, %i: tensor<4x1xi64>, %u: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.ScatterND' op failed to verify that all of {data, updates, output} have same element type}}
  %0 = onnx.ScatterND %d, %i, %u : (tensor<8xi32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xi1>
  return
}

// -----

func.func @scatterelements_elem(%d: tensor<3x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xi32>) {
  // expected-error @+1 {{'onnx.ScatterElements' op failed to verify that all of {data, updates, output} have same element type}}
  %0 = onnx.ScatterElements %d, %i, %u : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xi32>) -> tensor<3x3xf16>
  return
}

// -----

func.func @expand_elem(%x: tensor<3x1xf32>) {
  %s = onnx.Constant dense<[3, 4]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Expand' op failed to verify that all of {input, output} have same element type}}
  %0 = onnx.Expand %x, %s : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<3x4xi32>
  return
}

// -----

func.func @expand_dynamic_shape_rank(%x: tensor<3x1xf32>, %s: tensor<2xi64>) {
  // expected-error @+1 {{'onnx.Expand' op result 5 is not a broadcast of the input 3x1 to rank 2}}
  %0 = onnx.Expand %x, %s : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<5xf32>
  return
}

// -----

func.func @tile_elem(%x: tensor<2x3xf32>) {
  %r = onnx.Constant dense<[1, 1]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Tile' op failed to verify that all of {input, output} have same element type}}
  %0 = onnx.Tile %x, %r : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xi32>
  return
}

// -----

func.func @tile_dynamic_rank(%x: tensor<2x3xf32>, %r: tensor<2xi64>) {
  // expected-error @+1 {{'onnx.Tile' op result must have the rank of the input}}
  %0 = onnx.Tile %x, %r : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<7xf32>
  return
}

// -----

func.func @pad_elem(%x: tensor<3x4xf32>) {
  %none = onnx.NoValue
  %p = onnx.Constant dense<[0, 0, 0, 0]> : tensor<4xi64>
  // expected-error @+1 {{'onnx.Pad' op failed to verify that all of {data, output} have same element type}}
  %0 = onnx.Pad %x, %p, %none : (tensor<3x4xf32>, tensor<4xi64>, none) -> tensor<3x4xi32>
  return
}

// -----

func.func @pad_constant_value_not_scalar(%x: tensor<3x4xf32>) {
  %p = onnx.Constant dense<[0, 0, 0, 0]> : tensor<4xi64>
  %cv = onnx.Constant dense<[1.0, 2.0]> : tensor<2xf32>
  // expected-error @+1 {{'onnx.Pad' op constant_value must be a scalar}}
  %0 = onnx.Pad %x, %p, %cv : (tensor<3x4xf32>, tensor<4xi64>, tensor<2xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @pad_reflect_too_large(%x: tensor<3x4xf32>) {
  %none = onnx.NoValue
  %p = onnx.Constant dense<[5, 0, 5, 0]> : tensor<4xi64>
  // expected-error @+1 {{'onnx.Pad' op reflect padding of 5+5 needs more than the 3 elements of axis 0}}
  %0 = onnx.Pad %x, %p, %none {mode = "reflect"} : (tensor<3x4xf32>, tensor<4xi64>, none) -> tensor<13x4xf32>
  return
}

// -----

func.func @pad_dynamic_rank(%x: tensor<3x4xf32>, %p: tensor<4xi64>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Pad' op result must have the rank of data}}
  %0 = onnx.Pad %x, %p, %none : (tensor<3x4xf32>, tensor<4xi64>, none) -> tensor<9xf32>
  return
}

// -----

func.func @range_result_elem() {
  %s = onnx.Constant dense<0.0> : tensor<f32>
  %l = onnx.Constant dense<4.0> : tensor<f32>
  %d = onnx.Constant dense<1.0> : tensor<f32>
  // expected-error @+1 {{'onnx.Range' op failed to verify that all of {start, limit, delta, output} have same element type}}
  %0 = onnx.Range %s, %l, %d : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xi64>
  return
}

// -----

func.func @depthtospace_elem(%x: tensor<1x8x2x3xf32>) {
  // expected-error @+1 {{'onnx.DepthToSpace' op failed to verify that all of {input, output} have same element type}}
  %0 = onnx.DepthToSpace %x {blocksize = 2 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xi32>
  return
}

// -----

func.func @spacetodepth_elem(%x: tensor<1x2x4x6xf32>) {
  // expected-error @+1 {{'onnx.SpaceToDepth' op failed to verify that all of {input, output} have same element type}}
  %0 = onnx.SpaceToDepth %x {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf16>
  return
}

// -----

func.func @resize_scales_result_shape(%x: tensor<1x3x4x4xf32>) {
  %none = onnx.NoValue
  %sc = onnx.Constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  // expected-error @+1 {{'onnx.Resize' op 'result #0' has shape 7x1x5x5, expected 1x3x8x8 (floor(input dims x scales))}}
  %0 = onnx.Resize %x, %none, %sc, %none : (tensor<1x3x4x4xf32>, none, tensor<4xf32>, none) -> tensor<7x1x5x5xf32>
  return
}

// -----

func.func @resize_elem(%x: tensor<1x3x4x4xf32>) {
  %none = onnx.NoValue
  %sz = onnx.Constant dense<[1, 3, 8, 8]> : tensor<4xi64>
  // expected-error @+1 {{'onnx.Resize' op failed to verify that all of {X, Y} have same element type}}
  %0 = onnx.Resize %x, %none, %none, %sz : (tensor<1x3x4x4xf32>, none, none, tensor<4xi64>) -> tensor<1x3x8x8xi8>
  return
}

// -----

func.func @resize_bad_coord_mode(%x: tensor<1x3x4x4xf32>) {
  %none = onnx.NoValue
  %sz = onnx.Constant dense<[1, 3, 8, 8]> : tensor<4xi64>
  // expected-error @+1 {{'onnx.Resize' op coordinate_transformation_mode 'bogus' is not one ONNX defines}}
  %0 = onnx.Resize %x, %none, %none, %sz {coordinate_transformation_mode = "bogus", nearest_mode = "bogus"} : (tensor<1x3x4x4xf32>, none, none, tensor<4xi64>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @resize_sizes_wrong_length(%x: tensor<1x3x4x4xf32>, %sz: tensor<3xi64>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Resize' op sizes must be 1-D with one value per dimension (4)}}
  %0 = onnx.Resize %x, %none, %none, %sz : (tensor<1x3x4x4xf32>, none, none, tensor<3xi64>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @resize_no_scales_no_sizes(%x: tensor<1x3x4x4xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Resize' op exactly one of scales and sizes must be given}}
  %0 = onnx.Resize %x, %none, %none, %none : (tensor<1x3x4x4xf32>, none, none, none) -> tensor<9x9x9x9xf32>
  return
}

// -----

func.func @onehot_result_shape(%i: tensor<3xi64>) {
  %d = onnx.Constant dense<5> : tensor<i64>
  %v = onnx.Constant dense<[0.0, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{'onnx.OneHot' op 'result #0' has shape 7x2, expected 3x5 (indices shape with depth at axis)}}
  %0 = onnx.OneHot %i, %d, %v : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<7x2xf32>
  return
}

// -----

func.func @topk_values_elem(%x: tensor<3x4xf32>) {
  %k = onnx.Constant dense<[2]> : tensor<1xi64>
  // expected-error @+1 {{'onnx.TopK' op failed to verify that all of {X, Values} have same element type}}
  %0:2 = onnx.TopK %x, %k : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xi32>, tensor<3x2xi64>)
  return
}

// -----

func.func @cumsum_elem(%x: tensor<2x3xf32>, %a: tensor<i32>) {
  // expected-error @+1 {{'onnx.CumSum' op failed to verify that all of {x, y} have same element type}}
  %0 = onnx.CumSum %x, %a : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xi32>
  return
}

// -----

func.func @matmulinteger_zp_size(%a: tensor<2x3xui8>, %b: tensor<3x4xi8>) {
  %none = onnx.NoValue
  %zp = onnx.Constant dense<0> : tensor<7xui8>
  // expected-error @+1 {{'onnx.MatMulInteger' op 'a_zero_point' has 7 values, expected 1 or 2 (rows of A)}}
  %0 = onnx.MatMulInteger %a, %b, %zp, %none : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<7xui8>, none) -> tensor<2x4xi32>
  return
}

// -----

func.func @lstm_activations_count(%x: tensor<5x2x4xf32>, %w: tensor<1x12x4xf32>, %r: tensor<1x12x3xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LSTM' op layout must be 0 (sequence first) or 1 (batch first), got 7}}
  %0:3 = onnx.LSTM %x, %w, %r, %none, %none, %none, %none, %none {activations = ["Bogus"], hidden_size = 3 : i64, layout = 7 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, none, none, none) -> (tensor<5x1x2x3xf32>, none, none)
  return
}

// -----

func.func @maxpool_storage_order(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op storage_order must be 0 (row major) or 1 (column major)}}
  %0:2 = onnx.MaxPool %x {kernel_shape = array<i64: 2, 2>, storage_order = 5 : i64} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x7x7xf32>, none)
  return
}

// -----

func.func @maxpool_ceil_negative(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op ceil_mode must be 0 or 1}}
  %0:2 = onnx.MaxPool %x {kernel_shape = array<i64: 2, 2>, ceil_mode = -1 : i64} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x7x7xf32>, none)
  return
}

// -----

func.func @einsum_repeated_output(%x: tensor<3x3xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op output label 'i' repeats}}
  %0 = onnx.Einsum %x {equation = "ij->ii"} : (tensor<3x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @reducesum_dynamic_axes_anything(%x: tensor<2x3x4xf32>, %a: tensor<1xi64>) {
  // expected-error @+1 {{'onnx.ReduceSum' op result 99x99 cannot be a reduction of 2x3x4}}
  %0 = onnx.ReduceSum %x, %a : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<99x99xf32>
  return
}

// -----

func.func @squeeze_dynamic_axes(%x: tensor<1x3x1x4xf32>, %a: tensor<1xi64>) {
  // expected-error @+1 {{'onnx.Squeeze' op result 12 is not the input 1x3x1x4 with size-1 dims removed}}
  %0 = onnx.Squeeze %x, %a : (tensor<1x3x1x4xf32>, tensor<1xi64>) -> tensor<12xf32>
  return
}

// -----

func.func @dequant_int32_zero_point(%x: tensor<4xi32>) {
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  %zp = onnx.Constant dense<3> : tensor<i32>
  // expected-error @+1 {{'onnx.DequantizeLinear' op an int32 input's zero point must be 0 (ONNX)}}
  %0 = onnx.DequantizeLinear %x, %sc, %zp : (tensor<4xi32>, tensor<f32>, tensor<i32>) -> tensor<4xf32>
  return
}

// -----

func.func @gemm_3d_c(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<1x1x4xf32>) {
  // expected-error @+1 {{'onnx.Gemm' op C of shape 1x1x4 does not broadcast to 2x4}}
  %0 = onnx.Gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<1x1x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @slice_nonconst_axes_result_anything(%x: tensor<10x20xf32>, %ax: tensor<1xi64>) {
  %st = onnx.Constant dense<[0]> : tensor<1xi64>
  %en = onnx.Constant dense<[5]> : tensor<1xi64>
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Slice' op result 99x99 is larger than the input 10x20}}
  %0 = onnx.Slice %x, %st, %en, %ax, %none : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<99x99xf32>
  return
}

// -----

func.func @gather_elements_index_dims(%x: tensor<3x4xf32>, %i: tensor<5x9xi64>) {
  // expected-error @+1 {{'onnx.GatherElements' op indices dimension 1 (9) exceeds data's (4)}}
  %0 = onnx.GatherElements %x, %i : (tensor<3x4xf32>, tensor<5x9xi64>) -> tensor<5x9xf32>
  return
}

// -----

func.func @averagepool_pads_and_auto_pad(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.AveragePool' op pads cannot be given together with auto_pad = VALID}}
  %0 = onnx.AveragePool %x {auto_pad = "VALID", kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @layernorm_stats_elem(%x: tensor<2x5x8xf32>, %s: tensor<8xf32>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.LayerNormalization' op Mean and InvStdDev are float32 (stash_type = 1)}}
  %0:3 = onnx.LayerNormalization %x, %s, %none : (tensor<2x5x8xf32>, tensor<8xf32>, none) -> (tensor<2x5x8xf32>, tensor<2x5x1xf16>, none)
  return
}

// -----

// Once crashed (dangling list of operand names in the verifier).
func.func @clip_vector_bound(%a: tensor<2x3xf32>) {
  %none = onnx.NoValue
  %lo = onnx.Constant dense<[0.0, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{'onnx.Clip' op 'min' must be a scalar, got shape 2}}
  %0 = onnx.Clip %a, %lo, %none : (tensor<2x3xf32>, tensor<2xf32>, none) -> tensor<2x3xf32>
  return
}

// -----

func.func @clip_bound_type(%a: tensor<2x3xf32>, %hi: tensor<f16>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.Clip' op 'input' and 'max' must have the same element type, got 'f32' and 'f16'}}
  %0 = onnx.Clip %a, %none, %hi : (tensor<2x3xf32>, none, tensor<f16>) -> tensor<2x3xf32>
  return
}

// -----

func.func @matmulinteger_zero_point_rank(%a: tensor<2x3xui8>, %b: tensor<3x4xui8>, %za: tensor<2x1xui8>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.MatMulInteger' op 'a_zero_point' must be a scalar or 1-D (per row of A or per column of B)}}
  %0 = onnx.MatMulInteger %a, %b, %za, %none : (tensor<2x3xui8>, tensor<3x4xui8>, tensor<2x1xui8>, none) -> tensor<2x4xi32>
  return
}

// -----

func.func @matmulinteger_zero_point_type(%a: tensor<2x3xui8>, %b: tensor<3x4xi8>, %zb: tensor<ui8>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.MatMulInteger' op 'B' and 'b_zero_point' must have the same element type, got 'i8' and 'ui8'}}
  %0 = onnx.MatMulInteger %a, %b, %none, %zb : (tensor<2x3xui8>, tensor<3x4xi8>, none, tensor<ui8>) -> tensor<2x4xi32>
  return
}

// -----

func.func @matmulinteger_zero_point_length(%a: tensor<2x3xui8>, %b: tensor<3x4xui8>, %za: tensor<7xui8>) {
  %none = onnx.NoValue
  // expected-error @+1 {{'onnx.MatMulInteger' op 'a_zero_point' has 7 values, expected 1 or 2 (rows of A)}}
  %0 = onnx.MatMulInteger %a, %b, %za, %none : (tensor<2x3xui8>, tensor<3x4xui8>, tensor<7xui8>, none) -> tensor<2x4xi32>
  return
}
