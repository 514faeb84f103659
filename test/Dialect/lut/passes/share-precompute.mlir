// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-share-precompute))' -split-input-file | FileCheck %s
// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-share-precompute{share=false fuse-producer=false}))' -split-input-file | FileCheck %s --check-prefix=OFF

// Three projections of one normalized activation (RMSNorm's x * weight):
// one precompute, with the Mul fused in as its prologue.
// CHECK-LABEL: func.func @qkv
// CHECK: %[[V:.*]] = onnx.Constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK: %[[T:.*]], %[[R:.*]] = lut.precompute %arg0, %[[V]] {act = #lut.act<f16>, group_size = 4 : i64, k = 4 : i64, prologue = #lut.prologue<mul>, table = #lut.table<f16>}
// CHECK-NOT: lut.precompute
// CHECK-NOT: onnx.Mul
// CHECK-COUNT-3: lut.mpgemm %[[T]], %[[R]]
// OFF-LABEL: func.func @qkv
// OFF: onnx.Mul
// OFF-COUNT-3: lut.precompute
func.func @qkv(%x: tensor<2x4xf32>, %p: tensor<1x4x32xui8>, %c: tensor<1x64x2xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) {
  %g = onnx.Constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %n = onnx.Mul %x, %g : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %t0:2 = lut.precompute %n {act = #lut.act<f16>, group_size = 4 : i64, k = 4 : i64, table = #lut.table<f16>} : (tensor<2x4xf32>) -> (tensor<1x2x8xf16>, tensor<1x2x2xf32>)
  %q = lut.mpgemm %t0#0, %t0#1, %p, %c {act = #lut.act<f16>, format = #lut.weights<bits = 4, k = 4, group = 4, n = 8, n_padded = 64, ternary = false>, table = #lut.table<f16>} : (tensor<1x2x8xf16>, tensor<1x2x2xf32>, tensor<1x4x32xui8>, tensor<1x64x2xf32>) -> tensor<2x8xf32>
  %t1:2 = lut.precompute %n {act = #lut.act<f16>, group_size = 4 : i64, k = 4 : i64, table = #lut.table<f16>} : (tensor<2x4xf32>) -> (tensor<1x2x8xf16>, tensor<1x2x2xf32>)
  %k = lut.mpgemm %t1#0, %t1#1, %p, %c {act = #lut.act<f16>, format = #lut.weights<bits = 4, k = 4, group = 4, n = 8, n_padded = 64, ternary = false>, table = #lut.table<f16>} : (tensor<1x2x8xf16>, tensor<1x2x2xf32>, tensor<1x4x32xui8>, tensor<1x64x2xf32>) -> tensor<2x8xf32>
  %t2:2 = lut.precompute %n {act = #lut.act<f16>, group_size = 4 : i64, k = 4 : i64, table = #lut.table<f16>} : (tensor<2x4xf32>) -> (tensor<1x2x8xf16>, tensor<1x2x2xf32>)
  %v = lut.mpgemm %t2#0, %t2#1, %p, %c {act = #lut.act<f16>, format = #lut.weights<bits = 4, k = 4, group = 4, n = 8, n_padded = 64, ternary = false>, table = #lut.table<f16>} : (tensor<1x2x8xf16>, tensor<1x2x2xf32>, tensor<1x4x32xui8>, tensor<1x64x2xf32>) -> tensor<2x8xf32>
  return %q, %k, %v : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// Different table types are different tables: two precomputes. The Mul's
// result is also returned, so it is not fused.
// CHECK-LABEL: func.func @different
// CHECK: onnx.Mul
// CHECK-COUNT-2: lut.precompute %{{.*}} {act
func.func @different(%x: tensor<2x4xf32>) -> (tensor<1x2x8xf16>, tensor<1x2x8xi8>, tensor<2x4xf32>) {
  %g = onnx.Constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %n = onnx.Mul %x, %g : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %t0:2 = lut.precompute %n {act = #lut.act<f16>, group_size = 4 : i64, k = 4 : i64, table = #lut.table<f16>} : (tensor<2x4xf32>) -> (tensor<1x2x8xf16>, tensor<1x2x2xf32>)
  %t1:2 = lut.precompute %n {act = #lut.act<f16>, group_size = 4 : i64, k = 4 : i64, table = #lut.table<i8>} : (tensor<2x4xf32>) -> (tensor<1x2x8xi8>, tensor<1x2x2xf32>)
  return %t0#0, %t1#0, %n : tensor<1x2x8xf16>, tensor<1x2x8xi8>, tensor<2x4xf32>
}

// -----

// A producer whose other operand is not a last-axis vector (a full tensor)
// is not fused; the views of one value are one activation.
// CHECK-LABEL: func.func @views
// CHECK: onnx.Add
// CHECK: %[[R:.*]] = onnx.Reshape
// CHECK: lut.precompute %[[R]] {
// CHECK-NOT: lut.precompute
func.func @views(%x: tensor<1x2x4xf32>, %y: tensor<1x2x4xf32>) -> (tensor<1x2x8xf16>, tensor<1x2x8xf16>) {
  %a = onnx.Add %x, %y : (tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> tensor<1x2x4xf32>
  %s0 = onnx.Constant dense<[2, 4]> : tensor<2xi64>
  %r0 = onnx.Reshape %a, %s0 : (tensor<1x2x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  %t0:2 = lut.precompute %r0 {act = #lut.act<f16>, group_size = 4 : i64, k = 4 : i64, table = #lut.table<f16>} : (tensor<2x4xf32>) -> (tensor<1x2x8xf16>, tensor<1x2x2xf32>)
  %s1 = onnx.Constant dense<[2, 4]> : tensor<2xi64>
  %r1 = onnx.Reshape %a, %s1 : (tensor<1x2x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  %t1:2 = lut.precompute %r1 {act = #lut.act<f16>, group_size = 4 : i64, k = 4 : i64, table = #lut.table<f16>} : (tensor<2x4xf32>) -> (tensor<1x2x8xf16>, tensor<1x2x2xf32>)
  return %t0#0, %t1#0 : tensor<1x2x8xf16>, tensor<1x2x8xf16>
}
