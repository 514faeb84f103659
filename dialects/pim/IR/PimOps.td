//===- PimOps.td - the pim dialect: DIMM-PIM decode attention --------------===//
//
// The pim dialect models the DIMM-PIM target (docs/targets/dimm-pim.md):
// decode-phase attention over a KV cache resident in DRAM DIMMs, computed by
// bank and rank processing units. This file holds the tensor-level ops the
// offload produces; the mapping/layout/chunking ops of the lowering follow.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIM_OPS_TD
#define KILN_PIM_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Pim_Dialect : Dialect {
  let name = "pim";
  let cppNamespace = "::kiln::pim";
  let summary = "DIMM processing-in-memory for decode attention (L3)";
  let description = [{
    The `pim` dialect carries decode-phase attention from the offload
    (`convert-onnx-to-pim`) to the DIMM-PIM command streams
    (`docs/targets/dimm-pim.md`, `docs/isa/dimm-pim.md`).

    Conventions: `B` sequences, `H` query heads, `G` query heads per
    key/value head (`G = 1`: multi-head attention; `G > 1`: grouped-query
    attention), `Hkv = H / G` key/value heads, `C` the cache capacity in
    tokens, `d` the head dimension. Caches are `[B, Hkv, C, d]`; only the
    first `lengths[b]` positions of sequence `b` are valid. The device keeps
    cache data as fp16 (f32 operands are converted when written) and
    computes with fp16 products accumulated in fp32
    (`kiln/rt/PimArithmetic.h`).
  }];
}

// A statically shaped tensor of the given rank and element types.
class Pim_Tensor<list<Type> elems, int rank>
    : RankedTensorOf<elems, [HasStaticShapePred, HasAnyRankOfPred<[rank]>],
                     "statically shaped " # rank # "-D tensor">;
def Pim_FloatTensor4D : Pim_Tensor<[F32, F16], 4>;
def Pim_I64Tensor1D : Pim_Tensor<[I64], 1>;

def Pim_IntAttr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                               "64-bit integer"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

class Pim_Op<string mnemonic, list<Trait> traits = []>
    : Op<Pim_Dialect, mnemonic, traits>;

def Pim_DecodeAttentionOp : Pim_Op<"decode_attention", [Pure]> {
  let summary = "one decode step of multi-head or grouped-query attention";
  let description = [{
    `out[b, h, 0, :] = softmax(scale * q[b, h, 0, :] . K[b, h / G, t, :]) V[b, h / G, t, :]`
    over the valid positions `t < lengths[b]` of each sequence, computed in
    chunks of `chunk` tokens whose partial maximum, sum and output are
    merged exactly (online softmax).

    `layout` says how the cache sits in DRAM: `hybrid` (L3's re-layout:
    each fp16 element inside one chip, key/value heads spread over the chips
    of a rank, so bank units compute on their own data) or `naive` (the
    standard byte interleave, which bank units cannot use: the rank unit
    computes). The optional machine facts let the verifier refuse what the
    configured hardware cannot run: `chip_burst_elems` (fp16 elements of one
    chip's burst: the head dimension must be a multiple of it under the
    hybrid layout) and `capacity_bytes` (the DIMMs' capacity: both caches in
    fp16 must fit).

    ```mlir
    %o = pim.decode_attention %q, %k, %v, %len {scale = 0.17677669 : f32,
        group = 1 : i64, chunk = 64 : i64, layout = "hybrid"}
        : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>,
           tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
    ```
  }];
  let arguments = (ins Pim_FloatTensor4D:$q, Pim_FloatTensor4D:$keys,
                   Pim_FloatTensor4D:$values, Pim_I64Tensor1D:$lengths,
                   F32Attr:$scale, Pim_IntAttr:$group, Pim_IntAttr:$chunk,
                   StrAttr:$layout,
                   OptionalAttr<Pim_IntAttr>:$chip_burst_elems,
                   OptionalAttr<Pim_IntAttr>:$capacity_bytes);
  let results = (outs Pim_FloatTensor4D:$out);
  let assemblyFormat = [{
    $q `,` $keys `,` $values `,` $lengths attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Pim_KvAppendOp : Pim_Op<"kv_append", [Pure,
    AllTypesMatch<["cache", "result"]>]> {
  let summary = "write one new key or value per sequence into a cache";
  let description = [{
    `result = cache` except `result[b, :, positions[b], :] = new[b, :, 0, :]`:
    the new token's key (or value) of every sequence is written at that
    sequence's position (its current length). On `dimm-pim` only `new`
    travels to the DIMMs; the cache stays resident.

    ```mlir
    %k2 = pim.kv_append %k, %new, %pos
        : (tensor<1x4x128x32xf32>, tensor<1x4x1x32xf32>, tensor<1xi64>) -> tensor<1x4x128x32xf32>
    ```
  }];
  let arguments = (ins Pim_FloatTensor4D:$cache, Pim_FloatTensor4D:$new_entry,
                   Pim_I64Tensor1D:$positions);
  let results = (outs Pim_FloatTensor4D:$result);
  let assemblyFormat = [{
    $cache `,` $new_entry `,` $positions attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Pim_KernelOp : Pim_Op<"kernel", [Pure]> {
  let summary = "decode attention placed on the DIMMs: mapping, layout and chunking explicit";
  let description = [{
    What `lower-pim-attention` makes of a `pim.decode_attention` for a given
    memory: the same computation with every placement decision spelled out
    (the one definition is `Geometry` in `kiln/rt/PimKernel.h`; the emitter
    checks that the machine it emits for gives the same numbers).

    *Mapping.* Pairs `p = sequence * Hkv + kv head` are grouped `lanes` to a
    group (hybrid: one per chip of a rank; naive: one, on the rank PU); each
    group's chunks go round-robin over `spread` of the memory's `ranks`
    ranks; on a rank, chunk `j / spread` goes to slot `(j / spread) mod
    banks` of round `j / (spread * banks)` (hybrid: a bank; naive: a bank
    group). Groups beyond the ranks stack in `layers` of rows.

    *Layout.* `layout` (hybrid or naive), `elems_per_burst` fp16 elements per
    lane burst, `tokens_per_row` head vectors per lane row, `rows_per_chunk`
    rows per chunk (keys, then as many for values), `rows_used` rows of
    every bank.

    *Chunking.* `chunks` chunks of `chunk` tokens: each gives a partial
    maximum, sum and un-normalised output (online softmax), merged exactly
    in chunk order on each rank, then the ranks' partials in rank order on
    the host (`kiln/rt/PimArithmetic.h`).

    ```mlir
    %o = pim.kernel %q, %k, %v, %len {scale = 0.17677669 : f32, group = 1 : i64,
        chunk = 64 : i64, layout = "hybrid", ranks = 64 : i64, spread = 2 : i64,
        lanes = 8 : i64, groups = 1 : i64, banks = 16 : i64, rounds = 1 : i64,
        layers = 1 : i64, chunks = 2 : i64, elems_per_burst = 4 : i64,
        tokens_per_row = 16 : i64, rows_per_chunk = 4 : i64, rows_used = 8 : i64}
        : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>,
           tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
    ```
  }];
  let arguments = (ins Pim_FloatTensor4D:$q, Pim_FloatTensor4D:$keys,
                   Pim_FloatTensor4D:$values, Pim_I64Tensor1D:$lengths,
                   F32Attr:$scale, Pim_IntAttr:$group, Pim_IntAttr:$chunk,
                   StrAttr:$layout, Pim_IntAttr:$ranks, Pim_IntAttr:$spread,
                   Pim_IntAttr:$lanes, Pim_IntAttr:$groups, Pim_IntAttr:$banks,
                   Pim_IntAttr:$rounds, Pim_IntAttr:$layers,
                   Pim_IntAttr:$chunks, Pim_IntAttr:$elems_per_burst,
                   Pim_IntAttr:$tokens_per_row, Pim_IntAttr:$rows_per_chunk,
                   Pim_IntAttr:$rows_used);
  let results = (outs Pim_FloatTensor4D:$out);
  let assemblyFormat = [{
    $q `,` $keys `,` $values `,` $lengths attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // KILN_PIM_OPS_TD
