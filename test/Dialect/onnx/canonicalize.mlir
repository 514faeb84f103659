// RUN: kiln-opt %s -canonicalize -split-input-file | FileCheck %s

// Folders and canonicalization patterns of the onnx dialect
// (dialects/onnx/IR/OnnxFolders.cpp). Every expected value is computed by hand
// from the ONNX (numpy) semantics of the op, not copied from the output.

//===----------------------------------------------------------------------===//
// Identity.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @identity(
// CHECK-NOT: onnx.Identity
// CHECK: return %arg0 : tensor<2x3xf32>
func.func @identity(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Identity %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Add / Sub / Mul / Div with broadcasting.
//===----------------------------------------------------------------------===//

// [2,1] + [3] -> 2x3.
// CHECK-LABEL: func.func @add_i64_broadcast(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<{{\[\[}}11, 21, 31], [12, 22, 32]]> : tensor<2x3xi64>
// CHECK-NOT: onnx.Add
// CHECK-NEXT: return [[R]] : tensor<2x3xi64>
func.func @add_i64_broadcast() -> tensor<2x3xi64> {
  %a = onnx.Constant dense<[[1], [2]]> : tensor<2x1xi64>
  %b = onnx.Constant dense<[10, 20, 30]> : tensor<3xi64>
  %0 = onnx.Add %a, %b : (tensor<2x1xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// Scalar broadcast to 2x2 on f32.
// CHECK-LABEL: func.func @add_f32_scalar(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<{{\[\[}}1.500000e+00, 2.500000e+00], [-5.000000e-01, 1.000000e+01]]> : tensor<2x2xf32>
// CHECK-NEXT: return [[R]]
func.func @add_f32_scalar() -> tensor<2x2xf32> {
  %a = onnx.Constant dense<[[1.0, 2.0], [-1.0, 9.5]]> : tensor<2x2xf32>
  %b = onnx.Constant dense<0.5> : tensor<f32>
  %0 = onnx.Add %a, %b : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// [2,1] - [3] -> 2x3: row i is a[i] - b.
// CHECK-LABEL: func.func @sub_f32_broadcast(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<{{\[\[}}1.000000e+00, 5.000000e-01, 2.500000e+00], [-2.500000e+00, -3.000000e+00, -1.000000e+00]]> : tensor<2x3xf32>
// CHECK-NOT: onnx.Sub
// CHECK-NEXT: return [[R]] : tensor<2x3xf32>
func.func @sub_f32_broadcast() -> tensor<2x3xf32> {
  %a = onnx.Constant dense<[[1.5], [-2.0]]> : tensor<2x1xf32>
  %b = onnx.Constant dense<[0.5, 1.0, -1.0]> : tensor<3xf32>
  %0 = onnx.Sub %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// The smaller operand comes first: [3] - [2,1].
// CHECK-LABEL: func.func @sub_i64_broadcast_lhs(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<{{\[\[}}9, 19, 29], [8, 18, 28]]> : tensor<2x3xi64>
// CHECK-NEXT: return [[R]]
func.func @sub_i64_broadcast_lhs() -> tensor<2x3xi64> {
  %a = onnx.Constant dense<[10, 20, 30]> : tensor<3xi64>
  %b = onnx.Constant dense<[[1], [2]]> : tensor<2x1xi64>
  %0 = onnx.Sub %a, %b : (tensor<3xi64>, tensor<2x1xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func.func @mul_i64_scalar(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<{{\[\[}}-2, -4, -6], [-8, -10, -12]]> : tensor<2x3xi64>
// CHECK-NOT: onnx.Mul
// CHECK-NEXT: return [[R]]
func.func @mul_i64_scalar() -> tensor<2x3xi64> {
  %a = onnx.Constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %b = onnx.Constant dense<-2> : tensor<i64>
  %0 = onnx.Mul %a, %b : (tensor<2x3xi64>, tensor<i64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func.func @mul_f32_broadcast(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, -5.000000e-01], [4.000000e+00, 8.000000e+00, -2.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return [[R]]
func.func @mul_f32_broadcast() -> tensor<2x3xf32> {
  %a = onnx.Constant dense<[[0.5], [2.0]]> : tensor<2x1xf32>
  %b = onnx.Constant dense<[2.0, 4.0, -1.0]> : tensor<3xf32>
  %0 = onnx.Mul %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Integer division truncates toward zero (C semantics), not floor:
// -7/2 = -3, 7/-2 = -3, -7/-2 = 3, -1/3 = 0.
// CHECK-LABEL: func.func @div_i64_truncates(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<[-3, 3, 3, -3, 0, 0]> : tensor<6xi64>
// CHECK-NOT: onnx.Div
// CHECK-NEXT: return [[R]]
func.func @div_i64_truncates() -> tensor<6xi64> {
  %a = onnx.Constant dense<[-7, 7, -7, 7, 0, -1]> : tensor<6xi64>
  %b = onnx.Constant dense<[2, 2, -2, -2, 5, 3]> : tensor<6xi64>
  %0 = onnx.Div %a, %b : (tensor<6xi64>, tensor<6xi64>) -> tensor<6xi64>
  return %0 : tensor<6xi64>
}

// -----

// [2,1] / [3] on i32: -9/4 = -2, -9/-4 = 2, -9/10 = 0.
// CHECK-LABEL: func.func @div_i32_broadcast(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<{{\[\[}}-2, 2, 0], [2, -2, 0]]> : tensor<2x3xi32>
// CHECK-NEXT: return [[R]]
func.func @div_i32_broadcast() -> tensor<2x3xi32> {
  %a = onnx.Constant dense<[[-9], [9]]> : tensor<2x1xi32>
  %b = onnx.Constant dense<[4, -4, 10]> : tensor<3xi32>
  %0 = onnx.Div %a, %b : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// 1/3 rounds to the nearest f32 (0x3EAAAAAB).
// CHECK-LABEL: func.func @div_f32(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<[2.500000e-01, -1.500000e+00, 0.333333343]> : tensor<3xf32>
// CHECK-NEXT: return [[R]]
func.func @div_f32() -> tensor<3xf32> {
  %a = onnx.Constant dense<[1.0, -3.0, 1.0]> : tensor<3xf32>
  %b = onnx.Constant dense<[4.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = onnx.Div %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Float division by zero is IEEE (+inf, -inf) and may fold.
// CHECK-LABEL: func.func @div_f32_by_zero(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<[0x7F800000, 0xFF800000, 2.500000e-01]> : tensor<3xf32>
// CHECK-NEXT: return [[R]]
func.func @div_f32_by_zero() -> tensor<3xf32> {
  %a = onnx.Constant dense<[1.0, -1.0, 2.0]> : tensor<3xf32>
  %b = onnx.Constant dense<[0.0, 0.0, 8.0]> : tensor<3xf32>
  %0 = onnx.Div %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Integer division by zero is left for the runtime to report: no fold, even
// though the other element would divide fine.
// CHECK-LABEL: func.func @div_i64_by_zero_not_folded(
// CHECK-DAG: [[A:%.+]] = onnx.Constant dense<[6, 4]> : tensor<2xi64>
// CHECK-DAG: [[B:%.+]] = onnx.Constant dense<[3, 0]> : tensor<2xi64>
// CHECK: [[D:%.+]] = onnx.Div [[A]], [[B]] : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
// CHECK: [[Z:%.+]] = onnx.Div [[A]], %{{.+}} : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
// CHECK: return [[D]], [[Z]]
func.func @div_i64_by_zero_not_folded() -> (tensor<2xi64>, tensor<2xi64>) {
  %a = onnx.Constant dense<[6, 4]> : tensor<2xi64>
  %b = onnx.Constant dense<[3, 0]> : tensor<2xi64>
  %0 = onnx.Div %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %z = onnx.Constant dense<0> : tensor<i64>
  %1 = onnx.Div %a, %z : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
  return %0, %1 : tensor<2xi64>, tensor<2xi64>
}

// -----

// A non-constant operand blocks folding.
// CHECK-LABEL: func.func @add_not_constant(
// CHECK: onnx.Add %arg0, %{{.+}} : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
func.func @add_not_constant(%arg0: tensor<3xi64>) -> tensor<3xi64> {
  %b = onnx.Constant dense<[1, 2, 3]> : tensor<3xi64>
  %0 = onnx.Add %arg0, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

//===----------------------------------------------------------------------===//
// Unary: Neg, Abs, Floor, Ceil, Sqrt, Reciprocal.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @neg(
// CHECK-DAG: [[F:%.+]] = onnx.Constant dense<[1.500000e+00, 5.000000e-01, -5.000000e-01, -2.000000e+00]> : tensor<4xf32>
// CHECK-DAG: [[I:%.+]] = onnx.Constant dense<[3, 0, -4]> : tensor<3xi64>
// CHECK-NOT: onnx.Neg
// CHECK: return [[F]], [[I]]
func.func @neg() -> (tensor<4xf32>, tensor<3xi64>) {
  %a = onnx.Constant dense<[-1.5, -0.5, 0.5, 2.0]> : tensor<4xf32>
  %i = onnx.Constant dense<[-3, 0, 4]> : tensor<3xi64>
  %0 = onnx.Neg %a : (tensor<4xf32>) -> tensor<4xf32>
  %1 = onnx.Neg %i : (tensor<3xi64>) -> tensor<3xi64>
  return %0, %1 : tensor<4xf32>, tensor<3xi64>
}

// -----

// CHECK-LABEL: func.func @abs(
// CHECK-DAG: [[F:%.+]] = onnx.Constant dense<[1.500000e+00, 5.000000e-01, 5.000000e-01, 2.000000e+00]> : tensor<4xf32>
// CHECK-DAG: [[I:%.+]] = onnx.Constant dense<[3, 0, 4]> : tensor<3xi32>
// CHECK-NOT: onnx.Abs
// CHECK: return [[F]], [[I]]
func.func @abs() -> (tensor<4xf32>, tensor<3xi32>) {
  %a = onnx.Constant dense<[-1.5, -0.5, 0.5, 2.0]> : tensor<4xf32>
  %i = onnx.Constant dense<[-3, 0, 4]> : tensor<3xi32>
  %0 = onnx.Abs %a : (tensor<4xf32>) -> tensor<4xf32>
  %1 = onnx.Abs %i : (tensor<3xi32>) -> tensor<3xi32>
  return %0, %1 : tensor<4xf32>, tensor<3xi32>
}

// -----

// Floor and Ceil round toward -inf and +inf (ceil(-0.5) is -0.0).
// CHECK-LABEL: func.func @floor_ceil(
// CHECK-DAG: [[FL:%.+]] = onnx.Constant dense<[-2.000000e+00, -1.000000e+00, 0.000000e+00, 2.000000e+00]> : tensor<4xf32>
// CHECK-DAG: [[CE:%.+]] = onnx.Constant dense<[-1.000000e+00, -0.000000e+00, 1.000000e+00, 2.000000e+00]> : tensor<4xf32>
// CHECK-NOT: onnx.Floor
// CHECK-NOT: onnx.Ceil
// CHECK: return [[FL]], [[CE]]
func.func @floor_ceil() -> (tensor<4xf32>, tensor<4xf32>) {
  %a = onnx.Constant dense<[-1.5, -0.5, 0.5, 2.0]> : tensor<4xf32>
  %0 = onnx.Floor %a : (tensor<4xf32>) -> tensor<4xf32>
  %1 = onnx.Ceil %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @sqrt_reciprocal(
// CHECK-DAG: [[SQ:%.+]] = onnx.Constant dense<[2.000000e+00, 5.000000e-01, 3.000000e+00]> : tensor<3xf32>
// CHECK-DAG: [[RC:%.+]] = onnx.Constant dense<[2.500000e-01, 4.000000e+00, 0.111111112]> : tensor<3xf32>
// CHECK-NOT: onnx.Sqrt
// CHECK-NOT: onnx.Reciprocal
// CHECK: return [[SQ]], [[RC]]
func.func @sqrt_reciprocal() -> (tensor<3xf32>, tensor<3xf32>) {
  %b = onnx.Constant dense<[4.0, 0.25, 9.0]> : tensor<3xf32>
  %0 = onnx.Sqrt %b : (tensor<3xf32>) -> tensor<3xf32>
  %1 = onnx.Reciprocal %b : (tensor<3xf32>) -> tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Variadic: Max, Min, Sum, Mean.
//===----------------------------------------------------------------------===//

// Three inputs broadcast 2x3, 3 and 2x1 together.
// CHECK-LABEL: func.func @variadic_i64(
// CHECK-DAG: [[MAX:%.+]] = onnx.Constant dense<{{\[\[}}4, 5, 4], [8, 8, 9]]> : tensor<2x3xi64>
// CHECK-DAG: [[MIN:%.+]] = onnx.Constant dense<{{\[\[}}0, 0, 0], [4, 2, 4]]> : tensor<2x3xi64>
// CHECK-DAG: [[SUM:%.+]] = onnx.Constant dense<{{\[\[}}5, 9, 7], [19, 14, 21]]> : tensor<2x3xi64>
// CHECK-NOT: onnx.Max
// CHECK-NOT: onnx.Min
// CHECK-NOT: onnx.Sum
// CHECK: return [[MAX]], [[MIN]], [[SUM]]
func.func @variadic_i64() -> (tensor<2x3xi64>, tensor<2x3xi64>, tensor<2x3xi64>) {
  %a = onnx.Constant dense<[[1, 5, 3], [7, 2, 9]]> : tensor<2x3xi64>
  %b = onnx.Constant dense<[4, 4, 4]> : tensor<3xi64>
  %c = onnx.Constant dense<[[0], [8]]> : tensor<2x1xi64>
  %0 = onnx.Max %a, %b, %c : (tensor<2x3xi64>, tensor<3xi64>, tensor<2x1xi64>) -> tensor<2x3xi64>
  %1 = onnx.Min %a, %b, %c : (tensor<2x3xi64>, tensor<3xi64>, tensor<2x1xi64>) -> tensor<2x3xi64>
  %2 = onnx.Sum %a, %b, %c : (tensor<2x3xi64>, tensor<3xi64>, tensor<2x1xi64>) -> tensor<2x3xi64>
  return %0, %1, %2 : tensor<2x3xi64>, tensor<2x3xi64>, tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func.func @variadic_f32(
// CHECK-DAG: [[MEAN:%.+]] = onnx.Constant dense<{{\[\[}}2.000000e+00, 1.000000e+00, 0.000000e+00], [3.500000e+00, 2.500000e+00, 1.500000e+00]]> : tensor<2x3xf32>
// CHECK-DAG: [[MEAN3:%.+]] = onnx.Constant dense<[2.000000e+00, 1.000000e+00, 0.000000e+00]> : tensor<3xf32>
// CHECK-DAG: [[SUM:%.+]] = onnx.Constant dense<[3.500000e+00, 5.000000e-01, -2.500000e+00]> : tensor<3xf32>
// CHECK-DAG: [[MAX1:%.+]] = onnx.Constant dense<[3.000000e+00, 0.000000e+00, -3.000000e+00]> : tensor<3xf32>
// CHECK-NOT: onnx.Mean
// CHECK-NOT: onnx.Sum
// CHECK-NOT: onnx.Max
// CHECK: return [[MEAN]], [[MEAN3]], [[SUM]], [[MAX1]]
func.func @variadic_f32() -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %x = onnx.Constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %y = onnx.Constant dense<[3.0, 0.0, -3.0]> : tensor<3xf32>
  %z = onnx.Constant dense<0.5> : tensor<f32>
  // (x + y) / 2
  %0 = onnx.Mean %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // (y + 2.5 + 0.5) / 3 = [6, 3, 0] / 3
  %w = onnx.Constant dense<2.5> : tensor<1xf32>
  %1 = onnx.Mean %y, %w, %z : (tensor<3xf32>, tensor<1xf32>, tensor<f32>) -> tensor<3xf32>
  %2 = onnx.Sum %y, %z : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  // A single input is itself.
  %3 = onnx.Max %y : (tensor<3xf32>) -> tensor<3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Comparisons and logical ops produce i1 constants.
//===----------------------------------------------------------------------===//

// a = [[1, 2, 3], [4, 5, 6]] against b = [2, 2, 5].
// CHECK-LABEL: func.func @compare_i64(
// CHECK-DAG: [[EQ:%.+]] = onnx.Constant dense<{{\[\[}}false, true, false], [false, false, false]]> : tensor<2x3xi1>
// CHECK-DAG: [[LT:%.+]] = onnx.Constant dense<{{\[\[}}true, false, true], [false, false, false]]> : tensor<2x3xi1>
// CHECK-DAG: [[GT:%.+]] = onnx.Constant dense<{{\[\[}}false, false, false], [true, true, true]]> : tensor<2x3xi1>
// CHECK-DAG: [[LE:%.+]] = onnx.Constant dense<{{\[\[}}true, true, true], [false, false, false]]> : tensor<2x3xi1>
// CHECK-DAG: [[GE:%.+]] = onnx.Constant dense<{{\[\[}}false, true, false], [true, true, true]]> : tensor<2x3xi1>
// CHECK-NOT: onnx.Equal
// CHECK-NOT: onnx.Less
// CHECK-NOT: onnx.Greater
// CHECK: return [[EQ]], [[LT]], [[GT]], [[LE]], [[GE]]
func.func @compare_i64() -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>) {
  %a = onnx.Constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %b = onnx.Constant dense<[2, 2, 5]> : tensor<3xi64>
  %0 = onnx.Equal %a, %b : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  %1 = onnx.Less %a, %b : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  %2 = onnx.Greater %a, %b : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  %3 = onnx.LessOrEqual %a, %b : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  %4 = onnx.GreaterOrEqual %a, %b : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  return %0, %1, %2, %3, %4 : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>
}

// -----

// CHECK-LABEL: func.func @compare_f32(
// CHECK-DAG: [[LT:%.+]] = onnx.Constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-DAG: [[GE:%.+]] = onnx.Constant dense<[false, true, true]> : tensor<3xi1>
// CHECK-DAG: [[EQ:%.+]] = onnx.Constant dense<[false, true, false]> : tensor<3xi1>
// CHECK: return [[LT]], [[GE]], [[EQ]]
func.func @compare_f32() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %x = onnx.Constant dense<[-0.5, 1.0, 2.5]> : tensor<3xf32>
  %y = onnx.Constant dense<1.0> : tensor<f32>
  %0 = onnx.Less %x, %y : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %1 = onnx.GreaterOrEqual %x, %y : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %2 = onnx.Equal %x, %y : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  return %0, %1, %2 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// [[T], [F]] op [T, F] -> 2x2.
// CHECK-LABEL: func.func @logical(
// CHECK-DAG: [[AND:%.+]] = onnx.Constant dense<{{\[\[}}true, false], [false, false]]> : tensor<2x2xi1>
// CHECK-DAG: [[OR:%.+]] = onnx.Constant dense<{{\[\[}}true, true], [true, false]]> : tensor<2x2xi1>
// CHECK-DAG: [[XOR:%.+]] = onnx.Constant dense<{{\[\[}}false, true], [true, false]]> : tensor<2x2xi1>
// CHECK-DAG: [[EQ:%.+]] = onnx.Constant dense<{{\[\[}}true, false], [false, true]]> : tensor<2x2xi1>
// CHECK-NOT: onnx.And
// CHECK-NOT: onnx.Or
// CHECK-NOT: onnx.Xor
// CHECK: return [[AND]], [[OR]], [[XOR]], [[EQ]]
func.func @logical() -> (tensor<2x2xi1>, tensor<2x2xi1>, tensor<2x2xi1>, tensor<2x2xi1>) {
  %a = onnx.Constant dense<[[true], [false]]> : tensor<2x1xi1>
  %b = onnx.Constant dense<[true, false]> : tensor<2xi1>
  %0 = onnx.And %a, %b : (tensor<2x1xi1>, tensor<2xi1>) -> tensor<2x2xi1>
  %1 = onnx.Or %a, %b : (tensor<2x1xi1>, tensor<2xi1>) -> tensor<2x2xi1>
  %2 = onnx.Xor %a, %b : (tensor<2x1xi1>, tensor<2xi1>) -> tensor<2x2xi1>
  %3 = onnx.Equal %a, %b : (tensor<2x1xi1>, tensor<2xi1>) -> tensor<2x2xi1>
  return %0, %1, %2, %3 : tensor<2x2xi1>, tensor<2x2xi1>, tensor<2x2xi1>, tensor<2x2xi1>
}

// -----

//===----------------------------------------------------------------------===//
// Where.
//===----------------------------------------------------------------------===//

// Row 0 takes X (broadcast over rows), row 1 takes Y.
// CHECK-LABEL: func.func @where_constants(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [-4.000000e+00, -5.000000e+00, -6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NOT: onnx.Where
// CHECK-NEXT: return [[R]]
func.func @where_constants() -> tensor<2x3xf32> {
  %c = onnx.Constant dense<[[true], [false]]> : tensor<2x1xi1>
  %x = onnx.Constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %y = onnx.Constant dense<[[-1.0, -2.0, -3.0], [-4.0, -5.0, -6.0]]> : tensor<2x3xf32>
  %0 = onnx.Where %c, %x, %y : (tensor<2x1xi1>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Elementwise condition on i64 with a scalar Y.
// CHECK-LABEL: func.func @where_i64(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<[10, 0, 30, 0]> : tensor<4xi64>
// CHECK-NEXT: return [[R]]
func.func @where_i64() -> tensor<4xi64> {
  %c = onnx.Constant dense<[true, false, true, false]> : tensor<4xi1>
  %x = onnx.Constant dense<[10, 20, 30, 40]> : tensor<4xi64>
  %y = onnx.Constant dense<0> : tensor<i64>
  %0 = onnx.Where %c, %x, %y : (tensor<4xi1>, tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// A splat condition selects a non-constant side of the result type.
// CHECK-LABEL: func.func @where_splat_condition(
// CHECK-NOT: onnx.Where
// CHECK: return %arg0, %arg1 : tensor<2x3xf32>, tensor<2x3xf32>
func.func @where_splat_condition(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %t = onnx.Constant dense<true> : tensor<2x3xi1>
  %f = onnx.Constant dense<false> : tensor<i1>
  %0 = onnx.Where %t, %arg0, %arg1 : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = onnx.Where %f, %arg0, %arg1 : (tensor<i1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// The chosen side would need broadcasting to the result type: kept.
// CHECK-LABEL: func.func @where_splat_condition_broadcast(
// CHECK: [[W:%.+]] = onnx.Where %{{.+}}, %arg0, %arg1 : (tensor<i1>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: return [[W]]
func.func @where_splat_condition_broadcast(%arg0: tensor<3xf32>, %arg1: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %t = onnx.Constant dense<true> : tensor<i1>
  %0 = onnx.Where %t, %arg0, %arg1 : (tensor<i1>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Shape and Size.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @shape(
// CHECK-DAG: [[FULL:%.+]] = onnx.Constant dense<[2, 3, 4, 5]> : tensor<4xi64>
// CHECK-DAG: [[MID:%.+]] = onnx.Constant dense<[3, 4]> : tensor<2xi64>
// CHECK-DAG: [[TAIL:%.+]] = onnx.Constant dense<[4, 5]> : tensor<2xi64>
// CHECK-DAG: [[EMPTY:%.+]] = onnx.Constant dense<> : tensor<0xi64>
// CHECK-DAG: [[HEAD:%.+]] = onnx.Constant dense<2> : tensor<1xi64>
// CHECK-DAG: [[SIZE:%.+]] = onnx.Constant dense<120> : tensor<i64>
// CHECK-NOT: onnx.Shape
// CHECK-NOT: onnx.Size
// CHECK: return [[FULL]], [[MID]], [[TAIL]], [[EMPTY]], [[HEAD]], [[MID]], [[SIZE]]
func.func @shape(%x: tensor<2x3x4x5xf32>) -> (tensor<4xi64>, tensor<2xi64>, tensor<2xi64>, tensor<0xi64>, tensor<1xi64>, tensor<2xi64>, tensor<i64>) {
  %0 = onnx.Shape %x : (tensor<2x3x4x5xf32>) -> tensor<4xi64>
  %1 = onnx.Shape %x {start = 1 : i64, end = 3 : i64} : (tensor<2x3x4x5xf32>) -> tensor<2xi64>
  %2 = onnx.Shape %x {start = -2 : i64} : (tensor<2x3x4x5xf32>) -> tensor<2xi64>
  // start 3 > end -3 (= 1): empty.
  %3 = onnx.Shape %x {start = 3 : i64, end = -3 : i64} : (tensor<2x3x4x5xf32>) -> tensor<0xi64>
  // start -10 clamps to 0; end -3 is 1.
  %4 = onnx.Shape %x {start = -10 : i64, end = -3 : i64} : (tensor<2x3x4x5xf32>) -> tensor<1xi64>
  // start -3 is 1; end -1 is 3: the same [3, 4] as %1 (CSE'd).
  %5 = onnx.Shape %x {start = -3 : i64, end = -1 : i64} : (tensor<2x3x4x5xf32>) -> tensor<2xi64>
  %6 = onnx.Size %x : (tensor<2x3x4x5xf32>) -> tensor<i64>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xi64>, tensor<2xi64>, tensor<2xi64>, tensor<0xi64>, tensor<1xi64>, tensor<2xi64>, tensor<i64>
}

// -----

//===----------------------------------------------------------------------===//
// Reshape: shape chains, Reshape(Reshape), no-op removal.
//===----------------------------------------------------------------------===//

// Shape -> Gather -> Concat -> Reshape ends as a Reshape with a constant
// shape: [2, 12] when SimplifyReshape sees the Concat first, [2, -1] when the
// Concat folds first; both are right.
// CHECK-LABEL: func.func @shape_gather_concat_reshape(
// CHECK-NOT: onnx.Shape
// CHECK-NOT: onnx.Gather
// CHECK-NOT: onnx.Concat
// CHECK: [[S:%.+]] = onnx.Constant dense<[2, {{(12|-1)}}]> : tensor<2xi64>
// CHECK-NEXT: [[R:%.+]] = onnx.Reshape %arg0, [[S]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
// CHECK-NEXT: return [[R]]
func.func @shape_gather_concat_reshape(%arg0: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
  %s = onnx.Shape %arg0 : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %i = onnx.Constant dense<[0]> : tensor<1xi64>
  %g = onnx.Gather %s, %i : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
  %m = onnx.Constant dense<[-1]> : tensor<1xi64>
  %c = onnx.Concat %g, %m {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %r = onnx.Reshape %arg0, %c : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  return %r : tensor<2x12xf32>
}

// -----

// A chain that does not fold completely (ReduceProd has no folder): the
// Reshape takes its static result shape as a constant and the chain dies.
// CHECK-LABEL: func.func @shape_chain_partial_reshape(
// CHECK-NEXT: [[S:%.+]] = onnx.Constant dense<[6, 4]> : tensor<2xi64>
// CHECK-NEXT: [[R:%.+]] = onnx.Reshape %arg0, [[S]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
// CHECK-NEXT: return [[R]]
func.func @shape_chain_partial_reshape(%arg0: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %s = onnx.Shape %arg0 : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %i = onnx.Constant dense<[0, 1]> : tensor<2xi64>
  %g = onnx.Gather %s, %i : (tensor<3xi64>, tensor<2xi64>) -> tensor<2xi64>
  %p = onnx.ReduceProd %g {keepdims = 1 : i64} : (tensor<2xi64>) -> tensor<1xi64>
  %m = onnx.Constant dense<[-1]> : tensor<1xi64>
  %c = onnx.Concat %p, %m {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %r = onnx.Reshape %arg0, %c : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  return %r : tensor<6x4xf32>
}

// -----

// A non-constant shape operand becomes the constant result shape.
// CHECK-LABEL: func.func @reshape_dynamic_shape(
// CHECK-NEXT: [[S:%.+]] = onnx.Constant dense<6> : tensor<1xi64>
// CHECK-NEXT: [[R:%.+]] = onnx.Reshape %arg0, [[S]] : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
// CHECK-NEXT: return [[R]]
func.func @reshape_dynamic_shape(%arg0: tensor<2x3xf32>, %arg1: tensor<1xi64>) -> tensor<6xf32> {
  %0 = onnx.Reshape %arg0, %arg1 : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// A 0 in the result shape must be taken literally: allowzero = 1.
// CHECK-LABEL: func.func @reshape_dynamic_shape_zero_dim(
// CHECK-NEXT: [[S:%.+]] = onnx.Constant dense<[3, 0, 1]> : tensor<3xi64>
// CHECK-NEXT: [[R:%.+]] = onnx.Reshape %arg0, [[S]] {allowzero = 1 : i64} : (tensor<0x3xf32>, tensor<3xi64>) -> tensor<3x0x1xf32>
// CHECK-NEXT: return [[R]]
func.func @reshape_dynamic_shape_zero_dim(%arg0: tensor<0x3xf32>, %arg1: tensor<3xi64>) -> tensor<3x0x1xf32> {
  %0 = onnx.Reshape %arg0, %arg1 : (tensor<0x3xf32>, tensor<3xi64>) -> tensor<3x0x1xf32>
  return %0 : tensor<3x0x1xf32>
}

// -----

// Reshape(Reshape(x)) -> Reshape(x) with the explicit outer result shape.
// CHECK-LABEL: func.func @reshape_reshape(
// CHECK-NEXT: [[S:%.+]] = onnx.Constant dense<[4, 6]> : tensor<2xi64>
// CHECK-NEXT: [[R:%.+]] = onnx.Reshape %arg0, [[S]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<4x6xf32>
// CHECK-NEXT: return [[R]]
func.func @reshape_reshape(%arg0: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %a = onnx.Constant dense<[6, 4]> : tensor<2xi64>
  %b = onnx.Constant dense<[4, -1]> : tensor<2xi64>
  %0 = onnx.Reshape %arg0, %a : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %1 = onnx.Reshape %0, %b : (tensor<6x4xf32>, tensor<2xi64>) -> tensor<4x6xf32>
  return %1 : tensor<4x6xf32>
}

// -----

// Reshape(Reshape(x)) back to the type of x disappears entirely.
// CHECK-LABEL: func.func @reshape_reshape_roundtrip(
// CHECK-NOT: onnx.Reshape
// CHECK: return %arg0 : tensor<2x3x4xf32>
func.func @reshape_reshape_roundtrip(%arg0: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %a = onnx.Constant dense<[24]> : tensor<1xi64>
  %b = onnx.Constant dense<[2, 3, 4]> : tensor<3xi64>
  %0 = onnx.Reshape %arg0, %a : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<24xf32>
  %1 = onnx.Reshape %0, %b : (tensor<24xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_same_type(
// CHECK-NOT: onnx.Reshape
// CHECK: return %arg0 : tensor<2x3xf32>
func.func @reshape_same_type(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = onnx.Constant dense<[0, -1]> : tensor<2xi64>
  %0 = onnx.Reshape %arg0, %a : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Reshape of a constant keeps the row-major element order.
// CHECK-LABEL: func.func @reshape_constant(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<{{\[\[}}1, 2], [3, 4], [5, 6]]> : tensor<3x2xi64>
// CHECK-NEXT: return [[R]]
func.func @reshape_constant() -> tensor<3x2xi64> {
  %c = onnx.Constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %a = onnx.Constant dense<[3, 2]> : tensor<2xi64>
  %0 = onnx.Reshape %c, %a : (tensor<2x3xi64>, tensor<2xi64>) -> tensor<3x2xi64>
  return %0 : tensor<3x2xi64>
}

// -----

//===----------------------------------------------------------------------===//
// Squeeze, Unsqueeze, Expand.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @squeeze_unsqueeze_constant(
// CHECK-DAG: [[SQ:%.+]] = onnx.Constant dense<[1, 2, 3]> : tensor<3xi64>
// CHECK-DAG: [[UN:%.+]] = onnx.Constant dense<{{\[\[\[}}1], [2], [3]]]> : tensor<1x3x1xi64>
// CHECK-DAG: [[UN0:%.+]] = onnx.Constant dense<5.000000e-01> : tensor<1xf32>
// CHECK-NOT: onnx.Squeeze
// CHECK-NOT: onnx.Unsqueeze
// CHECK: return [[SQ]], [[UN]], [[UN0]]
func.func @squeeze_unsqueeze_constant() -> (tensor<3xi64>, tensor<1x3x1xi64>, tensor<1xf32>) {
  %c = onnx.Constant dense<[[1, 2, 3]]> : tensor<1x3xi64>
  %a = onnx.Constant dense<[0]> : tensor<1xi64>
  %0 = onnx.Squeeze %c, %a : (tensor<1x3xi64>, tensor<1xi64>) -> tensor<3xi64>
  %b = onnx.Constant dense<[-1]> : tensor<1xi64>
  %1 = onnx.Unsqueeze %c, %b : (tensor<1x3xi64>, tensor<1xi64>) -> tensor<1x3x1xi64>
  %s = onnx.Constant dense<0.5> : tensor<f32>
  %2 = onnx.Unsqueeze %s, %a : (tensor<f32>, tensor<1xi64>) -> tensor<1xf32>
  return %0, %1, %2 : tensor<3xi64>, tensor<1x3x1xi64>, tensor<1xf32>
}

// -----

// Squeeze of a tensor without size-1 dims and Unsqueeze with no axes are
// no-ops.
// CHECK-LABEL: func.func @squeeze_unsqueeze_same_type(
// CHECK-NOT: onnx.Squeeze
// CHECK-NOT: onnx.Unsqueeze
// CHECK: return %arg0, %arg0 : tensor<2x3xf32>, tensor<2x3xf32>
func.func @squeeze_unsqueeze_same_type(%arg0: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %none = onnx.NoValue
  %0 = onnx.Squeeze %arg0, %none : (tensor<2x3xf32>, none) -> tensor<2x3xf32>
  %e = onnx.Constant dense<> : tensor<0xi64>
  %1 = onnx.Unsqueeze %arg0, %e : (tensor<2x3xf32>, tensor<0xi64>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Expand to the input's own type (shape [1, 3] broadcasts to 2x3) is a no-op.
// CHECK-LABEL: func.func @expand_same_type(
// CHECK-NOT: onnx.Expand
// CHECK: return %arg0, %arg0 : tensor<2x3xf32>, tensor<2x3xf32>
func.func @expand_same_type(%arg0: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %s = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  %0 = onnx.Expand %arg0, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %t = onnx.Constant dense<[1, 3]> : tensor<2xi64>
  %1 = onnx.Expand %arg0, %t : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @expand_constant(
// CHECK-DAG: [[SPLAT:%.+]] = onnx.Constant dense<1.500000e+00> : tensor<2x3xf32>
// CHECK-DAG: [[COLS:%.+]] = onnx.Constant dense<{{\[\[}}1, 1, 1], [2, 2, 2]]> : tensor<2x3xi64>
// CHECK-DAG: [[ROWS:%.+]] = onnx.Constant dense<{{\[\[}}7, 8], [7, 8], [7, 8]]> : tensor<3x2xi64>
// CHECK-NOT: onnx.Expand
// CHECK: return [[SPLAT]], [[COLS]], [[ROWS]]
func.func @expand_constant() -> (tensor<2x3xf32>, tensor<2x3xi64>, tensor<3x2xi64>) {
  %s = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  %c = onnx.Constant dense<1.5> : tensor<1xf32>
  %0 = onnx.Expand %c, %s : (tensor<1xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %d = onnx.Constant dense<[[1], [2]]> : tensor<2x1xi64>
  %t = onnx.Constant dense<[1, 3]> : tensor<2xi64>
  %1 = onnx.Expand %d, %t : (tensor<2x1xi64>, tensor<2xi64>) -> tensor<2x3xi64>
  %e = onnx.Constant dense<[7, 8]> : tensor<2xi64>
  %u = onnx.Constant dense<[3, 1]> : tensor<2xi64>
  %2 = onnx.Expand %e, %u : (tensor<2xi64>, tensor<2xi64>) -> tensor<3x2xi64>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xi64>, tensor<3x2xi64>
}

// -----

//===----------------------------------------------------------------------===//
// Transpose.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @transpose_identity(
// CHECK-NOT: onnx.Transpose
// CHECK: return %arg0, %arg1 : tensor<2x3xf32>, tensor<5xf32>
func.func @transpose_identity(%arg0: tensor<2x3xf32>, %arg1: tensor<5xf32>) -> (tensor<2x3xf32>, tensor<5xf32>) {
  %0 = onnx.Transpose %arg0 {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // The default perm of a rank-1 tensor is [0].
  %1 = onnx.Transpose %arg1 : (tensor<5xf32>) -> tensor<5xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<5xf32>
}

// -----

// out[k][i][j] = in[i][j][k] for perm [2, 0, 1]; in = 12 i + 4 j + k.
// CHECK-LABEL: func.func @transpose_constant(
// CHECK-DAG: [[T2:%.+]] = onnx.Constant dense<{{\[\[}}1, 4], [2, 5], [3, 6]]> : tensor<3x2xi64>
// CHECK-DAG: [[T3:%.+]] = onnx.Constant dense<{{\[\[\[}}0, 4, 8], [12, 16, 20]], {{\[\[}}1, 5, 9], [13, 17, 21]], {{\[\[}}2, 6, 10], [14, 18, 22]], {{\[\[}}3, 7, 11], [15, 19, 23]]]> : tensor<4x2x3xi64>
// CHECK-NOT: onnx.Transpose
// CHECK: return [[T2]], [[T3]]
func.func @transpose_constant() -> (tensor<3x2xi64>, tensor<4x2x3xi64>) {
  %c = onnx.Constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %0 = onnx.Transpose %c : (tensor<2x3xi64>) -> tensor<3x2xi64>
  %d = onnx.Constant dense<[[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], [[12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]]]> : tensor<2x3x4xi64>
  %1 = onnx.Transpose %d {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xi64>) -> tensor<4x2x3xi64>
  return %0, %1 : tensor<3x2xi64>, tensor<4x2x3xi64>
}

// -----

// Transpose(Transpose(x, p1), p2) = Transpose(x, p1[p2[i]]):
// p1 = p2 = [2, 0, 1] gives [1, 2, 0].
// CHECK-LABEL: func.func @transpose_transpose(
// CHECK-NEXT: [[T:%.+]] = onnx.Transpose %arg0 {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
// CHECK-NEXT: return [[T]]
func.func @transpose_transpose(%arg0: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  %0 = onnx.Transpose %arg0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %1 = onnx.Transpose %0 {perm = array<i64: 2, 0, 1>} : (tensor<4x2x3xf32>) -> tensor<3x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

// -----

// p1 = [1, 2, 0], p2 = default [2, 1, 0] gives [0, 2, 1].
// CHECK-LABEL: func.func @transpose_transpose_default_perm(
// CHECK-NEXT: [[T:%.+]] = onnx.Transpose %arg0 {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
// CHECK-NEXT: return [[T]]
func.func @transpose_transpose_default_perm(%arg0: tensor<2x3x4xf32>) -> tensor<2x4x3xf32> {
  %0 = onnx.Transpose %arg0 {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = onnx.Transpose %0 : (tensor<3x4x2xf32>) -> tensor<2x4x3xf32>
  return %1 : tensor<2x4x3xf32>
}

// -----

// Inverse permutations compose to the identity, which then folds away.
// CHECK-LABEL: func.func @transpose_transpose_inverse(
// CHECK-NOT: onnx.Transpose
// CHECK: return %arg0 : tensor<2x3x4xf32>
func.func @transpose_transpose_inverse(%arg0: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = onnx.Transpose %arg0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %1 = onnx.Transpose %0 {perm = array<i64: 1, 2, 0>} : (tensor<4x2x3xf32>) -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Concat, Gather, Slice.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @concat_constants(
// CHECK-DAG: [[AX0:%.+]] = onnx.Constant dense<{{\[\[}}1, 2], [3, 4], [5, 6]]> : tensor<3x2xi64>
// CHECK-DAG: [[AX1:%.+]] = onnx.Constant dense<{{\[\[}}7, 1, 2, 9], [8, 3, 4, 10]]> : tensor<2x4xi64>
// CHECK-DAG: [[NEG:%.+]] = onnx.Constant dense<{{\[\[}}1, 2, 7], [3, 4, 8]]> : tensor<2x3xi64>
// CHECK-DAG: [[F:%.+]] = onnx.Constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NOT: onnx.Concat
// CHECK: return [[AX0]], [[AX1]], [[NEG]], [[F]]
func.func @concat_constants() -> (tensor<3x2xi64>, tensor<2x4xi64>, tensor<2x3xi64>, tensor<3xf32>) {
  %a = onnx.Constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %b = onnx.Constant dense<[[5, 6]]> : tensor<1x2xi64>
  %0 = onnx.Concat %a, %b {axis = 0 : i64} : (tensor<2x2xi64>, tensor<1x2xi64>) -> tensor<3x2xi64>
  %c = onnx.Constant dense<[[7], [8]]> : tensor<2x1xi64>
  %d = onnx.Constant dense<[[9], [10]]> : tensor<2x1xi64>
  %1 = onnx.Concat %c, %a, %d {axis = 1 : i64} : (tensor<2x1xi64>, tensor<2x2xi64>, tensor<2x1xi64>) -> tensor<2x4xi64>
  %2 = onnx.Concat %a, %c {axis = -1 : i64} : (tensor<2x2xi64>, tensor<2x1xi64>) -> tensor<2x3xi64>
  %e = onnx.Constant dense<[1.0]> : tensor<1xf32>
  %f = onnx.Constant dense<[2.0, 3.0]> : tensor<2xf32>
  %3 = onnx.Concat %e, %f {axis = 0 : i64} : (tensor<1xf32>, tensor<2xf32>) -> tensor<3xf32>
  return %0, %1, %2, %3 : tensor<3x2xi64>, tensor<2x4xi64>, tensor<2x3xi64>, tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_single_input(
// CHECK-NOT: onnx.Concat
// CHECK: return %arg0 : tensor<2x3xf32>
func.func @concat_single_input(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Concat %arg0 {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gather_constants(
// CHECK-DAG: [[G0:%.+]] = onnx.Constant dense<[40, 20]> : tensor<2xi64>
// CHECK-DAG: [[G1:%.+]] = onnx.Constant dense<{{\[\[}}3, 1], [6, 4]]> : tensor<2x2xi64>
// CHECK-DAG: [[G2:%.+]] = onnx.Constant dense<{{\[\[\[}}1, 3], [2, 1]], {{\[\[}}4, 6], [5, 4]]]> : tensor<2x2x2xi64>
// CHECK-DAG: [[G3:%.+]] = onnx.Constant dense<[4, 5, 6]> : tensor<3xi64>
// CHECK-DAG: [[G4:%.+]] = onnx.Constant dense<[2.500000e+00, 5.000000e-01]> : tensor<2xf32>
// CHECK-NOT: onnx.Gather
// CHECK: return [[G0]], [[G1]], [[G2]], [[G3]], [[G4]]
func.func @gather_constants() -> (tensor<2xi64>, tensor<2x2xi64>, tensor<2x2x2xi64>, tensor<3xi64>, tensor<2xf32>) {
  %d = onnx.Constant dense<[10, 20, 30, 40]> : tensor<4xi64>
  %i = onnx.Constant dense<[-1, 1]> : tensor<2xi64>
  %0 = onnx.Gather %d, %i : (tensor<4xi64>, tensor<2xi64>) -> tensor<2xi64>
  %m = onnx.Constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  // Columns 2 and -3 (= 0), i32 indices.
  %j = onnx.Constant dense<[2, -3]> : tensor<2xi32>
  %1 = onnx.Gather %m, %j {axis = 1 : i64} : (tensor<2x3xi64>, tensor<2xi32>) -> tensor<2x2xi64>
  // 2-D indices along axis -1 (= 1): out[r][a][b] = m[r][k[a][b]].
  %k = onnx.Constant dense<[[0, -1], [1, 0]]> : tensor<2x2xi64>
  %2 = onnx.Gather %m, %k {axis = -1 : i64} : (tensor<2x3xi64>, tensor<2x2xi64>) -> tensor<2x2x2xi64>
  // A scalar index drops the axis.
  %s = onnx.Constant dense<-1> : tensor<i64>
  %3 = onnx.Gather %m, %s : (tensor<2x3xi64>, tensor<i64>) -> tensor<3xi64>
  %f = onnx.Constant dense<[0.5, 1.5, 2.5]> : tensor<3xf32>
  %l = onnx.Constant dense<[-1, 0]> : tensor<2xi64>
  %4 = onnx.Gather %f, %l : (tensor<3xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0, %1, %2, %3, %4 : tensor<2xi64>, tensor<2x2xi64>, tensor<2x2x2xi64>, tensor<3xi64>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @slice_constants(
// CHECK-DAG: [[S0:%.+]] = onnx.Constant dense<{{\[\[}}8, 6], [4, 2]]> : tensor<2x2xi64>
// CHECK-DAG: [[S1:%.+]] = onnx.Constant dense<[5, 3, 1]> : tensor<3xi64>
// CHECK-DAG: [[S2:%.+]] = onnx.Constant dense<[6, 4, 2, 0]> : tensor<4xi64>
// CHECK-DAG: [[S3:%.+]] = onnx.Constant dense<[1, 3, 5]> : tensor<3xi64>
// CHECK-DAG: [[S4:%.+]] = onnx.Constant dense<{{\[\[}}2, 3], [6, 7]]> : tensor<2x2xi64>
// CHECK-NOT: onnx.Slice
// CHECK: return [[S0]], [[S1]], [[S2]], [[S3]], [[S4]]
func.func @slice_constants() -> (tensor<2x2xi64>, tensor<3xi64>, tensor<4xi64>, tensor<3xi64>, tensor<2x2xi64>) {
  %none = onnx.NoValue
  %m = onnx.Constant dense<[[1, 2, 3, 4], [5, 6, 7, 8]]> : tensor<2x4xi64>
  // m[-1:-3:-1, 3:0:-2]: rows 1, 0 and columns 3, 1.
  %st = onnx.Constant dense<[-1, 3]> : tensor<2xi64>
  %en = onnx.Constant dense<[-3, 0]> : tensor<2xi64>
  %ax = onnx.Constant dense<[0, 1]> : tensor<2xi64>
  %sp = onnx.Constant dense<[-1, -2]> : tensor<2xi64>
  %0 = onnx.Slice %m, %st, %en, %ax, %sp : (tensor<2x4xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x2xi64>
  %v = onnx.Constant dense<[0, 1, 2, 3, 4, 5, 6]> : tensor<7xi64>
  // v[5:-100:-2]
  %s1 = onnx.Constant dense<[5]> : tensor<1xi64>
  %e1 = onnx.Constant dense<[-100]> : tensor<1xi64>
  %p1 = onnx.Constant dense<[-2]> : tensor<1xi64>
  %1 = onnx.Slice %v, %s1, %e1, %none, %p1 : (tensor<7xi64>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<3xi64>
  // v[100:-100:-2]: the start clamps to 6.
  %s2 = onnx.Constant dense<[100]> : tensor<1xi64>
  %2 = onnx.Slice %v, %s2, %e1, %none, %p1 : (tensor<7xi64>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<4xi64>
  // v[1:6:2]
  %s3 = onnx.Constant dense<[1]> : tensor<1xi64>
  %e3 = onnx.Constant dense<[6]> : tensor<1xi64>
  %p3 = onnx.Constant dense<[2]> : tensor<1xi64>
  %3 = onnx.Slice %v, %s3, %e3, %none, %p3 : (tensor<7xi64>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<3xi64>
  // m[:, 1:-1] with axes = [-1].
  %s4 = onnx.Constant dense<[1]> : tensor<1xi64>
  %e4 = onnx.Constant dense<[-1]> : tensor<1xi64>
  %a4 = onnx.Constant dense<[-1]> : tensor<1xi64>
  %4 = onnx.Slice %m, %s4, %e4, %a4, %none : (tensor<2x4xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<2x2xi64>
  return %0, %1, %2, %3, %4 : tensor<2x2xi64>, tensor<3xi64>, tensor<4xi64>, tensor<3xi64>, tensor<2x2xi64>
}

// -----

// A slice covering the whole tensor is removed.
// CHECK-LABEL: func.func @slice_whole_tensor(
// CHECK-NOT: onnx.Slice
// CHECK: return %arg0, %arg0 : tensor<4x5xf32>, tensor<4x5xf32>
func.func @slice_whole_tensor(%arg0: tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %none = onnx.NoValue
  %st = onnx.Constant dense<[0]> : tensor<1xi64>
  %en = onnx.Constant dense<[9223372036854775807]> : tensor<1xi64>
  %ax = onnx.Constant dense<[1]> : tensor<1xi64>
  %0 = onnx.Slice %arg0, %st, %en, %ax, %none : (tensor<4x5xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<4x5xf32>
  %st2 = onnx.Constant dense<[0, -5]> : tensor<2xi64>
  %en2 = onnx.Constant dense<[4, 5]> : tensor<2xi64>
  %sp2 = onnx.Constant dense<[1, 1]> : tensor<2xi64>
  %1 = onnx.Slice %arg0, %st2, %en2, %none, %sp2 : (tensor<4x5xf32>, tensor<2xi64>, tensor<2xi64>, none, tensor<2xi64>) -> tensor<4x5xf32>
  return %0, %1 : tensor<4x5xf32>, tensor<4x5xf32>
}

// -----

// Reversing the whole tensor has the input type but is not a no-op.
// CHECK-LABEL: func.func @slice_reverse_not_removed(
// CHECK: [[S:%.+]] = onnx.Slice %arg0
// CHECK: return [[S]]
func.func @slice_reverse_not_removed(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %none = onnx.NoValue
  %st = onnx.Constant dense<[-1]> : tensor<1xi64>
  %en = onnx.Constant dense<[-9223372036854775807]> : tensor<1xi64>
  %sp = onnx.Constant dense<[-1]> : tensor<1xi64>
  %0 = onnx.Slice %arg0, %st, %en, %none, %sp : (tensor<4xf32>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Cast, ConstantOfShape, Range.
//===----------------------------------------------------------------------===//

// int64 -> f32 rounds to nearest even: 16777217 becomes 16777216 (0x4B800000).
// CHECK-LABEL: func.func @cast_i64_to_f32(
// CHECK-NEXT: [[R:%.+]] = onnx.Constant dense<[-3.000000e+00, 0.000000e+00, 7.000000e+00, 0x4B800000]> : tensor<4xf32>
// CHECK-NOT: onnx.Cast
// CHECK-NEXT: return [[R]]
func.func @cast_i64_to_f32() -> tensor<4xf32> {
  %a = onnx.Constant dense<[-3, 0, 7, 16777217]> : tensor<4xi64>
  %0 = onnx.Cast %a {to = f32} : (tensor<4xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// f32 -> int32 truncates toward zero.
// CHECK-LABEL: func.func @cast_f32_to_i32(
// CHECK-DAG: [[R:%.+]] = onnx.Constant dense<[2, -2, 0, 0, 100]> : tensor<5xi32>
// CHECK-DAG: [[SPLAT:%.+]] = onnx.Constant dense<-1> : tensor<2x2xi32>
// CHECK-NOT: onnx.Cast
// CHECK: return [[R]], [[SPLAT]]
func.func @cast_f32_to_i32() -> (tensor<5xi32>, tensor<2x2xi32>) {
  %a = onnx.Constant dense<[2.7, -2.7, 0.5, -0.5, 100.99]> : tensor<5xf32>
  %0 = onnx.Cast %a {to = i32} : (tensor<5xf32>) -> tensor<5xi32>
  %b = onnx.Constant dense<-1.5> : tensor<2x2xf32>
  %1 = onnx.Cast %b {to = i32} : (tensor<2x2xf32>) -> tensor<2x2xi32>
  return %0, %1 : tensor<5xi32>, tensor<2x2xi32>
}

// -----

// Integer -> bool is "non-zero"; int64 -> uint8 wraps modulo 256.
// CHECK-LABEL: func.func @cast_integers(
// CHECK-DAG: [[B:%.+]] = onnx.Constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-DAG: [[U:%.+]] = onnx.Constant dense<[44, 255]> : tensor<2xui8>
// CHECK-DAG: [[F:%.+]] = onnx.Constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-NOT: onnx.Cast
// CHECK: return [[B]], [[U]], [[F]]
func.func @cast_integers() -> (tensor<3xi1>, tensor<2xui8>, tensor<2xf32>) {
  %a = onnx.Constant dense<[2, 0, -1]> : tensor<3xi64>
  %0 = onnx.Cast %a {to = i1} : (tensor<3xi64>) -> tensor<3xi1>
  %b = onnx.Constant dense<[300, -1]> : tensor<2xi64>
  %1 = onnx.Cast %b {to = ui8} : (tensor<2xi64>) -> tensor<2xui8>
  %c = onnx.Constant dense<[true, false]> : tensor<2xi1>
  %2 = onnx.Cast %c {to = f32} : (tensor<2xi1>) -> tensor<2xf32>
  return %0, %1, %2 : tensor<3xi1>, tensor<2xui8>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @cast_same_type(
// CHECK-NOT: onnx.Cast
// CHECK: return %arg0 : tensor<2x3xf32>
func.func @cast_same_type(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Cast %arg0 {to = f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @constant_of_shape(
// CHECK-DAG: [[ZERO:%.+]] = onnx.Constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK-DAG: [[SEVEN:%.+]] = onnx.Constant dense<7> : tensor<2x1xi64>
// CHECK-DAG: [[TRUE:%.+]] = onnx.Constant dense<true> : tensor<2xi1>
// CHECK-DAG: [[NEG:%.+]] = onnx.Constant dense<-4> : tensor<2x3xi32>
// CHECK-DAG: [[SCALAR:%.+]] = onnx.Constant dense<2.500000e+00> : tensor<f32>
// CHECK-NOT: onnx.ConstantOfShape
// CHECK: return [[ZERO]], [[SEVEN]], [[TRUE]], [[NEG]], [[SCALAR]]
func.func @constant_of_shape(%arg0: tensor<2xi64>) -> (tensor<2x3xf32>, tensor<2x1xi64>, tensor<2xi1>, tensor<2x3xi32>, tensor<f32>) {
  // No value: float 0.
  %s = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  %0 = onnx.ConstantOfShape %s : (tensor<2xi64>) -> tensor<2x3xf32>
  %s1 = onnx.Constant dense<[2, 1]> : tensor<2xi64>
  %1 = onnx.ConstantOfShape %s1 {value = dense<7> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<2x1xi64>
  %s2 = onnx.Constant dense<[2]> : tensor<1xi64>
  %2 = onnx.ConstantOfShape %s2 {value = dense<true> : tensor<1xi1>} : (tensor<1xi64>) -> tensor<2xi1>
  // The result type is static, so even a non-constant shape input folds.
  %3 = onnx.ConstantOfShape %arg0 {value = dense<-4> : tensor<1xi32>} : (tensor<2xi64>) -> tensor<2x3xi32>
  %e = onnx.Constant dense<> : tensor<0xi64>
  %4 = onnx.ConstantOfShape %e {value = dense<2.5> : tensor<1xf32>} : (tensor<0xi64>) -> tensor<f32>
  return %0, %1, %2, %3, %4 : tensor<2x3xf32>, tensor<2x1xi64>, tensor<2xi1>, tensor<2x3xi32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @range(
// CHECK-DAG: [[F:%.+]] = onnx.Constant dense<[1.000000e+00, 1.500000e+00, 2.000000e+00, 2.500000e+00]> : tensor<4xf32>
// CHECK-DAG: [[I:%.+]] = onnx.Constant dense<[10, 7]> : tensor<2xi64>
// CHECK-DAG: [[J:%.+]] = onnx.Constant dense<[0, 3]> : tensor<2xi32>
// CHECK-DAG: [[G:%.+]] = onnx.Constant dense<[5.000000e-01, -2.500000e-01, -1.000000e+00]> : tensor<3xf32>
// CHECK-NOT: onnx.Range
// CHECK: return [[F]], [[I]], [[J]], [[G]]
func.func @range() -> (tensor<4xf32>, tensor<2xi64>, tensor<2xi32>, tensor<3xf32>) {
  // range(1.0, 3.0, 0.5)
  %s = onnx.Constant dense<1.0> : tensor<f32>
  %l = onnx.Constant dense<3.0> : tensor<f32>
  %d = onnx.Constant dense<0.5> : tensor<f32>
  %0 = onnx.Range %s, %l, %d : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  // range(10, 4, -3)
  %s1 = onnx.Constant dense<10> : tensor<i64>
  %l1 = onnx.Constant dense<4> : tensor<i64>
  %d1 = onnx.Constant dense<-3> : tensor<i64>
  %1 = onnx.Range %s1, %l1, %d1 : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<2xi64>
  // range(0, 5, 3)
  %s2 = onnx.Constant dense<0> : tensor<i32>
  %l2 = onnx.Constant dense<5> : tensor<i32>
  %d2 = onnx.Constant dense<3> : tensor<i32>
  %2 = onnx.Range %s2, %l2, %d2 : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<2xi32>
  // range(0.5, -1.5, -0.75)
  %s3 = onnx.Constant dense<0.5> : tensor<f32>
  %l3 = onnx.Constant dense<-1.5> : tensor<f32>
  %d3 = onnx.Constant dense<-0.75> : tensor<f32>
  %3 = onnx.Range %s3, %l3, %d3 : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<3xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<2xi64>, tensor<2xi32>, tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Dropout.
//===----------------------------------------------------------------------===//

// Inference Dropout (no training_mode, or a constant false one) is the
// identity; a used mask becomes an all-true constant.
// CHECK-LABEL: func.func @dropout_inference(
// CHECK-NEXT: [[MASK:%.+]] = onnx.Constant dense<true> : tensor<2x3xi1>
// CHECK-NOT: onnx.Dropout
// CHECK-NEXT: return %arg0, [[MASK]], %arg0 : tensor<2x3xf32>, tensor<2x3xi1>, tensor<2x3xf32>
func.func @dropout_inference(%arg0: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>, tensor<2x3xf32>) {
  %none = onnx.NoValue
  %r = onnx.Constant dense<0.5> : tensor<f32>
  %0:2 = onnx.Dropout %arg0, %r, %none : (tensor<2x3xf32>, tensor<f32>, none) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  %f = onnx.Constant dense<false> : tensor<i1>
  %1:2 = onnx.Dropout %0#0, %r, %f : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, none)
  %2:2 = onnx.Dropout %arg0, %none, %none : (tensor<2x3xf32>, none, none) -> (tensor<2x3xf32>, none)
  return %1#0, %0#1, %2#0 : tensor<2x3xf32>, tensor<2x3xi1>, tensor<2x3xf32>
}

// -----

// An unused mask does not leave a constant behind.
// CHECK-LABEL: func.func @dropout_inference_unused_mask(
// CHECK-NOT: onnx.
// CHECK: return %arg0 : tensor<2x3xf32>
func.func @dropout_inference_unused_mask(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %none = onnx.NoValue
  %0:2 = onnx.Dropout %arg0, %none, %none : (tensor<2x3xf32>, none, none) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  return %0#0 : tensor<2x3xf32>
}

// -----

// Training mode (constant true) is kept, even with unused results.
// CHECK-LABEL: func.func @dropout_training(
// CHECK-DAG: [[R:%.+]] = onnx.Constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG: [[T:%.+]] = onnx.Constant dense<true> : tensor<i1>
// CHECK: [[OUT:%[^,]+]], [[MASK:%[^ ]+]] = onnx.Dropout %arg0, [[R]], [[T]] : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
// CHECK: onnx.Dropout %arg0, [[R]], [[T]] : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, none)
// CHECK: return [[OUT]], [[MASK]]
func.func @dropout_training(%arg0: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  %r = onnx.Constant dense<0.5> : tensor<f32>
  %t = onnx.Constant dense<true> : tensor<i1>
  %0:2 = onnx.Dropout %arg0, %r, %t : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  %1:2 = onnx.Dropout %arg0, %r, %t : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, none)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi1>
}

// -----

// A training_mode that is not a constant may be true: kept.
// CHECK-LABEL: func.func @dropout_unknown_mode(
// CHECK: [[OUT:%[^,]+]], {{%[^ ]+}} = onnx.Dropout %arg0, %{{.+}}, %arg1
// CHECK: return [[OUT]]
func.func @dropout_unknown_mode(%arg0: tensor<2x3xf32>, %arg1: tensor<i1>) -> tensor<2x3xf32> {
  %none = onnx.NoValue
  %0:2 = onnx.Dropout %arg0, %none, %arg1 : (tensor<2x3xf32>, none, tensor<i1>) -> (tensor<2x3xf32>, none)
  return %0#0 : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Size limit: no fold creates a non-splat attribute of more than 1024
// elements, nor reads one.
//===----------------------------------------------------------------------===//

// 1024 elements is the limit and folds; 1025 does not.
// CHECK-LABEL: func.func @range_size_limit(
// CHECK-DAG: [[BIG:%.+]] = onnx.Constant dense<1025> : tensor<i64>
// CHECK-DAG: [[FOLDED:%.+]] = onnx.Constant dense<"0x0000000000000000010000000000000002000000{{[0-9A-F]*}}FE03000000000000FF03000000000000"> : tensor<1024xi64>
// CHECK: [[KEPT:%.+]] = onnx.Range %{{.+}}, [[BIG]], %{{.+}} : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<1025xi64>
// CHECK: return [[FOLDED]], [[KEPT]]
func.func @range_size_limit() -> (tensor<1024xi64>, tensor<1025xi64>) {
  %s = onnx.Constant dense<0> : tensor<i64>
  %l = onnx.Constant dense<1024> : tensor<i64>
  %l2 = onnx.Constant dense<1025> : tensor<i64>
  %d = onnx.Constant dense<1> : tensor<i64>
  %0 = onnx.Range %s, %l, %d : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<1024xi64>
  %1 = onnx.Range %s, %l2, %d : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<1025xi64>
  return %0, %1 : tensor<1024xi64>, tensor<1025xi64>
}

// -----

// Elementwise ops on large splats are not evaluated either.
// CHECK-LABEL: func.func @large_splat_add_not_folded(
// CHECK: [[R:%.+]] = onnx.Add %{{.+}}, %{{.+}} : (tensor<32x64xf32>, tensor<32x64xf32>) -> tensor<32x64xf32>
// CHECK: return [[R]]
func.func @large_splat_add_not_folded() -> tensor<32x64xf32> {
  %a = onnx.Constant dense<1.0> : tensor<32x64xf32>
  %b = onnx.Constant dense<2.0> : tensor<32x64xf32>
  %0 = onnx.Add %a, %b : (tensor<32x64xf32>, tensor<32x64xf32>) -> tensor<32x64xf32>
  return %0 : tensor<32x64xf32>
}

// -----

// Small constant operands whose result would be large.
// CHECK-LABEL: func.func @large_results_not_folded(
// CHECK: [[E:%.+]] = onnx.Expand %{{.+}}, %{{.+}} : (tensor<2xi64>, tensor<2xi64>) -> tensor<600x2xi64>
// CHECK: [[C:%.+]] = onnx.Concat %{{.+}}, %{{.+}} {axis = 0 : i64} : (tensor<1x1100xi8>, tensor<1x1100xi8>) -> tensor<2x1100xi8>
// CHECK: [[T:%.+]] = onnx.Transpose %{{.+}} : (tensor<32x64xi32>) -> tensor<64x32xi32>
// CHECK: return [[E]], [[C]], [[T]]
func.func @large_results_not_folded() -> (tensor<600x2xi64>, tensor<2x1100xi8>, tensor<64x32xi32>) {
  %a = onnx.Constant dense<[1, 2]> : tensor<2xi64>
  %s = onnx.Constant dense<[600, 2]> : tensor<2xi64>
  %0 = onnx.Expand %a, %s : (tensor<2xi64>, tensor<2xi64>) -> tensor<600x2xi64>
  %b = onnx.Constant dense<1> : tensor<1x1100xi8>
  %c = onnx.Constant dense<2> : tensor<1x1100xi8>
  %1 = onnx.Concat %b, %c {axis = 0 : i64} : (tensor<1x1100xi8>, tensor<1x1100xi8>) -> tensor<2x1100xi8>
  %d = onnx.Constant dense<7> : tensor<32x64xi32>
  %2 = onnx.Transpose %d : (tensor<32x64xi32>) -> tensor<64x32xi32>
  return %0, %1, %2 : tensor<600x2xi64>, tensor<2x1100xi8>, tensor<64x32xi32>
}

// -----

// Large splats may still be re-typed (no per-element storage is created).
// CHECK-LABEL: func.func @large_splat_cheap_folds(
// CHECK-DAG: [[Z:%.+]] = onnx.Constant dense<0.000000e+00> : tensor<32x64xf32>
// CHECK-DAG: [[C:%.+]] = onnx.Constant dense<3> : tensor<2048xi32>
// CHECK-DAG: [[E:%.+]] = onnx.Constant dense<5> : tensor<40x40xi64>
// CHECK-NOT: onnx.ConstantOfShape
// CHECK-NOT: onnx.Reshape
// CHECK-NOT: onnx.Cast
// CHECK-NOT: onnx.Expand
// CHECK: return [[Z]], [[C]], [[E]]
func.func @large_splat_cheap_folds() -> (tensor<32x64xf32>, tensor<2048xi32>, tensor<40x40xi64>) {
  %s = onnx.Constant dense<[32, 64]> : tensor<2xi64>
  %0 = onnx.ConstantOfShape %s : (tensor<2xi64>) -> tensor<32x64xf32>
  %a = onnx.Constant dense<3.5> : tensor<32x64xf32>
  %r = onnx.Constant dense<[2048]> : tensor<1xi64>
  %1 = onnx.Reshape %a, %r : (tensor<32x64xf32>, tensor<1xi64>) -> tensor<2048xf32>
  %2 = onnx.Cast %1 {to = i32} : (tensor<2048xf32>) -> tensor<2048xi32>
  %f = onnx.Constant dense<5> : tensor<1xi64>
  %t = onnx.Constant dense<[40, 40]> : tensor<2xi64>
  %3 = onnx.Expand %f, %t : (tensor<1xi64>, tensor<2xi64>) -> tensor<40x40xi64>
  return %0, %2, %3 : tensor<32x64xf32>, tensor<2048xi32>, tensor<40x40xi64>
}

// -----

// A non-splat constant of 1025 elements (a dense_resource blob, as the
// importer stores large initializers) is never read by a folder.
// CHECK-LABEL: func.func @large_resource_not_folded(
// CHECK: [[A:%.+]] = onnx.Constant dense_resource<large> : tensor<1025xi8>
// CHECK: [[ADD:%.+]] = onnx.Add [[A]], %{{.+}} : (tensor<1025xi8>, tensor<1xi8>) -> tensor<1025xi8>
// CHECK: [[NEG:%.+]] = onnx.Neg [[A]] : (tensor<1025xi8>) -> tensor<1025xi8>
// CHECK: [[SL:%.+]] = onnx.Slice [[A]], {{.*}} -> tensor<1024xi8>
// CHECK: [[CAST:%.+]] = onnx.Cast [[A]] {to = f32} : (tensor<1025xi8>) -> tensor<1025xf32>
// CHECK: [[RS:%.+]] = onnx.Reshape [[A]], %{{.+}} : (tensor<1025xi8>, tensor<2xi64>) -> tensor<1x1025xi8>
// CHECK: return [[ADD]], [[NEG]], [[SL]], [[CAST]], [[RS]]
func.func @large_resource_not_folded() -> (tensor<1025xi8>, tensor<1025xi8>, tensor<1024xi8>, tensor<1025xf32>, tensor<1x1025xi8>) {
  %a = onnx.Constant dense_resource<large> : tensor<1025xi8>
  %one = onnx.Constant dense<1> : tensor<1xi8>
  %0 = onnx.Add %a, %one : (tensor<1025xi8>, tensor<1xi8>) -> tensor<1025xi8>
  %1 = onnx.Neg %a : (tensor<1025xi8>) -> tensor<1025xi8>
  %none = onnx.NoValue
  %st = onnx.Constant dense<[-1]> : tensor<1xi64>
  %en = onnx.Constant dense<[0]> : tensor<1xi64>
  %2 = onnx.Slice %a, %st, %en, %none, %st : (tensor<1025xi8>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<1024xi8>
  %3 = onnx.Cast %a {to = f32} : (tensor<1025xi8>) -> tensor<1025xf32>
  %sh = onnx.Constant dense<[1, 1025]> : tensor<2xi64>
  %4 = onnx.Reshape %a, %sh : (tensor<1025xi8>, tensor<2xi64>) -> tensor<1x1025xi8>
  return %0, %1, %2, %3, %4 : tensor<1025xi8>, tensor<1025xi8>, tensor<1024xi8>, tensor<1025xf32>, tensor<1x1025xi8>
}

// Byte i of the blob is 7 * i mod 256.
{-#
  dialect_resources: {
    builtin: {
      large: "0x0100000000070E151C232A31383F464D545B626970777E858C939AA1A8AFB6BDC4CBD2D9E0E7EEF5FC030A11181F262D343B424950575E656C737A81888F969DA4ABB2B9C0C7CED5DCE3EAF1F8FF060D141B222930373E454C535A61686F767D848B9299A0A7AEB5BCC3CAD1D8DFE6EDF4FB020910171E252C333A41484F565D646B727980878E959CA3AAB1B8BFC6CDD4DBE2E9F0F7FE050C131A21282F363D444B525960676E757C838A91989FA6ADB4BBC2C9D0D7DEE5ECF3FA01080F161D242B323940474E555C636A71787F868D949BA2A9B0B7BEC5CCD3DAE1E8EFF6FD040B121920272E353C434A51585F666D747B828990979EA5ACB3BAC1C8CFD6DDE4EBF2F900070E151C232A31383F464D545B626970777E858C939AA1A8AFB6BDC4CBD2D9E0E7EEF5FC030A11181F262D343B424950575E656C737A81888F969DA4ABB2B9C0C7CED5DCE3EAF1F8FF060D141B222930373E454C535A61686F767D848B9299A0A7AEB5BCC3CAD1D8DFE6EDF4FB020910171E252C333A41484F565D646B727980878E959CA3AAB1B8BFC6CDD4DBE2E9F0F7FE050C131A21282F363D444B525960676E757C838A91989FA6ADB4BBC2C9D0D7DEE5ECF3FA01080F161D242B323940474E555C636A71787F868D949BA2A9B0B7BEC5CCD3DAE1E8EFF6FD040B121920272E353C434A51585F666D747B828990979EA5ACB3BAC1C8CFD6DDE4EBF2F900070E151C232A31383F464D545B626970777E858C939AA1A8AFB6BDC4CBD2D9E0E7EEF5FC030A11181F262D343B424950575E656C737A81888F969DA4ABB2B9C0C7CED5DCE3EAF1F8FF060D141B222930373E454C535A61686F767D848B9299A0A7AEB5BCC3CAD1D8DFE6EDF4FB020910171E252C333A41484F565D646B727980878E959CA3AAB1B8BFC6CDD4DBE2E9F0F7FE050C131A21282F363D444B525960676E757C838A91989FA6ADB4BBC2C9D0D7DEE5ECF3FA01080F161D242B323940474E555C636A71787F868D949BA2A9B0B7BEC5CCD3DAE1E8EFF6FD040B121920272E353C434A51585F666D747B828990979EA5ACB3BAC1C8CFD6DDE4EBF2F900070E151C232A31383F464D545B626970777E858C939AA1A8AFB6BDC4CBD2D9E0E7EEF5FC030A11181F262D343B424950575E656C737A81888F969DA4ABB2B9C0C7CED5DCE3EAF1F8FF060D141B222930373E454C535A61686F767D848B9299A0A7AEB5BCC3CAD1D8DFE6EDF4FB020910171E252C333A41484F565D646B727980878E959CA3AAB1B8BFC6CDD4DBE2E9F0F7FE050C131A21282F363D444B525960676E757C838A91989FA6ADB4BBC2C9D0D7DEE5ECF3FA01080F161D242B323940474E555C636A71787F868D949BA2A9B0B7BEC5CCD3DAE1E8EFF6FD040B121920272E353C434A51585F666D747B828990979EA5ACB3BAC1C8CFD6DDE4EBF2F900"
    }
  }
#-}

// -----

// Regressions: INT64_MIN / -1 wraps (numpy) instead of trapping; float -> bool
// is "non-zero"; ui64 values above INT64_MAX are left unfolded; Max/Min
// propagate NaN from either side.
// CHECK-LABEL: func.func @fold_edge_cases
// CHECK-DAG: onnx.Constant dense<-9223372036854775808> : tensor<1xi64>
// CHECK-DAG: onnx.Constant dense<[true, false, true, true]> : tensor<4xi1>
// CHECK-DAG: onnx.Div %{{.*}}, %{{.*}} : (tensor<1xui64>, tensor<1xui64>) -> tensor<1xui64>
// CHECK-DAG: onnx.Constant dense<0x7FC00000> : tensor<2xf32>
func.func @fold_edge_cases() -> (tensor<1xi64>, tensor<4xi1>, tensor<1xui64>, tensor<2xf32>) {
  %a = onnx.Constant dense<[-9223372036854775808]> : tensor<1xi64>
  %b = onnx.Constant dense<[-1]> : tensor<1xi64>
  %0 = onnx.Div %a, %b : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %f = onnx.Constant dense<[0.5, 0.0, -0.25, 2.0]> : tensor<4xf32>
  %1 = onnx.Cast %f {to = i1} : (tensor<4xf32>) -> tensor<4xi1>
  %u = onnx.Constant dense<[18446744073709551615]> : tensor<1xui64>
  %two = onnx.Constant dense<[2]> : tensor<1xui64>
  %2 = onnx.Div %u, %two : (tensor<1xui64>, tensor<1xui64>) -> tensor<1xui64>
  %nan = onnx.Constant dense<[0x7FC00000, 1.0]> : tensor<2xf32>
  %one = onnx.Constant dense<[1.0, 0x7FC00000]> : tensor<2xf32>
  %3 = onnx.Max %one, %nan : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1, %2, %3 : tensor<1xi64>, tensor<4xi1>, tensor<1xui64>, tensor<2xf32>
}
