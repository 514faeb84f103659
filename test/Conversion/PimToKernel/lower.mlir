// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(lower-pim-attention))' -split-input-file -verify-diagnostics | FileCheck %s

// The default memory (16 channels x 4 ranks of 8 x8 chips, 16 banks): 4 kv
// heads fill 4 chips of one group; 128 tokens are 2 chunks of 64, spread
// over 2 ranks; 16 head vectors of 64 bytes per 1 KB chip row, so a chunk
// takes 4 rows of keys and 4 of values.
// CHECK-LABEL: func.func @mha
// CHECK: pim.kernel %arg0, %arg1, %arg2, %arg3 {banks = 16 : i64, chunk = 64 : i64, chunks = 2 : i64, elems_per_burst = 4 : i64, group = 1 : i64, groups = 1 : i64, lanes = 8 : i64, layers = 1 : i64, layout = "hybrid", ranks = 64 : i64, rounds = 1 : i64, rows_per_chunk = 4 : i64, rows_used = 8 : i64, scale = 0.176776692 : f32, spread = 2 : i64, tokens_per_row = 16 : i64}
// CHECK-NOT: pim.decode_attention
func.func @mha(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) -> tensor<1x4x1x32xf32> {
  %o = pim.decode_attention %q, %k, %v, %len {scale = 0.17677669 : f32, group = 1 : i64, chunk = 64 : i64, layout = "hybrid"}
      : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return %o : tensor<1x4x1x32xf32>
}

// -----

// The naive layout: one kv head per group on the rank PU, a round is one
// chunk per bank group, 32 fp16 elements per rank burst, 128 vectors per
// 8 KB rank row.
// CHECK-LABEL: func.func @naive
// CHECK: pim.kernel {{.*}} {banks = 4 : i64, chunk = 64 : i64, chunks = 2 : i64, elems_per_burst = 32 : i64, group = 1 : i64, groups = 4 : i64, lanes = 1 : i64, layers = 1 : i64, layout = "naive", ranks = 64 : i64, rounds = 1 : i64, rows_per_chunk = 1 : i64, rows_used = 2 : i64, scale = 0.176776692 : f32, spread = 2 : i64, tokens_per_row = 128 : i64}
func.func @naive(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) -> tensor<1x4x1x32xf32> {
  %o = pim.decode_attention %q, %k, %v, %len {scale = 0.17677669 : f32, group = 1 : i64, chunk = 64 : i64, layout = "naive"}
      : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return %o : tensor<1x4x1x32xf32>
}

// -----

func.func @odd_head_dim(%q: tensor<1x4x1x30xf32>, %k: tensor<1x4x128x30xf32>, %v: tensor<1x4x128x30xf32>, %len: tensor<1xi64>) -> tensor<1x4x1x30xf32> {
  // expected-error @+1 {{dimm-pim: head dim 30 is not a multiple of the 4 fp16 elements a chip holds per burst (8 bytes)}}
  %o = pim.decode_attention %q, %k, %v, %len {scale = 0.18 : f32, group = 1 : i64, chunk = 64 : i64, layout = "hybrid"}
      : (tensor<1x4x1x30xf32>, tensor<1x4x128x30xf32>, tensor<1x4x128x30xf32>, tensor<1xi64>) -> tensor<1x4x1x30xf32>
  return %o : tensor<1x4x1x30xf32>
}

// -----

func.func @too_long(%q: tensor<64x8x1x128xf32>, %k: tensor<64x8x4194304x128xf16>, %v: tensor<64x8x4194304x128xf16>, %len: tensor<64xi64>) -> tensor<64x8x1x128xf32> {
  // expected-error @+1 {{needs 131072 rows of every bank, the memory has 65536}}
  %o = pim.decode_attention %q, %k, %v, %len {scale = 0.088 : f32, group = 1 : i64, chunk = 64 : i64, layout = "hybrid"}
      : (tensor<64x8x1x128xf32>, tensor<64x8x4194304x128xf16>, tensor<64x8x4194304x128xf16>, tensor<64xi64>) -> tensor<64x8x1x128xf32>
  return %o : tensor<64x8x1x128xf32>
}
