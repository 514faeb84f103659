//===- SparseVitOps.td - sparse_vit dialect operations ---------------------===//
//
// Multi-head attention with explicit heads, token scores and the token
// reductions of CP-ViT, EViT and ToMe (docs/transforms/cp-vit.md). Every op
// is pure and has a verifier (SparseVitVerifiers.cpp) that checks every
// shape relation and attribute range, naming the value and the limit.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SPARSE_VIT_OPS_TD
#define KILN_SPARSE_VIT_OPS_TD

include "dialects/sparse_vit/IR/SparseVitBase.td"

class SparseVit_Op<string mnemonic, list<Trait> traits = []>
    : Op<SparseVit_Dialect, mnemonic, traits> {
  let hasVerifier = 1;
}

def SparseVit_AttentionOp : SparseVit_Op<"attention", [Pure]> {
  let summary = "multi-head self-attention with explicit heads";
  let description = [{
    Multi-head self-attention of the normalized input `x[B, T, D]` with `H =
    num_heads` heads of dimension `d = D / H`, weights in the `y = x W + b`
    convention:

    * `Q = x Wq + bq`, `K = x Wk + bk`, `V = x Wv + bv` (`[B, T, D]`); head
      `h` is columns `h*d .. h*d + d - 1` of each;
    * for every head `h`:
      `probs[b, h, i, j] = softmax_j(scale * Q_h[b, i] . K_h[b, j] + key_bias[b, j])`;
    * `out = concat_h(probs_h V_h) Wo[rows of the kept heads] + bo` over the
      kept heads, where the rows of head `h` in `Wo[D, D]` are
      `h*d .. h*d + d - 1`.

    `heads` (optional) lists the kept head ids, strictly increasing, in
    `[0, H)`, non-empty (default all `H`). The probabilities of every head
    are computed and returned, because token scores and head importance are
    read from them; a dropped head saves its V columns, its `probs x V` and
    its `Wo` rows (the same as zeroing its slice of the concatenation), and
    `bo` is added in full. `key_bias[B, T]` (optional) is added to the scaled logits
    of every key, for every query and head (ToMe proportional attention:
    `log(size)`); absent means zero.

    Operands: `x` tensor<B x T x D x f32>; `wq`, `wk`, `wv`, `wo`
    tensor<D x D x f32>; `bq`, `bk`, `bv`, `bo` tensor<D x f32>; `key_bias`
    tensor<B x T x f32>. Results: `out` tensor<B x T x D x f32> (the
    attention output before the residual), `probs` tensor<B x H x T x T x f32>.
    Constraints: `num_heads >= 1` divides `D`, `scale > 0`.

    ```mlir
    %out, %probs = sparse_vit.attention %x, %wq, %bq, %wk, %bk, %wv, %bv, %wo, %bo
        {heads = array<i64: 0, 2>, num_heads = 4 : i64, scale = 0.5 : f32}
        : (tensor<2x17x16xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>,
           tensor<16x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<16xf32>)
        -> (tensor<2x17x16xf32>, tensor<2x2x17x17xf32>)
    ```
  }];
  let arguments = (ins SparseVit_F32Tensor3D:$x,
                       SparseVit_F32Tensor2D:$wq, SparseVit_F32Tensor1D:$bq,
                       SparseVit_F32Tensor2D:$wk, SparseVit_F32Tensor1D:$bk,
                       SparseVit_F32Tensor2D:$wv, SparseVit_F32Tensor1D:$bv,
                       SparseVit_F32Tensor2D:$wo, SparseVit_F32Tensor1D:$bo,
                       Optional<SparseVit_F32Tensor2D>:$key_bias,
                       SparseVit_IntAttr:$num_heads, F32Attr:$scale,
                       OptionalAttr<DenseI64ArrayAttr>:$heads);
  let results = (outs SparseVit_F32Tensor3D:$out, SparseVit_F32Tensor4D:$probs);
  let assemblyFormat = [{
    $x `,` $wq `,` $bq `,` $wk `,` $bk `,` $wv `,` $bv `,` $wo `,` $bo
    (`key_bias` $key_bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    // Infers both result types; `heads` empty = all heads, `keyBias` null =
    // no key bias.
    OpBuilder<(ins "::mlir::Value":$x, "::mlir::Value":$wq, "::mlir::Value":$bq,
                   "::mlir::Value":$wk, "::mlir::Value":$bk,
                   "::mlir::Value":$wv, "::mlir::Value":$bv,
                   "::mlir::Value":$wo, "::mlir::Value":$bo,
                   "int64_t":$numHeads, "float":$scale,
                   CArg<"::llvm::ArrayRef<int64_t>", "{}">:$heads,
                   CArg<"::mlir::Value", "{}">:$keyBias)>
  ];
  let extraClassDeclaration = [{
    /// The kept head ids: `heads` or 0 .. num_heads - 1.
    ::llvm::SmallVector<int64_t> getKeptHeads();
    /// The head dimension d = D / num_heads.
    int64_t getHeadDim();
  }];
}

def SparseVit_ScoreOp : SparseVit_Op<"score", [Pure]> {
  let summary = "per-token score from attention probabilities";
  let description = [{
    The score of every token `j` from the attention probabilities
    `probs[B, H, T, T]` (query `i`, key `j`) of one block:

    * `policy = "cp-vit"` (CP-ViT cumulative patch score):
      `score[b, j] = prev[b, j] + sum_h max_i probs[b, h, i, j]`; `prev`
      (the score accumulated over the earlier blocks, carried through token
      reductions with `sparse_vit.gather_tokens`) is optional, absent = zeros.
    * `policy = "evit"` (EViT CLS attention):
      `score[b, j] = mean_h probs[b, h, 0, j]`; `prev` must be absent.

    The CLS column `j = 0` is scored as well; the token reductions never
    drop CLS, whatever its score.

    Operands: `probs` tensor<B x H x T x T x f32>, `prev` tensor<B x T x f32>.
    Result: tensor<B x T x f32>.

    ```mlir
    %s = sparse_vit.score %probs, %prev {policy = "cp-vit"}
        : (tensor<2x4x17x17xf32>, tensor<2x17xf32>) -> tensor<2x17xf32>
    %a = sparse_vit.score %probs {policy = "evit"} : (tensor<2x4x17x17xf32>) -> tensor<2x17xf32>
    ```
  }];
  let arguments = (ins SparseVit_F32Tensor4D:$probs,
                       Optional<SparseVit_F32Tensor2D>:$prev, StrAttr:$policy);
  let results = (outs SparseVit_F32Tensor2D:$score);
  let assemblyFormat = [{
    $probs (`,` $prev^)? attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    // Infers the result type tensor<BxTxf32>; `prev` may be null.
    OpBuilder<(ins "::mlir::Value":$probs, "::mlir::Value":$prev,
                   "::llvm::StringRef":$policy)>
  ];
}

def SparseVit_SelectTokensOp : SparseVit_Op<"select_tokens", [Pure]> {
  let summary = "keep CLS and the top-k tokens by score (CP-ViT)";
  let description = [{
    Keeps CLS (index 0) and the `keep = k` non-CLS tokens (indices `1 .. T-1`)
    with the highest `score`, and gathers them from `x` in their original
    order. The selection is a stable descending sort of `score[b, 1:]`: on
    ties the lower index wins. `indices[b]` are the kept token positions in
    `x`, ascending, `indices[b, 0] = 0`; `y[b, n] = x[b, indices[b, n]]`.

    Operands: `x` tensor<B x T x D x f32>, `score` tensor<B x T x f32>.
    Results: `y` tensor<B x (k+1) x D x f32>, `indices`
    tensor<B x (k+1) x i64> (for `sparse_vit.gather_tokens` of the other
    per-token tensors, such as the cumulative score). Constraint:
    `1 <= k <= T - 1`.

    ```mlir
    %y, %idx = sparse_vit.select_tokens %x, %s {keep = 8 : i64}
        : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> (tensor<2x9x16xf32>, tensor<2x9xi64>)
    ```
  }];
  let arguments = (ins SparseVit_F32Tensor3D:$x, SparseVit_F32Tensor2D:$score,
                       SparseVit_IntAttr:$keep);
  let results = (outs SparseVit_F32Tensor3D:$y, SparseVit_I64Tensor2D:$indices);
  let assemblyFormat = [{
    $x `,` $score attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    // Infers both result types.
    OpBuilder<(ins "::mlir::Value":$x, "::mlir::Value":$score, "int64_t":$keep)>
  ];
}

def SparseVit_GatherTokensOp : SparseVit_Op<"gather_tokens", [Pure]> {
  let summary = "gather a per-token tensor along the token dimension";
  let description = [{
    `result[b, n, ...] = t[b, indices[b, n], ...]`: dimension 1 of the
    per-token tensor `t[B, T, ...]` gathered by `indices[B, K]` (as produced
    by `sparse_vit.select_tokens`). It carries the other per-token tensors
    along a token reduction: the CP-ViT cumulative score `[B, T]`, token ids
    `[B, T]` (i64), or any `[B, T, ...]` tensor. Every index must be in
    `[0, T)`.

    Operands: `t` tensor<B x T x ... x E> of rank >= 2 with `E` f32 or i64,
    `indices` tensor<B x K x i64>. Result: tensor<B x K x ... x E>.

    ```mlir
    %s2 = sparse_vit.gather_tokens %s, %idx : (tensor<2x17xf32>, tensor<2x9xi64>) -> tensor<2x9xf32>
    ```
  }];
  let arguments = (ins SparseVit_TokenTensor:$t,
                       SparseVit_IndexTensor:$indices);
  let results = (outs SparseVit_TokenTensor:$result);
  let assemblyFormat = [{
    $t `,` $indices attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    // Infers the result type.
    OpBuilder<(ins "::mlir::Value":$t, "::mlir::Value":$indices)>
  ];
}

def SparseVit_FuseInattentiveOp : SparseVit_Op<"fuse_inattentive", [Pure]> {
  let summary = "keep CLS and the top-k tokens, fuse the rest into one (EViT)";
  let description = [{
    EViT inattentive token fusion. Keeps CLS (index 0) and the `keep = k`
    non-CLS tokens with the highest `score` (stable descending sort of
    `score[b, 1:]`, ties to the lower index), in their original order, and
    appends one fused token: the score-weighted average of the dropped
    non-CLS tokens `Dr`,
    `fused[b] = sum_{j in Dr} score[b, j] x[b, j] / sum_{j in Dr} score[b, j]`.

    `y[b] = (x[b, 0], kept tokens ascending, fused[b])`. `score` is usually
    `sparse_vit.score {policy = "evit"}` (CLS attention, positive).

    Operands: `x` tensor<B x T x D x f32>, `score` tensor<B x T x f32>.
    Result: `y` tensor<B x (k+2) x D x f32>. Constraint: `1 <= k <= T - 2`
    (at least one token is fused).

    ```mlir
    %y = sparse_vit.fuse_inattentive %x, %a {keep = 7 : i64}
        : (tensor<2x17x16xf32>, tensor<2x17xf32>) -> tensor<2x9x16xf32>
    ```
  }];
  let arguments = (ins SparseVit_F32Tensor3D:$x, SparseVit_F32Tensor2D:$score,
                       SparseVit_IntAttr:$keep);
  let results = (outs SparseVit_F32Tensor3D:$y);
  let assemblyFormat = [{
    $x `,` $score attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    // Infers the result type.
    OpBuilder<(ins "::mlir::Value":$x, "::mlir::Value":$score, "int64_t":$keep)>
  ];
}

def SparseVit_MergeTokensOp : SparseVit_Op<"merge_tokens", [Pure]> {
  let summary = "ToMe bipartite soft matching: merge r token pairs";
  let description = [{
    Token Merging (ToMe) by bipartite soft matching. CLS (index 0) is never
    merged. The non-CLS tokens `1 .. T-1`, in order, alternate into set `A`
    (ranks 0, 2, 4, ...: positions 1, 3, 5, ...) and set `B` (ranks 1, 3,
    5, ...: positions 2, 4, 6, ...); `|A| = ceil((T-1) / 2)`.

    * metric: `keys[b, j]` L2-normalized; similarity of `a in A`, `c in B` is
      their cosine;
    * every `a` matches its most similar `c` (ties to the lowest B rank);
    * the `r` A tokens with the highest match similarity (stable descending
      sort, ties to the lower A rank) merge into their matches: for a B token
      `c` with sources `S`,
      `x[c] <- (sizes[c] x[c] + sum_{s in S} sizes[s] x[s]) / (sizes[c] + sum_{s in S} sizes[s])`
      and `sizes[c] <- sizes[c] + sum_{s in S} sizes[s]`; B tokens without a
      source are unchanged;
    * the merged A tokens are removed; the other tokens keep their relative
      order.

    `keys` is usually the attention keys averaged over heads. `sizes` (tokens
    represented, 1 initially) feeds proportional attention (`key_bias =
    log(sizes)` on `sparse_vit.attention`).

    Operands: `x` tensor<B x T x D x f32>, `keys` tensor<B x T x dk x f32>,
    `sizes` tensor<B x T x f32>. Results: `y` tensor<B x (T-r) x D x f32>,
    `sizes_out` tensor<B x (T-r) x f32>. Constraints: `T >= 3` (`B` is not
    empty), `1 <= r <= |A|`.

    ```mlir
    %y, %sz = sparse_vit.merge_tokens %x, %k, %sizes {r = 4 : i64}
        : (tensor<2x17x16xf32>, tensor<2x17x4xf32>, tensor<2x17xf32>)
        -> (tensor<2x13x16xf32>, tensor<2x13xf32>)
    ```
  }];
  let arguments = (ins SparseVit_F32Tensor3D:$x, SparseVit_F32Tensor3D:$keys,
                       SparseVit_F32Tensor2D:$sizes, SparseVit_IntAttr:$r);
  let results = (outs SparseVit_F32Tensor3D:$y,
                      SparseVit_F32Tensor2D:$sizes_out);
  let assemblyFormat = [{
    $x `,` $keys `,` $sizes attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    // Infers both result types.
    OpBuilder<(ins "::mlir::Value":$x, "::mlir::Value":$keys,
                   "::mlir::Value":$sizes, "int64_t":$r)>
  ];
}

#endif // KILN_SPARSE_VIT_OPS_TD
