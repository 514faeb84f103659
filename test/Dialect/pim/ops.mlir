// RUN: kiln-opt %s | kiln-opt | FileCheck %s

// The pim ops print and parse back (round trip through kiln-opt twice).

// CHECK-LABEL: func.func @mha
// CHECK: pim.decode_attention %arg0, %arg1, %arg2, %arg3 {chunk = 64 : i64, group = 1 : i64, layout = "hybrid", scale = 0.176776692 : f32} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
func.func @mha(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) -> tensor<1x4x1x32xf32> {
  %o = pim.decode_attention %q, %k, %v, %len {scale = 0.17677669 : f32, group = 1 : i64, chunk = 64 : i64, layout = "hybrid"}
      : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return %o : tensor<1x4x1x32xf32>
}

// Grouped-query attention (2 kv heads for 4 query heads), fp16 caches, a
// batch of 3, the naive layout and the machine facts.
// CHECK-LABEL: func.func @gqa
// CHECK: pim.decode_attention {{.*}} {capacity_bytes = 549755813888 : i64, chip_burst_elems = 4 : i64, chunk = 100 : i64, group = 2 : i64, layout = "naive", scale = 1.250000e-01 : f32} : (tensor<3x4x1x64xf32>, tensor<3x2x4096x64xf16>, tensor<3x2x4096x64xf16>, tensor<3xi64>) -> tensor<3x4x1x64xf32>
func.func @gqa(%q: tensor<3x4x1x64xf32>, %k: tensor<3x2x4096x64xf16>, %v: tensor<3x2x4096x64xf16>, %len: tensor<3xi64>) -> tensor<3x4x1x64xf32> {
  %o = pim.decode_attention %q, %k, %v, %len {scale = 0.125 : f32, group = 2 : i64, chunk = 100 : i64, layout = "naive", chip_burst_elems = 4 : i64, capacity_bytes = 549755813888 : i64}
      : (tensor<3x4x1x64xf32>, tensor<3x2x4096x64xf16>, tensor<3x2x4096x64xf16>, tensor<3xi64>) -> tensor<3x4x1x64xf32>
  return %o : tensor<3x4x1x64xf32>
}

// CHECK-LABEL: func.func @append
// CHECK: pim.kv_append %arg0, %arg1, %arg2 : (tensor<2x4x128x32xf32>, tensor<2x4x1x32xf32>, tensor<2xi64>) -> tensor<2x4x128x32xf32>
func.func @append(%c: tensor<2x4x128x32xf32>, %n: tensor<2x4x1x32xf32>, %p: tensor<2xi64>) -> tensor<2x4x128x32xf32> {
  %r = pim.kv_append %c, %n, %p : (tensor<2x4x128x32xf32>, tensor<2x4x1x32xf32>, tensor<2xi64>) -> tensor<2x4x128x32xf32>
  return %r : tensor<2x4x128x32xf32>
}

// The placed kernel (what lower-pim-attention writes).
// CHECK-LABEL: func.func @kernel
// CHECK: pim.kernel %arg0, %arg1, %arg2, %arg3 {banks = 16 : i64, chunk = 64 : i64, chunks = 2 : i64, elems_per_burst = 4 : i64, group = 1 : i64, groups = 1 : i64, lanes = 8 : i64, layers = 1 : i64, layout = "hybrid", ranks = 64 : i64, rounds = 1 : i64, rows_per_chunk = 4 : i64, rows_used = 8 : i64, scale = 0.176776692 : f32, spread = 2 : i64, tokens_per_row = 16 : i64}
func.func @kernel(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) -> tensor<1x4x1x32xf32> {
  %o = pim.kernel %q, %k, %v, %len {banks = 16 : i64, chunk = 64 : i64, chunks = 2 : i64, elems_per_burst = 4 : i64, group = 1 : i64, groups = 1 : i64, lanes = 8 : i64, layers = 1 : i64, layout = "hybrid", ranks = 64 : i64, rounds = 1 : i64, rows_per_chunk = 4 : i64, rows_used = 8 : i64, scale = 0.17677669 : f32, spread = 2 : i64, tokens_per_row = 16 : i64}
      : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return %o : tensor<1x4x1x32xf32>
}
