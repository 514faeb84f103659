// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round-trip test for every op of the onnx dialect. Every result type below is
// the one ONNX (opset 13-17) shape inference computes, so the verifiers must
// accept all of it. Shape-like inputs (shapes, axes, indices, pads, ...) are
// onnx.Constant so that verifiers can read their values.

//===----------------------------------------------------------------------===//
// Structural ops: Constant, NoValue, Identity.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @structural(
func.func @structural(%arg0: tensor<2x3xf32>) -> (tensor<2x3xf32>, none) {
  // CHECK: onnx.Constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  %0 = onnx.Constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: onnx.Constant dense<7> : tensor<i64>
  %1 = onnx.Constant dense<7> : tensor<i64>
  // CHECK: onnx.Constant dense<[true, false]> : tensor<2xi1>
  %2 = onnx.Constant dense<[true, false]> : tensor<2xi1>
  // CHECK: onnx.Constant dense<[0, 255]> : tensor<2xui8>
  %3 = onnx.Constant dense<[0, 255]> : tensor<2xui8>
  // CHECK: onnx.Constant dense<5.000000e-01> : tensor<2x3xbf16>
  %4 = onnx.Constant dense<0.5> : tensor<2x3xbf16>
  // CHECK: onnx.Constant dense<> : tensor<0xi64>
  %5 = onnx.Constant dense<> : tensor<0xi64>
  // CHECK: onnx.Constant dense_resource<kiln_blob> : tensor<2xf32>
  %6 = onnx.Constant dense_resource<kiln_blob> : tensor<2xf32>
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: [[ID:%.+]] = onnx.Identity %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = onnx.Identity %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Identity %{{.*}} : (tensor<2xi1>) -> tensor<2xi1>
  %8 = onnx.Identity %2 : (tensor<2xi1>) -> tensor<2xi1>
  // CHECK: return [[ID]], [[NONE]] : tensor<2x3xf32>, none
  return %7, %none : tensor<2x3xf32>, none
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @unary(
func.func @unary(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xi32>,
                 %arg2: tensor<4xf16>, %arg3: tensor<4xbf16>,
                 %arg4: tensor<1x2x3xf64>, %arg5: tensor<2x3xi64>,
                 %arg6: tensor<5xi8>, %arg7: tensor<2x3xi1>) {
  // CHECK: onnx.Relu %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = onnx.Relu %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Relu %arg1 : (tensor<2x3xi32>) -> tensor<2x3xi32>
  %1 = onnx.Relu %arg1 : (tensor<2x3xi32>) -> tensor<2x3xi32>
  // CHECK: onnx.Sigmoid %arg2 : (tensor<4xf16>) -> tensor<4xf16>
  %2 = onnx.Sigmoid %arg2 : (tensor<4xf16>) -> tensor<4xf16>
  // CHECK: onnx.Tanh %arg3 : (tensor<4xbf16>) -> tensor<4xbf16>
  %3 = onnx.Tanh %arg3 : (tensor<4xbf16>) -> tensor<4xbf16>
  // CHECK: onnx.Exp %arg4 : (tensor<1x2x3xf64>) -> tensor<1x2x3xf64>
  %4 = onnx.Exp %arg4 : (tensor<1x2x3xf64>) -> tensor<1x2x3xf64>
  // CHECK: onnx.Log %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = onnx.Log %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Sqrt %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = onnx.Sqrt %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Erf %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = onnx.Erf %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Reciprocal %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %8 = onnx.Reciprocal %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Floor %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %9 = onnx.Floor %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Ceil %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %10 = onnx.Ceil %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Round %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %11 = onnx.Round %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Sin %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %12 = onnx.Sin %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Cos %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %13 = onnx.Cos %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Tan %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %14 = onnx.Tan %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Asin %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %15 = onnx.Asin %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Acos %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %16 = onnx.Acos %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Atan %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %17 = onnx.Atan %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Sinh %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %18 = onnx.Sinh %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Cosh %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %19 = onnx.Cosh %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Softplus %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %20 = onnx.Softplus %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Softsign %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %21 = onnx.Softsign %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.HardSwish %arg2 : (tensor<4xf16>) -> tensor<4xf16>
  %22 = onnx.HardSwish %arg2 : (tensor<4xf16>) -> tensor<4xf16>
  // CHECK: onnx.Sign %arg5 : (tensor<2x3xi64>) -> tensor<2x3xi64>
  %23 = onnx.Sign %arg5 : (tensor<2x3xi64>) -> tensor<2x3xi64>
  // CHECK: onnx.Sign %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %24 = onnx.Sign %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Abs %arg1 : (tensor<2x3xi32>) -> tensor<2x3xi32>
  %25 = onnx.Abs %arg1 : (tensor<2x3xi32>) -> tensor<2x3xi32>
  // CHECK: onnx.Abs %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %26 = onnx.Abs %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Neg %arg6 : (tensor<5xi8>) -> tensor<5xi8>
  %27 = onnx.Neg %arg6 : (tensor<5xi8>) -> tensor<5xi8>
  // CHECK: onnx.Neg %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %28 = onnx.Neg %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Not %arg7 : (tensor<2x3xi1>) -> tensor<2x3xi1>
  %29 = onnx.Not %arg7 : (tensor<2x3xi1>) -> tensor<2x3xi1>
  return
}

// CHECK-LABEL: func.func @unary_attrs(
func.func @unary_attrs(%arg0: tensor<2x3xf32>, %arg1: tensor<4xf16>) {
  // CHECK: onnx.LeakyRelu %arg0 {alpha = 2.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = onnx.LeakyRelu %arg0 {alpha = 0.2 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // Default alpha: no attribute dictionary.
  // CHECK: onnx.LeakyRelu %arg1 : (tensor<4xf16>) -> tensor<4xf16>
  %1 = onnx.LeakyRelu %arg1 : (tensor<4xf16>) -> tensor<4xf16>
  // CHECK: onnx.Elu %arg0 {alpha = 5.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = onnx.Elu %arg0 {alpha = 0.5 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Celu %arg0 {alpha = 2.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = onnx.Celu %arg0 {alpha = 2.0 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.ThresholdedRelu %arg0 {alpha = 1.500000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = onnx.ThresholdedRelu %arg0 {alpha = 1.5 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Selu %arg0 {alpha = 1.500000e+00 : f32, gamma = 2.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = onnx.Selu %arg0 {alpha = 1.5 : f32, gamma = 2.0 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Selu %arg1 : (tensor<4xf16>) -> tensor<4xf16>
  %6 = onnx.Selu %arg1 : (tensor<4xf16>) -> tensor<4xf16>
  // CHECK: onnx.HardSigmoid %arg0 {alpha = 2.500000e-01 : f32, beta = 7.500000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = onnx.HardSigmoid %arg0 {alpha = 0.25 : f32, beta = 0.75 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.HardSigmoid %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %8 = onnx.HardSigmoid %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.IsNaN %arg0 : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %9 = onnx.IsNaN %arg0 : (tensor<2x3xf32>) -> tensor<2x3xi1>
  // CHECK: onnx.IsInf %arg1 : (tensor<4xf16>) -> tensor<4xi1>
  %10 = onnx.IsInf %arg1 : (tensor<4xf16>) -> tensor<4xi1>
  // CHECK: onnx.IsInf %arg0 {detect_negative = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %11 = onnx.IsInf %arg0 {detect_negative = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xi1>
  return
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops with multidirectional broadcasting.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @binary(
func.func @binary(%arg0: tensor<2x1x4xf32>, %arg1: tensor<3x1xf32>,
                  %arg2: tensor<f32>, %arg3: tensor<4xf32>,
                  %arg4: tensor<2x3xi32>, %arg5: tensor<3xi32>,
                  %arg6: tensor<2x3x4xf32>) {
  // CHECK: onnx.Add %arg0, %arg1 : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %0 = onnx.Add %arg0, %arg1 : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  // CHECK: onnx.Add %arg6, %arg6 : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %1 = onnx.Add %arg6, %arg6 : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: onnx.Sub %arg0, %arg2 : (tensor<2x1x4xf32>, tensor<f32>) -> tensor<2x1x4xf32>
  %2 = onnx.Sub %arg0, %arg2 : (tensor<2x1x4xf32>, tensor<f32>) -> tensor<2x1x4xf32>
  // CHECK: onnx.Sub %arg2, %arg3 : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = onnx.Sub %arg2, %arg3 : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  // CHECK: onnx.Mul %arg3, %arg6 : (tensor<4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %4 = onnx.Mul %arg3, %arg6 : (tensor<4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: onnx.Div %arg4, %arg5 : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  %5 = onnx.Div %arg4, %arg5 : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  // CHECK: onnx.Div %arg6, %arg1 : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %6 = onnx.Div %arg6, %arg1 : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  // CHECK: onnx.Mod %arg4, %arg5 : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  %7 = onnx.Mod %arg4, %arg5 : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  // CHECK: onnx.Mod %arg0, %arg1 {fmod = 1 : i64} : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %8 = onnx.Mod %arg0, %arg1 {fmod = 1 : i64} : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return
}

// CHECK-LABEL: func.func @pow_prelu(
func.func @pow_prelu(%arg0: tensor<2x1x4xf32>, %arg1: tensor<i64>,
                     %arg2: tensor<2x3xi32>, %arg3: tensor<3xf32>,
                     %arg4: tensor<1x3x4x4xf32>, %arg5: tensor<3x1x1xf32>,
                     %arg6: tensor<2x1x4xf32>) {
  // CHECK: onnx.Pow %arg0, %arg6 : (tensor<2x1x4xf32>, tensor<2x1x4xf32>) -> tensor<2x1x4xf32>
  %0 = onnx.Pow %arg0, %arg6 : (tensor<2x1x4xf32>, tensor<2x1x4xf32>) -> tensor<2x1x4xf32>
  // Exponent of another element type: the result has the element type of X.
  // CHECK: onnx.Pow %arg0, %arg1 : (tensor<2x1x4xf32>, tensor<i64>) -> tensor<2x1x4xf32>
  %1 = onnx.Pow %arg0, %arg1 : (tensor<2x1x4xf32>, tensor<i64>) -> tensor<2x1x4xf32>
  // CHECK: onnx.Pow %arg2, %arg3 : (tensor<2x3xi32>, tensor<3xf32>) -> tensor<2x3xi32>
  %2 = onnx.Pow %arg2, %arg3 : (tensor<2x3xi32>, tensor<3xf32>) -> tensor<2x3xi32>
  // CHECK: onnx.PRelu %arg4, %arg5 : (tensor<1x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<1x3x4x4xf32>
  %3 = onnx.PRelu %arg4, %arg5 : (tensor<1x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<1x3x4x4xf32>
  // CHECK: onnx.PRelu %arg0, %arg6 : (tensor<2x1x4xf32>, tensor<2x1x4xf32>) -> tensor<2x1x4xf32>
  %4 = onnx.PRelu %arg0, %arg6 : (tensor<2x1x4xf32>, tensor<2x1x4xf32>) -> tensor<2x1x4xf32>
  return
}

// CHECK-LABEL: func.func @logical(
func.func @logical(%arg0: tensor<2x3xi1>, %arg1: tensor<1x3xi1>,
                   %arg2: tensor<i1>, %arg3: tensor<4x1x1xi1>) {
  // CHECK: onnx.And %arg0, %arg1 : (tensor<2x3xi1>, tensor<1x3xi1>) -> tensor<2x3xi1>
  %0 = onnx.And %arg0, %arg1 : (tensor<2x3xi1>, tensor<1x3xi1>) -> tensor<2x3xi1>
  // CHECK: onnx.Or %arg0, %arg2 : (tensor<2x3xi1>, tensor<i1>) -> tensor<2x3xi1>
  %1 = onnx.Or %arg0, %arg2 : (tensor<2x3xi1>, tensor<i1>) -> tensor<2x3xi1>
  // CHECK: onnx.Xor %arg3, %arg0 : (tensor<4x1x1xi1>, tensor<2x3xi1>) -> tensor<4x2x3xi1>
  %2 = onnx.Xor %arg3, %arg0 : (tensor<4x1x1xi1>, tensor<2x3xi1>) -> tensor<4x2x3xi1>
  return
}

// CHECK-LABEL: func.func @compare(
func.func @compare(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>,
                   %arg2: tensor<2x3xi1>, %arg3: tensor<2x1xi64>,
                   %arg4: tensor<1x5xi64>, %arg5: tensor<f32>) {
  // CHECK: onnx.Equal %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %0 = onnx.Equal %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: onnx.Equal %arg2, %arg2 : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  %1 = onnx.Equal %arg2, %arg2 : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  // CHECK: onnx.Less %arg3, %arg4 : (tensor<2x1xi64>, tensor<1x5xi64>) -> tensor<2x5xi1>
  %2 = onnx.Less %arg3, %arg4 : (tensor<2x1xi64>, tensor<1x5xi64>) -> tensor<2x5xi1>
  // CHECK: onnx.LessOrEqual %arg5, %arg0 : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %3 = onnx.LessOrEqual %arg5, %arg0 : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  // CHECK: onnx.Greater %arg1, %arg0 : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %4 = onnx.Greater %arg1, %arg0 : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  // CHECK: onnx.GreaterOrEqual %arg4, %arg3 : (tensor<1x5xi64>, tensor<2x1xi64>) -> tensor<2x5xi1>
  %5 = onnx.GreaterOrEqual %arg4, %arg3 : (tensor<1x5xi64>, tensor<2x1xi64>) -> tensor<2x5xi1>
  return
}

// CHECK-LABEL: func.func @variadic(
func.func @variadic(%arg0: tensor<2x3xi32>, %arg1: tensor<3xi32>,
                    %arg2: tensor<2x1xi32>, %arg3: tensor<2x3xf32>,
                    %arg4: tensor<1x3xf32>, %arg5: tensor<f32>,
                    %arg6: tensor<2x1x3xf32>, %arg7: tensor<4x3xf32>) {
  // CHECK: onnx.Max %arg0, %arg1, %arg2 : (tensor<2x3xi32>, tensor<3xi32>, tensor<2x1xi32>) -> tensor<2x3xi32>
  %0 = onnx.Max %arg0, %arg1, %arg2 : (tensor<2x3xi32>, tensor<3xi32>, tensor<2x1xi32>) -> tensor<2x3xi32>
  // CHECK: onnx.Min %arg3 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = onnx.Min %arg3 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Min %arg3, %arg4 : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  %2 = onnx.Min %arg3, %arg4 : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Sum %arg3, %arg4, %arg5 : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %3 = onnx.Sum %arg3, %arg4, %arg5 : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: onnx.Mean %arg6, %arg7 : (tensor<2x1x3xf32>, tensor<4x3xf32>) -> tensor<2x4x3xf32>
  %4 = onnx.Mean %arg6, %arg7 : (tensor<2x1x3xf32>, tensor<4x3xf32>) -> tensor<2x4x3xf32>
  return
}

// CHECK-LABEL: func.func @where_clip(
func.func @where_clip(%arg0: tensor<2x1xi1>, %arg1: tensor<2x3xf32>,
                      %arg2: tensor<3xf32>, %arg3: tensor<3xi1>,
                      %arg4: tensor<4x1xi64>, %arg5: tensor<i64>,
                      %arg6: tensor<2x3xi32>) {
  // CHECK: onnx.Where %arg0, %arg1, %arg2 : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = onnx.Where %arg0, %arg1, %arg2 : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Where %arg3, %arg4, %arg5 : (tensor<3xi1>, tensor<4x1xi64>, tensor<i64>) -> tensor<4x3xi64>
  %1 = onnx.Where %arg3, %arg4, %arg5 : (tensor<3xi1>, tensor<4x1xi64>, tensor<i64>) -> tensor<4x3xi64>

  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: [[LO:%.+]] = onnx.Constant dense<-1.000000e+00> : tensor<f32>
  %lo = onnx.Constant dense<-1.0> : tensor<f32>
  // CHECK: [[HI:%.+]] = onnx.Constant dense<6.000000e+00> : tensor<f32>
  %hi = onnx.Constant dense<6.0> : tensor<f32>
  // CHECK: onnx.Clip %arg1, [[LO]], [[HI]] : (tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  %2 = onnx.Clip %arg1, %lo, %hi : (tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: onnx.Clip %arg1, [[NONE]], [[HI]] : (tensor<2x3xf32>, none, tensor<f32>) -> tensor<2x3xf32>
  %3 = onnx.Clip %arg1, %none, %hi : (tensor<2x3xf32>, none, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: onnx.Clip %arg1, [[LO]], [[NONE]] : (tensor<2x3xf32>, tensor<f32>, none) -> tensor<2x3xf32>
  %4 = onnx.Clip %arg1, %lo, %none : (tensor<2x3xf32>, tensor<f32>, none) -> tensor<2x3xf32>
  // CHECK: onnx.Clip %arg1, [[NONE]], [[NONE]] : (tensor<2x3xf32>, none, none) -> tensor<2x3xf32>
  %5 = onnx.Clip %arg1, %none, %none : (tensor<2x3xf32>, none, none) -> tensor<2x3xf32>
  // CHECK: [[ILO:%.+]] = onnx.Constant dense<0> : tensor<i32>
  %ilo = onnx.Constant dense<0> : tensor<i32>
  // CHECK: onnx.Clip %arg6, [[ILO]], [[NONE]] : (tensor<2x3xi32>, tensor<i32>, none) -> tensor<2x3xi32>
  %6 = onnx.Clip %arg6, %ilo, %none : (tensor<2x3xi32>, tensor<i32>, none) -> tensor<2x3xi32>
  return
}

//===----------------------------------------------------------------------===//
// Matrix products.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @matmul(
func.func @matmul(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>,
                  %arg2: tensor<3xf32>, %arg3: tensor<2x1x3x4xf32>,
                  %arg4: tensor<5x4x6xf32>, %arg5: tensor<4xf32>,
                  %arg6: tensor<2x4x6xf32>, %arg7: tensor<2x3xi32>,
                  %arg8: tensor<3x4xi32>) {
  // CHECK: onnx.MatMul %arg0, %arg1 : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %0 = onnx.MatMul %arg0, %arg1 : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // 1-D A: a 1 is prepended, then removed.
  // CHECK: onnx.MatMul %arg2, %arg1 : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  %1 = onnx.MatMul %arg2, %arg1 : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  // 1-D B: a 1 is appended, then removed.
  // CHECK: onnx.MatMul %arg0, %arg2 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  %2 = onnx.MatMul %arg0, %arg2 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  // Both 1-D: a scalar.
  // CHECK: onnx.MatMul %arg2, %arg2 : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  %3 = onnx.MatMul %arg2, %arg2 : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  // Batch dimensions broadcast.
  // CHECK: onnx.MatMul %arg3, %arg4 : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  %4 = onnx.MatMul %arg3, %arg4 : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  // CHECK: onnx.MatMul %arg5, %arg6 : (tensor<4xf32>, tensor<2x4x6xf32>) -> tensor<2x6xf32>
  %5 = onnx.MatMul %arg5, %arg6 : (tensor<4xf32>, tensor<2x4x6xf32>) -> tensor<2x6xf32>
  // CHECK: onnx.MatMul %arg7, %arg8 : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi32>
  %6 = onnx.MatMul %arg7, %arg8 : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi32>
  return
}

// CHECK-LABEL: func.func @matmul_integer(
func.func @matmul_integer(%arg0: tensor<2x3xui8>, %arg1: tensor<3x4xi8>,
                          %arg2: tensor<2x2x3xi8>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: [[AZP:%.+]] = onnx.Constant dense<128> : tensor<ui8>
  %azp = onnx.Constant dense<128> : tensor<ui8>
  // CHECK: [[BZP:%.+]] = onnx.Constant dense<[0, 1, 2, 3]> : tensor<4xi8>
  %bzp = onnx.Constant dense<[0, 1, 2, 3]> : tensor<4xi8>
  // CHECK: onnx.MatMulInteger %arg0, %arg1, [[AZP]], [[BZP]] : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<ui8>, tensor<4xi8>) -> tensor<2x4xi32>
  %0 = onnx.MatMulInteger %arg0, %arg1, %azp, %bzp : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<ui8>, tensor<4xi8>) -> tensor<2x4xi32>
  // CHECK: onnx.MatMulInteger %arg2, %arg1, [[NONE]], [[NONE]] : (tensor<2x2x3xi8>, tensor<3x4xi8>, none, none) -> tensor<2x2x4xi32>
  %1 = onnx.MatMulInteger %arg2, %arg1, %none, %none : (tensor<2x2x3xi8>, tensor<3x4xi8>, none, none) -> tensor<2x2x4xi32>
  return
}

// CHECK-LABEL: func.func @gemm(
func.func @gemm(%arg0: tensor<4x3xf32>, %arg1: tensor<5x4xf32>,
                %arg2: tensor<5xf32>, %arg3: tensor<2x3xf32>,
                %arg4: tensor<3x4xf32>, %arg5: tensor<1x4xf32>,
                %arg6: tensor<f32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: onnx.Gemm %arg0, %arg1, %arg2 {alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  %0 = onnx.Gemm %arg0, %arg1, %arg2 {alpha = 0.5 : f32, beta = 2.0 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  // CHECK: onnx.Gemm %arg3, %arg4, [[NONE]] : (tensor<2x3xf32>, tensor<3x4xf32>, none) -> tensor<2x4xf32>
  %1 = onnx.Gemm %arg3, %arg4, %none : (tensor<2x3xf32>, tensor<3x4xf32>, none) -> tensor<2x4xf32>
  // CHECK: onnx.Gemm %arg3, %arg4, %arg5 {beta = 5.000000e-01 : f32} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  %2 = onnx.Gemm %arg3, %arg4, %arg5 {beta = 0.5 : f32} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  // CHECK: onnx.Gemm %arg3, %arg0, %arg6 {transB = 1 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<f32>) -> tensor<2x4xf32>
  %3 = onnx.Gemm %arg3, %arg0, %arg6 {transB = 1 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<f32>) -> tensor<2x4xf32>
  return
}

// CHECK-LABEL: func.func @einsum(
func.func @einsum(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>,
                  %arg2: tensor<5x2x3xf32>, %arg3: tensor<5x3x4xf32>,
                  %arg4: tensor<3xf32>) {
  // CHECK: onnx.Einsum %arg0, %arg1 {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %0 = onnx.Einsum %arg0, %arg1 {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // Implicit output: the labels seen once, in alphabetical order.
  // CHECK: onnx.Einsum %arg0, %arg1 {equation = "ij,jk"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = onnx.Einsum %arg0, %arg1 {equation = "ij,jk"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // CHECK: onnx.Einsum %arg2, %arg3 {equation = "bij,bjk->bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  %2 = onnx.Einsum %arg2, %arg3 {equation = "bij,bjk->bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  // CHECK: onnx.Einsum %arg0 {equation = "ij->ji"} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %3 = onnx.Einsum %arg0 {equation = "ij->ji"} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // CHECK: onnx.Einsum %arg2 {equation = "bij->b"} : (tensor<5x2x3xf32>) -> tensor<5xf32>
  %4 = onnx.Einsum %arg2 {equation = "bij->b"} : (tensor<5x2x3xf32>) -> tensor<5xf32>
  // CHECK: onnx.Einsum %arg4, %arg4 {equation = "i,i"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  %5 = onnx.Einsum %arg4, %arg4 {equation = "i,i"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  // Ellipsis: the '...' dims broadcast and lead the output.
  // CHECK: onnx.Einsum %arg2, %arg3 {equation = "...ij,...jk->...ik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  %6 = onnx.Einsum %arg2, %arg3 {equation = "...ij,...jk->...ik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  // CHECK: onnx.Einsum %arg2, %arg1 {equation = "...ij,jk"} : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<5x2x4xf32>
  %7 = onnx.Einsum %arg2, %arg1 {equation = "...ij,jk"} : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<5x2x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Convolution and pooling.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv(
func.func @conv(%arg0: tensor<1x3x32x32xf32>, %arg1: tensor<16x3x3x3xf32>,
                %arg2: tensor<16xf32>, %arg3: tensor<1x8x10x10xf32>,
                %arg4: tensor<8x1x3x3xf32>, %arg5: tensor<1x3x7x7xf32>,
                %arg6: tensor<4x3x3x3xf32>, %arg7: tensor<2x4x10xf32>,
                %arg8: tensor<6x4x3xf32>, %arg9: tensor<1x3x10x10xf32>,
                %arg10: tensor<2x3x3x3xf32>, %arg11: tensor<1x2x4x5x6xf32>,
                %arg12: tensor<3x2x2x2x2xf32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // floor((32 + 1 + 1 - 3) / 2) + 1 = 16
  // CHECK: onnx.Conv %arg0, %arg1, %arg2 {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
  %0 = onnx.Conv %arg0, %arg1, %arg2 {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
  // Depthwise, dilated (effective kernel 5), no bias: 10 - 5 + 1 = 6.
  // CHECK: onnx.Conv %arg3, %arg4, [[NONE]] {dilations = array<i64: 2, 2>, group = 8 : i64} : (tensor<1x8x10x10xf32>, tensor<8x1x3x3xf32>, none) -> tensor<1x8x6x6xf32>
  %1 = onnx.Conv %arg3, %arg4, %none {dilations = array<i64: 2, 2>, group = 8 : i64} : (tensor<1x8x10x10xf32>, tensor<8x1x3x3xf32>, none) -> tensor<1x8x6x6xf32>
  // SAME_UPPER: ceil(7 / 2) = 4.
  // CHECK: onnx.Conv %arg5, %arg6, [[NONE]] {auto_pad = "SAME_UPPER", strides = array<i64: 2, 2>} : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x4x4xf32>
  %2 = onnx.Conv %arg5, %arg6, %none {auto_pad = "SAME_UPPER", strides = array<i64: 2, 2>} : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x4x4xf32>
  // CHECK: onnx.Conv %arg5, %arg6, [[NONE]] {auto_pad = "SAME_LOWER"} : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x7x7xf32>
  %3 = onnx.Conv %arg5, %arg6, %none {auto_pad = "SAME_LOWER"} : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x7x7xf32>
  // CHECK: onnx.Conv %arg5, %arg6, [[NONE]] {auto_pad = "VALID"} : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x5x5xf32>
  %4 = onnx.Conv %arg5, %arg6, %none {auto_pad = "VALID"} : (tensor<1x3x7x7xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x5x5xf32>
  // 1-D convolution, kernel_shape inferred from W.
  // CHECK: onnx.Conv %arg7, %arg8, [[NONE]] : (tensor<2x4x10xf32>, tensor<6x4x3xf32>, none) -> tensor<2x6x8xf32>
  %5 = onnx.Conv %arg7, %arg8, %none : (tensor<2x4x10xf32>, tensor<6x4x3xf32>, none) -> tensor<2x6x8xf32>
  // Asymmetric pads [h_begin, w_begin, h_end, w_end]: 10+0+2-3+1 = 10, 10+1+3-3+1 = 12.
  // CHECK: onnx.Conv %arg9, %arg10, [[NONE]] {pads = array<i64: 0, 1, 2, 3>} : (tensor<1x3x10x10xf32>, tensor<2x3x3x3xf32>, none) -> tensor<1x2x10x12xf32>
  %6 = onnx.Conv %arg9, %arg10, %none {pads = array<i64: 0, 1, 2, 3>} : (tensor<1x3x10x10xf32>, tensor<2x3x3x3xf32>, none) -> tensor<1x2x10x12xf32>
  // 3-D convolution.
  // CHECK: onnx.Conv %arg11, %arg12, [[NONE]] : (tensor<1x2x4x5x6xf32>, tensor<3x2x2x2x2xf32>, none) -> tensor<1x3x3x4x5xf32>
  %7 = onnx.Conv %arg11, %arg12, %none : (tensor<1x2x4x5x6xf32>, tensor<3x2x2x2x2xf32>, none) -> tensor<1x3x3x4x5xf32>
  return
}

// CHECK-LABEL: func.func @conv_transpose(
func.func @conv_transpose(%arg0: tensor<1x4x5x5xf32>, %arg1: tensor<4x2x3x3xf32>,
                          %arg2: tensor<2xf32>, %arg3: tensor<4x3x3x3xf32>,
                          %arg4: tensor<1x1x3x3xf32>, %arg5: tensor<1x2x3x3xf32>,
                          %arg6: tensor<1x1x2x2xf32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // 2 * (5 - 1) + 1 + 3 - 1 - 1 = 10
  // CHECK: onnx.ConvTranspose %arg0, %arg1, %arg2 {output_padding = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x10x10xf32>
  %0 = onnx.ConvTranspose %arg0, %arg1, %arg2 {output_padding = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x10x10xf32>
  // Grouped: output channels = W.shape[1] * group = 6.
  // CHECK: onnx.ConvTranspose %arg0, %arg3, [[NONE]] {group = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x6x7x7xf32>
  %1 = onnx.ConvTranspose %arg0, %arg3, %none {group = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x6x7x7xf32>
  // Explicit output_shape (spatial dims only).
  // CHECK: onnx.ConvTranspose %arg4, %arg5, [[NONE]] {output_shape = array<i64: 10, 8>, strides = array<i64: 3, 2>} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>, none) -> tensor<1x2x10x8xf32>
  %2 = onnx.ConvTranspose %arg4, %arg5, %none {output_shape = array<i64: 10, 8>, strides = array<i64: 3, 2>} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>, none) -> tensor<1x2x10x8xf32>
  // Dilated kernel: (3 - 1) + (2 - 1) * 2 + 1 = 5.
  // CHECK: onnx.ConvTranspose %arg4, %arg6, [[NONE]] {dilations = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, none) -> tensor<1x1x5x5xf32>
  %3 = onnx.ConvTranspose %arg4, %arg6, %none {dilations = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, none) -> tensor<1x1x5x5xf32>
  // SAME_UPPER: output = input * stride.
  // CHECK: onnx.ConvTranspose %arg4, %arg5, [[NONE]] {auto_pad = "SAME_UPPER", strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>, none) -> tensor<1x2x6x6xf32>
  %4 = onnx.ConvTranspose %arg4, %arg5, %none {auto_pad = "SAME_UPPER", strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>, none) -> tensor<1x2x6x6xf32>
  return
}

// CHECK-LABEL: func.func @max_pool(
func.func @max_pool(%arg0: tensor<1x3x32x32xf32>, %arg1: tensor<1x3x5x5xf32>,
                    %arg2: tensor<1x1x4x4xf32>, %arg3: tensor<1x1x4x4xui8>,
                    %arg4: tensor<1x2x8xf32>) {
  // Indices absent.
  // CHECK: [[Y0:%[^,]+]], {{%[^ ]+}} = onnx.MaxPool %arg0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> (tensor<1x3x16x16xf32>, none)
  %0:2 = onnx.MaxPool %arg0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> (tensor<1x3x16x16xf32>, none)
  // Indices present: floor((5 + 2 - 3) / 2) + 1 = 3.
  // CHECK: {{%[^,]+}}, [[IDX1:%[^ ]+]] = onnx.MaxPool %arg1 {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, storage_order = 1 : i64, strides = array<i64: 2, 2>} : (tensor<1x3x5x5xf32>) -> (tensor<1x3x3x3xf32>, tensor<1x3x3x3xi64>)
  %1:2 = onnx.MaxPool %arg1 {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, storage_order = 1 : i64, strides = array<i64: 2, 2>} : (tensor<1x3x5x5xf32>) -> (tensor<1x3x3x3xf32>, tensor<1x3x3x3xi64>)
  // ceil_mode: ceil((4 - 3) / 2) + 1 = 2 (floor would give 1).
  // CHECK: onnx.MaxPool %arg2 {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, none)
  %2:2 = onnx.MaxPool %arg2 {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, none)
  // Dilations: effective kernel 3.
  // CHECK: onnx.MaxPool %arg2 {dilations = array<i64: 2, 2>, kernel_shape = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>)
  %3:2 = onnx.MaxPool %arg2 {dilations = array<i64: 2, 2>, kernel_shape = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>)
  // CHECK: onnx.MaxPool %arg3 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xui8>) -> (tensor<1x1x2x2xui8>, none)
  %4:2 = onnx.MaxPool %arg3 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xui8>) -> (tensor<1x1x2x2xui8>, none)
  // CHECK: onnx.MaxPool %arg0 {auto_pad = "SAME_UPPER", kernel_shape = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> (tensor<1x3x32x32xf32>, none)
  %5:2 = onnx.MaxPool %arg0 {auto_pad = "SAME_UPPER", kernel_shape = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> (tensor<1x3x32x32xf32>, none)
  // CHECK: onnx.MaxPool %arg4 {kernel_shape = array<i64: 3>} : (tensor<1x2x8xf32>) -> (tensor<1x2x6xf32>, none)
  %6:2 = onnx.MaxPool %arg4 {kernel_shape = array<i64: 3>} : (tensor<1x2x8xf32>) -> (tensor<1x2x6xf32>, none)
  // CHECK: onnx.Relu [[Y0]] : (tensor<1x3x16x16xf32>) -> tensor<1x3x16x16xf32>
  %7 = onnx.Relu %0#0 : (tensor<1x3x16x16xf32>) -> tensor<1x3x16x16xf32>
  // CHECK: onnx.Identity [[IDX1]] : (tensor<1x3x3x3xi64>) -> tensor<1x3x3x3xi64>
  %8 = onnx.Identity %1#1 : (tensor<1x3x3x3xi64>) -> tensor<1x3x3x3xi64>
  return
}

// CHECK-LABEL: func.func @average_pool(
func.func @average_pool(%arg0: tensor<1x3x32x32xf32>, %arg1: tensor<1x3x32xf32>,
                        %arg2: tensor<1x1x4x4xf32>, %arg3: tensor<1x1x5x5xf32>) {
  // CHECK: onnx.AveragePool %arg0 {count_include_pad = 1 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x32x32xf32>) -> tensor<1x3x32x32xf32>
  %0 = onnx.AveragePool %arg0 {count_include_pad = 1 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x32x32xf32>) -> tensor<1x3x32x32xf32>
  // CHECK: onnx.AveragePool %arg1 {kernel_shape = array<i64: 2>} : (tensor<1x3x32xf32>) -> tensor<1x3x31xf32>
  %1 = onnx.AveragePool %arg1 {kernel_shape = array<i64: 2>} : (tensor<1x3x32xf32>) -> tensor<1x3x31xf32>
  // CHECK: onnx.AveragePool %arg2 {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %2 = onnx.AveragePool %arg2 {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  // SAME_LOWER: ceil(5 / 2) = 3.
  // CHECK: onnx.AveragePool %arg3 {auto_pad = "SAME_LOWER", kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  %3 = onnx.AveragePool %arg3 {auto_pad = "SAME_LOWER", kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  return
}

// CHECK-LABEL: func.func @global_pool(
func.func @global_pool(%arg0: tensor<1x3x7x7xf32>, %arg1: tensor<2x4x5xf16>) {
  // CHECK: onnx.GlobalAveragePool %arg0 : (tensor<1x3x7x7xf32>) -> tensor<1x3x1x1xf32>
  %0 = onnx.GlobalAveragePool %arg0 : (tensor<1x3x7x7xf32>) -> tensor<1x3x1x1xf32>
  // CHECK: onnx.GlobalMaxPool %arg0 : (tensor<1x3x7x7xf32>) -> tensor<1x3x1x1xf32>
  %1 = onnx.GlobalMaxPool %arg0 : (tensor<1x3x7x7xf32>) -> tensor<1x3x1x1xf32>
  // CHECK: onnx.GlobalAveragePool %arg1 : (tensor<2x4x5xf16>) -> tensor<2x4x1xf16>
  %2 = onnx.GlobalAveragePool %arg1 : (tensor<2x4x5xf16>) -> tensor<2x4x1xf16>
  // CHECK: onnx.GlobalMaxPool %arg1 : (tensor<2x4x5xf16>) -> tensor<2x4x1xf16>
  %3 = onnx.GlobalMaxPool %arg1 : (tensor<2x4x5xf16>) -> tensor<2x4x1xf16>
  return
}

//===----------------------------------------------------------------------===//
// Normalization, softmax, dropout.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @normalization(
func.func @normalization(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<3xf32>,
                         %arg2: tensor<2x5x8xf32>, %arg3: tensor<8xf32>,
                         %arg4: tensor<5x8xf32>, %arg5: tensor<2x5x8xf16>,
                         %arg6: tensor<8xf16>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // Inference: running_mean and running_var absent.
  // CHECK: onnx.BatchNormalization %arg0, %arg1, %arg1, %arg1, %arg1 {epsilon = 1.000000e-03 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, none, none)
  %0:3 = onnx.BatchNormalization %arg0, %arg1, %arg1, %arg1, %arg1 {epsilon = 1.000000e-03 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, none, none)
  // Training: running statistics present.
  // CHECK: onnx.BatchNormalization %arg0, %arg1, %arg1, %arg1, %arg1 {momentum = 8.000000e-01 : f32, training_mode = 1 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  %1:3 = onnx.BatchNormalization %arg0, %arg1, %arg1, %arg1, %arg1 {momentum = 0.8 : f32, training_mode = 1 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  // CHECK: onnx.InstanceNormalization %arg0, %arg1, %arg1 {epsilon = 1.000000e-03 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  %2 = onnx.InstanceNormalization %arg0, %arg1, %arg1 {epsilon = 1.000000e-03 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  // CHECK: onnx.InstanceNormalization %arg0, %arg1, %arg1 : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  %3 = onnx.InstanceNormalization %arg0, %arg1, %arg1 : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  // Default axis -1, only Y.
  // CHECK: onnx.LayerNormalization %arg2, %arg3, %arg3 : (tensor<2x5x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x5x8xf32>, none, none)
  %4:3 = onnx.LayerNormalization %arg2, %arg3, %arg3 : (tensor<2x5x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x5x8xf32>, none, none)
  // Mean and InvStdDev keep the rank, with 1 from `axis` on.
  // CHECK: onnx.LayerNormalization %arg2, %arg3, [[NONE]] {epsilon = 1.000000e-03 : f32} : (tensor<2x5x8xf32>, tensor<8xf32>, none) -> (tensor<2x5x8xf32>, tensor<2x5x1xf32>, tensor<2x5x1xf32>)
  %5:3 = onnx.LayerNormalization %arg2, %arg3, %none {epsilon = 1.000000e-03 : f32} : (tensor<2x5x8xf32>, tensor<8xf32>, none) -> (tensor<2x5x8xf32>, tensor<2x5x1xf32>, tensor<2x5x1xf32>)
  // CHECK: onnx.LayerNormalization %arg2, %arg4, %arg4 {axis = 1 : i64} : (tensor<2x5x8xf32>, tensor<5x8xf32>, tensor<5x8xf32>) -> (tensor<2x5x8xf32>, tensor<2x1x1xf32>, none)
  %6:3 = onnx.LayerNormalization %arg2, %arg4, %arg4 {axis = 1 : i64} : (tensor<2x5x8xf32>, tensor<5x8xf32>, tensor<5x8xf32>) -> (tensor<2x5x8xf32>, tensor<2x1x1xf32>, none)
  // f16 data with statistics in the stash type (float32).
  // CHECK: onnx.LayerNormalization %arg5, %arg6, %arg6 : (tensor<2x5x8xf16>, tensor<8xf16>, tensor<8xf16>) -> (tensor<2x5x8xf16>, tensor<2x5x1xf32>, tensor<2x5x1xf32>)
  %7:3 = onnx.LayerNormalization %arg5, %arg6, %arg6 : (tensor<2x5x8xf16>, tensor<8xf16>, tensor<8xf16>) -> (tensor<2x5x8xf16>, tensor<2x5x1xf32>, tensor<2x5x1xf32>)
  return
}

// CHECK-LABEL: func.func @softmax(
func.func @softmax(%arg0: tensor<2x3x4xf32>) {
  // CHECK: onnx.Softmax %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %0 = onnx.Softmax %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: onnx.Softmax %arg0 {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %1 = onnx.Softmax %arg0 {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: onnx.LogSoftmax %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %2 = onnx.LogSoftmax %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: onnx.LogSoftmax %arg0 {axis = -3 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %3 = onnx.LogSoftmax %arg0 {axis = -3 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// CHECK-LABEL: func.func @dropout(
func.func @dropout(%arg0: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: [[RATIO:%.+]] = onnx.Constant dense<2.500000e-01> : tensor<f32>
  %ratio = onnx.Constant dense<0.25> : tensor<f32>
  // CHECK: [[TRAIN:%.+]] = onnx.Constant dense<true> : tensor<i1>
  %train = onnx.Constant dense<true> : tensor<i1>
  // With mask, ratio and training_mode.
  // CHECK: [[OUT:%[^,]+]], [[MASK:%[^ ]+]] = onnx.Dropout %arg0, [[RATIO]], [[TRAIN]] {seed = 42 : i64} : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  %0:2 = onnx.Dropout %arg0, %ratio, %train {seed = 42 : i64} : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  // Inference without mask: optional inputs and output absent.
  // CHECK: onnx.Dropout %arg0, [[NONE]], [[NONE]] : (tensor<2x3xf32>, none, none) -> (tensor<2x3xf32>, none)
  %1:2 = onnx.Dropout %arg0, %none, %none : (tensor<2x3xf32>, none, none) -> (tensor<2x3xf32>, none)
  // Ratio only, with mask.
  // CHECK: onnx.Dropout %arg0, [[RATIO]], [[NONE]] : (tensor<2x3xf32>, tensor<f32>, none) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  %2:2 = onnx.Dropout %arg0, %ratio, %none : (tensor<2x3xf32>, tensor<f32>, none) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  // CHECK: return [[OUT]], [[MASK]] : tensor<2x3xf32>, tensor<2x3xi1>
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi1>
}

//===----------------------------------------------------------------------===//
// Shape manipulation.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshape(
func.func @reshape(%arg0: tensor<2x3x4xf32>, %arg1: tensor<1x1xi64>) {
  // CHECK: [[S0:%.+]] = onnx.Constant dense<[0, -1]> : tensor<2xi64>
  %s0 = onnx.Constant dense<[0, -1]> : tensor<2xi64>
  // CHECK: onnx.Reshape %arg0, [[S0]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  %0 = onnx.Reshape %arg0, %s0 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  // CHECK: [[S1:%.+]] = onnx.Constant dense<-1> : tensor<1xi64>
  %s1 = onnx.Constant dense<[-1]> : tensor<1xi64>
  // CHECK: onnx.Reshape %arg0, [[S1]] : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<24xf32>
  %1 = onnx.Reshape %arg0, %s1 : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<24xf32>
  // 0 copies the input dimension 1 (3); -1 is inferred (2).
  // CHECK: [[S2:%.+]] = onnx.Constant dense<[4, 0, -1]> : tensor<3xi64>
  %s2 = onnx.Constant dense<[4, 0, -1]> : tensor<3xi64>
  // CHECK: onnx.Reshape %arg0, [[S2]] : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<4x3x2xf32>
  %2 = onnx.Reshape %arg0, %s2 : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<4x3x2xf32>
  // CHECK: [[S3:%.+]] = onnx.Constant dense<[6, 4]> : tensor<2xi64>
  %s3 = onnx.Constant dense<[6, 4]> : tensor<2xi64>
  // CHECK: onnx.Reshape %arg0, [[S3]] {allowzero = 1 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %3 = onnx.Reshape %arg0, %s3 {allowzero = 1 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  // To a scalar.
  // CHECK: [[S4:%.+]] = onnx.Constant dense<> : tensor<0xi64>
  %s4 = onnx.Constant dense<> : tensor<0xi64>
  // CHECK: onnx.Reshape %arg1, [[S4]] : (tensor<1x1xi64>, tensor<0xi64>) -> tensor<i64>
  %4 = onnx.Reshape %arg1, %s4 : (tensor<1x1xi64>, tensor<0xi64>) -> tensor<i64>
  return
}

// CHECK-LABEL: func.func @flatten(
func.func @flatten(%arg0: tensor<2x3x4x5xf32>) {
  // CHECK: onnx.Flatten %arg0 : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
  %0 = onnx.Flatten %arg0 : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
  // CHECK: onnx.Flatten %arg0 {axis = 0 : i64} : (tensor<2x3x4x5xf32>) -> tensor<1x120xf32>
  %1 = onnx.Flatten %arg0 {axis = 0 : i64} : (tensor<2x3x4x5xf32>) -> tensor<1x120xf32>
  // CHECK: onnx.Flatten %arg0 {axis = 2 : i64} : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
  %2 = onnx.Flatten %arg0 {axis = 2 : i64} : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
  // CHECK: onnx.Flatten %arg0 {axis = -1 : i64} : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
  %3 = onnx.Flatten %arg0 {axis = -1 : i64} : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
  // CHECK: onnx.Flatten %arg0 {axis = 4 : i64} : (tensor<2x3x4x5xf32>) -> tensor<120x1xf32>
  %4 = onnx.Flatten %arg0 {axis = 4 : i64} : (tensor<2x3x4x5xf32>) -> tensor<120x1xf32>
  return
}

// CHECK-LABEL: func.func @transpose(
func.func @transpose(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x3xi64>) {
  // CHECK: onnx.Transpose %arg0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %0 = onnx.Transpose %arg0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  // No perm: reverse the dimensions.
  // CHECK: onnx.Transpose %arg0 : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  %1 = onnx.Transpose %arg0 : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  // CHECK: onnx.Transpose %arg1 {perm = array<i64: 1, 0>} : (tensor<2x3xi64>) -> tensor<3x2xi64>
  %2 = onnx.Transpose %arg1 {perm = array<i64: 1, 0>} : (tensor<2x3xi64>) -> tensor<3x2xi64>
  return
}

// CHECK-LABEL: func.func @squeeze_unsqueeze(
func.func @squeeze_unsqueeze(%arg0: tensor<1x3x1x4xf32>, %arg1: tensor<3x4xf32>,
                             %arg2: tensor<f32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: [[A0:%.+]] = onnx.Constant dense<[0, -2]> : tensor<2xi64>
  %a0 = onnx.Constant dense<[0, -2]> : tensor<2xi64>
  // CHECK: onnx.Squeeze %arg0, [[A0]] : (tensor<1x3x1x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  %0 = onnx.Squeeze %arg0, %a0 : (tensor<1x3x1x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  // No axes: every size-1 dimension goes.
  // CHECK: onnx.Squeeze %arg0, [[NONE]] : (tensor<1x3x1x4xf32>, none) -> tensor<3x4xf32>
  %1 = onnx.Squeeze %arg0, %none : (tensor<1x3x1x4xf32>, none) -> tensor<3x4xf32>
  // CHECK: [[A1:%.+]] = onnx.Constant dense<2> : tensor<1xi64>
  %a1 = onnx.Constant dense<[2]> : tensor<1xi64>
  // CHECK: onnx.Squeeze %arg0, [[A1]] : (tensor<1x3x1x4xf32>, tensor<1xi64>) -> tensor<1x3x4xf32>
  %2 = onnx.Squeeze %arg0, %a1 : (tensor<1x3x1x4xf32>, tensor<1xi64>) -> tensor<1x3x4xf32>
  // Axes refer to the output and need not be sorted.
  // CHECK: [[A2:%.+]] = onnx.Constant dense<[3, 0]> : tensor<2xi64>
  %a2 = onnx.Constant dense<[3, 0]> : tensor<2xi64>
  // CHECK: onnx.Unsqueeze %arg1, [[A2]] : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<1x3x4x1xf32>
  %3 = onnx.Unsqueeze %arg1, %a2 : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<1x3x4x1xf32>
  // CHECK: [[A3:%.+]] = onnx.Constant dense<-1> : tensor<1xi64>
  %a3 = onnx.Constant dense<[-1]> : tensor<1xi64>
  // CHECK: onnx.Unsqueeze %arg1, [[A3]] : (tensor<3x4xf32>, tensor<1xi64>) -> tensor<3x4x1xf32>
  %4 = onnx.Unsqueeze %arg1, %a3 : (tensor<3x4xf32>, tensor<1xi64>) -> tensor<3x4x1xf32>
  // CHECK: [[A4:%.+]] = onnx.Constant dense<0> : tensor<1xi64>
  %a4 = onnx.Constant dense<[0]> : tensor<1xi64>
  // CHECK: onnx.Unsqueeze %arg2, [[A4]] : (tensor<f32>, tensor<1xi64>) -> tensor<1xf32>
  %5 = onnx.Unsqueeze %arg2, %a4 : (tensor<f32>, tensor<1xi64>) -> tensor<1xf32>
  return
}

// CHECK-LABEL: func.func @concat(
func.func @concat(%arg0: tensor<2x3xf32>, %arg1: tensor<2x5xf32>,
                  %arg2: tensor<4x3xf32>, %arg3: tensor<1x3xf32>,
                  %arg4: tensor<2xi64>, %arg5: tensor<1xi64>) {
  // CHECK: onnx.Concat %arg0, %arg1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  %0 = onnx.Concat %arg0, %arg1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  // CHECK: onnx.Concat %arg0, %arg2, %arg3 {axis = 0 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<1x3xf32>) -> tensor<7x3xf32>
  %1 = onnx.Concat %arg0, %arg2, %arg3 {axis = 0 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<1x3xf32>) -> tensor<7x3xf32>
  // CHECK: onnx.Concat %arg0, %arg1 {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  %2 = onnx.Concat %arg0, %arg1 {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  // CHECK: onnx.Concat %arg4, %arg5 {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi64>) -> tensor<3xi64>
  %3 = onnx.Concat %arg4, %arg5 {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi64>) -> tensor<3xi64>
  // CHECK: onnx.Concat %arg0 {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = onnx.Concat %arg0 {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @split(
func.func @split(%arg0: tensor<6x4xf32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: [[SP:%.+]] = onnx.Constant dense<[2, 4]> : tensor<2xi64>
  %sp = onnx.Constant dense<[2, 4]> : tensor<2xi64>
  // CHECK: [[S0:%.+]]:2 = onnx.Split %arg0, [[SP]] : (tensor<6x4xf32>, tensor<2xi64>) -> (tensor<2x4xf32>, tensor<4x4xf32>)
  %0:2 = onnx.Split %arg0, %sp : (tensor<6x4xf32>, tensor<2xi64>) -> (tensor<2x4xf32>, tensor<4x4xf32>)
  // Equal parts when split is absent.
  // CHECK: onnx.Split %arg0, [[NONE]] {axis = 1 : i64} : (tensor<6x4xf32>, none) -> (tensor<6x2xf32>, tensor<6x2xf32>)
  %1:2 = onnx.Split %arg0, %none {axis = 1 : i64} : (tensor<6x4xf32>, none) -> (tensor<6x2xf32>, tensor<6x2xf32>)
  // CHECK: onnx.Split %arg0, [[NONE]] : (tensor<6x4xf32>, none) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  %2:3 = onnx.Split %arg0, %none : (tensor<6x4xf32>, none) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  // CHECK: [[SP2:%.+]] = onnx.Constant dense<[1, 3]> : tensor<2xi64>
  %sp2 = onnx.Constant dense<[1, 3]> : tensor<2xi64>
  // CHECK: onnx.Split %arg0, [[SP2]] {axis = -1 : i64} : (tensor<6x4xf32>, tensor<2xi64>) -> (tensor<6x1xf32>, tensor<6x3xf32>)
  %3:2 = onnx.Split %arg0, %sp2 {axis = -1 : i64} : (tensor<6x4xf32>, tensor<2xi64>) -> (tensor<6x1xf32>, tensor<6x3xf32>)
  // CHECK: onnx.Neg [[S0]]#1 : (tensor<4x4xf32>) -> tensor<4x4xf32>
  %4 = onnx.Neg %0#1 : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// CHECK-LABEL: func.func @slice(
func.func @slice(%arg0: tensor<10x20xf32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // Rows 1..5, columns 0..19 by 2.
  // CHECK: [[ST:%.+]] = onnx.Constant dense<[1, 0]> : tensor<2xi64>
  %st = onnx.Constant dense<[1, 0]> : tensor<2xi64>
  // CHECK: [[EN:%.+]] = onnx.Constant dense<[5, -1]> : tensor<2xi64>
  %en = onnx.Constant dense<[5, -1]> : tensor<2xi64>
  // CHECK: [[AX:%.+]] = onnx.Constant dense<[0, 1]> : tensor<2xi64>
  %ax = onnx.Constant dense<[0, 1]> : tensor<2xi64>
  // CHECK: [[STP:%.+]] = onnx.Constant dense<[1, 2]> : tensor<2xi64>
  %stp = onnx.Constant dense<[1, 2]> : tensor<2xi64>
  // CHECK: onnx.Slice %arg0, [[ST]], [[EN]], [[AX]], [[STP]] : (tensor<10x20xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<4x10xf32>
  %0 = onnx.Slice %arg0, %st, %en, %ax, %stp : (tensor<10x20xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<4x10xf32>
  // Axes and steps absent; ends past the dimension are clamped.
  // CHECK: [[ST1:%.+]] = onnx.Constant dense<2> : tensor<1xi64>
  %st1 = onnx.Constant dense<[2]> : tensor<1xi64>
  // CHECK: [[EN1:%.+]] = onnx.Constant dense<100> : tensor<1xi64>
  %en1 = onnx.Constant dense<[100]> : tensor<1xi64>
  // CHECK: onnx.Slice %arg0, [[ST1]], [[EN1]], [[NONE]], [[NONE]] : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, none, none) -> tensor<8x20xf32>
  %1 = onnx.Slice %arg0, %st1, %en1, %none, %none : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, none, none) -> tensor<8x20xf32>
  // Negative step reverses a whole dimension.
  // CHECK: [[ST2:%.+]] = onnx.Constant dense<-1> : tensor<1xi64>
  %st2 = onnx.Constant dense<[-1]> : tensor<1xi64>
  // CHECK: [[EN2:%.+]] = onnx.Constant dense<-1000> : tensor<1xi64>
  %en2 = onnx.Constant dense<[-1000]> : tensor<1xi64>
  // CHECK: [[AX2:%.+]] = onnx.Constant dense<1> : tensor<1xi64>
  %ax2 = onnx.Constant dense<[1]> : tensor<1xi64>
  // CHECK: [[STP2:%.+]] = onnx.Constant dense<-1> : tensor<1xi64>
  %stp2 = onnx.Constant dense<[-1]> : tensor<1xi64>
  // CHECK: onnx.Slice %arg0, [[ST2]], [[EN2]], [[AX2]], [[STP2]] : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<10x20xf32>
  %2 = onnx.Slice %arg0, %st2, %en2, %ax2, %stp2 : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<10x20xf32>
  // i32 indices, negative axis, steps absent.
  // CHECK: [[ST3:%.+]] = onnx.Constant dense<0> : tensor<1xi32>
  %st3 = onnx.Constant dense<[0]> : tensor<1xi32>
  // CHECK: [[EN3:%.+]] = onnx.Constant dense<3> : tensor<1xi32>
  %en3 = onnx.Constant dense<[3]> : tensor<1xi32>
  // CHECK: [[AX3:%.+]] = onnx.Constant dense<-1> : tensor<1xi32>
  %ax3 = onnx.Constant dense<[-1]> : tensor<1xi32>
  // CHECK: onnx.Slice %arg0, [[ST3]], [[EN3]], [[AX3]], [[NONE]] : (tensor<10x20xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>, none) -> tensor<10x3xf32>
  %3 = onnx.Slice %arg0, %st3, %en3, %ax3, %none : (tensor<10x20xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>, none) -> tensor<10x3xf32>
  // INT64_MAX / INT64_MIN ends, as exporters write "to the end".
  // CHECK: [[EMAX:%.+]] = onnx.Constant dense<9223372036854775807> : tensor<1xi64>
  %emax = onnx.Constant dense<[9223372036854775807]> : tensor<1xi64>
  // CHECK: onnx.Slice %arg0, [[ST1]], [[EMAX]], [[AX2]], [[NONE]] : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<10x18xf32>
  %5 = onnx.Slice %arg0, %st1, %emax, %ax2, %none : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<10x18xf32>
  // CHECK: [[EMIN:%.+]] = onnx.Constant dense<-9223372036854775808> : tensor<1xi64>
  %emin = onnx.Constant dense<[-9223372036854775808]> : tensor<1xi64>
  // CHECK: onnx.Slice %arg0, [[ST2]], [[EMIN]], [[NONE]], [[STP2]] : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<10x20xf32>
  %6 = onnx.Slice %arg0, %st2, %emin, %none, %stp2 : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<10x20xf32>
  // start >= end with a positive step: an empty slice.
  // CHECK: [[ST4:%.+]] = onnx.Constant dense<5> : tensor<1xi64>
  %st4 = onnx.Constant dense<[5]> : tensor<1xi64>
  // CHECK: [[EN4:%.+]] = onnx.Constant dense<2> : tensor<1xi64>
  %en4 = onnx.Constant dense<[2]> : tensor<1xi64>
  // CHECK: onnx.Slice %arg0, [[ST4]], [[EN4]], [[NONE]], [[NONE]] : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, none, none) -> tensor<0x20xf32>
  %4 = onnx.Slice %arg0, %st4, %en4, %none, %none : (tensor<10x20xf32>, tensor<1xi64>, tensor<1xi64>, none, none) -> tensor<0x20xf32>
  return
}

// CHECK-LABEL: func.func @gather(
func.func @gather(%arg0: tensor<5x4x3xf32>, %arg1: tensor<3x4xf32>,
                  %arg2: tensor<2x3x4xf32>, %arg3: tensor<2x3xi64>) {
  // CHECK: [[I0:%.+]] = onnx.Constant {{.*}} : tensor<2x2xi64>
  %i0 = onnx.Constant dense<[[0, 1], [-1, 2]]> : tensor<2x2xi64>
  // CHECK: onnx.Gather %arg0, [[I0]] {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<2x2xi64>) -> tensor<5x2x2x3xf32>
  %0 = onnx.Gather %arg0, %i0 {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<2x2xi64>) -> tensor<5x2x2x3xf32>
  // A scalar index removes the axis.
  // CHECK: [[I1:%.+]] = onnx.Constant dense<3> : tensor<i64>
  %i1 = onnx.Constant dense<3> : tensor<i64>
  // CHECK: onnx.Gather %arg0, [[I1]] : (tensor<5x4x3xf32>, tensor<i64>) -> tensor<4x3xf32>
  %1 = onnx.Gather %arg0, %i1 : (tensor<5x4x3xf32>, tensor<i64>) -> tensor<4x3xf32>
  // CHECK: [[I2:%.+]] = onnx.Constant dense<[0, 4, -5]> : tensor<3xi32>
  %i2 = onnx.Constant dense<[0, 4, -5]> : tensor<3xi32>
  // CHECK: onnx.Gather %arg0, [[I2]] : (tensor<5x4x3xf32>, tensor<3xi32>) -> tensor<3x4x3xf32>
  %2 = onnx.Gather %arg0, %i2 : (tensor<5x4x3xf32>, tensor<3xi32>) -> tensor<3x4x3xf32>
  // CHECK: [[I3:%.+]] = onnx.Constant dense<-1> : tensor<i64>
  %i3 = onnx.Constant dense<-1> : tensor<i64>
  // CHECK: onnx.Gather %arg0, [[I3]] {axis = -1 : i64} : (tensor<5x4x3xf32>, tensor<i64>) -> tensor<5x4xf32>
  %3 = onnx.Gather %arg0, %i3 {axis = -1 : i64} : (tensor<5x4x3xf32>, tensor<i64>) -> tensor<5x4xf32>

  // GatherElements: the output has the shape of the indices.
  // CHECK: [[E0:%.+]] = onnx.Constant {{.*}} : tensor<2x4xi64>
  %e0 = onnx.Constant dense<[[0, 1, 2, 0], [2, 2, 1, -1]]> : tensor<2x4xi64>
  // CHECK: onnx.GatherElements %arg1, [[E0]] : (tensor<3x4xf32>, tensor<2x4xi64>) -> tensor<2x4xf32>
  %4 = onnx.GatherElements %arg1, %e0 : (tensor<3x4xf32>, tensor<2x4xi64>) -> tensor<2x4xf32>
  // CHECK: [[E1:%.+]] = onnx.Constant {{.*}} : tensor<3x2xi32>
  %e1 = onnx.Constant dense<[[0, 3], [1, 2], [3, 3]]> : tensor<3x2xi32>
  // CHECK: onnx.GatherElements %arg1, [[E1]] {axis = -1 : i64} : (tensor<3x4xf32>, tensor<3x2xi32>) -> tensor<3x2xf32>
  %5 = onnx.GatherElements %arg1, %e1 {axis = -1 : i64} : (tensor<3x4xf32>, tensor<3x2xi32>) -> tensor<3x2xf32>

  // GatherND: indices.shape[:-1] + data.shape[batch_dims + indices.shape[-1]:].
  // CHECK: [[N0:%.+]] = onnx.Constant {{.*}} : tensor<2x2xi64>
  %n0 = onnx.Constant dense<[[0, 1], [1, 2]]> : tensor<2x2xi64>
  // CHECK: onnx.GatherND %arg2, [[N0]] : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x4xf32>
  %6 = onnx.GatherND %arg2, %n0 : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x4xf32>
  // CHECK: [[N1:%.+]] = onnx.Constant {{.*}} : tensor<2x1xi64>
  %n1 = onnx.Constant dense<[[1], [2]]> : tensor<2x1xi64>
  // CHECK: onnx.GatherND %arg2, [[N1]] {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2x4xf32>
  %7 = onnx.GatherND %arg2, %n1 {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2x4xf32>
  // Full index tuples gather scalars.
  // CHECK: [[N2:%.+]] = onnx.Constant {{.*}} : tensor<4x2xi64>
  %n2 = onnx.Constant dense<[[0, 0], [1, 2], [0, 2], [1, 1]]> : tensor<4x2xi64>
  // CHECK: onnx.GatherND %arg3, [[N2]] : (tensor<2x3xi64>, tensor<4x2xi64>) -> tensor<4xi64>
  %8 = onnx.GatherND %arg3, %n2 : (tensor<2x3xi64>, tensor<4x2xi64>) -> tensor<4xi64>
  return
}

// CHECK-LABEL: func.func @scatter(
func.func @scatter(%arg0: tensor<4x4x4xf32>, %arg1: tensor<2x4x4xf32>,
                   %arg2: tensor<8xi32>, %arg3: tensor<4xi32>,
                   %arg4: tensor<3x3xf32>, %arg5: tensor<2x3xf32>,
                   %arg6: tensor<1x5xf32>, %arg7: tensor<1x2xf32>) {
  // CHECK: [[I0:%.+]] = onnx.Constant {{.*}} : tensor<2x1xi64>
  %i0 = onnx.Constant dense<[[0], [2]]> : tensor<2x1xi64>
  // CHECK: onnx.ScatterND %arg0, [[I0]], %arg1 {reduction = "add"} : (tensor<4x4x4xf32>, tensor<2x1xi64>, tensor<2x4x4xf32>) -> tensor<4x4x4xf32>
  %0 = onnx.ScatterND %arg0, %i0, %arg1 {reduction = "add"} : (tensor<4x4x4xf32>, tensor<2x1xi64>, tensor<2x4x4xf32>) -> tensor<4x4x4xf32>
  // CHECK: [[I1:%.+]] = onnx.Constant {{.*}} : tensor<4x1xi64>
  %i1 = onnx.Constant dense<[[4], [3], [1], [7]]> : tensor<4x1xi64>
  // CHECK: onnx.ScatterND %arg2, [[I1]], %arg3 : (tensor<8xi32>, tensor<4x1xi64>, tensor<4xi32>) -> tensor<8xi32>
  %1 = onnx.ScatterND %arg2, %i1, %arg3 : (tensor<8xi32>, tensor<4x1xi64>, tensor<4xi32>) -> tensor<8xi32>
  // CHECK: [[I2:%.+]] = onnx.Constant {{.*}} : tensor<2x3xi64>
  %i2 = onnx.Constant dense<[[1, 0, 2], [0, 2, 1]]> : tensor<2x3xi64>
  // CHECK: onnx.ScatterElements %arg4, [[I2]], %arg5 {reduction = "mul"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
  %2 = onnx.ScatterElements %arg4, %i2, %arg5 {reduction = "mul"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
  // CHECK: [[I3:%.+]] = onnx.Constant {{.*}} : tensor<1x2xi32>
  %i3 = onnx.Constant dense<[[1, 3]]> : tensor<1x2xi32>
  // CHECK: onnx.ScatterElements %arg6, [[I3]], %arg7 {axis = 1 : i64} : (tensor<1x5xf32>, tensor<1x2xi32>, tensor<1x2xf32>) -> tensor<1x5xf32>
  %3 = onnx.ScatterElements %arg6, %i3, %arg7 {axis = 1 : i64} : (tensor<1x5xf32>, tensor<1x2xi32>, tensor<1x2xf32>) -> tensor<1x5xf32>
  return
}

// CHECK-LABEL: func.func @expand_tile(
func.func @expand_tile(%arg0: tensor<3x1xf32>, %arg1: tensor<3x4xf32>,
                       %arg2: tensor<f32>, %arg3: tensor<2x3xf32>,
                       %arg4: tensor<3xi64>) {
  // CHECK: [[S0:%.+]] = onnx.Constant dense<[2, 1, 6]> : tensor<3xi64>
  %s0 = onnx.Constant dense<[2, 1, 6]> : tensor<3xi64>
  // CHECK: onnx.Expand %arg0, [[S0]] : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<2x3x6xf32>
  %0 = onnx.Expand %arg0, %s0 : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<2x3x6xf32>
  // Bidirectional: a 1 in the shape keeps the input dimension.
  // CHECK: [[S1:%.+]] = onnx.Constant dense<[1, 4]> : tensor<2xi64>
  %s1 = onnx.Constant dense<[1, 4]> : tensor<2xi64>
  // CHECK: onnx.Expand %arg1, [[S1]] : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  %1 = onnx.Expand %arg1, %s1 : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  // CHECK: [[S2:%.+]] = onnx.Constant dense<2> : tensor<2xi64>
  %s2 = onnx.Constant dense<[2, 2]> : tensor<2xi64>
  // CHECK: onnx.Expand %arg2, [[S2]] : (tensor<f32>, tensor<2xi64>) -> tensor<2x2xf32>
  %2 = onnx.Expand %arg2, %s2 : (tensor<f32>, tensor<2xi64>) -> tensor<2x2xf32>
  // CHECK: [[R0:%.+]] = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  %r0 = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  // CHECK: onnx.Tile %arg3, [[R0]] : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x9xf32>
  %3 = onnx.Tile %arg3, %r0 : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x9xf32>
  // CHECK: [[R1:%.+]] = onnx.Constant dense<3> : tensor<1xi64>
  %r1 = onnx.Constant dense<[3]> : tensor<1xi64>
  // CHECK: onnx.Tile %arg4, [[R1]] : (tensor<3xi64>, tensor<1xi64>) -> tensor<9xi64>
  %4 = onnx.Tile %arg4, %r1 : (tensor<3xi64>, tensor<1xi64>) -> tensor<9xi64>
  return
}

// CHECK-LABEL: func.func @pad(
func.func @pad(%arg0: tensor<1x3x4x4xf32>, %arg1: tensor<3x4xi32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // pads = [x1_begin, x2_begin, ..., x1_end, x2_end, ...]
  // CHECK: [[P0:%.+]] = onnx.Constant dense<[0, 0, 1, 2, 0, 0, 1, 2]> : tensor<8xi64>
  %p0 = onnx.Constant dense<[0, 0, 1, 2, 0, 0, 1, 2]> : tensor<8xi64>
  // CHECK: [[CV:%.+]] = onnx.Constant dense<5.000000e-01> : tensor<f32>
  %cv = onnx.Constant dense<0.5> : tensor<f32>
  // CHECK: onnx.Pad %arg0, [[P0]], [[CV]] : (tensor<1x3x4x4xf32>, tensor<8xi64>, tensor<f32>) -> tensor<1x3x6x8xf32>
  %0 = onnx.Pad %arg0, %p0, %cv : (tensor<1x3x4x4xf32>, tensor<8xi64>, tensor<f32>) -> tensor<1x3x6x8xf32>
  // CHECK: [[P1:%.+]] = onnx.Constant dense<[0, 0, 1, 1, 0, 0, 1, 1]> : tensor<8xi64>
  %p1 = onnx.Constant dense<[0, 0, 1, 1, 0, 0, 1, 1]> : tensor<8xi64>
  // CHECK: onnx.Pad %arg0, [[P1]], [[NONE]] {mode = "reflect"} : (tensor<1x3x4x4xf32>, tensor<8xi64>, none) -> tensor<1x3x6x6xf32>
  %1 = onnx.Pad %arg0, %p1, %none {mode = "reflect"} : (tensor<1x3x4x4xf32>, tensor<8xi64>, none) -> tensor<1x3x6x6xf32>
  // Negative pads remove elements.
  // CHECK: [[P2:%.+]] = onnx.Constant dense<[0, -1, 0, 2]> : tensor<4xi64>
  %p2 = onnx.Constant dense<[0, -1, 0, 2]> : tensor<4xi64>
  // CHECK: onnx.Pad %arg1, [[P2]], [[NONE]] {mode = "edge"} : (tensor<3x4xi32>, tensor<4xi64>, none) -> tensor<3x5xi32>
  %2 = onnx.Pad %arg1, %p2, %none {mode = "edge"} : (tensor<3x4xi32>, tensor<4xi64>, none) -> tensor<3x5xi32>
  return
}

// CHECK-LABEL: func.func @shape_size(
func.func @shape_size(%arg0: tensor<2x3x4xf32>, %arg1: tensor<f32>) {
  // CHECK: onnx.Shape %arg0 : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %0 = onnx.Shape %arg0 : (tensor<2x3x4xf32>) -> tensor<3xi64>
  // CHECK: onnx.Shape %arg0 {start = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
  %1 = onnx.Shape %arg0 {start = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
  // CHECK: onnx.Shape %arg0 {end = -1 : i64, start = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<1xi64>
  %2 = onnx.Shape %arg0 {end = -1 : i64, start = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<1xi64>
  // CHECK: onnx.Shape %arg0 {start = -2 : i64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
  %3 = onnx.Shape %arg0 {start = -2 : i64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
  // Out-of-range end is clamped to the rank.
  // CHECK: onnx.Shape %arg0 {end = 10 : i64} : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %4 = onnx.Shape %arg0 {end = 10 : i64} : (tensor<2x3x4xf32>) -> tensor<3xi64>
  // CHECK: onnx.Shape %arg1 : (tensor<f32>) -> tensor<0xi64>
  %5 = onnx.Shape %arg1 : (tensor<f32>) -> tensor<0xi64>
  // CHECK: onnx.Size %arg0 : (tensor<2x3x4xf32>) -> tensor<i64>
  %6 = onnx.Size %arg0 : (tensor<2x3x4xf32>) -> tensor<i64>
  // CHECK: onnx.Size %arg1 : (tensor<f32>) -> tensor<i64>
  %7 = onnx.Size %arg1 : (tensor<f32>) -> tensor<i64>
  return
}

// CHECK-LABEL: func.func @cast(
func.func @cast(%arg0: tensor<2x3xf32>, %arg1: tensor<4xi64>,
                %arg2: tensor<1xi32>) {
  // CHECK: onnx.Cast %arg0 {to = f16} : (tensor<2x3xf32>) -> tensor<2x3xf16>
  %0 = onnx.Cast %arg0 {to = f16} : (tensor<2x3xf32>) -> tensor<2x3xf16>
  // CHECK: onnx.Cast %arg0 {to = i1} : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %1 = onnx.Cast %arg0 {to = i1} : (tensor<2x3xf32>) -> tensor<2x3xi1>
  // CHECK: onnx.Cast %arg0 {to = ui8} : (tensor<2x3xf32>) -> tensor<2x3xui8>
  %2 = onnx.Cast %arg0 {to = ui8} : (tensor<2x3xf32>) -> tensor<2x3xui8>
  // CHECK: onnx.Cast %arg1 {to = f32} : (tensor<4xi64>) -> tensor<4xf32>
  %3 = onnx.Cast %arg1 {to = f32} : (tensor<4xi64>) -> tensor<4xf32>
  // CHECK: onnx.Cast %arg1 {to = i64} : (tensor<4xi64>) -> tensor<4xi64>
  %4 = onnx.Cast %arg1 {to = i64} : (tensor<4xi64>) -> tensor<4xi64>
  // CHECK: onnx.CastLike %arg0, %arg2 : (tensor<2x3xf32>, tensor<1xi32>) -> tensor<2x3xi32>
  %5 = onnx.CastLike %arg0, %arg2 : (tensor<2x3xf32>, tensor<1xi32>) -> tensor<2x3xi32>
  // CHECK: onnx.CastLike %arg1, %arg0 : (tensor<4xi64>, tensor<2x3xf32>) -> tensor<4xf32>
  %6 = onnx.CastLike %arg1, %arg0 : (tensor<4xi64>, tensor<2x3xf32>) -> tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Generators and layout ops.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @constant_of_shape(
func.func @constant_of_shape() {
  // CHECK: [[S0:%.+]] = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  %s0 = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  // Default value: float 0.
  // CHECK: onnx.ConstantOfShape [[S0]] : (tensor<2xi64>) -> tensor<2x3xf32>
  %0 = onnx.ConstantOfShape %s0 : (tensor<2xi64>) -> tensor<2x3xf32>
  // CHECK: onnx.ConstantOfShape [[S0]] {value = dense<1> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<2x3xi64>
  %1 = onnx.ConstantOfShape %s0 {value = dense<1> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<2x3xi64>
  // An empty shape gives a scalar.
  // CHECK: [[S1:%.+]] = onnx.Constant dense<> : tensor<0xi64>
  %s1 = onnx.Constant dense<> : tensor<0xi64>
  // CHECK: onnx.ConstantOfShape [[S1]] {value = dense<5.000000e+00> : tensor<1xf32>} : (tensor<0xi64>) -> tensor<f32>
  %2 = onnx.ConstantOfShape %s1 {value = dense<5.0> : tensor<1xf32>} : (tensor<0xi64>) -> tensor<f32>
  // CHECK: onnx.ConstantOfShape [[S0]] {value = dense<true> : tensor<1xi1>} : (tensor<2xi64>) -> tensor<2x3xi1>
  %3 = onnx.ConstantOfShape %s0 {value = dense<true> : tensor<1xi1>} : (tensor<2xi64>) -> tensor<2x3xi1>
  return
}

// CHECK-LABEL: func.func @range(
func.func @range() {
  // max(ceil((limit - start) / delta), 0) elements.
  // CHECK: [[FS:%.+]] = onnx.Constant dense<1.000000e+00> : tensor<f32>
  %fs = onnx.Constant dense<1.0> : tensor<f32>
  // CHECK: [[FL:%.+]] = onnx.Constant dense<5.000000e+00> : tensor<f32>
  %fl = onnx.Constant dense<5.0> : tensor<f32>
  // CHECK: [[FD:%.+]] = onnx.Constant dense<5.000000e-01> : tensor<f32>
  %fd = onnx.Constant dense<0.5> : tensor<f32>
  // CHECK: onnx.Range [[FS]], [[FL]], [[FD]] : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<8xf32>
  %0 = onnx.Range %fs, %fl, %fd : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<8xf32>
  // CHECK: [[IS:%.+]] = onnx.Constant dense<0> : tensor<i64>
  %is = onnx.Constant dense<0> : tensor<i64>
  // CHECK: [[IL:%.+]] = onnx.Constant dense<10> : tensor<i64>
  %il = onnx.Constant dense<10> : tensor<i64>
  // CHECK: [[ID:%.+]] = onnx.Constant dense<3> : tensor<i64>
  %id = onnx.Constant dense<3> : tensor<i64>
  // CHECK: onnx.Range [[IS]], [[IL]], [[ID]] : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<4xi64>
  %1 = onnx.Range %is, %il, %id : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<4xi64>
  // CHECK: [[NS:%.+]] = onnx.Constant dense<10> : tensor<i32>
  %ns = onnx.Constant dense<10> : tensor<i32>
  // CHECK: [[NL:%.+]] = onnx.Constant dense<4> : tensor<i32>
  %nl = onnx.Constant dense<4> : tensor<i32>
  // CHECK: [[ND:%.+]] = onnx.Constant dense<-2> : tensor<i32>
  %nd = onnx.Constant dense<-2> : tensor<i32>
  // CHECK: onnx.Range [[NS]], [[NL]], [[ND]] : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<3xi32>
  %2 = onnx.Range %ns, %nl, %nd : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<3xi32>
  // ceil((1 - 0) / 0.3) = 4.
  // CHECK: [[FZ:%.+]] = onnx.Constant dense<0.000000e+00> : tensor<f32>
  %fz = onnx.Constant dense<0.0> : tensor<f32>
  // CHECK: [[F1:%.+]] = onnx.Constant dense<3.000000e-01> : tensor<f32>
  %f1 = onnx.Constant dense<0.3> : tensor<f32>
  // CHECK: onnx.Range [[FZ]], [[FS]], [[F1]] : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  %4 = onnx.Range %fz, %fs, %f1 : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  // Empty range.
  // CHECK: onnx.Range [[IL]], [[IS]], [[ID]] : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<0xi64>
  %3 = onnx.Range %il, %is, %id : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<0xi64>
  return
}

// CHECK-LABEL: func.func @trilu(
func.func @trilu(%arg0: tensor<4x5xf32>, %arg1: tensor<2x3x3xi64>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: [[K:%.+]] = onnx.Constant dense<1> : tensor<i64>
  %k = onnx.Constant dense<1> : tensor<i64>
  // CHECK: onnx.Trilu %arg0, [[K]] {upper = 0 : i64} : (tensor<4x5xf32>, tensor<i64>) -> tensor<4x5xf32>
  %0 = onnx.Trilu %arg0, %k {upper = 0 : i64} : (tensor<4x5xf32>, tensor<i64>) -> tensor<4x5xf32>
  // CHECK: onnx.Trilu %arg0, [[NONE]] : (tensor<4x5xf32>, none) -> tensor<4x5xf32>
  %1 = onnx.Trilu %arg0, %none : (tensor<4x5xf32>, none) -> tensor<4x5xf32>
  // CHECK: [[KN:%.+]] = onnx.Constant dense<-1> : tensor<i64>
  %kn = onnx.Constant dense<-1> : tensor<i64>
  // CHECK: onnx.Trilu %arg1, [[KN]] : (tensor<2x3x3xi64>, tensor<i64>) -> tensor<2x3x3xi64>
  %2 = onnx.Trilu %arg1, %kn : (tensor<2x3x3xi64>, tensor<i64>) -> tensor<2x3x3xi64>
  return
}

// CHECK-LABEL: func.func @depth_space(
func.func @depth_space(%arg0: tensor<1x8x2x3xf32>, %arg1: tensor<1x2x4x6xf32>) {
  // CHECK: onnx.DepthToSpace %arg0 {blocksize = 2 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  %0 = onnx.DepthToSpace %arg0 {blocksize = 2 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  // CHECK: onnx.DepthToSpace %arg0 {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  %1 = onnx.DepthToSpace %arg0 {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  // CHECK: onnx.SpaceToDepth %arg1 {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
  %2 = onnx.SpaceToDepth %arg1 {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
  return
}

// CHECK-LABEL: func.func @resize(
func.func @resize(%arg0: tensor<1x3x4x4xf32>, %arg1: tensor<1x1x5x5xf32>,
                  %arg2: tensor<1x1x4x4xf32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // By scales: floor(4 * 2) = 8.
  // CHECK: [[SC0:%.+]] = onnx.Constant dense<[1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00]> : tensor<4xf32>
  %sc0 = onnx.Constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  // CHECK: onnx.Resize %arg0, [[NONE]], [[SC0]], [[NONE]] {coordinate_transformation_mode = "align_corners", mode = "linear"} : (tensor<1x3x4x4xf32>, none, tensor<4xf32>, none) -> tensor<1x3x8x8xf32>
  %0 = onnx.Resize %arg0, %none, %sc0, %none {coordinate_transformation_mode = "align_corners", mode = "linear"} : (tensor<1x3x4x4xf32>, none, tensor<4xf32>, none) -> tensor<1x3x8x8xf32>
  // Downscale: floor(5 * 0.5) = 2.
  // CHECK: [[SC1:%.+]] = onnx.Constant dense<[1.000000e+00, 1.000000e+00, 5.000000e-01, 5.000000e-01]> : tensor<4xf32>
  %sc1 = onnx.Constant dense<[1.0, 1.0, 0.5, 0.5]> : tensor<4xf32>
  // CHECK: onnx.Resize %arg1, [[NONE]], [[SC1]], [[NONE]] {nearest_mode = "floor"} : (tensor<1x1x5x5xf32>, none, tensor<4xf32>, none) -> tensor<1x1x2x2xf32>
  %1 = onnx.Resize %arg1, %none, %sc1, %none {nearest_mode = "floor"} : (tensor<1x1x5x5xf32>, none, tensor<4xf32>, none) -> tensor<1x1x2x2xf32>
  // floor(5 * 1.5) = 7.
  // CHECK: [[SC2:%.+]] = onnx.Constant dense<[1.000000e+00, 1.000000e+00, 1.500000e+00, 1.500000e+00]> : tensor<4xf32>
  %sc2 = onnx.Constant dense<[1.0, 1.0, 1.5, 1.5]> : tensor<4xf32>
  // CHECK: onnx.Resize %arg1, [[NONE]], [[SC2]], [[NONE]] : (tensor<1x1x5x5xf32>, none, tensor<4xf32>, none) -> tensor<1x1x7x7xf32>
  %5 = onnx.Resize %arg1, %none, %sc2, %none : (tensor<1x1x5x5xf32>, none, tensor<4xf32>, none) -> tensor<1x1x7x7xf32>
  // By sizes.
  // CHECK: [[SZ0:%.+]] = onnx.Constant dense<[1, 3, 6, 10]> : tensor<4xi64>
  %sz0 = onnx.Constant dense<[1, 3, 6, 10]> : tensor<4xi64>
  // CHECK: onnx.Resize %arg0, [[NONE]], [[NONE]], [[SZ0]] {cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = 1 : i64, mode = "cubic"} : (tensor<1x3x4x4xf32>, none, none, tensor<4xi64>) -> tensor<1x3x6x10xf32>
  %2 = onnx.Resize %arg0, %none, %none, %sz0 {cubic_coeff_a = -0.5 : f32, exclude_outside = 1 : i64, mode = "cubic"} : (tensor<1x3x4x4xf32>, none, none, tensor<4xi64>) -> tensor<1x3x6x10xf32>
  // Exporters often pass empty roi and scales next to sizes.
  // CHECK: [[EMPTY:%.+]] = onnx.Constant dense<> : tensor<0xf32>
  %empty = onnx.Constant dense<> : tensor<0xf32>
  // CHECK: [[SZ1:%.+]] = onnx.Constant dense<[1, 3, 8, 8]> : tensor<4xi64>
  %sz1 = onnx.Constant dense<[1, 3, 8, 8]> : tensor<4xi64>
  // CHECK: onnx.Resize %arg0, [[EMPTY]], [[EMPTY]], [[SZ1]] : (tensor<1x3x4x4xf32>, tensor<0xf32>, tensor<0xf32>, tensor<4xi64>) -> tensor<1x3x8x8xf32>
  %3 = onnx.Resize %arg0, %empty, %empty, %sz1 : (tensor<1x3x4x4xf32>, tensor<0xf32>, tensor<0xf32>, tensor<4xi64>) -> tensor<1x3x8x8xf32>
  // tf_crop_and_resize uses roi.
  // CHECK: [[ROI:%.+]] = onnx.Constant dense<[0.000000e+00, 0.000000e+00, 4.000000e-01, 6.000000e-01, 1.000000e+00, 1.000000e+00, 6.000000e-01, 8.000000e-01]> : tensor<8xf32>
  %roi = onnx.Constant dense<[0.0, 0.0, 0.4, 0.6, 1.0, 1.0, 0.6, 0.8]> : tensor<8xf32>
  // CHECK: [[SZ2:%.+]] = onnx.Constant dense<[1, 1, 3, 3]> : tensor<4xi64>
  %sz2 = onnx.Constant dense<[1, 1, 3, 3]> : tensor<4xi64>
  // CHECK: onnx.Resize %arg2, [[ROI]], [[NONE]], [[SZ2]] {coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 1.000000e+01 : f32, mode = "linear"} : (tensor<1x1x4x4xf32>, tensor<8xf32>, none, tensor<4xi64>) -> tensor<1x1x3x3xf32>
  %4 = onnx.Resize %arg2, %roi, %none, %sz2 {coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 10.0 : f32, mode = "linear"} : (tensor<1x1x4x4xf32>, tensor<8xf32>, none, tensor<4xi64>) -> tensor<1x1x3x3xf32>
  return
}

// CHECK-LABEL: func.func @one_hot(
func.func @one_hot(%arg0: tensor<3xi64>, %arg1: tensor<2x3xi32>) {
  // CHECK: [[D0:%.+]] = onnx.Constant dense<5> : tensor<i64>
  %d0 = onnx.Constant dense<5> : tensor<i64>
  // CHECK: [[V0:%.+]] = onnx.Constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
  %v0 = onnx.Constant dense<[0.0, 1.0]> : tensor<2xf32>
  // CHECK: onnx.OneHot %arg0, [[D0]], [[V0]] : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x5xf32>
  %0 = onnx.OneHot %arg0, %d0, %v0 : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x5xf32>
  // CHECK: [[D1:%.+]] = onnx.Constant dense<4.000000e+00> : tensor<1xf32>
  %d1 = onnx.Constant dense<[4.0]> : tensor<1xf32>
  // CHECK: [[V1:%.+]] = onnx.Constant dense<[0, 1]> : tensor<2xi64>
  %v1 = onnx.Constant dense<[0, 1]> : tensor<2xi64>
  // CHECK: onnx.OneHot %arg1, [[D1]], [[V1]] {axis = 0 : i64} : (tensor<2x3xi32>, tensor<1xf32>, tensor<2xi64>) -> tensor<4x2x3xi64>
  %1 = onnx.OneHot %arg1, %d1, %v1 {axis = 0 : i64} : (tensor<2x3xi32>, tensor<1xf32>, tensor<2xi64>) -> tensor<4x2x3xi64>
  // CHECK: onnx.OneHot %arg1, [[D1]], [[V1]] {axis = 1 : i64} : (tensor<2x3xi32>, tensor<1xf32>, tensor<2xi64>) -> tensor<2x4x3xi64>
  %2 = onnx.OneHot %arg1, %d1, %v1 {axis = 1 : i64} : (tensor<2x3xi32>, tensor<1xf32>, tensor<2xi64>) -> tensor<2x4x3xi64>
  return
}

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reduce(
func.func @reduce(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x3xi32>) {
  // CHECK: onnx.ReduceMean %arg0 {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %0 = onnx.ReduceMean %arg0 {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  // CHECK: onnx.ReduceMax %arg0 {axes = array<i64: 0, 2>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %1 = onnx.ReduceMax %arg0 {axes = array<i64: 0, 2>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  // No axes: reduce everything.
  // CHECK: onnx.ReduceMin %arg0 : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  %2 = onnx.ReduceMin %arg0 : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  // CHECK: onnx.ReduceProd %arg0 {keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<f32>
  %3 = onnx.ReduceProd %arg0 {keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<f32>
  // CHECK: onnx.ReduceL1 %arg0 {axes = array<i64: -1>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %4 = onnx.ReduceL1 %arg0 {axes = array<i64: -1>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  // CHECK: onnx.ReduceL2 %arg0 {axes = array<i64: -1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  %5 = onnx.ReduceL2 %arg0 {axes = array<i64: -1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.ReduceSumSquare %arg0 {axes = array<i64: 0>} : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
  %6 = onnx.ReduceSumSquare %arg0 {axes = array<i64: 0>} : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
  // CHECK: onnx.ReduceLogSum %arg0 {axes = array<i64: 1, 2>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2xf32>
  %7 = onnx.ReduceLogSum %arg0 {axes = array<i64: 1, 2>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2xf32>
  // CHECK: onnx.ReduceLogSumExp %arg0 {axes = array<i64: -2>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %8 = onnx.ReduceLogSumExp %arg0 {axes = array<i64: -2>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  // CHECK: onnx.ReduceMax %arg1 {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xi32>) -> tensor<2xi32>
  %9 = onnx.ReduceMax %arg1 {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xi32>) -> tensor<2xi32>
  return
}

// CHECK-LABEL: func.func @reduce_sum(
func.func @reduce_sum(%arg0: tensor<2x3x4xf32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: [[A0:%.+]] = onnx.Constant dense<1> : tensor<1xi64>
  %a0 = onnx.Constant dense<[1]> : tensor<1xi64>
  // CHECK: onnx.ReduceSum %arg0, [[A0]] : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x1x4xf32>
  %0 = onnx.ReduceSum %arg0, %a0 : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x1x4xf32>
  // CHECK: onnx.ReduceSum %arg0, [[NONE]] {keepdims = 0 : i64} : (tensor<2x3x4xf32>, none) -> tensor<f32>
  %1 = onnx.ReduceSum %arg0, %none {keepdims = 0 : i64} : (tensor<2x3x4xf32>, none) -> tensor<f32>
  // noop_with_empty_axes: no axes is the identity.
  // CHECK: onnx.ReduceSum %arg0, [[NONE]] {noop_with_empty_axes = 1 : i64} : (tensor<2x3x4xf32>, none) -> tensor<2x3x4xf32>
  %2 = onnx.ReduceSum %arg0, %none {noop_with_empty_axes = 1 : i64} : (tensor<2x3x4xf32>, none) -> tensor<2x3x4xf32>
  // Empty axes without noop_with_empty_axes reduce everything.
  // CHECK: [[A1:%.+]] = onnx.Constant dense<> : tensor<0xi64>
  %a1 = onnx.Constant dense<> : tensor<0xi64>
  // CHECK: onnx.ReduceSum %arg0, [[A1]] : (tensor<2x3x4xf32>, tensor<0xi64>) -> tensor<1x1x1xf32>
  %3 = onnx.ReduceSum %arg0, %a1 : (tensor<2x3x4xf32>, tensor<0xi64>) -> tensor<1x1x1xf32>
  // CHECK: [[A2:%.+]] = onnx.Constant dense<[-1, 0]> : tensor<2xi64>
  %a2 = onnx.Constant dense<[-1, 0]> : tensor<2xi64>
  // CHECK: onnx.ReduceSum %arg0, [[A2]] {keepdims = 0 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<3xf32>
  %4 = onnx.ReduceSum %arg0, %a2 {keepdims = 0 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<3xf32>
  return
}

// CHECK-LABEL: func.func @arg_reduce(
func.func @arg_reduce(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x3xi32>) {
  // CHECK: onnx.ArgMax %arg0 {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
  %0 = onnx.ArgMax %arg0 {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
  // CHECK: onnx.ArgMin %arg0 {axis = -1 : i64, keepdims = 0 : i64, select_last_index = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3xi64>
  %1 = onnx.ArgMin %arg0 {axis = -1 : i64, keepdims = 0 : i64, select_last_index = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3xi64>
  // CHECK: onnx.ArgMax %arg1 : (tensor<2x3xi32>) -> tensor<1x3xi64>
  %2 = onnx.ArgMax %arg1 : (tensor<2x3xi32>) -> tensor<1x3xi64>
  // CHECK: onnx.ArgMin %arg1 {keepdims = 0 : i64} : (tensor<2x3xi32>) -> tensor<3xi64>
  %3 = onnx.ArgMin %arg1 {keepdims = 0 : i64} : (tensor<2x3xi32>) -> tensor<3xi64>
  return
}

// CHECK-LABEL: func.func @topk(
func.func @topk(%arg0: tensor<3x4xf32>, %arg1: tensor<5xi32>) {
  // CHECK: [[K2:%.+]] = onnx.Constant dense<2> : tensor<1xi64>
  %k2 = onnx.Constant dense<[2]> : tensor<1xi64>
  // CHECK: {{%[^,]+}}, [[TIDX:%[^ ]+]] = onnx.TopK %arg0, [[K2]] : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  %0:2 = onnx.TopK %arg0, %k2 : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  // CHECK: [[K3:%.+]] = onnx.Constant dense<3> : tensor<1xi64>
  %k3 = onnx.Constant dense<[3]> : tensor<1xi64>
  // CHECK: onnx.TopK %arg0, [[K3]] {axis = 0 : i64, largest = 0 : i64, sorted = 0 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x4xf32>, tensor<3x4xi64>)
  %1:2 = onnx.TopK %arg0, %k3 {axis = 0 : i64, largest = 0 : i64, sorted = 0 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x4xf32>, tensor<3x4xi64>)
  // CHECK: onnx.TopK %arg1, [[K3]] : (tensor<5xi32>, tensor<1xi64>) -> (tensor<3xi32>, tensor<3xi64>)
  %2:2 = onnx.TopK %arg1, %k3 : (tensor<5xi32>, tensor<1xi64>) -> (tensor<3xi32>, tensor<3xi64>)
  // CHECK: onnx.Identity [[TIDX]] : (tensor<3x2xi64>) -> tensor<3x2xi64>
  %3 = onnx.Identity %0#1 : (tensor<3x2xi64>) -> tensor<3x2xi64>
  return
}

// CHECK-LABEL: func.func @cumsum(
func.func @cumsum(%arg0: tensor<2x3xf32>, %arg1: tensor<5xi64>) {
  // CHECK: [[AX:%.+]] = onnx.Constant dense<1> : tensor<i64>
  %ax = onnx.Constant dense<1> : tensor<i64>
  // CHECK: onnx.CumSum %arg0, [[AX]] : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  %0 = onnx.CumSum %arg0, %ax : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  // CHECK: [[AXN:%.+]] = onnx.Constant dense<-1> : tensor<i32>
  %axn = onnx.Constant dense<-1> : tensor<i32>
  // CHECK: onnx.CumSum %arg0, [[AXN]] {exclusive = 1 : i64, reverse = 1 : i64} : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  %1 = onnx.CumSum %arg0, %axn {exclusive = 1 : i64, reverse = 1 : i64} : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  // CHECK: onnx.CumSum %arg1, [[AXN]] : (tensor<5xi64>, tensor<i32>) -> tensor<5xi64>
  %2 = onnx.CumSum %arg1, %axn : (tensor<5xi64>, tensor<i32>) -> tensor<5xi64>
  return
}

//===----------------------------------------------------------------------===//
// Quantization.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @quantize(
func.func @quantize(%arg0: tensor<2x3xf32>, %arg1: tensor<1x3x2x2xf32>,
                    %arg2: tensor<2x3xui8>, %arg3: tensor<4xi32>,
                    %arg4: tensor<4x3xi8>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: [[SC:%.+]] = onnx.Constant dense<1.250000e-01> : tensor<f32>
  %sc = onnx.Constant dense<0.125> : tensor<f32>
  // CHECK: [[ZP:%.+]] = onnx.Constant dense<128> : tensor<ui8>
  %zp = onnx.Constant dense<128> : tensor<ui8>
  // Per tensor.
  // CHECK: onnx.QuantizeLinear %arg0, [[SC]], [[ZP]] : (tensor<2x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
  %0 = onnx.QuantizeLinear %arg0, %sc, %zp : (tensor<2x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
  // No zero point: uint8.
  // CHECK: onnx.QuantizeLinear %arg0, [[SC]], [[NONE]] : (tensor<2x3xf32>, tensor<f32>, none) -> tensor<2x3xui8>
  %1 = onnx.QuantizeLinear %arg0, %sc, %none : (tensor<2x3xf32>, tensor<f32>, none) -> tensor<2x3xui8>
  // Per axis (default axis 1).
  // CHECK: [[SCA:%.+]] = onnx.Constant dense<[1.250000e-01, 2.500000e-01, 5.000000e-01]> : tensor<3xf32>
  %sca = onnx.Constant dense<[0.125, 0.25, 0.5]> : tensor<3xf32>
  // CHECK: [[ZPA:%.+]] = onnx.Constant dense<[0, 1, -1]> : tensor<3xi8>
  %zpa = onnx.Constant dense<[0, 1, -1]> : tensor<3xi8>
  // CHECK: onnx.QuantizeLinear %arg1, [[SCA]], [[ZPA]] : (tensor<1x3x2x2xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<1x3x2x2xi8>
  %2 = onnx.QuantizeLinear %arg1, %sca, %zpa : (tensor<1x3x2x2xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<1x3x2x2xi8>
  // CHECK: onnx.DequantizeLinear %arg2, [[SC]], [[ZP]] : (tensor<2x3xui8>, tensor<f32>, tensor<ui8>) -> tensor<2x3xf32>
  %3 = onnx.DequantizeLinear %arg2, %sc, %zp : (tensor<2x3xui8>, tensor<f32>, tensor<ui8>) -> tensor<2x3xf32>
  // int32 input (a bias) has no zero point.
  // CHECK: onnx.DequantizeLinear %arg3, [[SC]], [[NONE]] : (tensor<4xi32>, tensor<f32>, none) -> tensor<4xf32>
  %4 = onnx.DequantizeLinear %arg3, %sc, %none : (tensor<4xi32>, tensor<f32>, none) -> tensor<4xf32>
  // CHECK: onnx.DequantizeLinear %arg4, [[SCA]], [[ZPA]] : (tensor<4x3xi8>, tensor<3xf32>, tensor<3xi8>) -> tensor<4x3xf32>
  %5 = onnx.DequantizeLinear %arg4, %sca, %zpa : (tensor<4x3xi8>, tensor<3xf32>, tensor<3xi8>) -> tensor<4x3xf32>
  // CHECK: [[SC4:%.+]] = onnx.Constant dense<[1.250000e-01, 2.500000e-01, 5.000000e-01, 1.000000e+00]> : tensor<4xf32>
  %sc4 = onnx.Constant dense<[0.125, 0.25, 0.5, 1.0]> : tensor<4xf32>
  // CHECK: onnx.DequantizeLinear %arg4, [[SC4]], [[NONE]] {axis = 0 : i64} : (tensor<4x3xi8>, tensor<4xf32>, none) -> tensor<4x3xf32>
  %6 = onnx.DequantizeLinear %arg4, %sc4, %none {axis = 0 : i64} : (tensor<4x3xi8>, tensor<4xf32>, none) -> tensor<4x3xf32>
  // CHECK: onnx.DynamicQuantizeLinear %arg0 : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
  %7:3 = onnx.DynamicQuantizeLinear %arg0 : (tensor<2x3xf32>) -> (tensor<2x3xui8>, tensor<f32>, tensor<ui8>)
  return
}

//===----------------------------------------------------------------------===//
// Recurrent layers.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @lstm(
func.func @lstm(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x12x4xf32>,
                %arg2: tensor<1x12x3xf32>, %arg3: tensor<1x24xf32>,
                %arg4: tensor<2xi32>, %arg5: tensor<1x2x3xf32>,
                %arg6: tensor<1x9xf32>, %arg7: tensor<2x12x4xf32>,
                %arg8: tensor<2x12x3xf32>, %arg9: tensor<2x5x4xf32>,
                %arg10: tensor<2x1x3xf32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // Every input and output present (layout 0: [seq, batch, ...]).
  // CHECK: {{%[^,]+}}, {{%[^,]+}}, [[YC:%[^ ]+]] = onnx.LSTM %arg0, %arg1, %arg2, %arg3, %arg4, %arg5, %arg5, %arg6
  // CHECK-SAME: activations = ["Sigmoid", "Tanh", "Tanh"]
  // CHECK-SAME: clip = 3.000000e+00 : f32
  // CHECK-SAME: hidden_size = 3 : i64
  // CHECK-SAME: input_forget = 1 : i64
  // CHECK-SAME: : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, tensor<1x24xf32>, tensor<2xi32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x9xf32>) -> (tensor<5x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  %0:3 = onnx.LSTM %arg0, %arg1, %arg2, %arg3, %arg4, %arg5, %arg5, %arg6 {activations = ["Sigmoid", "Tanh", "Tanh"], clip = 3.0 : f32, hidden_size = 3 : i64, input_forget = 1 : i64} : (tensor<5x2x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, tensor<1x24xf32>, tensor<2xi32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x9xf32>) -> (tensor<5x1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>)
  // Bidirectional, Y absent, optional inputs absent.
  // CHECK: onnx.LSTM %arg0, %arg7, %arg8, [[NONE]], [[NONE]], [[NONE]], [[NONE]], [[NONE]] {direction = "bidirectional", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<2x12x4xf32>, tensor<2x12x3xf32>, none, none, none, none, none) -> (none, tensor<2x2x3xf32>, tensor<2x2x3xf32>)
  %1:3 = onnx.LSTM %arg0, %arg7, %arg8, %none, %none, %none, %none, %none {direction = "bidirectional", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<2x12x4xf32>, tensor<2x12x3xf32>, none, none, none, none, none) -> (none, tensor<2x2x3xf32>, tensor<2x2x3xf32>)
  // layout 1: [batch, seq, ...]; Y_c absent.
  // CHECK: onnx.LSTM %arg9, %arg1, %arg2, [[NONE]], [[NONE]], %arg10, [[NONE]], [[NONE]] {hidden_size = 3 : i64, layout = 1 : i64} : (tensor<2x5x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, tensor<2x1x3xf32>, none, none) -> (tensor<2x5x1x3xf32>, tensor<2x1x3xf32>, none)
  %2:3 = onnx.LSTM %arg9, %arg1, %arg2, %none, %none, %arg10, %none, %none {hidden_size = 3 : i64, layout = 1 : i64} : (tensor<2x5x4xf32>, tensor<1x12x4xf32>, tensor<1x12x3xf32>, none, none, tensor<2x1x3xf32>, none, none) -> (tensor<2x5x1x3xf32>, tensor<2x1x3xf32>, none)
  // CHECK: onnx.Identity [[YC]] : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %3 = onnx.Identity %0#2 : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  return
}

// CHECK-LABEL: func.func @gru(
func.func @gru(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x9x4xf32>,
               %arg2: tensor<1x9x3xf32>, %arg3: tensor<1x18xf32>,
               %arg4: tensor<1x2x3xf32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: onnx.GRU %arg0, %arg1, %arg2, %arg3, [[NONE]], %arg4
  // CHECK-SAME: activation_alpha = array<f32: 5.000000e-01>
  // CHECK-SAME: activation_beta = array<f32: 2.500000e-01>
  // CHECK-SAME: activations = ["HardSigmoid", "Tanh"]
  // CHECK-SAME: hidden_size = 3 : i64
  // CHECK-SAME: linear_before_reset = 1 : i64
  // CHECK-SAME: : (tensor<5x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, tensor<1x18xf32>, none, tensor<1x2x3xf32>) -> (tensor<5x1x2x3xf32>, tensor<1x2x3xf32>)
  %0:2 = onnx.GRU %arg0, %arg1, %arg2, %arg3, %none, %arg4 {activation_alpha = array<f32: 0.5>, activation_beta = array<f32: 0.25>, activations = ["HardSigmoid", "Tanh"], hidden_size = 3 : i64, linear_before_reset = 1 : i64} : (tensor<5x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, tensor<1x18xf32>, none, tensor<1x2x3xf32>) -> (tensor<5x1x2x3xf32>, tensor<1x2x3xf32>)
  // Y_h absent.
  // CHECK: onnx.GRU %arg0, %arg1, %arg2, [[NONE]], [[NONE]], [[NONE]] {direction = "reverse", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, none, none, none) -> (tensor<5x1x2x3xf32>, none)
  %1:2 = onnx.GRU %arg0, %arg1, %arg2, %none, %none, %none {direction = "reverse", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, none, none, none) -> (tensor<5x1x2x3xf32>, none)
  // Y absent.
  // CHECK: onnx.GRU %arg0, %arg1, %arg2, [[NONE]], [[NONE]], [[NONE]] {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, none, none, none) -> (none, tensor<1x2x3xf32>)
  %2:2 = onnx.GRU %arg0, %arg1, %arg2, %none, %none, %none {hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x9x4xf32>, tensor<1x9x3xf32>, none, none, none) -> (none, tensor<1x2x3xf32>)
  return
}

// CHECK-LABEL: func.func @rnn(
func.func @rnn(%arg0: tensor<5x2x4xf32>, %arg1: tensor<1x3x4xf32>,
               %arg2: tensor<1x3x3xf32>, %arg3: tensor<1x6xf32>,
               %arg4: tensor<2xi32>, %arg5: tensor<2x3x4xf32>,
               %arg6: tensor<2x3x3xf32>) {
  // CHECK: [[NONE:%.+]] = onnx.NoValue
  %none = onnx.NoValue
  // CHECK: onnx.RNN %arg0, %arg1, %arg2, %arg3, %arg4, [[NONE]] {activations = ["Tanh"], hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x3x4xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<2xi32>, none) -> (tensor<5x1x2x3xf32>, tensor<1x2x3xf32>)
  %0:2 = onnx.RNN %arg0, %arg1, %arg2, %arg3, %arg4, %none {activations = ["Tanh"], hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<1x3x4xf32>, tensor<1x3x3xf32>, tensor<1x6xf32>, tensor<2xi32>, none) -> (tensor<5x1x2x3xf32>, tensor<1x2x3xf32>)
  // Bidirectional, Y_h absent.
  // CHECK: onnx.RNN %arg0, %arg5, %arg6, [[NONE]], [[NONE]], [[NONE]] {direction = "bidirectional", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<2x3x4xf32>, tensor<2x3x3xf32>, none, none, none) -> (tensor<5x2x2x3xf32>, none)
  %1:2 = onnx.RNN %arg0, %arg5, %arg6, %none, %none, %none {direction = "bidirectional", hidden_size = 3 : i64} : (tensor<5x2x4xf32>, tensor<2x3x4xf32>, tensor<2x3x3xf32>, none, none, none) -> (tensor<5x2x2x3xf32>, none)
  return
}

// The blob of @structural's dense_resource constant: alignment 4, [1.0, 2.0].
// CHECK: kiln_blob: "0x040000000000803F00000040"
{-#
  dialect_resources: {
    builtin: {
      kiln_blob: "0x040000000000803F00000040"
    }
  }
#-}
