// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Negative tests for the lut dialect: every verifier check of every op and
// attribute has a case, each in its own split, with the message it must
// emit. The kernels use the machine
//   cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024,
//   acc_tiles = 4, tile = 2x16x4
// and two DRAM slots: 0 = tensor<4x16xf32> (256 bytes), 1 = the result
// tensor<2x16xf32> (128 bytes).

//===----------------------------------------------------------------------===//
// Attributes (checked when parsed).
//===----------------------------------------------------------------------===//

// expected-error @+1 {{#lut.weights bits = 0 out of range 1..4}}
func.func @weights_bits_zero() attributes {a = #lut.weights<bits = 0, k = 4, group = 8, n = 16, n_padded = 16, ternary = false>} {
  return
}

// -----

// expected-error @+1 {{#lut.weights bits = 5 out of range 1..4}}
func.func @weights_bits_five() attributes {a = #lut.weights<bits = 5, k = 4, group = 8, n = 16, n_padded = 16, ternary = false>} {
  return
}

// -----

// expected-error @+1 {{#lut.weights ternary weights are stored as 2-bit codes, but bits = 3}}
func.func @weights_ternary_bits() attributes {a = #lut.weights<bits = 3, k = 4, group = 8, n = 16, n_padded = 16, ternary = true>} {
  return
}

// -----

// expected-error @+1 {{#lut.weights k = 9 out of range 1..8}}
func.func @weights_k_nine() attributes {a = #lut.weights<bits = 2, k = 9, group = 9, n = 16, n_padded = 16, ternary = false>} {
  return
}

// -----

// expected-error @+1 {{#lut.weights k = 0 out of range 1..8}}
func.func @weights_k_zero() attributes {a = #lut.weights<bits = 2, k = 0, group = 8, n = 16, n_padded = 16, ternary = false>} {
  return
}

// -----

// expected-error @+1 {{#lut.weights group = 6 is not a positive multiple of k = 4}}
func.func @weights_group_not_multiple() attributes {a = #lut.weights<bits = 2, k = 4, group = 6, n = 16, n_padded = 16, ternary = false>} {
  return
}

// -----

// expected-error @+1 {{#lut.weights n = 0 must be positive}}
func.func @weights_n_zero() attributes {a = #lut.weights<bits = 2, k = 4, group = 8, n = 0, n_padded = 16, ternary = false>} {
  return
}

// -----

// expected-error @+1 {{#lut.weights n_padded = 8 is smaller than n = 16}}
func.func @weights_n_padded_small() attributes {a = #lut.weights<bits = 2, k = 4, group = 8, n = 16, n_padded = 8, ternary = false>} {
  return
}

// -----

// expected-error @+1 {{#lut.weights n_padded * k = 3 * 1 is not a multiple of 8 (plane rows are whole bytes)}}
func.func @weights_plane_bytes() attributes {a = #lut.weights<bits = 2, k = 1, group = 1, n = 3, n_padded = 3, ternary = false>} {
  return
}

// -----

// expected-error @+1 {{unknown #lut.weights parameter 'scale' (expected bits, k, group, n, n_padded, ternary)}}
func.func @weights_unknown_key() attributes {a = #lut.weights<bits = 2, k = 4, group = 8, n = 16, n_padded = 16, scale = 1>} {
  return
}

// -----

// expected-error @+1 {{#lut.weights parameter 'bits' given twice}}
func.func @weights_duplicate_key() attributes {a = #lut.weights<bits = 2, bits = 2, k = 4, group = 8, n = 16, n_padded = 16>} {
  return
}

// -----

// expected-error @+1 {{#lut.weights is missing 'n_padded'}}
func.func @weights_missing_key() attributes {a = #lut.weights<bits = 2, k = 4, group = 8, n = 16>} {
  return
}

// -----

// expected-error @+1 {{expected 'true' or 'false' for ternary}}
func.func @weights_ternary_not_bool() attributes {a = #lut.weights<bits = 2, k = 4, group = 8, n = 16, n_padded = 16, ternary = 1>} {
  return
}

// -----

// expected-error @+1 {{#lut.tile M = 0 out of range 1..255}}
func.func @tile_m_zero() attributes {a = #lut.tile<0x64x4>} {
  return
}

// -----

// expected-error @+1 {{#lut.tile M = 256 out of range 1..255}}
func.func @tile_m_large() attributes {a = #lut.tile<256x64x4>} {
  return
}

// -----

// expected-error @+1 {{#lut.tile N = 65536 out of range 1..65535}}
func.func @tile_n_large() attributes {a = #lut.tile<2x65536x4>} {
  return
}

// -----

// expected-error @+1 {{#lut.tile K = 9 out of range 1..8}}
func.func @tile_k_large() attributes {a = #lut.tile<2x64x9>} {
  return
}

// -----

// expected-error @+1 {{#lut.tile N * K = 3 * 4 is not a multiple of 8 (weight plane rows are whole bytes)}}
func.func @tile_plane_bytes() attributes {a = #lut.tile<2x3x4>} {
  return
}

// -----

// expected-error @+1 {{expected a tile MxNxK, got 2 dimension(s)}}
func.func @tile_two_dims() attributes {a = #lut.tile<2x64>} {
  return
}

// -----

// expected-error @+1 {{#lut.blocking n_block = 0 must be positive}}
func.func @blocking_zero() attributes {a = #lut.blocking<m_block = 2, n_block = 0, k_block = 16, cores = 1>} {
  return
}

// -----

// expected-error @+1 {{#lut.blocking cores = -1 must be positive}}
func.func @blocking_cores_negative() attributes {a = #lut.blocking<m_block = 2, n_block = 16, k_block = 16, cores = -1>} {
  return
}

// -----

// expected-error @+1 {{register r16 out of range: there are 16 registers r0..r15}}
func.func @addr_register_16() attributes {a = #lut.addr<r16+0>} {
  return
}

// -----

// expected-error @+1 {{address offset 268435456 out of range 0..268435455 (28 bits)}}
func.func @addr_offset_28_bits() attributes {a = #lut.addr<r1+268435456>} {
  return
}

// -----

// expected-error @+1 {{expected a register r0..r15 in an address rN+offset}}
func.func @addr_not_a_register() attributes {a = #lut.addr<x1+0>} {
  return
}

// -----

// expected-error @+2 {{expected ::kiln::lut::TableType to be one of: f16, i8, i16}}
// expected-error @+1 {{failed to parse Lut_TableTypeAttr parameter 'value' which is to be a `::kiln::lut::TableType`}}
func.func @enum_unknown_case() attributes {a = #lut.table<f32>} {
  return
}

//===----------------------------------------------------------------------===//
// lut.matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_inner_mismatch(%x: tensor<2x16xf32>, %w: tensor<8x4xf32>) {
  // expected-error @+1 {{'lut.matmul' op inner dimensions differ: x is 2x16 (K = 16) but w is 8x4 (K = 8)}}
  %0 = lut.matmul %x, %w : (tensor<2x16xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_result_shape(%x: tensor<2x16xf32>, %w: tensor<16x4xf32>) {
  // expected-error @+1 {{'lut.matmul' op result has shape 4x2, expected 2x4 (M from x, N from w)}}
  %0 = lut.matmul %x, %w : (tensor<2x16xf32>, tensor<16x4xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @matmul_f16(%x: tensor<2x16xf16>, %w: tensor<16x4xf32>) {
  // expected-error @+1 {{'lut.matmul' op operand #0 must be statically shaped 2-D tensor of 32-bit float values, but got 'tensor<2x16xf16>'}}
  %0 = lut.matmul %x, %w : (tensor<2x16xf16>, tensor<16x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_batched(%x: tensor<3x2x16xf32>, %w: tensor<16x4xf32>) {
  // expected-error @+1 {{'lut.matmul' op operand #0 must be statically shaped 2-D tensor of 32-bit float values, but got 'tensor<3x2x16xf32>'}}
  %0 = lut.matmul %x, %w : (tensor<3x2x16xf32>, tensor<16x4xf32>) -> tensor<2x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// lut.qmatmul
//===----------------------------------------------------------------------===//

// -----

func.func @qmatmul_bits_zero(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  // expected-error @+1 {{'lut.qmatmul' op bits = 0 out of range 1..4}}
  %0 = lut.qmatmul %x, %c, %s, %z {bits = 0 : i64, group_size = 8 : i64} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_bits_five(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  // expected-error @+1 {{'lut.qmatmul' op bits = 5 out of range 1..4}}
  %0 = lut.qmatmul %x, %c, %s, %z {bits = 5 : i64, group_size = 8 : i64} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_ternary_bits(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  // expected-error @+1 {{'lut.qmatmul' op ternary weights are stored as 2-bit codes, but bits = 1}}
  %0 = lut.qmatmul %x, %c, %s, %z {bits = 1 : i64, group_size = 8 : i64, ternary} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_codes_rows(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  %c8 = arith.constant dense<0> : tensor<8x4xui8>
  // expected-error @+1 {{'lut.qmatmul' op codes is 8x4 but x is 2x16: codes must have K = 16 rows}}
  %0 = lut.qmatmul %x, %c8, %s, %z {bits = 2 : i64, group_size = 8 : i64} : (tensor<2x16xf32>, tensor<8x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_group_divides(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  // expected-error @+1 {{'lut.qmatmul' op group_size = 6 does not divide K = 16}}
  %0 = lut.qmatmul %x, %c, %s, %z {bits = 2 : i64, group_size = 6 : i64} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_group_zero(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  // expected-error @+1 {{'lut.qmatmul' op group_size = 0 does not divide K = 16}}
  %0 = lut.qmatmul %x, %c, %s, %z {bits = 2 : i64, group_size = 0 : i64} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_scales_shape(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  // expected-error @+1 {{'lut.qmatmul' op scales has shape 2x4, expected 4x4 ((K / group_size) x N)}}
  %0 = lut.qmatmul %x, %c, %s, %z {bits = 2 : i64, group_size = 4 : i64} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_zeros_shape(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x3xf32>) {
  // expected-error @+1 {{'lut.qmatmul' op zeros has shape 2x3, expected 2x4 ((K / group_size) x N)}}
  %0 = lut.qmatmul %x, %c, %s, %z {bits = 2 : i64, group_size = 8 : i64} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_result_shape(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  // expected-error @+1 {{'lut.qmatmul' op result has shape 2x5, expected 2x4 (M from x, N from codes)}}
  %0 = lut.qmatmul %x, %c, %s, %z {bits = 2 : i64, group_size = 8 : i64} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @qmatmul_codes_signed(%x: tensor<2x16xf32>, %c: tensor<16x4xi8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  // expected-error @+1 {{'lut.qmatmul' op operand #1 must be statically shaped 2-D tensor of 8-bit unsigned integer values, but got 'tensor<16x4xi8>'}}
  %0 = lut.qmatmul %x, %c, %s, %z {bits = 2 : i64, group_size = 8 : i64} : (tensor<2x16xf32>, tensor<16x4xi8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_missing_bits(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  // expected-error @+1 {{'lut.qmatmul' op requires attribute 'bits'}}
  %0 = lut.qmatmul %x, %c, %s, %z {group_size = 8 : i64} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_constant_code_too_large(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  %k = arith.constant dense<[[0, 1, 2, 3], [3, 2, 4, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]> : tensor<16x4xui8>
  // expected-error @+1 {{'lut.qmatmul' op code 4 at [1, 2] does not fit 2 bits (codes must be below 4)}}
  %0 = lut.qmatmul %x, %k, %s, %z {bits = 2 : i64, group_size = 8 : i64} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_constant_splat_too_large(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  %k = arith.constant dense<2> : tensor<16x4xui8>
  // expected-error @+1 {{'lut.qmatmul' op code 2 at [0, 0] does not fit 1 bits (codes must be below 2)}}
  %0 = lut.qmatmul %x, %k, %s, %z {bits = 1 : i64, group_size = 8 : i64} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_ternary_code_three(%x: tensor<2x16xf32>, %c: tensor<16x4xui8>, %s: tensor<2x4xf32>, %z: tensor<2x4xf32>) {
  %k = arith.constant dense<3> : tensor<16x4xui8>
  // expected-error @+1 {{'lut.qmatmul' op ternary code 3 at [0, 0] is not 0, 1 or 2}}
  %0 = lut.qmatmul %x, %k, %s, %z {bits = 2 : i64, group_size = 8 : i64, ternary} : (tensor<2x16xf32>, tensor<16x4xui8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @qmatmul_resource_code_too_large(%x: tensor<2x16xf32>, %s: tensor<4x1xf32>, %z: tensor<4x1xf32>) {
  %k = onnx.Constant dense_resource<codes> : tensor<16x1xui8>
  // expected-error @+1 {{'lut.qmatmul' op code 9 at [15, 0] does not fit 3 bits (codes must be below 8)}}
  %0 = lut.qmatmul %x, %k, %s, %z {bits = 3 : i64, group_size = 4 : i64} : (tensor<2x16xf32>, tensor<16x1xui8>, tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<2x1xf32>
  return
}

{-#
  dialect_resources: {
    builtin: {
      codes: "0x0100000000010203040506070001020304050609"
    }
  }
#-}

//===----------------------------------------------------------------------===//
// lut.precompute
//===----------------------------------------------------------------------===//

// -----

func.func @precompute_k_zero(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op k = 0 out of range 1..8 (activations per table)}}
  %t, %ri = lut.precompute %x {k = 0 : i64, group_size = 8 : i64, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_k_nine(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op k = 9 out of range 1..8 (activations per table)}}
  %t, %ri = lut.precompute %x {k = 9 : i64, group_size = 9 : i64, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_group_not_multiple(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op group_size = 6 is not a positive multiple of k = 4}}
  %t, %ri = lut.precompute %x {k = 4 : i64, group_size = 6 : i64, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_act_table(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op table = i16 needs act = i8 (exact i16 tables hold sums of int8 activations), got act = f16}}
  %t, %ri = lut.precompute %x {k = 4 : i64, group_size = 8 : i64, act = #lut.act<f16>, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_f16_table_i8_act(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op table = f16 needs act = f16, got act = i8}}
  %t, %ri = lut.precompute %x {k = 4 : i64, group_size = 8 : i64, act = #lut.act<i8>, table = #lut.table<f16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xf16>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_i8_group_too_large(%x: tensor<1x132112xf32>) {
  // expected-error @+1 {{'lut.precompute' op group_size = 132112 is too large for exact i8 group sums (at most 132104)}}
  %t, %ri = lut.precompute %x {k = 8 : i64, group_size = 132112 : i64, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<1x132112xf32>) -> (tensor<16514x1x128xi16>, tensor<1x1x2xf32>)
  return
}

// -----

func.func @precompute_group_divides_kd(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op group_size = 12 does not divide Kd = 16 (the columns of x)}}
  %t, %ri = lut.precompute %x {k = 4 : i64, group_size = 12 : i64, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_prologue_without_vec(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op prologue = add needs the vec operand}}
  %t, %ri = lut.precompute %x {k = 4 : i64, group_size = 8 : i64, prologue = #lut.prologue<add>, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_vec_without_prologue(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op has a vec operand but prologue = none}}
  %t, %ri = lut.precompute %x, %v {k = 4 : i64, group_size = 8 : i64, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>, tensor<16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_vec_shape(%x: tensor<2x16xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op vec has shape 8, expected 16 (Kd from x)}}
  %t, %ri = lut.precompute %x, %v {k = 4 : i64, group_size = 8 : i64, prologue = #lut.prologue<mul>, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>, tensor<8xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_table_element(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op tables has element type 'i8' but table = i16 needs 'i16'}}
  %t, %ri = lut.precompute %x {k = 4 : i64, group_size = 8 : i64, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xi8>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_tables_shape(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op tables has shape 4x2x16, expected 4x2x8 ((Kd / k) x M x 2^(k-1) with Kd = 16, M = 2, k = 4)}}
  %t, %ri = lut.precompute %x {k = 4 : i64, group_size = 8 : i64, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x16xi16>, tensor<2x2x2xf32>)
  return
}

// -----

func.func @precompute_rowinfo_shape(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op rowinfo has shape 2x2x1, expected 2x2x2 ((Kd / group_size) x M x 2 with Kd = 16, M = 2, group_size = 8)}}
  %t, %ri = lut.precompute %x {k = 4 : i64, group_size = 8 : i64, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x1xf32>)
  return
}

// -----

func.func @precompute_tables_f32(%x: tensor<2x16xf32>, %v: tensor<16xf32>, %v8: tensor<8xf32>) {
  // expected-error @+1 {{'lut.precompute' op result #0 must be statically shaped 3-D tensor of 16-bit float or 8-bit signless integer or 16-bit signless integer values, but got 'tensor<4x2x8xf32>'}}
  %t, %ri = lut.precompute %x {k = 4 : i64, group_size = 8 : i64, act = #lut.act<i8>, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xf32>, tensor<2x2x2xf32>)
  return
}

//===----------------------------------------------------------------------===//
// lut.mpgemm
//===----------------------------------------------------------------------===//

// -----

func.func @mpgemm_act_table(%t: tensor<4x2x8xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op table = i16 needs act = i8 (exact i16 tables hold sums of int8 activations), got act = f16}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<f16>, table = #lut.table<i16>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_table_element(%t: tensor<4x2x8xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op tables has element type 'i16' but table = f16 needs 'f16'}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<f16>, table = #lut.table<f16>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_f16_table_i8_act(%t: tensor<4x2x8xf16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op table = f16 needs act = f16, got act = i8}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<f16>}
      : (tensor<4x2x8xf16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_i8_group_too_large(%t: tensor<33027x2x8xi16>, %ri: tensor<1x2x2xf32>, %p: tensor<33027x2x8xui8>, %c: tensor<1x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op format group = 132108 is too large for exact i8 group sums (at most 132104)}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 132108, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<33027x2x8xi16>, tensor<1x2x2xf32>, tensor<33027x2x8xui8>, tensor<1x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_entries(%t: tensor<4x2x4xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op tables has 4 entries per table, expected 2^(k-1) = 8 for format k = 4}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<4x2x4xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_kd_group(%t: tensor<3x2x8xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op the reduction length Kd = 12 (tables dim 0 = 3 times k = 4) is not a multiple of format group = 8}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<3x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_rowinfo_shape(%t: tensor<4x2x8xi16>, %ri: tensor<2x1x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op rowinfo has shape 2x1x2, expected 2x2x2 ((Kd / group) x M x 2 with Kd = 16, group = 8, M = 2)}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<4x2x8xi16>, tensor<2x1x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_packed_shape(%t: tensor<4x2x8xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x3x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op packed has shape 4x3x8, expected 4x2x8 ((Kd / k) x bits x (n_padded * k / 8) with Kd = 16, k = 4, bits = 2, n_padded = 16)}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x3x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_consts_shape(%t: tensor<4x2x8xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x12x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op consts has shape 2x12x2, expected 2x16x2 ((Kd / group) x n_padded x 2 with Kd = 16, group = 8, n_padded = 16)}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x12x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_result_shape(%t: tensor<4x2x8xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op result has shape 2x16, expected 2x12 (M from tables, N = format n)}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @mpgemm_tile_k(%t: tensor<4x2x8xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op tile K = 8 differs from format k = 4}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<i16>, tile = #lut.tile<2x16x8>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_tile_n(%t: tensor<4x2x8xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op tile N = 32 does not divide format n_padded = 16}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<i16>, tile = #lut.tile<2x32x4>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_packed_signed(%t: tensor<4x2x8xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xi8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op operand #2 must be statically shaped 3-D tensor of 8-bit unsigned integer values, but got 'tensor<4x2x8xi8>'}}
  %y = lut.mpgemm %t, %ri, %p, %c {format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xi8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @mpgemm_missing_format(%t: tensor<4x2x8xi16>, %ri: tensor<2x2x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) {
  // expected-error @+1 {{'lut.mpgemm' op requires attribute 'format'}}
  %y = lut.mpgemm %t, %ri, %p, %c {act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return
}

//===----------------------------------------------------------------------===//
// lut.kernel, lut.core
//===----------------------------------------------------------------------===//

// -----

func.func @kernel_kind(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'lut.kernel' op kind "gemm" is not one of "precompute", "mpgemm"}}
  %y = lut.kernel "gemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @kernel_config_missing(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'lut.kernel' op config is missing 'tbuf_bytes'}}
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @kernel_config_missing_tile(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'lut.kernel' op config is missing 'tile'}}
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @kernel_config_unknown(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'lut.kernel' op config has an unknown key 'banks' (expected cores, arrays_per_core, smem_bytes, tbuf_bytes, acc_tiles, tile)}}
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>, banks = 2}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @kernel_config_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'lut.kernel' op config 'acc_tiles' = 0 out of range 1..4294967295}}
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 0, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @kernel_config_arrays(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'lut.kernel' op config 'arrays_per_core' = 65537 out of range 1..65536}}
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 65537, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @kernel_config_not_integer(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'lut.kernel' op config 'cores' must be an i64 integer, got "2"}}
  %y = lut.kernel "mpgemm" (%a) config {cores = "2", arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @kernel_config_tile(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'lut.kernel' op config 'tile' must be a #lut.tile, got [2, 16, 4]}}
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = [2, 16, 4]}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @kernel_body_not_core(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'lut.kernel' op body may contain only lut.core ops, found 'lut.sync'}}
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
    }
    lut.sync
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @kernel_no_core(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'lut.kernel' op has no lut.core}}
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {

  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @core_id_range(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
    }
    // expected-error @+1 {{'lut.core' op id 2 out of range: the kernel has 2 cores}}
    lut.core 2 {
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @core_id_twice(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 1 {
    }
    // expected-error @+1 {{'lut.core' op id 1 appears twice in the kernel}}
    lut.core 1 {
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @core_block_argument(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    // expected-error @+1 {{'lut.core' op body must not have block arguments}}
    "lut.core"() <{id = 0 : i64}> ({
    ^bb0(%arg: i32):
    }) : () -> ()
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @kernel_slot_type(%a: tensor<4x16xi1>) {
  // expected-error @+1 {{'lut.kernel' op operand #0 must be variadic of statically shaped tensor of 32-bit float or 16-bit float or bfloat16 type or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 8-bit unsigned integer or 16-bit unsigned integer or 32-bit unsigned integer or 64-bit unsigned integer values, but got 'tensor<4x16xi1>'}}
  lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>} : (tensor<4x16xi1>) -> () {
    lut.core 0 {
    }
  }
  return
}

// -----

func.func @core_outside_kernel() {
  // expected-error @+1 {{'lut.core' op expects parent op 'lut.kernel'}}
  lut.core 0 {
  }
  return
}

// -----

func.func @instruction_outside_core() {
  // expected-error @+1 {{'lut.sync' op expects parent op to be one of 'lut.core, lut.loop'}}
  lut.sync
  return
}

// -----

func.func @nop_in_kernel_body(%a: tensor<4x16xf32>) {
  // expected-error @+1 {{'lut.kernel' op body may contain only lut.core ops, found 'lut.nop'}}
  lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>} : (tensor<4x16xf32>) -> () {
    lut.nop
  }
  return
}

// -----

func.func @core_foreign_op(%a: tensor<4x16xf32>) {
  lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>} : (tensor<4x16xf32>) -> () {
    // expected-error @+1 {{'lut.core' op body may contain only lut instructions and lut.loop, found 'arith.constant'}}
    lut.core 0 {
      %c = arith.constant 0 : i32
    }
  }
  return
}

// -----

func.func @loop_foreign_op(%a: tensor<4x16xf32>) {
  lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>} : (tensor<4x16xf32>) -> () {
    lut.core 0 {
      // expected-error @+1 {{'lut.loop' op body may contain only lut instructions and lut.loop, found 'lut.core'}}
      lut.loop 2 {
        lut.core 1 {
        }
      }
    }
  }
  return
}

//===----------------------------------------------------------------------===//
// lut.loop
//===----------------------------------------------------------------------===//

// -----

func.func @loop_count_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.loop' op count = 0 out of range 1..4294967295}}
      lut.loop 0 {
      }
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @loop_count_large(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.loop' op count = 4294967296 out of range 1..4294967295}}
      lut.loop 4294967296 {
      }
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @loop_too_deep(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      lut.loop 2 {
      lut.loop 2 {
      lut.loop 2 {
      lut.loop 2 {
      // expected-error @+1 {{'lut.loop' op nesting depth 5 exceeds the hardware limit of 4 nested loops per core}}
      lut.loop 2 {
      lut.nop
      }
      }
      }
      }
      }
    }
  }
  return %y : tensor<2x16xf32>
}

//===----------------------------------------------------------------------===//
// lut.seti, lut.addi
//===----------------------------------------------------------------------===//

// -----

func.func @seti_r0(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.seti' op cannot write r0 (it always reads as zero); use r1..r15}}
      lut.seti r0, 1
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @seti_r16(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.seti' op destination register r16 out of range: there are 16 registers r0..r15}}
      lut.seti r16, 1
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @seti_not_register(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{expected a register r0..r15}}
      lut.seti x1, 1
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @seti_imm_range(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{integer constant out of range for attribute}}
      lut.seti r1, 4294967296
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @addi_rd_r0(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.addi' op cannot write r0 (it always reads as zero); use r1..r15}}
      lut.addi r0, r1, 1
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @addi_rs_r20(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.addi' op source register r20 out of range: there are 16 registers r0..r15}}
      lut.addi r1, r20, 1
    }
  }
  return %y : tensor<2x16xf32>
}

//===----------------------------------------------------------------------===//
// lut.load
//===----------------------------------------------------------------------===//

// -----

func.func @load_slot_range(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op slot 2 out of range: the kernel has 2 DRAM slots (1 operands, 1 results)}}
      lut.load space = smem, array = 0, dst = r0+0, slot = 2, src = r0+0, rows = 2, row_bytes = 64, src_stride = 64, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_rows_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op rows must be positive, got 0}}
      lut.load space = smem, array = 0, dst = r0+0, slot = 0, src = r0+0, rows = 0, row_bytes = 64, src_stride = 64, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_row_bytes_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op row_bytes must be positive, got 0}}
      lut.load space = smem, array = 0, dst = r0+0, slot = 0, src = r0+0, rows = 2, row_bytes = 0, src_stride = 64, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_rows_u32(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op rows = 4294967296 does not fit the 32-bit instruction field}}
      lut.load space = smem, array = 0, dst = r0+0, slot = 0, src = r0+0, rows = 4294967296, row_bytes = 64, src_stride = 64, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_src_stride(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op src_stride = 32 is smaller than row_bytes = 64: the 2 rows would overlap}}
      lut.load space = smem, array = 0, dst = r0+0, slot = 0, src = r0+0, rows = 2, row_bytes = 64, src_stride = 32, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_dst_stride(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op dst_stride = 0 is smaller than row_bytes = 64: the 2 rows would overlap}}
      lut.load space = smem, array = 0, dst = r0+0, slot = 0, src = r0+0, rows = 2, row_bytes = 64, src_stride = 64, dst_stride = 0
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_array_range(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op array 2 out of range: a core has 2 arrays}}
      lut.load space = tbuf, array = 2, dst = r0+0, slot = 0, src = r0+0, rows = 2, row_bytes = 64, src_stride = 64, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_array_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op array = 1 applies only to loads into tbuf; use 0 for smem}}
      lut.load space = smem, array = 1, dst = r0+0, slot = 0, src = r0+0, rows = 2, row_bytes = 64, src_stride = 64, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_src_past_slot(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op src r0+160 with 2 rows of 64 bytes, stride 64 ends at byte 288, past the end of slot 0 (tensor<4x16xf32>) (256 bytes)}}
      lut.load space = smem, array = 0, dst = r0+0, slot = 0, src = r0+160, rows = 2, row_bytes = 64, src_stride = 64, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_dst_past_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op dst r0+4000 with 2 rows of 64 bytes, stride 64 ends at byte 4128, past the end of shared memory (4096 bytes)}}
      lut.load space = smem, array = 0, dst = r0+4000, slot = 0, src = r0+0, rows = 2, row_bytes = 64, src_stride = 64, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_dst_past_tbuf(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op dst r0+0 with 4 rows of 64 bytes, stride 321 ends at byte 1027, past the end of the table buffer of array 1 (1024 bytes)}}
      lut.load space = tbuf, array = 1, dst = r0+0, slot = 0, src = r0+0, rows = 4, row_bytes = 64, src_stride = 64, dst_stride = 321
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_result_slot_extent(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.load' op src r0+128 with 1 rows of 64 bytes, stride 64 ends at byte 192, past the end of slot 1 (tensor<2x16xf32>) (128 bytes)}}
      lut.load space = smem, array = 0, dst = r0+0, slot = 1, src = r0+128, rows = 1, row_bytes = 64, src_stride = 64, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_space_keyword(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{expected one of smem, tbuf}}
      lut.load space = dram, array = 0, dst = r0+0, slot = 0, src = r0+0, rows = 1, row_bytes = 4, src_stride = 4, dst_stride = 4
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @load_dynamic_register_unchecked(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  // A register address is not checked statically, but its fields are.
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      lut.load space = smem, array = 0, dst = r1+4000, slot = 0, src = r2+250, rows = 2, row_bytes = 64, src_stride = 64, dst_stride = 64
      // expected-error @+1 {{'lut.load' op src_stride = 4294967296 does not fit the 32-bit instruction field}}
      lut.load space = smem, array = 0, dst = r1+0, slot = 0, src = r2+0, rows = 2, row_bytes = 64, src_stride = 4294967296, dst_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

//===----------------------------------------------------------------------===//
// lut.store
//===----------------------------------------------------------------------===//

// -----

func.func @store_slot_range(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.store' op slot -1 out of range: the kernel has 2 DRAM slots (1 operands, 1 results)}}
      lut.store slot = -1, dst = r0+0, src = r0+0, rows = 2, row_bytes = 64, dst_stride = 64, src_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @store_to_operand_slot(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.store' op slot 0 is an operand of the kernel (read-only); stores go to the result slots 1..1}}
      lut.store slot = 0, dst = r0+0, src = r0+0, rows = 2, row_bytes = 64, dst_stride = 64, src_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @store_without_results(%a: tensor<4x16xf32>) {
  lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>} : (tensor<4x16xf32>) -> () {
    lut.core 0 {
      // expected-error @+1 {{'lut.store' op slot 0 is an operand of the kernel (read-only); the kernel has no result slots to store to}}
      lut.store slot = 0, dst = r0+0, src = r0+0, rows = 1, row_bytes = 4, dst_stride = 4, src_stride = 4
    }
  }
  return
}

// -----

func.func @store_rows_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.store' op rows must be positive, got 0}}
      lut.store slot = 1, dst = r0+0, src = r0+0, rows = 0, row_bytes = 64, dst_stride = 64, src_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @store_row_bytes_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.store' op row_bytes must be positive, got 0}}
      lut.store slot = 1, dst = r0+0, src = r0+0, rows = 2, row_bytes = 0, dst_stride = 64, src_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @store_dst_stride(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.store' op dst_stride = 8 is smaller than row_bytes = 64: the 2 rows would overlap}}
      lut.store slot = 1, dst = r0+0, src = r0+0, rows = 2, row_bytes = 64, dst_stride = 8, src_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @store_src_stride(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.store' op src_stride = 63 is smaller than row_bytes = 64: the 2 rows would overlap}}
      lut.store slot = 1, dst = r0+0, src = r0+0, rows = 2, row_bytes = 64, dst_stride = 64, src_stride = 63
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @store_dst_past_slot(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.store' op dst r0+4 with 2 rows of 64 bytes, stride 64 ends at byte 132, past the end of slot 1 (tensor<2x16xf32>) (128 bytes)}}
      lut.store slot = 1, dst = r0+4, src = r0+0, rows = 2, row_bytes = 64, dst_stride = 64, src_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @store_src_past_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.store' op src r0+4096 with 1 rows of 64 bytes, stride 64 ends at byte 4160, past the end of shared memory (4096 bytes)}}
      lut.store slot = 1, dst = r0+0, src = r0+4096, rows = 1, row_bytes = 64, dst_stride = 64, src_stride = 64
    }
  }
  return %y : tensor<2x16xf32>
}

//===----------------------------------------------------------------------===//
// lut.tgen
//===----------------------------------------------------------------------===//

// -----

func.func @tgen_act_table(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op table = i16 needs act = i8 (exact i16 tables hold sums of int8 activations), got act = f16}}
      lut.tgen act = f16, table = i16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 16, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_f16_table_i8_act(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op table = f16 needs act = f16, got act = i8}}
      lut.tgen act = i8, table = f16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 16, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_i8_group_too_large(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op group_size = 132112 is too large for exact i8 group sums (at most 132104)}}
      lut.tgen act = i8, table = i16, prologue = none, k = 8, group_size = 132112, src = r0+0, dst_tables = r0+1024, rows = 1, kdim = 132112, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_k_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op k = 0 out of range 1..8 (activations per table)}}
      lut.tgen act = i8, table = i16, prologue = none, k = 0, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 16, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_k_nine(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op k = 9 out of range 1..8 (activations per table)}}
      lut.tgen act = i8, table = i16, prologue = none, k = 9, group_size = 9, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 18, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_group_not_multiple(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op group_size = 6 is not a positive multiple of k = 4}}
      lut.tgen act = i8, table = i16, prologue = none, k = 4, group_size = 6, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 16, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_group_units(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op group_size / k = 65536 does not fit the 16-bit instruction field}}
      lut.tgen act = i8, table = i16, prologue = none, k = 1, group_size = 65536, src = r0+0, dst_tables = r0+1024, rows = 1, kdim = 65536, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_rows_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op rows must be positive, got 0}}
      lut.tgen act = i8, table = i16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 0, kdim = 16, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_kdim_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op kdim must be positive, got 0}}
      lut.tgen act = i8, table = i16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 0, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_kdim_group(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op kdim = 20 is not a multiple of group_size = 8}}
      lut.tgen act = i8, table = i16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 20, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_src_stride(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op src_stride = 32 is smaller than the row size 4 * kdim = 64: the 2 rows would overlap}}
      lut.tgen act = i8, table = i16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 16, src_stride = 32, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_prologue_without_vec(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op prologue = add needs a prologue_vec address}}
      lut.tgen act = i8, table = i16, prologue = add, k = 4, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 16, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_vec_without_prologue(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op has a prologue_vec address but prologue = none}}
      lut.tgen act = i8, table = i16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 16, src_stride = 64, prologue_vec = r0+512, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_src_past_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op src r0+4000 with 2 rows of 64 bytes, stride 64 ends at byte 4128, past the end of shared memory (4096 bytes)}}
      lut.tgen act = i8, table = i16, prologue = none, k = 4, group_size = 8, src = r0+4000, dst_tables = r0+1024, rows = 2, kdim = 16, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_tables_past_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op dst_tables r0+3980 with 4 x 2 tables of 8 i16 entries ends at byte 4108, past the end of shared memory (4096 bytes)}}
      lut.tgen act = i8, table = i16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+3980, rows = 2, kdim = 16, src_stride = 64, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_rowinfo_past_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op dst_rowinfo r0+4080 with 2 x 2 f32 pairs ends at byte 4112, past the end of shared memory (4096 bytes)}}
      lut.tgen act = i8, table = i16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 16, src_stride = 64, dst_rowinfo = r0+4080
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_vec_past_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.tgen' op prologue_vec r0+4090 with 16 f32 values ends at byte 4154, past the end of shared memory (4096 bytes)}}
      lut.tgen act = i8, table = i16, prologue = mul, k = 4, group_size = 8, src = r0+0, dst_tables = r0+1024, rows = 2, kdim = 16, src_stride = 64, prologue_vec = r0+4090, dst_rowinfo = r0+2048
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @tgen_act_keyword(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "precompute" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{expected one of f16, i8}}
      lut.tgen act = f32, table = f16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+0, rows = 1, kdim = 8, src_stride = 0, dst_rowinfo = r0+0
    }
  }
  return %y : tensor<2x16xf32>
}

//===----------------------------------------------------------------------===//
// lut.lmma
//===----------------------------------------------------------------------===//

// -----

func.func @lmma_bits_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.lmma' op bits = 0 out of range 1..8 (weight bit planes)}}
      lut.lmma bits = 0, clear = true, table = i16, array = 0, acc = 0, tables = r0+0, weights = r0+0, rows = 2, shape = 2x16x4, plane_stride = 8
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @lmma_bits_nine(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.lmma' op bits = 9 out of range 1..8 (weight bit planes)}}
      lut.lmma bits = 9, clear = true, table = i16, array = 0, acc = 0, tables = r0+0, weights = r0+0, rows = 2, shape = 2x16x4, plane_stride = 8
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @lmma_array_range(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.lmma' op array 2 out of range: a core has 2 arrays}}
      lut.lmma bits = 2, clear = true, table = i16, array = 2, acc = 0, tables = r0+0, weights = r0+0, rows = 2, shape = 2x16x4, plane_stride = 8
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @lmma_acc_range(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.lmma' op accumulator tile 4 out of range: the array has 4 tiles}}
      lut.lmma bits = 2, clear = true, table = i16, array = 0, acc = 4, tables = r0+0, weights = r0+0, rows = 2, shape = 2x16x4, plane_stride = 8
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @lmma_shape(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.lmma' op shape 2x64x4 differs from the kernel's tile 2x16x4}}
      lut.lmma bits = 2, clear = true, table = i16, array = 0, acc = 0, tables = r0+0, weights = r0+0, rows = 2, shape = 2x64x4, plane_stride = 8
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @lmma_shape_invalid(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{#lut.tile K = 9 out of range 1..8}}
      lut.lmma bits = 2, clear = true, table = i16, array = 0, acc = 0, tables = r0+0, weights = r0+0, rows = 2, shape = 2x16x9, plane_stride = 8
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @lmma_rows_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.lmma' op rows = 0 out of range 1..2 (the tile's M)}}
      lut.lmma bits = 2, clear = true, table = i16, array = 0, acc = 0, tables = r0+0, weights = r0+0, rows = 0, shape = 2x16x4, plane_stride = 8
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @lmma_rows_above_m(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.lmma' op rows = 3 out of range 1..2 (the tile's M)}}
      lut.lmma bits = 2, clear = true, table = i16, array = 0, acc = 0, tables = r0+0, weights = r0+0, rows = 3, shape = 2x16x4, plane_stride = 8
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @lmma_plane_stride(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.lmma' op plane_stride = 4 is smaller than the plane size N * K / 8 = 8: the 2 rows would overlap}}
      lut.lmma bits = 2, clear = true, table = i16, array = 0, acc = 0, tables = r0+0, weights = r0+0, rows = 2, shape = 2x16x4, plane_stride = 4
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @lmma_tables_past_tbuf(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.lmma' op tables r0+1000 with 2 tables of 8 i16 entries ends at byte 1032, past the end of the table buffer of array 0 (1024 bytes)}}
      lut.lmma bits = 2, clear = true, table = i16, array = 0, acc = 0, tables = r0+1000, weights = r0+0, rows = 2, shape = 2x16x4, plane_stride = 8
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @lmma_weights_past_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.lmma' op weights r0+4088 with 2 planes of 8 bytes, stride 8 ends at byte 4104, past the end of shared memory (4096 bytes)}}
      lut.lmma bits = 2, clear = true, table = i16, array = 0, acc = 0, tables = r0+0, weights = r0+4088, rows = 2, shape = 2x16x4, plane_stride = 8
    }
  }
  return %y : tensor<2x16xf32>
}

//===----------------------------------------------------------------------===//
// lut.epi
//===----------------------------------------------------------------------===//

// -----

func.func @epi_array_range(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.epi' op array -1 out of range: a core has 2 arrays}}
      lut.epi init = true, clear_acc = true, table = f16, array = -1, out = r0+0, acc = 0, consts = r0+512, rowinfo = r0+1024, shape = 2x16x4, out_stride = 64, rows = 2
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @epi_acc_range(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.epi' op accumulator tile 16 out of range: the array has 4 tiles}}
      lut.epi init = true, clear_acc = true, table = f16, array = 0, out = r0+0, acc = 16, consts = r0+512, rowinfo = r0+1024, shape = 2x16x4, out_stride = 64, rows = 2
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @epi_shape(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.epi' op shape 4x16x4 differs from the kernel's tile 2x16x4}}
      lut.epi init = true, clear_acc = true, table = f16, array = 0, out = r0+0, acc = 0, consts = r0+512, rowinfo = r0+1024, shape = 4x16x4, out_stride = 64, rows = 2
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @epi_rows_zero(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.epi' op rows = 0 out of range 1..2 (the tile's M)}}
      lut.epi init = true, clear_acc = true, table = f16, array = 0, out = r0+0, acc = 0, consts = r0+512, rowinfo = r0+1024, shape = 2x16x4, out_stride = 64, rows = 0
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @epi_rows_above_m(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.epi' op rows = 3 out of range 1..2 (the tile's M)}}
      lut.epi init = true, clear_acc = true, table = f16, array = 0, out = r0+0, acc = 0, consts = r0+512, rowinfo = r0+1024, shape = 2x16x4, out_stride = 64, rows = 3
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @epi_out_stride(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.epi' op out_stride = 32 is smaller than the row size 4 * N = 64: the 2 rows would overlap}}
      lut.epi init = true, clear_acc = true, table = f16, array = 0, out = r0+0, acc = 0, consts = r0+512, rowinfo = r0+1024, shape = 2x16x4, out_stride = 32, rows = 2
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @epi_out_past_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.epi' op out r0+4032 with 2 rows of 64 bytes, stride 64 ends at byte 4160, past the end of shared memory (4096 bytes)}}
      lut.epi init = true, clear_acc = true, table = f16, array = 0, out = r0+4032, acc = 0, consts = r0+512, rowinfo = r0+1024, shape = 2x16x4, out_stride = 64, rows = 2
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @epi_consts_past_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.epi' op consts r0+4000 with 16 f32 pairs ends at byte 4128, past the end of shared memory (4096 bytes)}}
      lut.epi init = true, clear_acc = true, table = f16, array = 0, out = r0+0, acc = 0, consts = r0+4000, rowinfo = r0+1024, shape = 2x16x4, out_stride = 64, rows = 2
    }
  }
  return %y : tensor<2x16xf32>
}

// -----

func.func @epi_rowinfo_past_smem(%a: tensor<4x16xf32>) -> tensor<2x16xf32> {
  %y = lut.kernel "mpgemm" (%a) config {cores = 2, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x16xf32>) -> tensor<2x16xf32> {
    lut.core 0 {
      // expected-error @+1 {{'lut.epi' op rowinfo r0+4090 with 2 f32 pairs ends at byte 4106, past the end of shared memory (4096 bytes)}}
      lut.epi init = true, clear_acc = true, table = f16, array = 0, out = r0+0, acc = 0, consts = r0+512, rowinfo = r0+4090, shape = 2x16x4, out_stride = 64, rows = 2
    }
  }
  return %y : tensor<2x16xf32>
}
