// RUN: kiln-opt %s --pass-pipeline="builtin.module(func.func(lut-tile{config=%S/Inputs/small.json}))" -split-input-file -verify-diagnostics
// RUN: not kiln-opt %s --pass-pipeline="builtin.module(func.func(lut-tile{config=%S/Inputs/missing.json}))" 2>&1 | FileCheck %s --check-prefix=CONFIG
// RUN: not kiln-opt %s --pass-pipeline="builtin.module(func.func(lut-tile{tile=2x64x9}))" 2>&1 | FileCheck %s --check-prefix=TILEK
// CONFIG: lut-tile: cannot read the LUT-TC configuration '{{.*}}missing.json'
// TILEK: lut-tile: tile K must be 1..8 (tables of 2^(K-1) entries), got 9

// Packed for K = 2 tables, but the machine's tile has K = 4.
func.func @k_mismatch(%t: tensor<8x1x2xf16>, %r: tensor<2x1x2xf32>, %p: tensor<8x2x2xui8>, %c: tensor<2x8x2xf32>) -> tensor<1x8xf32> {
  // expected-error @below {{the weights are packed for tables of 2 activations, the tile has K = 4 (use the same tile for lut-pack and lut-tile)}}
  %y = lut.mpgemm %t, %r, %p, %c {act = #lut.act<f16>, format = #lut.weights<bits = 2, k = 2, group = 8, n = 8, n_padded = 8, ternary = false>, table = #lut.table<f16>} : (tensor<8x1x2xf16>, tensor<2x1x2xf32>, tensor<8x2x2xui8>, tensor<2x8x2xf32>) -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// Columns not padded to the tile's N = 8.
func.func @n_not_padded(%t: tensor<2x1x8xf16>, %r: tensor<1x1x2xf32>, %p: tensor<2x2x2xui8>, %c: tensor<1x4x2xf32>) -> tensor<1x4xf32> {
  // expected-error @below {{the packed columns (4) are not a multiple of the tile's N = 8}}
  %y = lut.mpgemm %t, %r, %p, %c {act = #lut.act<f16>, format = #lut.weights<bits = 2, k = 4, group = 8, n = 4, n_padded = 4, ternary = false>, table = #lut.table<f16>} : (tensor<2x1x8xf16>, tensor<1x1x2xf32>, tensor<2x2x2xui8>, tensor<1x4x2xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
