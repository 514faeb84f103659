// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Negative tests for the sparse_vit dialect: every verifier check of every op
// has a case, each in its own split, with the message it must emit. The
// block has B = 2, T = 17 (CLS + 16 patches), D = 16, H = 4 unless a case
// says otherwise.

func.func @num_heads_zero(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op num_heads = 0 must be at least 1}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 0 : i64, scale = 0.5 : f32}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  return
}

// -----

func.func @heads_not_dividing(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op model dim D = 16 is not divisible by num_heads = 3}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 3 : i64, scale = 0.5 : f32}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x3x17x17xf32>)
  return
}

// -----

func.func @scale_zero(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op scale = 0.000000e+00 must be positive and finite}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.0 : f32}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  return
}

// -----

func.func @scale_negative(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op scale = -5.000000e-01 must be positive and finite}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = -0.5 : f32}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  return
}

// -----

func.func @weight_shape(%x: tensor<2x17x16xf32>, %w: tensor<16x8xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op wq has shape 16x8, expected 16x16 (D x D, D = 16 from x)}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32}
      : (tensor<2x17x16xf32>, tensor<16x8xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  return
}

// -----

func.func @wo_shape(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<8x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op wo has shape 8x16, expected 16x16 (D x D, D = 16 from x)}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<8x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  return
}

// -----

func.func @bias_shape(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<8xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op bq has shape 8, expected 16 (D = 16 from x)}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<8xf32>, tensor<16x16xf32>, tensor<8xf32>, tensor<16x16xf32>, tensor<8xf32>, tensor<16x16xf32>, tensor<8xf32>) -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  return
}

// -----

func.func @key_bias_shape(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>, %kb: tensor<2x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op key_bias has shape 2x16, expected 2x17 (B x T of x)}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b key_bias %kb {num_heads = 4 : i64, scale = 0.5 : f32}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<2x16xf32>) -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  return
}

// -----

func.func @heads_empty(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op heads must not be empty (omit it to keep all 4 heads)}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32, heads = array<i64>}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x0x17x17xf32>)
  return
}

// -----

func.func @head_out_of_range(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op head 4 out of range [0, 4)}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32, heads = array<i64: 1, 4>}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x2x17x17xf32>)
  return
}

// -----

func.func @head_negative(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op head -1 out of range [0, 4)}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32, heads = array<i64: -1>}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x1x17x17xf32>)
  return
}

// -----

func.func @heads_unsorted(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op heads must be strictly increasing, but 1 follows 2}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32, heads = array<i64: 2, 1>}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x2x17x17xf32>)
  return
}

// -----

func.func @heads_duplicate(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op heads must be strictly increasing, but 2 follows 2}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32, heads = array<i64: 2, 2>}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x2x17x17xf32>)
  return
}

// -----

func.func @out_shape(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op result out has shape 2x9x16, expected 2x17x16 (B x T x D of x)}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x9x16xf32>, tensor<2x4x17x17xf32>)
  return
}

// -----

// With kept heads, probs still covers every head (scores read them all).
func.func @probs_heads(%x: tensor<2x17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op result probs has shape 2x2x17x17, expected 2x4x17x17 (B x H x T x T, H = 4 heads)}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32, heads = array<i64: 0, 1>}
      : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x2x17x17xf32>)
  return
}

// -----

func.func @x_rank(%x: tensor<17x16xf32>, %w: tensor<16x16xf32>, %b: tensor<16xf32>, %wo: tensor<16x16xf32>) {
  // expected-error @+1 {{'sparse_vit.attention' op operand #0 must be statically shaped 3-D tensor of 32-bit float values}}
  %o, %p = sparse_vit.attention %x, %w, %b, %w, %b, %w, %b, %wo, %b {num_heads = 4 : i64, scale = 0.5 : f32}
      : (tensor<17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<2x17x16xf32>, tensor<2x4x17x17xf32>)
  return
}

// -----

func.func @score_policy(%probs: tensor<2x4x17x17xf32>, %prev: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.score' op policy "tome" must be "cp-vit" or "evit"}}
  %s = sparse_vit.score %probs {policy = "tome"} : (tensor<2x4x17x17xf32>) -> tensor<2x17xf32>
  return
}

// -----

func.func @score_probs_not_square(%p: tensor<2x4x9x17xf32>) {
  // expected-error @+1 {{'sparse_vit.score' op probs has shape 2x4x9x17, expected B x H x T x T (as many queries as keys)}}
  %s = sparse_vit.score %p {policy = "cp-vit"} : (tensor<2x4x9x17xf32>) -> tensor<2x17xf32>
  return
}

// -----

func.func @score_evit_prev(%probs: tensor<2x4x17x17xf32>, %prev: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.score' op policy "evit" takes no prev score (the EViT score is not cumulative)}}
  %s = sparse_vit.score %probs, %prev {policy = "evit"} : (tensor<2x4x17x17xf32>, tensor<2x17xf32>) -> tensor<2x17xf32>
  return
}

// -----

func.func @score_prev_shape(%probs: tensor<2x4x17x17xf32>, %p: tensor<2x9xf32>) {
  // expected-error @+1 {{'sparse_vit.score' op prev has shape 2x9, expected 2x17 (B x T of probs)}}
  %s = sparse_vit.score %probs, %p {policy = "cp-vit"} : (tensor<2x4x17x17xf32>, tensor<2x9xf32>) -> tensor<2x17xf32>
  return
}

// -----

func.func @score_result_shape(%probs: tensor<2x4x17x17xf32>, %prev: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.score' op result has shape 1x17, expected 2x17 (B x T of probs)}}
  %s = sparse_vit.score %probs {policy = "evit"} : (tensor<2x4x17x17xf32>) -> tensor<1x17xf32>
  return
}

// -----

func.func @score_probs_rank(%p: tensor<2x17x17xf32>) {
  // expected-error @+1 {{'sparse_vit.score' op operand #0 must be statically shaped 4-D tensor of 32-bit float values}}
  %s = sparse_vit.score %p {policy = "evit"} : (tensor<2x17x17xf32>) -> tensor<2x17xf32>
  return
}

// -----

func.func @select_keep_zero(%x: tensor<2x17x16xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.select_tokens' op keep 0 must be at least 1}}
  %y, %i = sparse_vit.select_tokens %x, %s {keep = 0 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x1x16xf32>, tensor<2x1xi64>)
  return
}

// -----

func.func @select_keep_negative(%x: tensor<2x17x16xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.select_tokens' op keep -2 must be at least 1}}
  %y, %i = sparse_vit.select_tokens %x, %s {keep = -2 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x1x16xf32>, tensor<2x1xi64>)
  return
}

// -----

func.func @select_keep_too_large(%x: tensor<2x17x16xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.select_tokens' op keep 17 must be at most T - 1 = 16}}
  %y, %i = sparse_vit.select_tokens %x, %s {keep = 17 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x18x16xf32>, tensor<2x18xi64>)
  return
}

// -----

func.func @select_score_shape(%x: tensor<2x17x16xf32>, %s: tensor<2x16xf32>) {
  // expected-error @+1 {{'sparse_vit.select_tokens' op score has shape 2x16, expected 2x17 (B x T of x)}}
  %y, %i = sparse_vit.select_tokens %x, %s {keep = 8 : i64} : (tensor<2x17x16xf32>, tensor<2x16xf32>) -> (tensor<2x9x16xf32>, tensor<2x9xi64>)
  return
}

// -----

func.func @select_y_shape(%x: tensor<2x17x16xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.select_tokens' op result y has shape 2x8x16, expected 2x9x16 (B x (keep + 1) x D)}}
  %y, %i = sparse_vit.select_tokens %x, %s {keep = 8 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x8x16xf32>, tensor<2x9xi64>)
  return
}

// -----

func.func @select_indices_shape(%x: tensor<2x17x16xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.select_tokens' op result indices has shape 2x8, expected 2x9 (B x (keep + 1))}}
  %y, %i = sparse_vit.select_tokens %x, %s {keep = 8 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x9x16xf32>, tensor<2x8xi64>)
  return
}

// -----

func.func @select_indices_type(%x: tensor<2x17x16xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.select_tokens' op result #1 must be statically shaped 2-D tensor of 64-bit signless integer values}}
  %y, %i = sparse_vit.select_tokens %x, %s {keep = 8 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x9x16xf32>, tensor<2x9xi32>)
  return
}

// -----

func.func @gather_rank(%t: tensor<17xf32>, %i: tensor<2x9xi64>) {
  // expected-error @+1 {{'sparse_vit.gather_tokens' op t must have rank >= 2 (B x T x ...), got rank 1}}
  %r = sparse_vit.gather_tokens %t, %i : (tensor<17xf32>, tensor<2x9xi64>) -> tensor<9xf32>
  return
}

// -----

func.func @gather_index_type(%t: tensor<2x17xf32>, %i: tensor<2x9xi32>) {
  // expected-error @+1 {{'sparse_vit.gather_tokens' op indices must have element type i64, got 'i32'}}
  %r = sparse_vit.gather_tokens %t, %i : (tensor<2x17xf32>, tensor<2x9xi32>) -> tensor<2x9xf32>
  return
}

// -----

func.func @gather_batch(%t: tensor<2x17xf32>, %i: tensor<3x9xi64>) {
  // expected-error @+1 {{'sparse_vit.gather_tokens' op indices batch 3 differs from t batch 2}}
  %r = sparse_vit.gather_tokens %t, %i : (tensor<2x17xf32>, tensor<3x9xi64>) -> tensor<2x9xf32>
  return
}

// -----

func.func @gather_element_type(%t: tensor<2x17xf32>, %i: tensor<2x9xi64>) {
  // expected-error @+1 {{'sparse_vit.gather_tokens' op result element type 'i64' differs from t element type 'f32'}}
  %r = sparse_vit.gather_tokens %t, %i : (tensor<2x17xf32>, tensor<2x9xi64>) -> tensor<2x9xi64>
  return
}

// -----

func.func @gather_result_shape(%t: tensor<2x17x4xf32>, %i: tensor<2x9xi64>) {
  // expected-error @+1 {{'sparse_vit.gather_tokens' op result has shape 2x9x8, expected 2x9x4 (t with dim 1 = K of indices)}}
  %r = sparse_vit.gather_tokens %t, %i : (tensor<2x17x4xf32>, tensor<2x9xi64>) -> tensor<2x9x8xf32>
  return
}

// -----

func.func @fuse_keep_zero(%x: tensor<2x17x16xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.fuse_inattentive' op keep 0 must be at least 1}}
  %y = sparse_vit.fuse_inattentive %x, %s {keep = 0 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> tensor<2x2x16xf32>
  return
}

// -----

func.func @fuse_keep_too_large(%x: tensor<2x17x16xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.fuse_inattentive' op keep 16 must be at most T - 2 = 15}}
  %y = sparse_vit.fuse_inattentive %x, %s {keep = 16 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> tensor<2x18x16xf32>
  return
}

// -----

func.func @fuse_score_shape(%x: tensor<2x17x16xf32>, %s: tensor<1x17xf32>) {
  // expected-error @+1 {{'sparse_vit.fuse_inattentive' op score has shape 1x17, expected 2x17 (B x T of x)}}
  %y = sparse_vit.fuse_inattentive %x, %s {keep = 7 : i64} : (tensor<2x17x16xf32>, tensor<1x17xf32>) -> tensor<2x9x16xf32>
  return
}

// -----

func.func @fuse_result_shape(%x: tensor<2x17x16xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.fuse_inattentive' op result has shape 2x8x16, expected 2x9x16 (B x (keep + 2) x D: CLS, keep tokens, the fused token)}}
  %y = sparse_vit.fuse_inattentive %x, %s {keep = 7 : i64} : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> tensor<2x8x16xf32>
  return
}

// -----

func.func @merge_too_few_tokens(%x: tensor<2x2x16xf32>, %k: tensor<2x2x4xf32>, %s: tensor<2x2xf32>) {
  // expected-error @+1 {{'sparse_vit.merge_tokens' op needs T >= 3 tokens (CLS and at least one A and one B token), got T = 2}}
  %y, %so = sparse_vit.merge_tokens %x, %k, %s {r = 1 : i64} : (tensor<2x2x16xf32>, tensor<2x2x4xf32>, tensor<2x2xf32>) -> (tensor<2x1x16xf32>, tensor<2x1xf32>)
  return
}

// -----

func.func @merge_r_zero(%x: tensor<2x17x16xf32>, %k: tensor<2x17x4xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.merge_tokens' op r 0 must be at least 1}}
  %y, %so = sparse_vit.merge_tokens %x, %k, %s {r = 0 : i64} : (tensor<2x17x16xf32>, tensor<2x17x4xf32>, tensor<2x17xf32>) -> (tensor<2x17x16xf32>, tensor<2x17xf32>)
  return
}

// -----

func.func @merge_r_too_large(%x: tensor<2x17x16xf32>, %k: tensor<2x17x4xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.merge_tokens' op r 9 must be at most the number of A tokens ceil((T - 1) / 2) = 8}}
  %y, %so = sparse_vit.merge_tokens %x, %k, %s {r = 9 : i64} : (tensor<2x17x16xf32>, tensor<2x17x4xf32>, tensor<2x17xf32>) -> (tensor<2x8x16xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @merge_keys_shape(%x: tensor<2x17x16xf32>, %k: tensor<2x16x4xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.merge_tokens' op keys has shape 2x16x4, expected 2x17x4 (B x T x dk, B x T of x)}}
  %y, %so = sparse_vit.merge_tokens %x, %k, %s {r = 4 : i64} : (tensor<2x17x16xf32>, tensor<2x16x4xf32>, tensor<2x17xf32>) -> (tensor<2x13x16xf32>, tensor<2x13xf32>)
  return
}

// -----

func.func @merge_sizes_shape(%x: tensor<2x17x16xf32>, %k: tensor<2x17x4xf32>, %s: tensor<2x16xf32>) {
  // expected-error @+1 {{'sparse_vit.merge_tokens' op sizes has shape 2x16, expected 2x17 (B x T of x)}}
  %y, %so = sparse_vit.merge_tokens %x, %k, %s {r = 4 : i64} : (tensor<2x17x16xf32>, tensor<2x17x4xf32>, tensor<2x16xf32>) -> (tensor<2x13x16xf32>, tensor<2x13xf32>)
  return
}

// -----

func.func @merge_y_shape(%x: tensor<2x17x16xf32>, %k: tensor<2x17x4xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.merge_tokens' op result y has shape 2x14x16, expected 2x13x16 (B x (T - r) x D)}}
  %y, %so = sparse_vit.merge_tokens %x, %k, %s {r = 4 : i64} : (tensor<2x17x16xf32>, tensor<2x17x4xf32>, tensor<2x17xf32>) -> (tensor<2x14x16xf32>, tensor<2x13xf32>)
  return
}

// -----

func.func @merge_sizes_out_shape(%x: tensor<2x17x16xf32>, %k: tensor<2x17x4xf32>, %s: tensor<2x17xf32>) {
  // expected-error @+1 {{'sparse_vit.merge_tokens' op result sizes_out has shape 2x14, expected 2x13 (B x (T - r))}}
  %y, %so = sparse_vit.merge_tokens %x, %k, %s {r = 4 : i64} : (tensor<2x17x16xf32>, tensor<2x17x4xf32>, tensor<2x17xf32>) -> (tensor<2x13x16xf32>, tensor<2x14xf32>)
  return
}
