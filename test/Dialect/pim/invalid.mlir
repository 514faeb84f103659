// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Negative tests for the pim dialect: every verifier check of every op has a
// case, each in its own split, with the message it must emit.

func.func @two_queries(%q: tensor<1x4x2x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op q [1, 4, 2, 32] must hold one query per sequence and head ([B, H, 1, d]): decode attention takes one token}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", scale = 0.125 : f32} : (tensor<1x4x2x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x2x32xf32>
  return
}

// -----

func.func @kv_mismatch(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x64x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op keys [1, 4, 128, 32] and values [1, 4, 64, 32] must have the same shape}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", scale = 0.125 : f32} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x64x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @head_dim(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x16xf32>, %v: tensor<1x4x128x16xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op keys [1, 4, 128, 16] must be [B, H / group, capacity, d] = [1, _, _, 32] for q [1, 4, 1, 32]}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", scale = 0.125 : f32} : (tensor<1x4x1x32xf32>, tensor<1x4x128x16xf32>, tensor<1x4x128x16xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @group_zero(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op group = 0 must be at least 1}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 0 : i64, chunk = 64 : i64, layout = "hybrid", scale = 0.125 : f32} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @group_heads(%q: tensor<1x4x1x32xf32>, %k: tensor<1x2x128x32xf32>, %v: tensor<1x2x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op group = 1 with 2 key/value heads serves 2 query heads, q has 4}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", scale = 0.125 : f32} : (tensor<1x4x1x32xf32>, tensor<1x2x128x32xf32>, tensor<1x2x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @lengths(%q: tensor<2x4x1x32xf32>, %k: tensor<2x4x128x32xf32>, %v: tensor<2x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op lengths [1] must have one entry per sequence (2)}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", scale = 0.125 : f32} : (tensor<2x4x1x32xf32>, tensor<2x4x128x32xf32>, tensor<2x4x128x32xf32>, tensor<1xi64>) -> tensor<2x4x1x32xf32>
  return
}

// -----

func.func @result(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op result [1, 4, 1, 16] must have the shape of q [1, 4, 1, 32]}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", scale = 0.125 : f32} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x16xf32>
  return
}

// -----

func.func @chunk(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op chunk = 0 tokens must be at least 1}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 0 : i64, layout = "hybrid", scale = 0.125 : f32} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @layout(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op layout "packed" is neither "hybrid" nor "naive"}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "packed", scale = 0.125 : f32} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @burst(%q: tensor<1x4x1x36xf32>, %k: tensor<1x4x128x36xf32>, %v: tensor<1x4x128x36xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op head dimension d = 36 is not a multiple of the 8 fp16 elements of one chip's burst: under the hybrid layout each chip holds whole bursts of one head}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", chip_burst_elems = 8 : i64, scale = 0.125 : f32} : (tensor<1x4x1x36xf32>, tensor<1x4x128x36xf32>, tensor<1x4x128x36xf32>, tensor<1xi64>) -> tensor<1x4x1x36xf32>
  return
}

// -----

func.func @burst_zero(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op chip_burst_elems = 0 must be at least 1}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", chip_burst_elems = 0 : i64, scale = 0.125 : f32} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @capacity(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op the KV cache needs 65536 bytes in fp16 (keys and values [1, 4, 128, 32]), more than the 65535 bytes of the configured DIMMs}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", capacity_bytes = 65535 : i64, scale = 0.125 : f32} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @scale_inf(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op scale must be finite}}
  %o = pim.decode_attention %q, %k, %v, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", scale = 0x7F800000 : f32} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @append_shape(%c: tensor<2x4x128x32xf32>, %n: tensor<2x4x2x32xf32>, %p: tensor<2xi64>) {
  // expected-error @+1 {{'pim.kv_append' op new entry [2, 4, 2, 32] must be [B, heads, 1, d] for the cache [2, 4, 128, 32]}}
  %r = pim.kv_append %c, %n, %p : (tensor<2x4x128x32xf32>, tensor<2x4x2x32xf32>, tensor<2xi64>) -> tensor<2x4x128x32xf32>
  return
}

// -----

func.func @append_type(%c: tensor<2x4x128x32xf32>, %n: tensor<2x4x1x32xf16>, %p: tensor<2xi64>) {
  // expected-error @+1 {{'pim.kv_append' op new entry and cache element types differ}}
  %r = pim.kv_append %c, %n, %p : (tensor<2x4x128x32xf32>, tensor<2x4x1x32xf16>, tensor<2xi64>) -> tensor<2x4x128x32xf32>
  return
}

// -----

func.func @append_pos(%c: tensor<2x4x128x32xf32>, %n: tensor<2x4x1x32xf32>, %p: tensor<3xi64>) {
  // expected-error @+1 {{'pim.kv_append' op positions [3] must have one entry per sequence (2)}}
  %r = pim.kv_append %c, %n, %p : (tensor<2x4x128x32xf32>, tensor<2x4x1x32xf32>, tensor<3xi64>) -> tensor<2x4x128x32xf32>
  return
}

// -----

func.func @rank(%q: tensor<4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.decode_attention' op operand #0 must be statically shaped 4-D tensor of 32-bit float or 16-bit float values, but got 'tensor<4x1x32xf32>'}}
  %o = pim.decode_attention %q, %k, %k, %len {group = 1 : i64, chunk = 64 : i64, layout = "hybrid", scale = 0.125 : f32} : (tensor<4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<4x1x32xf32>
  return
}

// -----

func.func @kernel_rounds(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.kernel' op rounds = 2 but chunks, spread and banks give 1}}
  %o = pim.kernel %q, %k, %k, %len {banks = 16 : i64, chunk = 64 : i64, chunks = 2 : i64, elems_per_burst = 4 : i64, group = 1 : i64, groups = 1 : i64, lanes = 8 : i64, layers = 1 : i64, layout = "hybrid", ranks = 64 : i64, rounds = 2 : i64, rows_per_chunk = 4 : i64, rows_used = 8 : i64, scale = 0.17677669 : f32, spread = 2 : i64, tokens_per_row = 16 : i64} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @kernel_naive_lanes(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.kernel' op lanes = 8: under the naive layout the rank PU is the only lane}}
  %o = pim.kernel %q, %k, %k, %len {banks = 4 : i64, chunk = 64 : i64, chunks = 2 : i64, elems_per_burst = 32 : i64, group = 1 : i64, groups = 1 : i64, lanes = 8 : i64, layers = 1 : i64, layout = "naive", ranks = 64 : i64, rounds = 1 : i64, rows_per_chunk = 1 : i64, rows_used = 2 : i64, scale = 0.17677669 : f32, spread = 2 : i64, tokens_per_row = 128 : i64} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}

// -----

func.func @kernel_burst(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) {
  // expected-error @+1 {{'pim.kernel' op head dimension d = 32 is not a multiple of elems_per_burst = 64}}
  %o = pim.kernel %q, %k, %k, %len {banks = 4 : i64, chunk = 64 : i64, chunks = 2 : i64, elems_per_burst = 64 : i64, group = 1 : i64, groups = 4 : i64, lanes = 1 : i64, layers = 1 : i64, layout = "naive", ranks = 64 : i64, rounds = 1 : i64, rows_per_chunk = 1 : i64, rows_used = 2 : i64, scale = 0.17677669 : f32, spread = 2 : i64, tokens_per_row = 128 : i64} : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return
}
